/* fg_intern — string interning (see fg_intern.h). */
#include "fg_intern.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

typedef struct fg_istr {
    fg_mkey mk;
    uint32_t id;
    char kbuf[];
} fg_istr;

void fg_intern_init(fg_intern *in)
{
    fg_map_init(&in->map);
    in->byid = NULL;
    in->n = in->cap = 0;
}

void fg_intern_free(fg_intern *in)
{
    for (uint32_t i = 0; i < in->n; i++) free(in->byid[i]);
    free(in->byid);
    fg_map_free(&in->map);
}

uint32_t fg_intern_id(fg_intern *in, const char *s, size_t n)
{
    uint64_t h = fg_map_hash(s, n);
    fg_istr *is = fg_map_get(&in->map, s, n, h);
    if (is) return is->id;
    is = fg_xmalloc(sizeof *is + n + 1);
    memcpy(is->kbuf, s, n);
    is->kbuf[n] = '\0';
    is->mk.key = is->kbuf;
    is->mk.klen = (uint32_t)n;
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 64;
        in->byid = fg_xrealloc(in->byid, in->cap * sizeof *in->byid);
    }
    in->byid[in->n++] = is;
    is->id = in->n;
    fg_map_put(&in->map, &is->mk, h);
    return is->id;
}

const char *fg_intern_str(const fg_intern *in, uint32_t id, uint32_t *n)
{
    if (id == 0 || id > in->n) return NULL;
    if (n) *n = in->byid[id - 1]->mk.klen;
    return in->byid[id - 1]->kbuf;
}
