-- sandbox test plugin: os is not visible
return {
  id = "os_exit", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    os.exit(3)
    return {message = "os_exit should not have alerted"}
  end,
}
