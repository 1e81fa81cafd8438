/* bench/json_compare.c — decoding cost of one fee event with fg_json and
 * with the JSON libraries Debian packages (json-c, jansson), to justify
 * fg_json (docs/performance.md).  Built and run by bench/json.sh.  The
 * two libraries' headers clash, so each is driven from its own file
 * (json_compare_jsonc.c, json_compare_jansson.c). */
#include "fg_arena.h"
#include "fg_json.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char fee[] =
    "{\"type\":\"fee\",\"id\":\"F00012345\",\"time\":\"2025-07-03 10:21:44\",\"feedetl_sn\":\"12345\","
    "\"mdtrt_id\":\"MZ000012340\",\"psn_no\":\"P00001234\",\"fixmedins_code\":\"H00003\","
    "\"med_list_codg\":\"XA10BAA001A001010100142\",\"medins_list_name\":\"盐酸二甲双胍片\","
    "\"list_type\":\"101\",\"cnt\":2,\"pric\":18.5,\"det_item_fee_sumamt\":37.0,"
    "\"bilg_dr_codg\":\"D0000301\",\"prd_days\":7,"
    "\"drug_trac_codg\":[\"81000000000000012345\",\"81000000000000012346\"]}";

double bench_jsonc(const char *s, int n);
double bench_jansson(const char *s, size_t len, int n);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    enum { N = 300000 };
    size_t n = strlen(fee);
    printf("fee event: %zu bytes, %d decodes each\n", n, N);
    fg_arena a;
    fg_arena_init(&a);
    fg_jparser p;
    fg_jparser_init(&p, &a);
    double t0 = now();
    for (int i = 0; i < N; i++) {
        fg_json v;
        fg_jerr e;
        fg_arena_reset(&a);
        if (fg_json_parse(&p, fee, n, &v, &e)) return 1;
    }
    double t1 = now();
    printf("fg_json  %6.2f us/event\n", (t1 - t0) / N * 1e6);
    printf("json-c   %6.2f us/event\n", bench_jsonc(fee, N) / N * 1e6);
    printf("jansson  %6.2f us/event\n", bench_jansson(fee, n, N) / N * 1e6);
    fg_jparser_free(&p);
    fg_arena_free(&a);
    return 0;
}
