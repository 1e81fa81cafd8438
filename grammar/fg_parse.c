/* fg_parse — parser of the rule language (see fg_parse.h). */
#include "fg_parse.h"
#include "fg_lex.h"
#include "fg_schema.h"
#include "fg_params.h"
#include "fg_alert.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FG_MAX_DEPTH 100     /* nesting of expressions and blocks */
#define FG_MAX_ERRORS 100    /* per file; the rest would be noise */

typedef struct fg_parser {
    fg_lexer lx;
    fg_tok tok, peek;
    int has_peek;
    size_t prev_end;        /* offset just after the previous token */
    uint32_t prev_line;
    fg_arena *arena;
    fg_diag *d;
    const fg_src *src;
    fg_program *prog;
    int panic;              /* an error was reported: quiet until resync */
    uint32_t panic_line;    /* the line of that error */
    int errors;
    int depth;
} fg_parser;

void fg_node_error(fg_diag *d, const fg_node *n, const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fg_lex_error_at(d, n->src->path, n->src->text, n->src->len, n->off, n->span, hint, "%s", msg);
}

void fg_node_error_op(fg_diag *d, const fg_node *n, const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t off = n->opspan ? n->opoff : n->off, span = n->opspan ? n->opspan : n->span;
    fg_lex_error_at(d, n->src->path, n->src->text, n->src->len, off, span, hint, "%s", msg);
}

/* ---- tokens ---- */

/* The next good token; a token the scanner reported puts the parser in
 * panic mode, so it skips to the next statement without a second message. */
static fg_tok fg_lex_good(fg_parser *p)
{
    int before = p->d->errors;
    fg_tok t;
    do t = fg_lex_next(&p->lx);
    while (t.kind == FG_T_ERROR);
    if (p->d->errors > before) {
        if (!p->panic) p->panic_line = t.line;
        p->panic = 1;
        p->errors += p->d->errors - before;
    }
    return t;
}

static void fg_advance(fg_parser *p)
{
    p->prev_end = (size_t)(p->tok.p - p->src->text) + p->tok.len;
    p->prev_line = p->tok.line;
    if (p->has_peek) {
        p->tok = p->peek;
        p->has_peek = 0;
    } else {
        p->tok = fg_lex_good(p);
    }
}

static const fg_tok *fg_peek(fg_parser *p)
{
    if (!p->has_peek) {
        p->peek = fg_lex_good(p);
        p->has_peek = 1;
    }
    return &p->peek;
}

static size_t fg_tok_off(const fg_parser *p, const fg_tok *t) { return (size_t)(t->p - p->src->text); }

