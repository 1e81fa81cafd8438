/* fg_cmd_run — `fundguard run`: the batch command external tests drive
 * (spec/ALERTS.md).  Reads NDJSON events from a file or stdin, writes
 * alerts as NDJSON, reports input errors as SOURCE:LINE: message, and
 * prints a summary on stderr at the end. */
#include "fg_cli.h"
#include "fg_engine.h"
#include "fg_fdio.h"
#include "fg_lines.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define FG_RULE_ERROR_SHOWN 10

static const char fg_run_help[] =
    "usage: fundguard run [--ruleset DIR] [--catalog DIR] [--input FILE] [--output FILE]\n"
    "                     [--dead-letter FILE] [--quiet] [options]\n"
    "\n"
    "Evaluates a ruleset over a stream of events and writes the alerts.\n"
    "\n"
    "  --input FILE         NDJSON events (default: standard input)\n"
    "  --output FILE        alerts as NDJSON (default: standard output)\n"
    "  --dead-letter FILE   append every input line that was rejected to FILE\n"
    "  --quiet              no summary at the end (and no progress on a terminal)\n"
    "%s"
    "\n"
    "Input errors are reported on standard error as SOURCE:LINE: message and\n"
    "processing goes on; SOURCE is the --input path, or \"stdin\".  Events without\n"
    "an id are named SOURCE:LINE in alerts.  Exit status: 0 when the input was\n"
    "processed (whatever the input errors), 2 when the ruleset or catalog does\n"
    "not load, 1 when input or output fails.\n";

typedef struct fg_run {
    fg_engine eng;
    const char *src;
    int out_fd, dead_fd;
    int failed;
    size_t *shown;          /* rule errors printed, per rule */
    int progress;           /* stderr is a terminal: show progress */
    double start, shown_at;
} fg_run;

static double fg_run_clock(void);

static void fg_run_flush(fg_run *r)
{
    if (!r->eng.out.len || r->failed) return;
    if (fg_write_all(r->out_fd, r->eng.out.p, r->eng.out.len)) {
        fprintf(stderr, "fundguard: cannot write alerts: %s\n", strerror(errno));
        r->failed = 1;
    }
    r->eng.out.len = 0;
}

static void fg_run_input_error(void *ud, const char *src, uint64_t line, const char *msg,
                               const char *raw, size_t rawlen)
{
    fg_run *r = ud;
    fprintf(stderr, "%s:%llu: %s\n", src, (unsigned long long)line, msg);
    if (r->dead_fd >= 0 && raw) {
        fg_write_all(r->dead_fd, raw, rawlen);
        fg_write_all(r->dead_fd, "\n", 1);
    }
}

static void fg_run_rule_error(void *ud, const fg_rule *rule, const fg_event *ev, const char *msg)
{
    fg_run *r = ud;
    size_t *shown = &r->shown[rule->index];
    if (*shown < FG_RULE_ERROR_SHOWN)
        fprintf(stderr, "fundguard: rule %s failed on event %.*s (%s:%llu): %s\n", rule->id,
                (int)ev->id_len, ev->id, ev->src, (unsigned long long)ev->line, msg);
    else if (*shown == FG_RULE_ERROR_SHOWN)
        fprintf(stderr, "fundguard: rule %s: further errors are counted but not shown\n", rule->id);
    ++*shown;
}

/* On a terminal, a long run says how far it got (every second or so). */
static void fg_run_progress(fg_run *r, int last)
{
    double now = fg_run_clock();
    if (!last && now - r->shown_at < 1.0) return;
    r->shown_at = now;
    const fg_engine_stats *st = &r->eng.st;
    fprintf(stderr, "\rfundguard: %llu lines, %llu alerts, %.0f events/s%s",
            (unsigned long long)st->lines, (unsigned long long)st->alerts,
            now > r->start ? (double)st->lines / (now - r->start) : 0.0, last ? "\n" : "");
}

static void fg_run_line(void *ud, const char *line, size_t len, uint64_t lineno)
{
    fg_run *r = ud;
    if (fg_engine_line(&r->eng, r->src, lineno, line, len) && r->eng.out.len >= (1u << 16))
        fg_run_flush(r);
    if (r->progress && (lineno & 0xFFFF) == 0) fg_run_progress(r, 0);
}

