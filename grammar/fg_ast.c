/* fg_ast — arena helpers for the syntax tree (see fg_ast.h). */
#include "fg_ast.h"
#include <string.h>

/* Capacity is implied by n: 4, then powers of two.  A new block is taken
 * when n reaches the capacity. */
void *fg_ast_grow(fg_arena *a, void *v, size_t n, size_t size)
{
    if (n != 0 && (n < 4 || (n & (n - 1)) != 0)) return v;
    size_t cap = n < 4 ? 4 : n * 2;
    void *nv = fg_arena_alloc(a, cap * size);
    if (n) memcpy(nv, v, n * size);
    return nv;
}

fg_node *fg_node_new(fg_arena *a, fg_nkind k, const fg_src *src, size_t off, size_t span,
                     uint32_t line)
{
    fg_node *n = fg_arena_alloc(a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->src = src;
    n->off = off;
    n->span = span;
    n->line = line;
    return n;
}

void fg_node_push(fg_arena *a, fg_node *parent, fg_node *kid)
{
    parent->kids = fg_ast_grow(a, parent->kids, parent->nkids, sizeof *parent->kids);
    parent->kids[parent->nkids++] = kid;
}
