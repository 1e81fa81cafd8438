/* fg_engine — the evaluation pipeline for one stream of lines.
 *
 * For each line: parse and decode it (an input error is reported and
 * counted, and changes nothing), update the registries, run every rule
 * that listens to the event's type in manifest order, then the rules that
 * listen to the alerts of others, then record the event into host state,
 * and format the alerts.  The same input always gives the same alerts, in
 * the same order, byte for byte. */
#ifndef FG_ENGINE_H
#define FG_ENGINE_H
#include "fg_alert.h"
#include "fg_arena.h"
#include "fg_buf.h"
#include "fg_json.h"
#include "fg_ruleset.h"
#include "fg_state.h"

typedef struct fg_engine_stats {
    uint64_t lines, events, input_errors, ignored, alerts, rule_errors, reviews;
    uint64_t by_type[FG_EV__COUNT];
} fg_engine_stats;

typedef struct fg_engine fg_engine;
typedef void (*fg_input_error_fn)(void *ud, const char *src, uint64_t line, const char *msg,
                                  const char *raw, size_t rawlen);
typedef void (*fg_rule_error_fn)(void *ud, const fg_rule *r, const fg_event *ev, const char *msg);

struct fg_engine {
    fg_state *state;
    fg_ruleset *rs;
    fg_vm *vm;
    fg_arena arena;
    fg_jparser jp;
    fg_event ev;
    fg_alertv alerts;
    fg_buf out;             /* formatted alert lines not yet written */
    fg_engine_stats st;
    uint32_t part;          /* review: which part of the bundle is evaluated */
    uint64_t seen[FG_EV__COUNT];   /* events per type, for sampling rule time */
    fg_input_error_fn on_input_error;
    fg_rule_error_fn on_rule_error;
    void *ud;
};

void fg_engine_init(fg_engine *e, fg_state *st, fg_ruleset *rs, fg_vm *vm);
void fg_engine_free(fg_engine *e);
/* Swaps in another ruleset version (at an event boundary). */
void fg_engine_swap(fg_engine *e, fg_ruleset *rs, fg_vm *vm);
/* Processes one line (without its "\n"; NULL = overlong line of len bytes).
 * Returns the number of alerts appended to e->out. */
size_t fg_engine_line(fg_engine *e, const char *src, uint64_t lineno, const char *line,
                      size_t len);

/* The halves of fg_engine_line, for a host that decodes on other threads
 * (fg_serve): fg_engine_decode parses and checks one line into ev, using
 * the caller's parser and its arena (0, or -1 with the input error in err);
 * fg_engine_event evaluates an event decoded so (copied; what it points to
 * must stay valid during the call); fg_engine_reject counts and reports a
 * line that failed to decode.  Each of the last two counts one line. */
int fg_engine_decode(fg_jparser *jp, fg_event *ev, const char *src, uint64_t lineno,
                     const char *line, size_t len, char *err, size_t errlen);
size_t fg_engine_event(fg_engine *e, const fg_event *ev);
void fg_engine_reject(fg_engine *e, const char *src, uint64_t lineno, const char *msg,
                      const char *line, size_t len);

#endif
