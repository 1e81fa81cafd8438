#!/usr/bin/env bash
# No leaks and no memory errors under valgrind on the command-line paths
# (the release binary: valgrind and the sanitizers do not mix).
. "$(dirname "$0")/lib.sh"
REL=${FG_REL:-$PWD/bin/fundguard}
if ! command -v valgrind > /dev/null; then
    echo "1..0 # SKIP valgrind is not installed"
    exit 0
fi
vg() { valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 "$@"; }

vg "$REL" run --quiet --input examples/claims.ndjson > "$TMP/out" 2> "$TMP/err"
ok $? "run over examples/claims.ndjson: clean"
{
    cat examples/claims.ndjson
    echo 'not json'
    echo '{"type":"fee","time":"2025-02-30 00:00:00"}'
    echo '{"type":"review","id":"RV","time":"2025-03-20 10:00:00","encounter":{"mdtrt_id":"X","psn_no":"P001","fixmedins_code":"H150626001","main_diag":"O80.000"}}'
} > "$TMP/in"
vg "$REL" run --quiet --input "$TMP/in" --dead-letter "$TMP/dead" > "$TMP/out" 2> "$TMP/err"
ok $? "run with input errors and a review: clean"
grep -q '"event_id":"RV"' "$TMP/out"; ok $? "the review was answered under valgrind"
vg "$REL" run --quiet --ruleset tests/e2e/sandbox --budget 20000 --lua-memory 16 --input "$TMP/in" > /dev/null 2> "$TMP/err"
ok $? "failing sandboxed rules: clean"
vg "$REL" run --catalog /nonexistent < /dev/null > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]; ok $? "startup error path: clean (exit 2)"
vg "$REL" test plugins/inpatient/split_admission.fixture > "$TMP/tap" 2> "$TMP/err"
ok $? "test command: clean"
done_testing
