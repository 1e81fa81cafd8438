/* fg_utf8 — UTF-8 validation and encoding.
 *
 * Input lines, catalog cells and rule sources must be valid UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
#ifndef FG_UTF8_H
#define FG_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Length of the valid sequence starting at s (1..4), or 0 if invalid. */
size_t fg_utf8_seq(const unsigned char *s, size_t n);
/* 1 if all of s is valid; otherwise 0 and *bad = offset of the first bad byte. */
int fg_utf8_valid(const char *s, size_t n, size_t *bad);
/* Writes code point cp (<= 0x10FFFF, not a surrogate) to out; returns length. */
size_t fg_utf8_put(uint32_t cp, char out[4]);

#endif
