/* bench/json_compare_jansson.c — the jansson side of bench/json_compare.c. */
#include <jansson.h>
#include <time.h>

double bench_jansson(const char *s, size_t len, int n);

double bench_jansson(const char *s, size_t len, int n)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) {
        json_error_t err;
        json_decref(json_loadb(s, len, 0, &err));
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}
