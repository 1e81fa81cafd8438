-- trace_code_missing 无追溯码结算（无码不付） (spec/RULES.md)
-- A fee line with list_type 101, or any sale line, with cnt > 0 and no trace code, at an institution whose mandatory date has passed.
-- NOT YET IMPLEMENTED: the declaration is final, check() raises nothing.
return {
  id = "trace_code_missing",
  title = "无追溯码结算（无码不付）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(11)；追溯码“无码不付”专项行动",
  severity = "medium",
  on = {"fee", "sale"},
  params = {
    pharmacy_from = {"date", "2025-04-01", doc = "retail pharmacies (fixmedins_type 2) from this day"},
    lv01_from = {"date", "2025-05-01", doc = "hosp_lv 0 or 1 (or absent) from this day"},
    lv2_from = {"date", "2025-06-01", doc = "hosp_lv 2 from this day"},
    lv3_from = {"date", "none", doc = "hosp_lv 3 from this day (none: not enforced)"},
  },
  check = function(e, p)
    return nil
  end,
}
