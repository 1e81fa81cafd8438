#!/usr/bin/env bash
# bench/serve.sh — throughput of `fundguard serve` through TCP.
#
#   bench/serve.sh [--events N] [--seed S] [--ruleset DIR] [--producers "1 2 4"]
#                  [--workers "1 2"]
#
# Generates a synthetic stream with fundguard-gen (cached in build/bench/),
# splits it into one part per producer, and for each worker count and
# producer count starts the daemon (alerts to /dev/null), sends the parts
# from concurrent TCP producers and measures from the first byte sent until
# the daemon has evaluated every line (its /metrics).  Prints events/s, and
# `fundguard run` over the same stream for reference.  FG=path picks the
# binary (default bin/fundguard).  Nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
events=400000 seed=1 ruleset=rulesets/national producers="1 2 4" workers="1 2"
while [ $# -gt 0 ]; do
    case "$1" in
    --events) events=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --ruleset) ruleset=$2; shift 2 ;;
    --producers) producers=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
done
FG=${FG:-bin/fundguard}
GEN=${FG_GEN:-$(dirname "$FG")/fundguard-gen}
[ -x "$FG" ] && [ -x "$GEN" ] || make -s all
TOOL="perl tests/e2e/serve_tool.pl"
mkdir -p build/bench
stream="build/bench/gen-$events-$seed.ndjson"
if [ ! -s "$stream" ]; then
    echo "generating $stream ..." >&2
    "$GEN" --events "$events" --seed "$seed" > "$stream.tmp" && mv "$stream.tmp" "$stream"
fi
lines=$(wc -l < "$stream")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

t0=$(now)
"$FG" run --ruleset "$ruleset" --input "$stream" --quiet > /dev/null 2>&1
t1=$(now)
echo "fundguard run (batch, one thread), $lines events: $(rate "$lines" "$t0" "$t1") events/s"
echo "fundguard serve through TCP ($(nproc) CPUs), alerts to /dev/null:"
printf '  %-10s %-10s %12s\n' workers producers events/s

for w in $workers; do
    for p in $producers; do
        for i in $(seq 0 $((p - 1))); do
            awk -v p="$p" -v i="$i" 'NR % p == i' "$stream" > "$work/part$i"
        done
        "$FG" serve --ruleset "$ruleset" --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 \
            --output /dev/null --workers "$w" --no-watch 2> "$work/log" &
        pid=$!
        until grep -q '"msg":"fundguard serve .* started' "$work/log"; do sleep 0.05; done
        port=$(sed -n 's/.*"listen":"tcp:\/\/[0-9.]*:\([0-9]*\)".*/\1/p' "$work/log")
        admin=$(sed -n 's/.*"admin":"tcp:\/\/\([0-9.]*:[0-9]*\)".*/\1/p' "$work/log")
        t0=$(now)
        for i in $(seq 0 $((p - 1))); do $TOOL send "tcp:127.0.0.1:$port" "$work/part$i" & done
        while :; do
            n=$($TOOL http GET "$admin" /metrics 2>/dev/null |
                awk '$1 == "fundguard_journal_lines_total" { print $2 }')
            [ "${n:-0}" -ge "$lines" ] && break
            sleep 0.02
        done
        t1=$(now)
        kill -TERM "$pid"
        wait "$pid" || true
        wait
        printf '  %-10s %-10s %12s\n' "$w" "$p" "$(rate "$lines" "$t0" "$t1")"
    done
done
