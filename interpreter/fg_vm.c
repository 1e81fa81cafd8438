/* fg_vm — Lua state per ruleset and worker, rule invocation (see fg_vm.h). */
#include "fg_vm.h"
#include "fg_luajson.h"
#include "fg_mem.h"
#include "fg_plugin.h"
#include "fg_utf8.h"
#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int fg_vm_invoke(lua_State *L);
static int fg_vm_convert_result(lua_State *L);

void fg_limits_default(fg_limits *lim)
{
    lim->budget = 0;
    lim->time_limit_ms = 500;
    lim->lua_memory = (size_t)256 << 20;
    lim->re.match_limit = 1000000;
    lim->re.depth_limit = 10000;
    lim->re.heap_limit_kib = 16384;
}

fg_vm *fg_vm_new(fg_state *st, const fg_catalog *cat, const fg_limits *lim, size_t nrules)
{
    fg_vm *vm = fg_xcalloc(1, sizeof *vm);
    vm->cx.budget.limit = lim->budget;
    vm->cx.budget.time_limit_ms = lim->time_limit_ms;
    vm->cx.mem.limit = lim->lua_memory;
    vm->cx.state = st;
    vm->cx.catalog = cat;
    vm->cx.rm = fg_rematch_new(&lim->re);
    vm->L = fg_lua_new(&vm->cx.mem, &vm->cx.budget);
    if (!vm->L) {
        fg_rematch_free(vm->cx.rm);
        free(vm);
        return NULL;
    }
    fg_lapi_open(vm->L);
    lua_pushlightuserdata(vm->L, vm);
    lua_pushcclosure(vm->L, fg_vm_invoke, 1);
    vm->invoke_ref = luaL_ref(vm->L, LUA_REGISTRYINDEX);
    lua_pushlightuserdata(vm->L, vm);
    lua_pushcclosure(vm->L, fg_vm_convert_result, 1);
    vm->convert_ref = luaL_ref(vm->L, LUA_REGISTRYINDEX);
    lua_newtable(vm->L);
    vm->out_ref = luaL_ref(vm->L, LUA_REGISTRYINDEX);
    vm->cx.budget.culprit_ref = vm->out_ref;
    for (int t = 0; t < FG_EV__COUNT; t++) vm->batch_ref[t] = LUA_NOREF;
    vm->nrules = nrules;
    vm->check_ref = fg_xmalloc((nrules ? nrules : 1) * sizeof(int));
    vm->params_ref = fg_xmalloc((nrules ? nrules : 1) * sizeof(int));
    vm->decl_ref = fg_xmalloc((nrules ? nrules : 1) * sizeof(int));
    for (size_t i = 0; i < nrules; i++)
        vm->check_ref[i] = vm->params_ref[i] = vm->decl_ref[i] = LUA_NOREF;
    fg_buf_init(&vm->scratch);
    return vm;
}

void fg_vm_free(fg_vm *vm)
{
    if (!vm) return;
    fg_lua_close(vm->L);
    fg_rematch_free(vm->cx.rm);
    free(vm->check_ref);
    free(vm->params_ref);
    free(vm->decl_ref);
    fg_buf_free(&vm->scratch);
    free(vm);
}

int fg_vm_load(fg_vm *vm, fg_rule *r, int fill, fg_diag *d)
{
    lua_State *L = vm->L;
    const char *base = strrchr(r->path, '/');
    char chunk[128];
    snprintf(chunk, sizeof chunk, "=%s", base ? base + 1 : r->path);
    int top = lua_gettop(L);
    const char *code = r->lua ? r->lua : r->source;   /* a .rule runs as its Lua */
    size_t codelen = r->lua ? r->lualen : r->srclen;
    if (luaL_loadbufferx(L, code, codelen, chunk, "t") != LUA_OK) {
        fg_plugin_lua_error(d, r->path, r->source, r->srclen, lua_tostring(L, -1));
        lua_settop(L, top);
        return -1;
    }
    fg_lua_plugin_env(L);
    lua_setupvalue(L, -2, 1);           /* _ENV of the chunk */
    if (fg_lua_pcall(L, 0, 1) != LUA_OK) {
        fg_plugin_lua_error(d, r->path, r->source, r->srclen, lua_tostring(L, -1));
        lua_settop(L, top);
        return -1;
    }
    if (fill) {
        if (fg_plugin_read_meta(L, -1, r, d)) {
            lua_settop(L, top);
            return -1;
        }
    } else {
        lua_getfield(L, -1, "id");
        const char *id = lua_tostring(L, -1);
        int same = id && r->id && !strcmp(id, r->id);
        lua_pop(L, 1);
        lua_getfield(L, -1, "check");
        int fn = lua_type(L, -1) == LUA_TFUNCTION;
        lua_pop(L, 1);
        if (!same || !fn) {
            fg_diag_error(d, r->path, 1, 1, NULL, 0, NULL,
                          "plugin changed while loading (declares another id or no check)");
            lua_settop(L, top);
            return -1;
        }
    }
    lua_getfield(L, -1, "check");
    vm->check_ref[r->index] = luaL_ref(L, LUA_REGISTRYINDEX);
    vm->decl_ref[r->index] = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_settop(L, top);
    return 0;
}