static void fg_perr(fg_parser *p, const fg_tok *t, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fg_perr(fg_parser *p, const fg_tok *t, const char *hint, const char *fmt, ...)
{
    if (p->panic) return;
    p->panic = 1;
    p->panic_line = t->line;
    if (++p->errors > FG_MAX_ERRORS) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fg_lex_error_at(p->d, p->src->path, p->src->text, p->src->len, fg_tok_off(p, t),
                    t->len ? t->len : 1, hint, "%s", msg);
}

/* "found 'x'" text for a token */
static const char *fg_found(const fg_tok *t, char *buf, size_t n)
{
    if (t->kind == FG_T_EOF) return "the end of the file";
    size_t l = t->len > 40 ? 40 : t->len;
    snprintf(buf, n, "'%.*s'", (int)l, t->p);
    return buf;
}

static int fg_accept(fg_parser *p, fg_tkind k)
{
    if (p->tok.kind != k) return 0;
    fg_advance(p);
    return 1;
}

static int fg_expect(fg_parser *p, fg_tkind k, const char *what, const char *hint)
{
    if (fg_accept(p, k)) return 1;
    char b[64];
    fg_perr(p, &p->tok, hint, "expected %s%s, found %s", fg_tok_name(k), what ? what : "",
            fg_found(&p->tok, b, sizeof b));
    return 0;
}

static fg_node *fg_mk(fg_parser *p, fg_nkind k, const fg_tok *t)
{
    return fg_node_new(p->arena, k, p->src, fg_tok_off(p, t), t->len, t->line);
}

/* extends n to end where the previous token ended */
static fg_node *fg_close(fg_parser *p, fg_node *n)
{
    if (p->prev_end > n->off) n->span = p->prev_end - n->off;
    return n;
}

static int fg_is_item_start(fg_tkind k)
{
    return k == FG_T_RULE || k == FG_T_USE || k == FG_T_PARAM || k == FG_T_LIST ||
           k == FG_T_MACRO || k == FG_T_FIELD || k == FG_T_STORE || k == FG_T_ON || k == FG_T_EOF;
}

static int fg_is_stmt_start(fg_tkind k)
{
    return k == FG_T_LET || k == FG_T_SET || k == FG_T_WHEN || k == FG_T_UNLESS || k == FG_T_IF ||
           k == FG_T_FOR || k == FG_T_APPEND || k == FG_T_ALERT || k == FG_T_STOP;
}

/* After an error: skip to something that can start a statement or item,
 * or a name at the start of a line (an expression statement). */
static void fg_sync(fg_parser *p)
{
    if (!p->panic) return;
    uint32_t err_line = p->panic_line ? p->panic_line : p->tok.line;
    for (;;) {
        fg_tkind k = p->tok.kind;
        if (fg_is_item_start(k) || fg_is_stmt_start(k) || k == FG_T_END || k == FG_T_ELSE ||
            k == FG_T_ELIF)
            break;
        if (k == FG_T_IDENT && p->tok.line > err_line && p->tok.line > p->prev_line) break;
        fg_advance(p);
    }
    p->panic = 0;
}

/* ---- strings ---- */

static fg_node *fg_parse_expr(fg_parser *p);

/* Decodes the escapes of a literal piece [a, b) of a string. */
static fg_node *fg_text_piece(fg_parser *p, size_t a, size_t b, uint32_t line)
{
    const char *s = p->src->text;
    char *out = fg_arena_alloc(p->arena, b - a + 1);
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\\' && i + 1 < b) {
            char c = s[++i];
            switch (c) {
            case 'n': out[o++] = '\n'; break;
            case 't': out[o++] = '\t'; break;
            case '"': case '\\': case '{': case '}': out[o++] = c; break;
            default: {
                fg_tok t = {0};
                t.p = s + i - 1;
                t.len = 2;
                t.line = line;
                fg_perr(p, &t, "escapes are \\\" \\\\ \\n \\t \\{ \\}", "unknown escape '\\%c'", c);
                p->panic = 0;
                out[o++] = c;
            }
            }
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    fg_node *n = fg_node_new(p->arena, FG_N_TEXT, p->src, a, b - a, line);
    n->text = out;
    n->ival = (int64_t)o;
    return n;
}

/* A string token into FG_N_STR: pieces of text and {holes}. */
static fg_node *fg_parse_string_tok(fg_parser *p, const fg_tok *t)
{
    fg_node *n = fg_mk(p, FG_N_STR, t);
    const char *s = p->src->text;
    size_t a = fg_tok_off(p, t) + 1, end = fg_tok_off(p, t) + t->len - 1, i = a;
    size_t line_start = a;
    while (line_start > 0 && s[line_start - 1] != '\n') line_start--;
    while (i < end) {
        if (s[i] == '\\' && i + 1 < end) {
            i += 2;
            continue;
        }
        if (s[i] == '}') {
            fg_tok bt = {0};
            bt.p = s + i;
            bt.len = 1;
            bt.line = t->line;
            fg_perr(p, &bt, "write \\} for a literal brace", "'}' without '{' in a string");
            p->panic = 0;
            i++;
            continue;
        }
        if (s[i] != '{') {
            i++;
            continue;
        }
        if (i > a) fg_node_push(p->arena, n, fg_text_piece(p, a, i, t->line));
        /* find the matching } (strings inside skipped) */
        size_t j = i + 1;
        int depth = 1;
        while (j < end) {
            if (s[j] == '"') {
                j++;
                while (j < end && s[j] != '"') j += (s[j] == '\\') ? 2 : 1;
            } else if (s[j] == '{') depth++;
            else if (s[j] == '}' && --depth == 0) break;
            j++;
        }
        if (j > end) j = end;
        if (j >= end || depth != 0) {
            fg_tok bt = {0};
            bt.p = s + i;
            bt.len = 1;
            bt.line = t->line;
            fg_perr(p, &bt, "close the hole with '}' (write \\{ for a literal brace)", "unclosed '{' in a string");
            p->panic = 0;
            return n;
        }
        fg_node *hole = fg_node_new(p->arena, FG_N_HOLE, p->src, i, j + 1 - i, t->line);
        /* parse [i+1, j) with a sub-parser */
        fg_parser sub = *p;
        sub.has_peek = 0;
        sub.panic = 0;
        sub.errors = 0;
        fg_lex_init(&sub.lx, p->src->path, p->src->text, p->src->len, i + 1, j, t->line, line_start,
                    p->arena, p->d);
        fg_advance(&sub);
        if (sub.tok.kind == FG_T_EOF) {
            fg_tok bt = {0};
            bt.p = s + i;
            bt.len = j + 1 - i;
            bt.line = t->line;
            fg_perr(p, &bt, "put a value between the braces, like {e.psn_no}", "empty '{}' in a string");
            p->panic = 0;
        } else {
            hole->a = fg_parse_expr(&sub);
            if (sub.tok.kind == FG_T_COLON) {
                size_t f0 = fg_tok_off(&sub, &sub.tok) + 1;
                while (f0 < j && s[f0] == ' ') f0++;
                size_t f1 = j;
                while (f1 > f0 && s[f1 - 1] == ' ') f1--;
                hole->text = fg_arena_strndup(p->arena, s + f0, f1 - f0);
                hole->opoff = f0;
                hole->opspan = f1 - f0;
            } else if (sub.tok.kind != FG_T_EOF) {
                char b[64];
                fg_perr(&sub, &sub.tok, "a hole holds one value, optionally with a format: {gap:.1}",
                        "unexpected %s in '{...}'", fg_found(&sub.tok, b, sizeof b));
            }
        }
        p->errors += sub.errors;
        fg_node_push(p->arena, n, hole);
        a = i = j + 1;
    }
    if (i > a || n->nkids == 0) fg_node_push(p->arena, n, fg_text_piece(p, a, i > end ? end : i, t->line));
    /* a string without holes keeps its text on the node too */
    if (n->nkids == 1 && n->kids[0]->kind == FG_N_TEXT) {
        n->text = n->kids[0]->text;
        n->ival = n->kids[0]->ival;
    }
    return n;
}

/* A plain string (no holes) for headers, docs, store names, paths. */
static const char *fg_plain_string(fg_parser *p, const char *what)
{
    if (p->tok.kind != FG_T_STRING) {
        char b[64], hint[96];
        snprintf(hint, sizeof hint, "%s is written between double quotes", what);
        fg_perr(p, &p->tok, hint, "expected %s, found %s", what, fg_found(&p->tok, b, sizeof b));
        return NULL;
    }
    fg_tok t = p->tok;
    fg_advance(p);
    fg_node *n = fg_parse_string_tok(p, &t);
    if (!n->text) {
        fg_perr(p, &t, "write the text without {holes} here", "%s cannot hold {holes}", what);
        return NULL;
    }
    return n->text;
}

/* ---- expressions ---- */

static int fg_name_tok(fg_tkind k) { return k == FG_T_IDENT || (k >= FG_T_RULE && k < FG_T_ERROR); }

static fg_node *fg_parse_args(fg_parser *p, fg_node *call)
{
    /* '(' already consumed */
    if (fg_accept(p, FG_T_RPAREN)) return fg_close(p, call);
    do {
        fg_node *arg;
        if (fg_name_tok(p->tok.kind) && fg_peek(p)->kind == FG_T_COLON) {
            arg = fg_mk(p, FG_N_ARG, &p->tok);
            arg->name = p->tok.text;
            fg_advance(p);
            fg_advance(p);
            arg->a = fg_parse_expr(p);
            fg_close(p, arg);
        } else {
            arg = fg_parse_expr(p);
        }
        fg_node_push(p->arena, call, arg);
    } while (fg_accept(p, FG_T_COMMA));
    fg_expect(p, FG_T_RPAREN, " to close the call", "arguments are separated by ','");
    return fg_close(p, call);
}

static fg_node *fg_parse_list_lit(fg_parser *p)
{
    fg_node *n = fg_mk(p, FG_N_LIST, &p->tok);
    fg_advance(p);
    if (!fg_accept(p, FG_T_RBRACK)) {
        do {
            if (p->tok.kind == FG_T_RBRACK) break;  /* trailing comma */
            fg_node_push(p->arena, n, fg_parse_expr(p));
        } while (fg_accept(p, FG_T_COMMA));
        fg_expect(p, FG_T_RBRACK, " to close the list", "items are separated by ','");
    }
    return fg_close(p, n);
}

static fg_node *fg_parse_record_lit(fg_parser *p)
{
    fg_node *n = fg_mk(p, FG_N_RECORD, &p->tok);
    fg_advance(p);
    if (!fg_accept(p, FG_T_RBRACE)) {
        do {
            if (p->tok.kind == FG_T_RBRACE) break;
            if (!fg_name_tok(p->tok.kind)) {
                char b[64];
                fg_perr(p, &p->tok, "a record is written {name: value, ...}", "expected a field name, found %s",
                        fg_found(&p->tok, b, sizeof b));
                return n;
            }
            fg_node *f = fg_mk(p, FG_N_ARG, &p->tok);
            f->name = p->tok.text;
            fg_advance(p);
            fg_expect(p, FG_T_COLON, " after the field name", "a record is written {name: value, ...}");
            f->a = fg_parse_expr(p);
            fg_node_push(p->arena, n, fg_close(p, f));
        } while (fg_accept(p, FG_T_COMMA));
        fg_expect(p, FG_T_RBRACE, " to close the record", "fields are separated by ','");
    }
    return fg_close(p, n);
}

static fg_node *fg_parse_primary(fg_parser *p)
{
    fg_tok t = p->tok;
    fg_node *n;
    switch (t.kind) {
    case FG_T_INT: n = fg_mk(p, FG_N_INT, &t); n->ival = t.ival; n->dval = t.dval; break;
    case FG_T_NUM: n = fg_mk(p, FG_N_NUM, &t); n->dval = t.dval; n->text = fg_arena_strndup(p->arena, t.p, t.len); break;
    case FG_T_DURATION: n = fg_mk(p, FG_N_DURATION, &t); n->ival = t.ival; break;
    case FG_T_MONEY: n = fg_mk(p, FG_N_MONEY, &t); n->ival = t.ival; break;
    case FG_T_PERCENT: n = fg_mk(p, FG_N_PERCENT, &t); n->dval = t.dval; n->text = fg_arena_strndup(p->arena, t.p, t.len - 1); break;
    case FG_T_DATE: n = fg_mk(p, FG_N_DATE, &t); n->ival = t.ival; break;
    case FG_T_CLOCK: n = fg_mk(p, FG_N_CLOCK, &t); n->ival = t.ival; break;
    case FG_T_REGEX: n = fg_mk(p, FG_N_REGEX, &t); n->text = t.text; n->ival = t.ival; break;
    case FG_T_TRUE: case FG_T_FALSE: n = fg_mk(p, FG_N_BOOL, &t); n->ival = t.kind == FG_T_TRUE; break;
    case FG_T_NONE: n = fg_mk(p, FG_N_NONE, &t); break;
    case FG_T_IDENT: n = fg_mk(p, FG_N_NAME, &t); n->name = t.text; break;
    case FG_T_STRING:
        fg_advance(p);
        return fg_parse_string_tok(p, &t);
    case FG_T_LBRACK: return fg_parse_list_lit(p);
    case FG_T_LBRACE: return fg_parse_record_lit(p);
    case FG_T_LPAREN: {
        fg_advance(p);
        fg_node *e = fg_parse_expr(p);
        fg_expect(p, FG_T_RPAREN, NULL, "every '(' needs its ')'");
        return e;
    }
    default: {
        char b[64];
        const char *hint = NULL;
        if (t.kind == FG_T_EOF || fg_is_item_start(t.kind) || fg_is_stmt_start(t.kind))
            hint = "the expression is incomplete";
        else if (t.kind == FG_T_ASSIGN)
            hint = "write '==' to compare; '=' only follows let, set and param";
        fg_perr(p, &t, hint, "expected a value, found %s", fg_found(&t, b, sizeof b));
        n = fg_mk(p, FG_N_NONE, &t);
        n->ival = -1;   /* an error placeholder */
        if (t.kind != FG_T_EOF && !fg_is_item_start(t.kind) && !fg_is_stmt_start(t.kind) &&
            t.kind != FG_T_END && t.kind != FG_T_RPAREN && t.kind != FG_T_RBRACK)
            fg_advance(p);
        return n;
    }
    }
    fg_advance(p);
    return n;
}

static fg_node *fg_parse_postfix(fg_parser *p)
{
    fg_node *n = fg_parse_primary(p);
    for (;;) {
        if (p->tok.kind == FG_T_DOT) {
            fg_advance(p);
            if (!fg_name_tok(p->tok.kind)) {
                char b[64];
                fg_perr(p, &p->tok, "after '.' comes a field name, like e.psn_no", "expected a field name, found %s",
                        fg_found(&p->tok, b, sizeof b));
                return n;
            }
            fg_node *m = fg_node_new(p->arena, FG_N_MEMBER, p->src, n->off, 0, n->line);
            m->a = n;
            m->name = p->tok.text;
            m->opoff = fg_tok_off(p, &p->tok);
            m->opspan = p->tok.len;
            fg_advance(p);
            n = fg_close(p, m);
        } else if (p->tok.kind == FG_T_LPAREN && (n->kind == FG_N_NAME || n->kind == FG_N_MEMBER) &&
                   p->tok.line == p->prev_line) {
            fg_node *c = fg_node_new(p->arena, FG_N_CALL, p->src, n->off, 0, n->line);
            c->a = n;
            fg_advance(p);
            n = fg_parse_args(p, c);
        } else {
            return n;
        }
    }
}

static fg_node *fg_parse_unary(fg_parser *p)
{
    if (p->tok.kind == FG_T_MINUS) {
        fg_node *n = fg_mk(p, FG_N_NEG, &p->tok);
        n->opoff = n->off;
        n->opspan = 1;
        fg_advance(p);
        if (++p->depth > FG_MAX_DEPTH) {
            fg_perr(p, &p->tok, NULL, "expression nested too deeply");
            p->depth--;
            n->kind = FG_N_NONE;
            n->ival = -1;
            return n;
        }
        n->a = fg_parse_unary(p);
        p->depth--;
        return fg_close(p, n);
    }
    return fg_parse_postfix(p);
}

static fg_node *fg_binary(fg_parser *p, fg_nkind k, int op, fg_node *l, const fg_tok *optok)
{
    fg_node *n = fg_node_new(p->arena, k, p->src, l->off, 0, l->line);
    n->op = op;
    n->a = l;
    n->opoff = fg_tok_off(p, optok);
    n->opspan = optok->len;
    return n;
}

static fg_node *fg_parse_mul(fg_parser *p)
{
    fg_node *l = fg_parse_unary(p);
    while (p->tok.kind == FG_T_STAR || p->tok.kind == FG_T_SLASH) {
        fg_tok t = p->tok;
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BINARY, t.kind == FG_T_STAR ? FG_OP_MUL : FG_OP_DIV, l, &t);
        n->b = fg_parse_unary(p);
        l = fg_close(p, n);
    }
    return l;
}

