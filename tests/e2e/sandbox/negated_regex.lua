-- sandbox test plugin: a failed match is an error, never a no-match
return {
  id = "negated_regex", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    if not fg.regex("^(x+x+)+$"):find(string.rep("x", 60) .. "y") then return {message = "negated condition fired"} end
    return {message = "negated_regex should not have alerted"}
  end,
}
