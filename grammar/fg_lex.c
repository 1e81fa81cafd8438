/* fg_lex — the scanner of the rule language (see fg_lex.h). */
#include "fg_lex.h"
#include "fg_arena.h"
#include "fg_money.h"
#include "fg_time.h"
#include "fg_utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fg_kw_text[] = {
#define FG_KW_TEXT(id, text) text,
    FG_KEYWORDS(FG_KW_TEXT)
#undef FG_KW_TEXT
};
#define FG_NKW (sizeof fg_kw_text / sizeof fg_kw_text[0])

/* Longest aliases first where one is a prefix of another. */
const char *const fg_lex_aliases[] = {
    "规则", "rule", "引用", "use", "参数", "param", "名单", "list", "宏", "macro",
    "字段", "field", "存储", "store", "监听", "on", "记为", "as", "设", "let", "令", "set",
    "仅当", "when", "除非", "unless", "如果", "if", "则", "then", "否则如果", "elif",
    "否则", "else", "结束", "end", "对于", "for", "每个", "each", "属于", "in", "执行", "do",
    "其中", "where", "停止", "stop", "报警", "alert", "追加", "append", "到", "to",
    "并且", "and", "且", "and", "或者", "or", "或", "or", "不", "not", "匹配", "matches",
    "包含", "contains", "介于", "between", "是", "is", "存在", "present", "缺失", "absent",
    "为空", "empty", "真", "true", "假", "false", "无", "none", "保留", "keep",
    "否则取", "otherwise",
    /* contextual words: they come out as identifiers */
    "依据", "basis", "等级", "severity", "标签", "tags", "说明", "description",
    "金额", "amount", "证据", "evidence", "高", "high", "中", "medium", "低", "low",
    NULL, NULL,
};

