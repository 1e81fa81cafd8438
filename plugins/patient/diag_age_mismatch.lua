-- diag_age_mismatch 诊断与年龄不符 (spec/RULES.md)
-- A diagnosis matching a pattern of the age table whose age range excludes the person's age.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "diag_age_mismatch",
  title = "诊断与年龄不符",
  basis = "使用医疗保障基金行为负面清单（2025年）一(7)",
  severity = "medium",
  on = {"registration", "admission", "discharge"},
  params = {
    pregnancy = {"regex", "^O", doc = "pregnancy and childbirth"},
    pregnancy_min = {"int", "12"},
    pregnancy_max = {"int", "55"},
    senile = {"regex", "^(H25|R54)", doc = "senile cataract, senility"},
    senile_min = {"int", "40"},
    newborn = {"regex", "^P0[5-8]", doc = "newborn disorders"},
    newborn_max = {"int", "0", doc = "age in whole years, inclusive (0: under one year)"},
  },
  check = function(e, p)
    return nil
  end,
}
