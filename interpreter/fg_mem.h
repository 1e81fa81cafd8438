/* fg_mem — checked heap allocation.
 *
 * The engine treats running out of heap in host code as fatal: it prints one
 * line naming the request and exits with status 70.  Lua states have their own
 * capped allocator (fg_lua.c); this file is only for host structures. */
#ifndef FG_MEM_H
#define FG_MEM_H
#include <stddef.h>

void *fg_xmalloc(size_t n);
void *fg_xcalloc(size_t count, size_t size);
void *fg_xrealloc(void *p, size_t n);
char *fg_xstrndup(const char *s, size_t n);
char *fg_xstrdup(const char *s);

#endif
