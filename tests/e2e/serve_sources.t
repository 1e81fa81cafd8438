#!/usr/bin/env bash
# Sources of the daemon: malformed lines over TCP, a producer killed in the
# middle of a line, a Unix socket, standard input, a followed file across
# rotation and truncation; and the alerts do not depend on the number of
# decode workers (DESIGN.md principles 6 and 7).
. "$(dirname "$0")/lib.sh"
. tests/e2e/serve_lib.sh

RS=tests/e2e/serve/rules
journal_has() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]; }

# --- malformed lines and a producer killed mid-line, over TCP and a Unix socket
$TOOL gen 3000 m 97 > "$TMP/m.nd"          # every 97th line malformed
$TOOL gen 2000 k 0 > "$TMP/k.nd"
$TOOL gen 1000 u 0 > "$TMP/u.nd"
start_serve "$TMP/log" --ruleset "$RS" --listen tcp://127.0.0.1:0 --listen "unix:$TMP/ev.sock" \
    --admin 127.0.0.1:0 --output "$TMP/alerts" --journal "$TMP/journal" --dead-letter "$TMP/dead" \
    --subscribe "unix:$TMP/sub.sock"
ok $? "the daemon starts with a TCP and a Unix-socket listener"
$TOOL sub "unix:$TMP/sub.sock" "$TMP/sub" &
SUB=$!
wait_for 20 log_has "$TMP/log" "subscriber unix:$TMP/sub.sock#1 connected"
ok $? "a subscriber on a Unix socket"
$TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/k.nd" 0 cut > "$TMP/k.sent" &
KPID=$!
$TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/m.nd"
$TOOL send "unix:$TMP/ev.sock" "$TMP/u.nd"
wait_for 20 grep -q sent "$TMP/k.sent"
exec 3>&2 2>/dev/null     # no "Killed" notice from the shell
kill -9 $KPID
wait $KPID
exec 2>&3 3>&-
wait_for 20 log_has "$TMP/log" "in the middle of a line"
ok $? "a producer killed mid-line is reported"
check "... as SOURCE:LINE naming the connection and the bytes lost" \
    grep -qE '"msg":"tcp:127\.0\.0\.1:[0-9]+:2001: connection (closed|reset by peer) in the middle of a line; 50 bytes discarded"' "$TMP/log"
