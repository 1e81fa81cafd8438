/* fg_ast — the syntax tree of a .rule file, and the types the checker
 * gives its expressions.
 *
 * The parser (fg_parse) builds the tree, the checker (fg_check) resolves
 * names, expands macros and fills `type`, `nullable` and `sym` of every
 * expression, and the generator (fg_gen) walks the checked tree.  All of it
 * lives in one arena per compilation: nothing is freed piecemeal. */
#ifndef FG_AST_H
#define FG_AST_H
#include "fg_arena.h"
#include <stddef.h>
#include <stdint.h>

/* A source file taking part in a compilation (the rule and what it uses). */
typedef struct fg_src {
    const char *path;
    const char *text;
    size_t len;
} fg_src;

/* ---- types ---- */
typedef enum {
    FG_TY_ERROR,    /* already reported: accepted everywhere, no further errors */
    FG_TY_BOOL,
    FG_TY_NUMBER,   /* counts, quantities, ratios */
    FG_TY_MONEY,    /* integer fen */
    FG_TY_DURATION, /* seconds */
    FG_TY_INSTANT,  /* seconds since the epoch */
    FG_TY_DATE,     /* CST day number */
    FG_TY_MONTH,    /* year*12 + month-1 */
    FG_TY_CLOCK,    /* second of the day */
    FG_TY_PERCENT,  /* 60 for 60% */
    FG_TY_TEXT,
    FG_TY_REGEX,
    FG_TY_LIST,     /* elem */
    FG_TY_RECORD,   /* rec: registry rows, catalog rows, alerts, {literals} */
    FG_TY_ENTRY,    /* an entry of a store (multiple values in the Lua) */
    FG_TY_EVENT,    /* the bound event */
    FG_TY_STORE,
    FG_TY_SEVERITY, /* high medium low */
    FG_TY_VOID,     /* a call used for its effect */
    FG_TY_ANY,      /* a custom field declared without a type */
} fg_tykind;

struct fg_rkind;
struct fg_store;

typedef struct fg_type {
    fg_tykind k;
    const struct fg_type *elem;     /* FG_TY_LIST */
    const struct fg_rkind *rec;     /* FG_TY_RECORD, FG_TY_EVENT */
    struct fg_store *store;         /* FG_TY_ENTRY, FG_TY_STORE */
} fg_type;

/* ---- records: the fields a record or event has ---- */
typedef struct fg_fdef {
    const char *name;
    const char *lua;        /* key in the Lua view (host keys: "_t", "_start" ...) */
    const fg_type *type;
    int required;           /* never absent */
    int date_text;          /* a date held as "YYYY-MM-DD" text in the view */
} fg_fdef;

typedef struct fg_rkind {
    const char *name;       /* "person", "fee|sale", "drug", ... for messages */
    fg_fdef *fields;
    size_t n;
    uint32_t evmask;        /* events: bit per known event type */
} fg_rkind;

/* ---- tree ---- */
typedef enum {
    /* literals */
    FG_N_INT, FG_N_NUM, FG_N_DURATION, FG_N_MONEY, FG_N_PERCENT, FG_N_DATE, FG_N_CLOCK,
    FG_N_STR,       /* kids: parts (FG_N_TEXT pieces and holes); text when plain */
    FG_N_TEXT,      /* a literal piece of a string (text, ival = length) */
    FG_N_HOLE,      /* {a} or {a:.1}: a = expression, text = format or NULL */
    FG_N_REGEX, FG_N_BOOL, FG_N_NONE, FG_N_LIST, FG_N_RECORD,
    /* names and access */
    FG_N_NAME, FG_N_MEMBER, FG_N_CALL, FG_N_ARG,
    /* operators */
    FG_N_NEG, FG_N_NOT, FG_N_BINARY, FG_N_IN, FG_N_MATCH, FG_N_BETWEEN, FG_N_IS,
    FG_N_IF, FG_N_OTHERWISE, FG_N_WHERE,
    FG_N_BIND,      /* a macro argument evaluated once: sym = a, then b */
    /* statements */
    FG_S_LET, FG_S_SET, FG_S_WHEN, FG_S_IF, FG_S_FOR, FG_S_APPEND, FG_S_ALERT, FG_S_STOP,
    FG_S_EXPR, FG_S_BLOCK,
} fg_nkind;

