-- deceased_claim 死亡人员就医结算 (spec/RULES.md E)
-- Any registration, admission, fee, settlement or sale dated after the
-- person's death_date.
--
-- Reading of the spec:
-- - "dated after" compares the event's CST date with death_date: the day of
--   death itself does not alert, the next day from 00:00:00 does;
-- - a death is known only once a person event carrying it has arrived (the
--   registry as it stands when the event arrives); unknown person, absent
--   or unparsable death_date: no check;
-- - fee and sale lines with cnt < 0 (refunds, returns) never alert; cnt 0
--   does (the line is still a claim);
-- - RULES.md defines no amount: the money of the line or settlement is in
--   the message only.
local WHAT = {
  registration = "门诊挂号", admission = "办理入院", fee = "上传费用明细",
  settlement = "结算", sale = "购药结算",
}

-- The money of the event for the message: its words and fen, or nil.
local function money(e)
  local t = e._type
  if t == "fee" or t == "sale" then return "金额", fg.line_total(e) end
  if t == "settlement" then
    if e.fund_pay_sumamt then return "基金支付", e.fund_pay_sumamt end
    return "医疗费总额", e.medfee_sumamt
  end
  return nil
end

return {
  id = "deceased_claim",
  title = "死亡人员就医结算",
  basis = "使用医疗保障基金行为负面清单（2025年）一(1)“诱导、协助他人冒名或者虚假就医、购药”、"
       .. "一(7)“不核验参保人员医保凭证”、二(5)“明知购买人所持系冒用、盗用他人的……医保凭证，仍向其销售”",
  severity = "high",
  on = {"registration", "admission", "fee", "settlement", "sale"},
  check = function(e, p)
    local cnt = e.cnt
    if cnt and cnt < 0 then return nil end
    local death = fg.person_field(e.psn_no, "death_date")
    if not death then return nil end
    local dday = fg.date(death)
    if not dday or e._day <= dday then return nil end
    local label, m = money(e)
    return {
      message = string.format("参保人%s已于%s死亡，%d天后（%s）仍在%s%s%s", e.psn_no, death,
                              e._day - dday, e._time, e.fixmedins_code, WHAT[e._type] or e._type,
                              m and string.format("，%s%s元", label, fg.yuan(m)) or ""),
      evidence = {death_date = death, days_after_death = e._day - dday},
    }
  end,
}
