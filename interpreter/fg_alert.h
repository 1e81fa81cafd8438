/* fg_alert — alerts (spec/ALERTS.md): what a rule returns, and the NDJSON
 * line the engine writes for it.
 *
 * alert_id = hash(rule_version, event_id, seq): the same rule version on the
 * same event always gives the same id, so a consumer can deduplicate after a
 * replay.  seq is 0 for the first alert a rule raises on an event (the
 * national rules raise at most one). */
#ifndef FG_ALERT_H
#define FG_ALERT_H
#include "fg_buf.h"
#include "fg_event.h"
#include <stdint.h>

struct fg_rule;

enum { FG_SEV_LOW, FG_SEV_MEDIUM, FG_SEV_HIGH };

typedef struct fg_alert {
    const struct fg_rule *rule;
    int severity;
    char *message;
    int has_amount;
    int64_t amount;         /* fen */
    char *evidence;         /* JSON object text, or NULL */
    uint32_t seq;
} fg_alert;

typedef struct fg_alertv {
    fg_alert *v;
    size_t n, cap;
} fg_alertv;

const char *fg_severity_name(int sev);
int fg_severity_lookup(const char *s);     /* -1 if unknown */
fg_alert *fg_alertv_push(fg_alertv *av);
void fg_alertv_clear(fg_alertv *av);
void fg_alertv_free(fg_alertv *av);
/* Appends the alert as one JSON line (with '\n'). */
void fg_alert_format(fg_buf *out, const fg_alert *a, const fg_event *ev);
/* The deterministic id into out[20] ("fg-" + 16 hex). */
void fg_alert_id(const fg_alert *a, const fg_event *ev, char out[20]);

#endif
