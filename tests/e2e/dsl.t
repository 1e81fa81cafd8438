#!/usr/bin/env bash
# The rule language: accepted and rejected programs (with their exact
# messages), `fundguard check` and `compile`, .rule plugins in rulesets,
# and the three rules written in it giving the same alerts as their .lua
# versions on the fixtures and on a generated stream of 100k events.
. "$(dirname "$0")/lib.sh"

"$FG_BIN" --help > "$TMP/h" 2>&1
check "help lists check" contains "$TMP/h" "check "
check "help lists compile" contains "$TMP/h" "compile "
"$FG_BIN" check --help > "$TMP/h" 2>&1; ok $? "check --help exits 0"
"$FG_BIN" compile --help > "$TMP/h" 2>&1; ok $? "compile --help exits 0"

# ---- accepted programs: every rule of the tree and of tests/dsl/accept
for f in plugins/*/*.rule tests/dsl/accept/*.rule; do
    "$FG_BIN" check --quiet "$f" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    [ $rc -eq 0 ] && [ ! -s "$TMP/err" ] && [ ! -s "$TMP/out" ]
    ok $? "accepted: $f" || sed 's/^/#   /' "$TMP/err" | head -20
done

# ---- rejected programs: exit 2, and exactly the expected messages
for f in tests/dsl/reject/*.rule; do
    "$FG_BIN" check "$f" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    [ $rc -eq 2 ]; ok $? "rejected with exit 2: $f"
    if diff -u "${f%.rule}.err" "$TMP/err" > "$TMP/diff"; then ok 0 "messages as expected: $f"
    else ok 1 "messages as expected: $f"; sed 's/^/#   /' "$TMP/diff" | head -40; fi
done

# ---- what the constructs do: tests/dsl/semantics (rules and their fixtures)
"$FG_BIN" test --ruleset tests/dsl/semantics tests/dsl/semantics/semantics.fixture > "$TMP/tap" 2>&1
ok $? "tests/dsl/semantics: $(grep -c '^ok' "$TMP/tap") fixtures of absent values, money, texts, flow" ||
    grep -A4 '^not ok' "$TMP/tap" | sed 's/^/#   /' | head -30

# ---- compile --emit-lua
"$FG_BIN" compile --emit-lua plugins/inpatient/split_admission.rule > "$TMP/lua" 2> "$TMP/err"
ok $? "compile --emit-lua exits 0"
check "the Lua returns the declaration" contains "$TMP/lua" 'id = "split_admission"'
check "... with its parameters" contains "$TMP/lua" 'window = {"duration", "15d"'
check "... and one function per on section" contains "$TMP/lua" "local function _on_admission(a)"
"$FG_BIN" compile --emit-lua tests/dsl/reject/unknown_field.rule > "$TMP/lua" 2> "$TMP/err"
[ $? -eq 2 ] && [ ! -s "$TMP/lua" ]; ok $? "compile of a bad rule: exit 2, no Lua"
check "... the error on stderr" contains "$TMP/err" "unknown_field.rule:7:10: error: admission events have no field 'psn_noo'"
"$FG_BIN" check nosuch.rule > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "check of a missing file exits 2"

# line numbers of the .rule survive into run-time errors
mkdir -p "$TMP/rt"
cat > "$TMP/rt/half.rule" <<'RULE'
rule half "运行时错误"
  basis "test"
  severity low

store units = kv (n: int)

on fee as line
  # a kv counter adds whole numbers: 0.5 fails at run time
  let n = units.add(line.psn_no, by: line.cnt,
                    until: line.time + 1d)
  when n > 100
  alert "{line.psn_no}"
RULE
printf 'ruleset rt\nrule half.rule\n' > "$TMP/rt/manifest"
echo '{"type":"fee","id":"F1","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M1","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X","cnt":0.5,"pric":1,"det_item_fee_sumamt":0.5}' |
    "$FG_BIN" run --ruleset "$TMP/rt" > "$TMP/out" 2> "$TMP/err"
check "a run-time error names the .rule line" contains "$TMP/err" "half.rule:9:"

# ---- rulesets: .rule plugins in a manifest, in a scanned folder, overrides
mkdir -p "$TMP/rs"
cp plugins/inpatient/split_admission.rule plugins/inpatient/split_admission.lua "$TMP/rs/"
cp tests/dsl/accept/common.lib.rule tests/dsl/accept/frequent_admission.rule "$TMP/rs/"
"$FG_BIN" check "$TMP/rs" > "$TMP/out" 2> "$TMP/err"
ok $? "a folder of .rule plugins (with a library and a .lua twin) checks"
cat > "$TMP/rs/manifest" <<EOF
ruleset dsl
catalog $PWD/rulesets/national/catalog
rule split_admission.rule
    window = 20d
    exempt = /^(Z51|Z49|Z50)/
rule frequent_admission.rule
set frequent_admission.window = 300d
EOF
"$FG_BIN" check "$TMP/rs" > "$TMP/out" 2> "$TMP/err"
ok $? "a manifest listing .rule plugins, with overrides, checks"
printf 'ruleset l\ncatalog %s/rulesets/national/catalog\nrule %s/tests/dsl/accept/doctor_points.rule\nrule %s/tests/dsl/accept/trace_code_missing.rule\nset trace_code_missing.lv3_from = none\n' "$PWD" "$PWD" "$PWD" > "$TMP/rs/m3"
printf 'rule %s/tests/dsl/accept/excess_supply.rule\n' "$PWD" >> "$TMP/rs/m3"
"$FG_BIN" check "$TMP/rs/m3" > "$TMP/out" 2> "$TMP/err"
ok $? "a manifest file (not a folder) of .rule plugins with a none override checks"
printf '    nosuch = 1\n' >> "$TMP/rs/manifest"
"$FG_BIN" check "$TMP/rs" > "$TMP/out" 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "an override of an unknown parameter is an error"
check "... naming the parameters of the .rule" contains "$TMP/err" "parameters of frequent_admission: high_at medium_at window"

# a list parameter overridden in the manifest with the language's list syntax
mkdir -p "$TMP/lst"
printf 'rule codes "编码"\n  basis "test"\n  severity low\nparam codes = ["A", "B"]\non fee as line\n  when line.med_list_codg in codes\n  alert "{line.med_list_codg}"\n' > "$TMP/lst/codes.rule"
printf 'ruleset lst\nrule codes.rule\n    codes = ["C", "D"]   # replaces A and B\n' > "$TMP/lst/manifest"
printf '%s\n' '{"type":"fee","id":"FA","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M1","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"A","cnt":1,"pric":5,"det_item_fee_sumamt":5}' \
    '{"type":"fee","id":"FD","time":"2025-03-01 10:00:00","feedetl_sn":"2","mdtrt_id":"M1","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"D","cnt":1,"pric":5,"det_item_fee_sumamt":5}' |
    "$FG_BIN" run --quiet --ruleset "$TMP/lst" > "$TMP/out" 2> "$TMP/err"
[ "$(grep -c '"event_id":"FD"' "$TMP/out")" = 1 ] && ! grep -q '"event_id":"FA"' "$TMP/out"
ok $? "a manifest override written [\"C\", \"D\"] replaces a list parameter"

# a library is part of the rules that use it: changing it changes their version
mkdir -p "$TMP/lib"
printf 'macro big(x) = x > 1元\n' > "$TMP/lib/l.lib.rule"
printf 'use "l.lib.rule"\nrule uses_lib "库"\n  basis "test"\n  severity low\non fee as line\n  when big(line.pric)\n  alert "{line.psn_no}"\n' > "$TMP/lib/r.rule"
printf 'ruleset lib\nrule r.rule\n' > "$TMP/lib/manifest"
fee='{"type":"fee","id":"F1","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M1","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X","cnt":1,"pric":5,"det_item_fee_sumamt":5}'
v1=$(echo "$fee" | "$FG_BIN" run --quiet --ruleset "$TMP/lib" 2>/dev/null | sed -n 's/.*"rule_version":"\([^"]*\)".*/\1/p')
printf 'macro big(x) = x > 2元\n' > "$TMP/lib/l.lib.rule"
v2=$(echo "$fee" | "$FG_BIN" run --quiet --ruleset "$TMP/lib" 2>/dev/null | sed -n 's/.*"rule_version":"\([^"]*\)".*/\1/p')
[ -n "$v1" ] && [ -n "$v2" ] && [ "$v1" != "$v2" ]; ok $? "a changed library changes the version of the rule using it ($v1, $v2)"