static fg_node *fg_parse_add(fg_parser *p)
{
    fg_node *l = fg_parse_mul(p);
    while (p->tok.kind == FG_T_PLUS || p->tok.kind == FG_T_MINUS) {
        fg_tok t = p->tok;
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BINARY, t.kind == FG_T_PLUS ? FG_OP_ADD : FG_OP_SUB, l, &t);
        n->b = fg_parse_mul(p);
        l = fg_close(p, n);
    }
    return l;
}

static fg_node *fg_parse_cmp(fg_parser *p)
{
    fg_node *l = fg_parse_add(p);
    fg_tok t = p->tok;
    int neg = 0;
    if (t.kind == FG_T_NOT) {
        fg_tkind nk = fg_peek(p)->kind;
        if (nk != FG_T_IN && nk != FG_T_MATCHES && nk != FG_T_CONTAINS && nk != FG_T_BETWEEN) return l;
        neg = 1;
        fg_advance(p);
        t = p->tok;
    }
    int op = -1;
    if (t.kind == FG_T_ASSIGN && !neg) {
        /* `x = 1` in a condition: say so, and read it as == */
        fg_perr(p, &t, "write '==' to compare; '=' only follows let, set, param and evidence names",
                "'=' in an expression");
        p->panic = 0;
        op = FG_OP_EQ;
    }
    switch (t.kind) {
    case FG_T_EQ: op = FG_OP_EQ; break;
    case FG_T_NE: op = FG_OP_NE; break;
    case FG_T_LT: op = FG_OP_LT; break;
    case FG_T_LE: op = FG_OP_LE; break;
    case FG_T_GT: op = FG_OP_GT; break;
    case FG_T_GE: op = FG_OP_GE; break;
    default: break;
    }
    if (op >= 0) {
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BINARY, op, l, &t);
        n->b = fg_parse_add(p);
        l = fg_close(p, n);
    } else if (t.kind == FG_T_IN) {
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_IN, 0, l, &t);
        n->neg = neg;
        n->b = fg_parse_add(p);
        l = fg_close(p, n);
    } else if (t.kind == FG_T_MATCHES || t.kind == FG_T_CONTAINS) {
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_MATCH, t.kind == FG_T_CONTAINS, l, &t);
        n->neg = neg;
        n->b = fg_parse_add(p);
        l = fg_close(p, n);
    } else if (t.kind == FG_T_BETWEEN) {
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BETWEEN, 0, l, &t);
        n->neg = neg;
        n->b = fg_parse_add(p);
        fg_expect(p, FG_T_AND, " in 'between LOW and HIGH'", "write: x between LOW and HIGH (both ends included)");
        n->c = fg_parse_add(p);
        l = fg_close(p, n);
    } else if (t.kind == FG_T_IS) {
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_IS, 0, l, &t);
        if (fg_accept(p, FG_T_NOT)) n->neg = 1;
        if (fg_accept(p, FG_T_PRESENT)) n->op = FG_IS_PRESENT;
        else if (fg_accept(p, FG_T_ABSENT)) n->op = FG_IS_ABSENT;
        else if (fg_accept(p, FG_T_EMPTY)) n->op = FG_IS_EMPTY;
        else {
            char b[64];
            fg_perr(p, &p->tok, "write: x is present, x is absent, x is empty, x is not empty",
                    "expected present, absent or empty after 'is', found %s", fg_found(&p->tok, b, sizeof b));
        }
        l = fg_close(p, n);
    }
    /* comparisons do not chain */
    fg_tkind k = p->tok.kind;
    if (k == FG_T_EQ || k == FG_T_NE || k == FG_T_LT || k == FG_T_LE || k == FG_T_GT || k == FG_T_GE) {
        fg_perr(p, &p->tok, "join two comparisons with 'and', or use 'between'",
                "comparisons cannot be chained");
    }
    return l;
}

