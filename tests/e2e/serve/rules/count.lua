-- serve_count: every Nth fee line of a person.  It keeps state across
-- events (a count per person in a host store) that does not depend on its
-- parameter or its text, so a replay of the journal with any version
-- rebuilds the same state; the reload test edits `every` and the marker.
local seen

return {
  id = "serve_count",
  title = "费用明细计数",
  basis = "tests/e2e/serve",
  severity = "low",
  on = {"fee"},
  params = {
    every = {"int", "5", doc = "alert on every Nth fee line of a person"},
  },
  setup = function(p)
    seen = fg.kv("serve_count.seen")
  end,
  check = function(e, p)
    local n = seen:add(e.psn_no, e._t + 86400 * 3650, 1)
    if n % p.every ~= 0 then return nil end
    return {
      message = string.format("参保人%s的第%d条费用明细（每%d条一报，版本V0）", e.psn_no, n, p.every),
      evidence = {count = n},
    }
  end,
}
