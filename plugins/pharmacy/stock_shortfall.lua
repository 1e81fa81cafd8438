-- stock_shortfall 进销存不符（无货销售） (spec/RULES.md E)
-- For a (pharmacy, med_list_codg) that has a stock or purchase record: a
-- sale that makes units sold exceed units available (last stock count +
-- purchases since - sales since).  Once per pair per calendar day.
--
-- Reading of the spec:
-- - the balance of a pair: a `stock` count sets it, a `purchase` adds its
--   cnt, a `sale` subtracts its cnt (a return, cnt < 0, adds back);
--   tracking starts at the pair's first stock or purchase (a purchase-only
--   start from 0); sales before that are not counted anywhere;
-- - events apply in arrival order;
-- - a sale with cnt > 0 that leaves the balance below 0 alerts (also when an
--   earlier sale already took it below 0), at most once per pair and CST
--   calendar day; returns and cnt 0 never alert;
-- - quantities are kept exactly to 1e-6 of a unit (fractional boxes);
-- - "pharmacy" is the event's fixmedins_code: no institution or person
--   record is needed;
-- - a pair untouched for [400] days and a day of slack is forgotten (memory
--   follows activity).
local balance = fg.kv("stock_shortfall.balance")  -- pair -> a = balance, b = time of count/start, s = "stock"|"purchase"
local flow = fg.kv("stock_shortfall.flow")        -- pair -> a = purchased since, b = sold since (net of returns)
local alerted = fg.kv("stock_shortfall.alerted")  -- (pair, day) once

local SCALE = 1000000

local function units(x)
  if math.type(x) == "integer" then return x * SCALE end
  local y = x * SCALE
  return y >= 0 and math.floor(y + 0.5) or -math.floor(-y + 0.5)
end

-- A scaled quantity as a number (an integer when whole).
local function qty(x)
  if x % SCALE == 0 then return x // SCALE end
  return x / SCALE
end

-- A scaled quantity as text, without exponent or trailing zeros.
local function qtext(x)
  local v = qty(x)
  if math.type(v) == "integer" then return tostring(v) end
  local t = string.format("%.6f", v)
  local n = #t
  while t:byte(n) == 48 do n = n - 1 end      -- '0'
  return t:sub(1, n)
end

return {
  id = "stock_shortfall",
  title = "进销存不符（无货销售）",
  basis = "使用医疗保障基金行为负面清单（2025年）二(9)“伪造、变造医保药品……‘进、销、存’票据和账目”、"
       .. "二(15)“未保存真实、完整的药械进销存记录”；宝医保发〔2024〕77号 二(二)10“药品、耗材进销存不符”",
  severity = "high",
  on = {"stock", "purchase", "sale"},
  params = {
    memory = {"duration", "400d", doc = "a (pharmacy, code) pair untouched this long is forgotten"},
  },
  check = function(e, p)
    local key = fg.key(e.fixmedins_code, e.med_list_codg)
    local now, kind = e._t, e._type
    local expire = now + p.memory + 86400
    local q = units(e.cnt)
    if kind == "stock" then
      balance:put(key, expire, q, now, "stock")
      flow:put(key, expire, 0, 0)
      return nil
    end
    local bal, since, how = balance:get(key)
    if not bal then
      if kind ~= "purchase" then return nil end   -- a sale before tracking starts
      bal, since, how = 0, now, "purchase"
    end
    local bought, sold = flow:get(key)
    bought, sold = bought or 0, sold or 0
    if kind == "purchase" then
      balance:put(key, expire, bal + q, since, how)
      flow:put(key, expire, bought + q, sold)
      return nil
    end
    local left = bal - q
    balance:put(key, expire, left, since, how)
    flow:put(key, expire, bought, sold + q)
    if q <= 0 or left >= 0 then return nil end
    if not alerted:once(fg.key(key, e._day), now - e._sod + 2 * 86400) then return nil end
    local start = bal - bought + sold          -- the stock count (0 for a purchase-only start)
    local available = start + bought
    local basis = how == "stock"
                  and string.format("%s盘存%s，其后购进%s", fg.fmt_time(since), qtext(start), qtext(bought))
                  or string.format("自%s首次购进起共购进%s", fg.fmt_time(since), qtext(bought))
    return {
      message = string.format("药店%s于%s销售%s数量%s后，累计销售%s超过可售数量%s（%s），无货销售",
                              e.fixmedins_code, e._time, e.med_list_codg, qtext(q),
                              qtext(sold + q), qtext(available), basis),
      evidence = {since = fg.fmt_time(since), started_by = how,
                  stock_count = how == "stock" and qty(start) or nil,
                  purchased = qty(bought), sold = qty(sold + q), available = qty(available),
                  balance = qty(left)},
    }
  end,
}
