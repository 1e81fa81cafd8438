-- item_sex_mismatch 项目与性别不符 (spec/RULES.md)
-- A fee line whose item has sex in items.csv different from the person's gend.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "item_sex_mismatch",
  title = "项目与性别不符",
  basis = "使用医疗保障基金行为负面清单（2025年）一(7)",
  severity = "high",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