static fg_node *fg_parse_not(fg_parser *p)
{
    if (p->tok.kind == FG_T_NOT) {
        fg_node *n = fg_mk(p, FG_N_NOT, &p->tok);
        n->opoff = n->off;
        n->opspan = p->tok.len;
        fg_advance(p);
        if (++p->depth > FG_MAX_DEPTH) {
            fg_perr(p, &p->tok, NULL, "expression nested too deeply");
            p->depth--;
            n->kind = FG_N_NONE;
            n->ival = -1;
            return n;
        }
        n->a = fg_parse_not(p);
        p->depth--;
        return fg_close(p, n);
    }
    return fg_parse_cmp(p);
}

static fg_node *fg_parse_and(fg_parser *p)
{
    fg_node *l = fg_parse_not(p);
    while (p->tok.kind == FG_T_AND) {
        fg_tok t = p->tok;
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BINARY, FG_OP_AND, l, &t);
        n->b = fg_parse_not(p);
        l = fg_close(p, n);
    }
    return l;
}

static fg_node *fg_parse_or(fg_parser *p)
{
    fg_node *l = fg_parse_and(p);
    while (p->tok.kind == FG_T_OR) {
        fg_tok t = p->tok;
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_BINARY, FG_OP_OR, l, &t);
        n->b = fg_parse_and(p);
        l = fg_close(p, n);
    }
    return l;
}

static fg_node *fg_parse_where(fg_parser *p)
{
    fg_node *l = fg_parse_or(p);
    if (p->tok.kind == FG_T_WHERE) {
        fg_tok t = p->tok;
        fg_advance(p);
        fg_node *n = fg_binary(p, FG_N_WHERE, 0, l, &t);
        n->b = fg_parse_or(p);
        l = fg_close(p, n);
    }
    return l;
}

static fg_node *fg_parse_expr(fg_parser *p)
{
    if (++p->depth > FG_MAX_DEPTH) {
        fg_perr(p, &p->tok, "split it with let", "expression nested too deeply");
        p->depth--;
        fg_node *n = fg_mk(p, FG_N_NONE, &p->tok);
        n->ival = -1;
        /* skip the rest of the line */
        uint32_t line = p->tok.line;
        while (p->tok.kind != FG_T_EOF && p->tok.line == line) fg_advance(p);
        return n;
    }
    fg_node *r;
    if (p->tok.kind == FG_T_IF) {
        r = fg_mk(p, FG_N_IF, &p->tok);
        fg_advance(p);
        r->a = fg_parse_expr(p);
        fg_expect(p, FG_T_THEN, " in 'if ... then ... else ...'", "a conditional value is: if COND then A else B");
        r->b = fg_parse_expr(p);
        /* elif C then E ... is an if in the else part */
        fg_node *last = r;
        while (p->tok.kind == FG_T_ELIF) {
            fg_node *e = fg_mk(p, FG_N_IF, &p->tok);
            fg_advance(p);
            e->a = fg_parse_expr(p);
            fg_expect(p, FG_T_THEN, " in 'elif ... then ...'", "a conditional value is: if C then A elif D then B else E");
            e->b = fg_parse_expr(p);
            last->c = e;
            last = e;
        }
        fg_expect(p, FG_T_ELSE, " in 'if ... then ... else ...'", "a conditional value needs its else part");
        last->c = fg_parse_expr(p);
        for (fg_node *k = r;; k = k->c) {   /* the elif parts end where the whole ends */
            fg_close(p, k);
            if (k == last) break;
        }
    } else {
        r = fg_parse_where(p);
        if (p->tok.kind == FG_T_OTHERWISE) {
            fg_tok t = p->tok;
            fg_advance(p);
            fg_node *n = fg_binary(p, FG_N_OTHERWISE, 0, r, &t);
            n->b = fg_parse_expr(p);
            r = fg_close(p, n);
        }
    }
    p->depth--;
    return r;
}

/* ---- statements ---- */

static fg_node *fg_parse_block(fg_parser *p, int in_handler);

static const char *fg_expect_name(fg_parser *p, const char *what, const char *hint)
{
    if (p->tok.kind == FG_T_IDENT) {
        const char *s = p->tok.text;
        fg_advance(p);
        return s;
    }
    char b[64];
    if (p->tok.kind >= FG_T_RULE && p->tok.kind < FG_T_ERROR)
        fg_perr(p, &p->tok, "this word is reserved by the language: choose another name",
                "expected %s, found the keyword %s", what, fg_found(&p->tok, b, sizeof b));
    else
        fg_perr(p, &p->tok, hint, "expected %s, found %s", what, fg_found(&p->tok, b, sizeof b));
    return NULL;
}