wait_for 20 journal_has "$TMP/journal" 6000
ok $? "every complete line of the three producers was accepted"
bad=$((3000 / 97))
[ "$(grep -c '"level":"warn".*"msg":"tcp:127.0.0.1:[0-9]*:[0-9]*: ' "$TMP/log")" -eq $((bad + 1)) ]
ok $? "each malformed line is reported ($bad, plus the cut one)"
check "... with its message" grep -q 'tcp:127.0.0.1:[0-9]*:485: not valid JSON at column 1' "$TMP/log"
check "... an empty line too" grep -q 'tcp:127.0.0.1:[0-9]*:388: empty line' "$TMP/log"
metric_is() { [ "$(metric "$1")" = "$2" ]; }
wait_for 10 metric_is "fundguard_input_errors_total{source=\"tcp://127.0.0.1:$EV_PORT\"}" $((bad + 1))
ok $? "input errors counted per source"
wait_for 10 metric_is "fundguard_events_total{source=\"unix:$TMP/ev.sock\",type=\"fee\"}" 1000
ok $? "events counted by source and type"
check "metrics count the partial line" metric_is fundguard_partial_lines_total 1
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "exit status 0"
[ "$(wc -l < "$TMP/dead")" -eq $bad ]; ok $? "rejected lines in the dead-letter file"
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/journal" --quiet > "$TMP/expected" 2>/dev/null
cmp -s "$TMP/expected" "$TMP/alerts"; ok $? "alerts are those of run over the journal"
wait $SUB
cmp -s "$TMP/expected" "$TMP/sub"; ok $? "the Unix-socket subscriber got them all"
check "the killed producer's complete lines were evaluated" grep -q '"id":"k-2000"' "$TMP/journal"

# --- standard input, a last line without "\n", --exit-on-eof, any worker count
$TOOL gen 20000 s 0 > "$TMP/s.nd"
printf '%s' '{"type":"fee","id":"last","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M","psn_no":"P","fixmedins_code":"H","med_list_codg":"X","cnt":1,"pric":999,"det_item_fee_sumamt":999}' >> "$TMP/s.nd"
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/s.nd" --quiet > "$TMP/s.expected" 2>/dev/null
cat "$TMP/s.nd" | "$FG_BIN" serve --ruleset "$RS" --input - --exit-on-eof --admin off \
    > "$TMP/s.out" 2> "$TMP/s.log"
ok $? "stdin to its end with --exit-on-eof: exit status 0"
cmp -s "$TMP/s.expected" "$TMP/s.out"; ok $? "stdin: the alerts of run, the last line without newline included"
check "the last line counted" grep -q '"event_id":"last"' "$TMP/s.out"
for w in 0 3; do
    "$FG_BIN" serve --ruleset "$RS" --input "$TMP/s.nd" --exit-on-eof --admin off --workers $w \
        --output "$TMP/w$w.out" 2> "$TMP/w$w.log"
    cmp -s "$TMP/s.expected" "$TMP/w$w.out"; ok $? "--workers $w: the same alerts, byte for byte"
done

# --- the national ruleset: the same alerts as run, review bundles (forked) included
cat > "$TMP/review.nd" <<'J'
{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P1","gend":"1","brdy":"1980-05-01"}
{"type":"institution","time":"2025-01-01 00:00:00","fixmedins_code":"H1","fixmedins_type":"1","hosp_lv":"2","admdvs":"150602"}
{"type":"fee","id":"F1","time":"2025-03-20 09:00:00","feedetl_sn":"1","mdtrt_id":"M2","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X1","list_type":"101","cnt":1,"pric":12.5,"det_item_fee_sumamt":12.5,"drug_trac_codg":["81234567890123456789"]}
{"type":"review","id":"RV1","time":"2025-03-21 10:00:00","patient":{"psn_no":"P1","gend":"2"},"encounter":{"mdtrt_id":"M9","fixmedins_code":"H1","med_type":"11","main_diag":"N40.x00"},"fees":[{"med_list_codg":"X1","list_type":"101","cnt":1,"pric":12.5,"det_item_fee_sumamt":12.5,"drug_trac_codg":["81234567890123456789","81234567890123456788"]}]}
{"type":"sale","id":"S1","time":"2025-03-22 10:00:00","setl_id":"X","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X1","cnt":1,"pric":12.5,"drug_trac_codg":["81234567890123456788"]}
J
"$FG_BATCH" run --input "$TMP/review.nd" --quiet > "$TMP/review.expected" 2>/dev/null
"$FG_BIN" serve --input "$TMP/review.nd" --exit-on-eof --admin off --workers 2 \
    > "$TMP/review.out" 2> "$TMP/review.log"
ok $? "a review bundle through the daemon: exit status 0"
grep -q '"event_id":"RV1"' "$TMP/review.out" && cmp -s "$TMP/review.expected" "$TMP/review.out"
ok $? "... answered as run answers it"
if [ -x "${FG_GEN:-}" ]; then
    "$FG_GEN" --events 30000 --seed 7 > "$TMP/national.nd"
    "$FG_BATCH" run --input "$TMP/national.nd" --quiet > "$TMP/national.expected" 2>/dev/null
    "$FG_BIN" serve --input "$TMP/national.nd" --exit-on-eof --admin off --workers 2 \
        --output "$TMP/national.out" 2> "$TMP/national.log"
    [ -s "$TMP/national.expected" ] && cmp -s "$TMP/national.expected" "$TMP/national.out"
    ok $? "national ruleset over a generated stream: run's alerts, byte for byte"
else
    echo "ok $((_n += 1)) # skip FG_GEN (fundguard-gen) not given"
fi

# --- a followed file: growth, rotation, truncation, a file that appears later
$TOOL gen 3000 f 0 > "$TMP/f.nd"
head -1000 "$TMP/f.nd" > "$TMP/follow.nd"
start_serve "$TMP/flog" --ruleset "$RS" --follow "$TMP/follow.nd" --follow "$TMP/later.nd" \
    --admin 127.0.0.1:0 --output "$TMP/f.alerts" --journal "$TMP/f.journal"
ok $? "the daemon starts following two files, one not there yet"
check "the missing file is waited for" log_has "$TMP/flog" "does not exist yet"
wait_for 20 journal_has "$TMP/f.journal" 1000; ok $? "the file is read"
sed -n '1001,1500p' "$TMP/f.nd" >> "$TMP/follow.nd"
wait_for 20 journal_has "$TMP/f.journal" 1500; ok $? "lines appended are read"
mv "$TMP/follow.nd" "$TMP/follow.nd.1"
sed -n '1501,2000p' "$TMP/f.nd" >> "$TMP/follow.nd.1"      # written before the switch
sed -n '2001,2500p' "$TMP/f.nd" > "$TMP/follow.nd"
wait_for 20 journal_has "$TMP/f.journal" 2500; ok $? "after rotation the new file is read"
check "the rotation is logged" log_has "$TMP/flog" "rotated; reading the new file from its start"
sed -n '2501,2600p' "$TMP/f.nd" > "$TMP/follow.nd.tmp" && cat "$TMP/follow.nd.tmp" > "$TMP/follow.nd"
wait_for 20 journal_has "$TMP/f.journal" 2600; ok $? "after truncation the file is read from its start"
sed -n '2601,3000p' "$TMP/f.nd" > "$TMP/later.nd"
wait_for 20 journal_has "$TMP/f.journal" 3000; ok $? "a file that appears later is read"
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "exit status 0"
ids_of "$TMP/f.nd" > "$TMP/f.ids"
ids_of "$TMP/f.journal" > "$TMP/fj.ids"
[ "$(wc -l < "$TMP/f.journal")" -eq 3000 ] && cmp -s "$TMP/f.ids" "$TMP/fj.ids"
ok $? "every line once, none lost across rotation and truncation"
"$FG_BATCH" run --ruleset "$RS" --input "$TMP/f.journal" --quiet > "$TMP/f.expected" 2>/dev/null
cmp -s "$TMP/f.expected" "$TMP/f.alerts"; ok $? "alerts are those of run over the journal"
done_testing
