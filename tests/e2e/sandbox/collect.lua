-- sandbox test plugin: collectgarbage is not visible
return {
  id = "collect", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    collectgarbage()
    return {message = "collect should not have alerted"}
  end,
}
