-- staff_self_admission 本院职工多次在本院住院 (spec/RULES.md)
-- An admission where the person's employer_code equals the institution, at least the 2nd such admission within 365 days.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "staff_self_admission",
  title = "本院职工多次在本院住院",
  basis = "宝医保函〔2024〕77号 三",
  severity = "medium",
  on = {"admission"},
  params = {
    count = {"int", "2"},
    window = {"duration", "365d"},
  },
  check = function(e, p)
    return nil
  end,
}
