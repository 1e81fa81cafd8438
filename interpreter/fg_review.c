/* fg_review — review bundles evaluated in a forked engine (see fg_review.h). */
#include "fg_review.h"
#include "fg_fdio.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Appends one synthetic event line: the members of obj (may be NULL) with
 * type, time and id set, and defaults for the fields obj does not give. */
static void fg_review_line(fg_buf *out, const char *type, const fg_event *rv, const fg_json *obj,
                           const char *const *dk, const fg_json *const *dv, int nd)
{
    fg_buf_puts(out, "{\"type\":");
    fg_buf_json_str(out, type, strlen(type));
    fg_buf_puts(out, ",\"id\":");
    fg_buf_json_str(out, rv->id, rv->id_len);
    int has_time = obj && fg_json_get(obj, "time", 4);
    if (!has_time) fg_buf_printf(out, ",\"time\":\"%s\"", rv->time_str);
    for (uint32_t i = 0; obj && obj->type == FG_JOBJ && i < obj->n; i++) {
        const fg_jmem *m = &obj->u.o[i];
        if ((m->klen == 4 && !memcmp(m->k, "type", 4)) || (m->klen == 2 && !memcmp(m->k, "id", 2)))
            continue;
        fg_buf_putc(out, ',');
        fg_buf_json_str(out, m->k, m->klen);
        fg_buf_putc(out, ':');
        fg_json_write(&m->v, out);
    }
    for (int k = 0; k < nd; k++) {
        if (!dv[k] || (obj && fg_json_get(obj, dk[k], strlen(dk[k])))) continue;
        fg_buf_putc(out, ',');
        fg_buf_json_str(out, dk[k], strlen(dk[k]));
        fg_buf_putc(out, ':');
        fg_json_write(dv[k], out);
    }
    fg_buf_puts(out, "}\n");
}

/* First of the candidates that is present. */
static const fg_json *fg_review_pick(const fg_json *a, const fg_json *b, const fg_json *c)
{
    return a ? a : b ? b : c;
}

static const fg_json *fg_review_get(const fg_json *obj, const char *k)
{
    return obj && obj->type == FG_JOBJ ? fg_json_get(obj, k, strlen(k)) : NULL;
}

/* The events a review stands for, as NDJSON lines. */
static void fg_review_unpack(const fg_event *rv, fg_buf *out)
{
    const fg_json *pat = rv->f[FG_F_PATIENT], *enc = rv->f[FG_F_ENCOUNTER], *fees = rv->f[FG_F_FEES];
    const fg_json *fee0 = fees && fees->n ? &fees->u.a[0] : NULL;
    const fg_json *psn = fg_review_pick(fg_review_get(pat, "psn_no"), fg_review_get(enc, "psn_no"),
                                        fg_review_get(fee0, "psn_no"));
    const fg_json *inst = fg_review_pick(fg_review_get(enc, "fixmedins_code"),
                                         fg_review_get(fee0, "fixmedins_code"), NULL);
    fg_json self = {FG_JSTR, rv->id_len, {.s = rv->id}};
    const fg_json *mdtrt = fg_review_pick(fg_review_get(enc, "mdtrt_id"),
                                          fg_review_get(fee0, "mdtrt_id"), &self);
    if (pat) {
        const char *k[] = {"psn_no"};
        const fg_json *v[] = {psn};
        fg_review_line(out, "person", rv, pat, k, v, 1);
    }
    if (enc) {
        const fg_json *mt = fg_review_get(enc, "med_type");
        int inpatient = mt && mt->type == FG_JSTR && mt->n && mt->u.s[0] == '2';
        const char *k[] = {"mdtrt_id", "psn_no", "fixmedins_code"};
        const fg_json *v[] = {mdtrt, psn, inst};
        fg_review_line(out, inpatient ? "admission" : "registration", rv, enc, k, v, 3);
    }
    for (uint32_t i = 0; fees && i < fees->n; i++) {
        char sn[16];
        int l = snprintf(sn, sizeof sn, "%u", i + 1);
        fg_json seq = {FG_JSTR, (uint32_t)l, {.s = sn}};
        const char *k[] = {"feedetl_sn", "mdtrt_id", "psn_no", "fixmedins_code"};
        const fg_json *v[] = {&seq, mdtrt, psn, inst};
        fg_review_line(out, "fee", rv, &fees->u.a[i], k, v, 4);
    }
}

static void fg_review_child(fg_engine *e, const char *src, uint64_t lineno, fg_buf *lines, int fd)
{
    /* The child's alerts go to the pipe; its state changes die with it. */
    e->out.len = 0;
    char *p = lines->p, *end = lines->p + lines->len;
    uint32_t part = 0;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        e->part = ++part;
        fg_engine_line(e, src, lineno, p, (size_t)(nl - p));
        p = nl + 1;
    }
    int rc = fg_write_all(fd, e->out.p, e->out.len) ? 1 : 0;
    fflush(stderr);
    _exit(rc);
}

size_t fg_review_eval(fg_engine *e, const char *src, uint64_t lineno)
{
    fg_buf lines;
    fg_buf_init(&lines);
    fg_review_unpack(&e->ev, &lines);
    if (!lines.len) {
        fg_buf_free(&lines);
        return 0;
    }
    int pfd[2];
    if (pipe(pfd)) {
        fg_buf_free(&lines);
        return 0;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        fg_review_child(e, src, lineno, &lines, pfd[1]);
    }
    close(pfd[1]);
    fg_buf_free(&lines);
    if (pid < 0) {
        close(pfd[0]);
        fprintf(stderr, "fundguard: review %.*s not evaluated: fork failed: %s\n", (int)e->ev.id_len,
                e->ev.id, strerror(errno));
        return 0;
    }
    size_t before = e->out.len, count = 0;
    char buf[65536];
    ssize_t k;
    while ((k = fg_read_some(pfd[0], buf, sizeof buf)) > 0) fg_buf_put(&e->out, buf, (size_t)k);
    close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    for (size_t i = before; i < e->out.len; i++) count += e->out.p[i] == '\n';
    e->st.alerts += count;
    return count;
}
