/* fg_arena — bump allocator for per-event scratch memory.
 *
 * Everything decoded from one input line (JSON values, unescaped strings,
 * the synthetic event id) lives in an arena that is reset before the next
 * line, so the per-event path does not call malloc once the arena is warm. */
#ifndef FG_ARENA_H
#define FG_ARENA_H
#include <stddef.h>

typedef struct fg_arena_chunk fg_arena_chunk;
typedef struct fg_arena {
    fg_arena_chunk *head;   /* chunk being filled */
    fg_arena_chunk *spare;  /* chunks kept for reuse after a reset */
} fg_arena;

void fg_arena_init(fg_arena *a);
void *fg_arena_alloc(fg_arena *a, size_t n);          /* 8-byte aligned */
char *fg_arena_strndup(fg_arena *a, const char *s, size_t n);
void fg_arena_reset(fg_arena *a);
void fg_arena_free(fg_arena *a);

#endif
