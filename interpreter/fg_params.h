/* fg_params — typed rule parameters: the bracketed defaults of RULES.md
 * that a ruleset manifest may override.
 *
 * A parameter is declared with a type and a default written as text; an
 * override is text of the same form.  Both go through one parser, so a
 * province writes "20d" exactly as the plugin author wrote "15d". */
#ifndef FG_PARAMS_H
#define FG_PARAMS_H
#include <lua.h>
#include <stdint.h>

typedef enum {
    FG_P_INT,       /* 3                          -> integer */
    FG_P_NUMBER,    /* 1.5                        -> number */
    FG_P_DURATION,  /* 15d 10m 10min 24h 90s      -> integer seconds */
    FG_P_MONEY,     /* 10000 10000元 12.50        -> integer fen */
    FG_P_PERCENT,   /* 60%                        -> number (60) */
    FG_P_DATE,      /* 2025-04-01 | none          -> CST day number | false */
    FG_P_TIME,      /* 06:00 | 06:00:00           -> second of day */
    FG_P_STRING,    /* text                       -> string */
    FG_P_REGEX,     /* ^(Z51|Z49)                 -> compiled pattern */
    FG_P_LIST,      /* a|b|c                      -> array of strings */
    FG_P_BOOL,      /* true | false               -> boolean */
    FG_P__COUNT
} fg_ptype;

/* -1 if name is not a parameter type. */
int fg_ptype_lookup(const char *name);
const char *fg_ptype_name(fg_ptype t);
/* Checks text against the type; NULL if fine, else a message (static). */
const char *fg_param_check(fg_ptype t, const char *text);
/* Pushes the Lua value of text (which passed fg_param_check).  May raise a
 * Lua error (regex compilation). */
void fg_param_push(lua_State *L, fg_ptype t, const char *text);

#endif
