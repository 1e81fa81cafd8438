/* fg_cmd_serve — `fundguard serve`: the daemon's command line and config
 * file, then fg_serve_run.
 *
 * Every option can be given on the command line (--name VALUE or
 * --name=VALUE) and in the file named by --config as a `name = VALUE`
 * line; the command line wins, and a list option given on the command
 * line (--listen, --subscribe, --input, --follow) replaces the file's
 * list.  Defaults make `fundguard serve` alone useful: the national
 * ruleset, events on tcp://127.0.0.1:7470, alerts on standard output,
 * admin on 127.0.0.1:7471. */
#include "fg_serve.h"
#include "fg_file.h"
#include "fg_mem.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FG_SERVE_LISTEN "tcp://127.0.0.1:7470"
#define FG_SERVE_ADMIN "127.0.0.1:7471"

static const char fg_serve_help[] =
    "usage: fundguard serve [--config FILE] [--ruleset DIR] [--catalog DIR]\n"
    "                       [--listen URL]... [--input FILE|-]... [--follow FILE]...\n"
    "                       [--output FILE|-] [--subscribe URL]... [--admin HOST:PORT|off]\n"
    "                       [--journal FILE] [options]\n"
    "\n"
    "Runs the rule engine as a daemon: reads NDJSON events from sockets, files and\n"
    "standard input, writes alerts to standard output or a file and to subscribers,\n"
    "reloads the ruleset when its files change, and answers on an admin endpoint.\n"
    "\n"
    "Sources\n"
    "  --listen URL         accept producers on URL (repeatable): tcp://HOST:PORT or\n"
    "                       unix:/path; port 0 picks a free port (the log names it).\n"
    "                       Default, when no source is given: " FG_SERVE_LISTEN "\n"
    "  --input FILE|-       read FILE (or standard input) once, to its end (repeatable)\n"
    "  --follow FILE        read FILE and follow it as it grows, across rotation and\n"
    "                       truncation, like tail -F (repeatable)\n"
    "  --exit-on-eof        stop (drain, flush, exit 0) once every --input has ended\n"
    "\n"
    "Sinks\n"
    "  --output FILE|-      alerts as NDJSON, appended to FILE (reopened on SIGHUP and\n"
    "                       when rotated away) or standard output (default)\n"
    "  --subscribe URL      serve the alert stream to clients connecting on URL\n"
    "                       (repeatable); each gets the alerts from when it connects\n"
    "  --journal FILE       append every accepted input line, in evaluation order\n"
    "                       (replay it with `fundguard run` to check the alerts)\n"
    "  --dead-letter FILE   append every input line that was rejected\n"
    "\n"
    "Engine\n"
    "%s"
    "  --workers N          decode threads (default: CPUs - 1, at least 1, at most 4;\n"
    "                       0 = the evaluator decodes).  Rules always run on one\n"
    "                       thread in accepted order, so alerts do not depend on N\n"
    "  --max-queue BYTES    bound of the input queue and of each sink's queue\n"
    "                       (suffix k, M, G; default 64M); above it sources stop reading\n"
    "\n"
    "Reload and admin\n"
    "  --reload-delay MS    wait this long after the last change in a watched folder\n"
    "                       before loading (default 200)\n"
    "  --no-watch           do not watch the ruleset folders (reload on SIGHUP or\n"
    "                       POST /reload only)\n"
    "  --admin HOST:PORT    admin HTTP endpoint (default " FG_SERVE_ADMIN "; off: none):\n"
    "                       GET /healthz, GET /metrics, GET /rules, POST /reload\n"
    "  --log-level LEVEL    debug, info (default), warn or error; logs are JSON lines\n"
    "                       on standard error\n"
    "  --config FILE        read settings from FILE: `name = value` lines, names as\n"
    "                       above without dashes (`listen = tcp://127.0.0.1:7470`,\n"
    "                       `no-watch = true`), # comments; the command line wins\n"
    "\n"
    "Shutdown\n"
    "  --drain-grace MS     after SIGTERM/SIGINT, read on what producers already sent:\n"
    "                       each connection until it has been quiet this long (default\n"
    "                       200; at most 5 s in all; 0: stop reading at once)\n"
    "\n"
    "Signals: SIGTERM/SIGINT stop accepting, drain every queue, flush every sink and\n"
    "exit 0 (a second one exits at once); SIGHUP reopens output files and reloads.\n"
    "Exit status: 0 after a drain, 2 for a bad option or a ruleset that does not load,\n"
    "1 when a listener, file or journal cannot be opened.  See docs/operations.md.\n";

enum { FG_OPT_VALUE, FG_OPT_LIST, FG_OPT_FLAG, FG_OPT_ENGINE };

