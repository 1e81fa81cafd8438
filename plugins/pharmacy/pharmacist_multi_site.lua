-- pharmacist_multi_site 执业药师一证多挂 (spec/RULES.md)
-- A sale whose phar_prac_cert_no has already appeared at a different pharmacy the same calendar day.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "pharmacist_multi_site",
  title = "执业药师一证多挂",
  basis = "使用医疗保障基金行为负面清单（2025年）三(2)",
  severity = "high",
  on = {"sale"},
  check = function(e, p)
    return nil
  end,
}
