/* fg_record — a host-owned record merged field by field from events.
 *
 * Persons, institutions and encounters are records: every field an event
 * gave (known or not) is kept, and a later event replaces only the fields
 * it gives (null means "not given").  The fields live in one heap block (a
 * cloned JSON object), rebuilt on merge: records are read far more often
 * than they change, and one block per record keeps memory and frees low. */
#ifndef FG_RECORD_H
#define FG_RECORD_H
#include "fg_json.h"
#include "fg_map.h"
#include <stdint.h>

typedef struct fg_record {
    fg_mkey mk;             /* key bytes live in kbuf */
    int64_t t_first, t_last;/* event times of the first and latest update */
    int64_t t0, t1;         /* encounter: start and discharge instants */
    uint32_t flags;         /* owner-defined */
    fg_json *obj;           /* merged fields (an object), or NULL */
    char kbuf[];
} fg_record;

fg_record *fg_record_new(const char *key, size_t n);
void fg_record_free(fg_record *r);
const fg_json *fg_record_get(const fg_record *r, int fid);
const fg_json *fg_record_get_name(const fg_record *r, const char *k, size_t n);
/* Merges every non-null member of obj except type, time and id.
 * rename (optional) maps a known field to the name to store it under. */
typedef const char *(*fg_record_rename_fn)(int fid);
void fg_record_merge(fg_record *r, const fg_json *obj, fg_record_rename_fn rename);
/* String value of a known field, or NULL. */
const char *fg_record_str(const fg_record *r, int fid, uint32_t *n);

#endif
