/* fg_gen — the Lua code generator: a checked .rule program into the source
 * of an ordinary rule plugin (the same declaration table a hand-written
 * .lua plugin returns, stdlib/README.md), so the engine loads both alike.
 *
 * The shape of the chunk (grammar/README.md has the details):
 *
 *   local fg, ... = fg, ...            -- globals the code uses, as locals
 *   local _p_window, ...               -- parameters, set by _setup(p)
 *   local _s_last = fg.kv("...")       -- stores (in _setup when their
 *                                      --   retention uses a parameter)
 *   local function _on_admission(a)    -- one function per 'on' section:
 *     local _f_psn_no = a.psn_no       --   each field read once, into a
 *     ...                              --   local, where first needed
 *   end
 *   return { id = ..., on = {...}, params = {...}, setup = _setup,
 *            check = ... }             -- dispatch on e._type
 *
 * Generated statements stay on the line of the .rule statement they come
 * from (several per line when needed), so a Lua error message names the
 * line of the .rule file. */
#ifndef FG_GEN_H
#define FG_GEN_H
#include "fg_buf.h"
#include "fg_check.h"

/* Appends the Lua source of a checked program to out. */
void fg_gen_program(const fg_checked *ck, fg_arena *a, fg_buf *out);

#endif
