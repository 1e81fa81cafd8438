-- sandbox test plugin: the memory cap stops a growing string
return {
  id = "memory_bomb", title = "沙箱测试", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    local s = "x" for i = 1, 40 do s = s .. s end
    return {message = "memory_bomb should not have alerted"}
  end,
}
