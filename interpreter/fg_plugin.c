/* fg_plugin — rule plugin declarations (see fg_plugin.h). */
#include "fg_plugin.h"
#include "fg_alert.h"
#include "fg_mem.h"
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

void fg_plugin_locate(const char *src, size_t n, const char *key, size_t *line, size_t *col)
{
    size_t kl = strlen(key), l = 1;
    const char *ls = src;
    *line = 1;
    *col = 1;
    for (size_t i = 0; i + kl <= n; i++) {
        if (src[i] == '\n') {
            l++;
            ls = src + i + 1;
            continue;
        }
        if (memcmp(src + i, key, kl) != 0) continue;
        if (i > 0 && (src[i - 1] == '_' || (src[i - 1] >= 'a' && src[i - 1] <= 'z'))) continue;
        size_t j = i + kl;
        while (j < n && (src[j] == ' ' || src[j] == '\t')) j++;
        if (j < n && src[j] == '=' && (j + 1 >= n || src[j + 1] != '=')) {
            *line = l;
            *col = (size_t)(src + i - ls) + 1;
            return;
        }
    }
}

static void fg_meta_error(fg_diag *d, const fg_rule *r, const char *key, const char *hint,
                          const char *msg)
{
    size_t line, col, ll = 0;
    fg_plugin_locate(r->source, r->srclen, key, &line, &col);
    const char *text = fg_diag_line_of(r->source, r->srclen, line, &ll);
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)(ll < 500 ? ll : 500), text ? text : "");
    fg_diag_error(d, r->path, line, col, buf, strlen(key), hint, "%s", msg);
}

void fg_plugin_lua_error(fg_diag *d, const char *path, const char *src, size_t n, const char *msg)
{
    /* Lua reports "chunk:LINE: message"; turn it into path:LINE:COL. */
    size_t line = 0, col = 1;
    const char *p = strchr(msg, ':');
    const char *text = msg;
    if (p && p[1] >= '0' && p[1] <= '9') {
        line = (size_t)strtoul(p + 1, (char **)&text, 10);
        if (*text == ':') text++;
        while (*text == ' ') text++;
    }
    size_t ll = 0;
    const char *lt = line ? fg_diag_line_of(src, n, line, &ll) : NULL;
    char buf[512] = "";
    if (lt) snprintf(buf, sizeof buf, "%.*s", (int)(ll < 500 ? ll : 500), lt);
    /* "near 'tok'": put the caret under tok */
    const char *near = strstr(text, "near '");
    if (near && lt) {
        near += 6;
        const char *q = strchr(near, '\'');
        if (q && q > near) {
            char tok[64];
            size_t tl = (size_t)(q - near) < sizeof tok - 1 ? (size_t)(q - near) : sizeof tok - 1;
            memcpy(tok, near, tl);
            tok[tl] = '\0';
            const char *at = strstr(buf, tok);
            if (at) col = (size_t)(at - buf) + 1;
        }
    }
    fg_diag_error(d, path, line ? line : 1, col, line ? buf : NULL, 1, NULL, "%s", text);
}

static char *fg_meta_string(lua_State *L, int t, const char *key, fg_diag *d, const fg_rule *r,
                            int required, const char *hint)
{
    lua_getfield(L, t, key);
    char *out = NULL;
    if (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) > 0) {
        out = fg_xstrdup(lua_tostring(L, -1));
    } else if (!lua_isnil(L, -1) || required) {
        char msg[128];
        snprintf(msg, sizeof msg, "'%s' must be a non-empty string", key);
        fg_meta_error(d, r, key, hint, msg);
    }
    lua_pop(L, 1);
    return out;
}

static int fg_param_cmp(const void *a, const void *b)
{
    return strcmp(((const fg_rparam *)a)->name, ((const fg_rparam *)b)->name);
}

