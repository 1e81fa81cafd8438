/* fg_fixture — fixture files: input events with the alerts they must
 * raise (docs/fixtures.md).
 *
 *     @fixture 出院后第15天再入院
 *     @rules split_admission
 *     {"type":"admission", ...}
 *     @expect {"rule_id":"split_admission","event_id":"A2"}
 *
 * A file holds one or more fixtures; directives before the first @fixture
 * apply to every fixture of the file. */
#ifndef FG_FIXTURE_H
#define FG_FIXTURE_H
#include "fg_diag.h"
#include "fg_manifest.h"
#include <stddef.h>

typedef struct fg_fline {
    char *text;
    size_t line;
} fg_fline;

typedef struct fg_fixture {
    char *file;
    size_t line;            /* of @fixture (0: implicit) */
    char *title;
    char *ruleset;          /* resolved against the fixture's folder, or NULL */
    char *catalog;
    char **rules;           /* rules whose alerts are compared (NULL: all) */
    size_t nrules;
    fg_moverride *sets;
    size_t nsets;
    fg_fline *events, *expects;
    size_t nevents, nexpects;
    long input_errors;      /* expected input errors */
} fg_fixture;

/* Appends the fixtures of path to *v.  -1 with errors in d. */
int fg_fixture_parse(const char *path, fg_fixture **v, size_t *n, fg_diag *d);
void fg_fixture_free_all(fg_fixture *v, size_t n);

#endif
