# lib.sh — TAP helpers for the end-to-end tests (sourced by *.t).
# FG_BIN: the binary under test (the sanitizer build under ./build.sh test).
set -u
cd "$(dirname "$0")/../.."
FG_BIN=${FG_BIN:-$PWD/bin/fundguard}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
_n=0
_fail=0

ok() {      # ok CONDITION-EXIT-STATUS DESCRIPTION
    _n=$((_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $_n - $2"; else echo "not ok $_n - $2"; _fail=$((_fail + 1)); fi
}
check() {   # check DESCRIPTION COMMAND...   (passes when the command succeeds)
    local d=$1; shift
    if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi
}
contains() { # contains FILE TEXT
    grep -qF -- "$2" "$1" || { echo "#   '$2' not found in $1:"; sed 's/^/#     /' "$1" | head -20; return 1; }
}
lacks() {
    ! grep -qF -- "$2" "$1" || { echo "#   '$2' unexpectedly in $1"; return 1; }
}
count_lines() { wc -l < "$1" | tr -d ' '; }
done_testing() { echo "1..$_n"; [ "$_fail" -eq 0 ]; }
