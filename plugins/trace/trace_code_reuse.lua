-- trace_code_reuse 追溯码重复结算 (spec/RULES.md A; 负面清单 一(14)(18), 二(11)(12)(13))
-- Every trace code of a fee or sale line with cnt > 0 that was settled
-- before (any person, any institution) within the memory period is a
-- reuse; the first settlement is recorded and not refreshed by a reuse.
-- A line with cnt < 0 (refund or return) releases its codes.
--
-- Reading of the spec:
-- - codes are checked in line order, each recorded when it is new: a code
--   listed twice on one line is a reuse on that line (one box, two units);
--   a code is listed once in the alert however often the line repeats it;
-- - exactly `memory` after the first settlement is still a reuse; later, the
--   line is a new first settlement;
-- - cnt 0 neither alerts nor records; a refund releases its codes whoever
--   settled them and never alerts;
-- - every string is a code (20 digits or not), compared exactly; the check
--   needs neither the person nor the institution record.
local codes

return {
  id = "trace_code_reuse",
  title = "追溯码重复结算",
  basis = "使用医疗保障基金行为负面清单（2025年）一(14)(18)、二(11)(12)(13)；"
       .. "乌政办发〔2025〕13号 四(一)1“实现医保药品首次支付自动记录、再次支付自动识别”",
  severity = "high",
  on = {"fee", "sale"},
  requires = {"drug_trac_codg"},
  params = {
    memory = {"duration", "1095d", doc = "how long a settled code is remembered"},
  },
  setup = function(p)
    codes = fg.tracecodes("trace_codes", p.memory)
  end,
  check = function(e, p)
    local cnt = e.cnt
    if cnt < 0 then
      codes:release_line()
      return nil
    end
    if cnt == 0 then return nil end
    -- records the line's new codes; returns the reused ones (each once)
    local found = codes:settle(p.memory)
    if not found then return nil end
    local reused, first = {}, {}
    for i, f in ipairs(found) do
      reused[i] = f.code
      first[i] = {code = f.code, time = fg.fmt_time(f.time), fixmedins_code = f.fixmedins_code}
    end
    local amount = fg.line_total(e)
    local f = first[1]
    return {
      message = string.format("%s于%s结算的%s明细（参保人%s，金额%s元）使用了已结算过的追溯码%s"
                              .. "（%s已于%s在%s首次结算）",
                              e.fixmedins_code, e._time, e.med_list_codg, e.psn_no,
                              amount and fg.yuan(amount) or "未知", table.concat(reused, "、"),
                              #reused > 1 and ("其中" .. f.code) or "该码", f.time,
                              f.fixmedins_code or "未知机构"),
      amount = amount,
      evidence = {codes = reused, first_settlement = first},
    }
  end,
}