static int fg_vm_bind(lua_State *L)
{
    const fg_rule *r = lua_touserdata(L, 1);
    lua_createtable(L, 0, (int)r->nparams);
    for (size_t i = 0; i < r->nparams; i++) {
        fg_param_push(L, r->params[i].type, r->params[i].value);
        lua_setfield(L, -2, r->params[i].name);
    }
    fg_lua_readonly(L);
    return 1;
}

int fg_vm_bind_params(fg_vm *vm, const fg_rule *r, fg_diag *d)
{
    lua_State *L = vm->L;
    lua_pushcfunction(L, fg_vm_bind);
    lua_pushlightuserdata(L, (void *)r);
    if (fg_lua_pcall(L, 1, 1) != LUA_OK) {
        fg_diag_error(d, r->path, 0, 0, NULL, 0, NULL, "parameters of %s: %s", r->id,
                      lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    if (vm->params_ref[r->index] != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, vm->params_ref[r->index]);
    vm->params_ref[r->index] = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_rawgeti(L, LUA_REGISTRYINDEX, vm->decl_ref[r->index]);
    if (lua_getfield(L, -1, "setup") == LUA_TFUNCTION) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, vm->params_ref[r->index]);
        if (fg_lua_pcall(L, 1, 0) != LUA_OK) {
            fg_plugin_lua_error(d, r->path, r->source, r->srclen, lua_tostring(L, -1));
            lua_pop(L, 2);
            return -1;
        }
        lua_pop(L, 1);
        return 0;
    }
    lua_pop(L, 2);
    return 0;
}

void fg_vm_set_event(fg_vm *vm, const fg_event *ev)
{
    vm->cx.ev = ev;
    vm->cx.gen++;
    fg_lapi_new_event(vm->L);
}

/* Phase 1 of converting one returned alert table (at idx): everything that
 * may raise.  Leaves the message string and the evidence text (or nil) on
 * the stack and fills the C fields. */
static void fg_vm_convert(fg_vm *vm, lua_State *L, int idx, fg_alert *a)
{
    const fg_rule *r = vm->rule;
    if (lua_type(L, idx) != LUA_TTABLE) luaL_error(L, "check must return nil, an alert table or a list of them");
    a->severity = r->severity;
    if (lua_getfield(L, idx, "severity") != LUA_TNIL) {
        const char *s = lua_tostring(L, -1);
        int sev = s ? fg_severity_lookup(s) : -1;
        if (sev < 0) luaL_error(L, "alert severity must be \"low\", \"medium\" or \"high\"");
        a->severity = sev;
    }
    lua_pop(L, 1);
    a->has_amount = 0;
    if (lua_getfield(L, idx, "amount") != LUA_TNIL) {
        int isnum;
        if (lua_isinteger(L, -1)) {
            a->amount = lua_tointeger(L, -1);
        } else {
            double d = lua_tonumberx(L, -1, &isnum);
            if (!isnum || !isfinite(d) || fabs(d) > 9e15)
                luaL_error(L, "alert amount must be a number of fen");
            a->amount = (int64_t)llround(d);
        }
        a->has_amount = 1;
    }
    lua_pop(L, 1);
    /* message */
    lua_getfield(L, idx, "message");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushstring(L, r->title);
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "alert message must be a string");
    }
    size_t ml;
    const char *m = lua_tolstring(L, -1, &ml);
    if (!fg_utf8_valid(m, ml, NULL)) {

        vm->scratch.len = 0;
        for (size_t i = 0; i < ml;) {
            size_t k = fg_utf8_seq((const unsigned char *)m + i, ml - i);
            if (!k) {
                fg_buf_put(&vm->scratch, "\xEF\xBF\xBD", 3);
                i++;
            } else {
                fg_buf_put(&vm->scratch, m + i, k);
                i += k;
            }
        }
        lua_pushlstring(L, vm->scratch.p, vm->scratch.len);
        lua_replace(L, -2);
    }
    /* evidence */
    if (lua_getfield(L, idx, "evidence") == LUA_TNIL) return;
    if (lua_type(L, -1) != LUA_TTABLE) luaL_error(L, "alert evidence must be a table");
    vm->scratch.len = 0;
    fg_luajson_encode(L, -1, &vm->scratch);
    if (vm->scratch.p[0] == '[') luaL_error(L, "alert evidence must be a table with named fields");
    lua_pushlstring(L, vm->scratch.p, vm->scratch.len);
    lua_replace(L, -2);
}

