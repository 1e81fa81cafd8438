/* fg_gen — synthetic stream generator: `fundguard-gen`.
 *
 * Builds a small world (cities, hospitals of every level, retail
 * pharmacies, insured persons with households and villages, doctors and
 * pharmacists) and lets it live for a number of days: outpatient visits,
 * inpatient stays with daily fee lines, pharmacy sales with trace codes,
 * settlements, stock counts and purchases.  Codes, prices, daily limits,
 * restricted drugs and supply periods come from the catalog folder, so the
 * stream fits whatever catalog a deployment uses.
 *
 * --clean produces ordinary traffic only: every choice respects the rules
 * of spec/RULES.md (prices under caps, supply within limits, diagnoses fit
 * sex and age, no overlapping stays, unique trace codes, ...), so the whole
 * national ruleset must stay silent on it.  Without --clean, a share of
 * activities (--fraud-rate) injects one fraud pattern each.
 *
 * Deterministic: the same options give the same stream byte for byte. */
#include "fg_gen.h"
#include "fg_diag.h"
#include "fg_mem.h"
#include "fg_money.h"
#include "fg_time.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define NCITY 8
#define MAXSTAY 1024

static const char fg_gen_help[] =
    "usage: fundguard-gen [--events N] [--seed S] [--catalog DIR] [--clean]\n"
    "                     [--fraud-rate R] [--start YYYY-MM-DD]\n"
    "\n"
    "Writes a synthetic NDJSON event stream (spec/EVENTS.md) to standard output.\n"
    "\n"
    "  --events N        about N events (default 100000)\n"
    "  --seed S          random seed (default 1); same options, same stream\n"
    "  --catalog DIR     catalog to draw codes and limits from\n"
    "                    (default rulesets/national/catalog)\n"
    "  --clean           ordinary traffic only: the national ruleset raises nothing\n"
    "  --fraud-rate R    share of activities that inject a fraud pattern\n"
    "                    (default 0.02; ignored with --clean)\n"
    "  --start DATE      first day of the stream (default 2025-07-01)\n";

typedef struct gen_stay {
    int psn;
    int64_t adm, dis;
} gen_stay;

typedef struct gen_inst {
    char code[16];
    int pharmacy;
    int lv;
    int city;
    char admdvs[16];
    char doctor[3][40];
    char pharmacist[2][40];
    int64_t buyer_t[16];    /* pharmacy: recent sales (ring) */
    int buyer_p[16];
    int nbuyer;
    gen_stay stays[MAXSTAY];
    int nstays;
} gen_inst;

typedef struct gen_supply {
    const char *generic;
    int64_t until;
} gen_supply;

typedef struct gen_person {
    char psn[16];
    int gend;               /* 1 male, 2 female */
    int64_t brdy;           /* day number */
    int low_income, household, village, employer, city;
    int64_t death;          /* day number, INT64_MAX if alive */
    int64_t busy_until;
    int64_t adm[2];         /* last two admissions */
    int64_t last_dis;
    gen_supply sup[16];
    int nsup;
} gen_person;

typedef struct gen_diag {
    const char *code;
    int sex;                /* 0 any, 1 male, 2 female */
    int min_age, max_age;
    const char *disease;    /* certified chronic disease code (med_type 14) */
} gen_diag;

/* Common diagnoses and who may have them (spec/RULES.md B defaults). */
static const gen_diag gen_diags[] = {
    {"I10.x00", 0, 18, 120, "I10"}, {"E11.900", 0, 18, 120, "E11"},
    {"J18.900", 0, 1, 120, NULL},   {"K29.700", 0, 10, 120, NULL},
    {"J06.900", 0, 1, 120, NULL},   {"M54.500", 0, 16, 120, NULL},
    {"I25.100", 0, 35, 120, "I25"}, {"J44.900", 0, 40, 120, "J44"},
    {"E78.500", 0, 30, 120, NULL},  {"I63.900", 0, 40, 120, NULL},
    {"N18.500", 0, 18, 120, "N18"}, {"C34.900", 0, 30, 120, "C34"},
    {"K80.200", 0, 18, 120, NULL},  {"F32.900", 0, 12, 120, NULL},
    {"M17.900", 0, 40, 120, NULL},  {"G20.x00", 0, 50, 120, "G20"},
    {"O80.000", 2, 20, 42, NULL},   {"N40.x00", 1, 45, 120, NULL},
    {"C61.x00", 1, 50, 120, "C61"}, {"H25.900", 0, 55, 120, NULL},
};
#define NDIAG (sizeof gen_diags / sizeof gen_diags[0])

typedef struct gen {
    fg_rng rng;
    int clean;
    double fraud_rate;
    int64_t start, end;     /* instants */
    gen_inst *inst;
    int ninst, nhosp;
    gen_person *psn;
    int npsn;
    const fg_catalog *cat;
    const fg_drug **drugs;
    int ndrugs;
    const fg_item **items;  /* billable services/materials (clean) */
    int nitems;
    const fg_item **beds;   /* items with a daily limit */
    int nbeds;
    const fg_item **bundles;/* items with includes */
    int nbundles;
    fg_rematch *rm;
    fg_gen_queue q;
    fg_buf b;
    uint64_t ids, codes, events;
    char recent_code[64][24];
    int nrecent;
    /* clean-mode amount per (institution, key drug, month), in fen */
    struct { int inst; const fg_drug *d; int64_t month, fen; } *key;
    size_t nkey, capkey;
} gen;

