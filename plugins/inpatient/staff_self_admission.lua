-- staff_self_admission 本院职工多次在本院住院 (spec/RULES.md C; 民营重点 二(三)2)
-- An admission of a person whose employer_code is the admitting institution,
-- when it is at least the [2]nd admission of that person there within
-- [365] days, the current one included.
--
-- Reading of the spec:
-- - sliding window: admissions with 0 <= now - t <= window count;
-- - every admission of a person at an institution is remembered; whether
--   the person is staff of the institution is read from the person record
--   when the current admission arrives (the policy looks at 本院职工 and
--   their stays at their own hospital within the year);
-- - an admission re-sent for an encounter already admitted (same mdtrt_id,
--   person and institution) is the same stay: not counted, no alert;
-- - unknown person or no employer_code: no check (the admission is still
--   remembered).
local admissions

return {
  id = "staff_self_admission",
  title = "本院职工多次在本院住院",
  basis = "宝医保发〔2024〕77号 二(三)2“本院职工一年内多次在本院住院的”",
  severity = "medium",
  on = {"admission"},
  params = {
    count = {"int", "2", doc = "admissions at the own institution that alert"},
    window = {"duration", "365d"},
  },
  setup = function(p)
    admissions = fg.window("staff_self_admission.admissions", p.window + 86400)
  end,
  check = function(e, p)
    if fg.admission_resent(e) then return nil end
    local key, t = fg.key(e.psn_no, e.fixmedins_code), e._t
    admissions:push(key, t, 0, e.mdtrt_id)
    local person = e._person
    if not person or person.employer_code ~= e.fixmedins_code then return nil end
    local from = t - p.window
    local n = admissions:count(key, from, t)
    if n < p.count then return nil end
    -- the entries in the window, oldest first; the last is the current one
    local earlier, times = {}, {}
    for at, _, id in admissions:each(key, from, t) do
      earlier[#earlier + 1] = id
      times[#times + 1] = fg.fmt_time(at)
    end
    earlier[#earlier], times[#times] = nil, nil
    return {
      message = string.format("%s职工（参保人%s）于%s在本院入院（就诊%s），为%s天内第%d次在本院住院（此前就诊%s）",
                              e.fixmedins_code, e.psn_no, e._time, e.mdtrt_id, fg.fmt_days(p.window), n,
                              fg.join(earlier)),
      evidence = {employer_code = person.employer_code, admissions_in_window = n,
                  earlier_mdtrt_ids = earlier, earlier_admission_times = times},
    }
  end,
}
