-- same_site_readmission 一年内多次在同一定点医疗机构住院 (spec/RULES.md C; 民营重点 二(三)3)
-- An admission that is at least the [3]rd of the person at the same
-- institution within [365] days, the current one included: the 3rd and
-- every later one while the window still holds 3 or more.
--
-- Reading of the spec:
-- - sliding window: admissions with 0 <= now - t <= window count;
-- - an admission re-sent for an encounter already admitted (same mdtrt_id,
--   person and institution) is the same stay: not counted, no alert;
-- - the check needs neither the person nor the institution record.
local admissions

return {
  id = "same_site_readmission",
  title = "一年内多次在同一定点医疗机构住院",
  basis = "宝医保发〔2024〕77号 二(三)3“一年内多次在同一定点医疗机构住院的”；使用医疗保障基金行为负面清单（2025年）一(25)“多次住院加强重点监测”",
  severity = "medium",
  on = {"admission"},
  params = {
    count = {"int", "3", doc = "admissions at one institution that alert"},
    window = {"duration", "365d"},
  },
  setup = function(p)
    admissions = fg.window("same_site_readmission.admissions", p.window + 86400)
  end,
  check = function(e, p)
    if fg.admission_resent(e) then return nil end
    local key, t = fg.key(e.psn_no, e.fixmedins_code), e._t
    admissions:push(key, t, 0, e.mdtrt_id)
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
      message = string.format("参保人%s于%s在%s入院（就诊%s），为%s天内在该机构第%d次住院（此前就诊%s）",
                              e.psn_no, e._time, e.fixmedins_code, e.mdtrt_id, fg.fmt_days(p.window), n,
                              fg.join(earlier)),
      evidence = {admissions_in_window = n, earlier_mdtrt_ids = earlier,
                  earlier_admission_times = times},
    }
  end,
}