/* ---------- JSON writing ---------- */

static void j_begin(gen *g, const char *type, const char *prefix, int64_t t)
{
    char ts[20];
    fg_time_fmt(t, ts);
    fg_buf_printf(&g->b, "{\"type\":\"%s\",\"id\":\"%s%08llu\",\"time\":\"%s\"", type, prefix,
                  (unsigned long long)++g->ids, ts);
}
static void j_str(gen *g, const char *k, const char *v)
{
    fg_buf_printf(&g->b, ",\"%s\":", k);
    fg_buf_json_str(&g->b, v, strlen(v));
}
static void j_int(gen *g, const char *k, long long v) { fg_buf_printf(&g->b, ",\"%s\":%lld", k, v); }
static void j_fen(gen *g, const char *k, int64_t fen)
{
    fg_buf_printf(&g->b, ",\"%s\":", k);
    fg_buf_json_fen(&g->b, fen);
}
static void j_bool(gen *g, const char *k, int v) { fg_buf_printf(&g->b, ",\"%s\":%s", k, v ? "true" : "false"); }
static void j_end(gen *g, int64_t t)
{
    fg_buf_putc(&g->b, '}');
    fg_gen_queue_push(&g->q, t, &g->b);
    g->events++;
}

/* ---------- the world ---------- */

static int64_t age_at(const gen_person *p, int64_t t)
{
    return fg_age_years(p->brdy, fg_cst_day(t));
}

static int alive(const gen_person *p, int64_t t)
{
    return fg_cst_day(t) <= p->death;
}

static const gen_diag *pick_diag(gen *g, const gen_person *p, int64_t t, int chronic)
{
    for (int tries = 0; tries < 50; tries++) {
        const gen_diag *d = &gen_diags[fg_rng_range(&g->rng, 0, NDIAG - 1)];
        int64_t age = age_at(p, t);
        if (d->sex && d->sex != p->gend) continue;
        if (age < d->min_age || age > d->max_age) continue;
        if (chronic && !d->disease) continue;
        return d;
    }
    return &gen_diags[2];
}

static void build_world(gen *g, long long events)
{
    g->npsn = (int)(events / 25 > 300 ? events / 25 : 300);
    g->nhosp = (int)(events / 25000 > 12 ? events / 25000 : 12);
    int nph = (int)(events / 8000 > 8 ? events / 8000 : 8);
    g->ninst = g->nhosp + nph;
    g->inst = fg_xcalloc((size_t)g->ninst, sizeof *g->inst);
    for (int i = 0; i < g->ninst; i++) {
        gen_inst *in = &g->inst[i];
        in->pharmacy = i >= g->nhosp;
        in->city = i % NCITY;
        snprintf(in->code, sizeof in->code, "%s%05d", in->pharmacy ? "Y" : "H", i + 1);
        snprintf(in->admdvs, sizeof in->admdvs, "15%02d%02d", in->city + 1, (int)fg_rng_range(&g->rng, 1, 9));
        in->lv = in->pharmacy ? 0 : (int)(i % 4);
        for (int k = 0; k < 3; k++) snprintf(in->doctor[k], 40, "D%s%02d", in->code + 1, k + 1);
        for (int k = 0; k < 2; k++) snprintf(in->pharmacist[k], 40, "YS%s%02d", in->code + 1, k + 1);
    }
    g->psn = fg_xcalloc((size_t)g->npsn, sizeof *g->psn);
    int household = 0;
    for (int i = 0; i < g->npsn; i++) {
        gen_person *p = &g->psn[i];
        snprintf(p->psn, sizeof p->psn, "P%08d", i + 1);
        p->gend = fg_rng_chance(&g->rng, 0.5) ? 1 : 2;
        p->brdy = fg_days_from_civil(fg_rng_range(&g->rng, 1935, 2020), (int)fg_rng_range(&g->rng, 1, 12),
                                     (int)fg_rng_range(&g->rng, 1, 28));
        p->low_income = fg_rng_chance(&g->rng, 0.08);
        if (i == 0 || fg_rng_chance(&g->rng, 0.45)) household++;
        p->household = household;
        p->city = (int)fg_rng_range(&g->rng, 0, NCITY - 1);
        p->village = p->city * 1000 + (int)fg_rng_range(&g->rng, 1, 40);
        p->employer = fg_rng_chance(&g->rng, 0.02) ? (int)fg_rng_range(&g->rng, 0, g->nhosp - 1) : -1;
        p->death = INT64_MAX;
        if (fg_rng_chance(&g->rng, 0.01))
            p->death = fg_cst_day(g->start) + fg_rng_range(&g->rng, 1, (g->end - g->start) / DAY);
        p->last_dis = INT64_MIN / 2;
        p->adm[0] = p->adm[1] = INT64_MIN / 2;
    }
}

