#!/usr/bin/env bash
# examples/claims.ndjson shows every rule of the national ruleset firing at
# least once (it is what `./build.sh run` shows a newcomer).
. "$(dirname "$0")/lib.sh"
"$FG_BIN" run --input examples/claims.ndjson > "$TMP/out" 2> "$TMP/err"
ok $? "runs over examples/claims.ndjson"
check "no input error" grep -q " 0 input errors" "$TMP/err"
for id in $(sed -n 's|^rule .*/\([a-z_0-9]*\)\.[a-z]*$|\1|p' rulesets/national/manifest); do
    check "$id fires" grep -q "\"rule_id\":\"$id\"" "$TMP/out"
done
check "the summary table lists alerts by rule" grep -qE "^fundguard: split_admission +[0-9]+ +[1-9]" "$TMP/err"
done_testing
