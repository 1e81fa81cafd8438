-- non_drug_as_drug 串换（日用品、保健品串换为药品） (spec/RULES.md)
-- A sale whose fixmedins_hilist_name matches the non-drug pattern.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "non_drug_as_drug",
  title = "串换（日用品、保健品串换为药品）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(4)",
  severity = "high",
  on = {"sale"},
  params = {
    pattern = {"regex", "面膜|洗发|沐浴|牙膏|化妆|护肤|奶粉|保健品|食用油|大米|纸巾|卫生巾|白酒|洗衣", doc = "non-drug product names"},
  },
  check = function(e, p)
    return nil
  end,
}
