/* fg_mem — checked heap allocation (see fg_mem.h). */
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fg_mem_fail(size_t n)
{
    fprintf(stderr, "fundguard: out of memory (request of %zu bytes)\n", n);
    exit(70);
}

void *fg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) fg_mem_fail(n);
    return p;
}

void *fg_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) fg_mem_fail(count * size);
    return p;
}

void *fg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) fg_mem_fail(n);
    return q;
}

char *fg_xstrndup(const char *s, size_t n)
{
    char *p = fg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *fg_xstrdup(const char *s)
{
    return fg_xstrndup(s, strlen(s));
}
