/* Unit tests: the rule language front end (grammar/) — the scanner's
 * tokens, the parser's recovery, the checker's names and types, and the
 * generator's Lua (which must load, and compute money exactly). */
#include "fg_arena.h"
#include "fg_dsl.h"
#include "fg_lex.h"
#include "tap.h"
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>

/* ---- scanner ---- */

static fg_arena arena;

static int lex_all(const char *src, fg_tok *out, int max, int *errors)
{
    fg_diag d;
    fg_diag_init(&d);
    fg_lexer lx;
    fg_lex_init(&lx, "t.rule", src, strlen(src), 0, strlen(src), 1, 0, &arena, &d);
    int n = 0;
    for (;;) {
        fg_tok t = fg_lex_next(&lx);
        if (t.kind == FG_T_EOF || n == max) break;
        out[n++] = t;
    }
    *errors = d.errors;
    fg_diag_free(&d);
    return n;
}

static void test_lexer(void)
{
    fg_tok t[32];
    int err, n;
    n = lex_all("15d 24h 10m 10min 90s", t, 32, &err);
    ok(n == 5 && !err, "five durations");
    ok(t[0].kind == FG_T_DURATION && t[0].ival == 15 * 86400, "15d is 1296000 s");
    ok(t[3].ival == 600 && t[4].ival == 90, "10min and 90s");
    n = lex_all("10000元 12.50元 0.1元", t, 32, &err);
    ok(n == 3 && t[0].kind == FG_T_MONEY && t[0].ival == 1000000, "10000元 is 1000000 fen");
    ok(t[1].ival == 1250 && t[2].ival == 10, "12.50元 and 0.1元 exactly");
    n = lex_all("60% 2025-04-01 06:00 23:59:59", t, 32, &err);
    ok(n == 4 && t[0].kind == FG_T_PERCENT && t[0].dval == 60, "60%%");
    ok(t[1].kind == FG_T_DATE && t[2].kind == FG_T_CLOCK && t[2].ival == 6 * 3600, "a date and a time of day");
    ok(t[3].ival == 86399, "23:59:59");
    n = lex_all("a / b == /^Z5[01]/", t, 32, &err);
    ok(n == 5 && t[1].kind == FG_T_SLASH && t[4].kind == FG_T_REGEX, "division after a name, regex where a value starts");
    ok(n == 5 && t[4].text && !strcmp(t[4].text, "^Z5[01]"), "the pattern text");
    n = lex_all("x matches /a\\/b[/]c/", t, 32, &err);
    ok(n == 3 && t[2].kind == FG_T_REGEX && t[2].text && !strcmp(t[2].text, "a/b[/]c"), "\\/ and / inside [] in a regex");
    n = lex_all("规则 x 且 y 或 不 z 否则如果", t, 32, &err);
    ok(n == 8 && !err && t[0].kind == FG_T_RULE && t[2].kind == FG_T_AND && t[4].kind == FG_T_OR &&
       t[5].kind == FG_T_NOT && t[7].kind == FG_T_ELIF, "Chinese keywords, longest alias first");
    n = lex_all("等级 高", t, 32, &err);
    ok(n == 2 && t[0].kind == FG_T_IDENT && !strcmp(t[0].text, "severity") && !strcmp(t[1].text, "high"),
       "contextual words come out as their English names");
    n = lex_all("\"参保人{e.psn_no}于{e.time}\"", t, 32, &err);
    ok(n == 1 && t[0].kind == FG_T_STRING && !err, "a Chinese string with holes is one token");
    n = lex_all("\"a {f(\"}\")} b\"", t, 32, &err);
    ok(n == 1 && t[0].kind == FG_T_STRING && !err, "a string inside a hole");
    lex_all("x，y", t, 32, &err);
    ok(err == 1, "full-width comma: one error");
    lex_all("2025-02-30 25:00 15x 1.5d", t, 32, &err);
    ok(err == 4, "bad date, time of day and durations are errors");
    lex_all("\"open", t, 32, &err);
    ok(err == 1, "unterminated string");
    n = lex_all("# a comment with 中文\nx", t, 32, &err);
    ok(n == 1 && t[0].line == 2 && t[0].col == 1, "comments, line and column");
}

