#!/usr/bin/env bash
# bench/json.sh — fg_json against the Debian JSON libraries on one fee event
# (installs libjson-c-dev and libjansson-dev if missing; figures only).
set -euo pipefail
cd "$(dirname "$0")/.."
for p in libjson-c-dev libjansson-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get install -y -qq "$p" > /dev/null; }
done
make -s all
mkdir -p build/bench
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinterpreter $(pkg-config --cflags json-c jansson) \
    -o build/bench/json_compare bench/json_compare.c bench/json_compare_jsonc.c \
    bench/json_compare_jansson.c build/rel/fg_json.o build/rel/fg_arena.o \
    build/rel/fg_buf.o build/rel/fg_mem.o build/rel/fg_money.o build/rel/fg_utf8.o \
    $(pkg-config --libs json-c jansson) -lm
build/bench/json_compare
