/* fg_gen — Lua code generation for checked .rule programs (see fg_gen.h).
 *
 * Expressions are generated bottom-up into Lua expression text plus, when
 * needed, statements that must run first (temporaries for values used
 * twice, loops for `where` filters); those go into a `pre` buffer emitted
 * before the statement, or inside an `if` when they belong to the right
 * side of and/or, so evaluation order and short-circuits are kept.
 *
 * Absent values: every operation on a value the checker marked nullable is
 * guarded (a comparison with an absent side is false, arithmetic with an
 * absent side is absent), and nothing else is, so a rule that tested its
 * fields first pays nothing for the guards. */
#include "fg_gen.h"
#include "fg_alert.h"
#include "fg_params.h"
#include "fg_schema.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    H_ROUND = 1 << 0, H_MMUL = 1 << 1, H_MDIV = 1 << 2, H_SUM = 1 << 3, H_HAS = 1 << 4,
    H_FLAG = 1 << 5, H_DUR = 1 << 6, H_CLOCK = 1 << 7, H_NONE = 1 << 8, H_NUM = 1 << 9, H_FRAC = 1 << 10,
};

typedef struct gx {
    const char *s;
    int simple;             /* a name or a literal: can be repeated */
} gx;

typedef struct fg_gen {
    fg_buf *out;
    fg_arena *a;
    const fg_checked *ck;
    fg_program *g;
    uint32_t line;          /* line being written */
    int bol;                /* at the beginning of the line */
    int indent;
    uint32_t limit;         /* the prologue must stay above this line */
    int ntmp;
    unsigned helpers;
    fg_handler *h;
    const char *ev;         /* Lua name of the event in the current handler */
    struct fuse *fields;    /* fields read into locals, in scope */
    size_t nfields;
    fg_sym **live;          /* lets and loop variables in scope */
    size_t nlive;
    int loop_label;         /* label for `when` inside a loop, -1 outside */
    int label_used;
    int nlabels;
    fg_buf regexes;         /* chunk-level compiled regex literals */
    int nregex;
    fg_buf sets;            /* chunk-level sets for `in` over literal lists */
    int nsets;
    int mutable_list;       /* the list being made may be appended to */
    const char **req;       /* the rule's requires: the engine checks them */
    size_t nreq;
    fg_sym *fieldwise[16];  /* record lets read field by field: they hold the key */
    int fw_kind[16];        /* FG_B_PERSON, FG_B_INSTITUTION, FG_B_ENCOUNTER */
    size_t nfieldwise;
} fg_gen;

/* ---- text ---- */

static const char *S(fg_gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *S(fg_gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = fg_arena_alloc(g->a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void lua_quote(fg_buf *b, const char *s, size_t n)
{
    fg_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fg_buf_putc(b, '\\');
            fg_buf_putc(b, (char)c);
        } else if (c == '\n') {
            fg_buf_puts(b, "\\n");
        } else if (c < 0x20 || c == 0x7f) {
            fg_buf_printf(b, "\\%03u", c);
        } else {
            fg_buf_putc(b, (char)c);
        }
    }
    fg_buf_putc(b, '"');
}

static const char *Q(fg_gen *g, const char *s)
{
    fg_buf b;
    fg_buf_init(&b);
    lua_quote(&b, s, strlen(s));
    const char *r = fg_arena_strndup(g->a, b.p, b.len);
    fg_buf_free(&b);
    return r;
}

static int lua_keyword(const char *s)
{
    static const char *const kw[] = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
                                     "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
                                     "true", "until", "while", NULL};
    for (int i = 0; kw[i]; i++)
        if (!strcmp(kw[i], s)) return 1;
    return 0;
}

/* base.key, or base["key"] for a Lua keyword */
static const char *dot(fg_gen *g, const char *base, const char *key)
{
    if (lua_keyword(key)) return S(g, "%s[\"%s\"]", base, key);
    return S(g, "%s.%s", base, key);
}

/* ---- output with line sync ---- */

static void out_nl(fg_gen *g)
{
    fg_buf_putc(g->out, '\n');
    g->line++;
    g->bol = 1;
}

static void out_put(fg_gen *g, const char *s)
{
    if (g->bol) {
        for (int i = 0; i < g->indent; i++) fg_buf_puts(g->out, "  ");
        g->bol = 0;
    } else if (g->out->len && g->out->p[g->out->len - 1] != ' ') {
        fg_buf_putc(g->out, ' ');
    }
    fg_buf_puts(g->out, s);
}

/* Moves the output to source line `line` (never backwards). */
static void sync_line(fg_gen *g, uint32_t line)
{
    while (g->line < line) out_nl(g);
}

/* A line break in the prologue, if room is left above the rule's code. */
static void soft_nl(fg_gen *g)
{
    if (g->line + 1 < g->limit) out_nl(g);
}

/* ---- temporaries ---- */

static const char *tmp(fg_gen *g) { return S(g, "_t%d", ++g->ntmp); }

static gx X(const char *s, int simple)
{
    gx r = {s, simple};
    return r;
}

static gx need_simple(fg_gen *g, gx x, fg_buf *pre)
{
    if (x.simple) return x;
    const char *t = tmp(g);
    fg_buf_printf(pre, "local %s = %s ", t, x.s);
    return X(t, 1);
}

static gx gen(fg_gen *g, fg_node *n, fg_buf *pre);

/* ---- event fields ---- */

/* A field read that can become a local: of the event (sym NULL), of a
 * record held by a let that is never changed, or of a loop variable. */
typedef struct fuse {
    fg_sym *sym;
    const fg_fdef *f;
} fuse;

static int fuse_eq(const fuse *a, const fuse *b)
{
    return a->sym == b->sym && !strcmp(a->f->lua, b->f->lua);
}

static int field_declared(fg_gen *g, const fuse *u)
{
    for (size_t i = 0; i < g->nfields; i++)
        if (fuse_eq(&g->fields[i], u)) return 1;
    return 0;
}

static const char *field_local(fg_gen *g, const fuse *u)
{
    const char *lua = u->f->lua;
    if (!u->sym) return S(g, "_f%s%s", lua[0] == '_' ? "" : "_", lua);
    return S(g, "_r_%s%s%s", u->sym->lua, lua[0] == '_' ? "" : "_", lua);
}

/* A record let only read field by field (and tested for presence) holds
 * the record's key, and each field is one call of fg.person_field and kin
 * — no view of the record is made. */
static int fieldwise_kind(const fg_gen *g, const fg_sym *s)
{
    for (size_t i = 0; i < g->nfieldwise; i++)
        if (g->fieldwise[i] == s) return g->fw_kind[i];
    return -1;
}

static const char *fw_fn(int kind)
{
    return kind == FG_B_PERSON ? "fg.person_field" : kind == FG_B_INSTITUTION ? "fg.institution_field"
                                                                              : "fg.encounter_field";
}

static const char *fw_keyfield(int kind)
{
    return kind == FG_B_PERSON ? "psn_no" : kind == FG_B_INSTITUTION ? "fixmedins_code" : "mdtrt_id";
}

/* The value of a field (date fields as day numbers); `present` when the
 * record is known to be there. */
static const char *field_read_at(fg_gen *g, const fuse *u, int present)
{
    const char *base = u->sym ? u->sym->lua : g->ev;
    int fw = u->sym ? fieldwise_kind(g, u->sym) : -1;
    const char *raw = fw >= 0 ? S(g, "%s(%s, \"%s\")", fw_fn(fw), base, u->f->lua) : dot(g, base, u->f->lua);
    if (u->f->date_text) raw = S(g, "fg.date(%s)", raw);
    if (u->sym && u->sym->nullable && !present && fw < 0) return S(g, "(%s and %s)", base, raw);
    return raw;
}

static const char *field_read(fg_gen *g, const fuse *u)
{
    return field_read_at(g, u, 0);
}

/* Is every mention of s in the statement known present?  Then it was
 * tested by an earlier statement (a test inside this one leaves the
 * mention in the test itself nullable). */
static int sym_present_throughout(const fg_node *n, const fg_sym *s)
{
    if (!n) return 1;
    if (n->kind == FG_N_NAME && n->sym == s && n->nullable) return 0;
    if (!sym_present_throughout(n->a, s) || !sym_present_throughout(n->b, s) || !sym_present_throughout(n->c, s))
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!sym_present_throughout(n->kids[i], s)) return 0;
    return 1;
}

static const fg_fdef *event_field(fg_gen *g, const char *lua)
{
    for (size_t i = 0; i < g->h->ev.n; i++)
        if (!strcmp(g->h->ev.fields[i].lua, lua)) return &g->h->ev.fields[i];
    return NULL;
}

static gx ev_field(fg_gen *g, const char *lua)
{
    const fg_fdef *f = event_field(g, lua);
    if (!f) return X(dot(g, g->ev, lua), 0);
    fuse u = {NULL, f};
    if (field_declared(g, &u)) return X(field_local(g, &u), 1);
    return X(field_read(g, &u), 0);
}

static int is_event_sym(const fg_node *n)
{
    return n->kind == FG_N_NAME && n->sym && ((fg_sym *)n->sym)->kind == FG_SYM_EVENT;
}

/* The fuse of a member node, when its value can be kept in a local. */
static int member_fuse(const fg_node *n, fuse *u)
{
    if (n->kind != FG_N_MEMBER || !n->sym || n->a->kind != FG_N_NAME || !n->a->sym) return 0;
    fg_sym *s = n->a->sym;
    u->f = n->sym;
    if (s->kind == FG_SYM_EVENT) {
        u->sym = NULL;
        return 1;
    }
    if ((s->kind == FG_SYM_LET || s->kind == FG_SYM_LOOP) && !s->assigned && s->type &&
        s->type->k == FG_TY_RECORD) {
        u->sym = s;
        return 1;
    }
    return 0;
}

/* person(e.psn_no) and kin: the engine links the record to the event. */
static int is_event_link(const fg_gen *g, const fg_node *n)
{
    if (n->kind != FG_N_CALL || n->sym || n->nkids != 1 || !g->h || g->h->alerts) return 0;
    const char *own;
    switch (n->builtin) {
    case FG_B_PERSON: own = "psn_no"; break;
    case FG_B_INSTITUTION: own = "fixmedins_code"; break;
    case FG_B_ENCOUNTER: own = "mdtrt_id"; break;
    case FG_B_DRUG: case FG_B_ITEM: own = "med_list_codg"; break;
    default: return 0;
    }
    const fg_node *x = n->kids[0];
    return x->kind == FG_N_MEMBER && is_event_sym(x->a) && x->sym && !strcmp(((const fg_fdef *)x->sym)->lua, own);
}

static int is_event_time(const fg_node *n)
{
    return n->kind == FG_N_MEMBER && is_event_sym(n->a) && n->sym && !strcmp(((const fg_fdef *)n->sym)->lua, "_t");
}

/* Collects the field reads of an expression or statement. */
static void uses_add(fg_gen *g, fuse **v, size_t *n, fuse u)
{
    for (size_t i = 0; i < *n; i++)
        if (fuse_eq(&(*v)[i], &u)) return;
    *v = fg_ast_grow(g->a, *v, *n, sizeof **v);
    (*v)[(*n)++] = u;
}

static void uses(fg_gen *g, const fg_node *n, fuse **v, size_t *cnt, int deep)
{
    if (!n) return;
    fuse u;
    if (member_fuse(n, &u)) {
        uses_add(g, v, cnt, u);
        return;
    }
    if (is_event_link(g, n)) return;    /* e._person: no field read */
    /* the event's time shown as text is e._time, not e._t */
    if ((n->kind == FG_N_HOLE || n->kind == FG_N_ARG) && n->a && is_event_time(n->a)) return;
    if (n->kind == FG_N_CALL && n->a && n->a->kind == FG_N_MEMBER && n->sym &&
        ((fg_sym *)n->sym)->kind == FG_SYM_STORE) {
        /* within: and a push or record without at: read the event's time */
        int m = n->builtin, has_at = 0, needs_t = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            if (n->kids[i]->kind != FG_N_ARG) continue;
            if (!strcmp(n->kids[i]->name, "within") && m != FG_M_SETTLE) needs_t = 1;
            if (!strcmp(n->kids[i]->name, "at")) has_at = 1;
        }
        if ((m == FG_M_PUSH || m == FG_M_RECORD) && !has_at) needs_t = 1;
        const fg_fdef *tf = needs_t ? event_field(g, "_t") : NULL;
        if (tf) uses_add(g, v, cnt, (fuse){NULL, tf});
    }
    if (!deep && (n->kind == FG_S_IF || n->kind == FG_S_FOR)) {
        /* only the conditions / the list of the statement itself */
        if (n->kind == FG_S_IF) {
            for (size_t i = 0; i + 1 < n->nkids; i += 2) uses(g, n->kids[i], v, cnt, 1);
        } else {
            uses(g, n->a, v, cnt, 1);
        }
        return;
    }
    uses(g, n->a, v, cnt, deep);
    uses(g, n->b, v, cnt, deep);
    uses(g, n->c, v, cnt, deep);
    for (size_t i = 0; i < n->nkids; i++) uses(g, n->kids[i], v, cnt, deep);
}