/* ---- front end ---- */

static int compile(const char *src, fg_buf *lua, fg_diag *d)
{
    fg_diag_init(d);
    fg_buf_init(lua);
    return fg_dsl_compile("t.rule", src, strlen(src), FG_DSL_NO_FILES, lua, d);
}

static int lua_loads(const fg_buf *lua)
{
    lua_State *L = luaL_newstate();
    int ok_ = luaL_loadbufferx(L, lua->p, lua->len, "=t", "t") == LUA_OK;
    if (!ok_) printf("# %s\n", lua_tostring(L, -1));
    lua_close(L);
    return ok_;
}

#define HEAD "rule t \"测试\"\n  basis \"b\"\n  severity low\n"

static void accepts(const char *body, const char *what)
{
    char src[4096];
    snprintf(src, sizeof src, "%s%s", HEAD, body);
    fg_buf lua;
    fg_diag d;
    int rc = compile(src, &lua, &d);
    ok(rc == 0 && lua_loads(&lua), "accepts %s", what);
    if (rc) printf("# %.*s", (int)d.text.len, d.text.p);
    fg_buf_free(&lua);
    fg_diag_free(&d);
}

/* Rejected with `errors` errors, the first containing `msg`. */
static void rejects(const char *body, int errors, const char *msg, const char *what)
{
    char src[4096];
    snprintf(src, sizeof src, "%s%s", HEAD, body);
    fg_buf lua;
    fg_diag d;
    int rc = compile(src, &lua, &d);
    const char *text = fg_buf_cstr(&d.text);
    ok(rc == -1 && d.errors == errors && strstr(text, msg) && lua.len == 0, "rejects %s", what);
    if (!(rc == -1 && d.errors == errors && strstr(text, msg)))
        printf("# %d errors, want %d with '%s':\n%s", d.errors, errors, msg, text);
    fg_buf_free(&lua);
    fg_diag_free(&d);
}

static int gen_contains(const char *body, const char *needle)
{
    char src[4096];
    snprintf(src, sizeof src, "%s%s", HEAD, body);
    fg_buf lua;
    fg_diag d;
    int rc = compile(src, &lua, &d);
    int found = rc == 0 && strstr(fg_buf_cstr(&lua), needle) != NULL;
    if (!found) printf("# no '%s' in:\n%.*s%.*s", needle, (int)lua.len, lua.p, (int)d.text.len, d.text.p);
    fg_buf_free(&lua);
    fg_diag_free(&d);
    return found;
}

