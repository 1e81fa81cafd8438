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
  params = {
    memory = {"duration", "1095d", doc = "how long a settled code is remembered"},
  },
  setup = function(p)
    codes = fg.tracecodes("trace_codes", p.memory)
  end,
  check = function(e, p)
    local list = e.drug_trac_codg
    if not list or #list == 0 then return nil end
    local cnt = e.cnt
    if cnt < 0 then
      for _, code in ipairs(list) do codes:release(code) end
      return nil
    end
    if cnt == 0 then return nil end
    local reused, first, listed = {}, {}, nil
    for _, code in ipairs(list) do
      local t, inst = codes:first(code)
      if t and e._t - t <= p.memory then
        listed = listed or {}
        if not listed[code] then
          listed[code] = true
          reused[#reused + 1] = code
          first[#first + 1] = {code = code, time = fg.fmt_time(t), fixmedins_code = inst}
        end
      else
        codes:record(code, e._t, e.fixmedins_code)
      end
    end
    if #reused == 0 then return nil end
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
