-- sandbox test plugin: finalizers are refused
return {
  id = "gc_meta", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    setmetatable({}, {__gc = function() end})
    return {message = "gc_meta should not have alerted"}
  end,
}
