/* fuzz_dsl — libFuzzer harness for the rule language front end.
 *
 * Feeds arbitrary bytes to fg_dsl_compile as a .rule file (without file
 * access: `use` is refused).  Any crash, sanitizer report, leak or hang is
 * a bug.  When the input compiles, the generated Lua must also compile as
 * Lua: a front end that accepts a rule and then produces code the engine
 * cannot load is a bug too, and aborts here.
 *
 * Built and run by fuzz/run.sh (clang -fsanitize=fuzzer,address). */
#include "fg_dsl.h"
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    fg_diag d;
    fg_diag_init(&d);
    fg_buf lua;
    fg_buf_init(&lua);
    int rc = fg_dsl_compile("fuzz.rule", (const char *)data, size, FG_DSL_NO_FILES, &lua, &d);
    if (rc == 0 && d.errors) abort();                   /* success must mean no error */
    if (rc != 0 && (!d.errors || lua.len)) abort();     /* failure: reported, no code */
    if (rc == 0) {
        lua_State *L = luaL_newstate();
        if (luaL_loadbufferx(L, lua.p, lua.len, "=fuzz", "t") != LUA_OK) {
            fprintf(stderr, "generated Lua does not load: %s\n----\n%.*s\n----\n", lua_tostring(L, -1),
                    (int)lua.len, lua.p);
            abort();
        }
        lua_close(L);
    }
    fg_buf_free(&lua);
    fg_diag_free(&d);
    return 0;
}
