-- sandbox test plugin: io is not visible
return {
  id = "io_open", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    local f = io.open("/etc/passwd")
    return {message = "io_open should not have alerted"}
  end,
}