static const struct {
    const char *name;
    int kind;
} fg_serve_opts[] = {
    {"listen", FG_OPT_LIST},       {"subscribe", FG_OPT_LIST},   {"input", FG_OPT_LIST},
    {"follow", FG_OPT_LIST},       {"output", FG_OPT_VALUE},     {"admin", FG_OPT_VALUE},
    {"journal", FG_OPT_VALUE},     {"dead-letter", FG_OPT_VALUE}, {"workers", FG_OPT_VALUE},
    {"max-queue", FG_OPT_VALUE},   {"reload-delay", FG_OPT_VALUE}, {"log-level", FG_OPT_VALUE},
    {"no-watch", FG_OPT_FLAG},     {"exit-on-eof", FG_OPT_FLAG}, {"ruleset", FG_OPT_ENGINE},
    {"catalog", FG_OPT_ENGINE},    {"budget", FG_OPT_ENGINE},    {"lua-memory", FG_OPT_ENGINE},
    {"max-line", FG_OPT_ENGINE},   {"drain-grace", FG_OPT_VALUE},
};
#define FG_NOPTS (sizeof fg_serve_opts / sizeof fg_serve_opts[0])

static int fg_serve_opt_kind(const char *name, size_t n)
{
    for (size_t i = 0; i < FG_NOPTS; i++)
        if (strlen(fg_serve_opts[i].name) == n && !memcmp(fg_serve_opts[i].name, name, n))
            return fg_serve_opts[i].kind;
    return -1;
}

static void fg_strv_add(fg_strv *l, const char *v, int from_cli)
{
    if (from_cli && !l->from_cli) {
        l->n = 0;               /* the command line replaces the file's list */
        l->from_cli = 1;
    }
    l->v = fg_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = v;
}

static int fg_parse_bytes(const char *v, size_t *out)
{
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (end == v) return -1;
    switch (tolower((unsigned char)*end)) {
    case 'k': x <<= 10; end++; break;
    case 'm': x <<= 20; end++; break;
    case 'g': x <<= 30; end++; break;
    }
    if (*end == 'b' || *end == 'B') end++;
    if (*end || x < 4096) return -1;
    *out = (size_t)x;
    return 0;
}

static int fg_parse_bool(const char *v)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1")) return 1;
    if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0")) return 0;
    return -1;
}

/* Applies one setting; value stays referenced (the caller keeps it alive).
 * where: "--name" or "FILE:LINE" for messages.  0 or -1. */
static int fg_serve_set(fg_serve_conf *c, const char *name, const char *v, int from_cli,
                        const char *where)
{
    char *end;
    long x;
    if (!strcmp(name, "listen")) fg_strv_add(&c->listen, v, from_cli);
    else if (!strcmp(name, "subscribe")) fg_strv_add(&c->subscribe, v, from_cli);
    else if (!strcmp(name, "input")) fg_strv_add(&c->input, v, from_cli);
    else if (!strcmp(name, "follow")) fg_strv_add(&c->follow, v, from_cli);
    else if (!strcmp(name, "output")) c->output = v;
    else if (!strcmp(name, "admin")) c->admin = strcmp(v, "off") && strcmp(v, "none") ? v : NULL;
    else if (!strcmp(name, "journal")) c->journal = v;
    else if (!strcmp(name, "dead-letter")) c->dead_letter = v;
    else if (!strcmp(name, "workers")) {
        x = strtol(v, &end, 10);
        if (!*v || *end || x < 0 || x > 64) goto bad;
        c->workers = (int)x;
    } else if (!strcmp(name, "max-queue")) {
        if (fg_parse_bytes(v, &c->max_queue)) goto bad;
    } else if (!strcmp(name, "reload-delay")) {
        x = strtol(v, &end, 10);
        if (!*v || *end || x < 0 || x > 600000) goto bad;
        c->reload_delay_ms = (int)x;
    } else if (!strcmp(name, "drain-grace")) {
        x = strtol(v, &end, 10);
        if (!*v || *end || x < 0 || x > 60000) goto bad;
        c->drain_grace_ms = (int)x;
    } else if (!strcmp(name, "log-level")) {
        if (fg_log_level_parse(v, &c->log_level)) goto bad;
    } else if (!strcmp(name, "no-watch") || !strcmp(name, "exit-on-eof")) {
        int b = fg_parse_bool(v);
        if (b < 0) goto bad;
        if (!strcmp(name, "no-watch")) c->watch = !b;
        else c->exit_on_eof = b;
    } else {
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", name);
        char *argv[3] = {opt, (char *)v, NULL};
        int i = 0;
        int k = fg_engine_opts_parse(&c->eng, 2, argv, &i);
        if (k <= 0) {
            if (k == 0) fprintf(stderr, "%s: unknown setting '%s'\n", where, name);
            else fprintf(stderr, "%s: (setting %s)\n", where, name);
            return -1;
        }
    }
    return 0;
bad:
    fprintf(stderr, "%s: bad value '%s' for %s (see fundguard serve --help)\n", where, v, name);
    return -1;
}

