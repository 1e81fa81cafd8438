-- sandbox test plugin: the host API is read-only
return {
  id = "rawset_fg", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    fg.person = nil
    return {message = "rawset_fg should not have alerted"}
  end,
}
