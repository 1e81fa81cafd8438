-- same_site_readmission 一年内多次在同一定点医疗机构住院 (spec/RULES.md)
-- The 3rd admission of a person to the same institution within 365 days, and every later one in that window.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "same_site_readmission",
  title = "一年内多次在同一定点医疗机构住院",
  basis = "宝医保函〔2024〕77号 三",
  severity = "medium",
  on = {"admission"},
  params = {
    count = {"int", "3", doc = "admissions at one institution that alert"},
    window = {"duration", "365d"},
  },
  check = function(e, p)
    return nil
  end,
}
