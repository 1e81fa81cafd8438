-- aid_ratio 医疗救助人员占比异常 (spec/RULES.md)
-- For an institution that is not aid_designated: at least 20 admissions in the last 30 days and more than 60% of them low_income. At most one alert per institution per calendar month.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "aid_ratio",
  title = "医疗救助人员占比异常",
  basis = "宝医保函〔2024〕77号 三",
  severity = "medium",
  on = {"admission"},
  params = {
    window = {"duration", "30d"},
    min_admissions = {"int", "20"},
    ratio = {"percent", "60%", doc = "strictly more than this share of low_income admissions"},
  },
  check = function(e, p)
    return nil
  end,
}
