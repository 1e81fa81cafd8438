-- uncovered_item 目录外项目纳入结算 (spec/RULES.md)
-- A fee line whose med_list_codg is in neither drugs.csv nor items.csv.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "uncovered_item",
  title = "目录外项目纳入结算",
  basis = "使用医疗保障基金行为负面清单（2025年）一(16)",
  severity = "low",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
