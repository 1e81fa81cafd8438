-- cohort_admission 同户或同村人员同时在同一机构住院 (spec/RULES.md C; 民营重点 二(三)4)
-- On an admission: among the other persons currently in hospital at the same
-- institution, at least [1] of the same household_no or at least [3] of the
-- same village_code.  A stay is "currently in hospital" when it was admitted
-- within the last [3] days (0 <= now - admission <= 3x24h, even if already
-- discharged) or no discharge for its mdtrt_id has arrived yet (and it was
-- admitted at or before now).  One alert per admission that meets either
-- condition.
--
-- Reading of the spec:
-- - persons are counted once each, the admitted person never;
-- - household_no and village_code are those of each person's record when
--   their admission arrives (like aid_ratio's low-income flag); an empty or
--   absent value never matches, and an unknown person is neither checked nor
--   indexed;
-- - an admission re-sent for an encounter already admitted (same mdtrt_id,
--   person and institution) is the same stay: no second alert, no second
--   entry;
-- - the check needs no institution record.
--
-- State: for each (institution, household) and (institution, village) the
-- admissions there, as (admission time, psn_no U+001F mdtrt_id); whether a
-- stay is still open is the host's encounter registry (fg.encounter).  An
-- admission that never sees a discharge is held for [open_stay_memory], the
-- time the host keeps an encounter without activity.
local index

-- An admission event for an encounter the host has already admitted.
local function resent(e)
  local enc = fg.encounter(e.mdtrt_id)
  return enc ~= nil and enc._admission and enc.psn_no == e.psn_no
         and enc.fixmedins_code == e.fixmedins_code
end

-- A non-empty code, or nil.
local function code(v)
  if type(v) == "number" then v = tostring(v) end
  if type(v) ~= "string" or v == "" then return nil end
  return v
end

-- "psn_no\31mdtrt_id" -> psn_no, mdtrt_id
local function split(s)
  for i = 1, #s do
    if s:byte(i) == 31 then return s:sub(1, i - 1), s:sub(i + 1) end
  end
  return s, ""
end

-- The other distinct persons of one index key in hospital at instant now:
-- arrays of psn_no and of their mdtrt_id (one stay each).
local function in_hospital(key, me, now, recent)
  local persons, stays, seen = {}, {}, {}
  for t, _, s in index:each(key, math.mininteger, now) do
    local psn, mdtrt = split(s)
    if psn ~= me and not seen[psn] then
      local here = now - t <= recent
      if not here then
        local enc = fg.encounter(mdtrt)
        here = enc ~= nil and not enc._discharged
      end
      if here then
        seen[psn] = true
        persons[#persons + 1] = psn
        stays[#stays + 1] = mdtrt
      end
    end
  end
  return persons, stays
end

return {
  id = "cohort_admission",
  title = "同户或同村人员同时在同一机构住院",
  basis = "宝医保发〔2024〕77号 二(三)4：同村或同一家庭成员同一时间在同一定点医疗机构住院的；使用医疗保障基金行为负面清单（2025年）四(3)",
  severity = "high",
  on = {"admission"},
  params = {
    recent = {"duration", "3d", doc = "stays admitted this recently count even if discharged"},
    household_min = {"int", "1"},
    village_min = {"int", "3"},
    open_stay_memory = {"duration", "400d",
                        doc = "how long an admission without a discharge is held as in hospital"},
  },
  setup = function(p)
    local keep = p.open_stay_memory
    if keep < p.recent then keep = p.recent end
    index = fg.window("cohort_admission.stays", keep + 86400)
  end,
  check = function(e, p)
    local person = fg.person(e.psn_no)
    if not person then return nil end
    local household, village = code(person.household_no), code(person.village_code)
    if not household and not village then return nil end
    if resent(e) then return nil end
    local me, now, inst = e.psn_no, e._t, e.fixmedins_code
    local hkey = household and fg.key(inst, "h", household)
    local vkey = village and fg.key(inst, "v", village)
    local hp, hs, vp, vs = {}, {}, {}, {}
    if hkey then hp, hs = in_hospital(hkey, me, now, p.recent) end
    if vkey then vp, vs = in_hospital(vkey, me, now, p.recent) end
    local entry = fg.key(me, e.mdtrt_id)
    if hkey then index:push(hkey, now, 0, entry) end
    if vkey then index:push(vkey, now, 0, entry) end
    local by_household = household and #hp >= p.household_min
    local by_village = village and #vp >= p.village_min
    if not by_household and not by_village then return nil end
    local parts = {}
    if by_household then
      parts[#parts + 1] = string.format("同户（户编号%s）的%s", household, fg.join(hp))
    end
    if by_village then
      parts[#parts + 1] = string.format("同村（村编码%s）的%s", village, fg.join(vp))
    end
    return {
      message = string.format("参保人%s于%s在%s入院（就诊%s），%s同时在该院住院",
                              me, e._time, inst, e.mdtrt_id, fg.join(parts, "及")),
      evidence = {household_no = household, village_code = village,
                  household_persons = #hp > 0 and hp or nil,
                  household_mdtrt_ids = #hs > 0 and hs or nil,
                  village_persons = #vp > 0 and vp or nil,
                  village_mdtrt_ids = #vs > 0 and vs or nil},
    }
  end,
}