typedef enum {
    FG_OP_ADD, FG_OP_SUB, FG_OP_MUL, FG_OP_DIV, FG_OP_AND, FG_OP_OR,
    FG_OP_EQ, FG_OP_NE, FG_OP_LT, FG_OP_LE, FG_OP_GT, FG_OP_GE,
} fg_op;

enum { FG_IS_PRESENT, FG_IS_ABSENT, FG_IS_EMPTY };

typedef struct fg_node fg_node;
struct fg_node {
    fg_nkind kind;
    int op;                 /* fg_op; FG_IS_*; FG_N_MATCH: 1 = contains */
    int neg;                /* "not in", "is not", unless */
    const fg_src *src;
    size_t off, span;       /* bytes in src->text */
    size_t opoff, opspan;   /* operators: the operator itself */
    uint32_t line;
    const char *name;       /* names, members, argument names, let/for names */
    const char *text;       /* strings, regex patterns, formats */
    int64_t ival;
    double dval;
    fg_node *a, *b, *c;
    fg_node **kids;         /* call args, list items, record fields, block, elif parts */
    size_t nkids;
    /* checker results */
    const fg_type *type;
    int nullable;           /* may be absent at run time */
    void *sym;              /* what a name or call refers to */
    int builtin;            /* FG_N_CALL: which builtin or method */
};

/* ---- declarations ---- */
typedef struct fg_param {
    const char *name;
    int ptype;              /* fg_ptype */
    const char *deflt;      /* text for the runtime (fg_params syntax) */
    const char *doc;
    fg_node *at;            /* the declaration (for messages) */
    int used;
} fg_param;

typedef struct fg_listdecl {
    const char *name;
    fg_node *value;         /* FG_N_LIST */
    fg_node *at;
    int used;
} fg_listdecl;

typedef struct fg_macro {
    const char *name;
    const char **params;
    size_t nparams;
    fg_node *body;
    fg_node *at;
    int expanding;          /* recursion guard */
} fg_macro;

typedef struct fg_customfield {
    const char *evtype;     /* NULL: any event type */
    const char *name;
    const fg_type *type;
    fg_node *at;
} fg_customfield;

enum { FG_STORE_KV, FG_STORE_WINDOW, FG_STORE_TRACECODES };

typedef struct fg_slot {
    const char *name;
    const fg_type *type;
    int index;              /* kv: 0 a, 1 b, 2 s; window: 1 n, 2 s */
    fg_node *at;
} fg_slot;

typedef struct fg_store {
    const char *name;
    int kind;
    const char *storename;  /* host name; default RULE.NAME */
    fg_node *keep;          /* retention (window, tracecodes) */
    fg_slot *slots;
    size_t nslots;
    fg_node *at;
    int keep_uses_params;
    fg_rkind entry;         /* fields of an entry */
} fg_store;

typedef struct fg_handler {
    const char **types;
    fg_node **type_at;
    size_t ntypes;
    const char *bind;       /* name of the event in the body */
    fg_node *body;          /* FG_S_... block: kids */
    fg_node *at;
    int alerts;             /* "on alerts" */
    fg_rkind ev;            /* fields the bound event has */
} fg_handler;

typedef struct fg_program {
    const fg_src *src;      /* the rule file */
    /* header */
    const char *id, *title, *basis, *description;
    int severity;           /* FG_SEV_*, -1 when not given */
    const char **tags;
    size_t ntags;
    fg_node *header_at;
    /* items, in source order per kind */
    fg_param *params; size_t nparams;
    fg_listdecl *lists; size_t nlists;
    fg_macro *macros; size_t nmacros;
    fg_customfield *fields; size_t nfields;
    fg_store *stores; size_t nstores;
    fg_handler *handlers; size_t nhandlers;
    fg_node **uses; size_t nuses;   /* FG_N_STR nodes */
    int is_library;         /* no rule header */
} fg_program;

/* Growable arrays in an arena (old storage is abandoned, not freed). */
void *fg_ast_grow(fg_arena *a, void *v, size_t n, size_t size);
fg_node *fg_node_new(fg_arena *a, fg_nkind k, const fg_src *src, size_t off, size_t span,
                     uint32_t line);
void fg_node_push(fg_arena *a, fg_node *parent, fg_node *kid);

#endif
