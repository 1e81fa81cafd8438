-- frequent_admission 困难群众频繁住院 (spec/RULES.md C; 负面清单 三(5))
-- A low_income person's admission that brings their admissions within [365]
-- days (the current one included) to exactly [3] raises a medium alert, to
-- exactly [5] a high alert.
--
-- Reading of the spec:
-- - the window is sliding: the admissions counted are those with
--   0 <= now - t <= window, at any institution;
-- - every admission is remembered, whoever the person; the low_income flag
--   is that of the person record when the current admission arrives (a
--   person who became 困难群众 recently is judged on the whole year);
-- - "reach" is equality: an admission whose window count is 3 (or 5)
--   alerts, the 4th and 6th do not; a count that falls back below 3 as old
--   admissions leave the window can reach 3 again later;
-- - an admission re-sent for an encounter already admitted (same mdtrt_id,
--   person and institution) is the same stay: not counted, no alert;
-- - unknown person: no check (the admission is still remembered).
local admissions

return {
  id = "frequent_admission",
  title = "困难群众频繁住院",
  basis = "使用医疗保障基金行为负面清单（2025年）三(5)“困难群众1年内住院3次以上、5次以上的予以关注”、一(13)“频繁住院”；宝医保发〔2024〕77号 二(三)1“低保对象、特困人员等困难群体”",
  severity = "medium",
  on = {"admission"},
  params = {
    medium_at = {"int", "3", doc = "admissions in the window that raise a medium alert"},
    high_at = {"int", "5", doc = "admissions in the window that raise a high alert"},
    window = {"duration", "365d"},
  },
  setup = function(p)
    admissions = fg.window("frequent_admission.admissions", p.window + 86400)
  end,
  check = function(e, p)
    if fg.admission_resent(e) then return nil end
    local key, t = e.psn_no, e._t
    admissions:push(key, t, 0, e.mdtrt_id)
    local person = fg.person(key)
    if not person or not fg.flag(person.low_income) then return nil end
    local from = t - p.window
    local n = admissions:count(key, from, t)
    local severity
    if n == p.high_at then
      severity = "high"
    elseif n == p.medium_at then
      severity = "medium"
    else
      return nil
    end
    -- the entries in the window, oldest first; the last is the current one
    local earlier, times = {}, {}
    for at, _, id in admissions:each(key, from, t) do
      earlier[#earlier + 1] = id
      times[#times + 1] = fg.fmt_time(at)
    end
    earlier[#earlier], times[#times] = nil, nil
    return {
      severity = severity,
      message = string.format("困难群众参保人%s于%s在%s入院（就诊%s），为%s天内第%d次住院（此前就诊%s）",
                              key, e._time, e.fixmedins_code, e.mdtrt_id, fg.fmt_days(p.window), n,
                              fg.join(earlier)),
      evidence = {admissions_in_window = n, earlier_mdtrt_ids = earlier,
                  earlier_admission_times = times},
    }
  end,
}
