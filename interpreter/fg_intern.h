/* fg_intern — small integers for strings that repeat without bound in the
 * event stream but come from a bounded set (institution codes).
 *
 * Ids start at 1 and are never reused; 0 means "none". */
#ifndef FG_INTERN_H
#define FG_INTERN_H
#include "fg_map.h"
#include <stdint.h>

typedef struct fg_intern {
    fg_map map;
    struct fg_istr **byid;  /* index id-1 */
    uint32_t n, cap;
} fg_intern;

void fg_intern_init(fg_intern *in);
void fg_intern_free(fg_intern *in);
uint32_t fg_intern_id(fg_intern *in, const char *s, size_t n);
const char *fg_intern_str(const fg_intern *in, uint32_t id, uint32_t *n);

#endif
