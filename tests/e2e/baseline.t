#!/usr/bin/env bash
# Clean-traffic baseline: on generated ordinary claims (no injected fraud)
# the whole national ruleset raises nothing; a rule that starts firing on
# normal behaviour is caught here.  Also: the same input gives the same
# alerts, byte for byte.
. "$(dirname "$0")/lib.sh"
GEN=${FG_GEN:-$PWD/bin/fundguard-gen}
"$GEN" --events 30000 --seed 7 --clean > "$TMP/clean.ndjson"
ok $? "generated 30000 clean events"
"$FG_BIN" run --input "$TMP/clean.ndjson" > "$TMP/alerts" 2> "$TMP/err"
ok $? "the national ruleset ran over them"
[ ! -s "$TMP/alerts" ]; ok $? "no alert on clean traffic"
if [ -s "$TMP/alerts" ]; then
    cut -d'"' -f8 "$TMP/alerts" | sort | uniq -c | sed 's/^/#   /'
    head -3 "$TMP/alerts" | cut -c1-300 | sed 's/^/#   /'
fi
check "no input error and no rule error" grep -q " 0 input errors" "$TMP/err"
awk '/^fundguard: rule /{on=1; next} on && $5 != 0 {bad=1} END {exit bad}' "$TMP/err"
ok $? "no rule failed on any event"

"$GEN" --events 30000 --seed 8 > "$TMP/fraud.ndjson"
"$FG_BIN" run --quiet --input "$TMP/fraud.ndjson" > "$TMP/a1"
"$FG_BIN" run --quiet --input "$TMP/fraud.ndjson" > "$TMP/a2"
cmp -s "$TMP/a1" "$TMP/a2"; ok $? "two runs over the same stream give identical alerts"
[ -s "$TMP/a1" ]; ok $? "injected fraud raises alerts"
done_testing
