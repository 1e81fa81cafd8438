-- item_sex_mismatch 项目与性别不符 (spec/RULES.md B; 负面清单 一(5)(7))
-- A fee line whose items.csv row has a sex ("1" male only, "2" female
-- only) different from the person's gend.
--
-- Decisions:
-- - A refund line (cnt < 0) never alerts; every other line of the item does.
-- - Unknown person, or gend other than "1"/"2": the check is not made.
-- - Only items.csv carries a sex; drug lines are never checked.
return {
  id = "item_sex_mismatch",
  title = "项目与性别不符",
  basis = "使用医疗保障基金行为负面清单（2025年）一(7)“不核验参保人员医保凭证”、一(5)“虚构医药服务项目”",
  severity = "high",
  on = {"fee"},
  check = function(e, p)
    local item = e._item
    if not item or not item.sex then return nil end
    if e.cnt < 0 then return nil end
    local person = e._person
    if not person then return nil end
    local gend = person.gend
    if gend ~= "1" and gend ~= "2" then return nil end
    if gend == item.sex then return nil end
    local who = gend == "1" and "男" or "女"
    local only = item.sex == "1" and "男" or "女"
    return {
      message = string.format("%s性参保人%s于%s在%s（就诊%s）被收取仅限%s性的项目%s（%s）",
                              who, e.psn_no, e._time, e.fixmedins_code, e.mdtrt_id,
                              only, item.name, e.med_list_codg),
      evidence = {gend = gend, item_sex = item.sex, item_name = item.name,
                  feedetl_sn = e.feedetl_sn},
    }
  end,
}
