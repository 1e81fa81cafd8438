-- repeat_supply 重复开药 (spec/RULES.md D; 负面清单 一(11))
-- A drug line (fee or sale, cnt > 0, with prd_days) for a person who still
-- holds more than [7] days of supply of the same generic (the same
-- med_list_codg when no generic is known) from earlier lines at any
-- institution.  Supply held = the latest earlier line's time + prd_days
-- - now, in seconds; "more than" is strict.
--
-- Decisions:
-- - Only lines with cnt > 0 and a prd_days are checked and remembered;
--   refunds neither alert nor cancel the supply of the line they refund.
-- - "Latest earlier line" is the latest by event time among lines already
--   seen (an out-of-order older line does not replace it), and it is the
--   latest one only: a short supply after a long one resets what is held.
-- - The grouping key is drugs.csv generic when the row has one, else the
--   code itself (codes outside drugs.csv included); the two never mix.
-- - No person record is needed: psn_no identifies the person.
local last = fg.kv("repeat_supply.last")   -- (psn, drug) -> a=time, b=end, s=line facts
local SEP = "\31"

return {
  id = "repeat_supply",
  title = "重复开药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(11)“重复开药”",
  severity = "medium",
  on = {"fee", "sale"},
  requires = {"prd_days"},
  params = {
    held = {"duration", "7d", doc = "supply still held that makes a new line a repeat (strictly more)"},
  },
  check = function(e, p)
    local days = e.prd_days
    if not days or e.cnt <= 0 or not fg.is_drug_line(e) then return nil end
    local code = e.med_list_codg
    local drug = e._drug
    local generic = drug and drug.generic or nil
    local key = generic and fg.key(e.psn_no, "g", generic) or fg.key(e.psn_no, "c", code)
    local t, until_t, facts = last:get(key)
    local new_end = e._t + math.floor(days * 86400 + 0.5)
    if not t or e._t >= t then
      -- kept until the supply runs out, plus a day of slack
      last:put(key, math.max(new_end, e._t) + 86400, e._t, new_end,
               e._id .. SEP .. e.fixmedins_code .. SEP .. code .. SEP .. days)
    end
    if not t then return nil end
    local held = until_t - e._t
    if held <= p.held then return nil end
    local f = fg.split(facts, SEP)
    local what = generic and ("通用名" .. generic) or ("药品" .. code)
    return {
      message = string.format("参保人%s于%s在%s再次开具%s（%s），此前%s在%s开具的%s天用量尚余%.1f天",
                              e.psn_no, e._time, e.fixmedins_code, what, code,
                              fg.fmt_time(t), f[2], f[4], held / 86400),
      evidence = {previous_event_id = f[1], previous_time = fg.fmt_time(t),
                  previous_fixmedins_code = f[2], previous_med_list_codg = f[3],
                  previous_prd_days = tonumber(f[4]), held_seconds = held,
                  generic = generic},
    }
  end,
}
