/* fg_rule — rule metadata helpers (see fg_rule.h). */
#include "fg_rule.h"
#include "fg_hash.h"
#include <stdlib.h>
#include <string.h>

void fg_rule_free(fg_rule *r)
{
    if (!r) return;
    free(r->path);
    free(r->source);
    free(r->lua);
    free(r->id);
    free(r->title);
    free(r->basis);
    free(r->description);
    for (size_t i = 0; i < r->n_on; i++) free(r->on_names[i]);
    free(r->on_names);
    for (size_t i = 0; i < r->nparams; i++) {
        free(r->params[i].name);
        free(r->params[i].deflt);
        free(r->params[i].value);
        free(r->params[i].doc);
    }
    free(r->params);
    free(r->requires);
    free(r);
}

int fg_rule_listens(const fg_rule *r, const fg_event *ev)
{
    if (ev->type != FG_EV_UNKNOWN) return (r->on_mask >> ev->type) & 1;
    for (size_t i = 0; i < r->n_on; i++)
        if (strlen(r->on_names[i]) == ev->type_len &&
            !memcmp(r->on_names[i], ev->type_name, ev->type_len))
            return 1;
    return 0;
}

int fg_rule_ready(const fg_rule *r, const fg_event *ev)
{
    if (ev->type == FG_EV_UNKNOWN) return 1;
    for (size_t i = 0; i < r->nrequires; i++) {
        const fg_json *v = ev->f[r->requires[i]];
        if (!v || ((v->type == FG_JSTR || v->type == FG_JARR) && v->n == 0)) return 0;
    }
    return 1;
}

void fg_rule_compute_version(fg_rule *r)
{
    uint64_t h = fg_hash64(r->source, r->srclen, 0x72756c65ULL);
    /* the libraries a .rule uses are part of its source */
    if (r->uses_hash) h = fg_hash64(&r->uses_hash, sizeof r->uses_hash, h);
    /* parameters are kept sorted by name, so the order is canonical */
    for (size_t i = 0; i < r->nparams; i++) {
        h = fg_hash64(r->params[i].name, strlen(r->params[i].name) + 1, h);
        h = fg_hash64(r->params[i].value, strlen(r->params[i].value) + 1, h);
    }
    fg_hash_hex(h, r->version);
}
