/* fg_check — names, fields, types and nullability (see fg_check.h). */
#include "fg_check.h"
#include "fg_alert.h"
#include "fg_params.h"
#include "fg_parse.h"
#include "fg_regex.h"
#include "fg_schema.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FG_MAX_WORK 200000  /* nodes checked, macro expansions included */
#define FG_MAX_ERRORS 200
#define FG_MAX_EXPR_DEPTH 300   /* nested expressions, macro expansions included */

typedef struct fg_checker {
    fg_arena *a;
    fg_diag *d;
    fg_program *prog;
    fg_program **libs;
    size_t nlibs;
    fg_sym *scope;
    fg_handler *h;
    int errors;
    long work;
    int gave_up;
    const fg_node *macro_use;   /* outermost macro use being expanded */
    const char *macro_name;
    int in_keep;                /* a store retention: parameters and literals only */
    int allow_entries;          /* checking the list of a for-each */
    int nbind;                  /* macro arguments bound to locals */
    int depth;                  /* of check_expr: macros can nest what the parser bounded */
    fg_listdecl **lists;
    size_t nlists;
} fg_checker;

/* ---- names in Lua ---- */

const char *fg_lua_name(fg_arena *a, const char *name)
{
    static const char *const reserved[] = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "fg", "string", "math", "table", "utf8", "ipairs", "pairs", "type", "tostring", "tonumber",
        "select", "next", "error", "assert", "pcall", "xpcall", "rawget", "rawset", "rawequal",
        "rawlen", "setmetatable", "getmetatable", "it", NULL,
    };
    for (int i = 0; reserved[i]; i++)
        if (!strcmp(reserved[i], name)) {
            size_t n = strlen(name);
            char *s = fg_arena_alloc(a, n + 4);
            memcpy(s, "_u_", 3);
            memcpy(s + 3, name, n + 1);
            return s;
        }
    return name;
}

/* ---- diagnostics ---- */

