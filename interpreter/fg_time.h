/* fg_time — event time, dates and calendar buckets in China Standard Time.
 *
 * Time is held as int64 seconds since the Unix epoch (UTC).  Every calendar
 * notion the rules use (day, month, year, time of day, age) is taken in CST
 * (UTC+8, no daylight saving), whatever the machine's TZ says. */
#ifndef FG_TIME_H
#define FG_TIME_H
#include <stddef.h>
#include <stdint.h>

#define FG_CST_OFFSET 28800

/* "YYYY-MM-DD HH:MM:SS" in CST, or ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|+hhmm]"
 * (without an offset: CST).  Returns NULL and sets *t, or an error message. */
const char *fg_time_parse(const char *s, size_t n, int64_t *t);
/* "YYYY-MM-DD" -> days since 1970-01-01; NULL or an error message. */
const char *fg_date_parse(const char *s, size_t n, int64_t *day);
/* Civil date <-> day number. */
int64_t fg_days_from_civil(int64_t y, int m, int d);
void fg_civil_from_days(int64_t day, int64_t *y, int *m, int *d);

/* CST calendar of an instant. */
int64_t fg_cst_day(int64_t t);                 /* day number */
int64_t fg_cst_month(int64_t t);               /* year*12 + month-1 */
int64_t fg_cst_year(int64_t t);
int64_t fg_cst_second_of_day(int64_t t);       /* 0..86399 */
/* Instant of 00:00:00 CST on a day. */
int64_t fg_day_start(int64_t day);

void fg_time_fmt(int64_t t, char out[20]);     /* "YYYY-MM-DD HH:MM:SS" CST */
void fg_day_fmt(int64_t day, char out[11]);    /* "YYYY-MM-DD" */
void fg_month_fmt(int64_t month, char out[8]); /* "YYYY-MM" */
/* Whole years from birth day to day (birthday counts from its own calendar
 * day); negative when day precedes birth. */
int64_t fg_age_years(int64_t birth_day, int64_t day);

#endif
