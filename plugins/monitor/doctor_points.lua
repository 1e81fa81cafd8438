-- doctor_points 医保支付资格记分 (spec/RULES.md F; 乌政办发〔2025〕13号 四(一)2)
-- Every alert of another rule on an event carrying bilg_dr_codg adds points
-- to that doctor for the calendar year [high 3, medium 2, low 1]; the
-- event on which the year's total first reaches [9] (暂停医保支付资格) or
-- [12] (终止医保支付资格) alerts.
--
-- Decisions:
-- - All alerts of the other rules on the event are added first; one event
--   crossing both thresholds raises one alert naming both.
-- - The doctor is the bilg_dr_codg alone (the qualification is personal,
--   across institutions); an empty code counts as absent.
-- - The year is the CST calendar year of the event; totals start at 0.
-- - Severities with zero or negative points add nothing, so totals only
--   grow and each threshold is reached at most once a year.
local totals = fg.kv("doctor_points.year_total")   -- (doctor, year) -> a = points

local SEV_NAME = {high = "高", medium = "中", low = "低"}

return {
  id = "doctor_points",
  title = "医保支付资格记分",
  basis = "乌政办发〔2025〕13号 四(一)2“落实定点医药机构相关人员支付资格管理…开展定点医药机构相关人员医保支付资格记分、暂停和终止工作”",
  severity = "high",
  on = {"alerts"},
  requires = {"bilg_dr_codg"},
  params = {
    high = {"int", "3", doc = "points per high alert"},
    medium = {"int", "2"},
    low = {"int", "1"},
    suspend_at = {"int", "9", doc = "暂停医保支付资格"},
    terminate_at = {"int", "12", doc = "终止医保支付资格"},
  },
  check = function(e, p, alerts)
    local dr = e.bilg_dr_codg
    if dr == nil or dr == "" or not alerts then return nil end
    dr = tostring(dr)
    local add, counted = 0, {}
    for _, a in ipairs(alerts) do
      local pts = p[a.severity]
      if pts and pts > 0 then
        add = add + pts
        counted[#counted + 1] = {rule_id = a.rule_id, severity = a.severity, points = pts}
      end
    end
    if add == 0 then return nil end
    -- the total lives to the end of its year (at most 366 days on) plus a day
    local after = totals:add(fg.key(dr, e._year), e._t + 367 * 86400, add)
    local before = after - add
    local reached, texts = {}, {}
    if before < p.suspend_at and p.suspend_at <= after then
      reached[#reached + 1] = p.suspend_at
      texts[#texts + 1] = string.format("暂停医保支付资格标准（%d分）", p.suspend_at)
    end
    if before < p.terminate_at and p.terminate_at <= after then
      reached[#reached + 1] = p.terminate_at
      texts[#texts + 1] = string.format("终止医保支付资格标准（%d分）", p.terminate_at)
    end
    if #reached == 0 then return nil end
    local parts = {}
    for _, c in ipairs(counted) do
      parts[#parts + 1] = string.format("%s（%s，%d分）", c.rule_id, SEV_NAME[c.severity] or c.severity,
                                        c.points)
    end
    return {
      message = string.format("医师%s在%d年度医保支付资格累计记分%d分（%s在%s的事件%s新增%d分：%s），达到%s",
                              dr, e._year, after, e._time, e.fixmedins_code or "", e._id, add,
                              fg.join(parts), fg.join(texts, "及")),
      evidence = {bilg_dr_codg = dr, year = e._year, points_before = before,
                  points_after = after, added = counted, thresholds = reached},
    }
  end,
}
