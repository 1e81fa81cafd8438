/* fg_main — the fundguard command: dispatches to the subcommands. */
#include "fg_cli.h"
#include <stdio.h>
#include <string.h>

static const char fg_help[] =
    "fundguard " FG_VERSION " - rule engine for medical insurance fund supervision\n"
    "\n"
    "usage: fundguard COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run      evaluate a ruleset over an NDJSON event stream, write alerts\n"
    "  test     run fixture files (expected alerts) against a ruleset, print TAP\n"
    "  serve    run as a daemon: events from sockets and files, hot reload, admin\n"
    "  check    compile and load rules or a ruleset without running them\n"
    "  compile  print the Lua a .rule file compiles to (--emit-lua)\n"
    "\n"
    "Run `fundguard COMMAND --help` for the options of a command.\n"
    "Documentation: README.md and docs/ in the source tree.\n";

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(fg_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("fundguard %s\n", FG_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run")) return fg_cmd_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "test")) return fg_cmd_test(argc - 1, argv + 1);
    if (!strcmp(argv[1], "serve")) return fg_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(argv[1], "check")) return fg_cmd_check(argc - 1, argv + 1);
    if (!strcmp(argv[1], "compile")) return fg_cmd_compile(argc - 1, argv + 1);
    fprintf(stderr, "fundguard: unknown command '%s' (see fundguard --help)\n", argv[1]);
    return 2;
}
