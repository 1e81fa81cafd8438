-- key_drug_surge 重点药品异常增长 (spec/RULES.md)
-- For key_monitor drugs: an institution's month amount exceeds 1.5x the average of its previous 3 months and at least 10000 yuan; once per institution, drug and month.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "key_drug_surge",
  title = "重点药品异常增长",
  basis = "重点监控药品专项行动（附件1）",
  severity = "medium",
  on = {"fee"},
  params = {
    factor = {"number", "1.5"},
    months = {"int", "3", doc = "previous months averaged"},
    min_amount = {"money", "10000"},
  },
  check = function(e, p)
    return nil
  end,
}
