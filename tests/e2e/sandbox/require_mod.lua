-- sandbox test plugin: require is not visible
return {
  id = "require_mod", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    require("os")
    return {message = "require_mod should not have alerted"}
  end,
}