# a rule with an `on fee` and an `on alerts` section: each runs where it belongs
mkdir -p "$TMP/mix"
printf 'rule dear "贵"\n  basis "t"\n  severity high\non fee as f\n  when f.pric > 1元\n  alert "{f.pric}"\n' > "$TMP/mix/a.rule"
printf 'rule mix "混合"\n  basis "t"\n  severity low\nstore n = kv (c: int)\non fee as f\n  let c = n.add(f.psn_no, by: 1, until: f.time + 1d)\n  when c > 1\n  alert "second fee"\non alerts as e\n  alert "{count(alerts)} alerts on {e.id}"\n' > "$TMP/mix/b.rule"
printf 'ruleset mix\nrule a.rule\nrule b.rule\n' > "$TMP/mix/manifest"
echo "$fee" | "$FG_BIN" run --quiet --ruleset "$TMP/mix" > "$TMP/out" 2> "$TMP/err"
grep -q '"rule_id":"dear"' "$TMP/out" && grep -q '"message":"1 alerts on F1"' "$TMP/out" && [ "$(count_lines "$TMP/out")" = 2 ]
ok $? "on fee and on alerts in one rule: the listener sees the other rule's alert"

# ---- the three core rules: .rule and .lua give the same alerts
core="split_admission:inpatient diag_sex_mismatch:patient trace_code_reuse:trace"
strip() { sed -e 's/"alert_id":"[^"]*",//' -e 's/,"rule_version":"[^"]*"//' "$1"; }
mkrs() { # mkrs DIR PLUGIN
    mkdir -p "$1"
    printf 'ruleset %s\ncatalog %s/rulesets/national/catalog\nrule %s\n' "$(basename "$1")" "$PWD" "$PWD/$2" > "$1/manifest"
}
GEN=${FG_GEN:-}
for g in "$(dirname "${FG_REL:-$PWD/bin/fundguard}")/fundguard-gen" "$PWD/bin/fundguard-gen" "$PWD/build/dsl/bin/fundguard-gen"; do
    [ -z "$GEN" ] && [ -x "$g" ] && GEN=$g
