-- inactive_agreement 为非定点或中止协议机构结算 (spec/RULES.md)
-- A settlement or sale at an institution that is unknown, suspended on that day, or terminated on or before that day.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "inactive_agreement",
  title = "为非定点或中止协议机构结算",
  basis = "使用医疗保障基金行为负面清单（2025年）二(5)",
  severity = "high",
  on = {"settlement", "sale"},
  check = function(e, p)
    return nil
  end,
}
