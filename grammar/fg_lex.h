/* fg_lex — the tokens of the rule language (grammar/fundguard.ebnf,
 * "lexical") and the scanner that cuts a UTF-8 .rule source into them.
 *
 * The scanner is pull-based: the parser asks for one token at a time.  It
 * knows where an operand may start (after an operator, a keyword or an
 * opening bracket) and only there reads "/.../" as a regex literal, so
 * "a / b" stays a division.  Chinese keyword aliases (规则, 当, 且 ...) are
 * recognised here and come out as the English keyword they stand for;
 * any other non-ASCII character outside strings and comments is an error,
 * with a hint when it is full-width punctuation (，（）“”：).
 *
 * Positions are 1-based lines and byte columns, as fg_diag expects. */
#ifndef FG_LEX_H
#define FG_LEX_H
#include "fg_diag.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    FG_T_EOF,
    FG_T_IDENT,     /* name (text: the name; aliases: the English keyword) */
    FG_T_INT,       /* 15                 ival */
    FG_T_NUM,       /* 1.5                dval, text = as written */
    FG_T_DURATION,  /* 15d 24h 10m 10min 90s   ival = seconds */
    FG_T_MONEY,     /* 10000元 12.50元     ival = fen */
    FG_T_PERCENT,   /* 60%                dval */
    FG_T_DATE,      /* 2025-04-01         ival = day number */
    FG_T_CLOCK,     /* 06:00 06:00:00     ival = second of day */
    FG_T_STRING,    /* "..."              raw text between the quotes */
    FG_T_REGEX,     /* /.../              pattern text (\/ unescaped) */
    /* punctuation */
    FG_T_LPAREN, FG_T_RPAREN, FG_T_LBRACK, FG_T_RBRACK, FG_T_LBRACE, FG_T_RBRACE,
    FG_T_COMMA, FG_T_DOT, FG_T_COLON, FG_T_ASSIGN,
    FG_T_EQ, FG_T_NE, FG_T_LT, FG_T_LE, FG_T_GT, FG_T_GE,
    FG_T_PLUS, FG_T_MINUS, FG_T_STAR, FG_T_SLASH,
    /* reserved words */
#define FG_KEYWORDS(X) \
    X(RULE, "rule") X(USE, "use") X(PARAM, "param") X(LIST, "list") X(MACRO, "macro") \
    X(FIELD, "field") X(STORE, "store") X(ON, "on") X(AS, "as") X(LET, "let") \
    X(SET, "set") X(WHEN, "when") X(UNLESS, "unless") X(IF, "if") X(THEN, "then") \
    X(ELIF, "elif") X(ELSE, "else") X(END, "end") X(FOR, "for") X(EACH, "each") \
    X(IN, "in") X(DO, "do") X(WHERE, "where") X(STOP, "stop") X(ALERT, "alert") \
    X(APPEND, "append") X(AND, "and") X(OR, "or") X(NOT, "not") \
    X(MATCHES, "matches") X(CONTAINS, "contains") X(BETWEEN, "between") X(IS, "is") \
    X(PRESENT, "present") X(ABSENT, "absent") X(EMPTY, "empty") X(TRUE, "true") \
    X(FALSE, "false") X(NONE, "none") X(KEEP, "keep") X(OTHERWISE, "otherwise")
#define FG_KW_ENUM(id, text) FG_T_##id,
    FG_KEYWORDS(FG_KW_ENUM)
#undef FG_KW_ENUM
    FG_T_ERROR,     /* already reported */
    FG_T__COUNT
} fg_tkind;

typedef struct fg_tok {
    fg_tkind kind;
    const char *p;          /* first byte in the source */
    size_t len;             /* bytes in the source */
    uint32_t line, col;
    const char *text;       /* identifiers: canonical name (NUL-terminated, arena) */
    int64_t ival;
    double dval;
} fg_tok;

struct fg_arena;

typedef struct fg_lexer {
    const char *path;
    const char *src;        /* whole file (for source lines in messages) */
    size_t srclen;
    size_t pos, end;        /* scanning [pos, end) */
    uint32_t line;
    size_t line_start;      /* offset of the current line's first byte */
    int operand_ok;         /* may a regex literal start here? */
    struct fg_arena *arena;
    fg_diag *d;
} fg_lexer;

/* Scans src[from, to) of a file; line/col of `from` are given (strings
 * with interpolations are re-scanned this way). */
void fg_lex_init(fg_lexer *lx, const char *path, const char *src, size_t srclen, size_t from,
                 size_t to, uint32_t line, size_t line_start, struct fg_arena *arena, fg_diag *d);
fg_tok fg_lex_next(fg_lexer *lx);
/* Printable name of a token kind, for messages ("')'", "a string"). */
const char *fg_tok_name(fg_tkind k);
/* Reports an error at [p, p+span) of the source (line/col computed). */
void fg_lex_error_at(fg_diag *d, const char *path, const char *src, size_t srclen, size_t off,
                     size_t span, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* Line and byte column (1-based) of offset off. */
void fg_lex_position(const char *src, size_t srclen, size_t off, uint32_t *line, uint32_t *col);
/* Chinese aliases of keywords (for the docs and tests): NULL-terminated
 * pairs alias, keyword. */
extern const char *const fg_lex_aliases[];

#endif
