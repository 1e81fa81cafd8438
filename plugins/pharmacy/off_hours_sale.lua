-- off_hours_sale 非营业时间刷卡 (spec/RULES.md)
-- A sale between 00:00 and 06:00.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "off_hours_sale",
  title = "非营业时间刷卡",
  basis = "使用医疗保障基金行为负面清单（2025年）二(7)",
  severity = "low",
  on = {"sale"},
  params = {
    from = {"time", "00:00"},
    to = {"time", "06:00", doc = "exclusive"},
  },
  check = function(e, p)
    return nil
  end,
}