static void build_catalog(gen *g)
{
    size_t pos = 0;
    const fg_drug *d;
    g->drugs = fg_xcalloc(g->cat->drugs.count + 1, sizeof *g->drugs);
    while ((d = fg_map_next(&g->cat->drugs, &pos))) g->drugs[g->ndrugs++] = d;
    const fg_item *it;
    pos = 0;
    size_t n = g->cat->items.count + 1;
    g->items = fg_xcalloc(n, sizeof *g->items);
    g->beds = fg_xcalloc(n, sizeof *g->beds);
    g->bundles = fg_xcalloc(n, sizeof *g->bundles);
    while ((it = fg_map_next(&g->cat->items, &pos))) {
        if (it->n_includes) g->bundles[g->nbundles++] = it;
        if (it->n_includes || it->n_included_by) continue;   /* never both in one day */
        if (it->max_per_day != FG_NONE && it->max_per_day >= 1 && !it->sex &&
            strstr(it->name, "床位"))
            g->beds[g->nbeds++] = it;
        else if (it->max_per_day == FG_NONE) g->items[g->nitems++] = it;
    }
    /* map iteration order depends on hashing only; sort for stable output */
    for (int i = 1; i < g->ndrugs; i++)
        for (int j = i; j > 0 && strcmp(g->drugs[j - 1]->mk.key, g->drugs[j]->mk.key) > 0; j--) {
            const fg_drug *t = g->drugs[j];
            g->drugs[j] = g->drugs[j - 1];
            g->drugs[j - 1] = t;
        }
#define SORT_ITEMS(arr, cnt)                                                         \
    for (int i = 1; i < (cnt); i++)                                                  \
        for (int j = i; j > 0 && strcmp((arr)[j - 1]->mk.key, (arr)[j]->mk.key) > 0; j--) { \
            const fg_item *t = (arr)[j];                                             \
            (arr)[j] = (arr)[j - 1];                                                 \
            (arr)[j - 1] = t;                                                        \
        }
    SORT_ITEMS(g->items, g->nitems)
    SORT_ITEMS(g->beds, g->nbeds)
    SORT_ITEMS(g->bundles, g->nbundles)
#undef SORT_ITEMS
}

static void emit_reference(gen *g)
{
    int64_t t = g->start - 3600;
    for (int i = 0; i < g->ninst; i++) {
        gen_inst *in = &g->inst[i];
        j_begin(g, "institution", "I", t);
        j_str(g, "fixmedins_code", in->code);
        char name[64];
        snprintf(name, sizeof name, in->pharmacy ? "第%d大药房" : "第%d人民医院", i + 1);
        j_str(g, "fixmedins_name", name);
        j_str(g, "fixmedins_type", in->pharmacy ? "2" : "1");
        if (!in->pharmacy) {
            char lv[2] = {(char)('0' + in->lv), 0};
            j_str(g, "hosp_lv", lv);
        }
        j_str(g, "admdvs", in->admdvs);
        j_bool(g, "private", i % 5 == 0);
        j_bool(g, "aid_designated", i % 3 == 0);
        j_end(g, t);
    }
    for (int i = 0; i < g->npsn; i++) {
        gen_person *p = &g->psn[i];
        j_begin(g, "person", "P", t);
        j_str(g, "psn_no", p->psn);
        j_str(g, "gend", p->gend == 1 ? "1" : "2");
        char day[11];
        fg_day_fmt(p->brdy, day);
        j_str(g, "brdy", day);
        j_str(g, "psn_type", p->low_income ? "1403" : "1101");
        j_bool(g, "low_income", p->low_income);
        char hh[24], vc[24];
        snprintf(hh, sizeof hh, "HH%07d", p->household);
        snprintf(vc, sizeof vc, "V%06d", p->village);
        j_str(g, "household_no", hh);
        j_str(g, "village_code", vc);
        if (p->death != INT64_MAX) {
            fg_day_fmt(p->death, day);
            j_str(g, "death_date", day);
        }
        if (p->employer >= 0) j_str(g, "employer_code", g->inst[p->employer].code);
        j_end(g, t);
    }
    /* opening stock of every drug at every pharmacy */
    for (int i = g->nhosp; i < g->ninst; i++) {
        for (int k = 0; k < g->ndrugs; k++) {
            j_begin(g, "stock", "K", t);
            j_str(g, "fixmedins_code", g->inst[i].code);
            j_str(g, "med_list_codg", g->drugs[k]->mk.key);
            j_int(g, "cnt", 100000);
            j_end(g, t);
        }
    }
}

/* ---------- clean-mode bookkeeping ---------- */

static int64_t *key_amount(gen *g, int inst, const fg_drug *d, int64_t t)
{
    int64_t month = fg_cst_month(t);
    for (size_t i = 0; i < g->nkey; i++)
        if (g->key[i].inst == inst && g->key[i].d == d && g->key[i].month == month) return &g->key[i].fen;
    if (g->nkey == g->capkey) {
        g->capkey = g->capkey ? g->capkey * 2 : 256;
        g->key = fg_xrealloc(g->key, g->capkey * sizeof *g->key);
    }
    g->key[g->nkey].inst = inst;
    g->key[g->nkey].d = d;
    g->key[g->nkey].month = month;
    g->key[g->nkey].fen = 0;
    return &g->key[g->nkey++].fen;
}

/* The person's supply of a generic; NULL when every slot still holds a
 * supply at t (the drug is then not prescribed: never a repeat). */
