-- unbundled_charge 分解项目收费 (spec/RULES.md)
-- Within one mdtrt_id and calendar day, an item and an item in its includes are both billed: alert on the second, once per pair per day.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "unbundled_charge",
  title = "分解项目收费",
  basis = "使用医疗保障基金行为负面清单（2025年）一(11)",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    return nil
  end,
}
