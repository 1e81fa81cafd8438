/* fg_metrics — what the admin endpoint shows: /metrics in the Prometheus
 * text exposition format (every name starts with fundguard_) and /rules as
 * JSON.
 *
 * Counters of the evaluator come from its snapshot (fg_serve_eval.c),
 * refreshed at most every 100 ms while it is busy and at once when it goes
 * idle; the rest (queues, connections, reloads) is read on the loop thread
 * where it lives.  Loop thread only. */
#include "fg_serve.h"
#include <string.h>
#include <time.h>

static void fg_prom_label(fg_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') {
            fg_buf_putc(b, '\\');
            fg_buf_putc(b, *s);
        } else if (*s == '\n') {
            fg_buf_puts(b, "\\n");
        } else {
            fg_buf_putc(b, *s);
        }
    }
}

static void fg_prom_head(fg_buf *b, const char *name, const char *type, const char *help)
{
    fg_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{key="value"} v, or name v when key is NULL */
static void fg_prom_u64(fg_buf *b, const char *name, const char *key, const char *val,
                        uint64_t v)
{
    fg_buf_puts(b, name);
    if (key) {
        fg_buf_printf(b, "{%s=\"", key);
        fg_prom_label(b, val);
        fg_buf_puts(b, "\"}");
    }
    fg_buf_printf(b, " %llu\n", (unsigned long long)v);
}

static void fg_metrics_eval(fg_serve *s, fg_buf *b)
{
    const fg_snapshot *sn = fg_eval_snapshot_lock(s->eval);

    fg_prom_head(b, "fundguard_lines_total", "counter",
                 "Input lines evaluated, by configured source.");
    for (size_t i = 0; i < sn->nslots; i++)
        fg_prom_u64(b, "fundguard_lines_total", "source", s->slot_names[i], sn->slots[i].lines);

    fg_prom_head(b, "fundguard_events_total", "counter",
                 "Events evaluated, by configured source and event type.");
    for (size_t i = 0; i < sn->nslots; i++)
        for (int t = 0; t < FG_EV__COUNT; t++) {
            if (!sn->slots[i].by_type[t]) continue;
            fg_buf_puts(b, "fundguard_events_total{source=\"");
            fg_prom_label(b, s->slot_names[i]);
            fg_buf_printf(b, "\",type=\"%s\"} %llu\n", fg_evtype_name((fg_evtype)t),
                          (unsigned long long)sn->slots[i].by_type[t]);
        }

    fg_prom_head(b, "fundguard_input_errors_total", "counter",
                 "Input lines rejected (not JSON, contract broken, too long, cut off).");
    for (size_t i = 0; i < sn->nslots; i++)
        fg_prom_u64(b, "fundguard_input_errors_total", "source", s->slot_names[i],
                    sn->slots[i].input_errors);

    fg_prom_head(b, "fundguard_events_ignored_total", "counter",
                 "Events of a type no rule listens to.");
    fg_prom_u64(b, "fundguard_events_ignored_total", NULL, NULL, sn->eng.ignored);
    fg_prom_head(b, "fundguard_reviews_total", "counter", "Review bundles (3101/3102) answered.");
    fg_prom_u64(b, "fundguard_reviews_total", NULL, NULL, sn->eng.reviews);
    fg_prom_head(b, "fundguard_journal_lines_total", "counter",
                 "Lines in accepted order (what --journal records).");
    fg_prom_u64(b, "fundguard_journal_lines_total", NULL, NULL, sn->journal_lines);

    fg_prom_head(b, "fundguard_alerts_total", "counter", "Alerts raised, by rule.");
    for (size_t i = 0; i < sn->nrules; i++)
        fg_prom_u64(b, "fundguard_alerts_total", "rule", sn->rules[i].id, sn->rules[i].fired);
    fg_prom_head(b, "fundguard_rule_evaluations_total", "counter",
                 "Times a rule ran on an event.");
    for (size_t i = 0; i < sn->nrules; i++)
        fg_prom_u64(b, "fundguard_rule_evaluations_total", "rule", sn->rules[i].id,
                    sn->rules[i].evals);
    fg_prom_head(b, "fundguard_rule_errors_total", "counter",
                 "Rule runs that failed (error, budget, memory).");
    for (size_t i = 0; i < sn->nrules; i++)
        fg_prom_u64(b, "fundguard_rule_errors_total", "rule", sn->rules[i].id,
                    sn->rules[i].errors);
    fg_prom_head(b, "fundguard_rule_evaluation_seconds_total", "counter",
                 "Time spent in a rule (sampled, 1 run in 8 timed).");
    for (size_t i = 0; i < sn->nrules; i++) {
        fg_buf_puts(b, "fundguard_rule_evaluation_seconds_total{rule=\"");
        fg_prom_label(b, sn->rules[i].id);
        fg_buf_printf(b, "\"} %.6f\n", (double)sn->rules[i].nanos / 1e9);
    }
    fg_prom_head(b, "fundguard_rule_info", "gauge", "Rules of the live version and their versions.");
    for (size_t i = 0; i < sn->nrules; i++) {
        if (!sn->rules[i].live) continue;
        fg_buf_puts(b, "fundguard_rule_info{rule=\"");
        fg_prom_label(b, sn->rules[i].id);
        fg_buf_printf(b, "\",version=\"%s\"} 1\n", sn->rules[i].version);
    }
    fg_eval_snapshot_unlock(s->eval);
}

void fg_metrics_render(fg_serve *s, fg_buf *b)
{
    fg_prom_head(b, "fundguard_build_info", "gauge", "Version of the fundguard binary.");
    fg_buf_puts(b, "fundguard_build_info{version=\"" FG_VERSION "\"} 1\n");
    fg_prom_head(b, "fundguard_ruleset_info", "gauge", "The live ruleset version.");
    fg_buf_puts(b, "fundguard_ruleset_info{ruleset=\"");
    fg_prom_label(b, s->rs->name);
    fg_buf_printf(b, "\",version=\"%s\"} 1\n", s->rs->version);
    fg_prom_head(b, "fundguard_uptime_seconds", "gauge", "Seconds since the daemon started.");
    fg_prom_u64(b, "fundguard_uptime_seconds", NULL, NULL,
                (uint64_t)(time(NULL) - s->started));
    fg_prom_head(b, "fundguard_draining", "gauge", "1 while shutting down.");
    fg_prom_u64(b, "fundguard_draining", NULL, NULL, (uint64_t)s->draining);

    fg_metrics_eval(s, b);

    fg_prom_head(b, "fundguard_queue_bytes", "gauge",
                 "Bytes waiting: input = lines accepted and not yet evaluated.");
    fg_prom_u64(b, "fundguard_queue_bytes", "queue", "input", fg_pipe_bytes(s->pipe));
    fg_prom_head(b, "fundguard_queue_batches", "gauge", "Input batches waiting or being decoded.");
    fg_prom_u64(b, "fundguard_queue_batches", "queue", "input", fg_pipe_batches(s->pipe));
    fg_prom_head(b, "fundguard_queue_limit_bytes", "gauge",
                 "--max-queue: above it (input or any sink) the sources stop reading.");
    fg_prom_u64(b, "fundguard_queue_limit_bytes", NULL, NULL, s->conf->max_queue);
    fg_prom_head(b, "fundguard_sink_queue_bytes", "gauge", "Alert bytes a sink has not written yet.");
    for (fg_sink *k = s->sinks; k; k = k->next)
        fg_prom_u64(b, "fundguard_sink_queue_bytes", "sink", k->name, k->queued);
    fg_prom_head(b, "fundguard_sink_written_bytes_total", "counter",
                 "Alert bytes a sink has written (or dropped after an error).");
    for (fg_sink *k = s->sinks; k; k = k->next)
        fg_prom_u64(b, "fundguard_sink_written_bytes_total", "sink", k->name, k->written);
    fg_prom_head(b, "fundguard_sources_paused", "gauge", "1 while backpressure stops the sources.");
    fg_prom_u64(b, "fundguard_sources_paused", NULL, NULL, (uint64_t)s->paused);
    fg_prom_head(b, "fundguard_backpressure_pauses_total", "counter",
                 "Times the sources were stopped by a full queue.");
    fg_prom_u64(b, "fundguard_backpressure_pauses_total", NULL, NULL, s->pauses);

    fg_prom_head(b, "fundguard_producers", "gauge", "Producer connections open.");
    fg_prom_u64(b, "fundguard_producers", NULL, NULL, (uint64_t)s->producers);
    fg_prom_head(b, "fundguard_producer_connections_total", "counter", "Producer connections accepted.");
    fg_prom_u64(b, "fundguard_producer_connections_total", NULL, NULL, s->producers_total);
    fg_prom_head(b, "fundguard_subscribers", "gauge", "Subscriber connections open.");
    fg_prom_u64(b, "fundguard_subscribers", NULL, NULL, (uint64_t)s->subscribers);
    fg_prom_head(b, "fundguard_partial_lines_total", "counter",
                 "Lines cut off by a disconnect or the shutdown (also input errors).");
    fg_prom_u64(b, "fundguard_partial_lines_total", NULL, NULL, s->partial_lines);
    fg_prom_head(b, "fundguard_admin_requests_total", "counter", "Admin HTTP requests.");
    fg_prom_u64(b, "fundguard_admin_requests_total", NULL, NULL, s->admin_requests);

    fg_reload_stats rl;
    fg_reload_get_stats(s->reload, &rl);
    fg_prom_head(b, "fundguard_reloads_total", "counter",
                 "Ruleset loads after startup: swapped in, unchanged, failed (old version kept).");
    fg_prom_u64(b, "fundguard_reloads_total", "result", "swapped", rl.swapped);
    fg_prom_u64(b, "fundguard_reloads_total", "result", "unchanged", rl.unchanged);
    fg_prom_u64(b, "fundguard_reloads_total", "result", "failed", rl.failed);
}

static const char *fg_sev_name(int sev)
{
    return sev == FG_SEV_HIGH ? "high" : sev == FG_SEV_MEDIUM ? "medium" : "low";
}

static void fg_json_kv(fg_buf *b, const char *key, const char *val, int comma)
{
    if (comma) fg_buf_putc(b, ',');
    fg_buf_json_str(b, key, strlen(key));
    fg_buf_putc(b, ':');
    if (val) fg_buf_json_str(b, val, strlen(val));
    else fg_buf_puts(b, "null");
}

void fg_rules_render(fg_serve *s, fg_buf *b)
{
    const fg_ruleset *rs = s->rs;
    fg_buf_putc(b, '{');
    fg_json_kv(b, "ruleset", rs->name, 0);
    fg_json_kv(b, "version", rs->version, 1);
    fg_json_kv(b, "source", rs->source, 1);
    fg_json_kv(b, "catalog", rs->catalog_dir, 1);
    fg_buf_printf(b, ",\"live_after_journal_line\":%llu", (unsigned long long)s->rs_since);
    fg_reload_stats rl;
    fg_reload_get_stats(s->reload, &rl);
    fg_buf_printf(b, ",\"reloads\":{\"swapped\":%llu,\"unchanged\":%llu,\"failed\":%llu",
                  (unsigned long long)rl.swapped, (unsigned long long)rl.unchanged,
                  (unsigned long long)rl.failed);
    fg_json_kv(b, "last_result", rl.last_result, 1);
    fg_json_kv(b, "last_error", rl.last_error, 1);
    fg_buf_puts(b, "},\"rules\":[");
    for (size_t i = 0; i < rs->nrules; i++) {
        const fg_rule *r = rs->rules[i];
        if (i) fg_buf_putc(b, ',');
        fg_buf_putc(b, '{');
        fg_json_kv(b, "id", r->id, 0);
        fg_json_kv(b, "title", r->title, 1);
        fg_json_kv(b, "severity", fg_sev_name(r->severity), 1);
        fg_json_kv(b, "version", r->version, 1);
        fg_json_kv(b, "path", r->path, 1);
        fg_buf_puts(b, ",\"on\":[");
        for (size_t k = 0; k < r->n_on; k++) {
            if (k) fg_buf_putc(b, ',');
            fg_buf_json_str(b, r->on_names[k], strlen(r->on_names[k]));
        }
        fg_buf_puts(b, "],\"params\":{");
        for (size_t k = 0; k < r->nparams; k++)
            fg_json_kv(b, r->params[k].name, r->params[k].value, k > 0);
        fg_buf_puts(b, "}}");
    }
    fg_buf_puts(b, "]}");
}