static gen_supply *supply_of(gen_person *p, const char *generic, int64_t t)
{
    for (int i = 0; i < p->nsup; i++)
        if (!strcmp(p->sup[i].generic, generic)) return &p->sup[i];
    gen_supply *s = NULL;
    if (p->nsup < 16) {
        s = &p->sup[p->nsup++];
    } else {
        for (int i = 0; i < 16 && !s; i++)
            if (p->sup[i].until < t) s = &p->sup[i];
        if (!s) return NULL;
    }
    s->generic = generic;
    s->until = INT64_MIN / 2;
    return s;
}

static const char *generic_of(const fg_drug *d)
{
    return d->generic && *d->generic ? d->generic : d->mk.key;
}

/* Does any of the diagnoses match the drug's restriction? */
static int diag_ok(gen *g, const fg_drug *d, const char *const *diags, int nd)
{
    if (!d->diag) return 1;
    for (int i = 0; i < nd; i++)
        if (diags[i] && fg_regex_match(d->diag, g->rm, diags[i], strlen(diags[i]), 1) == 1) return 1;
    return 0;
}

/* ---------- lines ---------- */

static void put_codes(gen *g, long long cnt)
{
    fg_buf_puts(&g->b, ",\"drug_trac_codg\":[");
    for (long long i = 0; i < cnt; i++) {
        char code[24];
        snprintf(code, sizeof code, "8%019llu", (unsigned long long)++g->codes);
        if (i) fg_buf_putc(&g->b, ',');
        fg_buf_printf(&g->b, "\"%s\"", code);
        memcpy(g->recent_code[g->codes % 64], code, 21);
        if (g->nrecent < 64) g->nrecent++;
    }
    fg_buf_putc(&g->b, ']');
}

typedef struct enc {
    int inst;
    int psn;
    char mdtrt[24];
    const char *med_type;
    const char *diags[3];
    int nd;
    const char *disease;
    int64_t total;
    const char *doctor;
} enc;

static void fee_head(gen *g, enc *e, int64_t t, const char *code, const char *name, const char *list_type)
{
    j_begin(g, "fee", "F", t);
    char sn[24];
    snprintf(sn, sizeof sn, "%llu", (unsigned long long)g->ids);
    j_str(g, "feedetl_sn", sn);
    j_str(g, "mdtrt_id", e->mdtrt);
    j_str(g, "psn_no", g->psn[e->psn].psn);
    j_str(g, "fixmedins_code", g->inst[e->inst].code);
    j_str(g, "med_list_codg", code);
    j_str(g, "medins_list_name", name);
    j_str(g, "list_type", list_type);
    j_str(g, "bilg_dr_codg", e->doctor);
}

static void fee_money(gen *g, enc *e, long long cnt, int64_t pric)
{
    j_int(g, "cnt", cnt);
    j_fen(g, "pric", pric);
    j_fen(g, "det_item_fee_sumamt", pric * cnt);
    e->total += pric * cnt;
}

/* A drug line that every rule accepts; 0 when no drug fits. */
static int drug_line(gen *g, enc *e, int64_t t, int default_days)
{
    gen_person *p = &g->psn[e->psn];
    gen_inst *in = &g->inst[e->inst];
    for (int tries = 0; tries < 12 && g->ndrugs; tries++) {
        const fg_drug *d = g->drugs[fg_rng_range(&g->rng, 0, g->ndrugs - 1)];
        if (d->min_hosp_lv != FG_NONE && d->min_hosp_lv > in->lv) continue;
        const char *dise[1] = {e->disease};
        if (!strcmp(e->med_type, "14") ? !diag_ok(g, d, dise, 1) : !diag_ok(g, d, e->diags, e->nd)) continue;
        int64_t limit = default_days;
        if (d->max_prd_days != FG_NONE) limit = (int64_t)d->max_prd_days;
        if (limit < 1) continue;
        gen_supply *s = supply_of(p, generic_of(d), t);
        if (!s || s->until - t > 7 * DAY) continue;
        int64_t pric = d->max_price != FG_NONE ? d->max_price : fg_rng_range(&g->rng, 500, 9000);
        long long cnt = fg_rng_range(&g->rng, 1, 3);
        if (d->key_monitor) {
            int64_t *amt = key_amount(g, e->inst, d, t);
            if (*amt + pric * cnt > 800000) continue;   /* stay under 10000 yuan a month */
            *amt += pric * cnt;
        }
        int64_t days = fg_rng_range(&g->rng, 1, limit);
        s->until = t + days * DAY;
        fee_head(g, e, t, d->mk.key, d->name, "101");
        fee_money(g, e, cnt, pric);
        j_int(g, "prd_days", days);
        put_codes(g, cnt);
        j_end(g, t);
        return 1;
    }
    return 0;
}

static void item_line(gen *g, enc *e, int64_t t, const fg_item *it, long long cnt)
{
    gen_inst *in = &g->inst[e->inst];
    int64_t cap = it->max_price[in->lv];
    int64_t pric = cap != FG_NONE ? cap : fg_rng_range(&g->rng, 1000, 30000);
    fee_head(g, e, t, it->mk.key, it->name, it->mk.key[0] == 'C' ? "301" : "201");
    fee_money(g, e, cnt, pric);
    j_end(g, t);
}

