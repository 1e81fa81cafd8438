-- doctor_points 医保支付资格记分 (spec/RULES.md)
-- Every alert of another rule whose event carries bilg_dr_codg adds points to that doctor for the calendar year; alert when the total first reaches 9 and 12.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "doctor_points",
  title = "医保支付资格记分",
  basis = "医保支付资格管理（记分）",
  severity = "high",
  on = {"alerts"},
  params = {
    high = {"int", "3", doc = "points per high alert"},
    medium = {"int", "2"},
    low = {"int", "1"},
    suspend_at = {"int", "9", doc = "暂停医保支付资格"},
    terminate_at = {"int", "12", doc = "终止医保支付资格"},
  },
  check = function(e, p)
    return nil
  end,
}