void fg_lex_position(const char *src, size_t srclen, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1;
    size_t ls = 0;
    if (off > srclen) off = srclen;
    for (size_t i = 0; i < off; i++)
        if (src[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = (uint32_t)(off - ls) + 1;
}

void fg_lex_error_at(fg_diag *d, const char *path, const char *src, size_t srclen, size_t off,
                     size_t span, const char *hint, const char *fmt, ...)
{
    uint32_t line, col;
    fg_lex_position(src, srclen, off, &line, &col);
    size_t ll = 0;
    const char *text = fg_diag_line_of(src, srclen, line, &ll);
    char buf[600];
    snprintf(buf, sizeof buf, "%.*s", (int)(ll < 590 ? ll : 590), text ? text : "");
    /* keep the caret on the line */
    if (col > ll + 1) col = (uint32_t)ll + 1;
    if (span == 0) span = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fg_diag_error(d, path, line, col, buf, span, hint, "%s", msg);
}

void fg_lex_init(fg_lexer *lx, const char *path, const char *src, size_t srclen, size_t from,
                 size_t to, uint32_t line, size_t line_start, struct fg_arena *arena, fg_diag *d)
{
    memset(lx, 0, sizeof *lx);
    lx->path = path;
    lx->src = src;
    lx->srclen = srclen;
    lx->pos = from;
    lx->end = to;
    lx->line = line;
    lx->line_start = line_start;
    lx->operand_ok = 1;
    lx->arena = arena;
    lx->d = d;
}

const char *fg_tok_name(fg_tkind k)
{
    static const char *const names[] = {
        "end of file", "a name", "a number", "a number", "a duration", "an amount of money",
        "a percentage", "a date", "a time of day", "a string", "a regex",
        "'('", "')'", "'['", "']'", "'{'", "'}'", "','", "'.'", "':'", "'='",
        "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'+'", "'-'", "'*'", "'/'",
    };
    if (k < sizeof names / sizeof names[0]) return names[k];
    if (k >= FG_T_RULE && k < FG_T_ERROR) return fg_kw_text[k - FG_T_RULE];
    return "an error";
}

static void fg_lex_err(fg_lexer *lx, size_t off, size_t span, const char *hint, const char *msg)
{
    fg_lex_error_at(lx->d, lx->path, lx->src, lx->srclen, off, span, hint, "%s", msg);
}

static int fg_isdigit(int c) { return c >= '0' && c <= '9'; }
static int fg_isalpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Hints for full-width punctuation typed with a Chinese input method. */
static const char *fg_fullwidth_hint(const char *p, size_t n)
{
    static const char *const map[] = {
        "，", "write ',' (ASCII comma) instead of '，'",
        "（", "write '(' instead of '（'", "）", "write ')' instead of '）'",
        "“", "write '\"' (ASCII quote) instead of '“'", "”", "write '\"' (ASCII quote) instead of '”'",
        "：", "write ':' instead of '：'", "；", "statements need no ';' — start a new line",
        "。", "sentences end inside strings only: put Chinese text between \"quotes\"",
        "【", "write '[' instead of '【'", "】", "write ']' instead of '】'",
        "＝", "write '=' instead of '＝'", "＞", "write '>' instead of '＞'",
        "＜", "write '<' instead of '＜'", "　", "a full-width space: use an ordinary space",
        NULL, NULL,
    };
    for (int i = 0; map[i]; i += 2)
        if (strlen(map[i]) <= n && !memcmp(p, map[i], strlen(map[i]))) return map[i + 1];
    return "Chinese text goes between \"quotes\"; names are written in ASCII letters";
}

static fg_tkind fg_kw_lookup(const char *s, size_t n)
{
    for (size_t i = 0; i < FG_NKW; i++)
        if (strlen(fg_kw_text[i]) == n && !memcmp(fg_kw_text[i], s, n))
            return (fg_tkind)(FG_T_RULE + i);
    return FG_T_IDENT;
}

static fg_tok fg_tok_make(fg_lexer *lx, fg_tkind k, size_t start)
{
    fg_tok t;
    memset(&t, 0, sizeof t);
    t.kind = k;
    t.p = lx->src + start;
    t.len = lx->pos - start;
    t.line = lx->line;
    t.col = (uint32_t)(start - lx->line_start) + 1;
    return t;
}

/* Can a token of this kind end an operand (so '/' after it divides)? */
static int fg_ends_operand(fg_tkind k)
{
    switch (k) {
    case FG_T_IDENT: case FG_T_INT: case FG_T_NUM: case FG_T_DURATION: case FG_T_MONEY:
    case FG_T_PERCENT: case FG_T_DATE: case FG_T_CLOCK: case FG_T_STRING: case FG_T_REGEX:
    case FG_T_RPAREN: case FG_T_RBRACK: case FG_T_RBRACE: case FG_T_TRUE: case FG_T_FALSE:
    case FG_T_NONE: case FG_T_PRESENT: case FG_T_ABSENT: case FG_T_EMPTY:
        return 1;
    default:
        return 0;
    }
}

static int fg_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!fg_isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static fg_tok fg_lex_number(fg_lexer *lx)
{
    const char *s = lx->src;
    size_t start = lx->pos, e = lx->end, i = start;
    /* YYYY-MM-DD */
    if (i + 10 <= e && fg_digits(s + i, 4) && s[i + 4] == '-' && fg_digits(s + i + 5, 2) &&
        s[i + 7] == '-' && fg_digits(s + i + 8, 2) && (i + 10 == e || !fg_isdigit((unsigned char)s[i + 10]))) {
        lx->pos = i + 10;
        fg_tok t = fg_tok_make(lx, FG_T_DATE, start);
        int64_t day;
        if (fg_date_parse(s + i, 10, &day)) {
            fg_lex_err(lx, start, 10, "write a real calendar day as YYYY-MM-DD", "not a valid date");
            t.kind = FG_T_ERROR;
        }
        t.ival = day;
        return t;
    }
    /* HH:MM[:SS] */
    if (i + 5 <= e && fg_digits(s + i, 2) && s[i + 2] == ':' && fg_digits(s + i + 3, 2)) {
        size_t n = 5;
        if (i + 8 <= e && s[i + 5] == ':' && fg_digits(s + i + 6, 2)) n = 8;
        lx->pos = i + n;
        fg_tok t = fg_tok_make(lx, FG_T_CLOCK, start);
        int h = (s[i] - '0') * 10 + s[i + 1] - '0', m = (s[i + 3] - '0') * 10 + s[i + 4] - '0';
        int sec = n == 8 ? (s[i + 6] - '0') * 10 + s[i + 7] - '0' : 0;
        if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec))) {
            fg_lex_err(lx, start, n, "a time of day runs from 00:00 to 24:00", "not a valid time of day");
            t.kind = FG_T_ERROR;
        }
        t.ival = h * 3600 + m * 60 + sec;
        return t;
    }
    while (i < e && fg_isdigit((unsigned char)s[i])) i++;
    int is_dec = 0;
    if (i + 1 < e && s[i] == '.' && fg_isdigit((unsigned char)s[i + 1])) {
        is_dec = 1;
        i++;
        while (i < e && fg_isdigit((unsigned char)s[i])) i++;
    }
    size_t numend = i;
    char tmp[64];
    size_t nl = numend - start < sizeof tmp - 1 ? numend - start : sizeof tmp - 1;
    memcpy(tmp, s + start, nl);
    tmp[nl] = '\0';
    /* suffixes */
    if (i + 3 <= e && !memcmp(s + i, "元", 3)) {
        lx->pos = i + 3;
        fg_tok t = fg_tok_make(lx, FG_T_MONEY, start);
        int64_t fen;
        if (numend - start > 15 || fg_money_parse(tmp, nl, &fen)) {
            fg_lex_err(lx, start, lx->pos - start, "write yuan with at most 2 decimals, like 12.50元",
                       "not a valid amount of money");
            t.kind = FG_T_ERROR;
            fen = 0;
        }
        t.ival = fen;
        return t;
    }
    if (i < e && s[i] == '%') {
        lx->pos = i + 1;
        fg_tok t = fg_tok_make(lx, FG_T_PERCENT, start);
        t.dval = strtod(tmp, NULL);
        return t;
    }
    if (i < e && fg_isalpha((unsigned char)s[i])) {
        size_t u = i;
        while (u < e && (fg_isalpha((unsigned char)s[u]) || fg_isdigit((unsigned char)s[u]) || s[u] == '_')) u++;
        size_t ul = u - i;
        long long unit = 0;
        if (ul == 1 && s[i] == 'd') unit = 86400;
        else if (ul == 1 && s[i] == 'h') unit = 3600;
        else if ((ul == 1 && s[i] == 'm') || (ul == 3 && !memcmp(s + i, "min", 3))) unit = 60;
        else if (ul == 1 && s[i] == 's') unit = 1;
        lx->pos = u;
        fg_tok t = fg_tok_make(lx, FG_T_DURATION, start);
        if (!unit || is_dec || numend - start > 12) {
            fg_lex_err(lx, start, u - start,
                       "durations are whole numbers with a unit: 15d (days), 24h, 10m or 10min, 90s",
                       "not a valid duration");
            t.kind = FG_T_ERROR;
            return t;
        }
        t.ival = strtoll(tmp, NULL, 10) * unit;     /* at most 12 digits: no overflow */
        return t;
    }
    lx->pos = numend;
    fg_tok t = fg_tok_make(lx, is_dec ? FG_T_NUM : FG_T_INT, start);
    if (numend - start > 15) {
        fg_lex_err(lx, start, numend - start, NULL, "number too long");
        t.kind = FG_T_ERROR;
        return t;
    }
    t.dval = strtod(tmp, NULL);
    t.ival = is_dec ? 0 : strtoll(tmp, NULL, 10);
    return t;
}