/* A service line the person may have (sex), or nothing. */
static void service_line(gen *g, enc *e, int64_t t)
{
    gen_person *p = &g->psn[e->psn];
    for (int tries = 0; tries < 8 && g->nitems; tries++) {
        const fg_item *it = g->items[fg_rng_range(&g->rng, 0, g->nitems - 1)];
        if (it->sex && it->sex - '0' != p->gend) continue;
        item_line(g, e, t, it, 1);
        return;
    }
}

static void settlement(gen *g, enc *e, int64_t t)
{
    j_begin(g, "settlement", "S", t);
    char id[24];
    snprintf(id, sizeof id, "SETL%08llu", (unsigned long long)g->ids);
    j_str(g, "setl_id", id);
    j_str(g, "mdtrt_id", e->mdtrt);
    j_str(g, "psn_no", g->psn[e->psn].psn);
    j_str(g, "fixmedins_code", g->inst[e->inst].code);
    j_str(g, "med_type", e->med_type);
    int64_t fund = e->total * 7 / 10;
    j_fen(g, "medfee_sumamt", e->total);
    j_fen(g, "fund_pay_sumamt", fund);
    j_fen(g, "psn_cash_pay", e->total - fund);
    j_end(g, t);
}

static void encounter_event(gen *g, enc *e, const char *type, int64_t t)
{
    j_begin(g, type, type[0] == 'r' ? "R" : type[0] == 'a' ? "A" : "O", t);
    j_str(g, "mdtrt_id", e->mdtrt);
    j_str(g, "psn_no", g->psn[e->psn].psn);
    j_str(g, "fixmedins_code", g->inst[e->inst].code);
    if (type[0] != 'd') j_str(g, "med_type", e->med_type);
    if (e->nd) {
        j_str(g, "main_diag", e->diags[0]);
        fg_buf_puts(&g->b, ",\"diag_codes\":[");
        for (int i = 0; i < e->nd; i++) fg_buf_printf(&g->b, "%s\"%s\"", i ? "," : "", e->diags[i]);
        fg_buf_putc(&g->b, ']');
    }
    if (e->disease && type[0] != 'd') j_str(g, "dise_codg", e->disease);
    j_str(g, "atddr_no", e->doctor);
    j_end(g, t);
}

static int pick_person(gen *g, int64_t t, int64_t until)
{
    for (int tries = 0; tries < 20; tries++) {
        int i = (int)fg_rng_range(&g->rng, 0, g->npsn - 1);
        gen_person *p = &g->psn[i];
        if (!alive(p, until) || p->busy_until > t) continue;
        return i;
    }
    return -1;
}

/* An institution of the person's city: people see doctors and buy drugs
 * at home, so ordinary traffic never looks like a card used in two cities. */
static int pick_inst(gen *g, int city, int pharmacy)
{
    int lo = pharmacy ? g->nhosp : 0, hi = pharmacy ? g->ninst - 1 : g->nhosp - 1;
    for (int tries = 0; tries < 40; tries++) {
        int i = (int)fg_rng_range(&g->rng, lo, hi);
        if (g->inst[i].city == city) return i;
    }
    for (int i = lo; i <= hi; i++)
        if (g->inst[i].city == city) return i;
    return lo;
}

/* ---------- activities ---------- */

static void outpatient(gen *g, int64_t t)
{
    int pi = pick_person(g, t, t + DAY);
    if (pi < 0) return;
    gen_person *p = &g->psn[pi];
    enc e;
    memset(&e, 0, sizeof e);
    e.psn = pi;
    e.inst = pick_inst(g, p->city, 0);
    snprintf(e.mdtrt, sizeof e.mdtrt, "MZ%09llu", (unsigned long long)++g->ids);
    int chronic = age_at(p, t) >= 18 && fg_rng_chance(&g->rng, 0.15);
    const gen_diag *d = pick_diag(g, p, t, chronic);
    e.med_type = chronic ? "14" : fg_rng_chance(&g->rng, 0.08) ? "13" : "11";
    e.diags[e.nd++] = d->code;
    if (chronic) e.disease = d->code;
    e.doctor = g->inst[e.inst].doctor[fg_rng_range(&g->rng, 0, 2)];
    encounter_event(g, &e, "registration", t);
    int64_t ft = t + 600;
    int nlines = (int)fg_rng_range(&g->rng, 1, 4);
    for (int i = 0; i < nlines; i++, ft += 120) {
        if (fg_rng_chance(&g->rng, 0.6)) drug_line(g, &e, ft, chronic ? 30 : 7);
        else service_line(g, &e, ft);
    }
    settlement(g, &e, ft + 300);
    p->busy_until = ft + 600;
}

static int cohort_ok(gen *g, int ii, int pi, int64_t t)
{
    gen_inst *in = &g->inst[ii];
    gen_person *p = &g->psn[pi];
    int village = 0;
    for (int k = 0; k < in->nstays; k++) {
        gen_stay *s = &in->stays[k];
        if (s->adm < t - 40 * DAY) continue;
        int current = s->adm >= t - 3 * DAY - 3600 || s->dis >= t - 3600;
        if (!current) continue;
        gen_person *o = &g->psn[s->psn];
        if (o->household == p->household) return 0;
        if (o->village == p->village) village++;
    }
    return village < 2;
}

