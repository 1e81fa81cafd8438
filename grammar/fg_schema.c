/* fg_schema — the vocabulary of the rule language (see fg_schema.h). */
#include "fg_schema.h"
#include "fg_params.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

const fg_type fg_ty_error = {FG_TY_ERROR, NULL, NULL, NULL};
const fg_type fg_ty_bool = {FG_TY_BOOL, NULL, NULL, NULL};
const fg_type fg_ty_number = {FG_TY_NUMBER, NULL, NULL, NULL};
const fg_type fg_ty_money = {FG_TY_MONEY, NULL, NULL, NULL};
const fg_type fg_ty_duration = {FG_TY_DURATION, NULL, NULL, NULL};
const fg_type fg_ty_instant = {FG_TY_INSTANT, NULL, NULL, NULL};
const fg_type fg_ty_date = {FG_TY_DATE, NULL, NULL, NULL};
const fg_type fg_ty_month = {FG_TY_MONTH, NULL, NULL, NULL};
const fg_type fg_ty_clock = {FG_TY_CLOCK, NULL, NULL, NULL};
const fg_type fg_ty_percent = {FG_TY_PERCENT, NULL, NULL, NULL};
const fg_type fg_ty_text = {FG_TY_TEXT, NULL, NULL, NULL};
const fg_type fg_ty_regex = {FG_TY_REGEX, NULL, NULL, NULL};
const fg_type fg_ty_void = {FG_TY_VOID, NULL, NULL, NULL};
const fg_type fg_ty_any = {FG_TY_ANY, NULL, NULL, NULL};
const fg_type fg_ty_severity = {FG_TY_SEVERITY, NULL, NULL, NULL};
const fg_type fg_ty_text_list = {FG_TY_LIST, &fg_ty_text, NULL, NULL};
const fg_type fg_ty_any_list = {FG_TY_LIST, &fg_ty_any, NULL, NULL};

const fg_type *fg_type_list_of(fg_arena *a, const fg_type *elem)
{
    if (elem == &fg_ty_text || elem->k == FG_TY_TEXT) return &fg_ty_text_list;
    fg_type *t = fg_arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    t->k = FG_TY_LIST;
    t->elem = elem;
    return t;
}

const fg_type *fg_type_record(fg_arena *a, const fg_rkind *rk)
{
    fg_type *t = fg_arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    t->k = FG_TY_RECORD;
    t->rec = rk;
    return t;
}

const fg_type *fg_type_from_word(const char *w)
{
    static const struct {
        const char *w;
        const fg_type *t;
    } words[] = {
        {"int", &fg_ty_number}, {"number", &fg_ty_number}, {"money", &fg_ty_money},
        {"duration", &fg_ty_duration}, {"instant", &fg_ty_instant}, {"date", &fg_ty_date},
        {"month", &fg_ty_month}, {"time", &fg_ty_clock}, {"percent", &fg_ty_percent},
        {"string", &fg_ty_text}, {"bool", &fg_ty_bool}, {"list", &fg_ty_text_list},
        {"regex", &fg_ty_regex}, {"any", &fg_ty_any},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i].w, w)) return words[i].t;
    return NULL;
}

const fg_type *fg_type_of_ptype(int pt)
{
    switch (pt) {
    case FG_P_INT: case FG_P_NUMBER: return &fg_ty_number;
    case FG_P_DURATION: return &fg_ty_duration;
    case FG_P_MONEY: return &fg_ty_money;
    case FG_P_PERCENT: return &fg_ty_percent;
    case FG_P_DATE: return &fg_ty_date;
    case FG_P_TIME: return &fg_ty_clock;
    case FG_P_STRING: return &fg_ty_text;
    case FG_P_REGEX: return &fg_ty_regex;
    case FG_P_LIST: return &fg_ty_text_list;
    case FG_P_BOOL: return &fg_ty_bool;
    default: return &fg_ty_error;
    }
}

