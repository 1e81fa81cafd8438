/* fg_cli — shared command-line helpers (see fg_cli.h). */
#include "fg_cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fg_file.h"

const char fg_engine_opts_help[] =
    "  --ruleset DIR        ruleset folder or manifest (default: " FG_DEFAULT_RULESET ")\n"
    "  --catalog DIR        catalog folder with drugs.csv and items.csv\n"
    "                       (default: the catalog named by the ruleset manifest)\n"
    "  --time-limit MS      wall time the rules of one event may take (default 500);\n"
    "                       a rule over it is stopped and reported, the others run\n"
    "  --budget N           also count Lua instructions: a rule stops after N on one\n"
    "                       event (exact and reproducible, but rules run slower;\n"
    "                       default: not counted)\n"
    "  --lua-memory MIB     memory cap of each Lua state in MiB (default 256)\n"
    "  --max-line BYTES     longest input line accepted (default 1048576)\n";

/* rulesets/national relative to the working folder, else to the folder the
 * binary was installed from (bin/..), so the binary works from anywhere. */
static const char *fg_default_ruleset(void)
{
    static char path[4096];
    if (fg_file_exists(FG_DEFAULT_RULESET)) return FG_DEFAULT_RULESET;
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 64);
    if (n <= 0) return FG_DEFAULT_RULESET;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash) return FG_DEFAULT_RULESET;
    *slash = '\0';
    slash = strrchr(path, '/');
    if (!slash) return FG_DEFAULT_RULESET;
    strcpy(slash + 1, FG_DEFAULT_RULESET);
    return fg_file_exists(path) ? path : FG_DEFAULT_RULESET;
}

void fg_engine_opts_default(fg_engine_opts *o)
{
    o->ruleset = fg_default_ruleset();
    o->catalog = NULL;
    fg_limits_default(&o->limits);
    o->max_line = 1 << 20;
}

const char *fg_opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0) return NULL;
    if (a[n] == '=') return a + n + 1;
    if (a[n] != '\0') return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "fundguard: option %s needs a value\n", name);
        return "";
    }
    return argv[++*i];
}

static int fg_parse_size(const char *v, const char *name, long long min, long long *out)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || x < min) {
        fprintf(stderr, "fundguard: %s expects a whole number >= %lld, got '%s'\n", name, min, v);
        return -1;
    }
    *out = x;
    return 0;
}

int fg_engine_opts_parse(fg_engine_opts *o, int argc, char **argv, int *i)
{
    const char *v;
    long long x;
    if ((v = fg_opt_value(argc, argv, i, "--ruleset"))) {
        if (!*v) return -1;
        o->ruleset = v;
        return 1;
    }
    if ((v = fg_opt_value(argc, argv, i, "--catalog"))) {
        if (!*v) return -1;
        o->catalog = v;
        return 1;
    }
    if ((v = fg_opt_value(argc, argv, i, "--budget"))) {
        if (fg_parse_size(v, "--budget", 1000, &x)) return -1;
        o->limits.budget = x;
        return 1;
    }
    if ((v = fg_opt_value(argc, argv, i, "--time-limit"))) {
        if (fg_parse_size(v, "--time-limit", 1, &x)) return -1;
        o->limits.time_limit_ms = x;
        return 1;
    }
    if ((v = fg_opt_value(argc, argv, i, "--lua-memory"))) {
        if (fg_parse_size(v, "--lua-memory", 4, &x)) return -1;
        o->limits.lua_memory = (size_t)x << 20;
        return 1;
    }
    if ((v = fg_opt_value(argc, argv, i, "--max-line"))) {
        if (fg_parse_size(v, "--max-line", 64, &x)) return -1;
        o->max_line = (size_t)x;
        return 1;
    }
    return 0;
}

int fg_cli_startup_failed(const char *what, const char *diag_text)
{
    fputs(diag_text, stderr);
    fprintf(stderr, "fundguard: %s failed to load; nothing was run\n", what);
    return 2;
}
