-- trace_code_missing 无追溯码结算（无码不付） (spec/RULES.md A; 负面清单 一(14)、二(13))
-- A fee line with list_type 101, or any sale line, with cnt > 0 and no trace
-- code, at an institution whose mandatory date has passed: retail
-- pharmacies (fixmedins_type 2) [2025-04-01], hosp_lv 0 or 1 [2025-05-01],
-- hosp_lv 2 [2025-06-01], hosp_lv 3 [none: not enforced].
--
-- Reading of the spec:
-- - "no trace code" is drug_trac_codg absent, null or [] (the decoder
--   accepts nothing else than an array of strings there, so a list holding
--   any string, even "", is a line with a code);
-- - the date has passed when the event's CST date is on or after it;
-- - the institution decides the date: fixmedins_type "2" is a pharmacy
--   whatever its level; every other institution (type "1" or absent) goes
--   by hosp_lv, absent meaning 0; a level outside 0..3 has no date;
-- - a fee line counts only with list_type "101" (not "102", not a drugs.csv
--   code with another list_type); every sale line counts;
-- - unknown institution: not enforced; the person record is not needed;
-- - RULES.md defines no amount for this rule: the line total is in the
--   message only.
local LEVEL_NAME = {[0] = "一级以下医疗机构", "一级医疗机构", "二级医疗机构", "三级医疗机构"}

return {
  id = "trace_code_missing",
  title = "无追溯码结算（无码不付）",
  basis = "使用医疗保障基金行为负面清单（2025年）一(14)、二(13)“未按要求上传、采集药品、医用耗材追溯码”；"
       .. "乌政办发〔2025〕13号 四(一)1“4月1日前定点零售药店、5月1日起一级及以下医疗机构、"
       .. "6月1日起二级医疗机构实现‘依码结算’‘无码不付’”",
  severity = "medium",
  on = {"fee", "sale"},
  params = {
    pharmacy_from = {"date", "2025-04-01", doc = "retail pharmacies (fixmedins_type 2) from this day"},
    lv01_from = {"date", "2025-05-01", doc = "hosp_lv 0 or 1 (or absent) from this day"},
    lv2_from = {"date", "2025-06-01", doc = "hosp_lv 2 from this day"},
    lv3_from = {"date", "none", doc = "hosp_lv 3 from this day (none: not enforced)"},
  },
  check = function(e, p)
    if e.cnt <= 0 then return nil end
    if e._type == "fee" and e.list_type ~= "101" then return nil end
    local codes = e.drug_trac_codg
    if codes and #codes > 0 then return nil end
    local inst = e._institution
    if not inst then return nil end
    local from, kind
    if inst.fixmedins_type == "2" then
      from, kind = p.pharmacy_from, "定点零售药店"
    else
      local lv = fg.hosp_level(inst)
      if lv == 0 or lv == 1 then
        from = p.lv01_from
      elseif lv == 2 then
        from = p.lv2_from
      elseif lv == 3 then
        from = p.lv3_from
      end
      kind = LEVEL_NAME[lv] or "医疗机构"
    end
    if not from or e._day < from then return nil end
    local total = fg.line_total(e)
    return {
      message = string.format("%s%s于%s结算%s明细%s（参保人%s，数量%s，金额%s元）未上传药品追溯码，"
                              .. "该机构自%s起应“无码不付”",
                              kind, e.fixmedins_code, e._time,
                              e._type == "sale" and "销售" or "费用",
                              e.med_list_codg, e.psn_no, tostring(e.cnt),
                              total and fg.yuan(total) or "未知", fg.fmt_day(from)),
      evidence = {fixmedins_type = inst.fixmedins_type, hosp_lv = inst.hosp_lv,
                  mandatory_from = fg.fmt_day(from)},
    }
  end,
}
