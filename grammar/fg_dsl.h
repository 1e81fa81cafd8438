/* fg_dsl — the front end's entry point: one .rule file to Lua source.
 *
 * Reads the libraries the file uses (`use "..."`, relative to the file),
 * parses everything, checks it and generates the Lua of a rule plugin.
 * Every error of every file goes into the fg_diag as
 * "FILE:LINE:COL: error: ..." with the source line, a caret and a hint;
 * nothing is generated when there is one. */
#ifndef FG_DSL_H
#define FG_DSL_H
#include "fg_buf.h"
#include "fg_diag.h"
#include <stddef.h>
#include <stdint.h>

enum {
    FG_DSL_NO_FILES = 1,    /* refuse `use` (the fuzz harness: no file access) */
};

/* Compiles src (the contents of path) and appends the Lua to lua.
 * 0, or -1 with the errors in d. */
int fg_dsl_compile(const char *path, const char *src, size_t len, int flags, fg_buf *lua, fg_diag *d);
/* The same; *uses_hash gets a hash of the text of every library the file
 * uses (0 when none), which a rule's version includes. */
int fg_dsl_compile_ex(const char *path, const char *src, size_t len, int flags, fg_buf *lua,
                      uint64_t *uses_hash, fg_diag *d);
/* Does the path name a .rule file? */
int fg_dsl_is_rule_path(const char *path);

#endif