const char *fg_type_name(const fg_type *t, char *buf, size_t n)
{
    static const char *const names[] = {
        "an error", "bool", "number", "money", "duration", "instant", "date", "month",
        "time of day", "percentage", "string", "regex", "list", "record", "store entry", "event",
        "store", "severity", "nothing", "value",
    };
    if (t->k == FG_TY_LIST) {
        char eb[64];
        snprintf(buf, n, "list of %s", t->elem ? fg_type_name(t->elem, eb, sizeof eb) : "values");
        return buf;
    }
    if ((t->k == FG_TY_RECORD || t->k == FG_TY_EVENT) && t->rec && t->rec->name) {
        snprintf(buf, n, "%s %s", t->rec->name, t->k == FG_TY_EVENT ? "event" : "record");
        return buf;
    }
    if (t->k == FG_TY_ENTRY && t->store) {
        snprintf(buf, n, "entry of store %s", t->store->name);
        return buf;
    }
    snprintf(buf, n, "%s", names[t->k]);
    return buf;
}

int fg_type_same(const fg_type *a, const fg_type *b)
{
    if (a == b) return 1;
    if (a->k != b->k) return 0;
    switch (a->k) {
    case FG_TY_LIST: return fg_type_same(a->elem, b->elem);
    case FG_TY_RECORD:
        if (a->rec == b->rec) return 1;
        /* {literals}: the same fields of the same types */
        if (strcmp(a->rec->name, "{...}") || strcmp(b->rec->name, "{...}") || a->rec->n != b->rec->n) return 0;
        for (size_t i = 0; i < a->rec->n; i++) {
            const fg_fdef *f = fg_rkind_find(b->rec, a->rec->fields[i].name);
            if (!f || !fg_type_same(a->rec->fields[i].type, f->type)) return 0;
        }
        return 1;
    case FG_TY_EVENT: return a->rec == b->rec;
    case FG_TY_ENTRY: case FG_TY_STORE: return a->store == b->store;
    default: return 1;
    }
}

/* ---- events ---- */

/* Fields of each event type (spec/EVENTS.md); '*' marks a required one. */
static const char *const fg_event_fields[FG_EV__COUNT] = {
    [FG_EV_PERSON] = "psn_no* gend brdy psn_type low_income household_no village_code death_date employer_code",
    [FG_EV_INSTITUTION] = "fixmedins_code* fixmedins_name fixmedins_type hosp_lv admdvs private aid_designated "
                          "suspended_from suspended_to terminated_on",
    [FG_EV_REGISTRATION] = "mdtrt_id* psn_no* fixmedins_code* med_type main_diag diag_codes dise_codg dept_code "
                           "atddr_no insuplc_admdvs mdtrtarea_admvs",
    [FG_EV_ADMISSION] = "mdtrt_id* psn_no* fixmedins_code* med_type main_diag diag_codes dise_codg dept_code "
                        "atddr_no insuplc_admdvs mdtrtarea_admvs",
    [FG_EV_DISCHARGE] = "mdtrt_id* psn_no* fixmedins_code* main_diag diag_codes",
    [FG_EV_FEE] = "feedetl_sn* mdtrt_id* psn_no* fixmedins_code* med_list_codg* medins_list_name list_type cnt* "
                  "pric* det_item_fee_sumamt* bilg_dr_codg prd_days drug_trac_codg",
    [FG_EV_SETTLEMENT] = "setl_id* mdtrt_id* psn_no* fixmedins_code* med_type medfee_sumamt fund_pay_sumamt "
                         "psn_cash_pay",
    [FG_EV_SALE] = "setl_id* psn_no* fixmedins_code* med_list_codg* fixmedins_hilist_name cnt* pric* "
                   "phar_prac_cert_no rx_flag prd_days drug_trac_codg",
    [FG_EV_PURCHASE] = "fixmedins_code* med_list_codg* cnt*",
    [FG_EV_STOCK] = "fixmedins_code* med_list_codg* cnt*",
    [FG_EV_REVIEW] = "patient encounter fees",
    [FG_EV_UNKNOWN] = "",
};

/* Host keys every event has. */
static const struct {
    const char *name, *lua;
    const fg_type *type;
} fg_pseudo[] = {
    {"time", "_t", &fg_ty_instant}, {"id", "_id", &fg_ty_text}, {"type", "_type", &fg_ty_text},
    {"date", "_day", &fg_ty_date}, {"month", "_month", &fg_ty_month}, {"year", "_year", &fg_ty_number},
    {"time_of_day", "_sod", &fg_ty_clock}, {"time_text", "_time", &fg_ty_text},
    {"source", "_src", &fg_ty_text}, {"line", "_line", &fg_ty_number},
};

