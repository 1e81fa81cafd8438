-- repeat_supply 重复开药 (spec/RULES.md)
-- A drug line for a person who still holds more than 7 days of supply of the same generic from earlier lines at any institution.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "repeat_supply",
  title = "重复开药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(17)",
  severity = "medium",
  on = {"fee", "sale"},
  params = {
    held = {"duration", "7d", doc = "supply still held that makes a new line a repeat (strictly more)"},
  },
  check = function(e, p)
    return nil
  end,
}
