/* fg_dsl — compiling a .rule file (see fg_dsl.h). */
#include "fg_dsl.h"
#include "fg_check.h"
#include "fg_file.h"
#include "fg_gen.h"
#include "fg_lex.h"
#include "fg_parse.h"
#include "fg_utf8.h"
#include <stdlib.h>
#include <string.h>

#define FG_MAX_LIBS 32

int fg_dsl_is_rule_path(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && !strcmp(path + n - 5, ".rule");
}

typedef struct fg_dslc {
    fg_arena *a;
    fg_diag *d;
    int flags;
    fg_program *libs[FG_MAX_LIBS];
    size_t nlibs;
    const char *paths[FG_MAX_LIBS + 1];   /* files read, the rule first */
    size_t npaths;
} fg_dslc;

static int fg_dsl_utf8(fg_diag *d, const char *path, const char *src, size_t len)
{
    size_t bad;
    if (fg_utf8_valid(src, len, &bad)) return 0;
    fg_lex_error_at(d, path, src, len, bad, 1, "save the file as UTF-8", "the file is not valid UTF-8");
    return -1;
}

/* Parses the libraries a program uses, depth first. */
static void fg_dsl_uses(fg_dslc *c, fg_program *prog, const char *path, int depth)
{
    for (size_t i = 0; i < prog->nuses; i++) {
        fg_node *u = prog->uses[i];
        if (c->flags & FG_DSL_NO_FILES) {
            fg_node_error(c->d, u, NULL, "'use' is not available here");
            continue;
        }
        char *dir = fg_path_dir(path);
        char *full = fg_path_join(dir, u->text);
        free(dir);
        const char *fp = fg_arena_strndup(c->a, full, strlen(full));
        free(full);
        int seen = 0;
        for (size_t k = 0; k < c->npaths; k++)
            if (!strcmp(c->paths[k], fp)) seen = 1;
        if (seen) continue;     /* used twice, or a cycle: read once */
        if (depth > 8 || c->nlibs >= FG_MAX_LIBS) {
            fg_node_error(c->d, u, "keep libraries few and flat", "too many libraries");
            continue;
        }
        char err[128];
        size_t len;
        char *text = fg_file_read(fp, &len, err, sizeof err);
        if (!text) {
            fg_node_error(c->d, u, "the path is relative to this file", "cannot read %s: %s", fp, err);
            continue;
        }
        char *kept = fg_arena_alloc(c->a, len + 1);
        memcpy(kept, text, len + 1);
        free(text);
        c->paths[c->npaths++] = fp;
        if (fg_dsl_utf8(c->d, fp, kept, len)) continue;
        fg_src *src = fg_arena_alloc(c->a, sizeof *src);
        src->path = fp;
        src->text = kept;
        src->len = len;
        fg_program *lib = fg_arena_alloc(c->a, sizeof *lib);
        memset(lib, 0, sizeof *lib);
        fg_parse_program(src, c->a, c->d, lib);
        if (!lib->is_library) {
            fg_node_error(c->d, u, "a library holds lists, macros and field declarations, without a rule header",
                          "%s is a rule, not a library", fp);
            continue;
        }
        c->libs[c->nlibs++] = lib;
        fg_dsl_uses(c, lib, fp, depth + 1);
    }
}

int fg_dsl_compile(const char *path, const char *text, size_t len, int flags, fg_buf *lua, fg_diag *d)
{
    int before = d->errors;
    if (fg_dsl_utf8(d, path, text, len)) return -1;
    fg_arena arena;
    fg_arena_init(&arena);
    fg_dslc c;
    memset(&c, 0, sizeof c);
    c.a = &arena;
    c.d = d;
    c.flags = flags;
    c.paths[c.npaths++] = path;
    fg_src src = {path, text, len};
    fg_program prog;
    memset(&prog, 0, sizeof prog);
    fg_parse_program(&src, &arena, d, &prog);
    fg_dsl_uses(&c, &prog, path, 0);
    if (d->errors == before) {
        fg_checked ck;
        memset(&ck, 0, sizeof ck);
        fg_check_program(&prog, c.libs, c.nlibs, &arena, d, &ck);
        if (d->errors == before) {
            if (prog.is_library) {
                fg_buf_puts(lua, "-- a library of lists and macros: nothing to run\nreturn nil\n");
            } else {
                fg_gen_program(&ck, &arena, lua);
            }
        }
    }
    fg_arena_free(&arena);
    return d->errors > before ? -1 : 0;
}
