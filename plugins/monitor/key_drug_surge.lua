-- key_drug_surge 重点药品异常增长 (spec/RULES.md F; 漳医保〔2023〕39号 附件1)
-- For drugs with key_monitor 1: an institution's amount for the drug in
-- the current calendar month (det_item_fee_sumamt net of refunds, exact
-- fen) is at least [10000] yuan and strictly more than [1.5] x the average
-- of its previous [3] months (each month counted, 0 when absent).  The
-- line that makes it so alerts, once per institution, drug and month.
--
-- Decisions:
-- - "That drug" is the med_list_codg (not the generic).
-- - A refund line (cnt < 0) is subtracted; when its det_item_fee_sumamt is
--   written positive it is negated.  A refund line never alerts.
-- - The comparison is exact: factor is taken as a decimal fraction num/den
--   and M * months * den > num * (sum of the previous months) in integers.
-- - No institution record is needed; fixmedins_code identifies it.
local totals = fg.kv("key_drug_surge.month_total")   -- (inst, code, month) -> a = fen
local done = fg.kv("key_drug_surge.alerted")         -- (inst, code, month)
local num, den = 3, 2

return {
  id = "key_drug_surge",
  title = "重点药品异常增长",
  basis = "漳医保〔2023〕39号 四(一)“聚焦重点药品、耗材…对其他出现异常增长的药品、耗材等，也要予以重点关注”及附件1；宝医保发〔2024〕77号 二(一)3",
  severity = "medium",
  on = {"fee"},
  params = {
    factor = {"number", "1.5"},
    months = {"int", "3", doc = "previous months averaged"},
    min_amount = {"money", "10000"},
  },
  setup = function(p)
    -- factor as an exact decimal fraction num/den
    den = 1
    while den < 1000000 and math.abs(p.factor * den - math.floor(p.factor * den + 0.5)) > 1e-9 do
      den = den * 10
    end
    num = math.floor(p.factor * den + 0.5)
  end,
  check = function(e, p)
    local code = e.med_list_codg
    local drug = e._drug
    if not drug or not drug.key_monitor then return nil end
    local amount = fg.line_total(e) or 0
    if e.cnt < 0 and amount > 0 then amount = -amount end
    local inst, month, months = e.fixmedins_code, e._month, p.months
    -- a month total is read while it is among the previous months of a
    -- later month: keep it (months + 1) x 31 days, plus a day of slack
    local total = totals:add(fg.key(inst, code, month),
                             e._t + (months + 1) * 31 * 86400 + 86400, amount)
    if e.cnt < 0 or total < p.min_amount or months < 1 then return nil end
    local dkey = fg.key(inst, code, month)
    if done:get(dkey) then return nil end
    local sum, prev = 0, {}
    for k = 1, months do
      local a = totals:get(fg.key(inst, code, month - k)) or 0
      sum = sum + a
      prev[k] = {month = fg.fmt_month(month - k), amount = fg.yuan(a)}
    end
    if total * months * den <= num * sum then return nil end
    done:put(dkey, e._t + 32 * 86400, 1)
    local avg = string.format("%.2f", sum / months / 100)
    return {
      message = string.format("%s的重点监控药品%s（%s）%s费用金额累计%s元，超过前%d个月月均%s元的%s倍",
                              inst, drug.name, code, fg.fmt_month(month), fg.yuan(total), months,
                              avg, tostring(p.factor)),
      evidence = {month = fg.fmt_month(month), month_total = fg.yuan(total),
                  previous_months = prev, previous_average = avg, feedetl_sn = e.feedetl_sn},
    }
  end,
}
