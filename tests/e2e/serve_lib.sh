# serve_lib.sh — helpers for the daemon tests (sourced by serve_*.t after lib.sh).
#
# Nothing here sleeps for a fixed time to let something happen: every wait
# polls a condition (a log line, a file's contents, an HTTP answer) with a
# timeout.  Ports are picked by the daemon (port 0) and read from its log.
TOOL="perl tests/e2e/serve_tool.pl"
FG_BATCH=${FG_REL:-$FG_BIN}      # replays: any build gives the same alerts
SERVE_PIDS=()

# wait_for SECONDS COMMAND...: polls until COMMAND succeeds; 1 on timeout.
wait_for() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    until "$@" 2>/dev/null; do
        if [ "$SECONDS" -ge "$end" ]; then
            echo "#   timed out after ${limit}s waiting for: $*"
            return 1
        fi
        sleep 0.05
    done
}

# start_serve LOG ARGS...: starts the daemon (ruleset and admin given by the
# caller), waits until it has started; sets SERVE_PID, EV_PORT (first
# --listen tcp port, if any) and ADMIN (HOST:PORT, if any).
start_serve() {
    local log=$1; shift
    : > "$log"
    "$FG_BIN" serve "$@" 2>> "$log" &
    SERVE_PID=$!
    SERVE_PIDS+=("$SERVE_PID")
    if ! wait_for 30 grep -q '"msg":"fundguard serve .* started' "$log"; then
        echo "#   the daemon did not start:"; sed 's/^/#     /' "$log" | head -20
        return 1
    fi
    EV_PORT=$(sed -n 's/.*"listen":"tcp:\/\/[0-9.]*:\([0-9]*\)".*/\1/p' "$log" | head -1)
    ADMIN=$(sed -n 's/.*"admin":"tcp:\/\/\([0-9.]*:[0-9]*\)".*/\1/p' "$log" | head -1)
}

# stop_serve [SIGNAL]: signals the daemon, waits for it; sets SERVE_RC.
stop_serve() {
    kill -"${1:-TERM}" "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID"
    SERVE_RC=$?
}

http() { # http METHOD PATH: body on stdout, status 0 for 2xx
    $TOOL http "$1" "$ADMIN" "$2" 2>/dev/null
}

metric() { # metric NAME-WITH-LABELS: its value from /metrics (empty if absent)
    http GET /metrics | awk -v m="$1" '$1 == m { print $2 }'
}

# log_has LOG TEXT: the log holds TEXT (fixed string).
log_has() { grep -qF -- "$2" "$1"; }

# count_matching FILE REGEX
count_matching() { grep -c -- "$2" "$1" || true; }

# ids_of FILE: the "id" of every line (events) or "event_id" (alerts), sorted.
ids_of() { grep -o '"id":"[^"]*"' "$1" | sort; }

# alerts_for_ids IDS ALERTS: the alerts whose event_id is listed in IDS
# (one id per line, bare).
alerts_for_ids() {
    awk 'NR == FNR { want[$0] = 1; next }
         match($0, /"event_id":"[^"]*"/) { id = substr($0, RSTART + 12, RLENGTH - 13); if (id in want) print }' "$1" "$2"
}

cleanup_serve() {
    local p
    exec 2>/dev/null        # no job notices for what is killed here
    for p in "${SERVE_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    jobs -p | xargs -r kill -9 2>/dev/null
    [ -n "${KEEP_TMP:-}" ] && echo "# kept $TMP" || rm -rf "$TMP"
}
trap cleanup_serve EXIT
