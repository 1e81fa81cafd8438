/* fg_money — exact money in fen (see fg_money.h). */
#include "fg_money.h"
#include <stdio.h>

const char *fg_money_parse(const char *s, size_t n, int64_t *fen)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= n) return "amount expected";
    int64_t yuan = 0;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (yuan > 9000000000000LL) return "amount too large";
        yuan = yuan * 10 + (s[i++] - '0');
        digits++;
    }
    int64_t cents = 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t d = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (d < 2) cents = cents * 10 + (s[i] - '0');
            else if (s[i] != '0') return "more than 2 decimals (money is exact to the fen)";
            d++;
            i++;
        }
        if (d == 0) return "digit expected after '.'";
        if (d == 1) cents *= 10;
        digits += d;
    }
    if (!digits) return "amount expected";
    if (i != n) return "not an amount of yuan";
    *fen = (neg ? -1 : 1) * (yuan * 100 + cents);
    return NULL;
}

void fg_money_fmt(int64_t fen, char *out, size_t outlen)
{
    unsigned long long mag = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    snprintf(out, outlen, "%s%llu.%02llu", fen < 0 ? "-" : "", mag / 100, mag % 100);
}
