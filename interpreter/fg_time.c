/* fg_time — CST time and calendar arithmetic (see fg_time.h).
 *
 * Civil-date conversion uses the proleptic Gregorian calendar with eras of
 * 400 years (146097 days), so it is exact for every year 0000-9999 without
 * tables or the C library's time zone machinery. */
#include "fg_time.h"

static int64_t fg_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t fg_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = fg_floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void fg_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = fg_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int fg_is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int fg_month_days(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && fg_is_leap(y) ? 29 : days[m - 1];
}

static int fg_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Parses "YYYY-MM-DD" at s (n >= 10). */
static const char *fg_ymd(const char *s, int *y, int *m, int *d)
{
    if (fg_digits(s, 4, y) || s[4] != '-' || fg_digits(s + 5, 2, m) || s[7] != '-' ||
        fg_digits(s + 8, 2, d))
        return "date must be YYYY-MM-DD";
    if (*m < 1 || *m > 12) return "month out of range";
    if (*d < 1 || *d > fg_month_days(*y, *m)) return "no such day in that month";
    return NULL;
}

const char *fg_date_parse(const char *s, size_t n, int64_t *day)
{
    int y, m, d;
    if (n != 10) return "date must be YYYY-MM-DD";
    const char *err = fg_ymd(s, &y, &m, &d);
    if (err) return err;
    *day = fg_days_from_civil(y, m, d);
    return NULL;
}

const char *fg_time_parse(const char *s, size_t n, int64_t *t)
{
    int y, mo, d, hh, mi, ss;
    if (n < 19) return "time must be \"YYYY-MM-DD HH:MM:SS\" (CST) or ISO 8601";
    const char *err = fg_ymd(s, &y, &mo, &d);
    if (err) return err;
    int iso = s[10] == 'T';
    if ((s[10] != ' ' && !iso) || fg_digits(s + 11, 2, &hh) || s[13] != ':' ||
        fg_digits(s + 14, 2, &mi) || s[16] != ':' || fg_digits(s + 17, 2, &ss))
        return "time must be \"YYYY-MM-DD HH:MM:SS\" (CST) or ISO 8601";
    if (hh > 23 || mi > 59 || ss > 59) return "hour, minute or second out of range";
    size_t i = 19;
    int offset = FG_CST_OFFSET;
    if (iso) {
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            i++;
            size_t f = i;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            if (i == f) return "digits expected after the decimal point of the seconds";
        }
        if (i < n && s[i] == 'Z') {
            offset = 0;
            i++;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i] == '-' ? -1 : 1, oh, om;
            i++;
            if (n - i >= 5 && s[i + 2] == ':') {
                if (fg_digits(s + i, 2, &oh) || fg_digits(s + i + 3, 2, &om)) return "bad UTC offset";
                i += 5;
            } else if (n - i >= 4) {
                if (fg_digits(s + i, 2, &oh) || fg_digits(s + i + 2, 2, &om)) return "bad UTC offset";
                i += 4;
            } else if (n - i == 2) {
                if (fg_digits(s + i, 2, &oh)) return "bad UTC offset";
                om = 0;
                i += 2;
            } else {
                return "bad UTC offset";
            }
            if (oh > 18 || om > 59) return "UTC offset out of range";
            offset = sign * (oh * 3600 + om * 60);
        }
    }
    if (i != n) return "unexpected characters after the time";
    *t = fg_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - offset;
    return NULL;
}

int64_t fg_cst_day(int64_t t)
{
    return fg_floor_div(t + FG_CST_OFFSET, 86400);
}

int64_t fg_day_start(int64_t day)
{
    return day * 86400 - FG_CST_OFFSET;
}

int64_t fg_cst_second_of_day(int64_t t)
{
    return t + FG_CST_OFFSET - fg_cst_day(t) * 86400;
}

int64_t fg_cst_month(int64_t t)
{
    int64_t y;
    int m, d;
    fg_civil_from_days(fg_cst_day(t), &y, &m, &d);
    return y * 12 + (m - 1);
}

int64_t fg_cst_year(int64_t t)
{
    int64_t y;
    int m, d;
    fg_civil_from_days(fg_cst_day(t), &y, &m, &d);
    return y;
}

/* Fixed-width decimal: the values are bounded, so no snprintf is needed. */
static void fg_put_digits(char *out, int64_t v, int width)
{
    if (v < 0) v = -v;
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void fg_day_fmt(int64_t day, char out[11])
{
    int64_t y;
    int m, d;
    fg_civil_from_days(day, &y, &m, &d);
    fg_put_digits(out, y % 10000, 4);
    out[4] = '-';
    fg_put_digits(out + 5, m, 2);
    out[7] = '-';
    fg_put_digits(out + 8, d, 2);
    out[10] = '\0';
}

void fg_time_fmt(int64_t t, char out[20])
{
    int64_t sod = fg_cst_second_of_day(t);
    fg_day_fmt(fg_cst_day(t), out);
    out[10] = ' ';
    fg_put_digits(out + 11, sod / 3600, 2);
    out[13] = ':';
    fg_put_digits(out + 14, sod / 60 % 60, 2);
    out[16] = ':';
    fg_put_digits(out + 17, sod % 60, 2);
    out[19] = '\0';
}

void fg_month_fmt(int64_t month, char out[8])
{
    int64_t y = fg_floor_div(month, 12);
    fg_put_digits(out, y % 10000, 4);
    out[4] = '-';
    fg_put_digits(out + 5, month - y * 12 + 1, 2);
    out[7] = '\0';
}

int64_t fg_age_years(int64_t birth_day, int64_t day)
{
    int64_t by, y;
    int bm, bd, m, d;
    fg_civil_from_days(birth_day, &by, &bm, &bd);
    fg_civil_from_days(day, &y, &m, &d);
    int64_t age = y - by;
    if (m < bm || (m == bm && d < bd)) age--;
    return age;
}
