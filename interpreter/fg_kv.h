/* fg_kv — a named key/value store with expiry, owned by the host.
 *
 * The general-purpose state of rules: "last discharge of this person at this
 * institution", "units of this item billed today", "already alerted for this
 * pair today".  A value is two integers and one string; an entry is live
 * while its expiry is at or after the event time asking for it, and is freed
 * by an incremental sweep once the engine's watermark (the latest event time
 * seen) has passed it, so memory is bounded by the rules' retention. */
#ifndef FG_KV_H
#define FG_KV_H
#include "fg_map.h"
#include <stdint.h>

typedef struct fg_kvent {
    fg_mkey mk;
    int64_t expire;         /* instant after which the entry is dead */
    int64_t a, b;
    char *s;                /* owned, NUL-terminated, or NULL */
    uint32_t slen;
    char kbuf[];
} fg_kvent;

typedef struct fg_kv {
    fg_map map;
    size_t sweep;
} fg_kv;

void fg_kv_init(fg_kv *kv);
void fg_kv_free(fg_kv *kv);
/* Live entry for key at instant now, or NULL. */
fg_kvent *fg_kv_get(fg_kv *kv, const char *k, size_t n, int64_t now);
/* Entry for key, created zeroed (a = b = 0, s = NULL) when absent or dead. */
fg_kvent *fg_kv_upsert(fg_kv *kv, const char *k, size_t n, int64_t now, int *created);
void fg_kv_set_str(fg_kvent *e, const char *s, size_t n);
int fg_kv_del(fg_kv *kv, const char *k, size_t n);
void fg_kv_sweep(fg_kv *kv, int64_t watermark, int steps);
size_t fg_kv_count(const fg_kv *kv);

#endif
