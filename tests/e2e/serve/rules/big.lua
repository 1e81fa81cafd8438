-- serve_big: a fee line above a limit (no state).
return {
  id = "serve_big",
  title = "大额费用明细",
  basis = "tests/e2e/serve",
  severity = "medium",
  on = {"fee"},
  params = {
    limit = {"money", "880"},
  },
  check = function(e, p)
    local amount = e.det_item_fee_sumamt
    if amount <= p.limit then return nil end
    return {
      message = string.format("%s的费用明细%s金额%s元超过%s元", e.psn_no, e._id, fg.yuan(amount),
                              fg.yuan(p.limit)),
      amount = amount,
    }
  end,
}
