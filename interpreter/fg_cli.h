/* fg_cli — shared command-line pieces: option parsing helpers, the
 * engine options every command accepts, and the entry points of the
 * subcommands (one file each: fg_cmd_*.c). */
#ifndef FG_CLI_H
#define FG_CLI_H
#include "fg_vm.h"
#include <stddef.h>

#define FG_VERSION "0.1.0"
#define FG_DEFAULT_RULESET "rulesets/national"

/* Options shared by run, test and serve. */
typedef struct fg_engine_opts {
    const char *ruleset;
    const char *catalog;
    fg_limits limits;
    size_t max_line;
} fg_engine_opts;

void fg_engine_opts_default(fg_engine_opts *o);
/* If argv[*i] is an engine option, consumes it (and its value) and returns
 * 1; returns -1 on a bad value (message printed), 0 if not ours. */
int fg_engine_opts_parse(fg_engine_opts *o, int argc, char **argv, int *i);
extern const char fg_engine_opts_help[];
/* Value of option argv[*i] (either "--opt VALUE" or "--opt=VALUE"). */
const char *fg_opt_value(int argc, char **argv, int *i, const char *name);
/* Prints the startup diagnostics and returns the exit status 2. */
int fg_cli_startup_failed(const char *what, const char *diag_text);

int fg_cmd_run(int argc, char **argv);
int fg_cmd_test(int argc, char **argv);
int fg_cmd_serve(int argc, char **argv);
int fg_cmd_check(int argc, char **argv);
int fg_cmd_compile(int argc, char **argv);

#endif
