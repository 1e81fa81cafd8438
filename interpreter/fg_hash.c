/* fg_hash — 64-bit hashing of byte strings (see fg_hash.h).
 *
 * Reads 8 bytes at a time (little-endian, independent of the host byte
 * order), folds each word into the state with a multiply, and finishes with
 * the splitmix64 avalanche so that short keys differing in one byte spread
 * over the whole word. */
#include "fg_hash.h"
#include <string.h>

static inline uint64_t fg_hash_load(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)p[i] << (8 * i);
    return w;
}

static inline uint64_t fg_hash_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t fg_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (n + 1));
    while (n >= 8) {
        uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&w, p, 8);
#else
        w = fg_hash_load(p, 8);
#endif
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) h = (h ^ fg_hash_load(p, n)) * 0xc4ceb9fe1a85ec53ULL;
    return fg_hash_mix(h);
}

void fg_hash_hex(uint64_t h, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[h & 15];
        h >>= 4;
    }
    out[16] = '\0';
}
