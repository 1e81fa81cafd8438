#!/usr/bin/env bash
# Hot reload under load (DESIGN.md principle 4): 200,000 events from 4
# concurrent TCP producers while the rule file is edited 20 times, 14 valid
# and 6 invalid edits.  No event is lost or evaluated twice; every event is
# evaluated by exactly one version, so the alerts are those of `fundguard
# run` over the journal split at the points where each version went live;
# an invalid edit is reported with FILE:LINE:COL and the running version
# stays; state survives the swaps.
. "$(dirname "$0")/lib.sh"
. tests/e2e/serve_lib.sh

PER=50000
RULES=$TMP/rules
cp -r tests/e2e/serve/rules "$RULES"
BASE=tests/e2e/serve/rules/count.lua
for p in a b c d; do $TOOL gen $PER $p > "$TMP/$p.nd"; done
cat "$TMP"/[abcd].nd | ids_of /dev/stdin > "$TMP/sent.ids"

start_serve "$TMP/log" --ruleset "$RULES" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 \
    --output "$TMP/alerts" --journal "$TMP/journal" --reload-delay 100 --workers 2
ok $? "the daemon starts"
V0=$(sed -n 's/.*started: ruleset serve_test version \([0-9a-f]*\)".*/\1/p' "$TMP/log")
mkdir -p "$TMP/ver"
cp -r "$RULES" "$TMP/ver/$V0"

PRODUCERS=()
for p in a b c d; do
    $TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/$p.nd" 4000 &
    PRODUCERS+=($!)
done

outcomes() { grep -cE '"msg":"(ruleset version [0-9a-f]+ live after|ruleset rejected)' "$TMP/log"; }
more_outcomes() { [ "$(outcomes)" -gt "$1" ]; }
journal_has() { [ -f "$TMP/journal" ] && [ "$(wc -l < "$TMP/journal")" -ge "$1" ]; }
last_outcome() { grep -E '"msg":"(ruleset version [0-9a-f]+ live after|ruleset rejected)' "$TMP/log" | tail -1; }

valid_ok=0 invalid_ok=0 invalid=0 live=("$V0")
for k in $(seq 1 20); do
    # pace the edits by the stream: each version sees events
    wait_for 30 journal_has $((k * 8000)) || break
    before=$(outcomes)
    case $((k % 10)) in
    3) sed 's/^local seen$/local seen = = 1/' "$BASE" > "$RULES/.count.tmp"; bad=1 ;;
    6) sed 's/{"int", "5"/{"int", "five"/' "$BASE" > "$RULES/.count.tmp"; bad=1 ;;
    9) sed 's/  title = "费用明细计数",//' "$BASE" > "$RULES/.count.tmp"; bad=1 ;;
    *) sed "s/{\"int\", \"5\"/{\"int\", \"$((3 + k % 5))\"/; s/版本V0/版本V$k/" "$BASE" > "$RULES/.count.tmp"; bad=0 ;;
    esac
    mv "$RULES/.count.tmp" "$RULES/count.lua"
    wait_for 20 more_outcomes "$before" || continue
    line=$(last_outcome)
    if [ $bad = 1 ]; then
        invalid=$((invalid + 1))
        if echo "$line" | grep -q 'ruleset rejected.*stays live: [^ ]*count\.lua:[0-9]*:[0-9]*: error: '; then
            invalid_ok=$((invalid_ok + 1))
        else
            echo "#   edit $k: expected a rejection naming count.lua:LINE:COL, got: $line"
        fi
    else
        v=$(echo "$line" | sed -n 's/.*"msg":"ruleset version \([0-9a-f]*\) live after.*/\1/p')
        if [ -n "$v" ] && [ "$v" != "${live[-1]}" ]; then
            valid_ok=$((valid_ok + 1))
            live+=("$v")
            cp -r "$RULES" "$TMP/ver/$v"
        else
            echo "#   edit $k: expected a new live version, got: $line"
        fi
    fi
done
[ $valid_ok -eq 14 ]; ok $? "14 valid edits went live, each as a new version ($valid_ok)"
[ $invalid_ok -eq 6 ] && [ $invalid -eq 6 ]; ok $? "6 invalid edits rejected with FILE:LINE:COL ($invalid_ok)"
check "a rejected edit is explained with the offending text" log_has "$TMP/log" 'local seen = = 1'
final=$(http GET /rules | sed -n 's/^{"ruleset":"serve_test","version":"\([0-9a-f]*\)".*/\1/p')
[ "$final" = "${live[-1]}" ]; ok $? "/rules shows the last valid version"
[ "$(metric 'fundguard_reloads_total{result="failed"}')" = 6 ]; ok $? "metrics count the failed reloads"

for pid in "${PRODUCERS[@]}"; do wait "$pid"; done
wait_for 60 journal_has $((4 * PER))
ok $? "every event reached the journal"
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "SIGTERM: exit status 0 after the drain"

[ "$(wc -l < "$TMP/journal")" -eq $((4 * PER)) ]; ok $? "the journal holds 200000 lines"
ids_of "$TMP/journal" > "$TMP/journal.ids"
cmp -s "$TMP/sent.ids" "$TMP/journal.ids"; ok $? "each event sent is in the journal exactly once"
[ -z "$(grep -o '"alert_id":"[^"]*"' "$TMP/alerts" | sort | uniq -d)" ]; ok $? "no alert twice"

# Replay: version i evaluated journal lines (from_i, from_i+1].  State is kept
# across swaps and the test rule's state does not depend on its version, so
# `run` over the journal up to the segment's end with version i gives the
# daemon's alerts for that segment.
sed -n 's/.*"msg":"ruleset version \([0-9a-f]*\) live after journal line \([0-9]*\) .*/\1 \2/p' \
    "$TMP/log" > "$TMP/swaps"
{ echo "$V0 0"; cat "$TMP/swaps"; echo "end $((4 * PER))"; } > "$TMP/segments"
[ "$(wc -l < "$TMP/swaps")" -eq 14 ]; ok $? "14 swaps logged with their journal line"
: > "$TMP/expected"
replay_ok=0
while read -r v from && read -r next to <&3; do
    [ -d "$TMP/ver/$v" ] || { echo "#   no copy of version $v"; break; }
    sed -n "$((from + 1)),${to}p" "$TMP/journal" | grep -o '"id":"[^"]*"' | sed 's/"id":"//; s/"$//' > "$TMP/seg.ids"
    head -n "$to" "$TMP/journal" | "$FG_BATCH" run --ruleset "$TMP/ver/$v" --quiet > "$TMP/seg.alerts" 2>/dev/null
    alerts_for_ids "$TMP/seg.ids" "$TMP/seg.alerts" >> "$TMP/expected"
    replay_ok=$((replay_ok + 1))
done < "$TMP/segments" 3< <(tail -n +2 "$TMP/segments")
[ $replay_ok -eq 15 ]; ok $? "every live version replayed ($replay_ok)"
[ -s "$TMP/alerts" ] && cmp -s "$TMP/expected" "$TMP/alerts"
ok $? "the alerts are batch run's over the journal, version by version, byte for byte"
if ! cmp -s "$TMP/expected" "$TMP/alerts"; then
    echo "#   expected $(wc -l < "$TMP/expected") alerts, got $(wc -l < "$TMP/alerts")"
    diff "$TMP/expected" "$TMP/alerts" | head -5 | cut -c1-200 | sed 's/^/#   /'
fi
check "alerts of the last version carry its marker" grep -q "版本V20" "$TMP/alerts"
done_testing