static fg_node *fg_parse_alert(fg_parser *p, fg_node *n)
{
    n->a = fg_parse_expr(p);
    for (;;) {
        if (p->tok.kind != FG_T_IDENT) break;
        const char *w = p->tok.text;
        if (!strcmp(w, "amount")) {
            if (n->b) fg_perr(p, &p->tok, NULL, "the alert already has an amount");
            fg_advance(p);
            n->b = fg_parse_expr(p);
        } else if (!strcmp(w, "severity")) {
            if (n->c) fg_perr(p, &p->tok, NULL, "the alert already has a severity");
            fg_advance(p);
            n->c = fg_parse_expr(p);
        } else if (!strcmp(w, "evidence")) {
            fg_advance(p);
            do {
                if (!fg_name_tok(p->tok.kind)) {
                    char b[64];
                    fg_perr(p, &p->tok, "write: evidence name = value, name = value",
                            "expected an evidence name, found %s", fg_found(&p->tok, b, sizeof b));
                    break;
                }
                fg_node *f = fg_mk(p, FG_N_ARG, &p->tok);
                f->name = p->tok.text;
                fg_advance(p);
                fg_expect(p, FG_T_ASSIGN, " after the evidence name", "write: evidence name = value, name = value");
                f->a = fg_parse_expr(p);
                fg_node_push(p->arena, n, fg_close(p, f));
            } while (fg_accept(p, FG_T_COMMA));
        } else {
            break;
        }
    }
    return fg_close(p, n);
}

static fg_node *fg_parse_stmt(fg_parser *p)
{
    fg_tok t = p->tok;
    fg_node *n = NULL;
    switch (t.kind) {
    case FG_T_LET:
    case FG_T_SET:
        n = fg_mk(p, t.kind == FG_T_LET ? FG_S_LET : FG_S_SET, &t);
        fg_advance(p);
        n->opoff = fg_tok_off(p, &p->tok);
        n->opspan = p->tok.len;
        n->name = fg_expect_name(p, "a name", t.kind == FG_T_LET ? "write: let NAME = VALUE" : "write: set NAME = VALUE");
        if (!n->name) return n;
        fg_expect(p, FG_T_ASSIGN, NULL, t.kind == FG_T_LET ? "write: let NAME = VALUE" : "write: set NAME = VALUE");
        n->a = fg_parse_expr(p);
        return fg_close(p, n);
    case FG_T_WHEN:
    case FG_T_UNLESS:
        n = fg_mk(p, FG_S_WHEN, &t);
        n->neg = t.kind == FG_T_UNLESS;
        fg_advance(p);
        n->a = fg_parse_expr(p);
        return fg_close(p, n);
    case FG_T_IF: {
        n = fg_mk(p, FG_S_IF, &t);
        fg_advance(p);
        /* kids: cond, block, cond, block, ... [else block] with a NULL cond */
        fg_node *cond = fg_parse_expr(p);
        fg_expect(p, FG_T_THEN, " after the condition", "write: if CONDITION then ... end");
        fg_node_push(p->arena, n, cond);
        fg_node_push(p->arena, n, fg_parse_block(p, 0));
        for (;;) {
            if (p->tok.kind == FG_T_ELIF) {
                fg_advance(p);
                cond = fg_parse_expr(p);
                fg_expect(p, FG_T_THEN, " after the condition", "write: elif CONDITION then ...");
                fg_node_push(p->arena, n, cond);
                fg_node_push(p->arena, n, fg_parse_block(p, 0));
            } else if (p->tok.kind == FG_T_ELSE) {
                fg_advance(p);
                n->a = fg_parse_block(p, 0);
                break;
            } else {
                break;
            }
        }
        if (!fg_accept(p, FG_T_END)) {
            char b[64];
            if (fg_is_item_start(p->tok.kind))
                fg_perr(p, &t, "close it with 'end' after its last statement", "this 'if' has no 'end'");
            else
                fg_perr(p, &p->tok, "close the 'if' with 'end'", "expected 'end' for the 'if' at line %u, found %s",
                        t.line, fg_found(&p->tok, b, sizeof b));
        }
        return fg_close(p, n);
    }
    case FG_T_FOR:
        n = fg_mk(p, FG_S_FOR, &t);
        fg_advance(p);
        fg_accept(p, FG_T_EACH);
        n->opoff = fg_tok_off(p, &p->tok);
        n->opspan = p->tok.len;
        n->name = fg_expect_name(p, "a name for each item", "write: for each NAME in LIST do ... end");
        if (!n->name) return n;
        fg_expect(p, FG_T_IN, NULL, "write: for each NAME in LIST do ... end");
        n->a = fg_parse_or(p);
        if (fg_accept(p, FG_T_WHERE)) n->b = fg_parse_or(p);
        fg_accept(p, FG_T_DO);
        n->c = fg_parse_block(p, 0);
        if (!fg_accept(p, FG_T_END)) {
            char b[64];
            if (fg_is_item_start(p->tok.kind))
                fg_perr(p, &t, "close it with 'end' after its last statement", "this 'for' has no 'end'");
            else
                fg_perr(p, &p->tok, "close the loop with 'end'", "expected 'end' for the 'for' at line %u, found %s",
                        t.line, fg_found(&p->tok, b, sizeof b));
        }
        return fg_close(p, n);
    case FG_T_APPEND:
        n = fg_mk(p, FG_S_APPEND, &t);
        fg_advance(p);
        n->a = fg_parse_or(p);
        if (p->tok.kind == FG_T_IDENT && !strcmp(p->tok.text, "to")) {
            fg_advance(p);
        } else {
            char b[64];
            fg_perr(p, &p->tok, "write: append VALUE to LIST_NAME", "expected 'to', found %s", fg_found(&p->tok, b, sizeof b));
        }
        n->opoff = fg_tok_off(p, &p->tok);
        n->opspan = p->tok.len;
        n->name = fg_expect_name(p, "the name of a list", "write: append VALUE to LIST_NAME");
        return fg_close(p, n);
    case FG_T_ALERT:
        n = fg_mk(p, FG_S_ALERT, &t);
        fg_advance(p);
        return fg_parse_alert(p, n);
    case FG_T_STOP:
        n = fg_mk(p, FG_S_STOP, &t);
        fg_advance(p);
        return n;
    default:
        break;
    }
    if (t.kind == FG_T_IDENT) {
        const fg_tok *nx = fg_peek(p);
        if (nx->kind == FG_T_STRING || (nx->kind == FG_T_IDENT && nx->line == t.line)) {
            /* a name followed by a string or a name: a misspelt statement word */
            static const char *const words[] = {"let", "set", "when", "unless", "if", "for", "append",
                                                "alert", "stop", NULL};
            const char *best = NULL;
            int bd = 3;
            for (int i = 0; words[i]; i++) {
                int dd = fg_edit_distance(words[i], t.text);
                if (dd < bd) {
                    bd = dd;
                    best = words[i];
                }
            }
            char hint[96];
            if (best) snprintf(hint, sizeof hint, "did you mean '%s'?", best);
            else snprintf(hint, sizeof hint, "a statement starts with let, set, when, unless, if, for, append, alert or stop");
            fg_perr(p, &t, hint, "'%s' does not start a statement", t.text);
            fg_advance(p);
            return NULL;
        }
        n = fg_mk(p, FG_S_EXPR, &t);
        n->a = fg_parse_expr(p);
        return fg_close(p, n);
    }
    char b[64];
    const char *hint = "a statement starts with let, set, when, unless, if, for, append, alert, stop, or a call";
    if (t.kind == FG_T_ELSE || t.kind == FG_T_ELIF || t.kind == FG_T_END) hint = "there is no open 'if' or 'for' here";
    fg_perr(p, &t, hint, "expected a statement, found %s", fg_found(&t, b, sizeof b));
    fg_advance(p);
    return NULL;
}

