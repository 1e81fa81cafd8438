-- sandbox test plugin: Lua patterns are not available (no step limit)
return {
  id = "lua_pattern", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    local x = ("aaa"):find("a")
    return {message = "lua_pattern should not have alerted"}
  end,
}
