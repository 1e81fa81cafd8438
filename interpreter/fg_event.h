/* fg_event — the input contract (spec/EVENTS.md): event types, known fields,
 * and the decoding/validation of one parsed line into an fg_event.
 *
 * Decoding indexes the known fields of the top-level object so that rules
 * and host state reach them without a lookup, converts money to exact fen
 * and time to an instant, and rejects the line (with a message) when the
 * contract is broken.  Unknown fields stay in the JSON object and remain
 * visible to rules; unknown event types are decoded with only the common
 * checks (type, time, id). */
#ifndef FG_EVENT_H
#define FG_EVENT_H
#include "fg_arena.h"
#include "fg_json.h"
#include <stdint.h>

typedef enum {
    FG_EV_PERSON, FG_EV_INSTITUTION, FG_EV_REGISTRATION, FG_EV_ADMISSION,
    FG_EV_DISCHARGE, FG_EV_FEE, FG_EV_SETTLEMENT, FG_EV_SALE, FG_EV_PURCHASE,
    FG_EV_STOCK, FG_EV_REVIEW, FG_EV_UNKNOWN, FG_EV__COUNT
} fg_evtype;

/* Known fields; X(id, name, kind).  The kind is the same for a name in
 * every event type. */
#define FG_FIELDS(X) \
    X(PSN_NO, psn_no, STR) X(GEND, gend, STR) X(BRDY, brdy, DATE) \
    X(PSN_TYPE, psn_type, STR) X(LOW_INCOME, low_income, BOOL) \
    X(HOUSEHOLD_NO, household_no, STR) X(VILLAGE_CODE, village_code, STR) \
    X(DEATH_DATE, death_date, DATE) X(EMPLOYER_CODE, employer_code, STR) \
    X(FIXMEDINS_CODE, fixmedins_code, STR) X(FIXMEDINS_NAME, fixmedins_name, STR) \
    X(FIXMEDINS_TYPE, fixmedins_type, STR) X(HOSP_LV, hosp_lv, STR) \
    X(ADMDVS, admdvs, STR) X(PRIVATE, private, BOOL) \
    X(AID_DESIGNATED, aid_designated, BOOL) X(SUSPENDED_FROM, suspended_from, DATE) \
    X(SUSPENDED_TO, suspended_to, DATE) X(TERMINATED_ON, terminated_on, DATE) \
    X(MDTRT_ID, mdtrt_id, STR) X(MED_TYPE, med_type, STR) X(MAIN_DIAG, main_diag, STR) \
    X(DIAG_CODES, diag_codes, STRS) X(DISE_CODG, dise_codg, STR) \
    X(DEPT_CODE, dept_code, STR) X(ATDDR_NO, atddr_no, STR) \
    X(INSUPLC_ADMDVS, insuplc_admdvs, STR) X(MDTRTAREA_ADMVS, mdtrtarea_admvs, STR) \
    X(FEEDETL_SN, feedetl_sn, STR) X(MED_LIST_CODG, med_list_codg, STR) \
    X(MEDINS_LIST_NAME, medins_list_name, STR) X(LIST_TYPE, list_type, STR) \
    X(CNT, cnt, NUM) X(PRIC, pric, MONEY) X(DET_ITEM_FEE_SUMAMT, det_item_fee_sumamt, MONEY) \
    X(BILG_DR_CODG, bilg_dr_codg, STR) X(PRD_DAYS, prd_days, NUM) \
    X(DRUG_TRAC_CODG, drug_trac_codg, STRS) X(SETL_ID, setl_id, STR) \
    X(MEDFEE_SUMAMT, medfee_sumamt, MONEY) X(FUND_PAY_SUMAMT, fund_pay_sumamt, MONEY) \
    X(PSN_CASH_PAY, psn_cash_pay, MONEY) X(FIXMEDINS_HILIST_NAME, fixmedins_hilist_name, STR) \
    X(PHAR_PRAC_CERT_NO, phar_prac_cert_no, STR) X(RX_FLAG, rx_flag, STR) \
    X(PATIENT, patient, OBJ) X(ENCOUNTER, encounter, OBJ) X(FEES, fees, OBJS)

typedef enum {
#define FG_F_ENUM(id, name, kind) FG_F_##id,
    FG_FIELDS(FG_F_ENUM)
#undef FG_F_ENUM
    FG_F__COUNT
} fg_field;

typedef enum {
    FG_K_STR,   /* string; a non-negative integer is accepted for optional codes */
    FG_K_DATE,  /* "YYYY-MM-DD", a real calendar day */
    FG_K_BOOL,
    FG_K_NUM,
    FG_K_MONEY, /* yuan, at most 2 decimals, read exactly as fen */
    FG_K_STRS,  /* array of strings */
    FG_K_OBJ,
    FG_K_OBJS   /* array of objects */
} fg_fkind;

typedef struct fg_event {
    fg_json *root;              /* the whole object */
    fg_evtype type;
    const char *type_name;      /* as given (also for unknown types) */
    uint32_t type_len;
    int64_t t;                  /* instant, seconds since epoch */
    char time_str[20];          /* normalised "YYYY-MM-DD HH:MM:SS" CST */
    const char *id;             /* "id" of the event, or "<source>:<line>" */
    uint32_t id_len;
    const char *src;
    uint64_t line;
    uint32_t part;              /* 0, or the part of a review bundle */
    const fg_json *f[FG_F__COUNT];   /* known fields present and not null */
    int64_t fen[FG_F__COUNT];        /* FG_K_MONEY fields, exact */
    double num[FG_F__COUNT];         /* FG_K_NUM fields */
} fg_event;

const char *fg_evtype_name(fg_evtype t);
fg_evtype fg_evtype_lookup(const char *s, size_t n);
int fg_field_lookup(const char *s, size_t n);   /* -1 if not a known field */
const char *fg_field_name(int f);
fg_fkind fg_field_kind(int f);

/* Decodes root (already parsed) into ev.  0 on success; -1 with a message in
 * err.  The arena holds the synthetic id and coerced strings. */
int fg_event_decode(fg_event *ev, fg_json *root, fg_arena *arena, const char *src,
                    uint64_t line, char *err, size_t errlen);

/* String value of a known string field, or NULL (len in *n). */
static inline const char *fg_event_str(const fg_event *ev, int f, uint32_t *n)
{
    const fg_json *v = ev->f[f];
    if (n) *n = v && v->type == FG_JSTR ? v->n : 0;
    if (!v || v->type != FG_JSTR) return NULL;
    return v->u.s;
}

#endif
