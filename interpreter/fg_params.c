/* fg_params — typed rule parameters (see fg_params.h). */
#include "fg_params.h"
#include "fg_money.h"
#include "fg_regex.h"
#include "fg_time.h"
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

static const char *const fg_ptype_names[FG_P__COUNT] = {
    "int", "number", "duration", "money", "percent", "date", "time", "string", "regex",
    "list", "bool",
};

int fg_ptype_lookup(const char *name)
{
    for (int i = 0; i < FG_P__COUNT; i++)
        if (!strcmp(fg_ptype_names[i], name)) return i;
    return -1;
}

const char *fg_ptype_name(fg_ptype t)
{
    return fg_ptype_names[t];
}

static int fg_parse_int(const char *s, long long *out)
{
    char *end;
    if (!*s) return -1;
    long long v = strtoll(s, &end, 10);
    if (*end) return -1;
    *out = v;
    return 0;
}

static int fg_parse_number(const char *s, double *out)
{
    char *end;
    if (!*s) return -1;
    double v = strtod(s, &end);
    if (*end) return -1;
    *out = v;
    return 0;
}

/* "15d" -> seconds */
static int fg_parse_duration(const char *s, long long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v < 0) return -1;
    long long unit;
    if (!strcmp(end, "d")) unit = 86400;
    else if (!strcmp(end, "h")) unit = 3600;
    else if (!strcmp(end, "m") || !strcmp(end, "min")) unit = 60;
    else if (!strcmp(end, "s")) unit = 1;
    else return -1;
    *out = v * unit;
    return 0;
}

static int fg_parse_money(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n >= 3 && !strcmp(s + n - 3, "元")) n -= 3;
    return fg_money_parse(s, n, out) ? -1 : 0;
}

static int fg_parse_time(const char *s, long long *out)
{
    int h, m, sec = 0;
    size_t n = strlen(s);
    if ((n != 5 && n != 8) || s[2] != ':' || (n == 8 && s[5] != ':')) return -1;
    for (size_t i = 0; i < n; i++)
        if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9')) return -1;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    if (n == 8) sec = (s[6] - '0') * 10 + (s[7] - '0');
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec))) return -1;
    *out = h * 3600 + m * 60 + sec;
    return 0;
}

const char *fg_param_check(fg_ptype t, const char *s)
{
    long long i;
    double d;
    int64_t f;
    switch (t) {
    case FG_P_INT: return fg_parse_int(s, &i) ? "a whole number expected" : NULL;
    case FG_P_NUMBER: return fg_parse_number(s, &d) ? "a number expected" : NULL;
    case FG_P_DURATION:
        return fg_parse_duration(s, &i) ? "a duration expected, like 15d, 24h, 10m or 90s" : NULL;
    case FG_P_MONEY: return fg_parse_money(s, &f) ? "an amount of yuan expected, like 10000 or 12.50" : NULL;
    case FG_P_PERCENT: {
        size_t n = strlen(s);
        if (!n || s[n - 1] != '%') return "a percentage expected, like 60%";
        char tmp[64];
        if (n >= sizeof tmp) return "a percentage expected, like 60%";
        memcpy(tmp, s, n - 1);
        tmp[n - 1] = '\0';
        return fg_parse_number(tmp, &d) ? "a percentage expected, like 60%" : NULL;
    }
    case FG_P_DATE: {
        int64_t day;
        if (!strcmp(s, "none")) return NULL;
        return fg_date_parse(s, strlen(s), &day) ? "a date YYYY-MM-DD (or none) expected" : NULL;
    }
    case FG_P_TIME: return fg_parse_time(s, &i) ? "a time of day expected, like 06:00" : NULL;
    case FG_P_BOOL: return strcmp(s, "true") && strcmp(s, "false") ? "true or false expected" : NULL;
    case FG_P_REGEX: {
        static _Thread_local char msg[200];
        size_t off;
        fg_regex *re = fg_regex_compile(s, strlen(s), msg, sizeof msg, &off);
        if (!re) return msg;
        fg_regex_free(re);
        return NULL;
    }
    default: return NULL;
    }
}

void fg_param_push(lua_State *L, fg_ptype t, const char *s)
{
    long long i = 0;
    double d = 0;
    int64_t f = 0;
    switch (t) {
    case FG_P_INT: fg_parse_int(s, &i); lua_pushinteger(L, i); return;
    case FG_P_NUMBER: fg_parse_number(s, &d); lua_pushnumber(L, d); return;
    case FG_P_DURATION: fg_parse_duration(s, &i); lua_pushinteger(L, i); return;
    case FG_P_MONEY: fg_parse_money(s, &f); lua_pushinteger(L, f); return;
    case FG_P_PERCENT: {
        char tmp[64];
        size_t n = strlen(s);
        memcpy(tmp, s, n - 1);
        tmp[n - 1] = '\0';
        fg_parse_number(tmp, &d);
        if (d == (double)(long long)d) lua_pushinteger(L, (lua_Integer)d);
        else lua_pushnumber(L, d);
        return;
    }
    case FG_P_DATE: {
        int64_t day;
        if (!strcmp(s, "none") || fg_date_parse(s, strlen(s), &day)) lua_pushboolean(L, 0);
        else lua_pushinteger(L, day);
        return;
    }
    case FG_P_TIME: fg_parse_time(s, &i); lua_pushinteger(L, i); return;
    case FG_P_BOOL: lua_pushboolean(L, !strcmp(s, "true")); return;
    case FG_P_REGEX:
        lua_getfield(L, LUA_REGISTRYINDEX, "fg.api");
        lua_getfield(L, -1, "regex");
        lua_remove(L, -2);
        lua_pushstring(L, s);
        lua_call(L, 1, 1);
        return;
    case FG_P_LIST: {
        lua_newtable(L);
        lua_Integer k = 0;
        const char *p = s;
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            while (n && *p == ' ') {
                p++;
                n--;
            }
            size_t m = n;
            while (m && p[m - 1] == ' ') m--;
            if (m) {
                lua_pushlstring(L, p, m);
                lua_rawseti(L, -2, ++k);
            }
            if (!bar) break;
            p = bar + 1;
        }
        return;
    }
    default: lua_pushstring(L, s); return;
    }
}
