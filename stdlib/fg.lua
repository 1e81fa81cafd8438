-- stdlib/fg.lua — the Lua half of the rule standard library.
--
-- Runs once in every rule Lua state, before any plugin, with the host API
-- table `fg` (C functions, interpreter/fg_lapi*.c) as its only argument;
-- whatever it adds to `fg` rules see as fg.NAME.  Keep these helpers small
-- and pure: state belongs to the host (fg.kv, fg.window, fg.tracecodes).
local fg = ...

local DAY = 86400

-- Durations in seconds.
function fg.days(n) return n * DAY end
function fg.hours(n) return n * 3600 end
function fg.minutes(n) return n * 60 end

-- 0 <= later - earlier <= span ("within N days" of spec/RULES.md).
function fg.within(earlier, later, span)
  local d = later - earlier
  return d >= 0 and d <= span
end

-- A number rounded to an integer, halves away from zero (money in fen).
function fg.round(x)
  if math.type(x) == "integer" then return x end
  return x >= 0 and math.floor(x + 0.5) or -math.floor(-x + 0.5)
end

-- The money total of a fee or sale line in fen: det_item_fee_sumamt when
-- given, else cnt x pric rounded to the fen.
function fg.line_total(e)
  local total = e.det_item_fee_sumamt
  if total then return total end
  local cnt, pric = e.cnt, e.pric
  if not cnt or not pric then return nil end
  return fg.round(cnt * pric)
end

-- A boolean read leniently: JSON true, and 1, "1", "true" from senders
-- that write flags as numbers or text (unknown fields are not checked).
function fg.flag(v)
  return v == true or v == 1 or v == "1" or v == "true"
end

-- An admission event for an encounter the host already holds as admitted
-- for the same person and institution: a re-sent admission, the same stay.
function fg.admission_resent(e)
  local enc = fg.encounter(e.mdtrt_id)
  return enc ~= nil and enc._admission and enc.psn_no == e.psn_no
         and enc.fixmedins_code == e.fixmedins_code
end

-- A duration in seconds as days for messages ("15", "0.5").
function fg.fmt_days(seconds)
  return string.format("%g", seconds / DAY)
end

-- A "drug line" (spec/RULES.md, clarifications): a fee whose code is in
-- drugs.csv or whose list_type is 101/102, and every sale.
function fg.is_drug_line(e)
  local t = e._type
  if t == "sale" then return true end
  if t ~= "fee" then return false end
  local lt = e.list_type
  return lt == "101" or lt == "102" or e._drug ~= false
end

-- First code of a list that the pattern matches at its start, or nil.
function fg.first_match(re, codes)
  if not codes then return nil end
  for _, c in ipairs(codes) do
    if re:starts(c) then return c end
  end
  return nil
end

-- Every code of a list that the pattern matches at its start (a new list).
function fg.matches(re, codes)
  local out = {}
  if codes then
    for _, c in ipairs(codes) do
      if re:starts(c) then out[#out + 1] = c end
    end
  end
  return out
end

-- City of an area code: its first 4 digits, nil when unknown.
function fg.city(admdvs)
  if type(admdvs) ~= "string" or #admdvs < 4 then return nil end
  return admdvs:sub(1, 4)
end

-- A person's age in whole years at the event, or nil.
function fg.age_at(person, e)
  if not person then return nil end
  return fg.age(person.brdy, e._t)
end

-- Hospital level of an institution as a number (absent: 0), or nil when
-- the institution is unknown.
function fg.hosp_level(inst)
  if not inst then return nil end
  return tonumber(inst.hosp_lv) or 0
end

-- "a、b、c" for messages.
function fg.join(list, sep)
  return table.concat(list, sep or "、")
end