/* A string: "..." with \" \\ \n \t \{ \} escapes and {expr} holes (whose
 * own strings may nest).  Newlines are not allowed inside. */
static fg_tok fg_lex_string(fg_lexer *lx)
{
    const char *s = lx->src;
    size_t start = lx->pos, i = start + 1, e = lx->end, hole = 0;
    int depth = 0;
    while (i < e) {
        char c = s[i];
        if (c == '\n') break;
        if (c == '{' && depth == 0) hole = i;
        if (c == '\\' && i + 1 < e && s[i + 1] != '\n') {
            i += 2;
            continue;
        }
        if (depth == 0 && c == '"') {
            lx->pos = i + 1;
            return fg_tok_make(lx, FG_T_STRING, start);
        }
        if (c == '{') depth++;
        else if (c == '}' && depth > 0) depth--;
        else if (c == '"' && depth > 0) {
            /* a string inside a hole: skip it */
            i++;
            while (i < e && s[i] != '"' && s[i] != '\n') i += (s[i] == '\\' && i + 1 < e) ? 2 : 1;
            if (i >= e || s[i] == '\n') break;
        }
        i++;
    }
    lx->pos = i;
    if (depth > 0)
        fg_lex_err(lx, hole, 1, "close the hole with '}' (write \\{ for a literal brace)", "unclosed '{' in a string");
    else
        fg_lex_err(lx, start, 1, "close the string with '\"' on the same line", "unterminated string");
    fg_tok t = fg_tok_make(lx, FG_T_ERROR, start);
    return t;
}