/* Statements until end/else/elif (in_handler: until the next item). */
static fg_node *fg_parse_block(fg_parser *p, int in_handler)
{
    fg_node *blk = fg_mk(p, FG_S_BLOCK, &p->tok);
    if (++p->depth > FG_MAX_DEPTH) {
        fg_perr(p, &p->tok, NULL, "blocks nested too deeply");
        p->depth--;
        while (p->tok.kind != FG_T_EOF) fg_advance(p);
        return blk;
    }
    for (;;) {
        fg_sync(p);
        fg_tkind k = p->tok.kind;
        if (fg_is_item_start(k)) break;
        if (!in_handler && (k == FG_T_END || k == FG_T_ELSE || k == FG_T_ELIF)) break;
        if (in_handler && (k == FG_T_END || k == FG_T_ELSE || k == FG_T_ELIF)) {
            char b[64];
            fg_perr(p, &p->tok, "there is no open 'if' or 'for' here", "unexpected %s", fg_found(&p->tok, b, sizeof b));
            fg_advance(p);
            continue;
        }
        fg_node *s = fg_parse_stmt(p);
        if (s) fg_node_push(p->arena, blk, s);
    }
    p->depth--;
    return blk;
}

/* ---- items ---- */

static const char *fg_dup_tok(fg_parser *p, const fg_tok *t)
{
    return fg_arena_strndup(p->arena, t->p, t->len);
}

static void fg_parse_header(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_tok t = p->tok;
    if (g->header_at) {
        fg_perr(p, &t, "a file holds one rule", "a second 'rule' header");
    }
    fg_advance(p);
    fg_node *at = fg_mk(p, FG_N_NAME, fg_name_tok(p->tok.kind) ? &p->tok : &t);
    /* the id is only ever an id here: a keyword is fine (rule absent ...) */
    const char *id = NULL;
    if (fg_name_tok(p->tok.kind) && p->tok.kind != FG_T_IDENT) {
        id = p->tok.kind >= FG_T_RULE ? fg_arena_strndup(p->arena, p->tok.p, p->tok.len) : NULL;
        fg_advance(p);
    } else {
        id = fg_expect_name(p, "the rule id", "write: rule split_admission \"分解住院\"");
    }
    if (!g->header_at) {
        g->header_at = at;
        g->id = id;
        at->name = id;
    }
    fg_close(p, at);
    if (!id) return;
    const char *title = fg_plain_string(p, "the Chinese title");
    if (g->header_at == at) g->title = title;
    while (p->tok.kind == FG_T_IDENT) {
        const char *w = p->tok.text;
        fg_tok wt = p->tok;
        if (!strcmp(w, "basis")) {
            fg_advance(p);
            g->basis = fg_plain_string(p, "the policy basis");
        } else if (!strcmp(w, "description")) {
            fg_advance(p);
            g->description = fg_plain_string(p, "the description");
        } else if (!strcmp(w, "severity")) {
            fg_advance(p);
            fg_tok st = p->tok;
            const char *sv = fg_expect_name(p, "high, medium or low", "write: severity high (or medium, low; 高 中 低)");
            if (sv) {
                int s = fg_severity_lookup(sv);
                if (s < 0) {
                    fg_perr(p, &st, "write: severity high (or medium, low; 高 中 低)", "unknown severity '%s'", sv);
                    g->severity = FG_SEV_MEDIUM;    /* reported: no "no severity" after it */
                } else {
                    g->severity = s;
                }
            }
        } else if (!strcmp(w, "tags")) {
            fg_advance(p);
            do {
                const char *tag = fg_expect_name(p, "a tag", "write: tags inpatient, readmission");
                if (!tag) break;
                g->tags = fg_ast_grow(p->arena, g->tags, g->ntags, sizeof *g->tags);
                g->tags[g->ntags++] = tag;
            } while (fg_accept(p, FG_T_COMMA));
        } else {
            char b[64];
            fg_perr(p, &wt, "after the rule line come basis, severity, tags and description, then param, store and on",
                    "unexpected %s in the rule header", fg_found(&wt, b, sizeof b));
            break;
        }
        fg_sync(p);
    }
}

/* A param default: literal -> (type, text for fg_params). */
static int fg_parse_default(fg_parser *p, int *ptype, const char **text, int *inferred)
{
    fg_tok t = p->tok;
    int neg = 0;
    if (t.kind == FG_T_MINUS) {
        neg = 1;
        fg_advance(p);
        t = p->tok;
        if (t.kind != FG_T_INT && t.kind != FG_T_NUM && t.kind != FG_T_MONEY) {
            fg_perr(p, &t, NULL, "'-' must be followed by a number here");
            return -1;
        }
    }
    char buf[64];
    *inferred = 1;
    switch (t.kind) {
    case FG_T_INT: *ptype = FG_P_INT; snprintf(buf, sizeof buf, "%s%lld", neg ? "-" : "", (long long)t.ival); *text = fg_arena_strndup(p->arena, buf, strlen(buf)); break;
    case FG_T_NUM: *ptype = FG_P_NUMBER; snprintf(buf, sizeof buf, "%s%.*s", neg ? "-" : "", (int)t.len, t.p); *text = fg_arena_strndup(p->arena, buf, strlen(buf)); break;
    case FG_T_DURATION: *ptype = FG_P_DURATION; *text = fg_dup_tok(p, &t); break;
    case FG_T_MONEY: *ptype = FG_P_MONEY; snprintf(buf, sizeof buf, "%s%.*s", neg ? "-" : "", (int)(t.len - 3), t.p); *text = fg_arena_strndup(p->arena, buf, strlen(buf)); break;
    case FG_T_PERCENT: *ptype = FG_P_PERCENT; *text = fg_dup_tok(p, &t); break;
    case FG_T_DATE: *ptype = FG_P_DATE; *text = fg_dup_tok(p, &t); break;
    case FG_T_CLOCK: *ptype = FG_P_TIME; *text = fg_dup_tok(p, &t); break;
    case FG_T_REGEX: *ptype = FG_P_REGEX; *text = t.text; break;
    case FG_T_TRUE: case FG_T_FALSE: *ptype = FG_P_BOOL; *text = t.kind == FG_T_TRUE ? "true" : "false"; break;
    case FG_T_NONE: *ptype = FG_P_DATE; *text = "none"; *inferred = 0; break;
    case FG_T_STRING: {
        fg_advance(p);
        fg_node *s = fg_parse_string_tok(p, &t);
        if (!s->text) {
            fg_perr(p, &t, NULL, "a parameter default cannot hold {holes}");
            return -1;
        }
        *ptype = FG_P_STRING;
        *text = s->text;
        return 0;
    }
    case FG_T_LBRACK: {
        fg_node *l = fg_parse_list_lit(p);
        fg_buf b;
        fg_buf_init(&b);
        int bad = 0;
        for (size_t i = 0; i < l->nkids; i++) {
            fg_node *it = l->kids[i];
            if (it->kind != FG_N_STR || !it->text || strchr(it->text, '|') || !it->text[0]) {
                if (!bad) fg_node_error(p->d, it, "list parameters hold non-empty \"codes\" without '|'",
                                        "a list parameter holds plain strings");
                bad = 1;
                continue;
            }
            if (i) fg_buf_putc(&b, '|');
            fg_buf_puts(&b, it->text);
        }
        *ptype = FG_P_LIST;
        *text = fg_arena_strndup(p->arena, b.p ? b.p : "", b.len);
        fg_buf_free(&b);
        if (bad) p->errors++;
        return bad ? -1 : 0;
    }
    default: {
        char b[64];
        fg_perr(p, &t, "a default is a literal: 15d, 3, 1.5, 10000元, 60%, 2025-04-01, none, 06:00, \"text\", /regex/, [\"a\", \"b\"], true",
                "expected the parameter's default value, found %s", fg_found(&t, b, sizeof b));
        return -1;
    }
    }
    fg_advance(p);
    return 0;
}

