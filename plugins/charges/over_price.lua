-- over_price 超标准收费 (spec/RULES.md D; 负面清单 一(8)(16))
-- A fee line whose unit price is above the catalog maximum: drugs.csv
-- max_price (whatever the level), or items.csv max_price_lv{hosp_lv} of
-- the institution's level.  Amount: (pric - max) * cnt.
--
-- Decisions:
-- - A code in drugs.csv takes its cap from drugs.csv only (even when the
--   cell is empty and items.csv also lists it).
-- - An item cap needs the institution's level: unknown institution, no
--   check.  Absent hosp_lv is level 0; a level without a column (not 0-3)
--   or an empty cell is no cap.  Drug caps need no institution.
-- - "Above" is strict: pric == max is allowed.  Refund lines (cnt < 0)
--   never alert; a line with cnt 0 alerts with amount 0.
-- - A fractional cnt gives an amount rounded to the fen, half away from 0.
local LV = {[0] = "max_price_lv0", "max_price_lv1", "max_price_lv2", "max_price_lv3"}
local LV_NAME = {[0] = "一级以下", "一级", "二级", "三级"}

return {
  id = "over_price",
  title = "超标准收费",
  basis = "使用医疗保障基金行为负面清单（2025年）一(8)“超标准收费”、一(16)“超标准收取费用”",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    if e.cnt < 0 then return nil end
    local code = e.med_list_codg
    local max, name, level
    local drug = e._drug
    if drug then
      max, name = drug.max_price, drug.name
    else
      local item = e._item
      if not item then return nil end
      -- the item must have some cap before the institution is looked up
      if not (item.max_price_lv0 or item.max_price_lv1 or item.max_price_lv2
              or item.max_price_lv3) then
        return nil
      end
      level = fg.hosp_level(e._institution)
      if not level then return nil end
      local col = LV[level]
      max, name = col and item[col], item.name
    end
    if not max or e.pric <= max then return nil end
    local amount = fg.round((e.pric - max) * e.cnt)
    local cap = level and (LV_NAME[level] or tostring(level) .. "级") .. "医疗机构限价" or "药品限价"
    return {
      message = string.format("%s于%s向参保人%s（就诊%s）收取%s（%s）单价%s元，超过%s%s元，数量%s，超收%s元",
                              e.fixmedins_code, e._time, e.psn_no, e.mdtrt_id, name, code,
                              fg.yuan(e.pric), cap, fg.yuan(max), tostring(e.cnt),
                              fg.yuan(amount)),
      amount = amount,
      evidence = {max_price = fg.yuan(max), pric = fg.yuan(e.pric), cnt = e.cnt,
                  hosp_lv = level, feedetl_sn = e.feedetl_sn},
    }
  end,
}