static void inpatient(gen *g, int64_t t)
{
    int pi = pick_person(g, t, t + 20 * DAY);
    if (pi < 0) return;
    gen_person *p = &g->psn[pi];
    /* at most two admissions a year, and a month after the last discharge */
    if (t - p->adm[0] < 366 * DAY || t - p->last_dis < 30 * DAY) return;
    int ii = -1;
    for (int tries = 0; tries < 6; tries++) {
        int c = pick_inst(g, p->city, 0);
        if (c == p->employer || !cohort_ok(g, c, pi, t)) continue;
        ii = c;
        break;
    }
    if (ii < 0) return;
    gen_inst *in = &g->inst[ii];
    enc e;
    memset(&e, 0, sizeof e);
    e.psn = pi;
    e.inst = ii;
    snprintf(e.mdtrt, sizeof e.mdtrt, "ZY%09llu", (unsigned long long)++g->ids);
    e.med_type = "21";
    e.diags[e.nd++] = pick_diag(g, p, t, 0)->code;
    if (fg_rng_chance(&g->rng, 0.5)) {
        const char *second = pick_diag(g, p, t, 0)->code;
        if (strcmp(second, e.diags[0])) e.diags[e.nd++] = second;
    }
    e.doctor = in->doctor[fg_rng_range(&g->rng, 0, 2)];
    int days = (int)fg_rng_range(&g->rng, 2, 9);
    int64_t dis = t + days * DAY + fg_rng_range(&g->rng, 0, 6 * 3600);
    encounter_event(g, &e, "admission", t);
    const fg_item *bed = g->nbeds ? g->beds[fg_rng_range(&g->rng, 0, g->nbeds - 1)] : NULL;
    for (int d = 0; d < days; d++) {
        int64_t ft = t + d * DAY + 1800;
        if (bed && bed->max_price[in->lv] != FG_NONE) item_line(g, &e, ft, bed, 1);
        drug_line(g, &e, ft + 600, 3);
        if (fg_rng_chance(&g->rng, 0.5)) service_line(g, &e, ft + 1200);
    }
    encounter_event(g, &e, "discharge", dis);
    settlement(g, &e, dis + 1800);
    p->adm[0] = p->adm[1];
    p->adm[1] = t;
    p->last_dis = dis;
    p->busy_until = dis + 7200;
    if (in->nstays == MAXSTAY) {
        memmove(in->stays, in->stays + 1, (MAXSTAY - 1) * sizeof *in->stays);
        in->nstays--;
    }
    in->stays[in->nstays++] = (gen_stay){pi, t, dis};
}

static int pharmacy_ok(gen_inst *ph, int pi, int64_t t)
{
    int recent = 0;
    for (int k = 0; k < ph->nbuyer && k < 16; k++)
        if (ph->buyer_t[k] > t - 660 && ph->buyer_p[k] != pi) recent++;
    return recent < 10;
}

static void sale_line(gen *g, int ii, int pi, const char *setl, int64_t t, const fg_drug *d,
                      long long cnt, int64_t days, const char *name, int codes, const char *pharmacist)
{
    gen_inst *ph = &g->inst[ii];
    j_begin(g, "sale", "Y", t);
    j_str(g, "setl_id", setl);
    j_str(g, "psn_no", g->psn[pi].psn);
    j_str(g, "fixmedins_code", ph->code);
    j_str(g, "med_list_codg", d->mk.key);
    j_str(g, "fixmedins_hilist_name", name ? name : d->name);
    j_int(g, "cnt", cnt);
    j_fen(g, "pric", d->max_price != FG_NONE ? d->max_price : 1500);
    j_str(g, "phar_prac_cert_no", pharmacist ? pharmacist : ph->pharmacist[0]);
    j_str(g, "rx_flag", "0");
    j_int(g, "prd_days", days);
    if (codes) put_codes(g, cnt);
    j_end(g, t);
}

static void pharmacy(gen *g, int64_t t)
{
    int pi = pick_person(g, t, t + DAY);
    if (pi < 0) return;
    gen_person *p = &g->psn[pi];
    int ii = pick_inst(g, p->city, 1);
    gen_inst *ph = &g->inst[ii];
    if (!pharmacy_ok(ph, pi, t)) return;
    char setl[24];
    snprintf(setl, sizeof setl, "YD%09llu", (unsigned long long)++g->ids);
    int nlines = (int)fg_rng_range(&g->rng, 1, 3), done = 0;
    for (int tries = 0; tries < 10 && done < nlines && g->ndrugs; tries++) {
        const fg_drug *d = g->drugs[fg_rng_range(&g->rng, 0, g->ndrugs - 1)];
        int64_t limit = d->max_prd_days != FG_NONE ? (int64_t)d->max_prd_days : 7;
        if (limit < 1) continue;
        gen_supply *s = supply_of(p, generic_of(d), t);
        if (!s || s->until - t > 7 * DAY) continue;
        int64_t days = fg_rng_range(&g->rng, 1, limit);
        s->until = t + days * DAY;
        sale_line(g, ii, pi, setl, t, d, fg_rng_range(&g->rng, 1, 2), days, NULL, 1,
                  ph->pharmacist[t / DAY % 2 ? 0 : 0]);
        done++;
    }
    ph->buyer_t[ph->nbuyer % 16] = t;
    ph->buyer_p[ph->nbuyer % 16] = pi;
    ph->nbuyer++;
    p->busy_until = t + 3900;
}

