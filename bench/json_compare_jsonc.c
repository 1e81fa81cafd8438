/* bench/json_compare_jsonc.c — the json-c side of bench/json_compare.c. */
#include <json-c/json.h>
#include <time.h>

double bench_jsonc(const char *s, int n);

double bench_jsonc(const char *s, int n)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) json_object_put(json_tokener_parse(s));
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}
