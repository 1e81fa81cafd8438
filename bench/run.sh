#!/usr/bin/env bash
# bench/run.sh — throughput and peak memory of `fundguard run`.
#
#   bench/run.sh [--events N] [--seed S] [--ruleset DIR]
#
# Generates a synthetic stream with fundguard-gen (cached in build/bench/),
# runs the engine over it from a file (not stdin) and prints events/s, peak
# memory and the per-rule time from the engine's own accounting.  Without
# --ruleset it measures three configurations: the three core rules, the
# whole national ruleset on traffic with injected fraud, and on clean traffic.
# Figures are for docs/performance.md; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
events=1000000 seed=1 ruleset=""
while [ $# -gt 0 ]; do
    case "$1" in
    --events) events=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --ruleset) ruleset=$2; shift 2 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
    esac
done
[ -x bin/fundguard ] && [ -x bin/fundguard-gen ] || make -s all
mkdir -p build/bench
stream() { # stream NAME EXTRA-ARGS...
    local f="build/bench/$1-$events-$seed.ndjson"; shift
    if [ ! -s "$f" ]; then
        echo "generating $f ..." >&2
        bin/fundguard-gen --events "$events" --seed "$seed" "$@" > "$f.tmp" && mv "$f.tmp" "$f"
    fi
    echo "$f"
}
measure() { # measure LABEL RULESET STREAM
    local out
    out=$(bin/fundguard run --ruleset "$2" --input "$3" 2>&1 >/dev/null)
    echo "== $1"
    echo "$out" | sed -n 's/^fundguard: \([0-9]* lines.*\)/  \1/p'
    echo "$out" | awk '/^fundguard: rule /{on=1; next} on && /^fundguard: /{sub(/^fundguard: /,""); if ($5+0 > 0) print "  " $0}' |
        sort -k5 -n -r | head -8 | sed '1i\  slowest rules:      rule  evaluated  alerts  errors  ms'
}
fraud=$(stream fraud)
if [ -n "$ruleset" ]; then
    measure "$ruleset" "$ruleset" "$fraud"
    exit 0
fi
core=build/bench/core-ruleset
mkdir -p "$core"
cat > "$core/manifest" <<M
ruleset core
catalog ../../../rulesets/national/catalog
rule ../../../plugins/trace/trace_code_reuse.lua
rule ../../../plugins/patient/diag_sex_mismatch.lua
rule ../../../plugins/inpatient/split_admission.lua
M
clean=$(stream clean --clean)
measure "three core rules, $events events" "$core" "$fraud"
measure "national ruleset, $events events with injected fraud" rulesets/national "$fraud"
measure "national ruleset, $events events of clean traffic" rulesets/national "$clean"
