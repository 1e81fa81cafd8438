#!/usr/bin/env bash
# The sandbox (DESIGN.md principle 5): each misbehaving plugin in sandbox/
# fails with a message naming the rule and the event, is counted, raises no
# alert, and the well-behaved rule still runs.
. "$(dirname "$0")/lib.sh"

EV='{"type":"fee","id":"F1","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M","psn_no":"P1","fixmedins_code":"H","med_list_codg":"X","cnt":1,"pric":1,"det_item_fee_sumamt":1}'
printf '%s\n%s\n' "$EV" "${EV/F1/F2}" > "$TMP/in"
"$FG_BIN" run --ruleset tests/e2e/sandbox --lua-memory 64 --time-limit 100 --input "$TMP/in" > "$TMP/out" 2> "$TMP/err"
ok $? "the run completes with exit status 0"
[ "$(count_lines "$TMP/out")" -eq 2 ]; ok $? "only the good rule alerts, on both events"
check "the good rule saw both events" grep -q '"message":"good F2"' "$TMP/out"
check "string methods still work for good rules" grep -q '"string_len":3' "$TMP/out"
for f in tests/e2e/sandbox/*.lua; do
    id=$(basename "$f" .lua)
    [ "$id" = good ] && continue
    check "$id: failure reported naming rule and event" contains "$TMP/err" "rule $id failed on event F1"
done
check "runaway: time limit named" grep -q "rule runaway failed on event F1 .*time limit of 100 ms exceeded" "$TMP/err"
check "runaway_pcall: time limit named even though caught" grep -q "rule runaway_pcall failed .*time limit" "$TMP/err"
check "memory_bomb: memory named" grep -q "rule memory_bomb failed .*not enough memory" "$TMP/err"
check "regex_bomb: match limit named" grep -q "rule regex_bomb failed .*match limit" "$TMP/err"
check "negated_regex raised nothing" bash -c "! grep -q 'negated condition fired' '$TMP/out'"
check "summary counts the errors per rule" grep -qE "fundguard: io_open +2 +0 +2" "$TMP/err"

"$FG_BIN" run --ruleset tests/e2e/sandbox --budget 100000 --input "$TMP/in" > "$TMP/out2" 2> "$TMP/err"
check "--budget counts instructions exactly" grep -q "rule runaway failed on event F1 .*instruction budget of 100000 exceeded" "$TMP/err"
check "also when the rule catches the error" grep -q "rule runaway_pcall failed .*instruction budget of 100000 exceeded" "$TMP/err"
cmp -s "$TMP/out" "$TMP/out2"; ok $? "the well-behaved rule's alerts are the same either way"
done_testing