static int in_list(const fuse *v, size_t n, const fuse *u)
{
    for (size_t i = 0; i < n; i++)
        if (fuse_eq(&v[i], u)) return 1;
    return 0;
}

static int live(fg_gen *g, const fg_sym *s)
{
    if (!s) return 1;
    for (size_t i = 0; i < g->nlive; i++)
        if (g->live[i] == s) return 1;
    return 0;
}

static void live_push(fg_gen *g, fg_sym *s)
{
    g->live = fg_ast_grow(g->a, g->live, g->nlive, sizeof *g->live);
    g->live[g->nlive++] = s;
}

/* ---- helpers in the chunk ---- */

static void emit_helpers(fg_gen *g)
{
    unsigned h = g->helpers;
    if (h & (H_ROUND | H_MMUL | H_MDIV)) {
        out_put(g, "local function _h_round(x) if math.type(x) == \"integer\" then return x end "
                   "if x >= 0 then return math.floor(x + 0.5) end return -math.floor(-x + 0.5) end");
        soft_nl(g);
    }
    if (h & H_MMUL) {
        /* money x decimal, exact: the factor as n / 10^k, then integer arithmetic */
        out_put(g, "local function _h_mmul(m, x) if math.type(x) == \"integer\" then return m * x end "
                   "local d = 1 while d < 1000000 and math.abs(x * d - math.floor(x * d + 0.5)) > 1e-9 do d = d * 10 end "
                   "local n = math.floor(x * d + 0.5) if d == 1000000 and math.abs(x * d - n) > 1e-9 then return _h_round(m * x) end "
                   "local p = m * n local a = p < 0 and -p or p local q = a // d "
                   "if (a - q * d) * 2 >= d then q = q + 1 end return p < 0 and -q or q end");
        soft_nl(g);
    }
    if (h & H_MDIV) {
        out_put(g, "local function _h_mdiv(m, x) if math.type(x) == \"integer\" and x ~= 0 then "
                   "local a, b = math.abs(m), math.abs(x) local q = a // b "
                   "if (a - q * b) * 2 >= b then q = q + 1 end return ((m < 0) ~= (x < 0)) and -q or q end "
                   "return _h_round(m / x) end");
        soft_nl(g);
    }
    if (h & H_FRAC) {
        /* a decimal number as n / d, d a power of ten: exact comparisons of money */
        out_put(g, "local function _h_frac(x) if math.type(x) == \"integer\" then return x, 1 end "
                   "local d = 1 while d < 1000000 and math.abs(x * d - math.floor(x * d + 0.5)) > 1e-9 do d = d * 10 end "
                   "return math.floor(x * d + 0.5), d end");
        soft_nl(g);
    }
    if (h & H_SUM) {
        out_put(g, "local function _h_sum(l) local s = 0 if l then for i = 1, #l do s = s + l[i] end end return s end");
        soft_nl(g);
    }
    if (h & H_HAS) {
        out_put(g, "local function _h_has(l, x) if l == nil or x == nil then return false end "
                   "for i = 1, #l do if l[i] == x then return true end end return false end");
        soft_nl(g);
    }
    if (h & H_FLAG) {
        out_put(g, "local function _h_flag(v) return v == true or v == 1 or v == \"1\" or v == \"true\" end");
        soft_nl(g);
    }
    if (h & H_DUR) {
        out_put(g, "local function _h_dur(s) if s % 86400 == 0 then return string.format(\"%d天\", s // 86400) end "
                   "if s % 3600 == 0 then return string.format(\"%d小时\", s // 3600) end "
                   "if s % 60 == 0 then return string.format(\"%d分钟\", s // 60) end "
                   "return string.format(\"%d秒\", s) end");
        soft_nl(g);
    }
    if (h & H_CLOCK) {
        out_put(g, "local function _h_clock(s) return string.format(\"%02d:%02d:%02d\", s // 3600, s % 3600 // 60, s % 60) end");
        soft_nl(g);
    }
    if (h & H_NUM) {
        out_put(g, "local function _h_num(x) if math.type(x) == \"float\" and x == math.floor(x) and math.abs(x) < 2^53 then "
                   "return string.format(\"%d\", x) end return tostring(x) end");
        soft_nl(g);
    }
    if (h & H_NONE) {
        out_put(g, "local _h_none = setmetatable({}, {__newindex = function() error(\"read-only\") end})");
        soft_nl(g);
    }
}

/* ---- values as text (messages) and as evidence ---- */

/* One hole of a message: the format directive and its argument. */
static void text_arg(fg_gen *g, fg_node *e, const char *fmtspec, fg_buf *fmt, fg_buf *args, fg_buf *pre)
{
    /* the event's own time reads as the event's normalised time text */
    if (e->kind == FG_N_MEMBER && is_event_sym(e->a) && e->sym && !strcmp(((const fg_fdef *)e->sym)->lua, "_t")) {
        fg_buf_puts(fmt, "%s");
        fg_buf_printf(args, ", %s", ev_field(g, "_time").s);
        return;
    }
    gx v = gen(g, e, pre);
    int nullable = e->nullable;
    if (nullable) v = need_simple(g, v, pre);
    const char *conv = NULL;
    switch (e->type->k) {
    case FG_TY_TEXT: conv = v.s; break;
    case FG_TY_NUMBER:
        if (fmtspec) {
            fg_buf_printf(fmt, "%%%sf", fmtspec);
            fg_buf_printf(args, ", %s", nullable ? S(g, "(%s or 0)", v.s) : v.s);
            return;
        }
        g->helpers |= H_NUM;
        conv = S(g, "_h_num(%s)", v.s);
        break;
    case FG_TY_PERCENT:
        if (fmtspec) {
            fg_buf_printf(fmt, "%%%sf%%%%", fmtspec);
            fg_buf_printf(args, ", %s", nullable ? S(g, "(%s or 0)", v.s) : v.s);
            return;
        }
        g->helpers |= H_NUM;
        conv = S(g, "_h_num(%s) .. \"%%\"", v.s);
        break;
    case FG_TY_MONEY: conv = S(g, "fg.yuan(%s)", v.s); break;
    case FG_TY_INSTANT: conv = S(g, "fg.fmt_time(%s)", v.s); break;
    case FG_TY_DATE: conv = S(g, "fg.fmt_day(%s)", v.s); break;
    case FG_TY_MONTH: conv = S(g, "fg.fmt_month(%s)", v.s); break;
    case FG_TY_CLOCK: g->helpers |= H_CLOCK; conv = S(g, "_h_clock(%s)", v.s); break;
    case FG_TY_DURATION: g->helpers |= H_DUR; conv = S(g, "_h_dur(%s)", v.s); break;
    case FG_TY_LIST: conv = S(g, "fg.join(%s)", v.s); break;
    case FG_TY_BOOL: conv = S(g, "(%s and \"是\" or \"否\")", v.s); nullable = 0; break;
    default: conv = S(g, "tostring(%s)", v.s); break;
    }
    fg_buf_puts(fmt, "%s");
    if (nullable) fg_buf_printf(args, ", (%s ~= nil and %s or \"\")", v.s, conv);
    else fg_buf_printf(args, ", %s", conv);
}

static gx gen_string(fg_gen *g, fg_node *n, fg_buf *pre)
{
    if (n->text) return X(Q(g, n->text), 1);
    fg_buf fmt, args;
    fg_buf_init(&fmt);
    fg_buf_init(&args);
    for (size_t i = 0; i < n->nkids; i++) {
        fg_node *k = n->kids[i];
        if (k->kind == FG_N_TEXT) {
            for (const char *p = k->text; *p; p++) {
                if (*p == '%') fg_buf_putc(&fmt, '%');
                fg_buf_putc(&fmt, *p);
            }
        } else if (k->a) {
            text_arg(g, k->a, k->text, &fmt, &args, pre);
        }
    }
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_puts(&b, "string.format(");
    lua_quote(&b, fmt.p ? fmt.p : "", fmt.len);
    if (args.len) fg_buf_put(&b, args.p, args.len);
    fg_buf_putc(&b, ')');
    const char *r = fg_arena_strndup(g->a, b.p, b.len);
    fg_buf_free(&b);
    fg_buf_free(&fmt);
    fg_buf_free(&args);
    return X(r, 0);
}

/* A value for evidence: instants, days and months as text, money as yuan text. */
static const char *evidence_value(fg_gen *g, fg_node *e, fg_buf *pre)
{
    gx v = gen(g, e, pre);
    const char *f = NULL;
    switch (e->type->k) {
    case FG_TY_INSTANT: f = "fg.fmt_time(%s)"; break;
    case FG_TY_DATE: f = "fg.fmt_day(%s)"; break;
    case FG_TY_MONTH: f = "fg.fmt_month(%s)"; break;
    case FG_TY_MONEY: f = "fg.yuan(%s)"; break;
    case FG_TY_CLOCK: g->helpers |= H_CLOCK; f = "_h_clock(%s)"; break;
    case FG_TY_SEVERITY: return v.s;
    default: return v.s;
    }
    if (e->kind == FG_N_MEMBER && is_event_sym(e->a) && e->sym && !strcmp(((const fg_fdef *)e->sym)->lua, "_t"))
        return ev_field(g, "_time").s;
    if (e->nullable) {
        v = need_simple(g, v, pre);
        return S(g, "(%s ~= nil and %s or nil)", v.s, S(g, f, v.s));
    }
    return S(g, f, v.s);
}

/* ---- entries (multiple values) ---- */

/* The prefix of the Lua locals holding an entry: PREFIX1, PREFIX2, PREFIX3. */
static const char *gen_entry(fg_gen *g, fg_node *n, fg_buf *pre)
{
    if (n->kind == FG_N_NAME && n->sym) {
        fg_sym *s = n->sym;
        return S(g, "_e_%s_", s->lua);
    }
    gx v = gen(g, n, pre);
    const char *t = S(g, "_t%d_", ++g->ntmp);
    fg_buf_printf(pre, "local %s1, %s2, %s3 = %s ", t, t, t, v.s);
    return t;
}

/* ---- store methods ---- */

static const char *store_lua(const fg_store *s) { return s->name; }

static const char *key_of(fg_gen *g, fg_node *call, fg_buf *pre)
{
    size_t npos = 0;
    for (size_t i = 0; i < call->nkids; i++)
        if (call->kids[i]->kind != FG_N_ARG) npos++;
    if (npos == 1) {
        fg_node *k = call->kids[0];
        gx v = gen(g, k, pre);
        if (k->nullable) return S(g, "(%s or \"\")", v.s);
        return v.s;
    }
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_puts(&b, "fg.key(");
    int first = 1;
    for (size_t i = 0; i < call->nkids; i++) {
        if (call->kids[i]->kind == FG_N_ARG) continue;
        gx v = gen(g, call->kids[i], pre);
        if (!first) fg_buf_puts(&b, ", ");
        fg_buf_puts(&b, v.s);
        first = 0;
    }
    fg_buf_putc(&b, ')');
    const char *r = fg_arena_strndup(g->a, b.p, b.len);
    fg_buf_free(&b);
    return r;
}

static fg_node *named(fg_node *call, const char *name)
{
    for (size_t i = 0; i < call->nkids; i++)
        if (call->kids[i]->kind == FG_N_ARG && !strcmp(call->kids[i]->name, name)) return call->kids[i]->a;
    return NULL;
}

/* from, to of a window query */
static void range_of(fg_gen *g, fg_node *call, fg_buf *pre, const char **from, const char **to)
{
    fg_node *w = named(call, "within");
    if (w) {
        const char *t = ev_field(g, "_t").s;
        gx d = gen(g, w, pre);
        *from = S(g, "%s - %s", t, d.s);
        *to = t;
        return;
    }
    *from = gen(g, named(call, "from"), pre).s;
    *to = gen(g, named(call, "to"), pre).s;
}

