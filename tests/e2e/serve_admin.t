#!/usr/bin/env bash
# The daemon's command line, config file, admin endpoint (HTTP), reload by
# POST /reload and SIGHUP, and the output file across rotation.
. "$(dirname "$0")/lib.sh"
. tests/e2e/serve_lib.sh

RS=tests/e2e/serve/rules

# --- command line
"$FG_BIN" serve --help > "$TMP/help"
ok $? "serve --help exits 0"
missing=""
for o in config ruleset catalog listen input follow exit-on-eof output subscribe journal \
         dead-letter budget lua-memory max-line workers max-queue reload-delay no-watch admin \
         log-level drain-grace; do
    grep -q -- "--$o\b" "$TMP/help" || missing="$missing $o"
done
[ -z "$missing" ]; ok $? "--help documents every option${missing:+ (missing:$missing)}"
check "fundguard --help lists serve" bash -c "'$FG_BIN' --help | grep -q '^  serve '"
"$FG_BIN" serve --bogus 2> "$TMP/err"; [ $? -eq 2 ]; ok $? "an unknown option: exit status 2"
check "... named" contains "$TMP/err" "unknown argument '--bogus'"
"$FG_BIN" serve --workers many 2> "$TMP/err"; [ $? -eq 2 ]; ok $? "a bad value: exit status 2"
printf 'listen = tcp://127.0.0.1:0\nbogus = 1\n' > "$TMP/bad.conf"
"$FG_BIN" serve --config "$TMP/bad.conf" 2> "$TMP/err"; [ $? -eq 2 ]; ok $? "a bad config file: exit status 2"
check "... with FILE:LINE" contains "$TMP/err" "$TMP/bad.conf:2: unknown setting 'bogus'"
mkdir -p "$TMP/broken"
cp "$RS"/*.lua "$TMP/broken/"
sed -i 's/^local seen$/local seen = = 1/' "$TMP/broken/count.lua"
"$FG_BIN" serve --ruleset "$TMP/broken" --listen tcp://127.0.0.1:0 --admin off 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "a ruleset that does not compile: exit status 2"
check "... with FILE:LINE:COL" contains "$TMP/err" "$TMP/broken/count.lua:5:12: error:"

# --- config file, command line over it
cat > "$TMP/serve.conf" <<EOF
# daemon settings for the test
ruleset = $RS
listen = tcp://127.0.0.1:0
admin = "127.0.0.1:0"
output = $TMP/not-this-one
log-level = debug
no-watch = true
EOF
start_serve "$TMP/log" --config "$TMP/serve.conf" --output "$TMP/alerts"
ok $? "the daemon starts from a config file"
check "the config file's log level applies" log_has "$TMP/log" '"level":"debug"'
check "its ruleset is used" log_has "$TMP/log" "ruleset serve_test version"
"$FG_BIN" serve --ruleset "$RS" --listen "tcp://127.0.0.1:$EV_PORT" --admin off 2> "$TMP/err"
[ $? -eq 1 ]; ok $? "a port in use: exit status 1"
check "... named" contains "$TMP/err" "cannot listen on tcp://127.0.0.1:$EV_PORT"

# --- admin endpoint
http GET /healthz > "$TMP/h"; ok $? "GET /healthz: 200"
check "... ok, with the version" grep -q '^{"status":"ok","ruleset":"serve_test","version":"[0-9a-f]\{16\}"' "$TMP/h"
$TOOL gen 6000 a 0 > "$TMP/a.nd"
$TOOL send "tcp:127.0.0.1:$EV_PORT" "$TMP/a.nd"
counted() { [ "$(metric fundguard_journal_lines_total)" = 6000 ]; }
wait_for 20 counted; ok $? "the events are counted"
http GET /metrics > "$TMP/m"; ok $? "GET /metrics: 200"
check "every sample is named fundguard_*" bash -c "! grep -v '^#' '$TMP/m' | grep -v '^fundguard_'"
check "HELP and TYPE for each family" bash -c \
    "[ \$(grep -c '^# TYPE fundguard_' '$TMP/m') -eq \$(grep -c '^# HELP fundguard_' '$TMP/m') ]"
for m in 'fundguard_events_total{source="tcp://127.0.0.1:'"$EV_PORT"'",type="fee"} 6000' \
         'fundguard_alerts_total{rule="serve_count"}' 'fundguard_rule_evaluation_seconds_total{rule="serve_big"}' \
         'fundguard_queue_bytes{queue="input"}' 'fundguard_sink_queue_bytes{sink="'"$TMP/alerts"'"}' \
         'fundguard_reloads_total{result="failed"} 0' 'fundguard_ruleset_info{ruleset="serve_test",version=' \
         'fundguard_input_errors_total{source=' 'fundguard_producer_connections_total 1'; do
    check "metric $m" contains "$TMP/m" "$m"
done
http GET /rules > "$TMP/r"; ok $? "GET /rules: 200"
check "/rules lists the rules and their versions" \
    grep -q '"rules":\[{"id":"serve_count","title":"费用明细计数","severity":"low","version":"[0-9a-f]\{16\}"' "$TMP/r"
! http GET /nope > /dev/null; ok $? "an unknown path: not 2xx"
check "... 404" bash -c "$TOOL http GET '$ADMIN' /nope 2>&1 >/dev/null | grep -q 'HTTP 404'"
check "GET /reload: 405" bash -c "$TOOL http GET '$ADMIN' /reload 2>&1 >/dev/null | grep -q 'HTTP 405'"
check "POST /healthz: 405" bash -c "$TOOL http POST '$ADMIN' /healthz 2>&1 >/dev/null | grep -q 'HTTP 405'"
$TOOL raw "$ADMIN" 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /rules HTTP/1.1\r\nHost: x\r\n\r\n' > "$TMP/two"
[ "$(grep -c '^HTTP/1.1 200 OK' "$TMP/two")" -eq 2 ]; ok $? "keep-alive: two pipelined requests, two answers"
$TOOL raw "$ADMIN" 'NONSENSE\r\n\r\n' > "$TMP/bad"
check "a malformed request: 400" grep -q '^HTTP/1.1 400 Bad Request' "$TMP/bad"
$TOOL raw "$ADMIN" 'GET /healthz HTTP/2.0\r\n\r\n' > "$TMP/bad"
check "another HTTP version: 505" grep -q '^HTTP/1.1 505' "$TMP/bad"

# --- POST /reload (watching is off here), SIGHUP, output rotation
V0=$(sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p' "$TMP/h")
http POST /reload > "$TMP/rl"; ok $? "POST /reload, nothing changed: 200"
check "... unchanged" grep -q '"result":"unchanged"' "$TMP/rl"
RULES=$TMP/rules
cp -r "$RS" "$RULES"
"$FG_BIN" serve --ruleset "$RULES" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 --no-watch \
    --output "$TMP/alerts2" 2> "$TMP/log2" &
SERVE_PIDS+=($!)
OLD_PID=$SERVE_PID; OLD_ADMIN=$ADMIN
SERVE_PID=$!
wait_for 20 log_has "$TMP/log2" "started: ruleset"
ADMIN=$(sed -n 's/.*"admin":"tcp:\/\/\([0-9.]*:[0-9]*\)".*/\1/p' "$TMP/log2")
EV2=$(sed -n 's/.*"listen":"tcp:\/\/[0-9.]*:\([0-9]*\)".*/\1/p' "$TMP/log2")
sed -i 's/版本V0/版本V1/' "$RULES/count.lua"
http POST /reload > "$TMP/rl"; ok $? "POST /reload after an edit: 200"
check "... swapped, with the new version" grep -q '"result":"swapped","version":"[0-9a-f]\{16\}"' "$TMP/rl"
V1=$(sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p' "$TMP/rl")
[ "$V1" != "$V0" ]; ok $? "... a new version"
$TOOL send "tcp:127.0.0.1:$EV2" "$TMP/a.nd"
has_v1() { grep -q '版本V1' "$TMP/alerts2"; }
wait_for 20 has_v1; ok $? "events after the answer are evaluated by the new version"
! grep -q '版本V0' "$TMP/alerts2"; ok $? "... and by no other"
sed -i 's/{"int", "5"/{"int", "five"/' "$RULES/count.lua"
http POST /reload > "$TMP/rl"; [ $? -ne 0 ]; ok $? "POST /reload of a broken edit: not 2xx"
check "... 422 failed, with FILE:LINE:COL" grep -q '"result":"failed","version":"'"$V1"'","diagnostics":"[^"]*count.lua:14:5: error: parameter' "$TMP/rl"
check "/rules: the old version stays" bash -c "$TOOL http GET '$ADMIN' /rules 2>/dev/null | grep -q '\"version\":\"$V1\"'"
check "the rejection is logged" log_has "$TMP/log2" 'ruleset rejected (1 error), version '"$V1"' stays live'
sed -i 's/{"int", "five"/{"int", "4"/' "$RULES/count.lua"
mv "$TMP/alerts2" "$TMP/alerts2.1"
kill -HUP "$SERVE_PID"
swapped_twice() { [ "$(grep -c 'live after journal line' "$TMP/log2")" -ge 2 ]; }
wait_for 20 swapped_twice; ok $? "SIGHUP reloads"
wait_for 20 test -e "$TMP/alerts2"; ok $? "SIGHUP reopens the output file"
$TOOL send "tcp:127.0.0.1:$EV2" "$TMP/a.nd"
has_every4() { grep -q '每4条一报' "$TMP/alerts2"; }
wait_for 20 has_every4; ok $? "new alerts go to the new file"
mv "$TMP/alerts2" "$TMP/alerts2.2"
wait_for 20 test -e "$TMP/alerts2"; ok $? "an output file rotated away is reopened without a signal"
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "exit status 0"
SERVE_PID=$OLD_PID ADMIN=$OLD_ADMIN
stop_serve INT
[ "$SERVE_RC" -eq 0 ]; ok $? "SIGINT drains and exits 0 too"
check "the alerts were written where --output said (the command line wins)" test -s "$TMP/alerts"
! test -e "$TMP/not-this-one"; ok $? "... not where the config file said"

# --- watching: a symlink switched at deployment, a folder replaced as a whole
cp -r "$RS" "$TMP/relA"
cp -r "$RS" "$TMP/relB"
sed -i 's/版本V0/版本B/' "$TMP/relB/count.lua"
ln -s relA "$TMP/current"
start_serve "$TMP/log4" --ruleset "$TMP/current" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 \
    --output "$TMP/alerts4" --reload-delay 50
swaps() { [ "$(grep -c 'live after journal line' "$TMP/log4")" -ge "$1" ]; }
ln -s relB "$TMP/next" && mv -T "$TMP/next" "$TMP/current"
wait_for 20 swaps 1; ok $? "switching the ruleset symlink reloads"
rm -r "$TMP/relB"
wait_for 20 log_has "$TMP/log4" "ruleset rejected"; ok $? "a ruleset folder deleted: rejected, the version stays"
cp -r "$TMP/relA" "$TMP/relB.new"
sed -i 's/版本V0/版本C/' "$TMP/relB.new/count.lua"
mv "$TMP/relB.new" "$TMP/relB"
wait_for 20 swaps 2; ok $? "... copied again: reloaded"
sed -i 's/版本C/版本D/' "$TMP/relB/count.lua"
wait_for 20 swaps 3; ok $? "... and is watched afterwards"
stop_serve TERM
[ "$SERVE_RC" -eq 0 ]; ok $? "exit status 0"

# --- the defaults: `fundguard serve` alone
port_used() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_used 7470 || port_used 7471; then
    echo "ok $((_n += 1)) # skip ports 7470/7471 are in use"
else
    "$FG_BIN" serve 2> "$TMP/log3" &
    SERVE_PID=$!
    SERVE_PIDS+=($!)
    wait_for 30 log_has "$TMP/log3" "started: ruleset national"
    ok $? "fundguard serve alone: the national ruleset"
    check "... events on 127.0.0.1:7470" log_has "$TMP/log3" "listening for events on tcp://127.0.0.1:7470"
    check "... admin on 127.0.0.1:7471" log_has "$TMP/log3" "admin endpoint on tcp://127.0.0.1:7471"
    stop_serve TERM
fi
done_testing
