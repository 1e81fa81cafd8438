-- regression plugin: reads every stay of the person on each sale (the
-- encounter registry's per-person lists must never hold a freed stay).
return {
  id = "stays_reader", title = "回归测试", basis = "tests/e2e/regress.t", severity = "low",
  on = {"sale"},
  check = function(e, p)
    local n = 0
    for _, s in ipairs(fg.stays(e.psn_no)) do n = n + (s._start > 0 and 1 or 0) end
    return {message = "stays " .. n}
  end,
}