static void restock(gen *g, int64_t t)
{
    if (!g->ndrugs) return;
    int ii = (int)fg_rng_range(&g->rng, g->nhosp, g->ninst - 1);
    j_begin(g, "purchase", "K", t);
    j_str(g, "fixmedins_code", g->inst[ii].code);
    j_str(g, "med_list_codg", g->drugs[fg_rng_range(&g->rng, 0, g->ndrugs - 1)]->mk.key);
    j_int(g, "cnt", fg_rng_range(&g->rng, 20, 200));
    j_end(g, t);
}

/* ---------- fraud patterns (one per injected activity) ---------- */

static void fraud(gen *g, int64_t t)
{
    int kind = (int)fg_rng_range(&g->rng, 0, 11);
    int pi = pick_person(g, t, t + DAY);
    if (pi < 0 || !g->ndrugs) return;
    gen_person *p = &g->psn[pi];
    int ii = pick_inst(g, p->city, 1);
    const fg_drug *d = g->drugs[fg_rng_range(&g->rng, 0, g->ndrugs - 1)];
    char setl[24];
    snprintf(setl, sizeof setl, "YD%09llu", (unsigned long long)++g->ids);
    switch (kind) {
    case 0: /* reused trace code */
        if (!g->nrecent) return;
        j_begin(g, "sale", "Y", t);
        j_str(g, "setl_id", setl);
        j_str(g, "psn_no", p->psn);
        j_str(g, "fixmedins_code", g->inst[ii].code);
        j_str(g, "med_list_codg", d->mk.key);
        j_str(g, "fixmedins_hilist_name", d->name);
        j_int(g, "cnt", 1);
        j_fen(g, "pric", d->max_price != FG_NONE ? d->max_price : 1500);
        j_str(g, "phar_prac_cert_no", g->inst[ii].pharmacist[0]);
        j_int(g, "prd_days", 1);
        fg_buf_printf(&g->b, ",\"drug_trac_codg\":[\"%s\"]", g->recent_code[fg_rng_range(&g->rng, 0, g->nrecent - 1)]);
        j_end(g, t);
        break;
    case 1: /* no trace code */
        sale_line(g, ii, pi, setl, t, d, 1, 1, NULL, 0, NULL);
        break;
    case 2: /* off-hours sale */
        sale_line(g, ii, pi, setl, fg_day_start(fg_cst_day(t)) + 2 * 3600 + 1800, d, 1, 1, NULL, 1, NULL);
        break;
    case 3: /* non-drug product billed as a drug */
        sale_line(g, ii, pi, setl, t, d, 1, 1, "补水保湿面膜", 1, NULL);
        break;
    case 4: /* excess supply at a pharmacy */
        sale_line(g, ii, pi, setl, t, d, 1, 60, NULL, 1, NULL);
        break;
    case 5: { /* pharmacist registered at another pharmacy */
        int other = ii + 1 < g->ninst ? ii + 1 : g->nhosp;
        sale_line(g, ii, pi, setl, t, d, 1, 1, NULL, 1, g->inst[ii].pharmacist[1]);
        sale_line(g, other, pi, setl, t + 1200, d, 1, 1, NULL, 1, g->inst[ii].pharmacist[1]);
        break;
    }
    case 6: { /* card swiped in another city within the hour */
        int other = ii;
        for (int k = g->nhosp; k < g->ninst; k++)
            if (g->inst[k].city != g->inst[ii].city) other = k;
        sale_line(g, ii, pi, setl, t, d, 1, 1, NULL, 1, NULL);
        sale_line(g, other, pi, setl, t + 900, d, 1, 1, NULL, 1, NULL);
        break;
    }
    case 7: /* burst of card swipes */
        for (int k = 0; k < 16; k++) {
            int q = (int)fg_rng_range(&g->rng, 0, g->npsn - 1);
            sale_line(g, ii, q, setl, t + k * 20, d, 1, 1, NULL, 1, NULL);
        }
        break;
    case 8: /* sale at an institution that is not designated */
        j_begin(g, "sale", "Y", t);
        j_str(g, "setl_id", setl);
        j_str(g, "psn_no", p->psn);
        j_str(g, "fixmedins_code", "Y99999");
        j_str(g, "med_list_codg", d->mk.key);
        j_int(g, "cnt", 1);
        j_fen(g, "pric", 1000);
        j_int(g, "prd_days", 1);
        put_codes(g, 1);
        j_end(g, t);
        break;
    case 9: { /* wrong-sex diagnosis at registration */
        enc e;
        memset(&e, 0, sizeof e);
        e.psn = pi;
        e.inst = pick_inst(g, p->city, 0);
        snprintf(e.mdtrt, sizeof e.mdtrt, "MZ%09llu", (unsigned long long)++g->ids);
        e.med_type = "11";
        e.diags[e.nd++] = p->gend == 1 ? "O80.000" : "N40.x00";
        e.doctor = g->inst[e.inst].doctor[0];
        encounter_event(g, &e, "registration", t);
        break;
    }
    case 10: { /* outpatient fee line over the price cap, code outside the catalog */
        enc e;
        memset(&e, 0, sizeof e);
        e.psn = pi;
        e.inst = pick_inst(g, p->city, 0);
        snprintf(e.mdtrt, sizeof e.mdtrt, "MZ%09llu", (unsigned long long)++g->ids);
        e.med_type = "11";
        e.diags[e.nd++] = pick_diag(g, p, t, 0)->code;
        e.doctor = g->inst[e.inst].doctor[1];
        encounter_event(g, &e, "registration", t);
        fee_head(g, &e, t + 600, d->mk.key, d->name, "101");
        fee_money(g, &e, 1, (d->max_price != FG_NONE ? d->max_price : 1000) * 3 / 2 + 1);
        j_int(g, "prd_days", 3);
        put_codes(g, 1);
        j_end(g, t + 600);
        fee_head(g, &e, t + 700, "ZZ0000001", "自定义收费项目", "201");
        fee_money(g, &e, 1, 5000);
        j_end(g, t + 700);
        settlement(g, &e, t + 900);
        break;
    }
    default: { /* readmission days after a discharge */
        if (t - p->last_dis < 30 * DAY) return;
        enc e;
        memset(&e, 0, sizeof e);
        e.psn = pi;
        e.inst = pick_inst(g, p->city, 0);
        e.med_type = "21";
        e.diags[e.nd++] = pick_diag(g, p, t, 0)->code;
        e.doctor = g->inst[e.inst].doctor[2];
        for (int k = 0; k < 2; k++) {
            snprintf(e.mdtrt, sizeof e.mdtrt, "ZY%09llu", (unsigned long long)++g->ids);
            int64_t a = t + k * 8 * DAY;
            encounter_event(g, &e, "admission", a);
            encounter_event(g, &e, "discharge", a + 3 * DAY);
            p->last_dis = a + 3 * DAY;
        }
        p->busy_until = t + 12 * DAY;
        break;
    }
    }
}

