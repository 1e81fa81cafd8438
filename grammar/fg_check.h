/* fg_check — the checker of the rule language: everything that can be
 * known about a .rule file before it runs.
 *
 * It resolves every name (lets, parameters, lists, stores, macros, the
 * event, builtins), expands macros in place, checks every field against
 * the event types the handler listens to (spec/EVENTS.md, plus declared
 * custom fields) and every registry or catalog field against its record,
 * and gives each expression a type (money is not a count, a regex is not a
 * string) and a nullability: whether it may be absent at run time.
 * Conditions refine nullability ("when x is present" makes x present for
 * the statements after it), which lets the generator drop guards.
 *
 * Every error is reported, each once, at the offending text. */
#ifndef FG_CHECK_H
#define FG_CHECK_H
#include "fg_ast.h"
#include "fg_diag.h"

typedef enum {
    FG_SYM_LET,         /* let (and set) */
    FG_SYM_LOOP,        /* for each NAME */
    FG_SYM_IT,          /* `it` of a where filter */
    FG_SYM_EVENT,       /* the event bound by on ... as NAME */
    FG_SYM_ALERTS,      /* the alerts of other rules (on alerts) */
    FG_SYM_PARAM,
    FG_SYM_LIST,
    FG_SYM_STORE,
    FG_SYM_FACT,        /* a refinement: path is present from here on */
} fg_symkind;

typedef struct fg_sym {
    fg_symkind kind;
    const char *name;       /* name, or the path of a fact ("a.main_diag") */
    const fg_type *type;
    int nullable;
    const char *lua;        /* name in the generated Lua */
    void *ref;              /* fg_param, fg_listdecl, fg_store, fg_handler */
    fg_node *decl;
    int assigned;           /* a let changed by set/append after its declaration */
    struct fg_sym *alias;   /* a macro argument naming another symbol */
    struct fg_sym *next;
} fg_sym;

/* What the generator needs beyond the annotated tree. */
typedef struct fg_checked {
    fg_program *prog;
    fg_listdecl **lists;    /* every list in scope (the rule's and its libraries') */
    size_t nlists;
} fg_checked;

/* Checks prog with the libraries it uses (their lists, macros and field
 * declarations become visible).  Returns the number of errors. */
int fg_check_program(fg_program *prog, fg_program **libs, size_t nlibs, fg_arena *a, fg_diag *d,
                     fg_checked *out);

/* The Lua spelling of a user name: as written unless it is a Lua keyword
 * or a name the generated code uses. */
const char *fg_lua_name(fg_arena *a, const char *name);

#endif
