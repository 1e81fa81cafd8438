-- regression plugin: a rule that never ends when it sees a review bundle's
-- encounter (reviews are evaluated in a forked engine, which must have a
-- time limit of its own or the parent waits for it forever).
return {
  id = "review_runaway", title = "回归测试", basis = "tests/e2e/regress.t", severity = "low",
  on = {"registration"},
  check = function(e, p)
    if e.mdtrt_id == "LOOP" then while true do end end
    return {message = "seen " .. e._id}
  end,
}
