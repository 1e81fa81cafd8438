-- identity_conflict 冒名就医（异地同时就医） (spec/RULES.md E)
-- A registration or sale whose institution is in a different city (first 4
-- digits of admdvs) from the person's previous registration or sale less
-- than [60] minutes earlier.
--
-- Reading of the spec:
-- - "previous" is the person's most recent registration or sale, and only
--   that one: an earlier visit behind it is not looked at;
-- - "less than 60 minutes earlier" is 0 <= t - t_prev < window, strict; an
--   event timed before the previous one (late arrival) is not compared and
--   does not replace it;
-- - the cities are those of the two institutions' current records; an
--   unknown institution or an admdvs shorter than 4 characters is an unknown
--   city and never conflicts (the previous visit still stays the previous);
-- - returns (sale cnt < 0) are visits of the person like any sale line, so
--   they become the previous visit, but they never alert;
-- - psn_no identifies the person: no person record is needed.
local last = fg.kv("identity_conflict.last")   -- psn_no -> a = time, s = institution, event id
local SEP = "\31"

local function city_of(code)
  local inst = fg.institution(code)
  return inst and fg.city(inst.admdvs)
end

local WHAT = {registration = "挂号就诊", sale = "刷卡购药"}

return {
  id = "identity_conflict",
  title = "冒名就医（异地同时就医）",
  basis = "使用医疗保障基金行为负面清单（2025年）三(2)“将本人的医保凭证交由他人冒名使用”、"
       .. "二(5)“不核验参保人医保凭证”；渝府办发〔2019〕70号 二(一)“对参保人，重点查处……冒名就医”",
  severity = "high",
  on = {"registration", "sale"},
  params = {
    window = {"duration", "60m", doc = "strictly less than this apart"},
  },
  check = function(e, p)
    local key, now, here = e.psn_no, e._t, e.fixmedins_code
    local t0, _, s = last:get(key)
    if not t0 or now >= t0 then
      last:put(key, now + p.window + 86400, now, 0, here .. SEP .. e._id)
    end
    if not t0 then return nil end
    local gap = now - t0
    if gap < 0 or gap >= p.window then return nil end
    local cnt = e.cnt
    if cnt and cnt < 0 then return nil end
    local there, prev_id = fg.cut(s, "\31")
    if there == here then return nil end
    local c1 = city_of(there)
    if not c1 then return nil end
    local c2 = city_of(here)
    if not c2 or c1 == c2 then return nil end
    return {
      message = string.format("参保人%s于%s在%s（地市%s）挂号或购药，仅隔%d分%d秒又于%s在%s（地市%s）%s，"
                              .. "短时间内异地就医购药",
                              e.psn_no, fg.fmt_time(t0), there, c1, gap // 60, gap % 60, e._time,
                              here, c2, WHAT[e._type] or e._type),
      evidence = {previous_event_id = prev_id, previous_time = fg.fmt_time(t0),
                  previous_fixmedins_code = there, previous_city = c1, city = c2,
                  gap_seconds = gap},
    }
  end,
}