/* The Lua integer of a slot value (numbers, money, instants, ... as is). */
static const char *slot_arg(fg_gen *g, fg_node *call, const fg_store *s, int index, fg_buf *pre)
{
    for (size_t i = 0; i < s->nslots; i++) {
        if (s->slots[i].index != index) continue;
        fg_node *v = named(call, s->slots[i].name);
        if (!v) return "nil";
        gx x = gen(g, v, pre);
        if (v->type->k == FG_TY_PERCENT && s->slots[i].type->k == FG_TY_NUMBER) return x.s;
        return x.s;
    }
    return "nil";
}

static gx gen_method(fg_gen *g, fg_node *n, fg_buf *pre)
{
    fg_sym *ss = n->sym;
    const fg_store *s = ss->ref;
    const char *h = store_lua(s);
    const char *hv = S(g, "_s_%s", h);
    if (n->builtin == FG_M_SETTLE) return X(S(g, "%s:settle(%s)", hv, gen(g, named(n, "within"), pre).s), 0);
    if (n->builtin == FG_M_RELEASE_LINE) return X(S(g, "%s:release_line()", hv), 0);
    const char *key = key_of(g, n, pre);
    const char *from, *to;
    switch ((fg_method)n->builtin) {
    case FG_M_GET: return X(S(g, "%s:get(%s)", hv, key), 0);
    case FG_M_PUT: {
        const char *until = gen(g, named(n, "until"), pre).s;
        const char *a = slot_arg(g, n, s, 0, pre), *b = slot_arg(g, n, s, 1, pre), *t = slot_arg(g, n, s, 2, pre);
        return X(S(g, "%s:put(%s, %s, %s, %s, %s)", hv, key, until, a, b, t), 0);
    }
    case FG_M_ADD: {
        const char *until = gen(g, named(n, "until"), pre).s;
        const char *by = gen(g, named(n, "by"), pre).s;
        return X(S(g, "%s:add(%s, %s, %s)", hv, key, until, by), 0);
    }
    case FG_M_ONCE: return X(S(g, "%s:once(%s, %s)", hv, key, gen(g, named(n, "until"), pre).s), 0);
    case FG_M_DEL: return X(S(g, "%s:del(%s)", hv, key), 0);
    case FG_M_PUSH: {
        fg_node *at = named(n, "at");
        const char *t = at ? gen(g, at, pre).s : ev_field(g, "_t").s;
        return X(S(g, "%s:push(%s, %s, %s, %s)", hv, key, t, slot_arg(g, n, s, 1, pre), slot_arg(g, n, s, 2, pre)), 0);
    }
    case FG_M_COUNT:
        range_of(g, n, pre, &from, &to);
        return X(S(g, "(%s:count(%s, %s, %s))", hv, key, from, to), 0);
    case FG_M_SUM:
        range_of(g, n, pre, &from, &to);
        return X(S(g, "select(2, %s:count(%s, %s, %s))", hv, key, from, to), 0);
    case FG_M_DISTINCT:
        range_of(g, n, pre, &from, &to);
        return X(S(g, "%s:distinct(%s, %s, %s)", hv, key, from, to), 0);
    case FG_M_LAST: return X(S(g, "%s:last(%s)", hv, key), 0);
    case FG_M_ENTRIES:
        range_of(g, n, pre, &from, &to);
        return X(S(g, "%s:each(%s, %s, %s)", hv, key, from, to), 0);
    case FG_M_FIRST: return X(S(g, "%s:first(%s)", hv, key), 0);
    case FG_M_RECORD: {
        fg_node *at = named(n, "at");
        fg_node *inst = named(n, "institution");
        const char *t = at ? gen(g, at, pre).s : ev_field(g, "_t").s;
        return X(S(g, "%s:record(%s, %s, %s)", hv, key, t, inst ? gen(g, inst, pre).s : "nil"), 0);
    }
    case FG_M_RELEASE: return X(S(g, "%s:release(%s)", hv, key), 0);
    default: return X("nil", 1);
    }
}

/* ---- builtins ---- */

/* f(x) where f must not see an absent x: (x and f(x)). */
static gx guarded1(fg_gen *g, fg_node *arg, const char *fmt, fg_buf *pre)
{
    gx v = gen(g, arg, pre);
    if (!arg->nullable) return X(S(g, fmt, v.s), 0);
    v = need_simple(g, v, pre);
    const char *call = S(g, fmt, v.s);
    return X(S(g, "(%s ~= nil and %s or nil)", v.s, call), 0);
}

static gx gen_where_special(fg_gen *g, fg_node *n, fg_buf *pre, int what);

static gx gen_builtin(fg_gen *g, fg_node *n, fg_buf *pre)
{
    fg_node *x = n->nkids ? n->kids[0] : NULL, *y = n->nkids > 1 ? n->kids[1] : NULL;
    switch ((fg_builtin)n->builtin) {
    case FG_B_KEY: {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "fg.key(");
        for (size_t i = 0; i < n->nkids; i++) {
            if (i) fg_buf_puts(&b, ", ");
            fg_buf_puts(&b, gen(g, n->kids[i], pre).s);
        }
        fg_buf_putc(&b, ')');
        const char *r = fg_arena_strndup(g->a, b.p, b.len);
        fg_buf_free(&b);
        return X(r, 0);
    }
    case FG_B_PERSON: case FG_B_INSTITUTION: case FG_B_ENCOUNTER: case FG_B_DRUG: case FG_B_ITEM: {
        static const char *const fn[] = {[FG_B_PERSON] = "person", [FG_B_INSTITUTION] = "institution",
                                         [FG_B_ENCOUNTER] = "encounter", [FG_B_DRUG] = "drug", [FG_B_ITEM] = "item"};
        /* the record of the event's own code: the engine's link, looked up
         * once per event for every rule (false when there is none) */
        if (is_event_link(g, n)) return X(S(g, "(%s._%s or nil)", g->ev, fn[n->builtin]), 0);
        return guarded1(g, x, S(g, "fg.%s(%%s)", fn[n->builtin]), pre);
    }
    case FG_B_STAYS: {
        gx v = gen(g, x, pre);
        if (x->nullable) {
            g->helpers |= H_NONE;
            v = need_simple(g, v, pre);
            return X(S(g, "(%s ~= nil and fg.stays(%s) or _h_none)", v.s, v.s), 0);
        }
        return X(S(g, "fg.stays(%s)", v.s), 0);
    }
    case FG_B_DIAGNOSES: {
        gx v = gen(g, x, pre);
        if (x->nullable) {
            g->helpers |= H_NONE;
            v = need_simple(g, v, pre);
            return X(S(g, "(%s ~= nil and fg.diagnoses(%s) or _h_none)", v.s, v.s), 0);
        }
        return X(S(g, "fg.diagnoses(%s)", v.s), 0);
    }
    case FG_B_LINE_TOTAL: return X(S(g, "fg.line_total(%s)", gen(g, x, pre).s), 0);
    case FG_B_IS_DRUG_LINE: return X(S(g, "fg.is_drug_line(%s)", gen(g, x, pre).s), 0);
    case FG_B_CITY: return X(S(g, "fg.city(%s)", gen(g, x, pre).s), 0);
    case FG_B_AGE: {
        gx p = need_simple(g, gen(g, x, pre), pre);
        gx t = gen(g, y, pre);
        const char *call = S(g, "fg.age(%s.brdy, %s)", p.s, t.s);
        if (y->nullable) {
            t = need_simple(g, t, pre);
            call = S(g, "(%s ~= nil and fg.age(%s.brdy, %s) or nil)", t.s, p.s, t.s);
        }
        if (x->nullable) return X(S(g, "(%s ~= nil and %s or nil)", p.s, call), 0);
        return X(call, 0);
    }
    case FG_B_HOSP_LEVEL: return X(S(g, "fg.hosp_level(%s)", gen(g, x, pre).s), 0);
    case FG_B_JOIN: {
        gx l = gen(g, x, pre);
        if (x->nullable) {
            g->helpers |= H_NONE;
            l = X(S(g, "(%s or _h_none)", l.s), 0);
        }
        if (y) return X(S(g, "fg.join(%s, %s)", l.s, gen(g, y, pre).s), 0);
        return X(S(g, "fg.join(%s)", l.s), 0);
    }
    case FG_B_COUNT: {
        if (x->kind == FG_N_WHERE) return gen_where_special(g, x, pre, 0);
        gx l = gen(g, x, pre);
        if (x->nullable) {
            l = need_simple(g, l, pre);
            return X(S(g, "(%s == nil and 0 or #%s)", l.s, l.s), 0);
        }
        return X(S(g, "#%s", l.s), 0);
    }
    case FG_B_SUM: g->helpers |= H_SUM; return X(S(g, "_h_sum(%s)", gen(g, x, pre).s), 0);
    case FG_B_FIRST: {
        if (x->kind == FG_N_WHERE) return gen_where_special(g, x, pre, 1);
        gx l = need_simple(g, gen(g, x, pre), pre);
        if (x->nullable) return X(S(g, "(%s and %s[1])", l.s, l.s), 0);
        return X(S(g, "%s[1]", l.s), 0);
    }
    case FG_B_LAST: {
        gx l = need_simple(g, gen(g, x, pre), pre);
        if (x->nullable) return X(S(g, "(%s and %s[#%s])", l.s, l.s, l.s), 0);
        return X(S(g, "%s[#%s]", l.s, l.s), 0);
    }
    case FG_B_MIN: case FG_B_MAX: {
        gx a = gen(g, x, pre), b = gen(g, y, pre);
        const char *f = n->builtin == FG_B_MIN ? "math.min" : "math.max";
        if (x->nullable || y->nullable) {
            a = need_simple(g, a, pre);
            b = need_simple(g, b, pre);
            return X(S(g, "(%s ~= nil and %s ~= nil and %s(%s, %s) or nil)", a.s, b.s, f, a.s, b.s), 0);
        }
        return X(S(g, "%s(%s, %s)", f, a.s, b.s), 0);
    }
    case FG_B_ABS: return guarded1(g, x, "math.abs(%s)", pre);
    case FG_B_ROUND: g->helpers |= H_ROUND; return guarded1(g, x, "_h_round(%s)", pre);
    case FG_B_FLOOR: return guarded1(g, x, "math.floor(%s)", pre);
    case FG_B_DAY_OF: return guarded1(g, x, "fg.day(%s)", pre);
    case FG_B_MONTH_OF: return guarded1(g, x, "fg.month(%s)", pre);
    case FG_B_YEAR_OF: return guarded1(g, x, "fg.year(%s)", pre);
    case FG_B_TIME_OF_DAY: return guarded1(g, x, "fg.sod(%s)", pre);
    case FG_B_START_OF_DAY: {
        gx t = need_simple(g, gen(g, x, pre), pre);
        if (x->nullable) return X(S(g, "(%s ~= nil and %s - fg.sod(%s) or nil)", t.s, t.s, t.s), 0);
        return X(S(g, "(%s - fg.sod(%s))", t.s, t.s), 0);
    }
    case FG_B_DATE: return X(S(g, "fg.date(%s)", gen(g, x, pre).s), 0);
    case FG_B_TEXT: {
        fg_buf fmt, args;
        fg_buf_init(&fmt);
        fg_buf_init(&args);
        text_arg(g, x, NULL, &fmt, &args, pre);
        const char *r = S(g, "(%s)", fg_buf_cstr(&args) + 2);   /* drop the leading ", " */
        fg_buf_free(&fmt);
        fg_buf_free(&args);
        return X(r, 0);
    }
    case FG_B_NUMBER: return X(S(g, "tonumber(%s)", gen(g, x, pre).s), 0);
    case FG_B_YUAN: return guarded1(g, x, "fg.yuan(%s)", pre);
    case FG_B_FLAG: g->helpers |= H_FLAG; return X(S(g, "_h_flag(%s)", gen(g, x, pre).s), 0);
    case FG_B_DAYS: case FG_B_HOURS: case FG_B_MINUTES: {
        int unit = n->builtin == FG_B_DAYS ? 86400 : n->builtin == FG_B_HOURS ? 3600 : 60;
        if (x->kind == FG_N_INT && x->ival < 1000000000000LL)
            return X(S(g, "%lld", (long long)x->ival * unit), 1);
        g->helpers |= H_ROUND;
        return guarded1(g, x, S(g, "_h_round(%%s * %d)", unit), pre);
    }
    case FG_B_SECONDS: return gen(g, x, pre);
    case FG_B_LENGTH: return guarded1(g, x, "utf8.len(%s)", pre);
    case FG_B_FMT_DAY: return guarded1(g, x, "fg.fmt_day(%s)", pre);
    case FG_B_FMT_MONTH: return guarded1(g, x, "fg.fmt_month(%s)", pre);
    case FG_B_FMT_TIME: return guarded1(g, x, "fg.fmt_time(%s)", pre);
    case FG_B_RANGE: {
        const char *t = tmp(g);
        fg_buf_printf(pre, "local %s = {} for i = %s, %s do %s[#%s + 1] = i end ", t, gen(g, x, pre).s,
                      gen(g, y, pre).s, t, t);
        return X(t, 1);
    }
    default: return X("nil", 1);
    }
}