static const fg_type *fg_kind_type(fg_fkind k)
{
    switch (k) {
    case FG_K_STR: return &fg_ty_text;
    case FG_K_DATE: return &fg_ty_date;
    case FG_K_BOOL: return &fg_ty_bool;
    case FG_K_NUM: return &fg_ty_number;
    case FG_K_MONEY: return &fg_ty_money;
    case FG_K_STRS: return &fg_ty_text_list;
    case FG_K_OBJS: return &fg_ty_any_list;
    default: return &fg_ty_any;
    }
}

/* Is field f listed for type t; *req set when required. */
static int fg_type_field(fg_evtype t, const char *f, int *req)
{
    const char *s = fg_event_fields[t];
    size_t fl = strlen(f);
    while (*s) {
        while (*s == ' ') s++;
        const char *w = s;
        while (*s && *s != ' ' && *s != '*') s++;
        size_t wl = (size_t)(s - w);
        int r = *s == '*';
        if (r) s++;
        if (wl == fl && !memcmp(w, f, fl)) {
            if (req) *req = r;
            return 1;
        }
    }
    return 0;
}

int fg_schema_type_has(fg_evtype t, const char *field)
{
    return fg_type_field(t, field, NULL);
}

static void fg_rk_add(fg_arena *a, fg_rkind *rk, const char *name, const char *lua, const fg_type *ty,
                      int req, int date_text)
{
    for (size_t i = 0; i < rk->n; i++)
        if (!strcmp(rk->fields[i].name, name)) return;
    rk->fields = fg_ast_grow(a, rk->fields, rk->n, sizeof *rk->fields);
    fg_fdef *f = &rk->fields[rk->n++];
    f->name = name;
    f->lua = lua;
    f->type = ty;
    f->required = req;
    f->date_text = date_text;
}

void fg_schema_event(fg_arena *a, fg_rkind *out, uint32_t mask, const char *const *custom_types,
                     size_t ncustom_types, const fg_customfield *custom, size_t ncustom, int all)
{
    memset(out, 0, sizeof *out);
    out->evmask = mask;
    for (size_t i = 0; i < sizeof fg_pseudo / sizeof fg_pseudo[0]; i++)
        fg_rk_add(a, out, fg_pseudo[i].name, fg_pseudo[i].lua, fg_pseudo[i].type, 1, 0);
    for (int f = 0; f < FG_F__COUNT; f++) {
        const char *name = fg_field_name(f);
        int any = all, every = !all && (mask || ncustom_types == 0);
        for (int t = 0; t < FG_EV_UNKNOWN; t++) {
            if (!((mask >> t) & 1)) continue;
            int req = 0;
            if (fg_type_field((fg_evtype)t, name, &req)) any = 1;
            if (!req) every = 0;
        }
        if (ncustom_types) every = 0;
        if (!any) continue;
        fg_fkind k = fg_field_kind(f);
        fg_rk_add(a, out, name, name, fg_kind_type(k), every, k == FG_K_DATE);
    }
    for (size_t i = 0; i < ncustom; i++) {
        const fg_customfield *c = &custom[i];
        int applies = c->evtype == NULL || all;
        if (!applies) {
            fg_evtype t = fg_evtype_lookup(c->evtype, strlen(c->evtype));
            if (t != FG_EV_UNKNOWN) applies = (mask >> t) & 1;
            for (size_t k = 0; k < ncustom_types && !applies; k++)
                applies = !strcmp(custom_types[k], c->evtype);
        }
        if (applies) fg_rk_add(a, out, c->name, c->name, c->type, 0, c->type->k == FG_TY_DATE);
    }
}

/* ---- registry and catalog records ---- */

typedef struct {
    const char *name, *lua;
    const fg_type *type;
    int req, date_text;
} fg_frow;

