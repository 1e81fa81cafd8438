-- sandbox test plugin: a well-behaved rule that must keep running
return {
  id = "good", title = "正常规则", basis = "tests/e2e/sandbox.t", severity = "low", on = {"fee"},
  check = function(e, p)
    local g = rawget(_G, "counter") or 0   -- globals are private to the plugin
    counter = g + 1
    return {message = "good " .. e._id, evidence = {string_len = ("abc"):len(), upper = string.upper("a")}}
  end,
}
