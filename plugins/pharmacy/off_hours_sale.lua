-- off_hours_sale 非营业时间刷卡 (spec/RULES.md E)
-- A sale between [00:00] and [06:00]: [00:00:00, 06:00:00) of the CST day.
--
-- Reading of the spec:
-- - the time of day is the event's CST second of day; `from` is inclusive,
--   `to` exclusive; a ruleset may give a period that wraps past midnight
--   (from > to, e.g. 22:00-06:00); from = to is an empty period;
-- - returns (cnt < 0) never alert; cnt 0 does;
-- - no institution or person record is needed.
local function hhmm(sod)
  if sod % 60 ~= 0 then
    return string.format("%02d:%02d:%02d", sod // 3600, sod % 3600 // 60, sod % 60)
  end
  return string.format("%02d:%02d", sod // 3600, sod % 3600 // 60)
end

return {
  id = "off_hours_sale",
  title = "非营业时间刷卡",
  basis = "使用医疗保障基金行为负面清单（2025年）二(7)“收集并空刷参保人员医保凭证，在未真实销售药品的情况下，骗取医保基金结算”、"
       .. "二(6)“利用参保人医保凭证采取空刷”",
  severity = "low",
  on = {"sale"},
  params = {
    from = {"time", "00:00"},
    to = {"time", "06:00", doc = "exclusive"},
  },
  check = function(e, p)
    local sod, from, to = e._sod, p.from, p.to
    local inside
    if from <= to then
      inside = sod >= from and sod < to
    else
      inside = sod >= from or sod < to
    end
    if not inside or e.cnt < 0 then return nil end
    local total = fg.line_total(e)
    return {
      message = string.format("药店%s于%s（非营业时间%s-%s）为参保人%s刷卡销售%s，数量%s，金额%s元",
                              e.fixmedins_code, e._time, hhmm(from), hhmm(to), e.psn_no, e.med_list_codg,
                              tostring(e.cnt), total and fg.yuan(total) or "未知"),
      evidence = {second_of_day = sod},
    }
  end,
}