static int fg_type_word(const char *w)
{
    return fg_ptype_lookup(w);
}

static void fg_parse_param(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_tok t = p->tok;
    fg_advance(p);
    fg_tok nt = p->tok;
    const char *name = fg_expect_name(p, "the parameter name", "write: param window = 15d \"what it means\"");
    if (!name) return;
    int ptype = -1, declared = -1, inferred;
    fg_tok tt = p->tok;
    if (fg_accept(p, FG_T_COLON)) {
        tt = p->tok;
        if (fg_name_tok(p->tok.kind)) {
            declared = fg_type_word(p->tok.text);
            if (declared < 0)
                fg_perr(p, &p->tok, "types: int number duration money percent date time string regex list bool",
                        "unknown parameter type '%s'", p->tok.text);
            fg_advance(p);
        } else {
            fg_perr(p, &p->tok, "types: int number duration money percent date time string regex list bool",
                    "expected a type after ':'");
        }
    }
    if (!fg_expect(p, FG_T_ASSIGN, " and a default", "write: param window = 15d \"what it means\"")) return;
    fg_tok dt = p->tok;
    const char *text = NULL;
    int before = p->d->errors;
    int bad = fg_parse_default(p, &ptype, &text, &inferred);
    if (bad || p->d->errors > before) {
        /* reported: keep the name, so that its uses are not reported too */
        g->params = fg_ast_grow(p->arena, g->params, g->nparams, sizeof *g->params);
        fg_param *pa = &g->params[g->nparams++];
        memset(pa, 0, sizeof *pa);
        pa->name = name;
        pa->ptype = -1;
        pa->deflt = "";
        pa->at = fg_mk(p, FG_N_NAME, &nt);
        pa->at->name = name;
        return;
    }
    if (declared >= 0 && declared != ptype) {
        /* literals that fit another declared type */
        int fits = (ptype == FG_P_INT && (declared == FG_P_NUMBER || declared == FG_P_MONEY)) ||
                   (ptype == FG_P_NUMBER && declared == FG_P_MONEY) ||
                   (ptype == FG_P_STRING && (declared == FG_P_REGEX || declared == FG_P_LIST ||
                                             declared == FG_P_DATE || declared == FG_P_TIME));
        if (!fits) {
            fg_perr(p, &dt, NULL, "the default does not fit the declared type %s", fg_ptype_name((fg_ptype)declared));
            return;
        }
        ptype = declared;
    } else if (declared < 0 && !inferred) {
        fg_perr(p, &dt, "write: param lv3_from: date = none", "give 'none' a type");
        return;
    }
    (void)tt;
    const char *doc = NULL;
    if (p->tok.kind == FG_T_STRING && p->tok.line == p->prev_line) doc = fg_plain_string(p, "the parameter's description");
    if (ptype < 0) return;
    const char *why = fg_param_check((fg_ptype)ptype, text);
    if (why) {
        fg_perr(p, &dt, NULL, "default of '%s': %s", name, why);
        ptype = -1;
    }
    g->params = fg_ast_grow(p->arena, g->params, g->nparams, sizeof *g->params);
    fg_param *pa = &g->params[g->nparams++];
    memset(pa, 0, sizeof *pa);
    pa->name = name;
    pa->ptype = ptype;
    pa->deflt = text;
    pa->doc = doc;
    pa->at = fg_mk(p, FG_N_NAME, &nt);
    pa->at->name = name;
    (void)t;
}

static void fg_parse_list_decl(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_advance(p);
    fg_tok nt = p->tok;
    const char *name = fg_expect_name(p, "the list name", "write: list exempt_codes = [\"Z51\", \"Z49\"]");
    if (!name) return;
    if (!fg_expect(p, FG_T_ASSIGN, NULL, "write: list exempt_codes = [\"Z51\", \"Z49\"]")) return;
    if (p->tok.kind != FG_T_LBRACK) {
        char b[64];
        fg_perr(p, &p->tok, "write: list exempt_codes = [\"Z51\", \"Z49\"]", "expected '[', found %s",
                fg_found(&p->tok, b, sizeof b));
        return;
    }
    fg_node *v = fg_parse_list_lit(p);
    g->lists = fg_ast_grow(p->arena, g->lists, g->nlists, sizeof *g->lists);
    fg_listdecl *l = &g->lists[g->nlists++];
    memset(l, 0, sizeof *l);
    l->name = name;
    l->value = v;
    l->at = fg_mk(p, FG_N_NAME, &nt);
}

static void fg_parse_macro(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_advance(p);
    fg_tok nt = p->tok;
    const char *name = fg_expect_name(p, "the macro name", "write: macro low_income(person) = person.low_income == true");
    if (!name) return;
    fg_macro m;
    memset(&m, 0, sizeof m);
    m.name = name;
    if (fg_accept(p, FG_T_LPAREN)) {
        if (!fg_accept(p, FG_T_RPAREN)) {
            do {
                const char *pn = fg_expect_name(p, "a parameter name", NULL);
                if (!pn) return;
                m.params = fg_ast_grow(p->arena, m.params, m.nparams, sizeof *m.params);
                m.params[m.nparams++] = pn;
            } while (fg_accept(p, FG_T_COMMA));
            if (!fg_expect(p, FG_T_RPAREN, NULL, NULL)) return;
        }
    }
    if (!fg_expect(p, FG_T_ASSIGN, NULL, "write: macro NAME(ARGS) = EXPRESSION")) return;
    m.body = fg_parse_expr(p);
    m.at = fg_mk(p, FG_N_NAME, &nt);
    g->macros = fg_ast_grow(p->arena, g->macros, g->nmacros, sizeof *g->macros);
    g->macros[g->nmacros++] = m;
}

/* type words of fields and store slots */
static const fg_type *fg_parse_vtype(fg_parser *p);