static double fg_run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fg_run_summary(const fg_run *r, double secs)
{
    const fg_engine_stats *st = &r->eng.st;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    fprintf(stderr, "fundguard: %llu lines, %llu events, %llu input errors, %llu ignored, "
                    "%llu alerts, %.2f s, %.0f events/s, peak memory %.1f MiB\n",
            (unsigned long long)st->lines, (unsigned long long)st->events,
            (unsigned long long)st->input_errors, (unsigned long long)st->ignored,
            (unsigned long long)st->alerts, secs, secs > 0 ? (double)st->lines / secs : 0.0,
            (double)usage.ru_maxrss / 1024.0);
    fprintf(stderr, "fundguard: events by type:");
    for (int t = 0; t < FG_EV__COUNT; t++)
        if (st->by_type[t])
            fprintf(stderr, " %s %llu", fg_evtype_name((fg_evtype)t),
                    (unsigned long long)st->by_type[t]);
    fprintf(stderr, "\n");
    const fg_ruleset *rs = r->eng.rs;
    fprintf(stderr, "fundguard: %-28s %10s %10s %8s %10s\n", "rule", "evaluated", "alerts", "errors",
            "ms");
    for (size_t i = 0; i < rs->nrules; i++) {
        const fg_rule *ru = rs->rules[i];
        fprintf(stderr, "fundguard: %-28s %10llu %10llu %8llu %10.1f\n", ru->id,
                (unsigned long long)ru->evals, (unsigned long long)ru->fired,
                (unsigned long long)ru->errors, (double)ru->nanos / 1e6);
    }
}

int fg_cmd_run(int argc, char **argv)
{
    fg_engine_opts eo;
    fg_engine_opts_default(&eo);
    const char *input = NULL, *output = NULL, *dead = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int k = fg_engine_opts_parse(&eo, argc, argv, &i);
        if (k < 0) return 2;
        if (k) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(fg_run_help, fg_engine_opts_help);
            return 0;
        } else if ((v = fg_opt_value(argc, argv, &i, "--input"))) {
            if (!*v) return 2;
            input = v;
        } else if ((v = fg_opt_value(argc, argv, &i, "--output"))) {
            if (!*v) return 2;
            output = v;
        } else if ((v = fg_opt_value(argc, argv, &i, "--dead-letter"))) {
            if (!*v) return 2;
            dead = v;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            quiet = 1;
        } else {
            fprintf(stderr, "fundguard run: unknown argument '%s' (see fundguard run --help)\n",
                    argv[i]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);

    fg_state state;
    fg_state_init(&state);
    fg_diag d;
    fg_diag_init(&d);
    fg_ruleset *rs = fg_ruleset_load(eo.ruleset, eo.catalog, &state, &eo.limits, &d);
    if (!rs) {
        int rc = fg_cli_startup_failed("ruleset", fg_buf_cstr(&d.text));
        fg_diag_free(&d);
        fg_state_free(&state);
        return rc;
    }
    if (d.warnings && !quiet) fputs(fg_buf_cstr(&d.text), stderr);
    fg_diag_free(&d);

    int in_fd = 0, status = 0;
    fg_run r;
    memset(&r, 0, sizeof r);
    r.src = input ? input : "stdin";
    r.out_fd = 1;
    r.dead_fd = -1;
    if (input && (in_fd = open(input, O_RDONLY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "fundguard: cannot open input %s: %s\n", input, strerror(errno));
        status = 1;
    }
    if (!status && output &&
        (r.out_fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        fprintf(stderr, "fundguard: cannot open output %s: %s\n", output, strerror(errno));
        status = 1;
    }
    if (!status && dead &&
        (r.dead_fd = open(dead, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
        fprintf(stderr, "fundguard: cannot open dead-letter file %s: %s\n", dead, strerror(errno));
        status = 1;
    }
    if (!status) {
        fg_engine_init(&r.eng, &state, rs, rs->vm);
        r.eng.on_input_error = fg_run_input_error;
        r.eng.on_rule_error = fg_run_rule_error;
        r.eng.ud = &r;
        r.shown = calloc(rs->nrules + 1, sizeof *r.shown);
        fg_lines lines;
        fg_lines_init(&lines, eo.max_line);
        size_t cap = 1 << 20;
        char *buf = malloc(cap);
        double t0 = fg_run_clock();
        r.start = r.shown_at = t0;
        r.progress = !quiet && isatty(2);
        for (;;) {
            ssize_t k = fg_read_some(in_fd, buf, cap);
            if (k < 0) {
                fprintf(stderr, "fundguard: cannot read %s: %s\n", r.src, strerror(errno));
                status = 1;
                break;
            }
            if (k == 0) break;
            fg_lines_feed(&lines, buf, (size_t)k, fg_run_line, &r);
            if (r.failed) break;
        }
        fg_lines_finish(&lines, fg_run_line, &r);
        fg_run_flush(&r);
        double secs = fg_run_clock() - t0;
        if (r.progress && r.shown_at > t0) fg_run_progress(&r, 1);
        if (r.failed) status = 1;
        if (!quiet) fg_run_summary(&r, secs);
        free(buf);
        free(r.shown);
        fg_lines_free(&lines);
        fg_engine_free(&r.eng);
    }
    if (input && in_fd > 0) close(in_fd);
    if (output && r.out_fd > 1) close(r.out_fd);
    if (r.dead_fd >= 0) close(r.dead_fd);
    fg_ruleset_free(rs);
    fg_state_free(&state);
    return status;
}
