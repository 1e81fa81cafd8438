/* fg_schema — what a rule can name: the types, the fields of each event
 * type (spec/EVENTS.md), the registry and catalog records
 * (stdlib/README.md), the builtin functions and the store methods.
 *
 * The checker asks this file whether a name exists and what type it has;
 * the generator asks it how the name is spelled in Lua.  Keeping the
 * vocabulary in one table means a field added to the contract is one line
 * here. */
#ifndef FG_SCHEMA_H
#define FG_SCHEMA_H
#include "fg_ast.h"
#include "fg_event.h"

extern const fg_type fg_ty_error, fg_ty_bool, fg_ty_number, fg_ty_money, fg_ty_duration,
    fg_ty_instant, fg_ty_date, fg_ty_month, fg_ty_clock, fg_ty_percent, fg_ty_text, fg_ty_regex,
    fg_ty_void, fg_ty_any, fg_ty_severity, fg_ty_text_list, fg_ty_any_list;

const fg_type *fg_type_list_of(fg_arena *a, const fg_type *elem);
const fg_type *fg_type_record(fg_arena *a, const fg_rkind *rk);
/* "int", "money", "instant", ... (NULL when unknown) */
const fg_type *fg_type_from_word(const char *w);
/* The type of a parameter of fg_ptype pt. */
const fg_type *fg_type_of_ptype(int pt);
/* "money", "list of string", "person record" ... */
const char *fg_type_name(const fg_type *t, char *buf, size_t n);
int fg_type_same(const fg_type *a, const fg_type *b);

/* Fields of the events of the types in mask (bit per fg_evtype), with
 * custom fields added (evtype NULL: every type).  A field is required when
 * every listened type requires it.  all: any event type (on alerts). */
void fg_schema_event(fg_arena *a, fg_rkind *out, uint32_t mask, const char *const *custom_types,
                     size_t ncustom_types, const fg_customfield *custom, size_t ncustom, int all);
/* Does an event type (by name) have the field?  For messages. */
int fg_schema_type_has(fg_evtype t, const char *field);

/* Registry and catalog records. */
enum { FG_REC_PERSON, FG_REC_INSTITUTION, FG_REC_ENCOUNTER, FG_REC_DRUG, FG_REC_ITEM,
       FG_REC_ALERT, FG_REC_SETTLEMENT, FG_REC__COUNT };
const fg_rkind *fg_schema_record(int which);

const fg_fdef *fg_rkind_find(const fg_rkind *rk, const char *name);
/* The closest field name (edit distance), for "did you mean" hints. */
const char *fg_rkind_suggest(const fg_rkind *rk, const char *name);
int fg_edit_distance(const char *a, const char *b);

/* Builtin functions. */
typedef enum {
    FG_B_KEY, FG_B_PERSON, FG_B_INSTITUTION, FG_B_ENCOUNTER, FG_B_STAYS, FG_B_DIAGNOSES,
    FG_B_DRUG, FG_B_ITEM, FG_B_LINE_TOTAL, FG_B_IS_DRUG_LINE, FG_B_CITY, FG_B_AGE,
    FG_B_HOSP_LEVEL, FG_B_JOIN, FG_B_COUNT, FG_B_SUM, FG_B_FIRST, FG_B_LAST, FG_B_MIN, FG_B_MAX,
    FG_B_ABS, FG_B_ROUND, FG_B_FLOOR, FG_B_DAY_OF, FG_B_MONTH_OF, FG_B_YEAR_OF,
    FG_B_TIME_OF_DAY, FG_B_START_OF_DAY, FG_B_DATE, FG_B_TEXT, FG_B_NUMBER, FG_B_YUAN,
    FG_B_FLAG, FG_B_DAYS, FG_B_HOURS, FG_B_MINUTES, FG_B_SECONDS, FG_B_LENGTH,
    FG_B_FMT_DAY, FG_B_FMT_MONTH, FG_B_FMT_TIME, FG_B_RANGE,
    FG_B__COUNT
} fg_builtin;

typedef struct fg_bdef {
    const char *name;
    int min_args, max_args;     /* max -1: any number */
    const char *sig;            /* for hints: "key(PART, ...)" */
    const char *doc;
} fg_bdef;

int fg_builtin_lookup(const char *name);
const fg_bdef *fg_builtin_def(int b);
const char *fg_builtin_suggest(const char *name);

/* Store methods. */
typedef enum {
    FG_M_GET, FG_M_PUT, FG_M_ADD, FG_M_ONCE, FG_M_DEL,                   /* kv */
    FG_M_PUSH, FG_M_COUNT, FG_M_SUM, FG_M_DISTINCT, FG_M_LAST, FG_M_ENTRIES, /* window */
    FG_M_FIRST, FG_M_RECORD, FG_M_RELEASE, FG_M_SETTLE, FG_M_RELEASE_LINE, /* tracecodes */
    FG_M__COUNT
} fg_method;

/* -1 when the store kind has no such method. */
int fg_method_lookup(int store_kind, const char *name);
const char *fg_method_list(int store_kind);
const char *fg_method_name(int m);

#endif
