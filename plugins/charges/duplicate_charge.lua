-- duplicate_charge 重复收费（超日频次） (spec/RULES.md D; 负面清单 一(8))
-- Within one mdtrt_id and one calendar day, the units of an item (the sum
-- of cnt, refunds included) exceed its items.csv max_per_day: the line that
-- crosses the limit and every later line of that item that day alert.
-- Amount: the line's excess units x pric.
--
-- Decisions:
-- - A line alerts when the day's running sum, this line included, exceeds
--   max_per_day (strictly).  So a refund that brings the sum back to the
--   limit makes the next line a new crossing, not an automatic alert.
-- - Refund lines (cnt < 0) count in the sum but never alert.
-- - Excess units of a line = min(cnt, sum - max_per_day): all of a later
--   line's units, the part above the limit for the crossing line.
-- - Units are summed exactly in 1/10000 units (fractional cnt is allowed);
--   the amount is rounded to the fen, half away from zero.
-- - Only items.csv rows with max_per_day are checked; no person,
--   institution or encounter record is needed.
local units = fg.kv("duplicate_charge.units")
local SCALE = 10000

local function fmt_units(scaled)
  if scaled % SCALE == 0 then return tostring(scaled // SCALE) end
  local s = string.format("%.4f", scaled / SCALE)
  local n = #s
  while s:byte(n) == 48 do n = n - 1 end   -- trailing "0"
  return s:sub(1, n)
end

return {
  id = "duplicate_charge",
  title = "重复收费（超日频次）",
  basis = "使用医疗保障基金行为负面清单（2025年）一(8)“重复收费”",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    local code = e.med_list_codg
    local item = e._item
    if not item or not item.max_per_day then return nil end
    local d = fg.round(e.cnt * SCALE)
    -- the sum lives until the end of its CST day plus a day of slack
    local day_end = e._t - e._sod + 86400
    local total = units:add(fg.key(e.mdtrt_id, code, e._day), day_end + 86400, d)
    if d < 0 then return nil end
    local max = fg.round(item.max_per_day * SCALE)
    if total <= max then return nil end
    local excess = math.min(d, total - max)
    local amount = fg.round(excess * e.pric / SCALE)
    return {
      message = string.format("%s于%s在就诊%s中向参保人%s收取%s（%s）当日累计数量%s，超过每日限量%s，本条超出%s，金额%s元",
                              e.fixmedins_code, fg.fmt_day(e._day), e.mdtrt_id, e.psn_no,
                              item.name, code, fmt_units(total), fmt_units(max),
                              fmt_units(excess), fg.yuan(amount)),
      amount = amount,
      evidence = {day = fg.fmt_day(e._day), units_today = fmt_units(total),
                  units_before = fmt_units(total - d), max_per_day = fmt_units(max),
                  excess_units = fmt_units(excess), feedetl_sn = e.feedetl_sn},
    }
  end,
}