static void cerr(fg_checker *c, const fg_node *n, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cerr(fg_checker *c, const fg_node *n, const char *hint, const char *fmt, ...)
{
    if (++c->errors > FG_MAX_ERRORS) {
        if (c->errors == FG_MAX_ERRORS + 1)
            fg_node_error(c->d, n, "fix the errors above first", "too many errors; stopping here");
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char hbuf[600];
    if (c->macro_use && c->macro_use->src != NULL) {
        uint32_t line = c->macro_use->line;
        snprintf(hbuf, sizeof hbuf, "%s%sin macro %s, used at %s:%u", hint ? hint : "", hint ? "; " : "",
                 c->macro_name, c->macro_use->src->path, line);
        hint = hbuf;
    }
    fg_node_error(c->d, n, hint, "%s", msg);
}

static void cerr_op(fg_checker *c, const fg_node *n, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cerr_op(fg_checker *c, const fg_node *n, const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fg_node tmp = *n;
    if (n->opspan && !c->macro_use) {
        tmp.off = n->opoff;
        tmp.span = n->opspan;
    }
    cerr(c, &tmp, hint, "%s", msg);
}

static const char *tyname(const fg_type *t)
{
    static _Thread_local char buf[4][96];
    static _Thread_local int k;
    k = (k + 1) & 3;
    return fg_type_name(t, buf[k], sizeof buf[k]);
}

/* ---- scopes ---- */

static fg_sym *sym_add(fg_checker *c, fg_symkind kind, const char *name, const fg_type *t, int nullable,
                       fg_node *decl)
{
    fg_sym *s = fg_arena_alloc(c->a, sizeof *s);
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->name = name;
    s->type = t;
    s->nullable = nullable;
    s->decl = decl;
    s->lua = name ? fg_lua_name(c->a, name) : NULL;
    s->next = c->scope;
    c->scope = s;
    return s;
}

static fg_sym *sym_find(fg_checker *c, const char *name)
{
    for (fg_sym *s = c->scope; s; s = s->next)
        if (s->kind != FG_SYM_FACT && !strcmp(s->name, name)) return s->alias ? s->alias : s;
    return NULL;
}

static int is_refined(fg_checker *c, const char *path)
{
    if (!path) return 0;
    for (fg_sym *s = c->scope; s; s = s->next)
        if (s->kind == FG_SYM_FACT && !strcmp(s->name, path)) return 1;
    return 0;
}

/* "a", "a.b", "a.b.c" for names and member chains; NULL otherwise. */
static const char *node_path(fg_checker *c, const fg_node *n)
{
    if (n->kind == FG_N_NAME) return n->name;
    if (n->kind == FG_N_MEMBER) {
        const char *b = node_path(c, n->a);
        if (!b) return NULL;
        size_t bl = strlen(b), nl = strlen(n->name);
        char *s = fg_arena_alloc(c->a, bl + nl + 2);
        memcpy(s, b, bl);
        s[bl] = '.';
        memcpy(s + bl + 1, n->name, nl + 1);
        return s;
    }
    return NULL;
}

static void add_fact(fg_checker *c, const fg_node *n)
{
    const char *path = node_path(c, n);
    if (path && n->nullable) sym_add(c, FG_SYM_FACT, path, &fg_ty_error, 0, NULL);
}

/* Facts that hold when e evaluates to `truth`. */
static void add_facts(fg_checker *c, const fg_node *e, int truth)
{
    switch (e->kind) {
    case FG_N_BINARY:
        if (e->op == FG_OP_AND && truth) {
            add_facts(c, e->a, 1);
            add_facts(c, e->b, 1);
        } else if (e->op == FG_OP_OR && !truth) {
            add_facts(c, e->a, 0);
            add_facts(c, e->b, 0);
        } else if (e->op >= FG_OP_EQ && truth) {
            add_fact(c, e->a);
            add_fact(c, e->b);
        }
        break;
    case FG_N_NOT: add_facts(c, e->a, !truth); break;
    case FG_N_IS: {
        int present = (e->op == FG_IS_PRESENT && !e->neg) || (e->op == FG_IS_ABSENT && e->neg) ||
                      (e->op == FG_IS_EMPTY && e->neg);
        int absent_test = (e->op == FG_IS_ABSENT && !e->neg) || (e->op == FG_IS_PRESENT && e->neg);
        if ((truth && present) || (!truth && absent_test)) add_fact(c, e->a);
        break;
    }
    case FG_N_BETWEEN:
    case FG_N_IN:
    case FG_N_MATCH:
        if (truth && !e->neg) {
            add_fact(c, e->a);
            if (e->kind == FG_N_BETWEEN) {
                add_fact(c, e->b);
                add_fact(c, e->c);
            }
        }
        break;
    default: break;
    }
}

/* ---- helpers ---- */

static int is_err(const fg_node *n) { return n->type == NULL || n->type->k == FG_TY_ERROR; }

static void set_type(fg_node *n, const fg_type *t, int nullable)
{
    n->type = t;
    n->nullable = nullable;
}

static int is_zero_lit(const fg_node *n)
{
    return n->kind == FG_N_INT && n->ival == 0;
}

static int numeric_kind(fg_tykind k)
{
    return k == FG_TY_NUMBER || k == FG_TY_MONEY || k == FG_TY_DURATION || k == FG_TY_PERCENT;
}

/* Can a and b be compared (or be the two sides of min/max, between)? */
static int comparable(const fg_node *a, const fg_node *b)
{
    const fg_type *x = a->type, *y = b->type;
    if (x->k == FG_TY_ANY || y->k == FG_TY_ANY) return 1;
    if (x->k == y->k && x->k != FG_TY_LIST && x->k != FG_TY_RECORD && x->k != FG_TY_ENTRY &&
        x->k != FG_TY_EVENT && x->k != FG_TY_STORE && x->k != FG_TY_VOID && x->k != FG_TY_REGEX)
        return 1;
    if ((x->k == FG_TY_PERCENT && y->k == FG_TY_NUMBER) || (x->k == FG_TY_NUMBER && y->k == FG_TY_PERCENT))
        return 1;
    if ((is_zero_lit(a) && numeric_kind(y->k)) || (is_zero_lit(b) && numeric_kind(x->k))) return 1;
    return 0;
}

static const char *mix_hint(const fg_type *x, const fg_type *y)
{
    if (x->k == FG_TY_MONEY || y->k == FG_TY_MONEY)
        return "money is counted in yuan: write amounts with 元 (100元), and numbers of units without";
    if (x->k == FG_TY_DURATION || y->k == FG_TY_DURATION)
        return "durations carry a unit: 15d, 24h, 10m, 90s";
    if (x->k == FG_TY_INSTANT || y->k == FG_TY_INSTANT)
        return "an instant compares with an instant: e.time, entry.at, start_of_day(e.time) ...";
    if (x->k == FG_TY_DATE || y->k == FG_TY_DATE)
        return "a date compares with a date: e.date, person.death_date, 2025-04-01";
    if (x->k == FG_TY_TEXT || y->k == FG_TY_TEXT)
        return "codes are text: write them in quotes, \"1\"";
    return NULL;
}

static void check_expr(fg_checker *c, fg_node *n);
static void check_block(fg_checker *c, fg_node *blk);

static void expect_type(fg_checker *c, fg_node *n, fg_tykind k, const char *what)
{
    if (is_err(n) || n->type->k == FG_TY_ANY) return;
    if (n->type->k == k) return;
    if (k == FG_TY_REGEX && n->type->k == FG_TY_TEXT) {
        cerr(c, n, "write the pattern between slashes: /^Z51/", "%s needs a regex, found a string", what);
        return;
    }
    cerr(c, n, k == FG_TY_MONEY ? mix_hint(n->type, &fg_ty_money) : NULL, "%s needs %s, found %s", what,
         tyname(k == FG_TY_BOOL ? &fg_ty_bool : k == FG_TY_MONEY ? &fg_ty_money : k == FG_TY_TEXT ? &fg_ty_text
              : k == FG_TY_INSTANT ? &fg_ty_instant : k == FG_TY_DURATION ? &fg_ty_duration
              : k == FG_TY_REGEX ? &fg_ty_regex : &fg_ty_number),
         tyname(n->type));
}

/* A value that can be stored, shown or compared (not a store, an entry, the event). */
static int plain_value(fg_checker *c, fg_node *n, const char *what)
{
    if (is_err(n)) return 0;
    switch (n->type->k) {
    case FG_TY_STORE:
        cerr(c, n, "use the store through its methods, like codes.first(code)", "%s cannot be a store", what);
        return 0;
    case FG_TY_ENTRY:
        cerr(c, n, "use the entry's fields, like last.at", "%s cannot be a whole store entry", what);
        return 0;
    case FG_TY_EVENT:
        cerr(c, n, "name one of its fields, like e.psn_no", "%s cannot be the whole event", what);
        return 0;
    case FG_TY_VOID:
        cerr(c, n, NULL, "%s: this call gives no value", what);
        return 0;
    default: return 1;
    }
}

/* ---- macros ---- */

static fg_macro *macro_find(fg_checker *c, const char *name)
{
    for (size_t i = 0; i < c->prog->nmacros; i++)
        if (!strcmp(c->prog->macros[i].name, name)) return &c->prog->macros[i];
    for (size_t l = 0; l < c->nlibs; l++)
        for (size_t i = 0; i < c->libs[l]->nmacros; i++)
            if (!strcmp(c->libs[l]->macros[i].name, name)) return &c->libs[l]->macros[i];
    return NULL;
}

static fg_node *clone(fg_checker *c, const fg_node *n, const fg_macro *m, fg_node **args)
{
    if (!n) return NULL;
    if (n->kind == FG_N_NAME && args) {
        for (size_t i = 0; i < m->nparams; i++)
            if (!strcmp(m->params[i], n->name)) return clone(c, args[i], NULL, NULL);
    }
    fg_node *k = fg_arena_alloc(c->a, sizeof *k);
    *k = *n;
    k->a = clone(c, n->a, m, args);
    k->b = clone(c, n->b, m, args);
    k->c = clone(c, n->c, m, args);
    if (n->nkids) {
        k->kids = fg_arena_alloc(c->a, ((n->nkids < 4 ? 4 : n->nkids * 2)) * sizeof *k->kids);
        for (size_t i = 0; i < n->nkids; i++) k->kids[i] = clone(c, n->kids[i], m, args);
    }
    return k;
}

static void expand_macro(fg_checker *c, fg_node *n, fg_macro *m, fg_node **args, size_t nargs)
{
    if (m->expanding) {
        cerr(c, n, "a macro cannot use itself", "macro '%s' is recursive", m->name);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    if (nargs != m->nparams) {
        cerr(c, n, NULL, "macro '%s' takes %zu argument%s, given %zu", m->name, m->nparams,
             m->nparams == 1 ? "" : "s", nargs);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    for (size_t i = 0; i < nargs; i++)
        if (args[i]->kind == FG_N_ARG) {
            cerr(c, args[i], NULL, "macro arguments have no names");
            set_type(n, &fg_ty_error, 0);
            return;
        }
    /* Each argument is checked where the macro is used and evaluated once:
     * a name is passed as itself, anything else is bound to a local. */
    fg_sym *mark = c->scope;
    fg_node *binds = NULL, **tail = &binds;
    for (size_t i = 0; i < nargs; i++) {
        check_expr(c, args[i]);
        fg_sym *target = args[i]->kind == FG_N_NAME ? args[i]->sym : NULL;
        if (target) {
            fg_sym *al = sym_add(c, target->kind, m->params[i], target->type, target->nullable, target->decl);
            al->alias = target;
            continue;
        }
        fg_sym *bs = sym_add(c, FG_SYM_LET, m->params[i], args[i]->type ? args[i]->type : &fg_ty_error,
                             args[i]->nullable, args[i]);
        char lua[32];
        snprintf(lua, sizeof lua, "_m%d", ++c->nbind);
        bs->lua = fg_arena_strndup(c->a, lua, strlen(lua));
        if (args[i]->type && args[i]->type->k == FG_TY_ENTRY) {
            cerr(c, args[i], "pass the entry's fields, or the entry by its name", "an entry cannot be a macro argument");
        }
        fg_node *b = fg_node_new(c->a, FG_N_BIND, args[i]->src, args[i]->off, args[i]->span, args[i]->line);
        b->a = args[i];
        b->sym = bs;
        *tail = b;
        tail = &b->b;
    }
    fg_node *copy = clone(c, m->body, m, NULL);
    const fg_node *outer = c->macro_use;
    const char *outer_name = c->macro_name;
    fg_node use = *n;
    if (!outer) {
        c->macro_use = &use;
        c->macro_name = m->name;
    }
    m->expanding = 1;
    check_expr(c, copy);
    m->expanding = 0;
    c->macro_use = outer;
    c->macro_name = outer_name;
    c->scope = mark;
    if (binds) {
        *tail = copy;
        for (fg_node *b = binds; b != copy; b = b->b) {
            b->type = copy->type;
            b->nullable = copy->nullable;
        }
        copy = binds;
    }
    *n = *copy;
    n->src = use.src;
    n->off = use.off;
    n->span = use.span;
    n->line = use.line;
    n->opspan = 0;
}

/* ---- lists ---- */

static fg_listdecl *list_find(fg_checker *c, const char *name)
{
    for (size_t i = 0; i < c->nlists; i++)
        if (!strcmp(c->lists[i]->name, name)) return c->lists[i];
    return NULL;
}

/* ---- builtins ---- */

static int is_event_like(const fg_node *n)
{
    return n->type->k == FG_TY_EVENT || n->type->k == FG_TY_ANY;
}

static int is_record_of(const fg_node *n, int which)
{
    return n->type->k == FG_TY_ANY || (n->type->k == FG_TY_RECORD && n->type->rec == fg_schema_record(which));
}

static void check_builtin(fg_checker *c, fg_node *n, int b)
{
    const fg_bdef *bd = fg_builtin_def(b);
    size_t na = n->nkids;
    n->builtin = b;
    n->sym = NULL;
    if ((int)na < bd->min_args || (bd->max_args >= 0 && (int)na > bd->max_args)) {
        cerr(c, n, bd->sig, "%s takes %d%s argument%s, given %zu", bd->name, bd->min_args,
             bd->max_args < 0 ? " or more" : bd->max_args > bd->min_args ? " or 2" : "",
             bd->min_args == 1 && bd->max_args == 1 ? "" : "s", na);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    int bad = 0;
    for (size_t i = 0; i < na; i++) {
        if (n->kids[i]->kind == FG_N_ARG) {
            cerr(c, n->kids[i], bd->sig, "%s takes no named arguments", bd->name);
            set_type(n, &fg_ty_error, 0);
            return;
        }
        check_expr(c, n->kids[i]);
        if (is_err(n->kids[i])) bad = 1;
    }
    if (bad) {
        set_type(n, &fg_ty_error, 0);
        return;
    }
    fg_node *x = na ? n->kids[0] : NULL, *y = na > 1 ? n->kids[1] : NULL;
    const fg_type *t = &fg_ty_error;
    int nullable = 0;
    char why[160] = "";
    switch ((fg_builtin)b) {
    case FG_B_KEY:
        for (size_t i = 0; i < na; i++) plain_value(c, n->kids[i], "a key part");
        t = &fg_ty_text;
        break;
    case FG_B_PERSON: case FG_B_INSTITUTION: case FG_B_ENCOUNTER: case FG_B_DRUG: case FG_B_ITEM: {
        if (x->type->k != FG_TY_TEXT && x->type->k != FG_TY_ANY) snprintf(why, sizeof why, "a code (string)");
        static const int rec[] = {[FG_B_PERSON] = FG_REC_PERSON, [FG_B_INSTITUTION] = FG_REC_INSTITUTION,
                                  [FG_B_ENCOUNTER] = FG_REC_ENCOUNTER, [FG_B_DRUG] = FG_REC_DRUG,
                                  [FG_B_ITEM] = FG_REC_ITEM};
        t = fg_type_record(c->a, fg_schema_record(rec[b]));
        nullable = 1;
        break;
    }
    case FG_B_STAYS:
        if (x->type->k != FG_TY_TEXT && x->type->k != FG_TY_ANY) snprintf(why, sizeof why, "a psn_no (string)");
        t = fg_type_list_of(c->a, fg_type_record(c->a, fg_schema_record(FG_REC_ENCOUNTER)));
        break;
    case FG_B_DIAGNOSES:
        if (!is_event_like(x) && !is_record_of(x, FG_REC_ENCOUNTER))
            snprintf(why, sizeof why, "the event or an encounter");
        t = &fg_ty_text_list;
        break;
    case FG_B_LINE_TOTAL:
        if (!is_event_like(x)) snprintf(why, sizeof why, "the event (a fee or sale line)");
        t = &fg_ty_money;
        nullable = 1;
        break;
    case FG_B_IS_DRUG_LINE:
        if (!is_event_like(x)) snprintf(why, sizeof why, "the event (a fee or sale line)");
        t = &fg_ty_bool;
        break;
    case FG_B_CITY:
        if (x->type->k != FG_TY_TEXT && x->type->k != FG_TY_ANY) snprintf(why, sizeof why, "an area code (string)");
        t = &fg_ty_text;
        nullable = 1;
        break;
    case FG_B_AGE:
        if (!is_record_of(x, FG_REC_PERSON)) snprintf(why, sizeof why, "a person record first, like age(p, e.time)");
        else if (y->type->k != FG_TY_INSTANT && y->type->k != FG_TY_ANY) snprintf(why, sizeof why, "an instant second, like age(p, e.time)");
        t = &fg_ty_number;
        nullable = 1;
        break;
    case FG_B_HOSP_LEVEL:
        if (!is_record_of(x, FG_REC_INSTITUTION)) snprintf(why, sizeof why, "an institution record");
        t = &fg_ty_number;
        nullable = x->nullable;
        break;
    case FG_B_JOIN:
        if (x->type->k != FG_TY_LIST) snprintf(why, sizeof why, "a list");
        else if (y && y->type->k != FG_TY_TEXT) snprintf(why, sizeof why, "a separator string second");
        t = &fg_ty_text;
        break;
    case FG_B_COUNT:
        if (x->type->k != FG_TY_LIST && x->type->k != FG_TY_ANY) snprintf(why, sizeof why, "a list");
        t = &fg_ty_number;
        break;
    case FG_B_SUM:
        if (x->type->k != FG_TY_LIST || !(x->type->elem->k == FG_TY_NUMBER || x->type->elem->k == FG_TY_MONEY ||
                                          x->type->elem->k == FG_TY_DURATION))
            snprintf(why, sizeof why, "a list of numbers, money or durations");
        else
            t = x->type->elem;
        break;
    case FG_B_FIRST: case FG_B_LAST:
        if (x->type->k != FG_TY_LIST) snprintf(why, sizeof why, "a list");
        else t = x->type->elem;
        nullable = 1;
        break;
    case FG_B_MIN: case FG_B_MAX:
        if (!numeric_kind(x->type->k) && x->type->k != FG_TY_INSTANT && x->type->k != FG_TY_DATE)
            snprintf(why, sizeof why, "numbers, money, durations, instants or dates");
        else if (!comparable(x, y)) {
            cerr(c, n, mix_hint(x->type, y->type), "%s of %s and %s", bd->name, tyname(x->type), tyname(y->type));
            set_type(n, &fg_ty_error, 0);
            return;
        }
        t = is_zero_lit(x) ? y->type : x->type;
        nullable = x->nullable || y->nullable;
        break;
    case FG_B_ABS:
        if (!numeric_kind(x->type->k)) snprintf(why, sizeof why, "a number, money or duration");
        t = x->type;
        nullable = x->nullable;
        break;
    case FG_B_ROUND: case FG_B_FLOOR:
        if (x->type->k != FG_TY_NUMBER) snprintf(why, sizeof why, "a number");
        t = &fg_ty_number;
        nullable = x->nullable;
        break;
    case FG_B_DAY_OF: case FG_B_MONTH_OF: case FG_B_YEAR_OF: case FG_B_TIME_OF_DAY: case FG_B_START_OF_DAY:
    case FG_B_FMT_TIME:
        if (x->type->k != FG_TY_INSTANT) snprintf(why, sizeof why, "an instant, like e.time");
        t = b == FG_B_DAY_OF ? &fg_ty_date : b == FG_B_MONTH_OF ? &fg_ty_month : b == FG_B_YEAR_OF ? &fg_ty_number
          : b == FG_B_TIME_OF_DAY ? &fg_ty_clock : b == FG_B_FMT_TIME ? &fg_ty_text : &fg_ty_instant;
        nullable = x->nullable;
        break;
    case FG_B_FMT_DAY:
        if (x->type->k != FG_TY_DATE) snprintf(why, sizeof why, "a date");
        t = &fg_ty_text;
        nullable = x->nullable;
        break;
    case FG_B_FMT_MONTH:
        if (x->type->k != FG_TY_MONTH) snprintf(why, sizeof why, "a month, like e.month");
        t = &fg_ty_text;
        nullable = x->nullable;
        break;
    case FG_B_DATE:
        if (x->type->k != FG_TY_TEXT && x->type->k != FG_TY_ANY) snprintf(why, sizeof why, "a YYYY-MM-DD string");
        t = &fg_ty_date;
        nullable = 1;
        break;
    case FG_B_TEXT:
        plain_value(c, x, "text()");
        t = &fg_ty_text;
        nullable = x->nullable;
        break;
    case FG_B_NUMBER:
        if (x->type->k != FG_TY_TEXT && x->type->k != FG_TY_ANY && x->type->k != FG_TY_NUMBER)
            snprintf(why, sizeof why, "a string");
        t = &fg_ty_number;
        nullable = 1;
        break;
    case FG_B_YUAN:
        if (x->type->k != FG_TY_MONEY) snprintf(why, sizeof why, "money");
        t = &fg_ty_text;
        nullable = x->nullable;
        break;
    case FG_B_FLAG:
        plain_value(c, x, "flag()");
        t = &fg_ty_bool;
        break;
    case FG_B_DAYS: case FG_B_HOURS: case FG_B_MINUTES:
        if (x->type->k != FG_TY_NUMBER) snprintf(why, sizeof why, "a number");
        t = &fg_ty_duration;
        nullable = x->nullable;
        break;
    case FG_B_SECONDS:
        if (x->type->k != FG_TY_DURATION) snprintf(why, sizeof why, "a duration");
        t = &fg_ty_number;
        nullable = x->nullable;
        break;
    case FG_B_RANGE:
        if (x->type->k != FG_TY_NUMBER || y->type->k != FG_TY_NUMBER) snprintf(why, sizeof why, "two whole numbers");
        else if (x->nullable || y->nullable) snprintf(why, sizeof why, "two numbers that are never absent");
        t = fg_type_list_of(c->a, &fg_ty_number);
        break;
    case FG_B_LENGTH:
        if (x->type->k != FG_TY_TEXT) snprintf(why, sizeof why, "a string");
        t = &fg_ty_number;
        nullable = x->nullable;
        break;
    default: break;
    }
    if (why[0]) {
        cerr(c, n, bd->sig, "%s needs %s", bd->name, why);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    set_type(n, t, nullable);
}

/* ---- store methods ---- */

static const fg_slot *slot_find(const fg_store *s, const char *name)
{
    for (size_t i = 0; i < s->nslots; i++)
        if (!strcmp(s->slots[i].name, name)) return &s->slots[i];
    return NULL;
}

static void check_time_arg(fg_checker *c, fg_node *v, const char *name)
{
    char what[64];
    snprintf(what, sizeof what, "'%s:'", name);
    check_expr(c, v);
    if (is_err(v)) return;
    if (!strcmp(name, "within")) expect_type(c, v, FG_TY_DURATION, what);
    else expect_type(c, v, FG_TY_INSTANT, what);
}

static void check_method(fg_checker *c, fg_node *n, fg_sym *ss)
{
    fg_store *s = ss->ref;
    fg_node *callee = n->a;
    int allow_entries = c->allow_entries;
    c->allow_entries = 0;
    int m = fg_method_lookup(s->kind, callee->name);
    if (m < 0) {
        cerr_op(c, callee, NULL, "a %s store has no method '%s' (methods: %s)",
                s->kind == FG_STORE_KV ? "kv" : s->kind == FG_STORE_WINDOW ? "window" : "tracecodes",
                callee->name, fg_method_list(s->kind));
        set_type(n, &fg_ty_error, 0);
        return;
    }
    n->builtin = m;
    n->sym = ss;
    size_t npos = 0;
    int has_within = 0, has_from = 0, has_to = 0, has_until = 0, has_by = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        fg_node *k = n->kids[i];
        if (k->kind != FG_N_ARG) {
            if (npos != i) cerr(c, k, "key parts come first, then name: value arguments",
                                "a key part after a named argument");
            npos++;
            check_expr(c, k);
            if (!is_err(k) && plain_value(c, k, "a key part") &&
                (k->type->k == FG_TY_LIST || k->type->k == FG_TY_RECORD || k->type->k == FG_TY_REGEX))
                cerr(c, k, "key parts are codes, numbers, days or months", "a key part cannot be %s", tyname(k->type));
            continue;
        }
        const char *an = k->name;
        fg_node *v = k->a;
        int ok = 0;
        if (!strcmp(an, "until") && (m == FG_M_PUT || m == FG_M_ADD || m == FG_M_ONCE)) {
            check_time_arg(c, v, an);
            has_until = ok = 1;
        } else if (!strcmp(an, "by") && m == FG_M_ADD) {
            check_expr(c, v);
            if (!is_err(v) && !numeric_kind(v->type->k)) expect_type(c, v, FG_TY_NUMBER, "'by:'");
            has_by = ok = 1;
        } else if (!strcmp(an, "within") && m == FG_M_SETTLE) {
            check_time_arg(c, v, an);
            has_within = ok = 1;
        } else if ((!strcmp(an, "within") || !strcmp(an, "from") || !strcmp(an, "to")) &&
                   (m == FG_M_COUNT || m == FG_M_SUM || m == FG_M_DISTINCT || m == FG_M_ENTRIES)) {
            check_time_arg(c, v, an);
            if (an[0] == 'w') has_within = 1;
            else if (an[0] == 'f') has_from = 1;
            else has_to = 1;
            ok = 1;
        } else if (!strcmp(an, "at") && (m == FG_M_PUSH || m == FG_M_RECORD)) {
            check_time_arg(c, v, an);
            ok = 1;
        } else if (!strcmp(an, "institution") && m == FG_M_RECORD) {
            check_expr(c, v);
            expect_type(c, v, FG_TY_TEXT, "'institution:'");
            ok = 1;
        } else if (m == FG_M_PUT || m == FG_M_PUSH) {
            const fg_slot *sl = slot_find(s, an);
            if (sl) {
                check_expr(c, v);
                if (!is_err(v) && !fg_type_same(sl->type, v->type) && v->type->k != FG_TY_ANY &&
                    !(is_zero_lit(v) && numeric_kind(sl->type->k)) &&
                    !(sl->type->k == FG_TY_NUMBER && v->type->k == FG_TY_PERCENT))
                    cerr(c, v, NULL, "slot '%s' of store %s holds %s, given %s", an, s->name, tyname(sl->type),
                         tyname(v->type));
                ok = 1;
            }
        }
        if (!ok) {
            char hint[200];
            if (m == FG_M_PUT || m == FG_M_PUSH) {
                size_t o = (size_t)snprintf(hint, sizeof hint, "%s takes", fg_method_name(m));
                if (m == FG_M_PUT) o += (size_t)snprintf(hint + o, sizeof hint - o, " until:");
                else o += (size_t)snprintf(hint + o, sizeof hint - o, " at:");
                for (size_t j = 0; j < s->nslots && o < sizeof hint - 40; j++)
                    o += (size_t)snprintf(hint + o, sizeof hint - o, " %s:", s->slots[j].name);
            } else {
                snprintf(hint, sizeof hint, "%s",
                         m == FG_M_ADD ? "add takes by: and until:" : m == FG_M_ONCE ? "once takes until:"
                         : m == FG_M_RECORD ? "record takes at: and institution:"
                         : m == FG_M_SETTLE ? "settle takes within: (the memory of a code)"
                         : (m == FG_M_COUNT || m == FG_M_SUM || m == FG_M_DISTINCT || m == FG_M_ENTRIES)
                             ? "give the time range as within: DURATION, or from: and to:"
                             : "this method takes only the key");
            }
            cerr(c, k, hint, "%s has no argument '%s:'", fg_method_name(m), an);
        }
    }
    int keyless = m == FG_M_SETTLE || m == FG_M_RELEASE_LINE;
    if (keyless && npos) {
        cerr(c, n, "settle and release_line work on the trace codes of the current line",
             "%s takes no key", fg_method_name(m));
    } else if (npos == 0 && !keyless) {
        cerr(c, n, "the key comes first: store.get(e.psn_no, e.fixmedins_code)", "%s needs a key", fg_method_name(m));
    }
    if (m == FG_M_SETTLE && !has_within)
        cerr(c, n, "write: codes.settle(within: memory)", "settle needs within:");
    if (m == FG_M_ENTRIES && !allow_entries)
        cerr(c, n, "read the entries one by one: for each x in store.entries(KEY, within: 30d) do ... end",
             "entries(...) is only read by a for-each loop");
    if ((m == FG_M_FIRST || m == FG_M_RECORD || m == FG_M_RELEASE) && npos > 1)
        cerr(c, n, NULL, "a trace code store is keyed by one code");
    if ((m == FG_M_PUT || m == FG_M_ADD || m == FG_M_ONCE) && !has_until)
        cerr(c, n, "every entry needs an expiry: until: e.time + window + 1d", "%s needs until:", fg_method_name(m));
    if (m == FG_M_ADD && !has_by) cerr(c, n, "write: store.add(KEY, by: AMOUNT, until: INSTANT)", "add needs by:");
    if ((m == FG_M_COUNT || m == FG_M_SUM || m == FG_M_DISTINCT || m == FG_M_ENTRIES) &&
        !(has_within ^ (has_from && has_to)) )
        cerr(c, n, "write within: 30d (up to the event's time), or from: T1, to: T2", "give %s a time range",
             fg_method_name(m));
    const fg_type *t = &fg_ty_void;
    int nullable = 0;
    fg_type *et;
    switch ((fg_method)m) {
    case FG_M_GET: case FG_M_LAST: case FG_M_FIRST:
        et = fg_arena_alloc(c->a, sizeof *et);
        memset(et, 0, sizeof *et);
        et->k = FG_TY_ENTRY;
        et->store = s;
        t = et;
        nullable = 1;
        break;
    case FG_M_ENTRIES:
        et = fg_arena_alloc(c->a, sizeof *et);
        memset(et, 0, sizeof *et);
        et->k = FG_TY_ENTRY;
        et->store = s;
        t = fg_type_list_of(c->a, et);
        break;
    case FG_M_ADD: {
        const fg_slot *sl = NULL;
        for (size_t i = 0; i < s->nslots; i++)
            if (s->slots[i].index == 0) sl = &s->slots[i];
        t = sl ? sl->type : &fg_ty_number;
        for (size_t i = 0; i < n->nkids; i++)
            if (n->kids[i]->kind == FG_N_ARG && !strcmp(n->kids[i]->name, "by") && !is_err(n->kids[i]->a) &&
                !fg_type_same(n->kids[i]->a->type, t) && t->k != FG_TY_ANY && !is_zero_lit(n->kids[i]->a))
                cerr(c, n->kids[i]->a, mix_hint(t, n->kids[i]->a->type), "add by: %s to a slot of %s",
                     tyname(n->kids[i]->a->type), tyname(t));
        break;
    }
    case FG_M_ONCE: case FG_M_DEL: case FG_M_RELEASE: t = &fg_ty_bool; break;
    case FG_M_SETTLE:
        t = fg_type_list_of(c->a, fg_type_record(c->a, fg_schema_record(FG_REC_SETTLEMENT)));
        nullable = 1;
        break;
    case FG_M_RELEASE_LINE: t = &fg_ty_number; break;
    case FG_M_COUNT: case FG_M_DISTINCT: t = &fg_ty_number; break;
    case FG_M_SUM: {
        const fg_slot *sl = NULL;
        for (size_t i = 0; i < s->nslots; i++)
            if (s->slots[i].index == 1) sl = &s->slots[i];
        t = sl ? sl->type : &fg_ty_number;
        break;
    }
    default: break;
    }
    set_type(n, t, nullable);
}

/* ---- expressions ---- */

static void check_call(fg_checker *c, fg_node *n)
{
    fg_node *callee = n->a;
    int allow_entries = c->allow_entries;
    c->allow_entries = 0;
    if (callee->kind == FG_N_MEMBER) {
        if (callee->a->kind == FG_N_NAME) {
            fg_sym *s = sym_find(c, callee->a->name);
            if (s && s->kind == FG_SYM_STORE) {
                c->allow_entries = allow_entries;
                callee->a->sym = s;
                set_type(callee->a, s->type, 0);
                check_method(c, n, s);
                return;
            }
        }
        check_expr(c, callee->a);
        if (!is_err(callee->a))
            cerr_op(c, callee, "only stores have methods; functions are called as name(...), like count(list)",
                    "%s has no method '%s'", tyname(callee->a->type), callee->name);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    const char *name = callee->name;
    fg_macro *m = macro_find(c, name);
    if (m) {
        if (c->in_keep && n->nkids) {
            cerr(c, callee, "a retention is made of parameters and durations, like window + 1d",
                 "a store's retention cannot use a macro with arguments");
            set_type(n, &fg_ty_error, 0);
            return;
        }
        expand_macro(c, n, m, n->kids, n->nkids);
        return;
    }
    int b = fg_builtin_lookup(name);
    if (b >= 0) {
        check_builtin(c, n, b);
        return;
    }
    fg_sym *s = sym_find(c, name);
    if (s) {
        cerr(c, callee, NULL, "'%s' is %s, not a function", name, s->kind == FG_SYM_PARAM ? "a parameter" : "a value");
        set_type(n, &fg_ty_error, 0);
        return;
    }
    const char *sug = fg_builtin_suggest(name);
    char hint[160];
    if (sug) snprintf(hint, sizeof hint, "did you mean %s?", fg_builtin_def(fg_builtin_lookup(sug))->sig);
    else snprintf(hint, sizeof hint, "docs/rule-language.md lists the functions; a macro must be declared before use");
    cerr(c, callee, hint, "unknown function '%s'", name);
    for (size_t i = 0; i < n->nkids; i++) check_expr(c, n->kids[i]->kind == FG_N_ARG ? n->kids[i]->a : n->kids[i]);
    set_type(n, &fg_ty_error, 0);
}

static void check_name(fg_checker *c, fg_node *n)
{
    fg_sym *s = sym_find(c, n->name);
    if (s) {
        if (c->in_keep && s->kind != FG_SYM_PARAM) {
            cerr(c, n, "a retention is made of parameters and durations, like window + 1d",
                 "a store's retention cannot use '%s'", n->name);
            set_type(n, &fg_ty_error, 0);
            return;
        }
        n->sym = s;
        if (s->kind == FG_SYM_LIST) ((fg_listdecl *)s->ref)->used = 1;
        if (s->kind == FG_SYM_PARAM) ((fg_param *)s->ref)->used = 1;
        set_type(n, s->type, s->nullable && !is_refined(c, n->name));
        return;
    }
    fg_macro *m = macro_find(c, n->name);
    if (m) {
        expand_macro(c, n, m, NULL, 0);
        return;
    }
    if (!strcmp(n->name, "high") || !strcmp(n->name, "medium") || !strcmp(n->name, "low")) {
        set_type(n, &fg_ty_severity, 0);
        return;
    }
    char hint[200] = "";
    int b = fg_builtin_lookup(n->name);
    if (b >= 0) snprintf(hint, sizeof hint, "%s is a function: %s", n->name, fg_builtin_def(b)->sig);
    else {
        const char *best = NULL;
        int bd = 3;
        for (fg_sym *x = c->scope; x; x = x->next) {
            if (x->kind == FG_SYM_FACT) continue;
            int dd = fg_edit_distance(x->name, n->name);
            if (dd < bd) {
                bd = dd;
                best = x->name;
            }
        }
        if (best) {
            fg_sym *x = sym_find(c, best);
            snprintf(hint, sizeof hint, "did you mean the %s '%s'?",
                     x->kind == FG_SYM_PARAM ? "parameter" : x->kind == FG_SYM_STORE ? "store"
                     : x->kind == FG_SYM_LIST ? "list" : x->kind == FG_SYM_EVENT ? "event" : "name", best);
        } else if (c->h) {
            snprintf(hint, sizeof hint, "the event of this section is named '%s' (on %s as %s names it %s); "
                     "other names are declared first: let %s = ...", c->h->bind, c->h->ntypes ? c->h->types[0] : "fee",
                     n->name, n->name, n->name);
        } else {
            snprintf(hint, sizeof hint, "declare it first: let %s = ..., param %s = ..., or list %s = [...]", n->name,
                     n->name, n->name);
        }
    }
    cerr(c, n, hint, "unknown name '%s'", n->name);
    set_type(n, &fg_ty_error, 0);
}

static void check_member(fg_checker *c, fg_node *n)
{
    fg_node *base = n->a;
    if (base->kind == FG_N_NAME) {
        fg_sym *s = sym_find(c, base->name);
        if (s && s->kind == FG_SYM_STORE) {
            cerr_op(c, n, NULL, "call the store's method: %s.%s(...)", base->name, n->name);
            set_type(n, &fg_ty_error, 0);
            return;
        }
    }
    check_expr(c, base);
    if (is_err(base)) {
        set_type(n, &fg_ty_error, 0);
        return;
    }
    const fg_rkind *rk = NULL;
    const char *what = "";
    switch (base->type->k) {
    case FG_TY_EVENT: rk = base->type->rec; what = "events"; break;
    case FG_TY_RECORD: rk = base->type->rec; what = "records"; break;
    case FG_TY_ENTRY: rk = &base->type->store->entry; what = "entries"; break;
    case FG_TY_ANY: set_type(n, &fg_ty_any, 1); return;
    case FG_TY_LIST:
        cerr_op(c, n, "functions of lists: count(L), first(L), last(L), join(L), sum(L)", "a list has no field '%s'",
                n->name);
        set_type(n, &fg_ty_error, 0);
        return;
    default:
        cerr_op(c, n, NULL, "%s has no fields (reading '%s')", tyname(base->type), n->name);
        set_type(n, &fg_ty_error, 0);
        return;
    }
    const fg_fdef *f = fg_rkind_find(rk, n->name);
    if (!f) {
        const char *sug = fg_rkind_suggest(rk, n->name);
        char hint[300];
        if (base->type->k == FG_TY_EVENT) {
            int k = snprintf(hint, sizeof hint, "%s%s%s", sug ? "did you mean '" : "", sug ? sug : "", sug ? "'? " : "");
            if (fg_field_lookup(n->name, strlen(n->name)) >= 0)
                snprintf(hint + k, sizeof hint - (size_t)k, "the field belongs to other event types (spec/EVENTS.md)");
            else
                snprintf(hint + k, sizeof hint - (size_t)k, "a field outside spec/EVENTS.md is declared first: field %s.%s: string",
                         c->h && c->h->ntypes ? c->h->types[0] : "fee", n->name);
            cerr_op(c, n, hint, "%s events have no field '%s'", rk->name, n->name);
        } else {
            if (sug) snprintf(hint, sizeof hint, "did you mean '%s'?", sug);
            else if (base->type->k == FG_TY_ENTRY) snprintf(hint, sizeof hint, "declare the slot in the store: (%s: TYPE)", n->name);
            else hint[0] = '\0';
            cerr_op(c, n, hint[0] ? hint : NULL, "%s %s have no field '%s'", rk->name ? rk->name : "these", what, n->name);
        }
        set_type(n, &fg_ty_error, 0);
        return;
    }
    n->sym = (void *)f;
    const char *path = node_path(c, n);
    set_type(n, f->type, (base->nullable || !f->required) && !is_refined(c, path));
}

static void check_binary(fg_checker *c, fg_node *n)
{
    fg_node *l = n->a, *r = n->b;
    check_expr(c, l);
    if (n->op == FG_OP_AND || n->op == FG_OP_OR) {
        /* the right side sees what the left side established */
        fg_sym *mark = c->scope;
        add_facts(c, l, n->op == FG_OP_AND);
        check_expr(c, r);
        c->scope = mark;
        if (!is_err(l)) expect_type(c, l, FG_TY_BOOL, n->op == FG_OP_AND ? "'and'" : "'or'");
        if (!is_err(r)) expect_type(c, r, FG_TY_BOOL, n->op == FG_OP_AND ? "'and'" : "'or'");
        set_type(n, &fg_ty_bool, 0);
        return;
    }
    check_expr(c, r);
    if (is_err(l) || is_err(r)) {
        set_type(n, &fg_ty_error, 0);
        return;
    }
    if (!plain_value(c, l, "an operand") || !plain_value(c, r, "an operand")) {
        set_type(n, &fg_ty_error, 0);
        return;
    }
    const fg_type *x = l->type, *y = r->type;
    int nullable = l->nullable || r->nullable;
    if (n->op >= FG_OP_EQ) {
        if (!comparable(l, r)) {
            cerr_op(c, n, mix_hint(x, y), "cannot compare %s with %s", tyname(x), tyname(y));
            set_type(n, &fg_ty_error, 0);
            return;
        }
        if (n->op != FG_OP_EQ && n->op != FG_OP_NE && (x->k == FG_TY_BOOL || x->k == FG_TY_SEVERITY)) {
            cerr_op(c, n, NULL, "%s values are equal or not, never smaller", tyname(x));
        }
        set_type(n, &fg_ty_bool, 0);
        return;
    }
    /* arithmetic */
    fg_tykind a = x->k, b = y->k;
    const fg_type *t = NULL;
    if (a == FG_TY_ANY || b == FG_TY_ANY) t = &fg_ty_any;
    else if (n->op == FG_OP_ADD || n->op == FG_OP_SUB) {
        if (a == b && (a == FG_TY_NUMBER || a == FG_TY_MONEY || a == FG_TY_DURATION)) t = x;
        else if (a == FG_TY_INSTANT && b == FG_TY_DURATION) t = x;
        else if (a == FG_TY_DURATION && b == FG_TY_INSTANT && n->op == FG_OP_ADD) t = y;
        else if (a == FG_TY_INSTANT && b == FG_TY_INSTANT && n->op == FG_OP_SUB) t = &fg_ty_duration;
        else if (a == FG_TY_DATE && b == FG_TY_NUMBER) t = x;
        else if (a == FG_TY_DATE && b == FG_TY_DATE && n->op == FG_OP_SUB) t = &fg_ty_number;
        else if (a == FG_TY_MONTH && b == FG_TY_NUMBER) t = x;
        else if (a == FG_TY_MONTH && b == FG_TY_MONTH && n->op == FG_OP_SUB) t = &fg_ty_number;
        else if (a == FG_TY_TEXT && b == FG_TY_TEXT && n->op == FG_OP_ADD) {
            cerr_op(c, n, "join texts inside a string: \"{a}{b}\"", "texts are not added");
            set_type(n, &fg_ty_error, 0);
            return;
        }
    } else if (n->op == FG_OP_MUL) {
        if (a == FG_TY_NUMBER && b == FG_TY_NUMBER) t = x;
        else if ((a == FG_TY_MONEY || a == FG_TY_DURATION) && (b == FG_TY_NUMBER || b == FG_TY_PERCENT)) t = x;
        else if ((b == FG_TY_MONEY || b == FG_TY_DURATION) && (a == FG_TY_NUMBER || a == FG_TY_PERCENT)) t = y;
        else if (a == FG_TY_PERCENT && b == FG_TY_NUMBER) t = y;
        else if (a == FG_TY_NUMBER && b == FG_TY_PERCENT) t = x;
    } else if (n->op == FG_OP_DIV) {
        if (a == FG_TY_NUMBER && b == FG_TY_NUMBER) t = x;
        else if ((a == FG_TY_MONEY || a == FG_TY_DURATION) && b == FG_TY_NUMBER) t = x;
        else if (a == b && (a == FG_TY_MONEY || a == FG_TY_DURATION)) t = &fg_ty_number;
    }
    if (!t) {
        static const char *const opn[] = {"add", "subtract", "multiply", "divide"};
        const char *hint = mix_hint(x, y);
        if (n->op == FG_OP_MUL && a == b && (a == FG_TY_MONEY || a == FG_TY_DURATION))
            hint = "multiply by a number: amount * 2, window * 2";
        cerr_op(c, n, hint, "cannot %s %s and %s", opn[n->op], tyname(x), tyname(y));
        set_type(n, &fg_ty_error, 0);
        return;
    }
    set_type(n, t, nullable);
}

static const fg_type *list_elem_of(fg_checker *c, fg_node *n)
{
    if (is_err(n)) return NULL;
    if (n->type->k == FG_TY_LIST) return n->type->elem;
    if (n->type->k == FG_TY_ANY) return &fg_ty_any;
    cerr(c, n, "a list is written [\"a\", \"b\"], or named with list NAME = [...]", "expected a list, found %s",
         tyname(n->type));
    return NULL;
}

static void check_str(fg_checker *c, fg_node *n)
{
    for (size_t i = 0; i < n->nkids; i++) {
        fg_node *k = n->kids[i];
        if (k->kind != FG_N_HOLE || !k->a) continue;
        check_expr(c, k->a);
        if (is_err(k->a)) continue;
        if (!plain_value(c, k->a, "a {hole}")) continue;
        if (k->a->type->k == FG_TY_RECORD || k->a->type->k == FG_TY_REGEX) {
            cerr(c, k->a, "write one of its fields: {p.psn_no}", "a {hole} cannot show %s", tyname(k->a->type));
            continue;
        }
        if (k->text) {
            const char *f = k->text;
            int ok = f[0] == '.' && f[1] >= '0' && f[1] <= '9' && (f[2] == '\0' || (f[2] >= '0' && f[2] <= '9' && !f[3]));
            fg_tykind tk = k->a->type->k;
            if (!ok) {
                fg_node tmp = *k;
                tmp.off = k->opoff;
                tmp.span = k->opspan ? k->opspan : 1;
                cerr(c, &tmp, "the format gives decimals: {gap / 1d:.1}", "unknown format '%s'", f);
            } else if (tk != FG_TY_NUMBER && tk != FG_TY_PERCENT && tk != FG_TY_ANY) {
                cerr(c, k->a, "decimals apply to numbers; divide first: {gap / 1d:.1}", "a format with decimals needs a number, found %s",
                     tyname(k->a->type));
            }
        }
    }
    set_type(n, &fg_ty_text, 0);
}

static void check_expr_in(fg_checker *c, fg_node *n);

static void check_expr(fg_checker *c, fg_node *n)
{
    if (!n) return;     /* a part the parser could not read (reported) */
    if (c->depth >= FG_MAX_EXPR_DEPTH) {
        if (!c->gave_up) {
            c->gave_up = 1;
            cerr(c, n, "macros that use macros nest expressions; use let for the parts", "the rule nests too deeply");
        }
        set_type(n, &fg_ty_error, 0);
        return;
    }
    c->depth++;
    check_expr_in(c, n);
    c->depth--;
}

static void check_expr_in(fg_checker *c, fg_node *n)
{
    if (n->kind != FG_N_CALL) c->allow_entries = 0;
    if (++c->work > FG_MAX_WORK) {
        if (!c->gave_up) {
            c->gave_up = 1;
            cerr(c, n, "macros that use each other many times expand without end", "the rule expands too much");
        }
        set_type(n, &fg_ty_error, 0);
        return;
    }
    switch (n->kind) {
    case FG_N_INT: case FG_N_NUM: set_type(n, &fg_ty_number, 0); return;
    case FG_N_DURATION: set_type(n, &fg_ty_duration, 0); return;
    case FG_N_MONEY: set_type(n, &fg_ty_money, 0); return;
    case FG_N_PERCENT: set_type(n, &fg_ty_percent, 0); return;
    case FG_N_DATE: set_type(n, &fg_ty_date, 0); return;
    case FG_N_CLOCK: set_type(n, &fg_ty_clock, 0); return;
    case FG_N_BOOL: set_type(n, &fg_ty_bool, 0); return;
    case FG_N_STR: check_str(c, n); return;
    case FG_N_REGEX: {
        char err[200];
        size_t off = 0;
        fg_regex *re = fg_regex_compile(n->text, (size_t)n->ival, err, sizeof err, &off);
        if (!re) {
            cerr(c, n, "the pattern is PCRE2 syntax", "bad regex: %s (at offset %zu of the pattern)", err, off);
            set_type(n, &fg_ty_error, 0);
            return;
        }
        fg_regex_free(re);
        set_type(n, &fg_ty_regex, 0);
        return;
    }
    case FG_N_NONE:
        if (n->ival != -1) cerr(c, n, "none is only a parameter default: param lv3_from: date = none", "'none' is not a value here");
        set_type(n, &fg_ty_error, 0);
        return;
    case FG_N_LIST: {
        const fg_type *elem = NULL;
        int bad = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            fg_node *k = n->kids[i];
            check_expr(c, k);
            if (is_err(k) || !plain_value(c, k, "a list item")) {
                bad = 1;
                continue;
            }
            if (!elem) elem = k->type;
            else if (!fg_type_same(elem, k->type) && k->type->k != FG_TY_ANY) {
                cerr(c, k, "the items of a list have one type", "a list of %s cannot hold %s", tyname(elem), tyname(k->type));
                bad = 1;
            }
        }
        set_type(n, bad ? &fg_ty_error : fg_type_list_of(c->a, elem ? elem : &fg_ty_any), 0);
        return;
    }
    case FG_N_RECORD: {
        fg_rkind *rk = fg_arena_alloc(c->a, sizeof *rk);
        memset(rk, 0, sizeof *rk);
        rk->name = "{...}";
        for (size_t i = 0; i < n->nkids; i++) {
            fg_node *f = n->kids[i];
            check_expr(c, f->a);
            if (is_err(f->a) || !plain_value(c, f->a, "a record field")) continue;
            for (size_t j = 0; j < i; j++)
                if (!strcmp(n->kids[j]->name, f->name)) cerr(c, f, NULL, "field '%s' given twice", f->name);
            fg_tykind k = f->a->type->k;
            const fg_type *ft = (k == FG_TY_INSTANT || k == FG_TY_DATE || k == FG_TY_MONTH) ? &fg_ty_text : f->a->type;
            rk->fields = fg_ast_grow(c->a, rk->fields, rk->n, sizeof *rk->fields);
            fg_fdef *d = &rk->fields[rk->n++];
            memset(d, 0, sizeof *d);
            d->name = f->name;
            d->lua = f->name;
            d->type = ft;
            d->required = !f->a->nullable;
        }
        set_type(n, fg_type_record(c->a, rk), 0);
        return;
    }
    case FG_N_NAME: check_name(c, n); return;
    case FG_N_MEMBER: check_member(c, n); return;
    case FG_N_CALL: check_call(c, n); return;
    case FG_N_ARG:
        cerr(c, n, NULL, "a named argument outside a call");
        set_type(n, &fg_ty_error, 0);
        return;
    case FG_N_NEG:
        check_expr(c, n->a);
        if (!is_err(n->a) && !numeric_kind(n->a->type->k) && n->a->type->k != FG_TY_ANY) {
            cerr_op(c, n, NULL, "cannot negate %s", tyname(n->a->type));
            set_type(n, &fg_ty_error, 0);
            return;
        }
        set_type(n, n->a->type, n->a->nullable);
        return;
    case FG_N_NOT:
        check_expr(c, n->a);
        expect_type(c, n->a, FG_TY_BOOL, "'not'");
        set_type(n, &fg_ty_bool, 0);
        return;
    case FG_N_BINARY: check_binary(c, n); return;
    case FG_N_IN: {
        check_expr(c, n->a);
        check_expr(c, n->b);
        const fg_type *elem = list_elem_of(c, n->b);
        if (!is_err(n->a) && plain_value(c, n->a, "the value tested") && elem && elem->k != FG_TY_ANY &&
            n->a->type->k != FG_TY_ANY && !fg_type_same(elem, n->a->type))
            cerr_op(c, n, mix_hint(n->a->type, elem), "%s cannot be in a list of %s", tyname(n->a->type), tyname(elem));
        set_type(n, &fg_ty_bool, 0);
        return;
    }
    case FG_N_MATCH:
        check_expr(c, n->a);
        check_expr(c, n->b);
        if (!is_err(n->a) && n->a->type->k != FG_TY_TEXT && n->a->type->k != FG_TY_ANY) {
            if (n->a->type->k == FG_TY_LIST)
                cerr(c, n->a, "test the items: any(L where it matches R), or L where it matches R",
                     "'%s' tests one text, found a list", n->op ? "contains" : "matches");
            else
                cerr(c, n->a, NULL, "'%s' tests a text, found %s", n->op ? "contains" : "matches", tyname(n->a->type));
        }
        if (!is_err(n->b) && n->b->type->k != FG_TY_REGEX && n->b->type->k != FG_TY_ANY) {
            if (n->b->type->k == FG_TY_TEXT)
                cerr(c, n->b, "write the pattern between slashes: /^(Z51|Z49)/",
                     "'%s' needs a regex, found a string", n->op ? "contains" : "matches");
            else
                cerr(c, n->b, NULL, "'%s' needs a regex, found %s", n->op ? "contains" : "matches", tyname(n->b->type));
        }
        set_type(n, &fg_ty_bool, 0);
        return;
    case FG_N_BETWEEN:
        check_expr(c, n->a);
        check_expr(c, n->b);
        check_expr(c, n->c);
        if (!is_err(n->a) && !is_err(n->b) && !is_err(n->c)) {
            if (!comparable(n->a, n->b)) cerr_op(c, n, mix_hint(n->a->type, n->b->type), "cannot compare %s with %s",
                                                 tyname(n->a->type), tyname(n->b->type));
            else if (!comparable(n->a, n->c)) cerr_op(c, n, mix_hint(n->a->type, n->c->type), "cannot compare %s with %s",
                                                      tyname(n->a->type), tyname(n->c->type));
        }
        set_type(n, &fg_ty_bool, 0);
        return;
    case FG_N_IS:
        check_expr(c, n->a);
        if (!is_err(n->a) && n->op == FG_IS_EMPTY && n->a->type->k != FG_TY_LIST && n->a->type->k != FG_TY_TEXT &&
            n->a->type->k != FG_TY_ANY)
            cerr(c, n->a, "'is empty' tests a list or a text; use 'is absent' for other values", "%s cannot be empty",
                 tyname(n->a->type));
        else if (!is_err(n->a) && n->a->type->k == FG_TY_STORE)
            cerr(c, n->a, NULL, "a store is always present");
        set_type(n, &fg_ty_bool, 0);
        return;
    case FG_N_IF: {
        check_expr(c, n->a);
        expect_type(c, n->a, FG_TY_BOOL, "the condition");
        fg_sym *mark = c->scope;
        add_facts(c, n->a, 1);
        check_expr(c, n->b);
        c->scope = mark;
        add_facts(c, n->a, 0);
        check_expr(c, n->c);
        c->scope = mark;
        if (is_err(n->b) || is_err(n->c)) {
            set_type(n, &fg_ty_error, 0);
            return;
        }
        plain_value(c, n->b, "a conditional value");
        plain_value(c, n->c, "a conditional value");
        if (!fg_type_same(n->b->type, n->c->type) && n->b->type->k != FG_TY_ANY && n->c->type->k != FG_TY_ANY &&
            !(n->b->type->k == FG_TY_SEVERITY && n->c->type->k == FG_TY_SEVERITY)) {
            cerr(c, n->c, mix_hint(n->b->type, n->c->type), "the two values of 'if' differ: %s and %s",
                 tyname(n->b->type), tyname(n->c->type));
            set_type(n, &fg_ty_error, 0);
            return;
        }
        set_type(n, n->b->type, n->b->nullable || n->c->nullable);
        return;
    }
    case FG_N_OTHERWISE:
        check_expr(c, n->a);
        check_expr(c, n->b);
        if (is_err(n->a) || is_err(n->b)) {
            set_type(n, &fg_ty_error, 0);
            return;
        }
        plain_value(c, n->a, "a value");
        plain_value(c, n->b, "a value");
        if (!n->a->nullable)
            cerr_op(c, n, "'otherwise' gives a value for when the left side is absent, and it never is", "'otherwise' is never used");
        else if (!fg_type_same(n->a->type, n->b->type) && n->a->type->k != FG_TY_ANY && !is_zero_lit(n->b)) {
            cerr_op(c, n, mix_hint(n->a->type, n->b->type), "'otherwise' gives %s for %s", tyname(n->b->type),
                    tyname(n->a->type));
            set_type(n, &fg_ty_error, 0);
            return;
        }
        set_type(n, n->a->type, n->b->nullable);
        return;
    case FG_N_BIND:
        return;     /* made by a macro expansion, already checked */
    case FG_N_WHERE: {
        check_expr(c, n->a);
        const fg_type *elem = list_elem_of(c, n->a);
        fg_sym *mark = c->scope;
        sym_add(c, FG_SYM_IT, "it", elem ? elem : &fg_ty_error, 0, n);
        check_expr(c, n->b);
        expect_type(c, n->b, FG_TY_BOOL, "'where'");
        c->scope = mark;
        set_type(n, elem ? n->a->type : &fg_ty_error, 0);
        return;
    }
    default:
        cerr(c, n, NULL, "not a value");
        set_type(n, &fg_ty_error, 0);
        return;
    }
}

/* ---- statements ---- */

static int ends_flow(const fg_node *s)
{
    return s->kind == FG_S_ALERT || s->kind == FG_S_STOP;
}

static void check_alert(fg_checker *c, fg_node *s)
{
    check_expr(c, s->a);
    if (!is_err(s->a) && s->a->type->k != FG_TY_TEXT)
        cerr(c, s->a, "write the message as a string: alert \"参保人{e.psn_no}...\"", "the alert message must be a string");
    if (s->b) {
        check_expr(c, s->b);
        if (!is_err(s->b) && s->b->type->k != FG_TY_MONEY && s->b->type->k != FG_TY_ANY)
            cerr(c, s->b, mix_hint(s->b->type, &fg_ty_money), "the amount must be money, found %s", tyname(s->b->type));
    }
    if (s->c && s->c->kind == FG_N_NAME &&
        (!strcmp(s->c->name, "high") || !strcmp(s->c->name, "medium") || !strcmp(s->c->name, "low"))) {
        set_type(s->c, &fg_ty_severity, 0);   /* a severity word, even where a parameter has that name */
    } else if (s->c) {
        check_expr(c, s->c);
        if (!is_err(s->c) && s->c->type->k != FG_TY_SEVERITY && s->c->type->k != FG_TY_TEXT)
            cerr(c, s->c, "severity high, medium or low (or a text holding one)", "the severity must be high, medium or low");
    }
    for (size_t i = 0; i < s->nkids; i++) {
        fg_node *f = s->kids[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->kids[j]->name, f->name)) cerr(c, f, NULL, "evidence '%s' given twice", f->name);
        check_expr(c, f->a);
        if (!is_err(f->a)) plain_value(c, f->a, "evidence");
        if (!is_err(f->a) && f->a->type->k == FG_TY_REGEX)
            cerr(c, f->a, NULL, "evidence cannot be a regex");
    }
}

static void check_stmt(fg_checker *c, fg_node *s, fg_node *blk)
{
    /* statements the parser could only read in part were reported */
    if ((s->kind == FG_S_LET || s->kind == FG_S_SET || s->kind == FG_S_FOR) && (!s->name || !s->a)) return;
    if ((s->kind == FG_S_FOR && !s->c) || (s->kind == FG_S_WHEN && !s->a) || (s->kind == FG_S_ALERT && !s->a)) return;
    switch (s->kind) {
    case FG_S_LET: {
        check_expr(c, s->a);
        fg_sym *prev = sym_find(c, s->name);
        if (prev && prev->kind != FG_SYM_PARAM && prev->kind != FG_SYM_LIST && prev->kind != FG_SYM_STORE) {
            fg_node tmp = *s;
            tmp.off = s->opoff;
            tmp.span = s->opspan;
            cerr(c, &tmp, "give it another name, or change it with: set NAME = VALUE", "'%s' is already declared", s->name);
        } else if (prev) {
            fg_node tmp = *s;
            tmp.off = s->opoff;
            tmp.span = s->opspan;
            cerr(c, &tmp, "give the value another name", "'%s' is already the name of a %s", s->name,
                 prev->kind == FG_SYM_PARAM ? "parameter" : prev->kind == FG_SYM_LIST ? "list" : "store");
        } else if (macro_find(c, s->name)) {
            fg_node tmp = *s;
            tmp.off = s->opoff;
            tmp.span = s->opspan;
            cerr(c, &tmp, "give the value another name", "'%s' is the name of a macro", s->name);
        }
        const fg_type *t = s->a->type;
        if (!is_err(s->a)) {
            if (t->k == FG_TY_ENTRY && s->a->kind != FG_N_CALL) {
                cerr(c, s->a, "read its fields instead: let t = last.at", "an entry cannot be copied to another name");
                t = &fg_ty_error;
            } else if (t->k != FG_TY_ENTRY && !plain_value(c, s->a, "a let")) {
                t = &fg_ty_error;
            } else if (t->k == FG_TY_SEVERITY) {
                t = &fg_ty_text;
            }
        }
        fg_sym *sy = sym_add(c, FG_SYM_LET, s->name, t, s->a->nullable, s);
        s->sym = sy;
        return;
    }
    case FG_S_SET: {
        check_expr(c, s->a);
        fg_sym *sy = sym_find(c, s->name);
        fg_node tmp = *s;
        tmp.off = s->opoff;
        tmp.span = s->opspan;
        if (!sy) {
            cerr(c, &tmp, "declare it first with let", "unknown name '%s'", s->name);
            return;
        }
        if (sy->kind != FG_SYM_LET) {
            cerr(c, &tmp, NULL, "only names declared with let can be changed ('%s' is not)", s->name);
            return;
        }
        if (sy->type->k == FG_TY_ENTRY) {
            cerr(c, &tmp, NULL, "an entry cannot be changed");
            return;
        }
        s->sym = sy;
        sy->assigned = 1;
        if (!is_err(s->a) && !is_err(&(fg_node){.type = sy->type}) && plain_value(c, s->a, "a value") &&
            !fg_type_same(sy->type, s->a->type) && !(sy->type->k == FG_TY_LIST && sy->type->elem->k == FG_TY_ANY &&
                                                      s->a->type->k == FG_TY_LIST) &&
            s->a->type->k != FG_TY_ANY && !is_zero_lit(s->a))
            cerr(c, s->a, mix_hint(sy->type, s->a->type), "'%s' holds %s, given %s", s->name, tyname(sy->type),
                 tyname(s->a->type));
        if (s->a->nullable) sy->nullable = 1;
        return;
    }
    case FG_S_WHEN:
        check_expr(c, s->a);
        expect_type(c, s->a, FG_TY_BOOL, s->neg ? "'unless'" : "'when'");
        add_facts(c, s->a, !s->neg);
        return;
    case FG_S_IF: {
        fg_sym *mark = c->scope;
        size_t i = 0;
        for (; i + 1 < s->nkids; i += 2) {
            check_expr(c, s->kids[i]);
            expect_type(c, s->kids[i], FG_TY_BOOL, "the condition");
            fg_sym *m2 = c->scope;
            add_facts(c, s->kids[i], 1);
            check_block(c, s->kids[i + 1]);
            c->scope = m2;
            add_facts(c, s->kids[i], 0);   /* the later branches know this one failed */
        }
        if (s->a) check_block(c, s->a);
        c->scope = mark;
        return;
    }
    case FG_S_FOR: {
        c->allow_entries = 1;
        check_expr(c, s->a);
        c->allow_entries = 0;
        const fg_type *elem = list_elem_of(c, s->a);
        fg_sym *mark = c->scope;
        fg_sym *prev = sym_find(c, s->name);
        if (prev && prev->kind != FG_SYM_PARAM && prev->kind != FG_SYM_LIST && prev->kind != FG_SYM_STORE) {
            fg_node tmp = *s;
            tmp.off = s->opoff;
            tmp.span = s->opspan;
            cerr(c, &tmp, "give the loop variable another name", "'%s' is already declared", s->name);
        }
        fg_sym *sy = sym_add(c, FG_SYM_LOOP, s->name, elem ? elem : &fg_ty_error, 0, s);
        s->sym = sy;
        if (s->b) {
            check_expr(c, s->b);
            expect_type(c, s->b, FG_TY_BOOL, "'where'");
            add_facts(c, s->b, 1);
        }
        check_block(c, s->c);
        c->scope = mark;
        return;
    }
    case FG_S_APPEND: {
        check_expr(c, s->a);
        fg_sym *sy = s->name ? sym_find(c, s->name) : NULL;
        fg_node tmp = *s;
        tmp.off = s->opoff;
        tmp.span = s->opspan;
        if (!s->name) return;
        if (!sy) {
            cerr(c, &tmp, "declare it first: let NAME = []", "unknown name '%s'", s->name);
            return;
        }
        if (sy->kind != FG_SYM_LET || sy->type->k != FG_TY_LIST) {
            cerr(c, &tmp, "declare a list first: let NAME = []", "'%s' is not a list declared with let", s->name);
            return;
        }
        s->sym = sy;
        sy->assigned = 1;
        if (is_err(s->a) || !plain_value(c, s->a, "a list item")) return;
        if (sy->type->elem->k == FG_TY_ANY) {
            sy->type = fg_type_list_of(c->a, s->a->type);
            if (sy->decl && sy->decl->a) sy->decl->a->type = sy->type;
        } else if (!fg_type_same(sy->type->elem, s->a->type) && s->a->type->k != FG_TY_ANY) {
            cerr(c, s->a, NULL, "'%s' is a list of %s, given %s", s->name, tyname(sy->type->elem), tyname(s->a->type));
        }
        return;
    }
    case FG_S_ALERT: check_alert(c, s); return;
    case FG_S_STOP: return;
    case FG_S_EXPR:
        if (!s->a) return;
        if (s->a->kind != FG_N_CALL) {
            check_expr(c, s->a);
            cerr(c, s->a, "a statement is let, when, if, for, append, alert, stop, or a call like codes.release(code)",
                 "this value is computed and then not used");
            return;
        }
        check_expr(c, s->a);
        return;
    default:
        (void)blk;
        return;
    }
}

static void check_block(fg_checker *c, fg_node *blk)
{
    fg_sym *mark = c->scope;
    for (size_t i = 0; i < blk->nkids; i++) {
        fg_node *s = blk->kids[i];
        if (i > 0 && ends_flow(blk->kids[i - 1])) {
            cerr(c, s, "an alert or stop ends the rule for this event; move this statement above it",
                 "this statement is never reached");
            break;
        }
        check_stmt(c, s, blk);
    }
    c->scope = mark;
}

/* ---- declarations ---- */

static int valid_id(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

static void check_header(fg_checker *c)
{
    fg_program *g = c->prog;
    if (g->is_library) {
        if (g->nhandlers || g->nparams || g->nstores) {
            fg_node *at = g->nhandlers ? g->handlers[0].at : g->nparams ? g->params[0].at : g->stores[0].at;
            cerr(c, at, "start the file with: rule ID \"中文名称\" (a file without one is a library of lists and macros)",
                 "this file has no 'rule' header");
        }
        return;
    }
    fg_node *at = g->header_at;
    if (g->id && !valid_id(g->id))
        cerr(c, at, "rule ids use a-z, 0-9 and _, starting with a letter", "bad rule id '%s'", g->id);
    if (!g->id || !g->title) return;    /* the parser reported it */
    if (!g->basis) cerr(c, at, "add the policy clause: basis \"使用医疗保障基金行为负面清单（2025年）一(6)\"", "the rule has no basis");
    if (g->severity < 0) cerr(c, at, "add: severity high (or medium, low)", "the rule has no severity");
    if (!g->nhandlers) cerr(c, at, "add a section: on admission as a ... (the events the rule listens to)", "the rule listens to no event");
}

static void check_params(fg_checker *c)
{
    fg_program *g = c->prog;
    for (size_t i = 0; i < g->nparams; i++) {
        fg_param *p = &g->params[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(g->params[j].name, p->name)) cerr(c, p->at, NULL, "parameter '%s' is declared twice", p->name);
        /* a date parameter may be set to none */
        fg_sym *s = sym_add(c, FG_SYM_PARAM, p->name, fg_type_of_ptype(p->ptype), p->ptype == FG_P_DATE, p->at);
        s->ref = p;
    }
}

static void add_lists(fg_checker *c, fg_program *g)
{
    for (size_t i = 0; i < g->nlists; i++) {
        fg_listdecl *l = &g->lists[i];
        if (list_find(c, l->name)) {
            cerr(c, l->at, NULL, "list '%s' is declared twice", l->name);
            continue;
        }
        check_expr(c, l->value);
        for (size_t k = 0; k < l->value->nkids; k++) {
            fg_nkind nk = l->value->kids[k]->kind;
            if (nk != FG_N_STR && nk != FG_N_INT && nk != FG_N_NUM && nk != FG_N_MONEY && nk != FG_N_DATE &&
                nk != FG_N_DURATION)
                cerr(c, l->value->kids[k], "a named list holds constants", "a list item must be written out");
            else if (nk == FG_N_STR && !l->value->kids[k]->text)
                cerr(c, l->value->kids[k], "a named list holds constants", "a list item cannot hold {holes}");
        }
        c->lists = fg_ast_grow(c->a, c->lists, c->nlists, sizeof *c->lists);
        c->lists[c->nlists++] = l;
        fg_sym *s = sym_add(c, FG_SYM_LIST, l->name, is_err(l->value) ? &fg_ty_error : l->value->type, 0, l->at);
        s->ref = l;
        s->lua = l->name;
    }
}

static void check_macros_declared(fg_checker *c, fg_program *g)
{
    for (size_t i = 0; i < g->nmacros; i++) {
        fg_macro *m = &g->macros[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(g->macros[j].name, m->name)) cerr(c, m->at, NULL, "macro '%s' is declared twice", m->name);
        if (fg_builtin_lookup(m->name) >= 0)
            cerr(c, m->at, "give the macro another name", "'%s' is the name of a function", m->name);
        for (size_t a = 0; a < m->nparams; a++)
            for (size_t b = 0; b < a; b++)
                if (!strcmp(m->params[a], m->params[b]))
                    cerr(c, m->at, NULL, "macro '%s' names its argument '%s' twice", m->name, m->params[a]);
    }
}

static void check_stores(fg_checker *c)
{
    fg_program *g = c->prog;
    for (size_t i = 0; i < g->nstores; i++) {
        fg_store *s = &g->stores[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(g->stores[j].name, s->name)) cerr(c, s->at, NULL, "store '%s' is declared twice", s->name);
        if (!s->storename) {
            size_t a = g->id ? strlen(g->id) : 0, b = strlen(s->name);
            char *n = fg_arena_alloc(c->a, a + b + 2);
            if (a) memcpy(n, g->id, a);
            n[a] = '.';
            memcpy(n + a + 1, s->name, b + 1);
            s->storename = g->id ? n : s->name;
        }
        /* slots: kv a b (numbers) s (text); window n (number) s (text) */
        int nnum = 0, ntext = 0;
        memset(&s->entry, 0, sizeof s->entry);
        s->entry.name = s->name;
        if (s->kind == FG_STORE_TRACECODES) {
            if (s->nslots) cerr(c, s->slots[0].at, "a trace code entry has at: and institution:", "a tracecodes store has no slots");
            static fg_fdef tf[2];
            tf[0] = (fg_fdef){"at", "1", &fg_ty_instant, 1, 0};
            tf[1] = (fg_fdef){"institution", "2", &fg_ty_text, 0, 0};
            s->entry.fields = tf;
            s->entry.n = 2;
        } else {
            if (s->kind == FG_STORE_WINDOW) {
                s->entry.fields = fg_ast_grow(c->a, s->entry.fields, s->entry.n, sizeof *s->entry.fields);
                s->entry.fields[s->entry.n++] = (fg_fdef){"at", "1", &fg_ty_instant, 1, 0};
            }
            for (size_t k = 0; k < s->nslots; k++) {
                fg_slot *sl = &s->slots[k];
                for (size_t j = 0; j < k; j++)
                    if (!strcmp(s->slots[j].name, sl->name)) cerr(c, sl->at, NULL, "slot '%s' is declared twice", sl->name);
                if (!strcmp(sl->name, "at") && s->kind == FG_STORE_WINDOW)
                    cerr(c, sl->at, "a window entry has its instant as 'at' already", "slot 'at' is reserved");
                static const char *const argnames[] = {"until", "by", "within", "from", "to", "institution", NULL};
                for (int q = 0; argnames[q]; q++)
                    if (!strcmp(sl->name, argnames[q]))
                        cerr(c, sl->at, "until:, by:, within:, from:, to: and institution: are arguments of the store's methods",
                             "a slot cannot be named '%s'", sl->name);
                fg_tykind tk = sl->type->k;
                if (tk == FG_TY_TEXT) {
                    sl->index = 2;
                    if (++ntext > 1) cerr(c, sl->at, "a store entry holds one text", "a second text slot");
                } else if (tk == FG_TY_NUMBER || tk == FG_TY_MONEY || tk == FG_TY_DURATION || tk == FG_TY_INSTANT ||
                           tk == FG_TY_DATE || tk == FG_TY_MONTH || tk == FG_TY_CLOCK || tk == FG_TY_BOOL) {
                    sl->index = s->kind == FG_STORE_KV ? nnum : 1;
                    nnum++;
                    if (nnum > (s->kind == FG_STORE_KV ? 2 : 1))
                        cerr(c, sl->at, s->kind == FG_STORE_KV ? "a kv entry holds two whole numbers and one text"
                                                              : "a window entry holds its instant, one whole number and one text",
                             "too many number slots");
                    if (tk == FG_TY_BOOL) cerr(c, sl->at, "store a flag as a number: 1 or 0", "a slot cannot hold a bool");
                } else {
                    cerr(c, sl->at, "slots hold numbers, money, durations, instants, dates, months or one string",
                         "a slot cannot hold %s", tyname(sl->type));
                }
                char *lua = fg_arena_alloc(c->a, 2);
                lua[0] = (char)('1' + sl->index);
                lua[1] = '\0';
                s->entry.fields = fg_ast_grow(c->a, s->entry.fields, s->entry.n, sizeof *s->entry.fields);
                /* numbers come back as 0 when not set; a text may be absent */
                s->entry.fields[s->entry.n++] = (fg_fdef){sl->name, lua, sl->type, tk != FG_TY_TEXT, 0};
            }
        }
        if (s->kind == FG_STORE_KV && s->keep)
            cerr(c, s->keep, "kv entries expire one by one: give until: to put, add and once", "a kv store has no retention");
        if (s->kind != FG_STORE_KV && !s->keep)
            cerr(c, s->at, "write: store admissions = window keep 365d + 1d", "a %s store needs a retention: keep DURATION",
                 s->kind == FG_STORE_WINDOW ? "window" : "tracecodes");
        if (s->keep) {
            c->in_keep = 1;
            int before = c->errors;
            fg_sym *mark = c->scope;
            check_expr(c, s->keep);
            c->scope = mark;
            c->in_keep = 0;
            if (c->errors == before && !is_err(s->keep)) expect_type(c, s->keep, FG_TY_DURATION, "the retention");
        }
        fg_type *st = fg_arena_alloc(c->a, sizeof *st);
        memset(st, 0, sizeof *st);
        st->k = FG_TY_STORE;
        st->store = s;
        fg_sym *sy = sym_add(c, FG_SYM_STORE, s->name, st, 0, s->at);
        sy->ref = s;
    }
}

static int is_custom_type(fg_checker *c, const char *t)
{
    for (size_t i = 0; i < c->prog->nfields; i++)
        if (c->prog->fields[i].evtype && !strcmp(c->prog->fields[i].evtype, t)) return 1;
    for (size_t l = 0; l < c->nlibs; l++)
        for (size_t i = 0; i < c->libs[l]->nfields; i++)
            if (c->libs[l]->fields[i].evtype && !strcmp(c->libs[l]->fields[i].evtype, t)) return 1;
    return 0;
}

static const char *evtype_suggest(const char *t)
{
    static const char *const names[] = {"person", "institution", "registration", "admission", "discharge", "fee",
                                        "settlement", "sale", "purchase", "stock", "review", "alerts", NULL};
    const char *best = NULL;
    int bd = 3;
    for (int i = 0; names[i]; i++) {
        int dd = fg_edit_distance(names[i], t);
        if (dd < bd) {
            bd = dd;
            best = names[i];
        }
    }
    return best;
}

static void check_handlers(fg_checker *c)
{
    fg_program *g = c->prog;
    /* every custom field, the rule's and its libraries' */
    fg_customfield *cf = NULL;
    size_t ncf = 0;
    for (size_t l = 0; l <= c->nlibs; l++) {
        fg_program *src = l < c->nlibs ? c->libs[l] : g;
        for (size_t i = 0; i < src->nfields; i++) {
            fg_customfield *f = &src->fields[i];
            if (f->evtype && fg_evtype_lookup(f->evtype, strlen(f->evtype)) == FG_EV_UNKNOWN &&
                (!strcmp(f->evtype, "alerts")))
                cerr(c, f->at, NULL, "'alerts' is not an event type with fields");
            if (fg_field_lookup(f->name, strlen(f->name)) >= 0 || !strcmp(f->name, "time") || !strcmp(f->name, "id") ||
                !strcmp(f->name, "type") || !strcmp(f->name, "date") || !strcmp(f->name, "month") ||
                !strcmp(f->name, "year"))
                cerr(c, f->at, "custom fields are for names outside spec/EVENTS.md", "'%s' is already a known field",
                     f->name);
            cf = fg_ast_grow(c->a, cf, ncf, sizeof *cf);
            cf[ncf++] = *f;
        }
    }
    for (size_t i = 0; i < g->nhandlers; i++) {
        fg_handler *h = &g->handlers[i];
        uint32_t mask = 0;
        const char **custom = NULL;
        size_t ncustom = 0;
        int unknown = 0;
        for (size_t k = 0; k < h->ntypes; k++) {
            const char *t = h->types[k];
            for (size_t j = 0; j < i; j++)
                for (size_t q = 0; q < g->handlers[j].ntypes; q++)
                    if (!strcmp(g->handlers[j].types[q], t))
                        cerr(c, h->type_at[k], "an event type is handled by one 'on' section", "'%s' is handled above already", t);
            for (size_t q = 0; q < k; q++)
                if (!strcmp(h->types[q], t)) cerr(c, h->type_at[k], NULL, "'%s' is listed twice", t);
            if (!strcmp(t, "alerts")) {
                h->alerts = 1;
                if (h->ntypes > 1) cerr(c, h->type_at[k], "write a separate section: on alerts as e", "'alerts' is handled alone");
                continue;
            }
            fg_evtype et = fg_evtype_lookup(t, strlen(t));
            if (et != FG_EV_UNKNOWN) {
                mask |= 1u << et;
            } else if (is_custom_type(c, t)) {
                custom = fg_ast_grow(c->a, custom, ncustom, sizeof *custom);
                custom[ncustom++] = t;
            } else {
                const char *sug = evtype_suggest(t);
                char hint[300];
                snprintf(hint, sizeof hint, "%s%s%sevent types: person institution registration admission discharge fee settlement "
                         "sale purchase stock review, and alerts; another type needs a field declaration (field %s.NAME: TYPE)",
                         sug ? "did you mean '" : "", sug ? sug : "", sug ? "'? " : "", t);
                cerr(c, h->type_at[k], hint, "unknown event type '%s'", t);
                unknown = 1;    /* reported: its fields are not checked */
            }
        }
        fg_schema_event(c->a, &h->ev, mask, custom, ncustom, cf, ncf, h->alerts || unknown);
        if (h->alerts) h->ev.name = "any";
        else {
            size_t nl = 0;
            for (size_t k = 0; k < h->ntypes; k++) nl += strlen(h->types[k]) + 1;
            char *nm = fg_arena_alloc(c->a, nl + 1);
            nm[0] = '\0';
            for (size_t k = 0; k < h->ntypes; k++) {
                if (k) strcat(nm, "/");
                strcat(nm, h->types[k]);
            }
            h->ev.name = nm;
        }
        fg_sym *mark = c->scope;
        c->h = h;
        fg_type *et = fg_arena_alloc(c->a, sizeof *et);
        memset(et, 0, sizeof *et);
        et->k = FG_TY_EVENT;
        et->rec = &h->ev;
        fg_sym *prev = sym_find(c, h->bind);
        if (prev) cerr(c, h->at, "name the event differently: on fee as line", "'%s' is already the name of a %s", h->bind,
                       prev->kind == FG_SYM_PARAM ? "parameter" : prev->kind == FG_SYM_LIST ? "list" : "store");
        fg_sym *ev = sym_add(c, FG_SYM_EVENT, h->bind, et, 0, h->at);
        ev->ref = h;
        if (h->alerts) {
            fg_sym *al = sym_add(c, FG_SYM_ALERTS, "alerts",
                                 fg_type_list_of(c->a, fg_type_record(c->a, fg_schema_record(FG_REC_ALERT))), 0, h->at);
            al->lua = "alerts";
            al->ref = h;
        }
        check_block(c, h->body);
        c->scope = mark;
        c->h = NULL;
    }
}

int fg_check_program(fg_program *prog, fg_program **libs, size_t nlibs, fg_arena *a, fg_diag *d, fg_checked *out)
{
    fg_checker c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.d = d;
    c.prog = prog;
    c.libs = libs;
    c.nlibs = nlibs;
    check_header(&c);
    for (size_t l = 0; l < nlibs; l++) {
        add_lists(&c, libs[l]);
        check_macros_declared(&c, libs[l]);
    }
    add_lists(&c, prog);
    check_macros_declared(&c, prog);
    check_params(&c);
    check_stores(&c);
    check_handlers(&c);
    if (prog->is_library) {
        /* check each macro body once without arguments bound: names must at least exist */
        (void)0;
    }
    out->prog = prog;
    out->lists = c.lists;
    out->nlists = c.nlists;
    return c.errors;
}
