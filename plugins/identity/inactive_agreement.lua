-- inactive_agreement 为非定点或中止协议机构结算 (spec/RULES.md E)
-- A settlement or sale at an institution that is unknown (not designated),
-- suspended on that day (suspended_from <= date <= suspended_to), or
-- terminated on or before that day (terminated_on <= date).
--
-- Reading of the spec:
-- - dates compare with the event's CST date; the institution record is the
--   registry's as it stands when the event arrives (updates merge field by
--   field, so a suspension is lifted by a record that moves its dates);
-- - a suspension needs suspended_from; without suspended_to it is open
--   ended; a suspended_to alone suspends nothing;
-- - a termination wins over a suspension in the alert's wording;
-- - returns (sale cnt < 0) never alert; settlements alert whatever their
--   amounts; the person record is not needed.
local function money(e)
  if e._type == "sale" then return "金额", fg.line_total(e) end
  if e.fund_pay_sumamt then return "基金支付", e.fund_pay_sumamt end
  return "医疗费总额", e.medfee_sumamt
end

return {
  id = "inactive_agreement",
  title = "为非定点或中止协议机构结算",
  basis = "使用医疗保障基金行为负面清单（2025年）二(10)“为非定点医药机构、中止医保协议期间的定点医药机构进行医保费用结算”；"
       .. "宝医保发〔2024〕77号 二(二)12“违规为非定点医药机构或处于中止医保协议期间的医药机构提供医保结算”",
  severity = "high",
  on = {"settlement", "sale"},
  check = function(e, p)
    local cnt = e.cnt
    if cnt and cnt < 0 then return nil end
    local code = e.fixmedins_code
    local inst = fg.institution(code)
    local day = e._day
    local status, why, evidence
    if not inst then
      status, why = "unknown", "不是已登记的定点医药机构"
    else
      local term = inst.terminated_on
      local tday = term and fg.date(term)
      if tday and tday <= day then
        status, why = "terminated", string.format("已于%s解除医保协议", term)
      else
        local from, to = inst.suspended_from, inst.suspended_to
        local fday = from and fg.date(from)
        local uday = to and fg.date(to)
        if fday and fday <= day and (not uday or day <= uday) then
          status = "suspended"
          why = uday and string.format("处于%s至%s中止医保协议期间", from, to)
                     or string.format("自%s起中止医保协议", from)
        end
      end
      if not status then return nil end
      evidence = {status = status, terminated_on = inst.terminated_on,
                  suspended_from = inst.suspended_from, suspended_to = inst.suspended_to}
    end
    local label, m = money(e)
    return {
      message = string.format("%s于%s为参保人%s%s（%s%s元），而该机构%s", code, e._time, e.psn_no,
                              e._type == "sale" and "销售药品并医保结算" or "办理医保结算",
                              label, m and fg.yuan(m) or "未知", why),
      evidence = evidence or {status = status},
    }
  end,
}
