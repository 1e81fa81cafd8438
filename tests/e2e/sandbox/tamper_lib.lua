-- sandbox test plugin: library tables are read-only
return {
  id = "tamper_lib", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    string.len = function() return 0 end
    return {message = "tamper_lib should not have alerted"}
  end,
}
