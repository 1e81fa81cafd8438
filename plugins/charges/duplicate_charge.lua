-- duplicate_charge 重复收费（超日频次） (spec/RULES.md)
-- Within one mdtrt_id and calendar day, the units of an item exceed its max_per_day: alert on the crossing line and every later line of that item that day.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "duplicate_charge",
  title = "重复收费（超日频次）",
  basis = "使用医疗保障基金行为负面清单（2025年）一(10)",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
