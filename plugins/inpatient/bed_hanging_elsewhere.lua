-- bed_hanging_elsewhere 挂床住院（住院期间他处就医购药） (spec/RULES.md)
-- A registration or sale at a different institution while the person has an inpatient stay that is open or whose [admission, discharge] interval covers the event time.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "bed_hanging_elsewhere",
  title = "挂床住院（住院期间他处就医购药）",
  basis = "使用医疗保障基金行为负面清单（2025年）一(13)",
  severity = "high",
  on = {"registration", "sale"},
  check = function(e, p)
    return nil
  end,
}
