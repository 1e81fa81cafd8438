-- over_price 超标准收费 (spec/RULES.md)
-- A fee line with pric above the catalog maximum (drugs.csv max_price, or items.csv max_price_lv{hosp_lv}). Amount: (pric - max) * cnt.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "over_price",
  title = "超标准收费",
  basis = "使用医疗保障基金行为负面清单（2025年）一(8)",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