/* ---- operators ---- */

static const char *num_of(fg_gen *g, fg_node *e, gx v, int other_is_number)
{
    /* a percentage met by a plain number reads as a fraction */
    if (e->type->k == FG_TY_PERCENT && other_is_number) return S(g, "(%s / 100)", v.s);
    return v.s;
}

static int is_int_lit(const fg_node *n) { return n->kind == FG_N_INT; }

/* money * number (either order) with a number that may have decimals */
static int scaled_money(const fg_node *n, fg_node **money, fg_node **factor)
{
    if (n->kind != FG_N_BINARY || n->op != FG_OP_MUL || !n->type || n->type->k != FG_TY_MONEY) return 0;
    fg_node *x = n->a, *y = n->b;
    if (x->type->k == FG_TY_MONEY && y->type->k == FG_TY_NUMBER && y->kind != FG_N_INT) {
        *money = x;
        *factor = y;
        return 1;
    }
    if (y->type->k == FG_TY_MONEY && x->type->k == FG_TY_NUMBER && x->kind != FG_N_INT) {
        *money = y;
        *factor = x;
        return 1;
    }
    return 0;
}

/* A comparison of money with money x number is made exact: the factor is
 * n / d and both sides are multiplied by d, in integers (nothing rounded). */
static const char *exact_side(fg_gen *g, fg_node *side, const char *scale, fg_buf *pre, const char **nd)
{
    fg_node *m, *f;
    if (scaled_money(side, &m, &f)) {
        g->helpers |= H_FRAC;
        gx mv = need_simple(g, gen(g, m, pre), pre), fv = gen(g, f, pre);
        const char *t = tmp(g);
        fg_buf_printf(pre, "local %sn, %sd = _h_frac(%s) ", t, t, fv.s);
        *nd = S(g, "%sd", t);
        return S(g, "(%s * %sn)", mv.s, t);
    }
    (void)scale;
    *nd = NULL;
    return NULL;
}

static gx gen_compare(fg_gen *g, fg_node *n, fg_buf *pre)
{
    static const char *const ops[] = {[FG_OP_EQ] = "==", [FG_OP_NE] = "~=", [FG_OP_LT] = "<",
                                      [FG_OP_LE] = "<=", [FG_OP_GT] = ">", [FG_OP_GE] = ">="};
    fg_node *l = n->a, *r = n->b;
    fg_node *lm, *lf, *rm, *rf;
    int lsc = scaled_money(l, &lm, &lf), rsc = scaled_money(r, &rm, &rf);
    int present = !l->nullable && !r->nullable && (!lsc || (!lm->nullable && !lf->nullable)) &&
                  (!rsc || (!rm->nullable && !rf->nullable));
    if ((lsc || rsc) && present && l->type->k == FG_TY_MONEY && r->type->k == FG_TY_MONEY) {
        const char *ld = NULL, *rd = NULL;
        const char *ls = exact_side(g, l, NULL, pre, &ld);
        const char *rs = exact_side(g, r, NULL, pre, &rd);
        if (!ls) ls = need_simple(g, gen(g, l, pre), pre).s;
        if (!rs) rs = need_simple(g, gen(g, r, pre), pre).s;
        /* l/ld op r/rd  <=>  l*rd op r*ld  (ld, rd > 0) */
        const char *lx = rd ? S(g, "%s * %s", ls, rd) : ls;
        const char *rx = ld ? S(g, "%s * %s", rs, ld) : rs;
        return X(S(g, "(%s %s %s)", lx, ops[n->op], rx), 0);
    }
    gx a = gen(g, l, pre), b = gen(g, r, pre);
    int ln = l->nullable, rn = r->nullable;
    if (ln) a = need_simple(g, a, pre);
    if (rn) b = need_simple(g, b, pre);
    int lnum = l->type->k == FG_TY_NUMBER, rnum = r->type->k == FG_TY_NUMBER;
    const char *as = num_of(g, l, a, rnum), *bs = num_of(g, r, b, lnum);
    const char *cmp = S(g, "%s %s %s", as, ops[n->op], bs);
    if (n->op == FG_OP_EQ) {
        /* nil == x is false already unless both may be absent */
        if (ln && rn) return X(S(g, "(%s ~= nil and %s)", a.s, cmp), 0);
        return X(S(g, "(%s)", cmp), 0);
    }
    if (ln && rn) return X(S(g, "(%s ~= nil and %s ~= nil and %s)", a.s, b.s, cmp), 0);
    if (ln) return X(S(g, "(%s ~= nil and %s)", a.s, cmp), 0);
    if (rn) return X(S(g, "(%s ~= nil and %s)", b.s, cmp), 0);
    return X(S(g, "(%s)", cmp), 0);
}

static gx gen_arith(fg_gen *g, fg_node *n, fg_buf *pre)
{
    fg_node *l = n->a, *r = n->b;
    gx a = gen(g, l, pre), b = gen(g, r, pre);
    int ln = l->nullable, rn = r->nullable;
    if (ln) a = need_simple(g, a, pre);
    if (rn) b = need_simple(g, b, pre);
    fg_tykind x = l->type->k, y = r->type->k;
    const char *e = NULL;
    switch (n->op) {
    case FG_OP_ADD: e = S(g, "(%s + %s)", a.s, b.s); break;
    case FG_OP_SUB: e = S(g, "(%s - %s)", a.s, b.s); break;
    case FG_OP_MUL:
        if ((x == FG_TY_MONEY || x == FG_TY_DURATION) && y != FG_TY_MONEY && y != FG_TY_DURATION) {
            const char *f = y == FG_TY_PERCENT ? S(g, "%s / 100", b.s) : b.s;
            if (is_int_lit(r)) e = S(g, "(%s * %s)", a.s, b.s);
            else if (x == FG_TY_MONEY) {
                g->helpers |= H_MMUL;
                e = S(g, "_h_mmul(%s, %s)", a.s, f);
            } else {
                g->helpers |= H_ROUND;
                e = S(g, "_h_round(%s * %s)", a.s, f);
            }
        } else if ((y == FG_TY_MONEY || y == FG_TY_DURATION) && x != FG_TY_MONEY && x != FG_TY_DURATION) {
            const char *f = x == FG_TY_PERCENT ? S(g, "%s / 100", a.s) : a.s;
            if (is_int_lit(l)) e = S(g, "(%s * %s)", a.s, b.s);
            else if (y == FG_TY_MONEY) {
                g->helpers |= H_MMUL;
                e = S(g, "_h_mmul(%s, %s)", b.s, f);
            } else {
                g->helpers |= H_ROUND;
                e = S(g, "_h_round(%s * %s)", b.s, f);
            }
        } else {
            e = S(g, "(%s * %s)", num_of(g, l, a, 1), num_of(g, r, b, 1));
        }
        break;
    case FG_OP_DIV:
        if ((x == FG_TY_MONEY || x == FG_TY_DURATION) && y == FG_TY_NUMBER) {
            if (x == FG_TY_MONEY) {
                g->helpers |= H_MDIV;
                e = S(g, "_h_mdiv(%s, %s)", a.s, b.s);
            } else {
                g->helpers |= H_ROUND;
                e = S(g, "_h_round(%s / %s)", a.s, b.s);
            }
        } else {
            e = S(g, "(%s / %s)", a.s, b.s);
        }
        break;
    default: e = "nil"; break;
    }
    if (ln && rn) return X(S(g, "(%s ~= nil and %s ~= nil and %s or nil)", a.s, b.s, e), 0);
    if (ln) return X(S(g, "(%s ~= nil and %s or nil)", a.s, e), 0);
    if (rn) return X(S(g, "(%s ~= nil and %s or nil)", b.s, e), 0);
    return X(e, 0);
}

/* a and b / a or b, with b's statements only run when b is evaluated */
static gx gen_logic(fg_gen *g, fg_node *n, fg_buf *pre)
{
    gx a = gen(g, n->a, pre);
    fg_buf bpre;
    fg_buf_init(&bpre);
    gx b = gen(g, n->b, &bpre);
    const char *op = n->op == FG_OP_AND ? "and" : "or";
    if (!bpre.len) {
        fg_buf_free(&bpre);
        return X(S(g, "(%s %s %s)", a.s, op, b.s), 0);
    }
    const char *t = tmp(g);
    fg_buf_printf(pre, "local %s = %s if %s%s then ", t, a.s, n->op == FG_OP_AND ? "" : "not ", t);
    fg_buf_put(pre, bpre.p, bpre.len);
    fg_buf_printf(pre, "%s = %s end ", t, b.s);
    fg_buf_free(&bpre);
    return X(t, 1);
}

static const char *set_of_list(fg_gen *g, fg_node *list)
{
    /* a chunk-level set for a literal list or a named list */
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_puts(&b, "{");
    for (size_t i = 0; i < list->nkids; i++) {
        gx v = gen(g, list->kids[i], NULL);
        fg_buf_printf(&b, "[%s] = true, ", v.s);
    }
    fg_buf_puts(&b, "}");
    const char *name = S(g, "_set%d", ++g->nsets);
    fg_buf_printf(&g->sets, "local %s = %s\n", name, fg_buf_cstr(&b));
    fg_buf_free(&b);
    return name;
}

static gx gen_in(fg_gen *g, fg_node *n, fg_buf *pre)
{
    fg_node *l = n->b;
    gx x = gen(g, n->a, pre);
    if (n->a->nullable || (l->kind == FG_N_LIST && l->nkids > 1 && l->nkids <= 4)) x = need_simple(g, x, pre);
    const char *test;
    fg_sym *ls = (l->kind == FG_N_NAME) ? l->sym : NULL;
    int constant_list = l->kind == FG_N_LIST;
    for (size_t i = 0; constant_list && i < l->nkids; i++) {
        fg_nkind k = l->kids[i]->kind;
        if (!(k == FG_N_INT || k == FG_N_NUM || k == FG_N_MONEY || k == FG_N_DATE || k == FG_N_DURATION ||
              (k == FG_N_STR && l->kids[i]->text)))
            constant_list = 0;
    }
    if (constant_list && l->nkids <= 4) {
        fg_buf b;
        fg_buf_init(&b);
        if (!l->nkids) fg_buf_puts(&b, "false");
        for (size_t i = 0; i < l->nkids; i++)
            fg_buf_printf(&b, "%s%s == %s", i ? " or " : "", x.s, gen(g, l->kids[i], pre).s);
        test = S(g, "(%s)", fg_buf_cstr(&b));
        fg_buf_free(&b);
    } else if (constant_list) {
        test = S(g, "(%s[%s] == true)", set_of_list(g, l), x.s);
    } else if (ls && ls->kind == FG_SYM_LIST) {
        test = S(g, "(_l_%s_set[%s] == true)", ls->name, x.s);
    } else if (ls && ls->kind == FG_SYM_PARAM) {
        test = S(g, "(_p_%s_set[%s] == true)", ls->name, x.s);
    } else {
        g->helpers |= H_HAS;
        test = S(g, "_h_has(%s, %s)", gen(g, l, pre).s, x.s);
    }
    if (n->neg) {
        if (n->a->nullable) return X(S(g, "(%s ~= nil and not %s)", x.s, test), 0);
        return X(S(g, "(not %s)", test), 0);
    }
    return X(test, 0);
}

