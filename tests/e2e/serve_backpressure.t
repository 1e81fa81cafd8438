#!/usr/bin/env bash
# Backpressure: a subscriber that stops reading for 5 seconds makes the
# sources stop (the queues stay under --max-queue, memory stays flat) and
# nothing is lost: it receives every alert once it reads again.  Then the
# shutdown: SIGTERM waits for a stuck sink (the drain), a second SIGTERM
# exits at once.
. "$(dirname "$0")/lib.sh"
. tests/e2e/serve_lib.sh

RS=tests/e2e/serve/rules
LIMIT=262144
N=100000
for p in a b; do $TOOL gen $N $p > "$TMP/$p.nd"; done
journal_has() { [ -f "$TMP/journal" ] && [ "$(wc -l < "$TMP/journal")" -ge "$1" ]; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status"; }

start_serve "$TMP/log" --ruleset "$RS" --listen tcp://127.0.0.1:0 --subscribe tcp://127.0.0.1:0 \
    --admin 127.0.0.1:0 --output "$TMP/alerts" --journal "$TMP/journal" --max-queue $LIMIT
ok $? "the daemon starts with a subscriber listener and --max-queue $LIMIT"
SUB_PORT=$(sed -n 's/.*"subscribe":"tcp:\/\/[0-9.]*:\([0-9]*\)".*/\1/p' "$TMP/log")
$TOOL sub "tcp:127.0.0.1:$SUB_PORT" "$TMP/sub" 65536 5 2> "$TMP/sub.log" &
SUB=$!
wait_for 20 log_has "$TMP/log" "subscriber tcp:127.0.0.1:"
ok $? "the subscriber is connected"

for p in a b; do $TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/$p.nd" & done
wait_for 30 grep -q pausing "$TMP/sub.log"
ok $? "the subscriber stops reading"
# stuck: the sources are stopped, a sink holds more than half of
# --max-queue (they read again once every queue is under half of it), and
# no line comes in any more (the kernel's socket buffers are full too)
stuck_now() {
    http GET /metrics | awk -v lim=$LIMIT '$1 ~ /^fundguard_sink_queue_bytes/ && $2 > lim / 2 { q = 1 }
        $1 == "fundguard_sources_paused" && $2 == 1 { p = 1 }
        $1 == "fundguard_journal_lines_total" { n = $2 } END { if (q && p) print n; else print -1 }'
}
stuck() {
    local a b
    a=$(stuck_now)
    sleep 0.3
    b=$(stuck_now)
    [ "$a" != -1 ] && [ "$a" = "$b" ]
}
wait_for 10 stuck
ok $? "the full sink queue stops the sources"
rss0=$(rss_kb) max_sink=0 max_in=0 max_rss=$rss0 samples=0
while grep -q pausing "$TMP/sub.log" && ! grep -q "reading again" "$TMP/sub.log"; do
    m=$(http GET /metrics)
    s=$(echo "$m" | awk '$1 ~ /^fundguard_sink_queue_bytes/ && $2 > x { x = $2 } END { print x + 0 }')
    i=$(echo "$m" | awk '$1 == "fundguard_queue_bytes{queue=\"input\"}" { print $2 }')
    r=$(rss_kb)
    [ "$s" -gt "$max_sink" ] && max_sink=$s
    [ "${i:-0}" -gt "$max_in" ] && max_in=$i
    [ "$r" -gt "$max_rss" ] && max_rss=$r
    samples=$((samples + 1))
    sleep 0.2
done
echo "# while stopped: fullest sink $max_sink bytes, input queue $max_in bytes, RSS $rss0 -> $max_rss KiB ($samples samples)"
[ "$samples" -ge 5 ]; ok $? "sampled while the subscriber did not read"
[ "$max_sink" -le $((2 * LIMIT)) ]; ok $? "the sink queue stayed bounded ($max_sink <= 2 x $LIMIT)"
[ "$max_in" -le $((LIMIT + 131072)) ]; ok $? "the input queue stayed bounded ($max_in)"
[ $((max_rss - rss0)) -le 32768 ]; ok $? "memory stayed flat ($((max_rss - rss0)) KiB more)"
journal_before=$(wc -l < "$TMP/journal")
[ "$journal_before" -lt $((2 * N)) ]; ok $? "the producers were held back ($journal_before of $((2 * N)) lines in)"

wait_for 60 journal_has $((2 * N))
ok $? "every event arrives once the subscriber reads again"
same_count() { [ -s "$TMP/sub" ] && [ "$(wc -l < "$TMP/sub")" -eq "$(wc -l < "$TMP/alerts")" ]; }
wait_for 30 same_count
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "SIGTERM: exit status 0"
wait $SUB
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/journal" --quiet > "$TMP/expected" 2>/dev/null
cmp -s "$TMP/expected" "$TMP/alerts"; ok $? "the output file has run's alerts over the journal"
cmp -s "$TMP/expected" "$TMP/sub"; ok $? "the subscriber got every alert, in order, none lost"
[ "$(wc -l < "$TMP/expected")" -gt 10000 ]; ok $? "a real stream ($(wc -l < "$TMP/expected") alerts)"

# --- a stuck sink holds the drain; a second signal ends it at once
start_serve "$TMP/log2" --ruleset "$RS" --listen tcp://127.0.0.1:0 --subscribe tcp://127.0.0.1:0 \
    --admin 127.0.0.1:0 --output "$TMP/alerts2" --max-queue $LIMIT --journal "$TMP/journal2"
SUB_PORT=$(sed -n 's/.*"subscribe":"tcp:\/\/[0-9.]*:\([0-9]*\)".*/\1/p' "$TMP/log2")
$TOOL sub "tcp:127.0.0.1:$SUB_PORT" "$TMP/sub2" 1 60 2> "$TMP/sub2.log" &
wait_for 20 log_has "$TMP/log2" "subscriber tcp:127.0.0.1:"
$TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/a.nd" 2>/dev/null &
wait_for 30 stuck
ok $? "a subscriber that does not read stops the sources"
kill -TERM "$SERVE_PID"
draining() { http GET /healthz | grep -q '"status":"draining"'; }
wait_for 10 draining
ok $? "after SIGTERM /healthz says draining (and answers 503)"
! http GET /healthz > /dev/null; ok $? "... with status 503"
t0=$SECONDS
stop_serve TERM
[ "$SERVE_RC" -eq 143 ]; ok $? "a second SIGTERM exits at once with 128+15 ($SERVE_RC)"
[ $((SECONDS - t0)) -le 5 ]; ok $? "... without waiting for the stuck sink"
check "the second signal is logged" log_has "$TMP/log2" "again while draining: exiting at once"
done_testing
