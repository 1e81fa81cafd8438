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
-- mdtrt_ids of the stays that may still count, as one string in a kv entry;
-- the host's encounter registry (fg.encounter) tells each stay's person,
-- admission time and whether its discharge has arrived.  Stays that can no
-- longer count (discharged and admitted more than [recent] ago, older than
-- [open_stay_memory], or forgotten by the host) are dropped from the list
-- whenever it is read, so a list holds little more than the open stays.
local lists = fg.kv("cohort_admission.stays")
local SEP = "\30"

-- A non-empty code, or nil.
local function code(v)
  if type(v) == "number" then v = tostring(v) end
  if type(v) ~= "string" or v == "" then return nil end
  return v
end

-- Reads the list of one group at instant now: the other distinct persons in
-- hospital (arrays of psn_no and of one mdtrt_id each), and the ids that
-- stay on the list.
local function in_hospital(key, me, now, p)
  local persons, stays, keep, seen = {}, {}, {}, {}
  local _, _, s = lists:get(key)
  if not s then return persons, stays, keep end
  for _, mdtrt in ipairs(fg.split(s, SEP)) do
    local enc = fg.encounter(mdtrt)
    if enc then
      local start, psn = enc._start, enc.psn_no
      local age = now - start
      local open = not enc._discharged
      if age <= p.open_stay_memory and (open or age <= p.recent) then
        keep[#keep + 1] = mdtrt
        if age >= 0 and psn ~= me and not seen[psn] then
          seen[psn] = true
          persons[#persons + 1] = psn
          stays[#stays + 1] = mdtrt
        end
      end
    end
  end
  return persons, stays, keep
end

local function store(key, keep, mdtrt, now, p)
  keep[#keep + 1] = mdtrt
  lists:put(key, now + p.open_stay_memory + 86400, 0, 0, table.concat(keep, SEP))
end

return {
  id = "cohort_admission",
  title = "同户或同村人员同时在同一机构住院",
  basis = "宝医保发〔2024〕77号 二(三)4“同村或同一家庭成员同一时间在同一定点医疗机构住院的”；使用医疗保障基金行为负面清单（2025年）四(3)“协助医院组织参保人员到医院办理虚假住院”",
  severity = "high",
  on = {"admission"},
  params = {
    recent = {"duration", "3d", doc = "stays admitted this recently count even if discharged"},
    household_min = {"int", "1"},
    village_min = {"int", "3"},
    open_stay_memory = {"duration", "400d",
                        doc = "how long an admission without a discharge is held as in hospital"},
  },
  check = function(e, p)
    local person = e._person
    if not person then return nil end
    local household, village = code(person.household_no), code(person.village_code)
    if not household and not village then return nil end
    if fg.admission_resent(e) then return nil end
    local me, now, inst = e.psn_no, e._t, e.fixmedins_code
    local hkey = household and fg.key(inst, "h", household)
    local vkey = village and fg.key(inst, "v", village)
    local hp, hs, vp, vs = {}, {}, {}, {}
    if hkey then
      local keep
      hp, hs, keep = in_hospital(hkey, me, now, p)
      store(hkey, keep, e.mdtrt_id, now, p)
    end
    if vkey then
      local keep
      vp, vs, keep = in_hospital(vkey, me, now, p)
      store(vkey, keep, e.mdtrt_id, now, p)
    end
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
