-- split_admission 分解住院 (spec/RULES.md C; 负面清单 一(6))
-- An admission of a person to the same institution within [15] days after
-- their most recent discharge from it, unless the new main diagnosis is
-- exempt (chemotherapy Z51, dialysis Z49).
local last_discharge = fg.kv("split_admission.last_discharge")

return {
  id = "split_admission",
  title = "分解住院",
  basis = "使用医疗保障基金行为负面清单（2025年）一(6)",
  severity = "high",
  on = {"admission", "discharge"},
  params = {
    window = {"duration", "15d", doc = "readmission within this time of a discharge"},
    exempt = {"regex", "^(Z51|Z49)", doc = "main diagnoses of planned readmissions"},
  },
  check = function(e, p)
    local key = fg.key(e.psn_no, e.fixmedins_code)
    if e._type == "discharge" then
      local t = last_discharge:get(key)
      if not t or e._t >= t then
        -- keep a day beyond the window so an override can widen it safely
        last_discharge:put(key, e._t + p.window + 86400, e._t, 0, e.mdtrt_id)
      end
      return nil
    end
    local t, _, prev = last_discharge:get(key)
    if not t then return nil end
    local gap = e._t - t
    if gap < 0 or gap > p.window then return nil end
    if p.exempt:starts(e.main_diag) then return nil end
    return {
      message = string.format("参保人%s于%s从%s出院（就诊%s），%.1f天后再次入院（就诊%s）",
                              e.psn_no, fg.fmt_time(t), e.fixmedins_code, prev,
                              gap / 86400, e.mdtrt_id),
      evidence = {previous_mdtrt_id = prev, discharge_time = fg.fmt_time(t),
                  gap_seconds = gap},
    }
  end,
}
