/* fg_money — exact money: yuan written in decimal, held as integer fen.
 *
 * Binary floating point never touches money: 0.1 + 0.2 yuan is 30 fen. */
#ifndef FG_MONEY_H
#define FG_MONEY_H
#include <stddef.h>
#include <stdint.h>

/* "12", "12.5", "-0.05", "1999.99" -> fen.  NULL or an error message. */
const char *fg_money_parse(const char *s, size_t n, int64_t *fen);
/* "12.50" into out (at least 24 bytes). */
void fg_money_fmt(int64_t fen, char *out, size_t outlen);

#endif
