/* Unit tests: fg_json (strict parsing, exact money) and fg_utf8. */
#include "fg_buf.h"
#include "fg_json.h"
#include "fg_utf8.h"
#include "tap.h"
#include <stdlib.h>

static fg_arena arena;
static fg_jparser jp;

static int parse(const char *s, fg_json *v, fg_jerr *e)
{
    fg_arena_reset(&arena);
    return fg_json_parse(&jp, s, strlen(s), v, e);
}

static void rejects(const char *s, const char *why)
{
    fg_json v;
    fg_jerr e;
    ok(parse(s, &v, &e) == -1, "rejects %s", why);
}

int main(void)
{
    fg_arena_init(&arena);
    fg_jparser_init(&jp, &arena);
    fg_json v;
    fg_jerr e;

    ok(parse("{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\u4e2d\\n\"}", &v, &e) == 0, "parses an object");
    is_int(v.type, FG_JOBJ, "root is an object");
    is_int(v.n, 3, "three members");
    const fg_json *c = fg_json_get(&v, "c", 1);
    ok(c && c->type == FG_JSTR && c->n == 5 && !memcmp(c->u.s, "x\xe4\xb8\xad\n", 5), "\\u escape decoded to UTF-8");
    const fg_json *b = fg_json_get(&v, "b", 1);
    ok(b && b->type == FG_JARR && b->n == 3 && b->u.a[0].type == FG_JTRUE, "array items");
    ok(parse("{\"s\":\"\\ud83d\\ude00\"}", &v, &e) == 0, "surrogate pair accepted");
    ok(parse("{\"a\":1,\"a\":2}", &v, &e) == 0 && fg_json_get(&v, "a", 1)->u.s[0] == '2', "last duplicate wins");

    rejects("", "an empty line");
    rejects("{", "an unterminated object");
    rejects("{\"a\":}", "a missing value");
    rejects("{\"a\":1,}", "a trailing comma");
    rejects("{\"a\":01}", "a leading zero");
    rejects("{\"a\":1.}", "a bare decimal point");
    rejects("{\"a\":\"x\ty\"}", "a raw control character");
    rejects("{\"a\":\"\\ud800\"}", "a lone surrogate");
    rejects("{\"a\":\"\xff\"}", "invalid UTF-8");
    rejects("{\"a\":\"\xc0\xaf\"}", "overlong UTF-8");
    rejects("{} x", "trailing garbage");
    rejects("{'a':1}", "single quotes");
    rejects("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nesting beyond 64");
    ok(parse("{\"a\" : \"x\" }", &v, &e) == 0, "whitespace around tokens");
    ok(parse("x", &v, &e) == -1 && e.off == 0, "error offset points at the bad byte");

    /* money is exact */
    int64_t fen;
    parse("[12.5, 0.1, 1999.99, 12.345, 100, 1e2, -0.05, 12.500, 1.5e-1]", &v, &e);
    ok(fg_json_fen(&v.u.a[0], &fen) == 0 && fen == 1250, "12.5 yuan is 1250 fen");
    ok(fg_json_fen(&v.u.a[1], &fen) == 0 && fen == 10, "0.1 yuan is 10 fen");
    ok(fg_json_fen(&v.u.a[2], &fen) == 0 && fen == 199999, "1999.99 yuan");
    ok(fg_json_fen(&v.u.a[3], &fen) == -1, "three decimals are refused");
    ok(fg_json_fen(&v.u.a[4], &fen) == 0 && fen == 10000, "integer yuan");
    ok(fg_json_fen(&v.u.a[5], &fen) == 0 && fen == 10000, "exponent form");
    ok(fg_json_fen(&v.u.a[6], &fen) == 0 && fen == -5, "negative amount");
    ok(fg_json_fen(&v.u.a[7], &fen) == 0 && fen == 1250, "trailing zeros are exact");
    ok(fg_json_fen(&v.u.a[8], &fen) == 0 && fen == 15, "1.5e-1 is 15 fen");
    int64_t a, b2;
    parse("[0.1, 0.2]", &v, &e);
    fg_json_fen(&v.u.a[0], &a);
    fg_json_fen(&v.u.a[1], &b2);
    is_int(a + b2, 30, "0.1 + 0.2 yuan is exactly 30 fen");

    /* clone */
    parse("{\"k\":[\"a\",{\"x\":1.5}],\"s\":\"\\u00e9\"}", &v, &e);
    fg_json *cl = fg_json_clone(&v);
    fg_arena_reset(&arena);
    ok(cl->type == FG_JOBJ && cl->n == 2 && !strcmp(cl->u.o[0].k, "k") &&
           cl->u.o[0].v.u.a[1].u.o[0].v.u.s[0] == '1', "deep clone survives the arena");
    free(cl);

    size_t bad;
    ok(fg_utf8_valid("中文abc", strlen("中文abc"), &bad), "valid UTF-8");
    ok(!fg_utf8_valid("ab\xed\xa0\x80", 5, &bad) && bad == 2, "surrogate encoded in UTF-8 refused at its offset");

    /* writing JSON strings: escapes, Chinese kept, invalid UTF-8 replaced */
    fg_buf w;
    fg_buf_init(&w);
    fg_buf_json_str(&w, "a\"b\\c\n\x01中", 10);
    is_str(fg_buf_cstr(&w), "\"a\\\"b\\\\c\\n\\u0001中\"", "escapes and UTF-8 kept");
    w.len = 0;
    fg_buf_json_str(&w, "x\xffy\xe4\xb8", 5);
    is_str(fg_buf_cstr(&w), "\"x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD\"", "invalid bytes become U+FFFD");
    w.len = 0;
    fg_buf_json_fen(&w, 1250);
    is_str(fg_buf_cstr(&w), "12.50", "fen as yuan with two decimals");
    fg_buf_free(&w);

    fg_jparser_free(&jp);
    fg_arena_free(&arena);
    return done_testing();
}
