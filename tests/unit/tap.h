/* tap.h — a minimal TAP producer for the C unit tests (run under prove). */
#ifndef FG_TAP_H
#define FG_TAP_H
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
    tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static void tap_desc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void tap_desc(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

#define tap_ok(c, file, line, ...)                                          \
    do {                                                                    \
        int tap_c_ = (c);                                                   \
        tap_n++;                                                            \
        printf("%s %d - ", tap_c_ ? "ok" : "not ok", tap_n);                \
        tap_desc(__VA_ARGS__);                                              \
        printf("\n");                                                       \
        if (!tap_c_) {                                                      \
            tap_failed++;                                                   \
            printf("#   failed at %s:%d\n", file, line);                    \
        }                                                                   \
    } while (0)

#define tap_is_int(g, w, file, line, ...)                                   \
    do {                                                                    \
        long long tap_g_ = (g), tap_w_ = (w);                               \
        tap_ok(tap_g_ == tap_w_, file, line, __VA_ARGS__);                  \
        if (tap_g_ != tap_w_) printf("#   got %lld, want %lld\n", tap_g_, tap_w_); \
    } while (0)

#define tap_is_str(g, w, file, line, ...)                                   \
    do {                                                                    \
        const char *tap_g_ = (g), *tap_w_ = (w);                            \
        int tap_e_ = tap_g_ && tap_w_ ? !strcmp(tap_g_, tap_w_) : tap_g_ == tap_w_; \
        tap_ok(tap_e_, file, line, __VA_ARGS__);                            \
        if (!tap_e_) printf("#   got '%s', want '%s'\n", tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
    } while (0)

static int done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
