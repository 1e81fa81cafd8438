#!/usr/bin/env bash
# fuzz/run.sh — builds fuzz/fuzz_dsl.c with libFuzzer and ASan (clang from
# Debian: clang, libclang-rt-dev) and fuzzes the rule language front end.
#
#   fuzz/run.sh [SECONDS]      default 60
#
# The corpus starts from every .rule file of the tree and grows in
# build/fuzz/corpus; crashes land in build/fuzz/crashes/.  Exit status 0
# when the run found nothing, 1 when it crashed (the report is printed), 2
# when it could not build.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out/obj" "$out/corpus" "$out/crashes"
command -v clang > /dev/null || { echo "fuzz/run.sh: clang not found (apt-get install clang libclang-rt-dev)" >&2; exit 2; }
PKGS="lua5.4 libpcre2-8 libuv"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinterpreter -Igrammar $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

# stdlib/fg.lua as bytes, as the Makefile does
if [ ! -s "$out/stdlib_fg.c" ] || [ stdlib/fg.lua -nt "$out/stdlib_fg.c" ]; then
    { echo '#include <stddef.h>'; echo 'const unsigned char fg_stdlib_lua[] = {';
      od -An -v -tx1 stdlib/fg.lua | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};';
      echo 'const size_t fg_stdlib_lua_len = sizeof fg_stdlib_lua - 1;'; } > "$out/stdlib_fg.c"
fi
srcs=$(ls grammar/*.c interpreter/*.c | grep -v 'interpreter/fg_main.c')
build_one() { # build_one SRC
    local o="$out/obj/$(basename "${1%.c}").o"
    if [ ! -s "$o" ] || [ "$1" -nt "$o" ] || [ -n "$(find grammar interpreter -name '*.h' -newer "$o" -print -quit)" ]; then
        clang $CFLAGS -c -o "$o" "$1" || return 1
    fi
}
export -f build_one; export out CFLAGS
if ! printf '%s\n' $srcs "$out/stdlib_fg.c" | xargs -P "$(nproc)" -I{} bash -c 'build_one {}'; then
    echo "fuzz/run.sh: build failed" >&2; exit 2
fi
objs=$(for s in $srcs "$out/stdlib_fg.c"; do echo "$out/obj/$(basename "${s%.c}").o"; done)
clang $CFLAGS -fsanitize=fuzzer -o "$out/fuzz_dsl" fuzz/fuzz_dsl.c $objs $LIBS || { echo "fuzz/run.sh: link failed" >&2; exit 2; }

# seed corpus: the rules of the tree
for f in plugins/*/*.rule tests/dsl/*/*.rule; do
    [ -f "$f" ] && cp "$f" "$out/corpus/seed-$(echo "$f" | tr '/' '_')"
done
# a dictionary of the language's words
dict="$out/rule.dict"
{ for w in rule use param list macro field store on as let set when unless if then elif else end for each in do where \
      stop alert append to and or not matches contains between is present absent empty true false none keep otherwise \
      basis severity tags amount evidence high medium low kv window tracecodes until by within from at institution \
      规则 仅当 且 或 不 报警 监听 记为 否则如果 元 '15d' '10m' '60%' '2025-04-01' '06:00' '/^Z51/' '{' '}' '"' '==' '!='; do
      printf '"%s"\n' "$(printf '%s' "$w" | od -An -v -tx1 | tr -d ' \n' | sed 's/\(..\)/\\x\1/g')"; done; } > "$dict"

log="$out/fuzz.log"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$out/fuzz_dsl" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -dict="$dict" -artifact_prefix="$out/crashes/" "$out/corpus" > "$log" 2>&1
rc=$?
tail -3 "$log"
if [ $rc -ne 0 ]; then
    echo "fuzz/run.sh: the fuzzer found a problem (exit $rc); report in $log, input in $out/crashes/:" >&2
    grep -m1 -A30 -E "ERROR|runtime error|generated Lua" "$log" >&2
    ls -t "$out/crashes" | head -3 >&2
    exit 1
fi
echo "fuzz/run.sh: ${secs}s, no crash"
