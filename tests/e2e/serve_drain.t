#!/usr/bin/env bash
# SIGTERM while busy: the daemon stops accepting, reads what the producers
# already sent, evaluates every accepted line, writes every alert and exits
# 0; the alerts are those of run over the journal.  With --drain-grace 0 it
# stops reading at once, and what it accepted is still all evaluated.
. "$(dirname "$0")/lib.sh"
. tests/e2e/serve_lib.sh

RS=tests/e2e/serve/rules
N=100000
for p in a b; do $TOOL gen $N $p > "$TMP/$p.nd"; done
cat "$TMP"/[ab].nd | ids_of /dev/stdin > "$TMP/sent.ids"
journal_has() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]; }

start_serve "$TMP/log" --ruleset "$RS" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 \
    --output "$TMP/alerts" --journal "$TMP/journal"
ok $? "the daemon starts"
for p in a b; do $TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/$p.nd" 2>/dev/null & done
wait_for 30 journal_has "$TMP/journal" 10000
kill -TERM "$SERVE_PID"
draining_logged() { log_has "$TMP/log" "stopping (SIGTERM)"; }
wait_for 10 draining_logged; ok $? "SIGTERM while the queues are full starts the drain"
wait "$SERVE_PID"
[ $? -eq 0 ]; ok $? "exit status 0 after the drain"
wait
[ "$(wc -l < "$TMP/journal")" -eq $((2 * N)) ]; ok $? "every line the producers sent was read and evaluated"
ids_of "$TMP/journal" > "$TMP/journal.ids"
cmp -s "$TMP/sent.ids" "$TMP/journal.ids"; ok $? "... each once"
check "the drain is logged with its counts" log_has "$TMP/log" "\"msg\":\"drained: $((2 * N)) lines"
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/journal" --quiet > "$TMP/expected" 2>/dev/null
[ -s "$TMP/alerts" ] && cmp -s "$TMP/expected" "$TMP/alerts"
ok $? "every alert written: run's alerts over the journal, byte for byte"

# --- --drain-grace 0: stop reading at once; what was accepted is evaluated
start_serve "$TMP/log2" --ruleset "$RS" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 \
    --output "$TMP/alerts2" --journal "$TMP/journal2" --drain-grace 0
for p in a b; do $TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/$p.nd" 2>/dev/null & done
wait_for 30 journal_has "$TMP/journal2" 10000
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "--drain-grace 0: exit status 0"
wait
lines=$(wc -l < "$TMP/journal2")
[ "$lines" -lt $((2 * N)) ]; ok $? "... reading stopped at once ($lines of $((2 * N)) lines)"
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/journal2" --quiet > "$TMP/expected2" 2>/dev/null
cmp -s "$TMP/expected2" "$TMP/alerts2"; ok $? "... every accepted line evaluated, every alert written"
cut=$(grep -c 'shutdown in the middle of a line' "$TMP/log2")
[ "$cut" -le 2 ]; ok $? "... at most one line cut per producer, reported ($cut)"
done_testing
