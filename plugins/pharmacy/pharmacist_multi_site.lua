-- pharmacist_multi_site 执业药师一证多挂 (spec/RULES.md E)
-- A sale whose phar_prac_cert_no has already appeared at a different
-- pharmacy the same calendar day: one alert per (certificate, day,
-- pharmacy); returning to the first pharmacy after another alerts for the
-- first pharmacy too.
--
-- Reading of the spec:
-- - "already appeared" is in arrival order among the sale lines of the same
--   CST calendar day; the first line at a pharmacy that finds another
--   pharmacy before it alerts, later lines at that pharmacy that day do not;
-- - every sale line is an appearance, returns (cnt < 0) included, but a
--   return never alerts (a later sale there still can);
-- - an absent or empty phar_prac_cert_no is no certificate;
-- - "pharmacy" is the sale's fixmedins_code: no institution or person
--   record is needed.
--
-- State per (certificate, day): the first pharmacy F and the first other
-- pharmacy G seen; a pharmacy X has another before it when X ~= F, or when
-- X == F and G is known.
local seen = fg.kv("pharmacist_multi_site.day")      -- (cert, day) -> a = time at F, b = time at G, s = F US G
local alerted = fg.kv("pharmacist_multi_site.alerted")  -- (cert, day, pharmacy) once
local SEP = "\31"

return {
  id = "pharmacist_multi_site",
  title = "执业药师一证多挂",
  basis = "乌政办发〔2025〕13号 四(一)4“严打执业药师‘一证多挂’……对执业药师不在岗、挂证等情况进行重点检查”；"
       .. "使用医疗保障基金行为负面清单（2025年）二(20)“未经药师审核、签字即调剂、配发药品”",
  severity = "high",
  on = {"sale"},
  requires = {"phar_prac_cert_no"},
  check = function(e, p)
    local cert = e.phar_prac_cert_no
    if not cert or cert == "" then return nil end
    local here, now, day = e.fixmedins_code, e._t, e._day
    local key = fg.key(cert, day)
    local expire = now - e._sod + 2 * 86400      -- end of the day plus a day
    local ta, tb, s = seen:get(key)
    if not ta then
      seen:put(key, expire, now, 0, here)
      return nil
    end
    local first, second = fg.cut(s, "\31")
    if not second and first ~= here then
      second, tb = here, now
      seen:put(key, expire, ta, tb, first .. SEP .. second)
    end
    if e.cnt < 0 then return nil end
    local other, tother
    if first ~= here then
      other, tother = first, ta
    elseif second then
      other, tother = second, tb
    else
      return nil
    end
    if not alerted:once(fg.key(cert, day, here), expire) then return nil end
    return {
      message = string.format("执业药师%s于%s已在%s审方，同日%s又在%s审核销售，疑似一证多挂",
                              cert, fg.fmt_time(tother), other, e._time, here),
      evidence = {other_fixmedins_code = other, other_time = fg.fmt_time(tother),
                  day = fg.fmt_day(day)},
    }
  end,
}