static void test_front_end(void)
{
    accepts("on fee as line\n  when line.cnt > 0\n  alert \"{line.psn_no}\"\n", "a minimal rule");
    accepts("param w = 15d\nparam r = /^Z5/\nparam m = 10元\nparam p = 60%\nparam d: date = none\n"
            "param l = [\"a\", \"b\"]\nparam t = 06:00\nparam f = true\nparam s = \"x\"\nparam n = 1.5\n"
            "on fee as line\n  when line.psn_no in l and line.pric > m and line.time_of_day < t\n  alert \"x\"\n",
            "parameters of every type");
    accepts("on fee as line\n  let x = if line.cnt > 1 then 1 elif line.cnt > 0 then 2 else 3\n  alert \"{x}\"\n",
            "if/elif/else values");
    accepts("macro big(x) = x > 100元\non fee as line\n  when big(line.pric)\n  alert \"x\"\n", "a macro");
    accepts("list codes = [\"A\", \"B\", \"C\", \"D\", \"E\"]\non fee as line\n  when line.med_list_codg in codes\n  alert \"x\"\n",
            "a named list");
    accepts("field fee.hosp_dept: string\non fee as line\n  when line.hosp_dept == \"X\"\n  alert \"x\"\n",
            "a declared custom field");
    accepts("field my_event.amount: money\non my_event as m\n  when m.amount > 1元\n  alert \"x\"\n",
            "a custom event type");
    accepts("store s = window (n: int, note: string) keep 30d\non fee as line\n"
            "  s.push(line.psn_no, n: 1, note: line.feedetl_sn)\n"
            "  for each x in s.entries(line.psn_no, within: 30d) do\n    when x.n > 0\n  end\n"
            "  when s.count(line.psn_no, within: 30d) > 3 and s.sum(line.psn_no, within: 1d) > 2\n"
            "  alert \"x\"\n", "window stores");
    accepts("on alerts as e\n  let n = count(alerts where it.severity == \"high\")\n  when n > 0\n  alert \"{n}\"\n",
            "an alerts listener");

    rejects("on fee as line\n  when line.psn_noo == \"1\"\n  alert \"x\"\n", 1, "fee events have no field 'psn_noo'",
            "an unknown field");
    rejects("on fee as line\n  when linetotal(line) > 1元\n  alert \"x\"\n", 1, "unknown function 'linetotal'",
            "an unknown function");
    rejects("on fee as line\n  when line.cnt > windw\n  alert \"x\"\n", 1, "unknown name 'windw'", "an unknown name");
    rejects("on fees as line\n  alert \"x\"\n", 1, "unknown event type 'fees'", "an unknown event type");
    rejects("on fee as line\n  when line.pric > 100\n  alert \"x\"\n", 1, "cannot compare money with number",
            "money against a count");
    rejects("on fee as line\n  when line.med_list_codg matches \"^X\"\n  alert \"x\"\n", 1,
            "'matches' needs a regex, found a string", "a string where a regex is needed");
    rejects("on fee as line\n  when line.time > line.date\n  alert \"x\"\n", 1, "cannot compare instant with date",
            "an instant against a date");
    rejects("on fee as line\n  when line.cnt > 0\n  alert \"x\" amount line.cnt\n", 1, "the amount must be money",
            "an amount that is not money");
    rejects("on fee as line\n  when line.nosuch > 0 and line.pric > 1\n  when x\n  alert \"{y}\"\n", 4,
            "no field 'nosuch'", "four errors, all reported");
    rejects("on fee as line\n  if line.cnt > 0\n    alert \"x\"\n  end\n  when line.nope\n", 2, "expected then",
            "a syntax error and a checker error together");
    rejects("macro m(x) = m(x)\non fee as line\n  when m(1)\n  alert \"x\"\n", 1, "is recursive", "a recursive macro");
    rejects("on fee as line\n  alert \"x\"\n  stop\n", 1, "never reached", "unreachable code");
    rejects("store s = kv\non fee as line\n  s.put(line.psn_no)\n  alert \"x\"\n", 1, "put needs until:", "an entry without expiry");
    rejects("on fee as line\n  alert \"{line.psn_no\"\n", 1, "unclosed '{'", "an unclosed hole");
    rejects("param x: && = 1\non fee as line\n  alert \"x\"\n", 1, "'&&' is written 'and'",
            "&& where a type is expected (found by fuzz/run.sh)");

    /* the shape of the generated code */
    ok(gen_contains("on fee as line\n  when line.cnt > 0 and line.pric > 1元\n  alert \"{line.psn_no}{line.psn_no}\"\n",
                    "local _f_psn_no = line.psn_no"), "a field read once, into a local");
    ok(gen_contains("on fee as line\n  when line.prd_days > 3\n  alert \"x\"\n",
                    "(_f_prd_days ~= nil and _f_prd_days > 3)"), "a comparison with an absent side is false");
    ok(gen_contains("on fee as line\n  when line.prd_days is present\n  when line.prd_days > 3\n  alert \"x\"\n",
                    "if not (_f_prd_days > 3)"), "no guard once the field is known present");
    ok(gen_contains("on fee as line\n  alert \"x\" amount line.pric * line.cnt\n", "_h_mmul(_f_pric, _f_cnt)"),
       "money times a number is exact");
    ok(gen_contains("on fee, sale as line\n  when line.drug_trac_codg is not empty\n  alert \"x\"\n",
                    "requires = {\"drug_trac_codg\"}"), "a leading guard becomes requires");
    ok(gen_contains("on admission as a\n  let p = person(a.psn_no)\n  when p is present\n  alert \"x\"\n",
                    "_fg_person_field(p, \"psn_no\") ~= nil"), "a record read field by field makes no view");
    ok(gen_contains("on admission as a\n  let p = person(a.psn_no)\n  when p.gend == \"1\" and count(stays(p.psn_no)) > 0\n  alert \"x\"\n",
                    "_fg_person_field(p, \"gend\")"), "a field of the record: fg.person_field");
    ok(gen_contains("on admission as a\n  let p = person(a.psn_no)\n  let q = p\n  when q is present\n  alert \"x\"\n",
                    "(a._person or nil)"), "a record copied to another name: a view (the engine's link)");
    ok(gen_contains("on admission as a\n  let p = person(a.psn_no)\n  when age(p, a.time) > 3\n  alert \"x\"\n",
                    "(a._person or nil)"), "a record passed whole: the engine's link of the event's person");
    ok(gen_contains("on admission as a\n  let bad = diagnoses(a) where it matches /^O/\n  when bad is not empty\n  alert \"{bad}\"\n",
                    "_fg_diag_matches(_re1, a)"), "a diagnosis filter without building the list");
}

