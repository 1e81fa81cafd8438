-- non_drug_as_drug 串换（日用品、保健品串换为药品） (spec/RULES.md E)
-- A sale whose fixmedins_hilist_name (the pharmacy's own product name)
-- matches the non-drug pattern, searched anywhere in the name.
--
-- Reading of the spec:
-- - the pattern is matched as written (case included) anywhere in the name;
--   an absent or empty name never matches;
-- - returns (cnt < 0) never alert; cnt 0 does;
-- - the national code (med_list_codg) is not looked at: the name is the
--   evidence of the swap; no institution or person record is needed.
return {
  id = "non_drug_as_drug",
  title = "串换（日用品、保健品串换为药品）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(1)“以日用品、保健品以及其他商品串换为医保基金可支付的药品……进行销售，并纳入医保基金结算”；"
       .. "渝府办发〔2019〕70号 二(一)“诱导参保人购买化妆品、生活用品等行为”",
  severity = "high",
  on = {"sale"},
  requires = {"fixmedins_hilist_name"},
  params = {
    pattern = {"regex", "面膜|洗发|沐浴|牙膏|化妆|护肤|奶粉|保健品|食用油|大米|纸巾|卫生巾|白酒|洗衣", doc = "non-drug product names"},
  },
  check = function(e, p)
    local name = e.fixmedins_hilist_name
    if not name or e.cnt < 0 or not p.pattern:find(name) then return nil end
    local total = fg.line_total(e)
    return {
      message = string.format("药店%s于%s将商品“%s”按医保目录%s为参保人%s结算，数量%s，金额%s元",
                              e.fixmedins_code, e._time, name, e.med_list_codg, e.psn_no,
                              tostring(e.cnt), total and fg.yuan(total) or "未知"),
      evidence = {fixmedins_hilist_name = name, med_list_codg = e.med_list_codg},
    }
  end,
}