static const fg_frow fg_person_rows[] = {
    {"psn_no", "psn_no", &fg_ty_text, 1, 0}, {"gend", "gend", &fg_ty_text, 0, 0},
    {"brdy", "brdy", &fg_ty_date, 0, 1}, {"psn_type", "psn_type", &fg_ty_text, 0, 0},
    {"low_income", "low_income", &fg_ty_bool, 0, 0}, {"household_no", "household_no", &fg_ty_text, 0, 0},
    {"village_code", "village_code", &fg_ty_text, 0, 0}, {"death_date", "death_date", &fg_ty_date, 0, 1},
    {"employer_code", "employer_code", &fg_ty_text, 0, 0},
    {"first_seen", "_first", &fg_ty_instant, 1, 0}, {"last_seen", "_last", &fg_ty_instant, 1, 0},
    {NULL, NULL, NULL, 0, 0},
};

static const fg_frow fg_institution_rows[] = {
    {"fixmedins_code", "fixmedins_code", &fg_ty_text, 1, 0},
    {"fixmedins_name", "fixmedins_name", &fg_ty_text, 0, 0},
    {"fixmedins_type", "fixmedins_type", &fg_ty_text, 0, 0}, {"hosp_lv", "hosp_lv", &fg_ty_text, 0, 0},
    {"admdvs", "admdvs", &fg_ty_text, 0, 0}, {"private", "private", &fg_ty_bool, 0, 0},
    {"aid_designated", "aid_designated", &fg_ty_bool, 0, 0},
    {"suspended_from", "suspended_from", &fg_ty_date, 0, 1},
    {"suspended_to", "suspended_to", &fg_ty_date, 0, 1},
    {"terminated_on", "terminated_on", &fg_ty_date, 0, 1},
    {"first_seen", "_first", &fg_ty_instant, 1, 0}, {"last_seen", "_last", &fg_ty_instant, 1, 0},
    {NULL, NULL, NULL, 0, 0},
};

static const fg_frow fg_encounter_rows[] = {
    {"mdtrt_id", "mdtrt_id", &fg_ty_text, 1, 0}, {"psn_no", "psn_no", &fg_ty_text, 1, 0},
    {"fixmedins_code", "fixmedins_code", &fg_ty_text, 1, 0}, {"med_type", "med_type", &fg_ty_text, 0, 0},
    {"main_diag", "main_diag", &fg_ty_text, 0, 0}, {"diag_codes", "diag_codes", &fg_ty_text_list, 0, 0},
    {"dise_codg", "dise_codg", &fg_ty_text, 0, 0}, {"dept_code", "dept_code", &fg_ty_text, 0, 0},
    {"atddr_no", "atddr_no", &fg_ty_text, 0, 0}, {"insuplc_admdvs", "insuplc_admdvs", &fg_ty_text, 0, 0},
    {"mdtrtarea_admvs", "mdtrtarea_admvs", &fg_ty_text, 0, 0},
    {"discharge_main_diag", "discharge_main_diag", &fg_ty_text, 0, 0},
    {"discharge_diag_codes", "discharge_diag_codes", &fg_ty_text_list, 0, 0},
    {"start", "_start", &fg_ty_instant, 1, 0}, {"end", "_end", &fg_ty_instant, 0, 0},
    {"admitted", "_admission", &fg_ty_bool, 1, 0}, {"registered", "_registration", &fg_ty_bool, 1, 0},
    {"discharged", "_discharged", &fg_ty_bool, 1, 0},
    {"first_seen", "_first", &fg_ty_instant, 1, 0}, {"last_seen", "_last", &fg_ty_instant, 1, 0},
    {NULL, NULL, NULL, 0, 0},
};

static const fg_frow fg_drug_rows[] = {
    {"code", "code", &fg_ty_text, 1, 0}, {"name", "name", &fg_ty_text, 1, 0},
    {"generic", "generic", &fg_ty_text, 0, 0}, {"max_price", "max_price", &fg_ty_money, 0, 0},
    {"min_hosp_lv", "min_hosp_lv", &fg_ty_number, 0, 0}, {"diag", "diag", &fg_ty_regex, 0, 0},
    {"diag_pattern", "diag_pattern", &fg_ty_text, 0, 0},
    {"max_prd_days", "max_prd_days", &fg_ty_number, 0, 0},
    {"key_monitor", "key_monitor", &fg_ty_bool, 1, 0},
    {NULL, NULL, NULL, 0, 0},
};