static char *fg_trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int fg_serve_read_config(fg_serve_conf *c, const char *path)
{
    char err[128];
    size_t n;
    char *text = fg_file_read(path, &n, err, sizeof err);
    if (!text) {
        fprintf(stderr, "fundguard serve: cannot read config %s: %s\n", path, err);
        return -1;
    }
    c->owned = fg_xrealloc(c->owned, (c->nowned + 1) * sizeof *c->owned);
    c->owned[c->nowned++] = text;
    size_t lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        char *s = fg_trim(line);
        if (!*s || *s == '#') continue;
        char where[600];
        snprintf(where, sizeof where, "%s:%zu", path, lineno);
        char *eq = strchr(s, '=');
        char *name = s, *value;
        if (eq) {
            *eq = '\0';
            value = fg_trim(eq + 1);
        } else {
            value = (char *)"true";     /* a bare flag name */
        }
        name = fg_trim(name);
        if (!strncmp(name, "--", 2)) name += 2;
        size_t vl = strlen(value);
        if (vl >= 2 && ((value[0] == '"' && value[vl - 1] == '"') ||
                        (value[0] == '\'' && value[vl - 1] == '\''))) {
            value[vl - 1] = '\0';
            value++;
        }
        int kind = fg_serve_opt_kind(name, strlen(name));
        if (kind < 0) {
            fprintf(stderr, "%s: unknown setting '%s' (see fundguard serve --help)\n", where, name);
            return -1;
        }
        if (!eq && kind != FG_OPT_FLAG) {
            fprintf(stderr, "%s: write '%s = VALUE'\n", where, name);
            return -1;
        }
        if (fg_serve_set(c, name, value, 0, where)) return -1;
    }
    return 0;
}

static void fg_serve_conf_free(fg_serve_conf *c)
{
    free(c->listen.v);
    free(c->subscribe.v);
    free(c->input.v);
    free(c->follow.v);
    for (size_t i = 0; i < c->nowned; i++) free(c->owned[i]);
    free(c->owned);
}

static void fg_serve_conf_default(fg_serve_conf *c)
{
    memset(c, 0, sizeof *c);
    fg_engine_opts_default(&c->eng);
    c->admin = FG_SERVE_ADMIN;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    c->workers = cpus > 5 ? 4 : cpus > 2 ? (int)cpus - 1 : 1;
    c->max_queue = (size_t)64 << 20;
    c->reload_delay_ms = 200;
    c->drain_grace_ms = 200;
    c->watch = 1;
    c->log_level = FG_LOG_INFO;
}

/* 0: run; 1: done (help); -1: error */
static int fg_serve_parse(fg_serve_conf *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {    /* the config file first */
        const char *v = fg_opt_value(argc, argv, &i, "--config");
        if (v && (!*v || fg_serve_read_config(c, v))) return -1;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf(fg_serve_help, fg_engine_opts_help);
            return 1;
        }
        if (strncmp(a, "--", 2)) goto unknown;
        size_t n = strcspn(a + 2, "=");
        if (n == 6 && !strncmp(a + 2, "config", 6)) {
            if (!a[8]) i++;
            continue;
        }
        int kind = fg_serve_opt_kind(a + 2, n);
        if (kind < 0) goto unknown;
        if (kind == FG_OPT_ENGINE) {
            if (fg_engine_opts_parse(&c->eng, argc, argv, &i) <= 0) return -1;
            continue;
        }
        char name[32];
        memcpy(name, a + 2, n);
        name[n] = '\0';
        if (kind == FG_OPT_FLAG) {
            if (a[2 + n] == '=') {
                if (fg_serve_set(c, name, a + 3 + n, 1, a)) return -1;
            } else if (fg_serve_set(c, name, "true", 1, a)) {
                return -1;
            }
            continue;
        }
        char opt[40];
        snprintf(opt, sizeof opt, "--%s", name);
        const char *v = fg_opt_value(argc, argv, &i, opt);
        if (!v || !*v) return -1;
        if (fg_serve_set(c, name, v, 1, opt)) return -1;
        continue;
    unknown:
        fprintf(stderr, "fundguard serve: unknown argument '%s' (see fundguard serve --help)\n", a);
        return -1;
    }
    if (!c->listen.n && !c->input.n && !c->follow.n) fg_strv_add(&c->listen, FG_SERVE_LISTEN, 0);
    return 0;
}

int fg_cmd_serve(int argc, char **argv)
{
    fg_serve_conf c;
    fg_serve_conf_default(&c);
    int rc = fg_serve_parse(&c, argc, argv);
    if (rc) {
        fg_serve_conf_free(&c);
        return rc > 0 ? 0 : 2;
    }
    rc = fg_serve_run(&c);
    fg_serve_conf_free(&c);
    return rc;
}
