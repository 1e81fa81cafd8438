/* Unit tests: fg_time (CST calendar), fg_money. */
#include "fg_money.h"
#include "fg_time.h"
#include "tap.h"

int main(void)
{
    int64_t t, t2, day;
    ok(!fg_time_parse("2025-03-02 10:11:12", 19, &t), "platform format");
    char out[20];
    fg_time_fmt(t, out);
    is_str(out, "2025-03-02 10:11:12", "round trip in CST");
    ok(!fg_time_parse("2025-03-02T10:11:12+08:00", 25, &t2) && t2 == t, "ISO with +08:00 is the same instant");
    ok(!fg_time_parse("2025-03-02T02:11:12Z", 20, &t2) && t2 == t, "ISO in UTC converts to CST");
    ok(!fg_time_parse("2025-03-01T21:11:12-05:00", 25, &t2) && t2 == t, "negative offset");
    ok(!fg_time_parse("2025-03-02T10:11:12.250+0800", 28, &t2) && t2 == t, "fractional seconds, +hhmm");
    ok(!fg_time_parse("2025-03-02T10:11:12", 19, &t2) && t2 == t, "ISO without offset is CST");
    ok(fg_time_parse("2025-02-30 00:00:00", 19, &t2) != NULL, "2025-02-30 is refused, not rolled over");
    ok(fg_time_parse("2024-02-29 00:00:00", 19, &t2) == NULL, "leap day accepted");
    ok(fg_time_parse("2023-02-29 00:00:00", 19, &t2) != NULL, "non-leap 29 Feb refused");
    ok(fg_time_parse("2025-03-02 24:00:00", 19, &t2) != NULL, "hour 24 refused");
    ok(fg_time_parse("2025-03-02 10:11", 16, &t2) != NULL, "missing seconds refused");
    ok(fg_time_parse("2025-03-02 10:11:12 ", 20, &t2) != NULL, "trailing space refused");
    ok(fg_time_parse("2025/03/02 10:11:12", 19, &t2) != NULL, "slashes refused");

    /* CST calendar: 2025-03-01 23:30 UTC is 2025-03-02 07:30 CST */
    fg_time_parse("2025-03-01T23:30:00Z", 20, &t);
    fg_date_parse("2025-03-02", 10, &day);
    is_int(fg_cst_day(t), day, "CST day, not UTC day");
    is_int(fg_cst_second_of_day(t), 7 * 3600 + 1800, "second of the CST day");
    is_int(fg_cst_month(t), 2025 * 12 + 2, "month index");
    is_int(fg_cst_year(t), 2025, "year");
    fg_day_fmt(day, out);
    is_str(out, "2025-03-02", "day format");
    fg_month_fmt(2025 * 12 + 11, out);
    is_str(out, "2025-12", "month format");
    is_int(fg_day_start(day), t - 7 * 3600 - 1800, "start of the CST day");

    int64_t b, d;
    fg_date_parse("2000-02-29", 10, &b);
    fg_date_parse("2012-02-28", 10, &d);
    is_int(fg_age_years(b, d), 11, "leap-day birthday not reached on 28 Feb");
    fg_date_parse("2012-02-29", 10, &d);
    is_int(fg_age_years(b, d), 12, "reached on 29 Feb");
    fg_date_parse("1980-05-01", 10, &b);
    fg_date_parse("2025-05-01", 10, &d);
    is_int(fg_age_years(b, d), 45, "birthday counts from its own day");
    is_int(fg_age_years(b, d - 1), 44, "day before the birthday");
    is_int(fg_days_from_civil(1970, 1, 1), 0, "epoch day 0");
    int64_t y;
    int m, dd;
    fg_civil_from_days(-1, &y, &m, &dd);
    ok(y == 1969 && m == 12 && dd == 31, "days before the epoch");

    int64_t fen;
    ok(!fg_money_parse("12.5", 4, &fen) && fen == 1250, "money 12.5");
    ok(!fg_money_parse("10000", 5, &fen) && fen == 1000000, "money 10000");
    ok(fg_money_parse("1.234", 5, &fen) != NULL, "three decimals refused");
    ok(!fg_money_parse("1.230", 5, &fen) && fen == 123, "trailing zero decimals accepted");
    ok(fg_money_parse("abc", 3, &fen) != NULL, "not a number");
    char mo[32];
    fg_money_fmt(-5, mo, sizeof mo);
    is_str(mo, "-0.05", "negative fen formatting");
    fg_money_fmt(123456, mo, sizeof mo);
    is_str(mo, "1234.56", "fen formatting");
    return done_testing();
}
