# fundguard — build rules.  ./build.sh drives this; `make help` lists targets.
#
#   make            release binary bin/fundguard (-O2)
#   make asan       sanitizer binary build/asan/fundguard (ASan + UBSan)
#   make unit       C unit tests (sanitizer build) into build/asan/tests/
#   make clean
#
# O=DIR puts objects under DIR instead of build/, BINDIR=DIR the release
# binary under DIR instead of bin/ (parallel work trees, experiments).

CC      ?= cc
Q       ?= @
PKGS    := lua5.4 libpcre2-8 libuv
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS_REL  := -O2 -g $(WARN) $(DEFS) $(PKG_CFLAGS) -Iinterpreter -Igrammar
CFLAGS_ASAN := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined $(WARN) $(DEFS) $(PKG_CFLAGS) -Iinterpreter -Igrammar
LIBS    := $(PKG_LIBS) -lm -lpthread

O       ?= build
BINDIR  ?= bin
SRC     := $(wildcard interpreter/*.c grammar/*.c)
LIBSRC  := $(filter-out interpreter/fg_main.c,$(SRC))
HDR     := $(wildcard interpreter/*.h grammar/*.h)
objs = $(patsubst %.c,$(O)/$(1)/%.o,$(notdir $(2)))
REL_OBJ := $(call objs,rel,$(SRC)) $(O)/rel/stdlib_fg.o
ASAN_OBJ := $(call objs,asan,$(SRC)) $(O)/asan/stdlib_fg.o
ASAN_LIBOBJ := $(call objs,asan,$(LIBSRC)) $(O)/asan/stdlib_fg.o
vpath %.c interpreter grammar
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(O)/asan/tests/%,$(UNIT_SRC))

.PHONY: all asan unit clean help
.DEFAULT_GOAL := all
asan: $(O)/asan/fundguard
unit: $(UNIT_BIN)

all: $(BINDIR)/fundguard $(BINDIR)/fundguard-gen
$(BINDIR)/fundguard: $(REL_OBJ)
	@mkdir -p $(BINDIR)
	$(Q)$(CC) $(CFLAGS_REL) -o $@ $(REL_OBJ) $(LIBS)

# the synthetic stream generator (examples/gen), linked with the engine's library objects
GEN_SRC := $(wildcard examples/gen/*.c)
REL_LIBOBJ := $(call objs,rel,$(LIBSRC)) $(O)/rel/stdlib_fg.o
$(BINDIR)/fundguard-gen: $(GEN_SRC) examples/gen/fg_gen.h $(REL_LIBOBJ)
	@mkdir -p $(BINDIR)
	$(Q)$(CC) $(CFLAGS_REL) -Iexamples/gen -o $@ $(GEN_SRC) $(REL_LIBOBJ) $(LIBS)

$(O)/asan/fundguard: $(ASAN_OBJ)
	$(Q)$(CC) $(CFLAGS_ASAN) -o $@ $(ASAN_OBJ) $(LIBS)

# stdlib/fg.lua is compiled into the binary as a byte array.
$(O)/stdlib_fg.c: stdlib/fg.lua
	@mkdir -p $(O)
	$(Q){ echo '/* generated from stdlib/fg.lua by the Makefile; do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'const unsigned char fg_stdlib_lua[] = {'; \
	  od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0};'; \
	  echo 'const size_t fg_stdlib_lua_len = sizeof fg_stdlib_lua - 1;'; } > $@

$(O)/rel/stdlib_fg.o: $(O)/stdlib_fg.c
	@mkdir -p $(O)/rel
	$(Q)$(CC) $(CFLAGS_REL) -c -o $@ $<

$(O)/asan/stdlib_fg.o: $(O)/stdlib_fg.c
	@mkdir -p $(O)/asan
	$(Q)$(CC) $(CFLAGS_ASAN) -c -o $@ $<

$(O)/rel/%.o: %.c $(HDR)
	@mkdir -p $(O)/rel
	$(Q)$(CC) $(CFLAGS_REL) -c -o $@ $<

$(O)/asan/%.o: %.c $(HDR)
	@mkdir -p $(O)/asan
	$(Q)$(CC) $(CFLAGS_ASAN) -c -o $@ $<

$(O)/asan/tests/%: tests/unit/%.c tests/unit/tap.h $(ASAN_LIBOBJ)
	@mkdir -p $(O)/asan/tests
	$(Q)$(CC) $(CFLAGS_ASAN) -Itests/unit -o $@ $< $(ASAN_LIBOBJ) $(LIBS)

clean:
	rm -rf $(O) $(BINDIR)

help:
	@sed -n '1,8p' Makefile
