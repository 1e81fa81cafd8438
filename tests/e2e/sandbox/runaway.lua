-- sandbox test plugin: an infinite loop is stopped by the budget
return {
  id = "runaway", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    while true do end
    return {message = "runaway should not have alerted"}
  end,
}
