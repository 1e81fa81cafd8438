/* fg_plugin — reading a rule plugin's declaration (docs/plugins.md).
 *
 * A .lua plugin returns a table:
 *
 *     return {
 *       id = "split_admission", title = "分解住院", severity = "high",
 *       basis = "负面清单 一(6)", on = {"admission"},
 *       params = { window = {"duration", "15d"} },
 *       check = function(e, p) ... end,
 *     }
 *
 * This file checks that table and copies it into an fg_rule, reporting
 * problems at the line of the offending key in the plugin source. */
#ifndef FG_PLUGIN_H
#define FG_PLUGIN_H
#include "fg_diag.h"
#include "fg_rule.h"
#include <lua.h>

/* Reads the declaration table at index t into r.  0, or -1 with errors in d. */
int fg_plugin_read_meta(lua_State *L, int t, fg_rule *r, fg_diag *d);
/* Line and column of the first "key =" in a source (1,1 when absent). */
void fg_plugin_locate(const char *src, size_t n, const char *key, size_t *line, size_t *col);
/* Reports a Lua load/run error message "chunk:LINE: msg" against path. */
void fg_plugin_lua_error(fg_diag *d, const char *path, const char *src, size_t n, const char *msg);

#endif
