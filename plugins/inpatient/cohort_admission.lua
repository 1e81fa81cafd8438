-- cohort_admission 同户或同村人员同时在同一机构住院 (spec/RULES.md)
-- Other persons currently in hospital at the same institution include at least 1 of the same household_no or at least 3 of the same village_code.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "cohort_admission",
  title = "同户或同村人员同时在同一机构住院",
  basis = "宝医保函〔2024〕77号 三；使用医疗保障基金行为负面清单（2025年）三(5)",
  severity = "high",
  on = {"admission"},
  params = {
    recent = {"duration", "3d", doc = "stays admitted this recently count even if discharged"},
    household_min = {"int", "1"},
    village_min = {"int", "3"},
  },
  check = function(e, p)
    return nil
  end,
}
