-- excess_supply 超量开药 (spec/RULES.md)
-- A drug line whose prd_days exceeds drugs.csv max_prd_days, else the default for the encounter.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "excess_supply",
  title = "超量开药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(17)",
  severity = "medium",
  on = {"fee", "sale"},
  params = {
    outpatient_days = {"int", "7", doc = "default for med_type 11/13 and pharmacy sales"},
    chronic_days = {"int", "30", doc = "default for med_type 14"},
  },
  check = function(e, p)
    return nil
  end,
}
