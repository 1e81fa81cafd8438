#!/usr/bin/env bash
# The command line: help, exit statuses, startup errors as FILE:LINE:COL.
. "$(dirname "$0")/lib.sh"

"$FG_BIN" --help > "$TMP/h" 2>&1
ok $? "fundguard --help exits 0"
check "help lists run and test" contains "$TMP/h" "run "
"$FG_BIN" run --help > "$TMP/h" 2>&1
for opt in --ruleset --catalog --input --output --dead-letter --quiet --budget --lua-memory --max-line; do
    check "run --help documents $opt" contains "$TMP/h" "$opt"
done
"$FG_BIN" nosuch > /dev/null 2>&1
[ $? -eq 2 ]; ok $? "unknown command exits 2"
"$FG_BIN" run --nosuch < /dev/null > /dev/null 2>&1
[ $? -eq 2 ]; ok $? "unknown option exits 2"

echo '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P1"}' | "$FG_BIN" run > "$TMP/out" 2> "$TMP/err"
ok $? "runs the default ruleset from stdin"

# a plugin with a syntax error: FILE:LINE:COL, exit 2
mkdir -p "$TMP/rs"
cat > "$TMP/rs/broken.lua" <<'LUA'
return {
  id = "broken", title = "坏", basis = "test", severity = "low", on = {"fee"},
  check = function(e, p)
    if e.cnt > then return nil end
  end,
}
LUA
"$FG_BIN" run --ruleset "$TMP/rs" < /dev/null > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "a rule that does not compile is a startup error (exit 2)"
check "the error names FILE:LINE:COL" grep -qE "broken.lua:4:[0-9]+: " "$TMP/err"

# a bad declaration is reported at the offending key
cat > "$TMP/rs/broken.lua" <<'LUA'
return {
  id = "broken", title = "坏", basis = "test",
  severity = "severe",
  on = {"fee"},
  check = function(e, p) end,
}
LUA
"$FG_BIN" run --ruleset "$TMP/rs" < /dev/null > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "an unknown severity is a startup error"
check "reported at its line and column" grep -qE "broken.lua:3:3: error: unknown severity" "$TMP/err"

# manifest errors: unknown parameter, bad value
cat > "$TMP/rs/ok.lua" <<'LUA'
return {
  id = "ok_rule", title = "好", basis = "test", severity = "low", on = {"fee"},
  params = { window = {"duration", "15d"} },
  check = function(e, p) end,
}
LUA
rm "$TMP/rs/broken.lua"
printf 'ruleset t\nrule ok.lua\n    window = 15 days\n    nosuch = 1\n' > "$TMP/rs/manifest"
"$FG_BIN" run --ruleset "$TMP/rs" < /dev/null > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "a bad override is a startup error"
check "bad duration reported at its line" grep -qE "manifest:3:5: error: ok_rule.window = 15 days" "$TMP/err"
check "unknown parameter reported, with the known ones" contains "$TMP/err" "parameters of ok_rule: window"

# catalog errors
mkdir -p "$TMP/cat"
printf 'med_list_codg,name,generic,max_price,min_hosp_lv,diag_pattern,max_prd_days,key_monitor\nD1,x,,12.345,,,,\nD2,y,,1,,^(I10,,\n' > "$TMP/cat/drugs.csv"
"$FG_BIN" run --catalog "$TMP/cat" < /dev/null > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "a bad catalog is a startup error"
check "bad amount at FILE:LINE:COL" grep -qE "drugs.csv:2:7: error: bad amount '12.345'" "$TMP/err"
check "bad pattern reported too (every error, not just the first)" grep -qE "drugs.csv:3:[0-9]+: error: bad regular expression" "$TMP/err"
done_testing