/* Turns a rule's result at index res into alerts of vm->rule appended to
 * vm->out.  Raises on a malformed result; appends only once all of the
 * result converted. */
static void fg_vm_collect(lua_State *L, fg_vm *vm, int res)
{
    if (!lua_toboolean(L, res)) return;
    if (lua_type(L, res) != LUA_TTABLE)
        luaL_error(L, "check must return nil, an alert table or a list of them");
    int list = lua_rawlen(L, res) > 0;
    lua_Integer n = list ? (lua_Integer)lua_rawlen(L, res) : 1;
    if (n > 1000) luaL_error(L, "a rule may raise at most 1000 alerts per event");
    luaL_checkstack(L, (int)(n * 3 + 10), "too many alerts");
    fg_alert tmp[16];
    fg_alert *conv = n <= 16 ? tmp : lua_newuserdatauv(L, (size_t)n * sizeof *conv, 0);
    int base = lua_gettop(L);
    for (lua_Integer i = 0; i < n; i++) {
        int idx = res;
        if (list) {
            lua_rawgeti(L, res, i + 1);
            idx = lua_gettop(L);
        }
        memset(&conv[i], 0, sizeof conv[i]);
        int before = lua_gettop(L);
        fg_vm_convert(vm, L, idx, &conv[i]);
        /* exactly message and evidence-or-nothing above `before` */
        if (lua_gettop(L) == before + 1) lua_pushnil(L);
        if (list) lua_remove(L, idx);
    }
    /* Phase 2: copy to the host; nothing below can raise. */
    for (lua_Integer i = 0; i < n; i++) {
        size_t ml, el = 0;
        const char *m = lua_tolstring(L, base + 1 + (int)i * 2, &ml);
        const char *ev = lua_tolstring(L, base + 2 + (int)i * 2, &el);
        fg_alert *a = fg_alertv_push(vm->out);
        *a = conv[i];
        a->rule = vm->rule;
        a->seq = (uint32_t)i;
        a->message = fg_xstrndup(m, ml);
        a->evidence = ev ? fg_xstrndup(ev, el) : NULL;
    }
}

/* (check, e, p[, alerts]) -> calls the check and collects its result. */
static int fg_vm_invoke(lua_State *L)
{
    fg_vm *vm = lua_touserdata(L, lua_upvalueindex(1));
    int nargs = lua_gettop(L) - 1;
    lua_call(L, nargs, 1);
    fg_vm_collect(L, vm, lua_gettop(L));
    return 0;
}

/* (result) -> collects a result a batch left behind. */
static int fg_vm_convert_result(lua_State *L)
{
    fg_vm_collect(L, lua_touserdata(L, lua_upvalueindex(1)), 1);
    return 0;
}

