/* Unit tests: fg_map, fg_kv, fg_window, fg_trace, fg_lines. */
#include "fg_kv.h"
#include "fg_lines.h"
#include "fg_map.h"
#include "fg_mem.h"
#include "fg_trace.h"
#include "fg_window.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct node {
    fg_mkey mk;
    char k[16];
} node;

static char lines_seen[8][64];
static int nlines;
static void on_line(void *ud, const char *line, size_t len, uint64_t lineno)
{
    (void)ud;
    if (nlines >= 8) return;
    char *out = lines_seen[nlines++];
    int k = snprintf(out, 24, "%llu:", (unsigned long long)lineno);
    if (!line) memcpy(out + k, "LONG", 5);
    else if (len < 32) {
        memcpy(out + k, line, len);
        out[k + (int)len] = '\0';
    }
}

int main(void)
{
    /* map: insert, find, delete with backward shift, many keys */
    fg_map m;
    fg_map_init(&m);
    enum { N = 5000 };
    node *nodes = fg_xcalloc(N, sizeof *nodes);
    for (int i = 0; i < N; i++) {
        snprintf(nodes[i].k, sizeof nodes[i].k, "k%d", i);
        nodes[i].mk.key = nodes[i].k;
        nodes[i].mk.klen = (uint32_t)strlen(nodes[i].k);
        fg_map_put(&m, &nodes[i].mk, fg_map_hash(nodes[i].k, nodes[i].mk.klen));
    }
    int found = 0;
    for (int i = 0; i < N; i++)
        found += fg_map_get(&m, nodes[i].k, nodes[i].mk.klen, fg_map_hash(nodes[i].k, nodes[i].mk.klen)) == &nodes[i];
    is_int(found, N, "every key found");
    for (int i = 0; i < N; i += 2) fg_map_del(&m, nodes[i].k, nodes[i].mk.klen, fg_map_hash(nodes[i].k, nodes[i].mk.klen));
    found = 0;
    int gone = 0;
    for (int i = 0; i < N; i++) {
        void *p = fg_map_get(&m, nodes[i].k, nodes[i].mk.klen, fg_map_hash(nodes[i].k, nodes[i].mk.klen));
        if (i % 2) found += p == &nodes[i];
        else gone += p == NULL;
    }
    ok(found == N / 2 && gone == N / 2 && m.count == N / 2, "deletes keep the other keys reachable");
    fg_map_free(&m);
    free(nodes);

    /* kv: liveness at the asking event's time, once, sweep */
    fg_kv kv;
    fg_kv_init(&kv);
    int created;
    fg_kvent *e = fg_kv_upsert(&kv, "a", 1, 100, &created);
    e->expire = 200;
    e->a = 7;
    ok(created && fg_kv_get(&kv, "a", 1, 200) && fg_kv_get(&kv, "a", 1, 200)->a == 7, "live up to its expiry");
    ok(!fg_kv_get(&kv, "a", 1, 201), "dead after its expiry");
    e = fg_kv_upsert(&kv, "a", 1, 300, &created);
    ok(created && e->a == 0, "a dead entry is reborn empty");
    e->expire = 400;
    fg_kv_sweep(&kv, 1000, 64);
    is_int(fg_kv_count(&kv), 0, "sweep frees entries the watermark passed");
    fg_kv_free(&kv);

    /* window: counts over closed ranges, distinct, retention */
    fg_window w;
    fg_window_init(&w, 100);
    fg_window_push(&w, "x", 1, 10, 1, "p1", 2, 10);
    fg_window_push(&w, "x", 1, 20, 2, "p2", 2, 20);
    fg_window_push(&w, "x", 1, 30, 3, "p1", 2, 30);
    fg_wstat s = fg_window_stat(&w, "x", 1, 10, 30, 1);
    ok(s.count == 3 && s.sum == 6 && s.distinct == 2, "count, sum and distinct over [from, to]");
    s = fg_window_stat(&w, "x", 1, 11, 29, 1);
    ok(s.count == 1 && s.distinct == 1, "range ends are inclusive, outside excluded");
    fg_window_push(&w, "x", 1, 200, 0, NULL, 0, 200);
    s = fg_window_stat(&w, "x", 1, 0, 1000, 0);
    is_int(s.count, 1, "entries older than the retention are dropped");
    for (int i = 0; i < 100; i++) {
        char p[8];
        snprintf(p, sizeof p, "q%d", i % 40);
        fg_window_push(&w, "y", 1, 500 + i, 0, p, strlen(p), 500 + i);
    }
    is_int(fg_window_stat(&w, "y", 1, 0, 1000, 1).distinct, 40, "distinct beyond the small table");
    fg_window_free(&w);

    /* trace codes: packed and fallback keys */
    fg_trace tr;
    fg_trace_init(&tr);
    int64_t t;
    uint32_t inst;
    fg_trace_put(&tr, "81234567890123456789", 20, 1700000000, 3);
    fg_trace_put(&tr, "ABC", 3, 1700000001, 4);
    ok(fg_trace_get(&tr, "81234567890123456789", 20, &t, &inst) && t == 1700000000 && inst == 3, "20-digit code packed");
    ok(!fg_trace_get(&tr, "91234567890123456789", 20, &t, &inst), "first digit is part of the key");
    ok(fg_trace_get(&tr, "ABC", 3, &t, &inst) && inst == 4, "other codes kept too");
    ok(fg_trace_del(&tr, "81234567890123456789", 20) && !fg_trace_get(&tr, "81234567890123456789", 20, &t, &inst), "release");
    char code[21];
    for (int i = 0; i < 100000; i++) {
        snprintf(code, sizeof code, "8%019d", i);
        fg_trace_put(&tr, code, 20, 1700000000 + i, 1);
    }
    is_int(fg_trace_count(&tr), 100001, "100000 codes");
    printf("# trace table: %.1f bytes per code\n", (double)fg_trace_bytes(&tr) / 100000.0);
    ok(fg_trace_bytes(&tr) <= 64 * 100000, "at most 64 bytes per code");
    for (int i = 0; i < 200000; i++) fg_trace_sweep(&tr, 1700050000, 16);
    ok(fg_trace_count(&tr) < 60000, "sweep drops codes first settled before the horizon");
    fg_trace_free(&tr);

    /* lines: CRLF, final line without newline, overlong */
    fg_lines l;
    fg_lines_init(&l, 20);
    const char *in = "ab\r\ncd\n0123456789012345678901234567\nlast";
    fg_lines_feed(&l, in, 10, on_line, NULL);
    fg_lines_feed(&l, in + 10, strlen(in) - 10, on_line, NULL);
    fg_lines_finish(&l, on_line, NULL);
    is_int(nlines, 4, "four lines");
    is_str(lines_seen[0], "1:ab", "CR dropped");
    is_str(lines_seen[1], "2:cd", "split across feeds");
    is_str(lines_seen[2], "3:LONG", "overlong line reported without text");
    is_str(lines_seen[3], "4:last", "last line without newline");
    fg_lines_free(&l);
    return done_testing();
}
