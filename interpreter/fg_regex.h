/* fg_regex — PCRE2 patterns with hard limits.
 *
 * Patterns come from rules and catalogs written by policy staff, so a bad
 * one must not hang the engine: every match runs with a match limit, a
 * depth limit and a heap limit, and an exceeded limit is an error that the
 * caller must report — never read as "no match" (a negated condition would
 * then fire).  Patterns are compiled once, with JIT where available, in
 * UTF mode; subjects need not be valid UTF-8 (PCRE2_MATCH_INVALID_UTF). */
#ifndef FG_REGEX_H
#define FG_REGEX_H
#include <stddef.h>
#include <stdint.h>

typedef struct fg_regex fg_regex;
typedef struct fg_rematch fg_rematch;   /* per-thread match scratch */

typedef struct fg_relimits {
    uint32_t match_limit;   /* backtracking steps */
    uint32_t depth_limit;
    size_t heap_limit_kib;
} fg_relimits;

/* NULL on error with a message and the offending offset (bytes). */
fg_regex *fg_regex_compile(const char *pat, size_t n, char *err, size_t errlen, size_t *erroff);
/* Patterns are reference counted: a compiled catalog pattern can be handed
 * to a Lua state and outlive the catalog it came from.  free = unref. */
fg_regex *fg_regex_ref(fg_regex *re);
void fg_regex_free(fg_regex *re);
const char *fg_regex_source(const fg_regex *re, size_t *n);

fg_rematch *fg_rematch_new(const fg_relimits *lim);
void fg_rematch_free(fg_rematch *m);
/* 1 match, 0 no match, -1 error (message in m, see fg_rematch_error).
 * anchored: match only at the start of s. */
int fg_regex_match(const fg_regex *re, fg_rematch *m, const char *s, size_t n, int anchored);
const char *fg_rematch_error(const fg_rematch *m);

#endif