done
if [ -n "$GEN" ]; then
    "$GEN" --events 100000 --seed 3 > "$TMP/stream.ndjson"
    ok $? "generated a stream of 100000 events"
else
    : > "$TMP/stream.ndjson"
    ok 1 "generated a stream of 100000 events (fundguard-gen not found; build it with make all)"
fi
for pair in $core; do
    r=${pair%%:*} area=${pair##*:}
    mkrs "$TMP/$r-lua" "plugins/$area/$r.lua"
    mkrs "$TMP/$r-rule" "plugins/$area/$r.rule"
    # the fixtures of the rule, against the .rule version
    "$FG_BIN" test --ruleset "$TMP/$r-rule" "plugins/$area/$r.fixture" > "$TMP/tap" 2>&1
    ok $? "$r.rule passes $r.fixture ($(grep -c '^ok' "$TMP/tap") fixtures)" || grep -A3 '^not ok' "$TMP/tap" | sed 's/^/#   /' | head -30
    # every event of every fixture of the rule as one stream, and the generated stream
    grep -h '^{' plugins/*/*.fixture > "$TMP/fixture-events.ndjson"
    for s in fixture-events stream; do
        "$FG_BIN" run --quiet --ruleset "$TMP/$r-lua" --input "$TMP/$s.ndjson" > "$TMP/a.lua" 2> "$TMP/e.lua"
        "$FG_BIN" run --quiet --ruleset "$TMP/$r-rule" --input "$TMP/$s.ndjson" > "$TMP/a.rule" 2> "$TMP/e.rule"
        strip "$TMP/a.lua" > "$TMP/s.lua"
        strip "$TMP/a.rule" > "$TMP/s.rule"
        n=$(count_lines "$TMP/s.lua")
        if [ "$n" -gt 0 ] && cmp -s "$TMP/s.lua" "$TMP/s.rule"; then ok 0 "$r: .rule and .lua raise the same $n alerts on $s"
        else ok 1 "$r: .rule and .lua raise the same alerts on $s ($n vs $(count_lines "$TMP/s.rule"))"
            diff "$TMP/s.lua" "$TMP/s.rule" | head -6 | sed 's/^/#   /'; fi
        cmp -s "$TMP/e.lua" "$TMP/e.rule"; ok $? "$r: the same input errors on $s"
    done
done

# ---- docs/rule-language.md: every ```rule example compiles
if [ -f docs/rule-language.md ]; then
    mkdir -p "$TMP/doc"
    awk -v dir="$TMP/doc" '
        /^```rule/ { n++; f = sprintf("%s/example%02d.rule", dir, n); inb = 1; next }
        /^```/ && inb { inb = 0; close(f); next }
        inb { print > f }' docs/rule-language.md
    cp tests/dsl/accept/common.lib.rule "$TMP/doc/"
    nex=0
    for f in "$TMP"/doc/example*.rule; do
        [ -f "$f" ] || continue
        nex=$((nex + 1))
        "$FG_BIN" check --quiet "$f" > "$TMP/out" 2> "$TMP/err"
        ok $? "docs/rule-language.md example $(basename "$f" .rule) compiles" ||
            { sed 's/^/#   /' "$TMP/err" | head -12; sed 's/^/#   | /' "$f" | head -30; }
    done
    [ "$nex" -ge 10 ]; ok $? "the docs hold at least 10 rule examples ($nex)"
fi

# ---- fuzzing: a short run when clang with libFuzzer is there
if [ "${FG_SKIP_FUZZ:-0}" = 1 ]; then
    echo "# fuzz run skipped (FG_SKIP_FUZZ=1)"
elif command -v clang > /dev/null 2>&1 && [ -x fuzz/run.sh ]; then
    fuzz/run.sh 15 > "$TMP/fuzz" 2>&1
    ok $? "fuzz/run.sh: 15 s of libFuzzer on the front end, no crash" || tail -30 "$TMP/fuzz" | sed 's/^/#   /'
else
    echo "# fuzz run skipped (no clang)"
fi

done_testing
