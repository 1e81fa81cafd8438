-- stock_shortfall 进销存不符（无货销售） (spec/RULES.md)
-- For a (pharmacy, med_list_codg) with a stock or purchase record: a sale that makes units sold exceed units available. Once per pair per calendar day.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "stock_shortfall",
  title = "进销存不符（无货销售）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(10)",
  severity = "high",
  on = {"stock", "purchase", "sale"},
  check = function(e, p)
    return nil
  end,
}
