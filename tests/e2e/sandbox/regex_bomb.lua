-- sandbox test plugin: a catastrophic regex hits the PCRE2 match limit
return {
  id = "regex_bomb", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    local re = fg.regex("^(a+)+$") if re:find(string.rep("a", 40) .. "b") then return nil end
    return {message = "regex_bomb should not have alerted"}
  end,
}
