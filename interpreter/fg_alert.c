/* fg_alert — alert records and their NDJSON form (see fg_alert.h). */
#include "fg_alert.h"
#include "fg_hash.h"
#include "fg_mem.h"
#include "fg_rule.h"
#include <stdlib.h>
#include <string.h>

static const char *const fg_sev_names[] = {"low", "medium", "high"};

const char *fg_severity_name(int sev)
{
    return sev >= 0 && sev <= 2 ? fg_sev_names[sev] : "medium";
}

int fg_severity_lookup(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, fg_sev_names[i])) return i;
    return -1;
}

fg_alert *fg_alertv_push(fg_alertv *av)
{
    if (av->n == av->cap) {
        av->cap = av->cap ? av->cap * 2 : 8;
        av->v = fg_xrealloc(av->v, av->cap * sizeof *av->v);
    }
    fg_alert *a = &av->v[av->n++];
    memset(a, 0, sizeof *a);
    return a;
}

void fg_alertv_clear(fg_alertv *av)
{
    for (size_t i = 0; i < av->n; i++) {
        free(av->v[i].message);
        free(av->v[i].evidence);
    }
    av->n = 0;
}

void fg_alertv_free(fg_alertv *av)
{
    fg_alertv_clear(av);
    free(av->v);
    av->v = NULL;
    av->cap = 0;
}

void fg_alert_id(const fg_alert *a, const fg_event *ev, char out[20])
{
    uint64_t h = fg_hash64(a->rule->version, 16, 0x616c657274ULL);
    h = fg_hash64(ev->id, ev->id_len, h);
    h = fg_hash64(&a->seq, sizeof a->seq, h);
    if (ev->part) h = fg_hash64(&ev->part, sizeof ev->part, h);   /* review bundles */
    memcpy(out, "fg-", 3);
    fg_hash_hex(h, out + 3);
}

static void fg_alert_field(fg_buf *out, const char *name, const char *s, size_t n)
{
    fg_buf_putc(out, ',');
    fg_buf_json_str(out, name, strlen(name));
    fg_buf_putc(out, ':');
    fg_buf_json_str(out, s, n);
}

void fg_alert_format(fg_buf *out, const fg_alert *a, const fg_event *ev)
{
    const fg_rule *r = a->rule;
    char id[20];
    fg_alert_id(a, ev, id);
    fg_buf_puts(out, "{\"alert_id\":");
    fg_buf_json_str(out, id, strlen(id));
    fg_alert_field(out, "rule_id", r->id, strlen(r->id));
    fg_alert_field(out, "rule_name", r->title, strlen(r->title));
    const char *sev = fg_severity_name(a->severity);
    fg_alert_field(out, "severity", sev, strlen(sev));
    fg_alert_field(out, "basis", r->basis, strlen(r->basis));
    fg_alert_field(out, "message", a->message, strlen(a->message));
    if (a->has_amount) {
        fg_buf_puts(out, ",\"amount\":");
        fg_buf_json_fen(out, a->amount);
    }
    fg_alert_field(out, "event_id", ev->id, ev->id_len);
    fg_alert_field(out, "time", ev->time_str, strlen(ev->time_str));
    static const int ctx[] = {FG_F_PSN_NO, FG_F_MDTRT_ID, FG_F_FIXMEDINS_CODE};
    for (size_t i = 0; i < 3; i++) {
        uint32_t n;
        const char *s = ev->type == FG_EV_UNKNOWN ? NULL : fg_event_str(ev, ctx[i], &n);
        if (ev->type == FG_EV_UNKNOWN) {
            const char *name = fg_field_name(ctx[i]);
            const fg_json *v = fg_json_get(ev->root, name, strlen(name));
            if (v && v->type == FG_JSTR) {
                s = v->u.s;
                n = v->n;
            }
        }
        if (s) fg_alert_field(out, fg_field_name(ctx[i]), s, n);
    }
    fg_buf_puts(out, ",\"evidence\":");
    if (a->evidence) fg_buf_puts(out, a->evidence);
    else fg_buf_puts(out, "{}");
    fg_alert_field(out, "rule_version", r->version, strlen(r->version));
    fg_buf_puts(out, "}\n");
}
