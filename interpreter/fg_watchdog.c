/* fg_watchdog — time limit for rule code, armed only when needed (see
 * fg_watchdog.h). */
#include "fg_watchdog.h"
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FG_WD_PERIOD_MS 10

static pthread_mutex_t fg_wd_lock = PTHREAD_MUTEX_INITIALIZER;
static fg_wdslot *fg_wd_slots;
static int fg_wd_started;
static atomic_int fg_wd_stop;
static pthread_t fg_wd_thread;
/* The slot the signal is meant for (one at a time; the watchdog waits for
 * the handler before signalling again). */
static fg_wdslot *_Atomic fg_wd_target;

static void fg_wd_signal(int sig)
{
    (void)sig;
    int saved = errno;
    fg_wdslot *s = atomic_load(&fg_wd_target);
    if (s && atomic_load(&s->in_call) &&
        atomic_load(&s->calls) + 1 == atomic_load(&s->fired_call)) {
        s->fire(s->L);
    }
    atomic_store(&fg_wd_target, NULL);
    errno = saved;
}

static void *fg_wd_main(void *arg)
{
    (void)arg;
    struct timespec ts = {0, FG_WD_PERIOD_MS * 1000000L};
    while (!atomic_load(&fg_wd_stop)) {
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&fg_wd_lock);
        for (fg_wdslot *s = fg_wd_slots; s; s = s->next) {
            unsigned calls = atomic_load(&s->calls);
            if (!atomic_load(&s->in_call) || calls != s->seen_calls) {
                s->seen_calls = calls;
                s->stalled_ms = 0;
                continue;
            }
            s->stalled_ms += FG_WD_PERIOD_MS;
            if (s->stalled_ms < s->limit_ms || atomic_load(&s->fired_call) == calls + 1) continue;
            atomic_store(&s->fired_call, calls + 1);
            atomic_store(&fg_wd_target, s);
            pthread_kill(s->thread, SIGALRM);
            /* wait for the handler, so one target is served at a time */
            for (int i = 0; i < 100 && atomic_load(&fg_wd_target); i++) {
                struct timespec w = {0, 100000L};
                nanosleep(&w, NULL);
            }
            atomic_store(&fg_wd_target, NULL);
        }
        pthread_mutex_unlock(&fg_wd_lock);
    }
    return NULL;
}

/* A forked child (a review) has no watchdog thread: start its own, so a
 * runaway rule cannot hang the child and the parent reading from it. */
static void fg_wd_atfork_child(void)
{
    pthread_mutex_init(&fg_wd_lock, NULL);
    fg_wd_started = 0;
    atomic_store(&fg_wd_target, NULL);
    atomic_store(&fg_wd_stop, 0);
    if (fg_wd_slots && pthread_create(&fg_wd_thread, NULL, fg_wd_main, NULL) == 0)
        fg_wd_started = 1;
}

static pthread_once_t fg_wd_once = PTHREAD_ONCE_INIT;
static void fg_wd_register_fork(void)
{
    pthread_atfork(NULL, NULL, fg_wd_atfork_child);
}

void fg_watchdog_add(fg_wdslot *s, lua_State *L, int64_t limit_ms, fg_wd_fire_fn fire)
{
    pthread_once(&fg_wd_once, fg_wd_register_fork);
    memset(s, 0, sizeof *s);
    s->L = L;
    s->fire = fire;
    s->limit_ms = limit_ms;
    pthread_mutex_lock(&fg_wd_lock);
    if (!fg_wd_started) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = fg_wd_signal;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        atomic_store(&fg_wd_stop, 0);
        if (pthread_create(&fg_wd_thread, NULL, fg_wd_main, NULL) == 0) fg_wd_started = 1;
    }
    s->next = fg_wd_slots;
    fg_wd_slots = s;
    pthread_mutex_unlock(&fg_wd_lock);
}

void fg_watchdog_remove(fg_wdslot *s)
{
    pthread_mutex_lock(&fg_wd_lock);
    for (fg_wdslot **p = &fg_wd_slots; *p; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            break;
        }
    }
    /* the last state gone: stop the thread (it is started again on demand) */
    int join = !fg_wd_slots && fg_wd_started;
    if (join) {
        atomic_store(&fg_wd_stop, 1);
        fg_wd_started = 0;
    }
    pthread_mutex_unlock(&fg_wd_lock);
    if (join) pthread_join(fg_wd_thread, NULL);
}

void fg_watchdog_enter(fg_wdslot *s)
{
    s->thread = pthread_self();
    atomic_fetch_add(&s->calls, 1);
    atomic_store(&s->in_call, 1);
}

int fg_watchdog_leave(fg_wdslot *s)
{
    atomic_store(&s->in_call, 0);
    return atomic_load(&s->fired_call) == atomic_load(&s->calls) + 1;
}
