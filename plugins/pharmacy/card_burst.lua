-- card_burst 聚敛盗刷（短时大量刷卡） (spec/RULES.md E)
-- A pharmacy whose sale lines within the last [10] minutes come from at
-- least [15] distinct persons: alert on the sale that reaches the
-- threshold, then stay quiet for that pharmacy for [10] minutes.
--
-- Reading of the spec:
-- - the window is [t - 10 min, t] on event time, both ends inclusive, the
--   current sale included; persons are distinct psn_no;
-- - every sale line counts, returns (cnt < 0) included, but a return never
--   alerts: the next sale that still meets the threshold does;
-- - quiet: after an alert at t_a, a sale timed t <= t_a + 10 min ("within
--   10 minutes", inclusive like every window here) does not alert; the first
--   sale after that which meets the threshold alerts again;
-- - "pharmacy" is the sale's fixmedins_code: no institution or person
--   record is needed.
local sales                                  -- fixmedins_code -> (t, -, psn_no)
local quiet = fg.kv("card_burst.quiet")      -- fixmedins_code -> a = last alert time

return {
  id = "card_burst",
  title = "聚敛盗刷（短时大量刷卡）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(7)“收集并空刷参保人员医保凭证”、四(2)“非法收取参保人员医保凭证到定点医疗服务机构刷卡结付”；"
       .. "渝府办发〔2019〕70号 二(一)“对定点零售药店，重点查处聚敛盗刷社保卡”",
  severity = "high",
  on = {"sale"},
  params = {
    window = {"duration", "10m"},
    persons = {"int", "15", doc = "distinct persons in the window"},
    quiet = {"duration", "10m", doc = "silence after an alert"},
  },
  setup = function(p)
    sales = fg.window("card_burst.sales", p.window + 86400)
  end,
  check = function(e, p)
    local key, t = e.fixmedins_code, e._t
    sales:push(key, t, nil, e.psn_no)
    if e.cnt < 0 then return nil end
    local from = t - p.window
    local lines = sales:count(key, from, t)
    if lines < p.persons then return nil end
    local ta = quiet:get(key)
    if ta and t - ta <= p.quiet then return nil end
    local n = sales:distinct(key, from, t)
    if n < p.persons then return nil end
    quiet:put(key, t + p.quiet + 86400, t)
    local persons, seen = {}, {}
    for _, _, psn in sales:each(key, from, t) do
      if not seen[psn] then
        seen[psn] = true
        persons[#persons + 1] = psn
      end
    end
    return {
      message = string.format("药店%s在%s至%s的%d分钟内有%d名不同参保人刷卡购药（%d条销售明细），"
                              .. "疑似聚敛盗刷医保凭证",
                              key, fg.fmt_time(from), e._time, p.window // 60, n, lines),
      evidence = {distinct_persons = n, sale_lines = lines, window_from = fg.fmt_time(from),
                  persons = persons},
    }
  end,
}
