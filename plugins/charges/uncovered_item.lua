-- uncovered_item 目录外项目纳入结算 (spec/RULES.md D; 负面清单 一(10))
-- A fee line whose med_list_codg is in neither drugs.csv nor items.csv.
--
-- Decisions:
-- - Refund lines (cnt < 0) never alert; every other line does.
-- - list_type does not matter: a code is covered when either catalog has it.
-- - No person, institution or encounter record is needed.
return {
  id = "uncovered_item",
  title = "目录外项目纳入结算",
  basis = "使用医疗保障基金行为负面清单（2025年）一(10)“将不属于医疗保障基金支付范围的医药费用纳入医疗保障基金结算”",
  severity = "low",
  on = {"fee"},
  check = function(e, p)
    local code = e.med_list_codg
    if e._item or e._drug then return nil end
    if e.cnt < 0 then return nil end
    local name = e.medins_list_name
    return {
      message = string.format("%s于%s将目录外项目%s%s纳入参保人%s（就诊%s）的医保结算，金额%s元",
                              e.fixmedins_code, e._time, code,
                              name and ("（" .. name .. "）") or "", e.psn_no, e.mdtrt_id,
                              fg.yuan(fg.line_total(e))),
      evidence = {med_list_codg = code, medins_list_name = name, list_type = e.list_type,
                  feedetl_sn = e.feedetl_sn},
    }
  end,
}
