#!/usr/bin/env bash
# review bundles (3101/3102): answered with alerts carrying the review's id,
# evaluated against the existing history, and changing no state at all.
. "$(dirname "$0")/lib.sh"

cat > "$TMP/in" <<'J'
{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P1","gend":"1","brdy":"1980-05-01"}
{"type":"institution","time":"2025-01-01 00:00:00","fixmedins_code":"H1","fixmedins_type":"1","hosp_lv":"2","admdvs":"150602"}
{"type":"fee","id":"F1","time":"2025-03-20 09:00:00","feedetl_sn":"1","mdtrt_id":"M2","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X1","list_type":"101","cnt":1,"pric":12.5,"det_item_fee_sumamt":12.5,"drug_trac_codg":["81234567890123456789"]}
{"type":"review","id":"RV1","time":"2025-03-21 10:00:00","patient":{"psn_no":"P1","gend":"2"},"encounter":{"mdtrt_id":"M9","fixmedins_code":"H1","med_type":"11","main_diag":"N40.x00"},"fees":[{"med_list_codg":"X1","list_type":"101","cnt":1,"pric":12.5,"det_item_fee_sumamt":12.5,"drug_trac_codg":["81234567890123456789","81234567890123456788"]}]}
{"type":"sale","id":"S1","time":"2025-03-22 10:00:00","setl_id":"X","psn_no":"P1","fixmedins_code":"H1","med_list_codg":"X1","cnt":1,"pric":12.5,"drug_trac_codg":["81234567890123456788"]}
{"type":"registration","id":"R2","time":"2025-03-23 10:00:00","mdtrt_id":"M10","psn_no":"P1","fixmedins_code":"H1","main_diag":"O80.000"}
J
"$FG_BIN" run --quiet --input "$TMP/in" > "$TMP/out" 2> "$TMP/err"
ok $? "runs"
check "the review's fee reuses a settled code: answered with the review's id" \
    grep -q '"rule_id":"trace_code_reuse".*"event_id":"RV1"' "$TMP/out"
check "the review's patient fields are used (woman with a male-only diagnosis)" \
    grep -q '"rule_id":"diag_sex_mismatch".*"event_id":"RV1"' "$TMP/out"
check "codes of a review are not recorded: a later sale of its new code is no reuse" \
    bash -c "! grep -q '\"rule_id\":\"trace_code_reuse\".*\"event_id\":\"S1\"' '$TMP/out'"
check "the review's patient fields are not kept: P1 is still a man afterwards" \
    grep -q '"rule_id":"diag_sex_mismatch".*"event_id":"R2"' "$TMP/out"
n=$(grep -c '"event_id":"RV1"' "$TMP/out")
ids=$(grep '"event_id":"RV1"' "$TMP/out" | cut -d'"' -f4 | sort -u | wc -l)
[ "$n" -eq "$ids" ]; ok $? "alert ids of one review are distinct"
"$FG_BIN" run --quiet --input "$TMP/in" > "$TMP/out2" 2>/dev/null
cmp -s "$TMP/out" "$TMP/out2"; ok $? "deterministic across runs"
done_testing