int main(int argc, char **argv)
{
    long long events = 100000;
    unsigned long long seed = 1;
    const char *catalog = "rulesets/national/catalog", *start = "2025-07-01";
    gen g;
    memset(&g, 0, sizeof g);
    g.fraud_rate = 0.02;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(fg_gen_help, stdout);
            return 0;
        } else if (!strcmp(a, "--clean")) {
            g.clean = 1;
        } else if (v && !strcmp(a, "--events")) {
            events = atoll(v), i++;
        } else if (v && !strcmp(a, "--seed")) {
            seed = strtoull(v, NULL, 10), i++;
        } else if (v && !strcmp(a, "--catalog")) {
            catalog = v, i++;
        } else if (v && !strcmp(a, "--fraud-rate")) {
            g.fraud_rate = atof(v), i++;
        } else if (v && !strcmp(a, "--start")) {
            start = v, i++;
        } else {
            fprintf(stderr, "fundguard-gen: unknown or incomplete argument '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (events < 1) events = 1;
    int64_t day0;
    if (fg_date_parse(start, strlen(start), &day0)) {
        fprintf(stderr, "fundguard-gen: --start wants YYYY-MM-DD\n");
        return 2;
    }
    fg_diag d;
    fg_diag_init(&d);
    fg_catalog *cat = fg_catalog_load(catalog, &d);
    if (!cat) {
        fputs(fg_buf_cstr(&d.text), stderr);
        fg_diag_free(&d);
        return 2;
    }
    fg_diag_free(&d);
    g.cat = cat;
    g.rng.s = seed * 0x2545f4914f6cdd1dULL + 1;
    g.rm = fg_rematch_new(NULL);
    fg_buf_init(&g.b);
    g.start = fg_day_start(day0);
    int64_t days = events / 15000 > 30 ? events / 15000 : 30;
    g.end = g.start + days * DAY;
    build_world(&g, events);
    build_catalog(&g);
    emit_reference(&g);
    /* activities spread evenly over the days; ~5.5 events each */
    long long acts = events / 5 + 1;
    double step = (double)(g.end - g.start) / (double)acts;
    double tt = (double)g.start;
    size_t written = 0;
    while (g.events < (uint64_t)events) {
        tt += step;
        int64_t t = (int64_t)tt;
        if (t >= g.end) t = g.end - 1;
        int64_t sod = fg_cst_second_of_day(t);
        int open = sod >= 8 * 3600 && sod < 21 * 3600;
        if (!g.clean && fg_rng_chance(&g.rng, g.fraud_rate)) fraud(&g, t);
        else if (open && fg_rng_chance(&g.rng, 0.45)) pharmacy(&g, t);
        else if (fg_rng_chance(&g.rng, 0.06)) inpatient(&g, t);
        else if (open && fg_rng_chance(&g.rng, 0.02)) restock(&g, t);
        else outpatient(&g, t);
        written += fg_gen_queue_flush(&g.q, t, stdout);
    }
    fg_gen_queue_flush(&g.q, INT64_MAX, stdout);
    fg_gen_queue_free(&g.q);
    fg_buf_free(&g.b);
    fg_rematch_free(g.rm);
    free(g.inst);
    free(g.psn);
    free(g.drugs);
    free(g.items);
    free(g.beds);
    free(g.bundles);
    free(g.key);
    fg_catalog_free(cat);
    return 0;
}
