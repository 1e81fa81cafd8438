/* fg_hash — 64-bit hashing of byte strings.
 *
 * One function serves the hash tables (speed matters, any seed) and the
 * content hashes that name rule versions and alerts (stability matters: the
 * same bytes must give the same value on every machine and every release,
 * since alert ids are compared across replays).  Do not change the mixing
 * without changing FG_HASH_VERSION in the alert id scheme. */
#ifndef FG_HASH_H
#define FG_HASH_H
#include <stddef.h>
#include <stdint.h>

uint64_t fg_hash64(const void *data, size_t n, uint64_t seed);
/* 16 lowercase hex digits and a NUL into out[17]. */
void fg_hash_hex(uint64_t h, char out[17]);

#endif