/* Runs the generated chunk's money helper in a plain Lua state. */
static void test_money(void)
{
    /* comments first: the prologue gets a line per helper */
    const char *src = HEAD "#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n"
                      "on fee as line\n  alert \"x\" amount line.pric * line.cnt\n";
    fg_buf lua;
    fg_diag d;
    compile(src, &lua, &d);
    const char *s = fg_buf_cstr(&lua);
    const char *a = strstr(s, "local function _h_round");
    const char *b = strstr(s, "local function _h_mmul");
    ok(a && b && strchr(a, '\n') < b, "the chunk has the money helpers, one a line");
    if (a && b && strchr(a, '\n') < b) {
        const char *e = strchr(b, '\n');
        fg_buf code;
        fg_buf_init(&code);
        const char *ea = strstr(a, "\n");
        fg_buf_put(&code, a, (size_t)(ea - a));
        fg_buf_puts(&code, "\n");
        fg_buf_put(&code, b, e ? (size_t)(e - b) : strlen(b));
        fg_buf_puts(&code, "\nreturn _h_mmul(1005, 0.3), _h_mmul(1005, 1.1), _h_mmul(-1005, 0.3), _h_mmul(333, 3), _h_mmul(1, 0.5)\n");
        lua_State *L = luaL_newstate();
        luaL_openlibs(L);
        int rc = luaL_dostring(L, fg_buf_cstr(&code));
        ok(rc == LUA_OK, "the helpers run");
        if (rc == LUA_OK) {
            is_int(lua_tointeger(L, -5), 302, "1005 fen x 0.3 = 301.5 -> 302 (half away from zero)");
            is_int(lua_tointeger(L, -4), 1106, "1005 fen x 1.1 = 1105.5 -> 1106, not 1105");
            is_int(lua_tointeger(L, -3), -302, "negative halves go away from zero");
            is_int(lua_tointeger(L, -2), 999, "integer factors stay integer");
            is_int(lua_tointeger(L, -1), 1, "0.5 fen -> 1");
        } else {
            printf("# %s\n", lua_tostring(L, -1));
        }
        lua_close(L);
        fg_buf_free(&code);
    }
    fg_buf_free(&lua);
    fg_diag_free(&d);
}

int main(void)
{
    fg_arena_init(&arena);
    test_lexer();
    test_front_end();
    test_money();
    fg_arena_free(&arena);
    return done_testing();
}
