-- excess_supply 超量开药 (spec/RULES.md D; 负面清单 一(11), 二(4))
-- A drug line (fee or sale) whose prd_days exceeds the drug's drugs.csv
-- max_prd_days, else the default for the encounter: [7] days for med_type
-- 11/13 and for pharmacy sales, [30] for med_type 14.
--
-- Decisions:
-- - Supply checks use only lines with cnt > 0 and a prd_days (RULES.md).
-- - max_prd_days wins over the default, larger or smaller; it needs no
--   encounter.  Without it, a fee line needs its encounter's med_type:
--   unknown encounter, or a med_type other than 11/13/14, no check.
-- - "Exceeds" is strict: prd_days == limit is allowed.
return {
  id = "excess_supply",
  title = "超量开药",
  basis = "使用医疗保障基金行为负面清单（2025年）一(11)“超量开药”、二(4)“超量多开药品”",
  severity = "medium",
  on = {"fee", "sale"},
  requires = {"prd_days"},
  params = {
    outpatient_days = {"int", "7", doc = "default for med_type 11/13 and pharmacy sales"},
    chronic_days = {"int", "30", doc = "default for med_type 14"},
  },
  check = function(e, p)
    local days = e.prd_days
    if not days or e.cnt <= 0 or not fg.is_drug_line(e) then return nil end
    local drug = e._drug
    local limit, why
    if drug and drug.max_prd_days then
      limit, why = drug.max_prd_days, "目录限定"
    elseif e._type == "sale" then
      limit, why = p.outpatient_days, "药店购药"
    else
      local enc = e._encounter
      if not enc then return nil end
      local mt = enc.med_type and tostring(enc.med_type)
      if mt == "11" or mt == "13" then
        limit, why = p.outpatient_days, (mt == "11" and "普通门诊" or "急诊")
      elseif mt == "14" then
        limit, why = p.chronic_days, "门诊慢特病"
      else
        return nil
      end
    end
    if days <= limit then return nil end
    local name = drug and drug.name or e.medins_list_name or e.fixmedins_hilist_name
                 or e.med_list_codg
    return {
      message = string.format("%s于%s为参保人%s开具%s（%s）%s天用量，超过%s%s天的上限",
                              e.fixmedins_code, e._time, e.psn_no, name, e.med_list_codg,
                              tostring(days), why, tostring(limit)),
      evidence = {prd_days = days, max_days = limit, limit_source = why,
                  mdtrt_id = e.mdtrt_id, setl_id = e.setl_id, feedetl_sn = e.feedetl_sn},
    }
  end,
}