static fg_tok fg_lex_regex(fg_lexer *lx)
{
    const char *s = lx->src;
    size_t start = lx->pos, i = start + 1, e = lx->end;
    int cls = 0;
    while (i < e && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < e && s[i + 1] != '\n') {
            i += 2;
            continue;
        }
        if (s[i] == '[') cls = 1;
        else if (s[i] == ']') cls = 0;
        else if (s[i] == '/' && !cls) {
            lx->pos = i + 1;
            fg_tok t = fg_tok_make(lx, FG_T_REGEX, start);
            /* pattern text: \/ becomes / */
            char *out = fg_arena_alloc(lx->arena, i - start);
            size_t o = 0;
            for (size_t k = start + 1; k < i; k++) {
                if (s[k] == '\\' && k + 1 < i && s[k + 1] == '/') k++;
                out[o++] = s[k];
            }
            out[o] = '\0';
            t.text = out;
            t.ival = (int64_t)o;
            return t;
        }
        i++;
    }
    lx->pos = i;
    fg_lex_err(lx, start, 1, "close the regex with '/' on the same line (write \\/ for a slash inside)",
               "unterminated regex");
    return fg_tok_make(lx, FG_T_ERROR, start);
}

static fg_tok fg_lex_scan(fg_lexer *lx)
{
    const char *s = lx->src;
    for (;;) {
        /* whitespace and comments */
        while (lx->pos < lx->end) {
            char c = s[lx->pos];
            if (c == '\n') {
                lx->pos++;
                lx->line++;
                lx->line_start = lx->pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                lx->pos++;
            } else if (c == '#') {
                while (lx->pos < lx->end && s[lx->pos] != '\n') lx->pos++;
            } else {
                break;
            }
        }
        if (lx->pos >= lx->end) return fg_tok_make(lx, FG_T_EOF, lx->pos);
        size_t start = lx->pos;
        unsigned char c = (unsigned char)s[start];
        if (fg_isalpha(c)) {
            size_t i = start;
            while (i < lx->end && (fg_isalpha((unsigned char)s[i]) || fg_isdigit((unsigned char)s[i]) || s[i] == '_')) i++;
            lx->pos = i;
            fg_tok t = fg_tok_make(lx, fg_kw_lookup(s + start, i - start), start);
            t.text = fg_arena_strndup(lx->arena, s + start, i - start);
            return t;
        }
        if (fg_isdigit(c)) return fg_lex_number(lx);
        if (c == '"') return fg_lex_string(lx);
        if (c == '/' && lx->operand_ok) return fg_lex_regex(lx);
        if (c >= 0x80) {
            size_t k = fg_utf8_seq((const unsigned char *)s + start, lx->end - start);
            if (!k) {
                lx->pos = start + 1;
                fg_lex_err(lx, start, 1, "save the file as UTF-8", "invalid UTF-8 byte");
                continue;
            }
            const char *best = NULL;
            size_t bl = 0;
            for (int a = 0; fg_lex_aliases[a]; a += 2) {
                size_t al = strlen(fg_lex_aliases[a]);
                if (al > bl && al <= lx->end - start && !memcmp(s + start, fg_lex_aliases[a], al)) {
                    best = fg_lex_aliases[a + 1];
                    bl = al;
                }
            }
            if (best) {
                lx->pos = start + bl;
                fg_tok t = fg_tok_make(lx, fg_kw_lookup(best, strlen(best)), start);
                t.text = best;
                return t;
            }
            lx->pos = start + k;
            fg_lex_err(lx, start, k, fg_fullwidth_hint(s + start, k),
                       "unexpected character outside a string");
            continue;
        }
        lx->pos = start + 1;
        char n = lx->pos < lx->end ? s[lx->pos] : '\0';
        switch (c) {
        case '(': return fg_tok_make(lx, FG_T_LPAREN, start);
        case ')': return fg_tok_make(lx, FG_T_RPAREN, start);
        case '[': return fg_tok_make(lx, FG_T_LBRACK, start);
        case ']': return fg_tok_make(lx, FG_T_RBRACK, start);
        case '{': return fg_tok_make(lx, FG_T_LBRACE, start);
        case '}': return fg_tok_make(lx, FG_T_RBRACE, start);
        case ',': return fg_tok_make(lx, FG_T_COMMA, start);
        case '.': return fg_tok_make(lx, FG_T_DOT, start);
        case ':': return fg_tok_make(lx, FG_T_COLON, start);
        case '+': return fg_tok_make(lx, FG_T_PLUS, start);
        case '-': return fg_tok_make(lx, FG_T_MINUS, start);
        case '*': return fg_tok_make(lx, FG_T_STAR, start);
        case '/': return fg_tok_make(lx, FG_T_SLASH, start);
        case '=':
            if (n == '=') {
                lx->pos++;
                return fg_tok_make(lx, FG_T_EQ, start);
            }
            return fg_tok_make(lx, FG_T_ASSIGN, start);
        case '!':
            if (n == '=') {
                lx->pos++;
                return fg_tok_make(lx, FG_T_NE, start);
            }
            fg_lex_err(lx, start, 1, "write 'not' for negation, '!=' for 'differs from'", "unexpected '!'");
            continue;
        case '<':
            if (n == '=') {
                lx->pos++;
                return fg_tok_make(lx, FG_T_LE, start);
            }
            if (n == '>') {
                lx->pos++;
                fg_lex_err(lx, start, 2, "write '!=' for 'differs from'", "unexpected '<>'");
                return fg_tok_make(lx, FG_T_NE, start);
            }
            return fg_tok_make(lx, FG_T_LT, start);
        case '>':
            if (n == '=') {
                lx->pos++;
                return fg_tok_make(lx, FG_T_GE, start);
            }
            return fg_tok_make(lx, FG_T_GT, start);
        case '&':
        case '|':
            if (n == c) {
                lx->pos++;
                fg_lex_err(lx, start, 2, c == '&' ? "write 'and' (also 且)" : "write 'or' (also 或)",
                           c == '&' ? "'&&' is written 'and'" : "'||' is written 'or'");
                fg_tok t = fg_tok_make(lx, c == '&' ? FG_T_AND : FG_T_OR, start);
                t.text = c == '&' ? "and" : "or";     /* every word token has its text */
                return t;
            }
            fg_lex_err(lx, start, 1, NULL, c == '&' ? "unexpected character '&'" : "unexpected character '|'");
            continue;
        case '\'': {
            size_t q = start + 1;
            while (q < lx->end && s[q] != '\'' && s[q] != '\n') q++;
            if (q < lx->end && s[q] == '\'') lx->pos = q + 1;
            fg_lex_err(lx, start, lx->pos - start, "strings are written between double quotes: \"...\"",
                       "single quotes do not make a string");
            continue;
        }
        case '%':
            fg_lex_err(lx, start, 1, "a percentage is written right after its number: 60%",
                       "unexpected '%'");
            continue;
        default: {
            char msg[64];
            if (c < 0x20 || c == 0x7f) snprintf(msg, sizeof msg, "unexpected control character 0x%02x", c);
            else snprintf(msg, sizeof msg, "unexpected character '%c'", c);
            fg_lex_err(lx, start, 1, NULL, msg);
            continue;
        }
        }
    }
}

fg_tok fg_lex_next(fg_lexer *lx)
{
    fg_tok t = fg_lex_scan(lx);
    lx->operand_ok = !fg_ends_operand(t.kind);
    return t;
}
