-- identity_conflict 冒名就医（异地同时就医） (spec/RULES.md)
-- A registration or sale in a different city from the person's previous registration or sale less than 60 minutes earlier.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "identity_conflict",
  title = "冒名就医（异地同时就医）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(6)",
  severity = "high",
  on = {"registration", "sale"},
  params = {
    window = {"duration", "60m", doc = "strictly less than this apart"},
  },
  check = function(e, p)
    return nil
  end,
}
