/* fg_record — a host-owned record merged field by field from events.
 *
 * Persons, institutions and encounters are records: every field an event
 * gave (known or not) is kept as a private copy of its JSON value, and a
 * later event replaces only the fields it gives (null means "not given").
 * Known fields are found by field index, others by name. */
#ifndef FG_RECORD_H
#define FG_RECORD_H
#include "fg_json.h"
#include "fg_map.h"
#include <stdint.h>

typedef struct fg_rfield {
    int32_t fid;            /* fg_field index, or -1 */
    uint32_t klen;
    char *key;              /* owned copy of the name */
    fg_json *val;           /* owned deep copy */
} fg_rfield;

typedef struct fg_record {
    fg_mkey mk;             /* key bytes live in kbuf */
    int64_t t_first, t_last;/* event times of the first and latest update */
    int64_t t0, t1;         /* encounter: start and discharge instants */
    uint32_t flags;         /* owner-defined */
    uint32_t n, cap;
    fg_rfield *fields;
    char kbuf[];
} fg_record;

fg_record *fg_record_new(const char *key, size_t n);
void fg_record_free(fg_record *r);
const fg_json *fg_record_get(const fg_record *r, int fid);
const fg_json *fg_record_get_name(const fg_record *r, const char *k, size_t n);
/* Sets (replaces) one field with a copy of v. */
void fg_record_set(fg_record *r, const char *k, size_t klen, const fg_json *v);
/* Merges every non-null member of obj except type, time and id.
 * rename (optional) maps a field name to the name to store it under. */
typedef const char *(*fg_record_rename_fn)(int fid);
void fg_record_merge(fg_record *r, const fg_json *obj, fg_record_rename_fn rename);
/* String value of a known field, or NULL. */
const char *fg_record_str(const fg_record *r, int fid, uint32_t *n);

#endif
