-- trace_code_reuse 追溯码重复结算 (spec/RULES.md A; 负面清单 一(14)(18), 二(11)(12)(13))
-- Every trace code of a fee or sale line with cnt > 0 that was settled
-- before (any person, any institution) within the memory period is a
-- reuse; the first settlement is recorded and not refreshed by a reuse.
-- A line with cnt < 0 (refund or return) releases its codes.
local codes

return {
  id = "trace_code_reuse",
  title = "追溯码重复结算",
  basis = "使用医疗保障基金行为负面清单（2025年）一(14)(18)、二(11)(12)(13)",
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
    local reused, first = {}, {}
    for _, code in ipairs(list) do
      local t, inst = codes:first(code)
      if t and e._t - t <= p.memory then
        reused[#reused + 1] = code
        first[#first + 1] = {code = code, time = fg.fmt_time(t), fixmedins_code = inst}
      else
        codes:record(code, e._t, e.fixmedins_code)
      end
    end
    if #reused == 0 then return nil end
    local amount = fg.line_total(e)
    return {
      message = string.format("%s的%s明细（参保人%s）使用了已结算过的追溯码%s", e.fixmedins_code,
                              e.med_list_codg, e.psn_no, table.concat(reused, "、")),
      amount = amount,
      evidence = {codes = reused, first_settlement = first},
    }
  end,
}
