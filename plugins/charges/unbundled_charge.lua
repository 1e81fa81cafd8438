-- unbundled_charge 分解项目收费 (spec/RULES.md D; 负面清单 一(8)(17))
-- Within one mdtrt_id and one calendar day, an item and an item listed in
-- its items.csv includes are both billed: the line that arrives second
-- alerts, once per (mdtrt_id, day, pair).  A line that completes several
-- pairs raises one alert listing them all.
--
-- Decisions:
-- - "Billed" means a fee line with cnt >= 0; refund lines (cnt < 0) neither
--   alert nor cancel an earlier billing.
-- - Codes in drugs.csv never take part (includes names services and
--   materials).  A code listed in some includes but absent from items.csv
--   still pairs: such lines are remembered per (mdtrt_id, day), and an
--   including line leaves a note for them, since the catalog's reverse
--   index (included_by) only covers codes with an items.csv row.
-- - An item listing itself in includes is ignored for that pair.
-- - No person, institution or encounter record is needed.
local billed = fg.kv("unbundled_charge.billed")       -- (mdtrt, day, code)
local notes = fg.kv("unbundled_charge.includers")     -- (mdtrt, day, code) -> "Z|Z2"
local done = fg.kv("unbundled_charge.pairs")          -- (mdtrt, day, Z, X)

local function label(code)
  local it = fg.item(code)
  if it and it.name ~= "" then return it.name .. "（" .. code .. "）" end
  return code
end

local function has(list_s, code)
  -- list_s is "A|B|C"; exact member test without patterns
  local i, n = 1, #list_s
  while i <= n do
    local j = i
    while j <= n and list_s:byte(j) ~= 124 do j = j + 1 end
    if list_s:sub(i, j - 1) == code then return true end
    i = j + 1
  end
  return false
end

return {
  id = "unbundled_charge",
  title = "分解项目收费",
  basis = "使用医疗保障基金行为负面清单（2025年）一(8)“分解项目收费”、一(17)“将本不应单独收费的医用耗材单独收费，或者将包含在手术项目内的一段治疗费用单独收费”",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    if e.cnt < 0 then return nil end
    local code = e.med_list_codg
    local item = fg.item(code)
    local includes, included_by
    if item then
      includes, included_by = item.includes, item.included_by
      if #includes == 0 and #included_by == 0 then return nil end
    elseif fg.drug(code) then
      return nil
    end
    local m, day = e.mdtrt_id, e._day
    local expire = e._t - e._sod + 2 * 86400       -- end of the CST day + a day
    billed:put(fg.key(m, day, code), expire)
    local pairs_found = {}                          -- {includer, included}
    if item then
      for _, x in ipairs(includes) do
        if x ~= code then
          if billed:get(fg.key(m, day, x)) then
            pairs_found[#pairs_found + 1] = {code, x}
          elseif not fg.item(x) then
            -- x has no items.csv row: leave a note that code includes it
            local k = fg.key(m, day, x)
            local _, _, s = notes:get(k)
            if not s then notes:put(k, expire, 0, 0, code)
            elseif not has(s, code) then notes:put(k, expire, 0, 0, s .. "|" .. code) end
          end
        end
      end
      for _, z in ipairs(included_by) do
        if z ~= code and billed:get(fg.key(m, day, z)) then
          pairs_found[#pairs_found + 1] = {z, code}
        end
      end
    else
      local _, _, s = notes:get(fg.key(m, day, code))
      if s then
        for _, z in ipairs(fg.split(s, "|")) do pairs_found[#pairs_found + 1] = {z, code} end
      end
    end
    if #pairs_found == 0 then return nil end
    local listed, texts = {}, {}
    for _, pr in ipairs(pairs_found) do
      if done:once(fg.key(m, day, pr[1], pr[2]), expire) then
        listed[#listed + 1] = {item = pr[1], included = pr[2]}
        texts[#texts + 1] = label(pr[1]) .. "已包含的" .. label(pr[2]) .. "又单独收费"
      end
    end
    if #listed == 0 then return nil end
    return {
      message = string.format("%s于%s在就诊%s中对参保人%s分解项目收费：%s",
                              e.fixmedins_code, fg.fmt_day(day), m, e.psn_no, fg.join(texts, "；")),
      evidence = {day = fg.fmt_day(day), pairs = listed, feedetl_sn = e.feedetl_sn},
    }
  end,
}
