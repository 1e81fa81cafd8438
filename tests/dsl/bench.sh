#!/usr/bin/env bash
# tests/dsl/bench.sh — the three core rules as .rule against their .lua
# versions, on the same generated stream: events/s of the whole run and the
# engine's time per rule, median of RUNS runs (alternating, so both see the
# same machine load).
#
#   tests/dsl/bench.sh [--events N] [--seed S] [--runs R] [--bin FUNDGUARD]
#
# Needs fundguard-gen beside the fundguard binary (make all).  Prints a
# small table; asserts nothing (a test must not depend on timing).
set -euo pipefail
cd "$(dirname "$0")/../.."
events=1000000 seed=1 runs=5 bin=bin/fundguard
while [ $# -gt 0 ]; do
    case "$1" in
    --events) events=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) sed -n '2,11p' "$0" >&2; exit 2 ;;
    esac
done
gen="$(dirname "$bin")/fundguard-gen"
[ -x "$bin" ] && [ -x "$gen" ] || { echo "build first: make all (need $bin and $gen)" >&2; exit 2; }
work=build/bench-dsl
mkdir -p "$work"
stream="$work/stream-$events-$seed.ndjson"
[ -s "$stream" ] || "$gen" --events "$events" --seed "$seed" > "$stream"
for v in lua rule; do
    mkdir -p "$work/core-$v"
    { echo "ruleset core-$v"; echo "catalog $PWD/rulesets/national/catalog"
      for r in trace/trace_code_reuse patient/diag_sex_mismatch inpatient/split_admission; do
          echo "rule $PWD/plugins/$r.$v"; done; } > "$work/core-$v/manifest"
done
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for i in $(seq "$runs"); do
    for v in lua rule; do
        "$bin" run --ruleset "$work/core-$v" --input "$stream" 2>&1 > /dev/null |
            awk -v v="$v" '/events\/s/ {for (i = 1; i <= NF; i++) if ($(i) == "events/s,") print v, "events/s", $(i - 1)}
                           /^fundguard: (trace_code_reuse|diag_sex_mismatch|split_admission) / {print v, $2, $6}' >> "$work/runs.$$"
    done
done
printf '%-20s %14s %14s\n' "median of $runs" ".lua" ".rule"
for k in events/s trace_code_reuse diag_sex_mismatch split_admission; do
    l=$(awk -v k="$k" '$1 == "lua" && $2 == k {print $3}' "$work/runs.$$" | median)
    r=$(awk -v k="$k" '$1 == "rule" && $2 == k {print $3}' "$work/runs.$$" | median)
    unit=$([ "$k" = events/s ] && echo "" || echo " ms")
    printf '%-20s %14s %14s\n' "$k$unit" "$l" "$r"
done
rm -f "$work/runs.$$"
