/* fg_dsl — compiling a .rule file (see fg_dsl.h). */
#include "fg_dsl.h"
#include "fg_check.h"
#include "fg_file.h"
#include "fg_gen.h"
#include "fg_hash.h"
#include "fg_lex.h"
#include "fg_parse.h"
#include "fg_utf8.h"
#include <lauxlib.h>
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

/* One message of the diagnostics text: its place in the file list and
 * the source, for sorting. */
typedef struct fg_dmsg {
    const char *p;
    size_t n;
    size_t file, line, col, seq;
} fg_dmsg;

static int fg_dmsg_cmp(const void *a, const void *b)
{
    const fg_dmsg *x = a, *y = b;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Appends the messages of `text` to `out` in source order (the parser's
 * and the checker's messages interleave by line). */
static void fg_dsl_sorted(const fg_dslc *c, const fg_buf *text, fg_buf *out)
{
    if (!text->len) return;
    size_t cap = 16, n = 0;
    fg_dmsg *v = malloc(cap * sizeof *v);
    const char *p = text->p, *end = text->p + text->len;
    while (p < end) {
        const char *q = p;
        /* a message is its first line and the indented lines after it */
        do {
            const char *nl = memchr(q, '\n', (size_t)(end - q));
            q = nl ? nl + 1 : end;
        } while (q < end && *q == ' ');
        if (n == cap) {
            cap *= 2;
            v = realloc(v, cap * sizeof *v);
            if (!v) abort();
        }
        fg_dmsg *m = &v[n];
        m->p = p;
        m->n = (size_t)(q - p);
        m->seq = n;
        m->file = FG_MAX_LIBS + 1;
        m->line = m->col = 0;
        for (size_t k = 0; k < c->npaths; k++) {
            size_t pl = strlen(c->paths[k]);
            if ((size_t)(q - p) > pl && !memcmp(p, c->paths[k], pl) && p[pl] == ':') {
                m->file = k;
                char *e;
                m->line = strtoul(p + pl + 1, &e, 10);
                if (*e == ':') m->col = strtoul(e + 1, NULL, 10);
                break;
            }
        }
        n++;
        p = q;
    }
    qsort(v, n, sizeof *v, fg_dmsg_cmp);
    for (size_t i = 0; i < n; i++) fg_buf_put(out, v[i].p, v[i].n);
    free(v);
}

/* The generated Lua must load: what the front end accepts the engine can
 * run.  Lua's own limits (200 locals, 255 upvalues per function) are the
 * only way it can fail, for a very large rule; it is reported at the
 * .rule line the Lua error names (statements keep their lines). */
static void fg_dsl_loads(fg_diag *d, const char *path, const char *src, size_t srclen, const char *code,
                         size_t n)
{
    lua_State *L = luaL_newstate();
    if (!L) return;
    if (luaL_loadbufferx(L, code, n, "=rule", "t") != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        size_t line = 1;
        const char *p = msg ? strchr(msg, ':') : NULL;
        if (p && p[1] >= '0' && p[1] <= '9') {
            line = strtoul(p + 1, (char **)&p, 10);
            if (*p == ':') p++;
            while (*p == ' ') p++;
        } else {
            p = msg ? msg : "?";
        }
        size_t off = 0;
        for (size_t l = 1; l < line && off < srclen; off++)
            if (src[off] == '\n') l++;
        fg_lex_error_at(d, path, src, srclen, off, 1, "split the rule into smaller sections or rules",
                        "the rule is too large for the engine: %s", p);
    }
    lua_close(L);
}

int fg_dsl_compile(const char *path, const char *text, size_t len, int flags, fg_buf *lua, fg_diag *dout)
{
    return fg_dsl_compile_ex(path, text, len, flags, lua, NULL, dout);
}

int fg_dsl_compile_ex(const char *path, const char *text, size_t len, int flags, fg_buf *lua, uint64_t *uses_hash,
                      fg_diag *dout)
{
    if (uses_hash) *uses_hash = 0;
    fg_diag dd, *d = &dd;
    fg_diag_init(d);
    int before = 0;
    if (fg_dsl_utf8(dout, path, text, len)) {
        fg_diag_free(d);
        return -1;
    }
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
    if (uses_hash)
        for (size_t i = 0; i < c.nlibs; i++)
            *uses_hash = fg_hash64(c.libs[i]->src->text, c.libs[i]->src->len, *uses_hash ? *uses_hash : 0x6c6962ULL);
    /* the checker runs on what could be parsed, so one run reports the
     * syntax errors and the errors of names and types together */
    {
        fg_checked ck;
        memset(&ck, 0, sizeof ck);
        fg_check_program(&prog, c.libs, c.nlibs, &arena, d, &ck);
        if (d->errors == before) {
            if (prog.is_library) {
                fg_buf_puts(lua, "-- a library of lists and macros: nothing to run\nreturn nil\n");
            } else {
                size_t at = lua->len;
                fg_gen_program(&ck, &arena, lua);
                fg_dsl_loads(d, path, text, len, lua->p + at, lua->len - at);
                if (d->errors != before) lua->len = at;
            }
        }
    }
    fg_dsl_sorted(&c, &d->text, &dout->text);
    dout->errors += d->errors;
    dout->warnings += d->warnings;
    int bad = d->errors > before;
    fg_diag_free(d);
    fg_arena_free(&arena);
    return bad ? -1 : 0;
}