static int fg_valid_id(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

static void fg_meta_on(lua_State *L, int t, fg_rule *r, fg_diag *d)
{
    lua_getfield(L, t, "on");
    int on = lua_gettop(L);
    const char *hint = "on = {\"admission\"} or on = \"fee\"; \"alerts\" listens to other rules' alerts";
    if (lua_type(L, on) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, on);
        lua_rawseti(L, -2, 1);
        lua_replace(L, on);
    }
    if (lua_type(L, on) != LUA_TTABLE || lua_rawlen(L, on) == 0) {
        fg_meta_error(d, r, "on", hint, "'on' must name the event types the rule listens to");
        lua_pop(L, 1);
        return;
    }
    size_t n = lua_rawlen(L, on);
    r->on_names = fg_xcalloc(n, sizeof *r->on_names);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, on, (lua_Integer)i);
        if (lua_type(L, -1) != LUA_TSTRING) {
            fg_meta_error(d, r, "on", hint, "'on' must list event type names");
            lua_pop(L, 1);
            continue;
        }
        size_t l;
        const char *name = lua_tolstring(L, -1, &l);
        r->on_names[r->n_on++] = fg_xstrndup(name, l);
        if (!strcmp(name, "alerts")) r->on_alerts = 1;
        else {
            fg_evtype et = fg_evtype_lookup(name, l);
            if (et != FG_EV_UNKNOWN) r->on_mask |= 1u << et;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void fg_meta_params(lua_State *L, int t, fg_rule *r, fg_diag *d)
{
    lua_getfield(L, t, "params");
    int ps = lua_gettop(L);
    const char *hint = "params = { window = {\"duration\", \"15d\"} }";
    if (lua_isnil(L, ps)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_type(L, ps) != LUA_TTABLE) {
        fg_meta_error(d, r, "params", hint, "'params' must be a table");
        lua_pop(L, 1);
        return;
    }
    size_t cap = 0;
    lua_pushnil(L);
    while (lua_next(L, ps)) {
        int decl = lua_gettop(L);
        if (lua_type(L, -2) != LUA_TSTRING) {
            fg_meta_error(d, r, "params", hint, "parameter names must be strings");
            lua_pop(L, 1);
            continue;
        }
        const char *name = lua_tostring(L, -2);
        if (lua_type(L, decl) != LUA_TTABLE) {
            fg_meta_error(d, r, name, hint, "a parameter is declared as {TYPE, DEFAULT}");
            lua_pop(L, 1);
            continue;
        }
        lua_rawgeti(L, decl, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_getfield(L, decl, "type");
        }
        lua_rawgeti(L, decl, 2);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_getfield(L, decl, "default");
        }
        lua_getfield(L, decl, "doc");
        const char *type = lua_tostring(L, -3);
        const char *deflt = lua_tostring(L, -2);
        int pt = type ? fg_ptype_lookup(type) : -1;
        char msg[300];
        if (pt < 0) {
            snprintf(msg, sizeof msg,
                     "parameter '%s': unknown type '%s' (int, number, duration, money, percent, "
                     "date, time, string, regex, list, bool)", name, type ? type : "?");
            fg_meta_error(d, r, name, hint, msg);
        } else if (!deflt) {
            snprintf(msg, sizeof msg, "parameter '%s' needs a default", name);
            fg_meta_error(d, r, name, hint, msg);
        } else {
            const char *why = fg_param_check((fg_ptype)pt, deflt);
            if (why) {
                snprintf(msg, sizeof msg, "parameter '%s': default '%s': %s", name, deflt, why);
                fg_meta_error(d, r, name, NULL, msg);
            } else {
                if (r->nparams == cap) {
                    cap = cap ? cap * 2 : 4;
                    r->params = fg_xrealloc(r->params, cap * sizeof *r->params);
                }
                fg_rparam *p = &r->params[r->nparams++];
                p->name = fg_xstrdup(name);
                p->type = (fg_ptype)pt;
                p->deflt = fg_xstrdup(deflt);
                p->value = fg_xstrdup(deflt);
                p->doc = lua_isstring(L, -1) ? fg_xstrdup(lua_tostring(L, -1)) : NULL;
            }
        }
        lua_settop(L, decl - 1);
    }
    if (r->nparams) qsort(r->params, r->nparams, sizeof *r->params, fg_param_cmp);
    lua_pop(L, 1);
}

/* requires = {"drug_trac_codg", ...}: event fields without which the rule
 * has nothing to check; the engine then does not call it at all. */
static void fg_meta_requires(lua_State *L, int t, fg_rule *r, fg_diag *d)
{
    lua_getfield(L, t, "requires");
    int rq = lua_gettop(L);
    const char *hint = "requires = {\"drug_trac_codg\"} names known event fields";
    if (lua_isnil(L, rq)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_type(L, rq) != LUA_TTABLE) {
        fg_meta_error(d, r, "requires", hint, "'requires' must be a list of field names");
        lua_pop(L, 1);
        return;
    }
    size_t n = lua_rawlen(L, rq);
    r->requires = fg_xcalloc(n ? n : 1, sizeof *r->requires);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, rq, (lua_Integer)i);
        size_t l;
        const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &l) : NULL;
        int fid = name ? fg_field_lookup(name, l) : -1;
        if (fid < 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "'requires' names '%s', which is not a known event field",
                     name ? name : "?");
            fg_meta_error(d, r, "requires", hint, msg);
        } else {
            r->requires[r->nrequires++] = fid;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

int fg_plugin_read_meta(lua_State *L, int t, fg_rule *r, fg_diag *d)
{
    int before = d->errors;
    t = lua_absindex(L, t);
    if (lua_type(L, t) != LUA_TTABLE) {
        fg_diag_error(d, r->path, 1, 1, NULL, 0, "end the plugin with: return { id = ..., check = function(e, p) ... end }",
                      "a rule plugin must return its declaration table");
        return -1;
    }
    r->id = fg_meta_string(L, t, "id", d, r, 1, "id = \"split_admission\" (lower case, digits, _)");
    if (r->id && !fg_valid_id(r->id)) {
        fg_meta_error(d, r, "id", NULL, "'id' may use only a-z, 0-9 and _, starting with a letter");
    }
    r->title = fg_meta_string(L, t, "title", d, r, 1, "title = \"分解住院\"");
    r->basis = fg_meta_string(L, t, "basis", d, r, 1, "basis = \"负面清单 一(6)\"");
    r->description = fg_meta_string(L, t, "description", d, r, 0, NULL);
    char *sev = fg_meta_string(L, t, "severity", d, r, 1, "severity = \"low\" | \"medium\" | \"high\"");
    r->severity = FG_SEV_MEDIUM;
    if (sev) {
        int s = fg_severity_lookup(sev);
        if (s < 0) fg_meta_error(d, r, "severity", "severity = \"low\" | \"medium\" | \"high\"",
                                 "unknown severity");
        else r->severity = s;
        free(sev);
    }
    fg_meta_on(L, t, r, d);
    fg_meta_params(L, t, r, d);
    fg_meta_requires(L, t, r, d);
    lua_getfield(L, t, "check");
    if (lua_type(L, -1) != LUA_TFUNCTION)
        fg_meta_error(d, r, "check", "check = function(e, p) ... return alert end",
                      "'check' must be a function");
    lua_pop(L, 1);
    return d->errors > before ? -1 : 0;
}
