#!/usr/bin/env bash
# build.sh — the one entry point: installs what is missing, builds, tests.
#
#   ./build.sh           install missing Debian packages, build bin/fundguard
#   ./build.sh run       build, then run the national ruleset over
#                        examples/claims.ndjson and show the alerts
#   ./build.sh test      build the release and the sanitizer (ASan+UBSan)
#                        binaries and run every test under prove
#   ./build.sh bench     build, then run the benchmark (bench/run.sh)
#   ./build.sh clean     remove build outputs
set -euo pipefail
cd "$(dirname "$0")"

PKGS=(build-essential pkg-config liblua5.4-dev libpcre2-dev libuv1-dev perl)
TEST_PKGS=(valgrind clang libclang-rt-dev)   # clang + libclang-rt: libFuzzer for fuzz/run.sh

install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build.sh: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
    install_missing "${PKGS[@]}"
    make -j"$(nproc)" all
}

case "${1:-build}" in
build)
    build
    ;;
run)
    build
    bin/fundguard run --input examples/claims.ndjson
    ;;
test)
    install_missing "${PKGS[@]}" "${TEST_PKGS[@]}"
    make -j"$(nproc)" all asan unit
    export FG_BIN="$PWD/build/asan/fundguard" FG_REL="$PWD/bin/fundguard" FG_GEN="$PWD/bin/fundguard-gen"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    prove --exec '' build/asan/tests/test_*
    prove -r tests/e2e/
    ;;
bench)
    build
    bench/run.sh "${@:2}"
    ;;
clean)
    make clean
    ;;
*)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
