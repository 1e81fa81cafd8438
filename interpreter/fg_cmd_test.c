/* fg_cmd_test — `fundguard test` (placeholder until the fixture runner lands). */
#include "fg_cli.h"
#include <stdio.h>
int fg_cmd_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "fundguard test: not yet available\n");
    return 2;
}