static const fg_frow fg_item_rows[] = {
    {"code", "code", &fg_ty_text, 1, 0}, {"name", "name", &fg_ty_text, 1, 0},
    {"max_price_lv0", "max_price_lv0", &fg_ty_money, 0, 0}, {"max_price_lv1", "max_price_lv1", &fg_ty_money, 0, 0},
    {"max_price_lv2", "max_price_lv2", &fg_ty_money, 0, 0}, {"max_price_lv3", "max_price_lv3", &fg_ty_money, 0, 0},
    {"max_per_day", "max_per_day", &fg_ty_number, 0, 0}, {"sex", "sex", &fg_ty_text, 0, 0},
    {"includes", "includes", &fg_ty_text_list, 1, 0}, {"included_by", "included_by", &fg_ty_text_list, 1, 0},
    {"single_use", "single_use", &fg_ty_bool, 1, 0},
    {NULL, NULL, NULL, 0, 0},
};

static const fg_frow fg_alert_rows[] = {
    {"rule_id", "rule_id", &fg_ty_text, 1, 0}, {"rule_name", "rule_name", &fg_ty_text, 1, 0},
    {"severity", "severity", &fg_ty_text, 1, 0}, {"message", "message", &fg_ty_text, 1, 0},
    {"amount", "amount", &fg_ty_money, 0, 0},
    {NULL, NULL, NULL, 0, 0},
};

/* a reuse found by settle: the code and its first settlement */
static const fg_frow fg_settlement_rows[] = {
    {"code", "code", &fg_ty_text, 1, 0}, {"time", "time", &fg_ty_instant, 1, 0},
    {"fixmedins_code", "fixmedins_code", &fg_ty_text, 0, 0},
    {NULL, NULL, NULL, 0, 0},
};

static fg_fdef fg_rec_fields[FG_REC__COUNT][24];
static fg_rkind fg_recs[FG_REC__COUNT];

static void fg_rec_fill(int which, const char *name, const fg_frow *rows)
{
    fg_rkind *rk = &fg_recs[which];
    rk->name = name;
    rk->fields = fg_rec_fields[which];
    size_t n = 0;
    for (; rows[n].name; n++) {
        fg_fdef *f = &fg_rec_fields[which][n];
        f->name = rows[n].name;
        f->lua = rows[n].lua;
        f->type = rows[n].type;
        f->required = rows[n].req;
        f->date_text = rows[n].date_text;
    }
    rk->n = n;
}

static pthread_once_t fg_recs_once = PTHREAD_ONCE_INIT;

static void fg_recs_build(void)
{
    fg_rec_fill(FG_REC_PERSON, "person", fg_person_rows);
    fg_rec_fill(FG_REC_INSTITUTION, "institution", fg_institution_rows);
    fg_rec_fill(FG_REC_ENCOUNTER, "encounter", fg_encounter_rows);
    fg_rec_fill(FG_REC_DRUG, "drug", fg_drug_rows);
    fg_rec_fill(FG_REC_ITEM, "item", fg_item_rows);
    fg_rec_fill(FG_REC_ALERT, "alert", fg_alert_rows);
    fg_rec_fill(FG_REC_SETTLEMENT, "settlement", fg_settlement_rows);
}

const fg_rkind *fg_schema_record(int which)
{
    pthread_once(&fg_recs_once, fg_recs_build);
    return &fg_recs[which];
}

const fg_fdef *fg_rkind_find(const fg_rkind *rk, const char *name)
{
    for (size_t i = 0; i < rk->n; i++)
        if (!strcmp(rk->fields[i].name, name)) return &rk->fields[i];
    return NULL;
}

int fg_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40) return 99;
    int pprev[41], prev[41], cur[41];
    memset(pprev, 0, sizeof pprev);
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
            /* two letters swapped count as one edit (alret, alert) */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pprev[j - 2] + 1 < c)
                c = pprev[j - 2] + 1;
            cur[j] = c;
        }
        memcpy(pprev, prev, sizeof pprev);
        memcpy(prev, cur, sizeof prev);
    }
    return prev[lb];
}

