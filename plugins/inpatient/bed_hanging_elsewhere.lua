-- bed_hanging_elsewhere 挂床住院（住院期间他处就医购药） (spec/RULES.md C; 负面清单 一(6))
-- A registration or a pharmacy sale at another institution while the person
-- has an inpatient stay there that covers the event: the stay runs from its
-- admission to the discharge with the same mdtrt_id, both ends inclusive,
-- and is open-ended while no discharge has arrived.
--
-- Reading of the spec:
-- - the stays are the host's encounter registry (fg.stays): every admission
--   of the person, closed by its discharge; a stay covers the event when
--   admission time <= event time and (no discharge yet or event time <=
--   discharge time), so an admission timed after the event does not count;
-- - "a different institution" compares fixmedins_code of the event with the
--   stay's; the check needs neither the person nor the institution record;
-- - when several stays cover the event, the evidence names the latest
--   admitted one (one alert per event).
return {
  id = "bed_hanging_elsewhere",
  title = "挂床住院（住院期间他处就医购药）",
  basis = "使用医疗保障基金行为负面清单（2025年）一(6)“挂床住院”、四(3)“协助医院组织参保人员到医院办理虚假住院、挂床住院”；宝医保发〔2024〕77号 二(二)3“分解住院、挂床住院”",
  severity = "high",
  on = {"registration", "sale"},
  check = function(e, p)
    if not fg.has_stays(e.psn_no) then return nil end
    local stays = fg.stays(e.psn_no)
    local n = #stays
    if n == 0 then return nil end
    local t, here = e._t, e.fixmedins_code
    local best, best_start
    for i = n, 1, -1 do
      local s = stays[i]
      local start = s._start
      if start <= t and s.fixmedins_code ~= here then
        local stop = s._end
        if (not stop or t <= stop) and (not best or start > best_start) then
          best, best_start = s, start
        end
      end
    end
    if not best then return nil end
    local stop = best._end
    local what = e._type == "sale" and "购药" or "就诊挂号"
    return {
      message = string.format("参保人%s于%s在%s%s，其时正在%s住院（就诊%s，%s入院，%s）",
                              e.psn_no, e._time, here, what, best.fixmedins_code,
                              best.mdtrt_id, fg.fmt_time(best_start),
                              stop and (fg.fmt_time(stop) .. "出院") or "尚未出院"),
      evidence = {stay_mdtrt_id = best.mdtrt_id, stay_fixmedins_code = best.fixmedins_code,
                  admission_time = fg.fmt_time(best_start),
                  discharge_time = stop and fg.fmt_time(stop) or nil},
    }
  end,
}