static gx gen_match(fg_gen *g, fg_node *n, fg_buf *pre)
{
    gx s = gen(g, n->a, pre);
    gx r = gen(g, n->b, pre);
    if (n->neg && n->a->nullable) s = need_simple(g, s, pre);
    if (n->b->nullable) r = need_simple(g, r, pre);
    const char *m = S(g, "%s:%s(%s)", r.s, n->op ? "find" : "starts", s.s);
    if (n->b->nullable) m = S(g, "(%s ~= nil and %s)", r.s, m);
    if (n->neg) {
        if (n->a->nullable) return X(S(g, "(%s ~= nil and not %s)", s.s, m), 0);
        return X(S(g, "(not %s)", m), 0);
    }
    return X(m, 0);
}

static gx gen_between(fg_gen *g, fg_node *n, fg_buf *pre)
{
    gx x = need_simple(g, gen(g, n->a, pre), pre);
    gx lo = gen(g, n->b, pre), hi = gen(g, n->c, pre);
    if (n->b->nullable) lo = need_simple(g, lo, pre);
    if (n->c->nullable) hi = need_simple(g, hi, pre);
    int xnum = n->a->type->k == FG_TY_NUMBER;
    const char *los = num_of(g, n->b, lo, xnum), *his = num_of(g, n->c, hi, xnum);
    const char *xs = num_of(g, n->a, x, n->b->type->k == FG_TY_NUMBER);
    fg_buf b;
    fg_buf_init(&b);
    if (n->a->nullable) fg_buf_printf(&b, "%s ~= nil and ", x.s);
    if (n->b->nullable) fg_buf_printf(&b, "%s ~= nil and ", lo.s);
    if (n->c->nullable) fg_buf_printf(&b, "%s ~= nil and ", hi.s);
    if (n->neg) fg_buf_printf(&b, "(%s < %s or %s > %s)", xs, los, xs, his);
    else fg_buf_printf(&b, "%s <= %s and %s <= %s", los, xs, xs, his);
    const char *r = S(g, "(%s)", fg_buf_cstr(&b));
    fg_buf_free(&b);
    return X(r, 0);
}

static gx gen_is(fg_gen *g, fg_node *n, fg_buf *pre)
{
    fg_node *x = n->a;
    const char *v;
    int fw = x->kind == FG_N_NAME && x->sym ? fieldwise_kind(g, x->sym) : -1;
    if (fw >= 0) v = S(g, "%s(%s, \"%s\")", fw_fn(fw), ((fg_sym *)x->sym)->lua, fw_keyfield(fw));
    else if (x->type->k == FG_TY_ENTRY) v = S(g, "%s1", gen_entry(g, x, pre));
    else if (n->op == FG_IS_EMPTY && x->kind == FG_N_WHERE) {
        gx c = gen_where_special(g, x, pre, 2);   /* true when something matches */
        return X(n->neg ? c.s : S(g, "(not %s)", c.s), 0);
    } else v = gen(g, x, pre).s;
    if (n->op == FG_IS_EMPTY) {
        gx s = need_simple(g, X(v, x->kind == FG_N_NAME || x->kind == FG_N_MEMBER), pre);
        int text = x->type->k == FG_TY_TEXT;
        if (!x->nullable) {
            if (n->neg) return X(text ? S(g, "(%s ~= \"\")", s.s) : S(g, "(#%s > 0)", s.s), 0);
            return X(text ? S(g, "(%s == \"\")", s.s) : S(g, "(#%s == 0)", s.s), 0);
        }
        if (n->neg) return X(text ? S(g, "(%s ~= nil and %s ~= \"\")", s.s, s.s) : S(g, "(%s ~= nil and #%s > 0)", s.s, s.s), 0);
        return X(text ? S(g, "(%s == nil or %s == \"\")", s.s, s.s) : S(g, "(%s == nil or #%s == 0)", s.s, s.s), 0);
    }
    int present = (n->op == FG_IS_PRESENT) != n->neg;
    return X(S(g, "(%s %s nil)", v, present ? "~=" : "=="), 0);
}

static gx gen_if(fg_gen *g, fg_node *n, fg_buf *pre)
{
    gx c = gen(g, n->a, pre);
    fg_buf bp, cp;
    fg_buf_init(&bp);
    fg_buf_init(&cp);
    gx a = gen(g, n->b, &bp), b = gen(g, n->c, &cp);
    int a_falsy = n->b->nullable || n->b->type->k == FG_TY_BOOL;
    gx r;
    if (!bp.len && !cp.len && !a_falsy) {
        r = X(S(g, "(%s and %s or %s)", c.s, a.s, b.s), 0);
    } else {
        const char *t = tmp(g);
        fg_buf_printf(pre, "local %s if %s then ", t, c.s);
        fg_buf_put(pre, bp.p, bp.len);
        fg_buf_printf(pre, "%s = %s else ", t, a.s);
        fg_buf_put(pre, cp.p, cp.len);
        fg_buf_printf(pre, "%s = %s end ", t, b.s);
        r = X(t, 1);
    }
    fg_buf_free(&bp);
    fg_buf_free(&cp);
    return r;
}

static gx gen_otherwise(fg_gen *g, fg_node *n, fg_buf *pre)
{
    gx a = gen(g, n->a, pre);
    fg_buf bp;
    fg_buf_init(&bp);
    gx b = gen(g, n->b, &bp);
    gx r;
    if (!bp.len && n->a->type->k != FG_TY_BOOL) {
        r = X(S(g, "(%s or %s)", a.s, b.s), 0);
    } else {
        const char *t = tmp(g);
        fg_buf_printf(pre, "local %s = %s if %s == nil then ", t, a.s, t);
        fg_buf_put(pre, bp.p, bp.len);
        fg_buf_printf(pre, "%s = %s end ", t, b.s);
        r = X(t, 1);
    }
    fg_buf_free(&bp);
    return r;
}

static const char *iter_list(fg_gen *g, fg_node *l, fg_buf *pre)
{
    gx v = gen(g, l, pre);
    if (l->nullable) {
        g->helpers |= H_NONE;
        return S(g, "ipairs(%s or _h_none)", v.s);
    }
    return S(g, "ipairs(%s)", v.s);
}

static int uses_it(const fg_node *n)
{
    if (!n) return 0;
    if (n->kind == FG_N_NAME && n->sym && ((fg_sym *)n->sym)->kind == FG_SYM_IT) return 1;
    if (uses_it(n->a) || uses_it(n->b) || uses_it(n->c)) return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (uses_it(n->kids[i])) return 1;
    return 0;
}

/* what: 0 count, 1 first, 2 any (bool), 3 the filtered list */
static gx gen_where_special(fg_gen *g, fg_node *n, fg_buf *pre, int what)
{
    /* diagnoses(x) where it matches R: the host filters without building
     * the list of all diagnoses (fg.diag_matches gives nil or the codes) */
    fg_node *l = n->a, *c0 = n->b;
    if (l->kind == FG_N_CALL && !l->sym && l->builtin == FG_B_DIAGNOSES && l->nkids == 1 && !l->kids[0]->nullable &&
        c0->kind == FG_N_MATCH && !c0->op && !c0->neg && c0->a->kind == FG_N_NAME && c0->a->sym &&
        ((fg_sym *)c0->a->sym)->kind == FG_SYM_IT && !uses_it(c0->b) && !c0->b->nullable) {
        gx x = gen(g, l->kids[0], pre);
        gx r = gen(g, c0->b, pre);
        const char *m = S(g, "fg.diag_matches(%s, %s)", r.s, x.s);
        g->helpers |= H_NONE;
        switch (what) {
        case 0: return X(S(g, "#(%s or _h_none)", m), 0);
        case 1: return X(S(g, "(%s or _h_none)[1]", m), 0);
        case 2: return X(S(g, "(%s ~= nil)", m), 0);
        default: return X(S(g, "(%s or %s)", m, g->mutable_list ? "{}" : "_h_none"), 0);
        }
    }
    const char *it = fg_lua_name(g->a, "it");
    const char *t = tmp(g);
    const char *loop = iter_list(g, n->a, pre);
    fg_buf cp;
    fg_buf_init(&cp);
    gx c = gen(g, n->b, &cp);
    static const char *const init[] = {"0", "nil", "false", "{}"};
    fg_buf_printf(pre, "local %s = %s for _, %s in %s do ", t, init[what], it, loop);
    fg_buf_put(pre, cp.p, cp.len);
    switch (what) {
    case 0: fg_buf_printf(pre, "if %s then %s = %s + 1 end end ", c.s, t, t); break;
    case 1: fg_buf_printf(pre, "if %s then %s = %s break end end ", c.s, t, it); break;
    case 2: fg_buf_printf(pre, "if %s then %s = true break end end ", c.s, t); break;
    default: fg_buf_printf(pre, "if %s then %s[#%s + 1] = %s end end ", c.s, t, t, it); break;
    }
    fg_buf_free(&cp);
    return X(t, 1);
}

static const char *regex_const(fg_gen *g, const fg_node *n)
{
    const char *name = S(g, "_re%d", ++g->nregex);
    fg_buf_printf(&g->regexes, "local %s = fg.regex(", name);
    lua_quote(&g->regexes, n->text, (size_t)n->ival);
    fg_buf_puts(&g->regexes, ")\n");
    return name;
}

static gx gen(fg_gen *g, fg_node *n, fg_buf *pre)
{
    switch (n->kind) {
    case FG_N_INT: return X(S(g, "%lld", (long long)n->ival), 1);
    case FG_N_NUM: case FG_N_PERCENT: return X(n->text, 1);
    case FG_N_DURATION: case FG_N_MONEY: case FG_N_DATE: case FG_N_CLOCK:
        return X(S(g, "%lld", (long long)n->ival), 1);
    case FG_N_BOOL: return X(n->ival ? "true" : "false", 1);
    case FG_N_STR: return gen_string(g, n, pre);
    case FG_N_REGEX: return X(regex_const(g, n), 1);
    case FG_N_LIST: {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_putc(&b, '{');
        for (size_t i = 0; i < n->nkids; i++) {
            if (i) fg_buf_puts(&b, ", ");
            fg_buf_puts(&b, gen(g, n->kids[i], pre).s);
        }
        fg_buf_putc(&b, '}');
        const char *r = fg_arena_strndup(g->a, b.p, b.len);
        fg_buf_free(&b);
        return X(r, 0);
    }
    case FG_N_RECORD: {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_putc(&b, '{');
        for (size_t i = 0; i < n->nkids; i++) {
            fg_node *f = n->kids[i];
            const char *v = evidence_value(g, f->a, pre);
            if (lua_keyword(f->name)) fg_buf_printf(&b, "%s[\"%s\"] = %s", i ? ", " : "", f->name, v);
            else fg_buf_printf(&b, "%s%s = %s", i ? ", " : "", f->name, v);
        }
        fg_buf_putc(&b, '}');
        const char *r = fg_arena_strndup(g->a, b.p, b.len);
        fg_buf_free(&b);
        return X(r, 0);
    }
    case FG_N_NAME: {
        fg_sym *s = n->sym;
        if (!s) {
            if (n->type && n->type->k == FG_TY_SEVERITY) return X(Q(g, n->name), 1);
            return X("nil", 1);
        }
        switch (s->kind) {
        case FG_SYM_PARAM: return X(S(g, "_p_%s", s->name), 1);
        case FG_SYM_LIST: return X(S(g, "_l_%s", s->name), 1);
        case FG_SYM_EVENT: return X(g->ev, 1);
        case FG_SYM_ALERTS: return X("alerts", 1);
        case FG_SYM_STORE: return X(S(g, "_s_%s", s->name), 1);
        default: return X(s->lua, 1);
        }
    }
    case FG_N_MEMBER: {
        const fg_fdef *f = n->sym;
        fg_node *base = n->a;
        if (!f) {   /* a custom untyped value */
            gx b = need_simple(g, gen(g, base, pre), pre);
            return X(S(g, "(%s and %s)", b.s, dot(g, b.s, n->name)), 0);
        }
        fuse u;
        if (member_fuse(n, &u) && field_declared(g, &u)) return X(field_local(g, &u), 1);
        if (is_event_sym(base)) return ev_field(g, f->lua);
        if (base->type->k == FG_TY_ENTRY) return X(S(g, "%s%s", gen_entry(g, base, pre), f->lua), 1);
        if (base->kind == FG_N_NAME && base->sym && fieldwise_kind(g, base->sym) >= 0) {
            fuse fu = {base->sym, f};
            return X(field_read_at(g, &fu, 1), 0);
        }
        gx b = gen(g, base, pre);
        if (base->nullable) b = need_simple(g, b, pre);
        const char *v = dot(g, b.s, f->lua);
        if (f->date_text) v = S(g, "fg.date(%s)", v);
        if (base->nullable) return X(S(g, "(%s and %s)", b.s, v), 0);
        return X(v, 0);
    }
    case FG_N_CALL:
        if (n->sym && ((fg_sym *)n->sym)->kind == FG_SYM_STORE) return gen_method(g, n, pre);
        return gen_builtin(g, n, pre);
    case FG_N_NEG: {
        gx v = gen(g, n->a, pre);
        if (n->a->nullable) {
            v = need_simple(g, v, pre);
            return X(S(g, "(%s and -%s)", v.s, v.s), 0);
        }
        return X(S(g, "(-%s)", v.s), 0);
    }
    case FG_N_NOT: return X(S(g, "(not %s)", gen(g, n->a, pre).s), 0);
    case FG_N_BINARY:
        if (n->op == FG_OP_AND || n->op == FG_OP_OR) return gen_logic(g, n, pre);
        if (n->op >= FG_OP_EQ) return gen_compare(g, n, pre);
        return gen_arith(g, n, pre);
    case FG_N_IN: return gen_in(g, n, pre);
    case FG_N_MATCH: return gen_match(g, n, pre);
    case FG_N_BETWEEN: return gen_between(g, n, pre);
    case FG_N_IS: return gen_is(g, n, pre);
    case FG_N_IF: return gen_if(g, n, pre);
    case FG_N_OTHERWISE: return gen_otherwise(g, n, pre);
    case FG_N_WHERE: return gen_where_special(g, n, pre, 3);
    case FG_N_BIND: {
        gx v = gen(g, n->a, pre);
        fg_buf_printf(pre, "local %s = %s ", ((fg_sym *)n->sym)->lua, v.s);
        return gen(g, n->b, pre);
    }
    default: return X("nil", 1);
    }
}

