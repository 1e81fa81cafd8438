-- drug_restriction 超限定支付范围用药 (spec/RULES.md)
-- A drug fee line whose diag_pattern matches none of the encounter's diagnoses (med_type 14: dise_codg), or whose min_hosp_lv exceeds the institution's level.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "drug_restriction",
  title = "超限定支付范围用药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(12)",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
