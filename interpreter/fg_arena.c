/* fg_arena — bump allocator for per-event scratch memory (see fg_arena.h). */
#include "fg_arena.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

#define FG_ARENA_CHUNK 65536

struct fg_arena_chunk {
    fg_arena_chunk *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
};

void fg_arena_init(fg_arena *a)
{
    a->head = NULL;
    a->spare = NULL;
}

static fg_arena_chunk *fg_arena_chunk_new(size_t need)
{
    size_t cap = need > FG_ARENA_CHUNK ? need : FG_ARENA_CHUNK;
    fg_arena_chunk *c = fg_xmalloc(sizeof *c + cap);
    c->cap = cap;
    c->used = 0;
    c->next = NULL;
    return c;
}

void *fg_arena_alloc(fg_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    fg_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        if (a->spare && a->spare->cap >= n) {
            c = a->spare;
            a->spare = c->next;
        } else {
            c = fg_arena_chunk_new(n);
        }
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

char *fg_arena_strndup(fg_arena *a, const char *s, size_t n)
{
    char *p = fg_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void fg_arena_reset(fg_arena *a)
{
    /* Keep the chunks for the next event; give back oversized ones so one
     * huge line does not pin its memory for the rest of the run. */
    fg_arena_chunk *c = a->head;
    while (c) {
        fg_arena_chunk *next = c->next;
        if (c->cap > FG_ARENA_CHUNK) {
            free(c);
        } else {
            c->next = a->spare;
            a->spare = c;
        }
        c = next;
    }
    a->head = NULL;
}

void fg_arena_free(fg_arena *a)
{
    fg_arena_reset(a);
    fg_arena_chunk *c = a->spare;
    while (c) {
        fg_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->spare = NULL;
}