/* ---- statements ---- */

static void gen_block(fg_gen *g, fg_node *blk, int handler_level);

static void put_pre_and(fg_gen *g, fg_buf *pre, const char *code, int wrap)
{
    if (pre->len && wrap) {
        out_put(g, "do");
        out_put(g, fg_buf_cstr(pre));
        out_put(g, code);
        out_put(g, "end");
    } else {
        if (pre->len) out_put(g, fg_buf_cstr(pre));
        out_put(g, code);
    }
}

static const char *stop_code(fg_gen *g)
{
    if (g->loop_label >= 0) {
        g->label_used = 1;
        return S(g, "goto _next%d", g->loop_label);
    }
    return "return";
}

static void gen_alert(fg_gen *g, fg_node *s, int last)
{
    fg_buf pre, b;
    fg_buf_init(&pre);
    fg_buf_init(&b);
    fg_buf_puts(&b, "{message = ");
    fg_buf_puts(&b, gen(g, s->a, &pre).s);
    if (s->b) {
        gx am = gen(g, s->b, &pre);
        fg_buf_printf(&b, ", amount = %s", am.s);
    }
    if (s->c) {
        gx sv = gen(g, s->c, &pre);
        fg_buf_printf(&b, ", severity = %s", sv.s);
    }
    if (s->nkids) {
        fg_buf_puts(&b, ", evidence = {");
        for (size_t i = 0; i < s->nkids; i++) {
            fg_node *f = s->kids[i];
            const char *v = evidence_value(g, f->a, &pre);
            if (lua_keyword(f->name)) fg_buf_printf(&b, "%s[\"%s\"] = %s", i ? ", " : "", f->name, v);
            else fg_buf_printf(&b, "%s%s = %s", i ? ", " : "", f->name, v);
        }
        fg_buf_puts(&b, "}");
    }
    fg_buf_puts(&b, "}");
    const char *code = last && !pre.len ? S(g, "return %s", fg_buf_cstr(&b)) : S(g, "do return %s end", fg_buf_cstr(&b));
    put_pre_and(g, &pre, code, 1);
    fg_buf_free(&pre);
    fg_buf_free(&b);
}

/* Declares the event fields statement s reads that are not yet locals.
 * Fields read only inside one branch of an `if` are left to the branch. */
static void hoist_fields(fg_gen *g, fg_node *blk, size_t i)
{
    fg_node *s = blk->kids[i];
    fuse *deep = NULL, *direct = NULL, *later = NULL;
    size_t nd = 0, ndir = 0, nl = 0;
    uses(g, s, &deep, &nd, 1);
    if (!nd) return;
    uses(g, s, &direct, &ndir, s->kind == FG_S_FOR ? 1 : 0);
    for (size_t j = i + 1; j < blk->nkids; j++) uses(g, blk->kids[j], &later, &nl, 1);
    for (size_t k = 0; k < nd; k++) {
        const fuse *u = &deep[k];
        if (field_declared(g, u) || !live(g, u->sym)) continue;
        if (s->kind == FG_S_IF && !in_list(direct, ndir, u) && !in_list(later, nl, u)) continue;
        int present = u->sym && u->sym->nullable && sym_present_throughout(s, u->sym);
        const char *loc = field_local(g, u);
        if (u->f->date_text) {
            /* a date held as text: converted only when there is one */
            fuse raw = *u;
            fg_fdef f = *u->f;
            f.date_text = 0;
            raw.f = &f;
            out_put(g, S(g, "local %s = %s if %s ~= nil then %s = fg.date(%s) end", loc, field_read_at(g, &raw, present),
                         loc, loc, loc));
        } else {
            out_put(g, S(g, "local %s = %s", loc, field_read_at(g, u, present)));
        }
        g->fields = fg_ast_grow(g->a, g->fields, g->nfields, sizeof *g->fields);
        g->fields[g->nfields++] = *u;
    }
}

static void gen_stmt(fg_gen *g, fg_node *s, int last)
{
    fg_buf pre;
    fg_buf_init(&pre);
    switch (s->kind) {
    case FG_S_LET: {
        fg_sym *sy = s->sym;
        if (s->a->type && s->a->type->k == FG_TY_ENTRY) {
            gx v = gen(g, s->a, &pre);
            const char *p = S(g, "_e_%s_", sy->lua);
            put_pre_and(g, &pre, S(g, "local %s1, %s2, %s3 = %s", p, p, p, v.s), 0);
        } else if (fieldwise_kind(g, sy) >= 0) {
            gx k = gen(g, s->a->kids[0], &pre);
            put_pre_and(g, &pre, S(g, "local %s = %s", sy->lua, k.s), 0);
        } else if (s->a->kind == FG_N_LIST && s->a->nkids == 0) {
            put_pre_and(g, &pre, S(g, "local %s = {}", sy->lua), 0);
        } else {
            g->mutable_list = sy->assigned;
            gx v = gen(g, s->a, &pre);
            g->mutable_list = 0;
            put_pre_and(g, &pre, S(g, "local %s = %s", sy->lua, v.s), 0);
        }
        break;
    }
    case FG_S_SET: {
        fg_sym *sy = s->sym;
        g->mutable_list = 1;
        gx v = gen(g, s->a, &pre);
        g->mutable_list = 0;
        put_pre_and(g, &pre, S(g, "%s = %s", sy->lua, v.s), 1);
        break;
    }
    case FG_S_WHEN: {
        fg_node *cond = s->a;
        int neg = s->neg;
        while (cond->kind == FG_N_NOT) {
            cond = cond->a;
            neg = !neg;
        }
        gx c = gen(g, cond, &pre);
        const char *code = neg ? S(g, "if %s then %s end", c.s, stop_code(g))
                               : S(g, "if not %s then %s end", c.s, stop_code(g));
        put_pre_and(g, &pre, code, 1);
        break;
    }
    case FG_S_IF: {
        /* if c1 then b1 elseif c2 then b2 else b3 end; a condition with its
         * own statements opens a nested if inside else */
        int opened = 0;
        for (size_t i = 0; i + 1 < s->nkids; i += 2) {
            fg_buf cp;
            fg_buf_init(&cp);
            gx c = gen(g, s->kids[i], &cp);
            if (i == 0) {
                if (cp.len) out_put(g, fg_buf_cstr(&cp));
                out_put(g, S(g, "if %s then", c.s));
            } else if (cp.len) {
                out_put(g, "else");
                out_put(g, fg_buf_cstr(&cp));
                out_put(g, S(g, "if %s then", c.s));
                opened++;
            } else {
                out_put(g, S(g, "elseif %s then", c.s));
            }
            fg_buf_free(&cp);
            g->indent++;
            gen_block(g, s->kids[i + 1], 0);
            g->indent--;
        }
        if (s->a) {
            out_put(g, "else");
            g->indent++;
            gen_block(g, s->a, 0);
            g->indent--;
        }
        out_put(g, "end");
        for (int k = 0; k < opened; k++) out_put(g, "end");
        break;
    }
    case FG_S_FOR: {
        fg_sym *sy = s->sym;
        const char *head;
        if (s->a->kind == FG_N_CALL && s->a->sym && ((fg_sym *)s->a->sym)->kind == FG_SYM_STORE) {
            gx it = gen(g, s->a, &pre);
            const char *p = S(g, "_e_%s_", sy->lua);
            head = S(g, "for %s1, %s2, %s3 in %s do", p, p, p, it.s);
        } else if (s->a->kind == FG_N_CALL && !s->a->sym && s->a->builtin == FG_B_RANGE) {
            head = S(g, "for %s = %s, %s do", sy->lua, gen(g, s->a->kids[0], &pre).s, gen(g, s->a->kids[1], &pre).s);
        } else {
            head = S(g, "for _, %s in %s do", sy->lua, iter_list(g, s->a, &pre));
        }
        if (pre.len) out_put(g, fg_buf_cstr(&pre));
        out_put(g, head);
        int saved = g->loop_label, saved_used = g->label_used;
        size_t saved_live = g->nlive;
        live_push(g, sy);
        g->loop_label = ++g->nlabels;
        g->label_used = 0;
        g->indent++;
        if (s->b) {
            fg_buf cp;
            fg_buf_init(&cp);
            gx c = gen(g, s->b, &cp);
            g->label_used = 1;
            put_pre_and(g, &cp, S(g, "if not %s then goto _next%d end", c.s, g->loop_label), 1);
            fg_buf_free(&cp);
        }
        gen_block(g, s->c, 0);
        g->indent--;
        if (g->label_used) out_put(g, S(g, "::_next%d::", g->loop_label));
        out_put(g, "end");
        g->loop_label = saved;
        g->label_used = saved_used;
        g->nlive = saved_live;
        break;
    }
    case FG_S_APPEND: {
        fg_sym *sy = s->sym;
        gx v = gen(g, s->a, &pre);
        put_pre_and(g, &pre, S(g, "%s[#%s + 1] = %s", sy->lua, sy->lua, v.s), 1);
        break;
    }
    case FG_S_ALERT: gen_alert(g, s, last); break;
    case FG_S_STOP: out_put(g, last ? "return" : "do return end"); break;
    case FG_S_EXPR: {
        if (!s->a) break;
        gx v = gen(g, s->a, &pre);
        int is_call = s->a->kind == FG_N_CALL && s->a->sym;
        put_pre_and(g, &pre, is_call ? v.s : S(g, "local _ = %s", v.s), 1);
        break;
    }
    default: break;
    }
    fg_buf_free(&pre);
}

/* `when A and B` runs as `when A` then `when B` (and `unless A or B` as two
 * unless), so B's fields and lookups are only reached when A holds. */
static fg_node *split_guards(fg_gen *g, fg_node *blk)
{
    size_t extra = 0;
    for (size_t i = 0; i < blk->nkids; i++) {
        fg_node *s = blk->kids[i];
        if (s->kind == FG_S_WHEN && s->a->kind == FG_N_BINARY &&
            s->a->op == (s->neg ? FG_OP_OR : FG_OP_AND))
            extra++;
    }
    if (!extra) return blk;
    fg_node *nb = fg_arena_alloc(g->a, sizeof *nb);
    *nb = *blk;
    nb->kids = NULL;
    nb->nkids = 0;
    for (size_t i = 0; i < blk->nkids; i++) {
        fg_node *s = blk->kids[i];
        if (s->kind == FG_S_WHEN && s->a->kind == FG_N_BINARY && s->a->op == (s->neg ? FG_OP_OR : FG_OP_AND)) {
            fg_node *w1 = fg_arena_alloc(g->a, sizeof *w1), *w2 = fg_arena_alloc(g->a, sizeof *w2);
            *w1 = *s;
            *w2 = *s;
            w1->a = s->a->a;
            w2->a = s->a->b;
            fg_node tmpb = {0};
            tmpb.kind = FG_S_BLOCK;
            fg_node_push(g->a, &tmpb, w1);
            fg_node_push(g->a, &tmpb, w2);
            fg_node *sub = split_guards(g, &tmpb);
            for (size_t k = 0; k < sub->nkids; k++) fg_node_push(g->a, nb, sub->kids[k]);
        } else {
            fg_node_push(g->a, nb, s);
        }
    }
    return nb;
}