/* The alerts raised so far on this event, as Lua tables, for listeners. */
static void fg_vm_push_prior(lua_State *L, const fg_alertv *prior)
{
    lua_createtable(L, (int)prior->n, 0);
    for (size_t i = 0; i < prior->n; i++) {
        const fg_alert *a = &prior->v[i];
        lua_createtable(L, 0, 5);
        lua_pushstring(L, a->rule->id);
        lua_setfield(L, -2, "rule_id");
        lua_pushstring(L, a->rule->title);
        lua_setfield(L, -2, "rule_name");
        lua_pushstring(L, fg_severity_name(a->severity));
        lua_setfield(L, -2, "severity");
        lua_pushstring(L, a->message);
        lua_setfield(L, -2, "message");
        if (a->has_amount) {
            lua_pushinteger(L, a->amount);
            lua_setfield(L, -2, "amount");
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

int fg_vm_run(fg_vm *vm, const fg_rule *r, fg_alertv *out, const fg_alertv *prior)
{
    lua_State *L = vm->L;
    int top = lua_gettop(L);
    vm->out = out;
    vm->rule = r;
    size_t before = out->n;
    lua_rawgeti(L, LUA_REGISTRYINDEX, vm->invoke_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, vm->check_ref[r->index]);
    fg_lapi_push_event(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, vm->params_ref[r->index]);
    int nargs = 3;
    if (prior) {
        fg_vm_push_prior(L, prior);
        nargs++;
    }
    int rc = fg_lua_pcall(L, nargs, 0);
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        snprintf(vm->err, sizeof vm->err, "%s", msg ? msg : "error object is not a string");
        lua_settop(L, top);
        /* a failed rule raises nothing, even what it converted before failing */
        while (out->n > before) {
            out->n--;
            free(out->v[out->n].message);
            free(out->v[out->n].evidence);
        }
        return -1;
    }
    lua_settop(L, top);
    return 0;
}

/* The dispatcher of one event type: runs the checks in order (those whose
 * bit is set in mask: rules 65 and later always run), noting in
 * out[0] which one runs (for error reports and resumption) and keeping
 * each result in out[i] for conversion after the batch. */
static const char fg_vm_dispatcher[] =
    "local checks, params, n = ...\n"
    "return function(e, from, out, mask)\n"
    "  for i = from, n do\n"
    "    if i > 64 or mask & (1 << (i - 1)) ~= 0 then\n"
    "      out[0] = i\n"
    "      local a = checks[i](e, params[i])\n"
    "      if a then out[i] = a end\n"
    "    end\n"
    "  end\n"
    "end\n";

int fg_vm_build_batches(fg_vm *vm, fg_rule *const *rules, size_t *const *by_type,
                        const size_t *n_by_type, fg_diag *d)
{
    lua_State *L = vm->L;
    for (int t = 0; t < FG_EV__COUNT; t++) {
        size_t n = n_by_type[t];
        if (!n) continue;
        if (luaL_loadbufferx(L, fg_vm_dispatcher, sizeof fg_vm_dispatcher - 1, "=dispatch", "t")) {
            fg_diag_error(d, "dispatch", 0, 0, NULL, 0, NULL, "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
            return -1;
        }
        lua_createtable(L, (int)n, 0);
        lua_createtable(L, (int)n, 0);
        for (size_t i = 0; i < n; i++) {
            const fg_rule *r = rules[by_type[t][i]];
            lua_rawgeti(L, LUA_REGISTRYINDEX, vm->check_ref[r->index]);
            lua_rawseti(L, -3, (lua_Integer)i + 1);
            lua_rawgeti(L, LUA_REGISTRYINDEX, vm->params_ref[r->index]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_pushinteger(L, (lua_Integer)n);
        if (fg_lua_pcall(L, 3, 1) != LUA_OK) {
            fg_diag_error(d, "dispatch", 0, 0, NULL, 0, NULL, "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
            return -1;
        }
        vm->batch_ref[t] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    return 0;
}

void fg_vm_run_batch(fg_vm *vm, int t, fg_rule *const *rules, const size_t *idx, size_t n,
                     uint64_t mask, fg_alertv *out, fg_vm_fail_fn fail, void *ud)
{
    lua_State *L = vm->L;
    int top = lua_gettop(L);
    fg_luabudget *b = &vm->cx.budget;
    lua_rawgeti(L, LUA_REGISTRYINDEX, vm->out_ref);
    int res = lua_gettop(L);
    lua_Integer from = 1;
    while (from <= (lua_Integer)n) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, vm->batch_ref[t]);
        fg_lapi_push_event(L);
        lua_pushinteger(L, from);
        lua_pushvalue(L, res);
        lua_pushinteger(L, (lua_Integer)mask);
        int rc = fg_lua_pcall(L, 4, 0);
        if (rc == LUA_OK) break;
        const char *msg = lua_tostring(L, -1);
        snprintf(vm->err, sizeof vm->err, "%s", msg ? msg : "error object is not a string");
        lua_settop(L, res);
        lua_rawgeti(L, res, 0);
        lua_Integer cur = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (cur < from || cur > (lua_Integer)n) cur = from;
        lua_Integer culprit = b->exceeded ? b->culprit : cur;
        if (culprit < from || culprit > cur) culprit = cur;
        fail(ud, (size_t)(culprit - 1), vm->err);
        if (culprit != cur) {
            /* a runaway that swallowed its budget error stopped a later rule */
            char why[160];
            snprintf(why, sizeof why, "stopped: the event's time or instruction budget was used up by %s",
                     rules[idx[culprit - 1]]->id);
            fail(ud, (size_t)(cur - 1), why);
        }
        for (lua_Integer i = culprit; i <= cur; i++) {
            lua_pushnil(L);
            lua_rawseti(L, res, i);
        }
        from = cur + 1;
    }
    /* convert the results, in rule order */
    vm->out = out;
    for (size_t i = 1; i <= n; i++) {
        if (lua_rawgeti(L, res, (lua_Integer)i) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        vm->rule = rules[idx[i - 1]];
        lua_rawgeti(L, LUA_REGISTRYINDEX, vm->convert_ref);
        lua_insert(L, -2);
        if (fg_lua_pcall(L, 1, 0) != LUA_OK) {
            const char *msg = lua_tostring(L, -1);
            snprintf(vm->err, sizeof vm->err, "%s", msg ? msg : "error object is not a string");
            fail(ud, i - 1, vm->err);
            lua_pop(L, 1);
        }
        lua_pushnil(L);
        lua_rawseti(L, res, (lua_Integer)i);
    }
    lua_pushnil(L);
    lua_rawseti(L, res, 0);
    lua_settop(L, top);
}
