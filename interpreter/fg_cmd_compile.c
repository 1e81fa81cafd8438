/* fg_cmd_compile — `fundguard compile --emit-lua FILE`: prints the Lua a
 * .rule file compiles to (what the engine loads in its place), or the
 * file's errors with exit status 2. */
#include "fg_cli.h"
#include "fg_dsl.h"
#include "fg_file.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fg_compile_help[] =
    "usage: fundguard compile --emit-lua FILE.rule\n"
    "\n"
    "Compiles a rule written in the rule language (docs/rule-language.md) and\n"
    "prints the Lua plugin it becomes.  Errors are printed as\n"
    "FILE:LINE:COL: error: ... with the source line, a caret and a hint, and\n"
    "the exit status is 2.\n"
    "\n"
    "  --emit-lua           print the generated Lua (the default and only output)\n";

int fg_cmd_compile(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(fg_compile_help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--emit-lua")) continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "fundguard compile: unknown option '%s' (see fundguard compile --help)\n", argv[i]);
            return 2;
        }
        if (file) {
            fprintf(stderr, "fundguard compile: one file at a time\n");
            return 2;
        }
        file = argv[i];
    }
    if (!file) {
        fputs(fg_compile_help, stderr);
        return 2;
    }
    char err[128];
    size_t len;
    char *src = fg_file_read(file, &len, err, sizeof err);
    if (!src) {
        fprintf(stderr, "%s: error: cannot read: %s\n", file, err);
        return 2;
    }
    fg_diag d;
    fg_diag_init(&d);
    fg_buf lua;
    fg_buf_init(&lua);
    int rc = fg_dsl_compile(file, src, len, 0, &lua, &d);
    if (d.text.len) fwrite(d.text.p, 1, d.text.len, stderr);
    if (!rc) fwrite(lua.p, 1, lua.len, stdout);
    fg_buf_free(&lua);
    fg_diag_free(&d);
    free(src);
    return rc ? 2 : 0;
}
