-- drug_restriction 超限定支付范围用药 (spec/RULES.md D; 负面清单 一(12), 二(3)(8))
-- A fee line for a drug whose drugs.csv diag_pattern matches none of the
-- encounter's diagnoses (for a med_type 14 visit: its certified dise_codg),
-- or whose min_hosp_lv exceeds the institution's level.
--
-- Decisions:
-- - The drug must have a drugs.csv row; refund lines (cnt < 0) never alert.
-- - The diagnosis check needs the encounter (fg.encounter(mdtrt_id)): when
--   it is unknown that check is not made.  Its diagnoses are fg.diagnoses
--   (admission/registration and, once discharged, discharge diagnoses).
--   A known encounter with no diagnosis at all matches nothing.
-- - med_type 14 looks at dise_codg only; a 14 visit without dise_codg
--   matches nothing.
-- - The level check needs the institution: unknown, not made.  Absent
--   hosp_lv is level 0.
-- - Both failures on one line give one alert naming both.
local LV_NAME = {[0] = "一级以下", "一级", "二级", "三级"}

local function lv_name(lv) return LV_NAME[lv] or (tostring(lv) .. "级") end

return {
  id = "drug_restriction",
  title = "超限定支付范围用药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(12)“超药品政策限定使用药品报销”、二(3)“超医保限定支付条件和范围”、二(8)“开具非认定病种治疗用药”",
  severity = "medium",
  on = {"fee"},
  check = function(e, p)
    local drug = e._drug
    if not drug or not (drug.diag or drug.min_hosp_lv) then return nil end
    if e.cnt < 0 then return nil end
    local reasons, evidence = {}, {feedetl_sn = e.feedetl_sn}
    if drug.diag then
      local enc = e._encounter
      if enc then
        local med_type = enc.med_type and tostring(enc.med_type)
        local ok, checked
        if med_type == "14" then
          ok = drug.diag:starts(enc.dise_codg)
          evidence.dise_codg = enc.dise_codg
          checked = "认定病种" .. (enc.dise_codg or "（无）")
        else
          local diags = fg.diagnoses(enc)
          ok = fg.first_match(drug.diag, diags) ~= nil
          evidence.diagnoses = diags
          checked = #diags > 0 and ("诊断" .. fg.join(diags)) or "无诊断"
        end
        if not ok then
          evidence.diag_pattern = drug.diag_pattern
          evidence.med_type = med_type
          reasons[#reasons + 1] = string.format("%s不符合限定支付范围%s", checked,
                                                drug.diag_pattern)
        end
      end
    end
    if drug.min_hosp_lv then
      local level = fg.hosp_level(e._institution)
      if level and drug.min_hosp_lv > level then
        evidence.min_hosp_lv = drug.min_hosp_lv
        evidence.hosp_lv = level
        reasons[#reasons + 1] = "限" .. lv_name(drug.min_hosp_lv) .. "及以上医疗机构使用，而本机构为"
                                   .. lv_name(level)
      end
    end
    if #reasons == 0 then return nil end
    return {
      message = string.format("%s于%s为参保人%s（就诊%s）开具%s（%s），%s，金额%s元",
                              e.fixmedins_code, e._time, e.psn_no, e.mdtrt_id, drug.name,
                              e.med_list_codg, fg.join(reasons, "，且"),
                              fg.yuan(fg.line_total(e))),
      evidence = evidence,
    }
  end,
}
