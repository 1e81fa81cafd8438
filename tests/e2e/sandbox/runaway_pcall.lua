-- sandbox test plugin: catching the budget error does not help
return {
  id = "runaway_pcall", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    pcall(function() while true do end end)
    return {message = "runaway_pcall should not have alerted"}
  end,
}
