-- aid_ratio 医疗救助人员占比异常 (spec/RULES.md C; 负面清单 一(25))
-- On an admission at an institution that is not aid_designated: the
-- admissions there within the last [30] days, the current one included,
-- number at least [20] and strictly more than [60]% of them are of
-- low_income persons.  At most one alert per institution and calendar month.
--
-- Reading of the spec:
-- - sliding window: admissions with 0 <= now - t <= window count;
-- - each admission carries the low_income flag of its person record when
--   it arrived; an admission of an unknown person is an admission of a
--   person not known to be low-income (it counts, as not low-income);
-- - every admission is remembered whatever the institution's status, so a
--   change of aid_designated applies to the admissions already seen;
-- - unknown institution: no check; absent aid_designated: not designated;
-- - the month is the CST calendar month of the alerting admission; a month
--   with no alert leaves the next admission free to alert;
-- - an admission re-sent for an encounter already admitted (same mdtrt_id,
--   person and institution) is the same stay: not counted, no alert.
local admissions
local alerted = fg.kv("aid_ratio.alerted")

return {
  id = "aid_ratio",
  title = "医疗救助人员占比异常",
  basis = "使用医疗保障基金行为负面清单（2025年）一(25)“对医疗救助人员占住院患者60%以上的非医疗救助定点医疗机构重点核实”",
  severity = "medium",
  on = {"admission"},
  params = {
    window = {"duration", "30d"},
    min_admissions = {"int", "20"},
    ratio = {"percent", "60%", doc = "strictly more than this share of low_income admissions"},
  },
  setup = function(p)
    admissions = fg.window("aid_ratio.admissions", p.window + 86400)
  end,
  check = function(e, p)
    if fg.admission_resent(e) then return nil end
    local key, t = e.fixmedins_code, e._t
    local person = e._person
    admissions:push(key, t, (person and fg.flag(person.low_income)) and 1 or 0)
    local inst = fg.institution(key)
    if not inst or fg.flag(inst.aid_designated) then return nil end
    local n, low = admissions:count(key, t - p.window, t)
    if n < p.min_admissions or low * 100 <= p.ratio * n then return nil end
    if not alerted:once(fg.key(key, e._month), t + 32 * 86400) then return nil end
    local share = string.format("%.1f%%", low * 100 / n)
    return {
      message = string.format("非医疗救助定点机构%s截至%s的%g天内住院%d人次，其中困难群众%d人次，占%s，超过%g%%",
                              key, e._time, p.window / 86400, n, low, share, p.ratio),
      evidence = {admissions = n, low_income_admissions = low, share = share,
                  window_from = fg.fmt_time(t - p.window), month = fg.fmt_month(e._month)},
    }
  end,
}
