-- regression plugin: a kv write whose expiry is already behind the
-- watermark (an event older than one seen before).  The store's sweep used
-- to run after the write and free the entry being written.
local kv = fg.kv("regress.kv")
return {
  id = "kv_past_expiry", title = "回归测试", basis = "tests/e2e/regress.t", severity = "low",
  on = {"fee"},
  check = function(e, p)
    for i = 1, 64 do kv:put(fg.key(e._id, i), e._t + 1, i, 0, "x") end
    local a = kv:add(fg.key(e._id, "n"), e._t + 1, 5)
    return {message = "wrote " .. a}
  end,
}
