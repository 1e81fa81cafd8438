/* fg_encounter — the encounter registry: registrations and admissions keyed
 * by mdtrt_id, closed by discharges, and each person's inpatient stays.
 *
 * This is what lets a fee line see its encounter (diagnoses, med_type,
 * dise_codg) and lets a rule ask which stays of a person cover an instant.
 * Discharge diagnoses are kept beside the admission's (as
 * discharge_main_diag / discharge_diag_codes) so neither hides the other. */
#ifndef FG_ENCOUNTER_H
#define FG_ENCOUNTER_H
#include "fg_event.h"
#include "fg_registry.h"

enum {
    FG_ENC_REGISTRATION = 1,
    FG_ENC_ADMISSION = 2,
    FG_ENC_DISCHARGED = 4,
    FG_ENC_LISTED = 8,      /* present in its person's stay list */
};

typedef struct fg_staylist {
    fg_mkey mk;
    uint32_t n, cap;
    fg_record **v;          /* admissions in arrival order */
    char kbuf[];
} fg_staylist;

typedef struct fg_encounters {
    fg_registry encs;
    fg_map stays;           /* psn_no -> fg_staylist */
} fg_encounters;

void fg_enc_init(fg_encounters *e, int64_t retention);
void fg_enc_free(fg_encounters *e);
/* Records a registration, admission or discharge (other types are
 * ignored); 1 when it created a new encounter. */
int fg_enc_record(fg_encounters *e, const fg_event *ev);
fg_record *fg_enc_get(const fg_encounters *e, const char *mdtrt_id, size_t n);
const fg_staylist *fg_enc_stays(const fg_encounters *e, const char *psn_no, size_t n);
void fg_enc_sweep(fg_encounters *e, int64_t watermark, int steps);

#endif
