/* fg_regex — PCRE2 patterns with hard limits (see fg_regex.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fg_regex.h"
#include "fg_mem.h"
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fg_regex {
    pcre2_code *code;
    pcre2_code *anchored;   /* the same pattern compiled anchored: JIT works for it,
                               whereas PCRE2_ANCHORED at match time disables JIT */
    char *src;
    size_t srclen;
    int refs;
};

struct fg_rematch {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *jit;
    char err[256];
};

fg_regex *fg_regex_compile(const char *pat, size_t n, char *err, size_t errlen, size_t *erroff)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, n, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                                  &code, &off, NULL);
    if (!c) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(err, errlen, "bad regular expression: %s", (const char *)msg);
        if (erroff) *erroff = off;
        return NULL;
    }
    /* JIT is an optimisation: where it is missing the interpreter runs. */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    pcre2_code *a = pcre2_compile((PCRE2_SPTR)pat, n,
                                  PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ANCHORED, &code, &off,
                                  NULL);
    if (a) (void)pcre2_jit_compile(a, PCRE2_JIT_COMPLETE);
    fg_regex *re = fg_xmalloc(sizeof *re);
    re->code = c;
    re->anchored = a;
    re->src = fg_xstrndup(pat, n);
    re->srclen = n;
    re->refs = 1;
    return re;
}

fg_regex *fg_regex_ref(fg_regex *re)
{
    if (re) re->refs++;
    return re;
}

void fg_regex_free(fg_regex *re)
{
    if (!re || --re->refs > 0) return;
    pcre2_code_free(re->code);
    pcre2_code_free(re->anchored);
    free(re->src);
    free(re);
}

const char *fg_regex_source(const fg_regex *re, size_t *n)
{
    if (n) *n = re->srclen;
    return re->src;
}

fg_rematch *fg_rematch_new(const fg_relimits *lim)
{
    fg_rematch *m = fg_xcalloc(1, sizeof *m);
    m->md = pcre2_match_data_create(4, NULL);
    m->mc = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!m->md || !m->mc) {
        fprintf(stderr, "fundguard: out of memory creating a regex matcher\n");
        exit(70);
    }
    pcre2_set_match_limit(m->mc, lim ? lim->match_limit : 1000000);
    pcre2_set_depth_limit(m->mc, lim ? lim->depth_limit : 10000);
    pcre2_set_heap_limit(m->mc, (uint32_t)(lim ? lim->heap_limit_kib : 8192));
    if (m->jit) pcre2_jit_stack_assign(m->mc, NULL, m->jit);
    return m;
}

void fg_rematch_free(fg_rematch *m)
{
    if (!m) return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    if (m->jit) pcre2_jit_stack_free(m->jit);
    free(m);
}

int fg_regex_match(const fg_regex *re, fg_rematch *m, const char *s, size_t n, int anchored)
{
    int rc = anchored && re->anchored
                 ? pcre2_match(re->anchored, (PCRE2_SPTR)s, n, 0, 0, m->md, m->mc)
                 : pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, anchored ? PCRE2_ANCHORED : 0, m->md,
                               m->mc);
    if (rc >= 0) return 1;
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    PCRE2_UCHAR msg[96];
    pcre2_get_error_message(rc, msg, sizeof msg);
    snprintf(m->err, sizeof m->err, "regular expression /%.40s/ failed: %s", re->src,
             (const char *)msg);
    return -1;
}

const char *fg_rematch_error(const fg_rematch *m)
{
    return m->err;
}