const char *fg_rkind_suggest(const fg_rkind *rk, const char *name)
{
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < rk->n; i++) {
        int dd = fg_edit_distance(rk->fields[i].name, name);
        if (dd < bd) {
            bd = dd;
            best = rk->fields[i].name;
        }
    }
    return best;
}

/* ---- builtins ---- */

static const fg_bdef fg_builtins[FG_B__COUNT] = {
    [FG_B_KEY] = {"key", 1, -1, "key(PART, PART, ...)", "a composite store key"},
    [FG_B_PERSON] = {"person", 1, 1, "person(psn_no)", "the person record, or absent"},
    [FG_B_INSTITUTION] = {"institution", 1, 1, "institution(fixmedins_code)", "the institution record, or absent"},
    [FG_B_ENCOUNTER] = {"encounter", 1, 1, "encounter(mdtrt_id)", "the encounter record, or absent"},
    [FG_B_STAYS] = {"stays", 1, 1, "stays(psn_no)", "the person's inpatient encounters, oldest first"},
    [FG_B_DIAGNOSES] = {"diagnoses", 1, 1, "diagnoses(EVENT or ENCOUNTER)", "every diagnosis code, without repeats"},
    [FG_B_DRUG] = {"drug", 1, 1, "drug(med_list_codg)", "the drugs.csv row, or absent"},
    [FG_B_ITEM] = {"item", 1, 1, "item(med_list_codg)", "the items.csv row, or absent"},
    [FG_B_LINE_TOTAL] = {"line_total", 1, 1, "line_total(EVENT)", "the money of a fee or sale line"},
    [FG_B_IS_DRUG_LINE] = {"is_drug_line", 1, 1, "is_drug_line(EVENT)", "a drug fee line or any sale"},
    [FG_B_CITY] = {"city", 1, 1, "city(admdvs)", "the first 4 digits of an area code"},
    [FG_B_AGE] = {"age", 2, 2, "age(PERSON, INSTANT)", "whole years of age"},
    [FG_B_HOSP_LEVEL] = {"hosp_level", 1, 1, "hosp_level(INSTITUTION)", "hospital level as a number (absent: 0)"},
    [FG_B_JOIN] = {"join", 1, 2, "join(LIST, SEPARATOR)", "the items as one text (default separator 、)"},
    [FG_B_COUNT] = {"count", 1, 1, "count(LIST)", "number of items"},
    [FG_B_SUM] = {"sum", 1, 1, "sum(LIST)", "sum of numbers or money"},
    [FG_B_FIRST] = {"first", 1, 1, "first(LIST)", "the first item, or absent"},
    [FG_B_LAST] = {"last", 1, 1, "last(LIST)", "the last item, or absent"},
    [FG_B_MIN] = {"min", 2, 2, "min(A, B)", "the smaller"},
    [FG_B_MAX] = {"max", 2, 2, "max(A, B)", "the larger"},
    [FG_B_ABS] = {"abs", 1, 1, "abs(X)", "absolute value"},
    [FG_B_ROUND] = {"round", 1, 1, "round(X)", "nearest whole number, halves away from zero"},
    [FG_B_FLOOR] = {"floor", 1, 1, "floor(X)", "whole number below"},
    [FG_B_DAY_OF] = {"day_of", 1, 1, "day_of(INSTANT)", "the CST calendar day"},
    [FG_B_MONTH_OF] = {"month_of", 1, 1, "month_of(INSTANT)", "the CST calendar month"},
    [FG_B_YEAR_OF] = {"year_of", 1, 1, "year_of(INSTANT)", "the CST calendar year"},
    [FG_B_TIME_OF_DAY] = {"time_of_day", 1, 1, "time_of_day(INSTANT)", "the CST time of day"},
    [FG_B_START_OF_DAY] = {"start_of_day", 1, 1, "start_of_day(INSTANT)", "00:00:00 CST of that day"},
    [FG_B_DATE] = {"date", 1, 1, "date(TEXT)", "a YYYY-MM-DD text as a date, or absent"},
    [FG_B_TEXT] = {"text", 1, 1, "text(X)", "X written as in messages"},
    [FG_B_NUMBER] = {"number", 1, 1, "number(TEXT)", "a number written as text, or absent"},
    [FG_B_YUAN] = {"yuan", 1, 1, "yuan(MONEY)", "money as text: 12.50"},
    [FG_B_FLAG] = {"flag", 1, 1, "flag(X)", "true for true, 1, \"1\" and \"true\""},
    [FG_B_DAYS] = {"days", 1, 1, "days(N)", "N days as a duration"},
    [FG_B_HOURS] = {"hours", 1, 1, "hours(N)", "N hours as a duration"},
    [FG_B_MINUTES] = {"minutes", 1, 1, "minutes(N)", "N minutes as a duration"},
    [FG_B_SECONDS] = {"seconds", 1, 1, "seconds(DURATION)", "a duration as a number of seconds"},
    [FG_B_LENGTH] = {"length", 1, 1, "length(TEXT)", "number of characters"},
    [FG_B_FMT_DAY] = {"fmt_day", 1, 1, "fmt_day(DATE)", "YYYY-MM-DD"},
    [FG_B_FMT_MONTH] = {"fmt_month", 1, 1, "fmt_month(MONTH)", "YYYY-MM"},
    [FG_B_FMT_TIME] = {"fmt_time", 1, 1, "fmt_time(INSTANT)", "YYYY-MM-DD HH:MM:SS"},
    [FG_B_RANGE] = {"range", 2, 2, "range(FROM, TO)", "the whole numbers FROM..TO, both included"},
};