static void required_atoms(const fg_node *e, fg_sym **alias, size_t nalias, const char **afield, const char ***out,
                           size_t *nout, fg_arena *a);

/* Is s a `when X is not empty` that the rule's requires already checks? */
static int guard_required(fg_gen *g, const fg_node *s, fg_sym **alias, size_t nalias, const char **afield)
{
    const char **f = NULL;
    size_t n = 0;
    if (s->kind != FG_S_WHEN || s->neg) return 0;
    if (!(s->a->kind == FG_N_IS && s->a->op == FG_IS_EMPTY && s->a->neg)) return 0;
    required_atoms(s->a, alias, nalias, afield, &f, &n, g->a);
    if (n != 1) return 0;
    for (size_t i = 0; i < g->nreq; i++)
        if (!strcmp(g->req[i], f[0])) return 1;
    return 0;
}

static void gen_block(fg_gen *g, fg_node *blk, int handler_level)
{
    size_t saved_fields = g->nfields, saved_live = g->nlive;
    blk = split_guards(g, blk);
    /* the leading guards that became requires are not generated */
    fg_sym *alias[16];
    const char *afield[16];
    size_t nalias = 0, lead = 0;
    if (handler_level && g->nreq) {
        for (; lead < blk->nkids; lead++) {
            fg_node *s = blk->kids[lead];
            if (s->kind == FG_S_LET && s->a && s->sym && s->a->kind == FG_N_MEMBER && is_event_sym(s->a->a) &&
                s->a->sym && nalias < 16 && !((fg_sym *)s->sym)->assigned) {
                alias[nalias] = s->sym;
                afield[nalias++] = ((const fg_fdef *)s->a->sym)->lua;
                continue;
            }
            if (s->kind != FG_S_WHEN || s->neg) break;
        }
    }
    for (size_t i = 0; i < blk->nkids; i++) {
        fg_node *s = blk->kids[i];
        if (i < lead && guard_required(g, s, alias, nalias, afield)) continue;
        sync_line(g, s->line);
        hoist_fields(g, blk, i);
        gen_stmt(g, s, handler_level && i + 1 == blk->nkids && g->loop_label < 0);
        if (s->kind == FG_S_LET && s->sym) live_push(g, s->sym);
    }
    g->nfields = saved_fields;
    g->nlive = saved_live;
}

/* ---- the chunk ---- */

static int store_in_setup(const fg_store *s)
{
    return s->keep && s->keep_uses_params;
}

static int node_uses_params(const fg_node *n)
{
    if (!n) return 0;
    if (n->kind == FG_N_NAME && n->sym && ((fg_sym *)n->sym)->kind == FG_SYM_PARAM) return 1;
    if (node_uses_params(n->a) || node_uses_params(n->b) || node_uses_params(n->c)) return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (node_uses_params(n->kids[i])) return 1;
    return 0;
}

/* Marks the lists and parameters used as sets by `in`. */
static void find_sets(fg_node *n, int *list_set, size_t nlists, fg_listdecl **lists, int *param_set,
                      const fg_program *prog)
{
    if (!n) return;
    if (n->kind == FG_N_IN && n->b->kind == FG_N_NAME && n->b->sym) {
        fg_sym *s = n->b->sym;
        if (s->kind == FG_SYM_LIST)
            for (size_t i = 0; i < nlists; i++)
                if (lists[i] == s->ref) list_set[i] = 1;
        if (s->kind == FG_SYM_PARAM)
            for (size_t i = 0; i < prog->nparams; i++)
                if (&prog->params[i] == s->ref) param_set[i] = 1;
    }
    find_sets(n->a, list_set, nlists, lists, param_set, prog);
    find_sets(n->b, list_set, nlists, lists, param_set, prog);
    find_sets(n->c, list_set, nlists, lists, param_set, prog);
    for (size_t i = 0; i < n->nkids; i++) find_sets(n->kids[i], list_set, nlists, lists, param_set, prog);
}

/* ---- requires: event fields every handler demands before doing anything ---- */

/* The event field a node reads (directly or through a let of it), or NULL. */
static const char *required_field(const fg_node *n, fg_sym **alias, size_t nalias, const char **afield)
{
    if (n->kind == FG_N_MEMBER && is_event_sym(n->a) && n->sym) return ((const fg_fdef *)n->sym)->lua;
    if (n->kind == FG_N_NAME && n->sym)
        for (size_t i = 0; i < nalias; i++)
            if (alias[i] == n->sym) return afield[i];
    return NULL;
}

static void required_atoms(const fg_node *e, fg_sym **alias, size_t nalias, const char **afield, const char ***out,
                           size_t *nout, fg_arena *a)
{
    if (e->kind == FG_N_BINARY && e->op == FG_OP_AND) {
        required_atoms(e->a, alias, nalias, afield, out, nout, a);
        required_atoms(e->b, alias, nalias, afield, out, nout, a);
        return;
    }
    /* `x is not empty` rules out absent, null, "" and [] — what requires skips */
    if (e->kind == FG_N_IS && e->op == FG_IS_EMPTY && e->neg) {
        const char *f = required_field(e->a, alias, nalias, afield);
        if (f && f[0] != '_' && fg_field_lookup(f, strlen(f)) >= 0) {
            *out = fg_ast_grow(a, *out, *nout, sizeof **out);
            (*out)[(*nout)++] = f;
        }
    }
}

/* The fields the leading `when ... is not empty` of a handler demand. */
static size_t handler_requires(fg_gen *g, const fg_handler *h, const char ***out)
{
    fg_sym *alias[16];
    const char *afield[16];
    size_t nalias = 0, n = 0;
    *out = NULL;
    for (size_t i = 0; i < h->body->nkids; i++) {
        const fg_node *s = h->body->kids[i];
        if (s->kind == FG_S_LET && s->a && s->sym && s->a->kind == FG_N_MEMBER && is_event_sym(s->a->a) && s->a->sym &&
            nalias < 16 && !((fg_sym *)s->sym)->assigned) {
            alias[nalias] = s->sym;
            afield[nalias++] = ((const fg_fdef *)s->a->sym)->lua;
            continue;
        }
        if (s->kind != FG_S_WHEN || s->neg) break;
        required_atoms(s->a, alias, nalias, afield, out, &n, g->a);
    }
    return n;
}

/* Host functions as locals: `fg.person(` in the handlers becomes
 * `_fg_person(` with `local _fg_person = fg.person` in the prologue (the
 * library tables are read-only proxies: a local saves a lookup per call).
 * The text is scanned outside string literals only. */
