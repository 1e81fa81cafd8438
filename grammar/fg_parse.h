/* fg_parse — the recursive-descent parser of the rule language: one .rule
 * file (a rule, or a library of lists and macros) into an fg_program.
 *
 * It follows grammar/fundguard.ebnf production by production (the
 * function names say which).  A syntax error is reported at the offending
 * token with a hint, then the parser skips to the next statement or item
 * and goes on, so one run reports every error of the file. */
#ifndef FG_PARSE_H
#define FG_PARSE_H
#include "fg_ast.h"
#include "fg_diag.h"

/* Parses src into prog (zeroed by the caller).  Returns the number of
 * errors reported. */
int fg_parse_program(const fg_src *src, fg_arena *arena, fg_diag *d, fg_program *prog);
/* Reports an error at a node of the tree. */
void fg_node_error(fg_diag *d, const fg_node *n, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void fg_node_error_op(fg_diag *d, const fg_node *n, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
