#!/usr/bin/env bash
# Bad input of every kind: a clear SOURCE:LINE message, nothing else lost,
# exit status 0, no crash (spec/EVENTS.md, "Framing").
. "$(dirname "$0")/lib.sh"

IN="$TMP/in.ndjson"
{
    echo '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P1","gend":"1"}'           # 1 ok
    echo 'not json'                                                                              # 2
    echo '[1,2,3]'                                                                               # 3
    echo '{"time":"2025-01-01 00:00:00"}'                                                        # 4
    echo '{"type":"person","psn_no":"P2"}'                                                       # 5
    echo '{"type":"person","time":"2025-02-30 00:00:00","psn_no":"P2"}'                          # 6
    echo '{"type":"fee","time":"2025-03-01 10:00:00","id":"F0","mdtrt_id":"M","psn_no":"P1","fixmedins_code":"H","med_list_codg":"X","cnt":1,"pric":1,"det_item_fee_sumamt":1}'  # 7 missing feedetl_sn
    echo '{"type":"fee","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M","psn_no":"P1","fixmedins_code":"H","med_list_codg":"X","cnt":"1","pric":1,"det_item_fee_sumamt":1}'  # 8 cnt string
    printf '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P\xff"}\n'                   # 9 bad UTF-8
    echo ''                                                                                      # 10 empty
    printf '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P3","x":"%s"}\n' "$(head -c 2000000 /dev/zero | tr '\0' a)"  # 11 huge
    echo '{"type":"fee","time":"2025-03-01 10:00:00","feedetl_sn":"1","mdtrt_id":"M","psn_no":"P1","fixmedins_code":"H","med_list_codg":"X","cnt":1,"pric":1.005,"det_item_fee_sumamt":1}'  # 12 3 decimals
    echo '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P4","brdy":"1990-13-01"}'     # 13 bad date field
    echo '{"type":"mystery","time":"2025-01-01 00:00:00"}'                                       # 14 unknown type: ignored
    echo '{"type":"person","time":"2025-01-01T00:00:00+08:00","psn_no":"P5"}'                   # 15 ok (ISO)
    echo '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P6","low_income":"yes"}'     # 16 bool wanted
    printf '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P7"}\r\n'                    # 17 CRLF ok
    printf '{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P8"}'                        # 18 no final newline
} > "$IN"
"$FG_BIN" run --input "$IN" --dead-letter "$TMP/dead" > "$TMP/out" 2> "$TMP/err"
ok $? "exit status 0 despite bad input"
for l in 2 3 4 5 6 7 8 9 10 11 12 13 16; do
    check "line $l reported as $IN:$l" grep -q "^$IN:$l: " "$TMP/err"
done
for l in 1 14 15 17 18; do
    check "line $l not reported" bash -c "! grep -q '^$IN:$l: ' '$TMP/err'"
done
check "not JSON says so, with a column" contains "$TMP/err" "$IN:2: not valid JSON at column 1"
check "missing type named" contains "$TMP/err" "$IN:4: missing required field 'type'"
check "impossible date named" contains "$TMP/err" "$IN:6: field 'time': no such day in that month"
check "missing required field named" contains "$TMP/err" "missing required field 'feedetl_sn'"
check "wrong JSON type named" contains "$TMP/err" "field 'cnt' must be a number, got string"
check "invalid UTF-8 named" contains "$TMP/err" "invalid UTF-8"
check "empty line named" contains "$TMP/err" "$IN:10: empty line"
check "huge line named" contains "$TMP/err" "$IN:11: line too long"
check "too many decimals named" contains "$TMP/err" "field 'pric' must be yuan with at most 2 decimals"
check "summary counts 13 input errors and 1 ignored" grep -q "13 input errors, 1 ignored" "$TMP/err"
[ "$(count_lines "$TMP/dead")" -eq 12 ]; ok $? "dead-letter file holds the 12 rejected lines that had text"

# an input error changes no state: a bad person line does not register P9
cat > "$TMP/in2" <<'J'
{"type":"person","time":"2025-01-01 00:00:00","psn_no":"P9","gend":"1","brdy":"1990-02-30"}
{"type":"admission","id":"A1","time":"2025-03-01 08:00:00","mdtrt_id":"M1","psn_no":"P9","fixmedins_code":"H1","main_diag":"O80"}
J
"$FG_BIN" run --quiet --input "$TMP/in2" > "$TMP/out" 2> "$TMP/err"
[ ! -s "$TMP/out" ]; ok $? "a rejected person line registers nothing (no diag_sex alert)"
"$FG_BIN" run --quiet --input /nonexistent > /dev/null 2> "$TMP/err"
[ $? -eq 1 ]; ok $? "a missing input file exits 1"
check "and says why" contains "$TMP/err" "cannot open input /nonexistent"
done_testing
