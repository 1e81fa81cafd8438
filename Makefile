# fundguard — build rules.  ./build.sh drives this; `make help` lists targets.
#
#   make            release binary bin/fundguard (-O2)
#   make asan       sanitizer binary build/asan/fundguard (ASan + UBSan)
#   make unit       C unit tests (sanitizer build) into build/asan/tests/
#   make clean

CC      ?= cc
Q       ?= @
PKGS    := lua5.4 libpcre2-8 libuv
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS_REL  := -O2 -g $(WARN) $(DEFS) $(PKG_CFLAGS) -Iinterpreter
CFLAGS_ASAN := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined $(WARN) $(DEFS) $(PKG_CFLAGS) -Iinterpreter
LIBS    := $(PKG_LIBS) -lm -lpthread

SRC     := $(wildcard interpreter/*.c)
LIBSRC  := $(filter-out interpreter/fg_main.c,$(SRC))
HDR     := $(wildcard interpreter/*.h)
REL_OBJ := $(patsubst interpreter/%.c,build/rel/%.o,$(SRC))
ASAN_OBJ := $(patsubst interpreter/%.c,build/asan/%.o,$(SRC))
ASAN_LIBOBJ := $(patsubst interpreter/%.c,build/asan/%.o,$(LIBSRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))

.PHONY: all asan unit clean help
all: bin/fundguard
asan: build/asan/fundguard
unit: $(UNIT_BIN)

bin/fundguard: $(REL_OBJ)
	@mkdir -p bin
	$(Q)$(CC) $(CFLAGS_REL) -o $@ $(REL_OBJ) $(LIBS)

build/asan/fundguard: $(ASAN_OBJ)
	$(Q)$(CC) $(CFLAGS_ASAN) -o $@ $(ASAN_OBJ) $(LIBS)

build/rel/%.o: interpreter/%.c $(HDR)
	@mkdir -p build/rel
	$(Q)$(CC) $(CFLAGS_REL) -c -o $@ $<

build/asan/%.o: interpreter/%.c $(HDR)
	@mkdir -p build/asan
	$(Q)$(CC) $(CFLAGS_ASAN) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c tests/unit/tap.h $(ASAN_LIBOBJ)
	@mkdir -p build/asan/tests
	$(Q)$(CC) $(CFLAGS_ASAN) -Itests/unit -o $@ $< $(ASAN_LIBOBJ) $(LIBS)

clean:
	rm -rf build bin

help:
	@sed -n '1,8p' Makefile