static void localize_api(fg_gen *g, const fg_buf *in, fg_buf *out, const char ***names, size_t *n)
{
    const char *s = in->p, *e = in->p + in->len;
    int str = 0;
    while (s < e) {
        char c = *s;
        if (str) {
            fg_buf_putc(out, c);
            if (c == '\\' && s + 1 < e) fg_buf_putc(out, *++s);
            else if (c == '"') str = 0;
            s++;
            continue;
        }
        if (c == '"') {
            str = 1;
            fg_buf_putc(out, c);
            s++;
            continue;
        }
        int boundary = s == in->p || !(s[-1] == '_' || s[-1] == '.' || (s[-1] >= 'a' && s[-1] <= 'z') ||
                                       (s[-1] >= 'A' && s[-1] <= 'Z') || (s[-1] >= '0' && s[-1] <= '9'));
        const char *lib = NULL;
        size_t ll = 0;
        if (boundary && e - s > 3 && !memcmp(s, "fg.", 3)) lib = "fg", ll = 3;
        else if (boundary && e - s > 14 && !memcmp(s, "string.format(", 14)) lib = "string", ll = 7;
        if (lib) {
            const char *q = s + ll;
            while (q < e && (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'))) q++;
            const char *name = S(g, "%s_%.*s", lib, (int)(q - s - ll), s + ll);
            int seen = 0;
            for (size_t i = 0; i < *n; i++)
                if (!strcmp((*names)[i], name)) seen = 1;
            if (!seen) {
                *names = fg_ast_grow(g->a, *names, *n, sizeof **names);
                (*names)[(*n)++] = name;
            }
            fg_buf_printf(out, "_%s", name);
            s = q;
            continue;
        }
        fg_buf_putc(out, c);
        s++;
    }
}

/* ---- record lets read field by field ---- */

typedef struct fw_cand {
    fg_sym *sym;
    int kind, ok;
    const char *fields[4];
    size_t nfields;
} fw_cand;

static void fw_collect(fg_node *n, fw_cand *c, size_t *nc)
{
    if (!n) return;
    if (n->kind == FG_S_LET && n->sym && n->a && n->a->kind == FG_N_CALL && !n->a->sym && n->a->nkids == 1 &&
        (n->a->builtin == FG_B_PERSON || n->a->builtin == FG_B_INSTITUTION || n->a->builtin == FG_B_ENCOUNTER) &&
        !((fg_sym *)n->sym)->assigned && *nc < 16) {
        c[*nc].sym = n->sym;
        c[*nc].kind = n->a->builtin;
        c[*nc].ok = 1;
        c[*nc].nfields = 0;
        (*nc)++;
    }
    fw_collect(n->a, c, nc);
    fw_collect(n->b, c, nc);
    fw_collect(n->c, c, nc);
    for (size_t i = 0; i < n->nkids; i++) fw_collect(n->kids[i], c, nc);
}

/* Every mention of a candidate must be `x.field` (a field of the record,
 * not a host key) or `x is present/absent`, with at most 3 fields. */
static void fw_check(const fg_node *n, const fg_node *parent, fw_cand *c, size_t nc)
{
    if (!n) return;
    if (n->kind == FG_N_NAME && n->sym) {
        for (size_t i = 0; i < nc; i++) {
            if (c[i].sym != n->sym) continue;
            if (parent && parent->kind == FG_N_MEMBER && parent->a == n && parent->sym &&
                ((const fg_fdef *)parent->sym)->lua[0] != '_') {
                const char *f = ((const fg_fdef *)parent->sym)->lua;
                size_t k = 0;
                while (k < c[i].nfields && strcmp(c[i].fields[k], f)) k++;
                if (k == c[i].nfields) {
                    if (c[i].nfields == 4) c[i].ok = 0;
                    else c[i].fields[c[i].nfields++] = f;
                }
                if (c[i].nfields > 3) c[i].ok = 0;
            } else if (parent && parent->kind == FG_N_IS && parent->a == n && parent->op != FG_IS_EMPTY) {
                /* a presence test */
            } else {
                c[i].ok = 0;
            }
        }
    }
    fw_check(n->a, n, c, nc);
    fw_check(n->b, n, c, nc);
    fw_check(n->c, n, c, nc);
    for (size_t i = 0; i < n->nkids; i++) fw_check(n->kids[i], n, c, nc);
}

static void fw_analyse(fg_gen *g, fg_handler *h)
{
    fw_cand c[16];
    size_t nc = 0;
    g->nfieldwise = 0;
    fw_collect(h->body, c, &nc);
    if (!nc) return;
    fw_check(h->body, NULL, c, nc);
    for (size_t i = 0; i < nc; i++)
        if (c[i].ok) {
            g->fieldwise[g->nfieldwise] = c[i].sym;
            g->fw_kind[g->nfieldwise++] = c[i].kind;
        }
}

static const char *handler_name(fg_gen *g, const fg_handler *h)
{
    return S(g, "_on_%s", h->alerts ? "alerts" : h->types[0]);
}

void fg_gen_program(const fg_checked *ck, fg_arena *a, fg_buf *out)
{
    fg_gen G, *g = &G;
    memset(g, 0, sizeof G);
    g->a = a;
    g->ck = ck;
    g->g = ck->prog;
    g->loop_label = -1;
    fg_buf_init(&g->regexes);
    fg_buf_init(&g->sets);
    fg_program *p = g->g;

    /* The fields the engine checks before calling the rule (requires):
     * those every handler demands with a leading `when X is not empty`. */
    for (size_t i = 0; i < p->nhandlers; i++) {
        const char **r;
        size_t nr = p->handlers[i].alerts ? 0 : handler_requires(g, &p->handlers[i], &r);
        if (i == 0) {
            g->req = r;
            g->nreq = nr;
            continue;
        }
        size_t k = 0;
        for (size_t j = 0; j < g->nreq; j++) {
            int both = 0;
            for (size_t q = 0; q < nr; q++)
                if (!strcmp(g->req[j], r[q])) both = 1;
            if (both) g->req[k++] = g->req[j];
        }
        g->nreq = k;
    }

    /* Handlers first, into a side buffer: they decide which helpers,
     * regexes and sets the prologue needs. */
    fg_buf body;
    fg_buf_init(&body);
    g->out = &body;
    g->limit = (uint32_t)-1;
    uint32_t first_line = p->nhandlers ? p->handlers[0].at->line : 1;
    g->line = first_line;
    g->bol = 1;
    for (size_t i = 0; i < p->nhandlers; i++) {
        fg_handler *h = &p->handlers[i];
        g->h = h;
        g->ntmp = 0;
        g->nfields = 0;
        g->nlive = 0;
        g->nlabels = 0;
        fg_sym *evs = NULL;
        (void)evs;
        g->ev = fg_lua_name(a, h->bind);
        fw_analyse(g, h);
        sync_line(g, h->at->line);
        if (h->alerts) out_put(g, S(g, "local function %s(%s, _, alerts)", handler_name(g, h), g->ev));
        else out_put(g, S(g, "local function %s(%s)", handler_name(g, h), g->ev));
        g->indent = 1;
        gen_block(g, h->body, 1);
        g->indent = 0;
        out_put(g, "end");
    }

    /* host functions the handlers call, as locals */
    const char **api = NULL;
    size_t napi = 0;
    {
        fg_buf lb;
        fg_buf_init(&lb);
        localize_api(g, &body, &lb, &api, &napi);
        fg_buf_free(&body);
        body = lb;
    }

    /* the prologue */
    g->out = out;
    g->line = 1;
    g->bol = 1;
    g->limit = first_line;
    out_put(g, S(g, "-- %s: generated from the rule language; edit the .rule file", p->id ? p->id : "library"));
    soft_nl(g);
    out_put(g, "local fg, string, math, ipairs, tostring, tonumber, select, setmetatable, error, utf8 = "
               "fg, string, math, ipairs, tostring, tonumber, select, setmetatable, error, utf8");
    soft_nl(g);
    if (napi) {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "local ");
        for (size_t i = 0; i < napi; i++) fg_buf_printf(&b, "%s_%s", i ? ", " : "", api[i]);
        fg_buf_puts(&b, " = ");
        for (size_t i = 0; i < napi; i++) {
            const char *dotp = strchr(api[i], '_');
            fg_buf_printf(&b, "%s%.*s.%s", i ? ", " : "", (int)(dotp - api[i]), api[i], dotp + 1);
        }
        out_put(g, fg_buf_cstr(&b));
        soft_nl(g);
        fg_buf_free(&b);
    }
    /* named lists */
    int *list_set = calloc(ck->nlists + 1, sizeof *list_set);
    int *param_set = calloc(p->nparams + 1, sizeof *param_set);
    for (size_t i = 0; i < p->nhandlers; i++) find_sets(p->handlers[i].body, list_set, ck->nlists, ck->lists, param_set, p);
    for (size_t i = 0; i < ck->nlists; i++) {
        fg_listdecl *l = ck->lists[i];
        if (!l->used) continue;
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_printf(&b, "local _l_%s = {", l->name);
        for (size_t k = 0; k < l->value->nkids; k++) fg_buf_printf(&b, "%s%s", k ? ", " : "", gen(g, l->value->kids[k], NULL).s);
        fg_buf_puts(&b, "}");
        out_put(g, fg_buf_cstr(&b));
        soft_nl(g);
        if (list_set[i]) {
            out_put(g, S(g, "local _l_%s_set = {} for _, v in ipairs(_l_%s) do _l_%s_set[v] = true end", l->name,
                         l->name, l->name));
            soft_nl(g);
        }
        fg_buf_free(&b);
    }
    if (g->regexes.len) {
        for (char *s = (char *)fg_buf_cstr(&g->regexes), *e; s && *s; s = e) {
            e = strchr(s, '\n');
            if (e) *e++ = '\0';
            out_put(g, s);
            soft_nl(g);
        }
    }
    if (g->sets.len) {
        for (char *s = (char *)fg_buf_cstr(&g->sets), *e; s && *s; s = e) {
            e = strchr(s, '\n');
            if (e) *e++ = '\0';
            out_put(g, s);
            soft_nl(g);
        }
    }
    emit_helpers(g);
    /* parameters */
    if (p->nparams) {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "local ");
        for (size_t i = 0; i < p->nparams; i++) {
            fg_buf_printf(&b, "%s_p_%s", i ? ", " : "", p->params[i].name);
            if (param_set[i]) fg_buf_printf(&b, ", _p_%s_set", p->params[i].name);
        }
        out_put(g, fg_buf_cstr(&b));
        soft_nl(g);
        fg_buf_free(&b);
    }
    /* stores */
    int any_setup_store = 0;
    for (size_t i = 0; i < p->nstores; i++) {
        fg_store *s = &p->stores[i];
        s->keep_uses_params = node_uses_params(s->keep);
        const char *ctor = s->kind == FG_STORE_KV ? "kv" : s->kind == FG_STORE_WINDOW ? "window" : "tracecodes";
        if (store_in_setup(s)) {
            out_put(g, S(g, "local _s_%s", s->name));
            any_setup_store = 1;
        } else if (s->keep) {
            gx k = gen(g, s->keep, NULL);
            out_put(g, S(g, "local _s_%s = fg.%s(%s, %s)", s->name, ctor, Q(g, s->storename), k.s));
        } else {
            out_put(g, S(g, "local _s_%s = fg.%s(%s)", s->name, ctor, Q(g, s->storename)));
        }
        soft_nl(g);
    }
    int has_setup = p->nparams || any_setup_store;
    if (has_setup) {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "local function _setup(p)");
        for (size_t i = 0; i < p->nparams; i++) {
            fg_buf_printf(&b, " _p_%s = p.%s%s", p->params[i].name, p->params[i].name,
                          p->params[i].ptype == FG_P_DATE ? " or nil" : "");
            if (param_set[i])
                fg_buf_printf(&b, " _p_%s_set = {} for _, v in ipairs(_p_%s) do _p_%s_set[v] = true end",
                              p->params[i].name, p->params[i].name, p->params[i].name);
        }
        for (size_t i = 0; i < p->nstores; i++) {
            fg_store *s = &p->stores[i];
            if (!store_in_setup(s)) continue;
            const char *ctor = s->kind == FG_STORE_WINDOW ? "window" : "tracecodes";
            fg_buf pre;
            fg_buf_init(&pre);
            gx k = gen(g, s->keep, &pre);
            fg_buf_printf(&b, " %s_s_%s = fg.%s(%s, %s)", pre.len ? fg_buf_cstr(&pre) : "", s->name, ctor, Q(g, s->storename), k.s);
            fg_buf_free(&pre);
        }
        fg_buf_puts(&b, " end");
        out_put(g, fg_buf_cstr(&b));
        soft_nl(g);
        fg_buf_free(&b);
    }
    free(list_set);
    free(param_set);
    /* the handlers, starting on their own line */
    if (body.len) {
        if (g->line < first_line) sync_line(g, first_line);
        else out_nl(g);
        fg_buf_put(out, body.p, body.len);
        g->line += 0;
        /* count the lines of body */
        for (size_t i = 0; i < body.len; i++)
            if (body.p[i] == '\n') g->line++;
        g->bol = 0;
    }
    fg_buf_free(&body);

    /* the declaration */
    out_nl(g);
    out_put(g, "return {");
    g->indent = 1;
    if (p->id) {
        out_nl(g);
        out_put(g, S(g, "id = %s, title = %s,", Q(g, p->id), Q(g, p->title ? p->title : "")));
        out_nl(g);
        out_put(g, S(g, "basis = %s,", Q(g, p->basis ? p->basis : "")));
        out_nl(g);
        out_put(g, S(g, "severity = %s,", Q(g, fg_severity_name(p->severity >= 0 ? p->severity : FG_SEV_MEDIUM))));
        if (p->description) {
            out_nl(g);
            out_put(g, S(g, "description = %s,", Q(g, p->description)));
        }
    }
    if (p->ntags) {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "tags = {");
        for (size_t i = 0; i < p->ntags; i++) fg_buf_printf(&b, "%s%s", i ? ", " : "", Q(g, p->tags[i]));
        fg_buf_puts(&b, "},");
        out_nl(g);
        out_put(g, fg_buf_cstr(&b));
        fg_buf_free(&b);
    }
    /* requires: the fields that every handler demands first */
    if (p->nhandlers) {
        const char **req = g->req;
        size_t nreq = g->nreq;
        if (nreq) {
            fg_buf b;
            fg_buf_init(&b);
            fg_buf_puts(&b, "requires = {");
            for (size_t j = 0; j < nreq; j++) {
                int dup = 0;
                for (size_t q = 0; q < j; q++)
                    if (!strcmp(req[q], req[j])) dup = 1;
                if (!dup) fg_buf_printf(&b, "%s%s", j ? ", " : "", Q(g, req[j]));
            }
            fg_buf_puts(&b, "},");
            out_nl(g);
            out_put(g, fg_buf_cstr(&b));
            fg_buf_free(&b);
        }
    }
    {
        fg_buf b;
        fg_buf_init(&b);
        fg_buf_puts(&b, "on = {");
        int k = 0;
        for (size_t i = 0; i < p->nhandlers; i++)
            for (size_t t = 0; t < p->handlers[i].ntypes; t++)
                fg_buf_printf(&b, "%s%s", k++ ? ", " : "", Q(g, p->handlers[i].types[t]));
        fg_buf_puts(&b, "},");
        out_nl(g);
        out_put(g, fg_buf_cstr(&b));
        fg_buf_free(&b);
    }
    if (p->nparams) {
        out_nl(g);
        out_put(g, "params = {");
        for (size_t i = 0; i < p->nparams; i++) {
            fg_param *pa = &p->params[i];
            out_nl(g);
            out_put(g, S(g, "  %s = {%s, %s%s%s},", pa->name, Q(g, fg_ptype_name((fg_ptype)pa->ptype)), Q(g, pa->deflt),
                         pa->doc ? ", doc = " : "", pa->doc ? Q(g, pa->doc) : ""));
        }
        out_nl(g);
        out_put(g, "},");
    }
    if (has_setup) {
        out_nl(g);
        out_put(g, "setup = _setup,");
    }
    out_nl(g);
    if (p->nhandlers == 1) {
        out_put(g, S(g, "check = %s,", handler_name(g, &p->handlers[0])));
    } else if (p->nhandlers > 1) {
        out_put(g, "check = function(e, p, alerts)");
        out_nl(g);
        /* a listener run gets the alerts: it belongs to `on alerts` whatever the event */
        for (size_t i = 0; i < p->nhandlers; i++)
            if (p->handlers[i].alerts) {
                out_put(g, S(g, "  if alerts then return %s(e, p, alerts) end", handler_name(g, &p->handlers[i])));
                out_nl(g);
            }
        out_put(g, "  local t = e._type");
        for (size_t i = 0; i < p->nhandlers; i++) {
            fg_handler *h = &p->handlers[i];
            if (h->alerts) continue;
            out_nl(g);
            fg_buf b;
            fg_buf_init(&b);
            for (size_t t = 0; t < h->ntypes; t++) fg_buf_printf(&b, "%st == %s", t ? " or " : "", Q(g, h->types[t]));
            out_put(g, S(g, "  if %s then return %s(e) end", fg_buf_cstr(&b), handler_name(g, h)));
            fg_buf_free(&b);
        }
        out_nl(g);
        out_put(g, "end,");
    }
    g->indent = 0;
    out_nl(g);
    out_put(g, "}");
    out_nl(g);
    fg_buf_free(&g->regexes);
    fg_buf_free(&g->sets);
}
