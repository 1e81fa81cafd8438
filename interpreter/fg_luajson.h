/* fg_luajson — Lua values to JSON text, for alert evidence.
 *
 * Deterministic: object keys are sorted (byte order), a table whose keys
 * are exactly 1..n is an array, integers print as integers and other
 * numbers with up to 15 significant digits.  Invalid UTF-8 in strings is
 * replaced by U+FFFD so that the output line is always valid.  Functions,
 * userdata other than views, cycles and nesting deeper than 16 raise a Lua
 * error (the rule that built them fails).  The output goes to a host
 * buffer that the caller owns and reuses, so an error leaks nothing. */
#ifndef FG_LUAJSON_H
#define FG_LUAJSON_H
#include <lauxlib.h>
#include <lua.h>
#include "fg_buf.h"

/* Appends the JSON text of the value at idx to b.  May raise. */
void fg_luajson_encode(lua_State *L, int idx, fg_buf *b);

#endif