int fg_builtin_lookup(const char *name)
{
    for (int i = 0; i < FG_B__COUNT; i++)
        if (!strcmp(fg_builtins[i].name, name)) return i;
    return -1;
}

const fg_bdef *fg_builtin_def(int b) { return &fg_builtins[b]; }

const char *fg_builtin_suggest(const char *name)
{
    const char *best = NULL;
    int bd = 3;
    for (int i = 0; i < FG_B__COUNT; i++) {
        int dd = fg_edit_distance(fg_builtins[i].name, name);
        if (dd < bd) {
            bd = dd;
            best = fg_builtins[i].name;
        }
    }
    return best;
}

/* ---- store methods ---- */

static const struct {
    const char *name;
    int kind;
} fg_methods[FG_M__COUNT] = {
    [FG_M_GET] = {"get", FG_STORE_KV}, [FG_M_PUT] = {"put", FG_STORE_KV},
    [FG_M_ADD] = {"add", FG_STORE_KV}, [FG_M_ONCE] = {"once", FG_STORE_KV},
    [FG_M_DEL] = {"del", FG_STORE_KV},
    [FG_M_PUSH] = {"push", FG_STORE_WINDOW}, [FG_M_COUNT] = {"count", FG_STORE_WINDOW},
    [FG_M_SUM] = {"sum", FG_STORE_WINDOW}, [FG_M_DISTINCT] = {"distinct", FG_STORE_WINDOW},
    [FG_M_LAST] = {"last", FG_STORE_WINDOW}, [FG_M_ENTRIES] = {"entries", FG_STORE_WINDOW},
    [FG_M_FIRST] = {"first", FG_STORE_TRACECODES}, [FG_M_RECORD] = {"record", FG_STORE_TRACECODES},
    [FG_M_RELEASE] = {"release", FG_STORE_TRACECODES}, [FG_M_SETTLE] = {"settle", FG_STORE_TRACECODES},
    [FG_M_RELEASE_LINE] = {"release_line", FG_STORE_TRACECODES},
};

int fg_method_lookup(int store_kind, const char *name)
{
    for (int i = 0; i < FG_M__COUNT; i++)
        if (fg_methods[i].kind == store_kind && !strcmp(fg_methods[i].name, name)) return i;
    return -1;
}

const char *fg_method_name(int m) { return fg_methods[m].name; }

const char *fg_method_list(int store_kind)
{
    switch (store_kind) {
    case FG_STORE_KV: return "get, put, add, once, del";
    case FG_STORE_WINDOW: return "push, count, sum, distinct, last, entries";
    default: return "settle, release_line, first, record, release";
    }
}
