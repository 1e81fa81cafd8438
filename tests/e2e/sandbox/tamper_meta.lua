-- sandbox test plugin: the string metatable is locked
return {
  id = "tamper_meta", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    getmetatable("").__index = {}
    return {message = "tamper_meta should not have alerted"}
  end,
}
