-- sandbox test plugin: load is not visible
return {
  id = "load_code", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    load("return 1")()
    return {message = "load_code should not have alerted"}
  end,
}