static void fg_parse_field(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_advance(p);
    fg_tok et = p->tok;
    const char *hint = "write: field fee.my_field: string (or field any.my_field: bool)";
    const char *ev = fg_expect_name(p, "an event type (or any)", hint);
    if (!ev) return;
    if (!fg_expect(p, FG_T_DOT, NULL, hint)) return;
    const char *name = NULL;
    if (fg_name_tok(p->tok.kind)) {
        name = p->tok.text;
        fg_advance(p);
    } else {
        fg_expect_name(p, "a field name", hint);
        return;
    }
    if (!fg_expect(p, FG_T_COLON, NULL, hint)) return;
    const fg_type *ty = fg_parse_vtype(p);
    if (!ty) return;
    g->fields = fg_ast_grow(p->arena, g->fields, g->nfields, sizeof *g->fields);
    fg_customfield *f = &g->fields[g->nfields++];
    f->evtype = strcmp(ev, "any") ? ev : NULL;
    f->name = name;
    f->type = ty;
    f->at = fg_mk(p, FG_N_NAME, &et);
    fg_close(p, f->at);
}

/* Type words (param types plus instant, month). */
const fg_type *fg_type_from_word(const char *w);

static const fg_type *fg_parse_vtype(fg_parser *p)
{
    if (!fg_name_tok(p->tok.kind)) {
        fg_perr(p, &p->tok, "types: int number money duration instant date month time string bool list regex",
                "expected a type");
        return NULL;
    }
    const fg_type *ty = fg_type_from_word(p->tok.text);
    if (!ty) {
        fg_perr(p, &p->tok, "types: int number money duration instant date month time string bool list regex",
                "unknown type '%s'", p->tok.text);
        return NULL;
    }
    fg_advance(p);
    return ty;
}

static void fg_parse_store(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_advance(p);
    fg_tok nt = p->tok;
    const char *hint = "write: store last = kv (at: instant, mdtrt_id: string), or window ... keep 30d, or tracecodes keep 1095d";
    const char *name = fg_expect_name(p, "the store name", hint);
    if (!name) return;
    if (!fg_expect(p, FG_T_ASSIGN, NULL, hint)) return;
    fg_tok kt = p->tok;
    const char *kind = fg_expect_name(p, "kv, window or tracecodes", hint);
    if (!kind) return;
    fg_store s;
    memset(&s, 0, sizeof s);
    s.name = name;
    if (!strcmp(kind, "kv")) s.kind = FG_STORE_KV;
    else if (!strcmp(kind, "window")) s.kind = FG_STORE_WINDOW;
    else if (!strcmp(kind, "tracecodes")) s.kind = FG_STORE_TRACECODES;
    else {
        fg_perr(p, &kt, hint, "unknown kind of store '%s'", kind);
        return;
    }
    if (p->tok.kind == FG_T_STRING) s.storename = fg_plain_string(p, "the store's shared name");
    if (fg_accept(p, FG_T_LPAREN)) {
        do {
            fg_tok st = p->tok;
            const char *sn = fg_expect_name(p, "a slot name", "slots are written (name: type, ...)");
            if (!sn) return;
            if (!fg_expect(p, FG_T_COLON, NULL, "slots are written (name: type, ...)")) return;
            const fg_type *ty = fg_parse_vtype(p);
            if (!ty) return;
            s.slots = fg_ast_grow(p->arena, s.slots, s.nslots, sizeof *s.slots);
            s.slots[s.nslots].name = sn;
            s.slots[s.nslots].type = ty;
            s.slots[s.nslots].at = fg_mk(p, FG_N_NAME, &st);
            s.nslots++;
        } while (fg_accept(p, FG_T_COMMA));
        if (!fg_expect(p, FG_T_RPAREN, NULL, "slots are written (name: type, ...)")) return;
    }
    if (fg_accept(p, FG_T_KEEP)) s.keep = fg_parse_expr(p);
    s.at = fg_mk(p, FG_N_NAME, &nt);
    s.at->name = name;
    g->stores = fg_ast_grow(p->arena, g->stores, g->nstores, sizeof *g->stores);
    g->stores[g->nstores++] = s;
}

static void fg_parse_handler(fg_parser *p)
{
    fg_program *g = p->prog;
    fg_tok ot = p->tok;
    fg_advance(p);
    fg_handler h;
    memset(&h, 0, sizeof h);
    h.at = fg_mk(p, FG_N_NAME, &ot);
    do {
        fg_tok tt = p->tok;
        const char *ty = fg_expect_name(p, "an event type", "write: on admission as a (or on fee, sale as line)");
        if (!ty) break;
        h.types = fg_ast_grow(p->arena, h.types, h.ntypes, sizeof *h.types);
        h.type_at = fg_ast_grow(p->arena, h.type_at, h.ntypes, sizeof *h.type_at);
        h.type_at[h.ntypes] = fg_mk(p, FG_N_NAME, &tt);
        h.types[h.ntypes++] = ty;
    } while (fg_accept(p, FG_T_COMMA));
    h.bind = "e";
    if (fg_accept(p, FG_T_AS)) {
        const char *b = fg_expect_name(p, "a name for the event", "write: on admission as a");
        if (b) h.bind = b;
    }
    fg_sync(p);
    h.body = fg_parse_block(p, 1);
    g->handlers = fg_ast_grow(p->arena, g->handlers, g->nhandlers, sizeof *g->handlers);
    g->handlers[g->nhandlers++] = h;
}

int fg_parse_program(const fg_src *src, fg_arena *arena, fg_diag *d, fg_program *prog)
{
    fg_parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.d = d;
    p.src = src;
    p.prog = prog;
    prog->src = src;
    prog->severity = -1;
    fg_lex_init(&p.lx, src->path, src->text, src->len, 0, src->len, 1, 0, arena, d);
    int before = d->errors;
    fg_advance(&p);
    while (p.tok.kind != FG_T_EOF) {
        fg_sync(&p);
        switch (p.tok.kind) {
        case FG_T_EOF: break;
        case FG_T_USE: {
            fg_advance(&p);
            if (p.tok.kind != FG_T_STRING) {
                fg_perr(&p, &p.tok, "write: use \"../common/lists.rule\"", "expected a file name in quotes");
                break;
            }
            fg_tok t = p.tok;
            fg_advance(&p);
            fg_node *s = fg_parse_string_tok(&p, &t);
            if (!s->text) {
                fg_perr(&p, &t, NULL, "a file name cannot hold {holes}");
                break;
            }
            prog->uses = fg_ast_grow(arena, prog->uses, prog->nuses, sizeof *prog->uses);
            prog->uses[prog->nuses++] = s;
            break;
        }
        case FG_T_RULE: fg_parse_header(&p); break;
        case FG_T_PARAM: fg_parse_param(&p); break;
        case FG_T_LIST: fg_parse_list_decl(&p); break;
        case FG_T_MACRO: fg_parse_macro(&p); break;
        case FG_T_FIELD: fg_parse_field(&p); break;
        case FG_T_STORE: fg_parse_store(&p); break;
        case FG_T_ON: fg_parse_handler(&p); break;
        default: {
            char b[64];
            const char *hint = "a rule file holds: rule, param, list, macro, field, store and on sections";
            if (fg_is_stmt_start(p.tok.kind) || p.tok.kind == FG_T_IDENT)
                hint = "statements go inside an 'on EVENT as NAME' section";
            fg_perr(&p, &p.tok, hint, "unexpected %s at the top level", fg_found(&p.tok, b, sizeof b));
            fg_advance(&p);
            break;
        }
        }
    }
    prog->is_library = prog->header_at == NULL;
    return d->errors - before;
}
