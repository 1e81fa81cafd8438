-- deceased_claim 死亡人员就医结算 (spec/RULES.md)
-- Any registration, admission, fee, settlement or sale dated after the person's death_date.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "deceased_claim",
  title = "死亡人员就医结算",
  basis = "使用医疗保障基金行为负面清单（2025年）二(5)",
  severity = "high",
  on = {"registration", "admission", "fee", "settlement", "sale"},
  check = function(e, p)
    return nil
  end,
}
