-- card_burst 聚敛盗刷（短时大量刷卡） (spec/RULES.md)
-- A pharmacy whose sale lines within the last 10 minutes come from at least 15 distinct persons.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "card_burst",
  title = "聚敛盗刷（短时大量刷卡）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(7)；渝府办发〔2019〕70号",
  severity = "high",
  on = {"sale"},
  params = {
    window = {"duration", "10m"},
    persons = {"int", "15", doc = "distinct persons in the window"},
    quiet = {"duration", "10m", doc = "silence after an alert"},
  },
  check = function(e, p)
    return nil
  end,
}
