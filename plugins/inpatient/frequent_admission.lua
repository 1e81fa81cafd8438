-- frequent_admission 困难群众频繁住院 (spec/RULES.md)
-- Medium at the 3rd, high at the 5th admission of a low_income person within 365 days.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "frequent_admission",
  title = "困难群众频繁住院",
  basis = "宝医保函〔2024〕77号 三；使用医疗保障基金行为负面清单（2025年）一(25)",
  severity = "medium",
  on = {"admission"},
  params = {
    medium_at = {"int", "3", doc = "admissions in the window that raise a medium alert"},
    high_at = {"int", "5", doc = "admissions in the window that raise a high alert"},
    window = {"duration", "365d"},
  },
  check = function(e, p)
    return nil
  end,
}
