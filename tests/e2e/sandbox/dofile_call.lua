-- sandbox test plugin: dofile is not visible
return {
  id = "dofile_call", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    dofile("/etc/passwd")
    return {message = "dofile_call should not have alerted"}
  end,
}
