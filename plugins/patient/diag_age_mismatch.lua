-- diag_age_mismatch 诊断与年龄不符 (spec/RULES.md B; 负面清单 一(7))
-- A registration, admission or discharge with a diagnosis whose age range
-- excludes the person's age: pregnancy and childbirth (^O) allowed 12-55,
-- senile cataract and senility (^(H25|R54)) allowed from 40, newborn
-- disorders (^P0[5-8]) allowed under one year.  One alert per event.
--
-- Reading of the spec:
-- - age is whole years at the event's CST date (fg.age: the birthday counts
--   from its own calendar day); ranges are inclusive at both ends;
-- - the codes looked at are the event's own main_diag and diag_codes;
-- - unknown person or absent (or unreadable) brdy: no check.
local bands     -- {pattern, min age, max age, name}, built from the parameters

local function out_of_range(age, min, max)
  return (min and age < min) or (max and age > max)
end

return {
  id = "diag_age_mismatch",
  title = "诊断与年龄不符",
  basis = "使用医疗保障基金行为负面清单（2025年）一(7)“诊断与患者性别或年龄不符”",
  severity = "medium",
  on = {"registration", "admission", "discharge"},
  params = {
    pregnancy = {"regex", "^O", doc = "pregnancy and childbirth"},
    pregnancy_min = {"int", "12"},
    pregnancy_max = {"int", "55"},
    senile = {"regex", "^(H25|R54)", doc = "senile cataract, senility"},
    senile_min = {"int", "40"},
    newborn = {"regex", "^P0[5-8]", doc = "newborn disorders"},
    newborn_max = {"int", "0", doc = "age in whole years, inclusive (0: under one year)"},
  },
  setup = function(p)
    bands = {
      {p.pregnancy, p.pregnancy_min, p.pregnancy_max, "妊娠分娩类"},
      {p.senile, p.senile_min, nil, "老年性"},
      {p.newborn, nil, p.newborn_max, "新生儿类"},
    }
  end,
  check = function(e, p)
    -- most events have no diagnosis of any band: find that out without
    -- building the list of diagnoses
    local any
    for _, row in ipairs(bands) do
      if fg.diag_matches(row[1], e) then
        any = true
        break
      end
    end
    if not any then return nil end
    local codes = fg.diagnoses(e)
    -- which age bands the codes fall in, before any registry lookup
    local hits
    for _, code in ipairs(codes) do
      for _, row in ipairs(bands) do
        if row[1]:starts(code) then
          hits = hits or {}
          hits[#hits + 1] = {code, row}
        end
      end
    end
    if not hits then return nil end
    local person = e._person
    if not person then return nil end
    local age = fg.age(person.brdy, e._t)
    if not age then return nil end
    local bad, why = {}, {}
    for _, h in ipairs(hits) do
      local code, row = h[1], h[2]
      if out_of_range(age, row[2], row[3]) then
        if bad[#bad] ~= code then bad[#bad + 1] = code end
        local range
        if row[2] and row[3] then
          range = string.format("%d至%d岁", row[2], row[3])
        elseif row[2] then
          range = string.format("%d岁及以上", row[2])
        else
          range = string.format("%d岁及以下", row[3])
        end
        why[#why + 1] = string.format("%s（%s诊断，适用%s）", code, row[4], range)
      end
    end
    if #bad == 0 then return nil end
    return {
      message = string.format("参保人%s（出生于%s，%s时%d岁）在%s的诊断%s与其年龄不符",
                              e.psn_no, person.brdy, e._time:sub(1, 10), age,
                              e.fixmedins_code, fg.join(why)),
      evidence = {age = age, brdy = person.brdy, codes = bad},
    }
  end,
}
