-- diag_sex_mismatch 诊断与性别不符 (spec/RULES.md B; 负面清单 一(7))
-- A registration, admission or discharge whose diagnoses include a
-- female-only code for a man, or a male-only code for a woman.
return {
  id = "diag_sex_mismatch",
  title = "诊断与性别不符",
  basis = "使用医疗保障基金行为负面清单（2025年）一(7)",
  severity = "high",
  on = {"registration", "admission", "discharge"},
  params = {
    female_only = {"regex", "^(O|N7\\d|N8\\d|N9[0-8]|C5[1-8]|D2[5-8]|D39|Z3[2-7]|Z39)",
                   doc = "diagnoses only a woman can have"},
    male_only = {"regex", "^(C6[0-3]|N4\\d|N5[01]|D29|D40)",
                 doc = "diagnoses only a man can have"},
  },
  check = function(e, p)
    local person = e._person
    if not person then return nil end
    local gend = person.gend
    local pattern, sex
    if gend == "1" then
      pattern, sex = p.female_only, "男"
    elseif gend == "2" then
      pattern, sex = p.male_only, "女"
    else
      return nil
    end
    local bad = fg.diag_matches(pattern, e)
    if not bad then return nil end
    return {
      message = string.format("%s性参保人%s在%s的诊断%s仅适用于%s性", sex, e.psn_no,
                              e.fixmedins_code, table.concat(bad, "、"),
                              gend == "1" and "女" or "男"),
      evidence = {gend = gend, codes = bad},
    }
  end,
}
