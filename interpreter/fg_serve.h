/* fg_serve — `fundguard serve`, the long-running daemon: the contracts
 * between its parts.  Each part lives in its own file:
 *
 *   fg_cmd_serve.c    the command: options, config file, --help
 *   fg_serve.c        the server: startup, signals, backpressure, shutdown
 *   fg_serve_pipe.c   threads and queues: decode workers, the evaluator
 *   fg_serve_eval.c   what the evaluator does: engine, journal, swaps, counters
 *   fg_batch.c        a batch of framed lines and their decoding
 *   fg_listen.c       TCP and Unix-socket listeners (producers, subscribers, admin)
 *   fg_src_stream.c   stream sources: producer connections, standard input
 *   fg_src_file.c     file sources, read once or followed across rotation
 *   fg_sink.c         alert chunks and their fan-out to sinks
 *   fg_sink_fd.c      standard output and append-only files
 *   fg_sink_sub.c     TCP/Unix subscribers of the alert stream
 *   fg_reload.c       hot reload: watches, debounce, loading off the hot path
 *   fg_http.c         a minimal HTTP/1.1 request parser
 *   fg_admin.c        the admin endpoint (/healthz /metrics /rules /reload)
 *   fg_metrics.c      the Prometheus text of /metrics
 *   fg_log.c          structured logs on standard error
 *
 * Threads (the reasoning is in fg_serve_pipe.c and docs/operations.md):
 * the libuv loop thread owns every handle, source, sink and the admin; N
 * decode workers parse and check lines; one evaluator thread runs the
 * rules in accepted order and alone touches fg_state while it runs. */
#ifndef FG_SERVE_H
#define FG_SERVE_H
#include "fg_cli.h"
#include "fg_engine.h"
#include "fg_lines.h"
#include <pthread.h>
#include <stdatomic.h>
#include <uv.h>

typedef struct fg_serve fg_serve;

/* ---- fg_log.c: one JSON object per line on standard error ---- */

typedef enum { FG_LOG_DEBUG, FG_LOG_INFO, FG_LOG_WARN, FG_LOG_ERROR } fg_loglevel;

void fg_log_set_level(fg_loglevel lv);
int fg_log_level_parse(const char *s, fg_loglevel *out);
int fg_log_on(fg_loglevel lv);
/* fields: NULL, or JSON members each preceded by a comma (see the
 * fg_log_str/fg_log_num helpers).  One write(2) per record, no lock, so
 * any thread (and a forked review child) may log. */
void fg_log(fg_loglevel lv, const char *fields, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void fg_log_str(fg_buf *b, const char *key, const char *s);
void fg_log_strn(fg_buf *b, const char *key, const char *s, size_t n);
void fg_log_num(fg_buf *b, const char *key, uint64_t v);

/* ---- fg_cmd_serve.c: the configuration ---- */

typedef struct fg_strv {
    const char **v;
    size_t n;
    int from_cli;           /* the command line replaced the config file's list */
} fg_strv;

typedef struct fg_serve_conf {
    fg_engine_opts eng;
    fg_strv listen, subscribe, input, follow;
    const char *output;     /* NULL or "-": standard output */
    const char *admin;      /* HOST:PORT, NULL when off */
    const char *journal, *dead_letter;
    int workers;
    size_t max_queue;       /* bytes: input queue and each sink queue */
    int reload_delay_ms;
    int drain_grace_ms;     /* shutdown: a stream is read until quiet this long */
    int watch;
    int exit_on_eof;
    fg_loglevel log_level;
    char **owned;           /* strings read from the config file */
    size_t nowned;
} fg_serve_conf;

/* ---- fg_listen.c ---- */

typedef struct fg_listener fg_listener;
typedef void (*fg_accept_fn)(fg_listener *l);

typedef union fg_stream_handle {
    uv_handle_t h;
    uv_stream_t s;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
    uv_tty_t tty;
} fg_stream_handle;

struct fg_listener {
    fg_listener *next;
    fg_serve *srv;
    fg_stream_handle u;
    char *url;              /* as configured */
    char *bound;            /* where it listens (the real port for :0) */
    char *unix_path;        /* Unix socket file, removed on close */
    fg_accept_fn on_accept;
    void *ud;
    int slot;               /* source slot (producers) */
    uint64_t accepted;
};

/* url: tcp://HOST:PORT, HOST:PORT, unix:/path.  NULL with a message. */
fg_listener *fg_listen(fg_serve *s, const char *url, fg_accept_fn fn, void *ud, char *err,
                       size_t errlen);
/* Accepts the pending connection into h (initialised here).  0 or a uv error. */
int fg_listener_accept(fg_listener *l, fg_stream_handle *h);
/* Peer name of an accepted connection: tcp:ADDR:PORT or unix:PATH#N. */
void fg_listener_peer(fg_listener *l, fg_stream_handle *h, char *out, size_t n);
void fg_listener_close(fg_listener *l);

/* ---- sources (fg_serve.c keeps the list; fg_src_*.c implement) ---- */

typedef struct fg_source fg_source;
typedef struct fg_source_ops {
    void (*pause)(fg_source *src);
    void (*resume)(fg_source *src);
    void (*stop)(fg_source *src);   /* shutdown: stop reading, close, detach */
} fg_source_ops;

struct fg_source {
    fg_source *next, *prev;
    const fg_source_ops *ops;
    fg_serve *srv;
    uint64_t id;            /* unique for the life of the process */
    char *name;             /* SOURCE of SOURCE:LINE messages */
    int slot;               /* configured source it came through (metrics) */
    int is_input;           /* stdin or file: counts for --exit-on-eof */
    int drains;             /* a stream: read on at shutdown until quiet */
    uint64_t last_data;     /* loop time of its last line, ms */
    fg_lines lines;
};

void fg_source_attach(fg_serve *s, fg_source *src, const fg_source_ops *ops, const char *name,
                      int slot, int is_input);
/* Unlinks and frees what attach set up (not src itself). */
void fg_source_detach(fg_source *src);
/* fg_line_fn for fg_lines_feed (ud = the source): hands the line on. */
void fg_source_line(void *ud, const char *line, size_t len, uint64_t lineno);
/* Reports the partial line a source holds (connection closed, shutdown). */
void fg_source_partial(fg_source *src, const char *why);

void fg_src_stream_listen(fg_listener *l);      /* fg_accept_fn for producers */
int fg_src_stdin_open(fg_serve *s, int slot, char *err, size_t errlen);
int fg_src_file_open(fg_serve *s, const char *path, int follow, int slot, char *err,
                     size_t errlen);

/* ---- fg_batch.c ---- */

enum { FG_SL_LINE, FG_SL_OVERLONG, FG_SL_NOTE };

typedef struct fg_sline {
    uint32_t off, len;      /* LINE: its text; NOTE: the message; OVERLONG: len = bytes seen */
    uint32_t name;          /* source name (NUL-terminated) in the text */
    uint16_t slot;
    uint8_t kind;
    uint64_t lineno;
} fg_sline;

enum { FG_B_QUEUED, FG_B_DECODING, FG_B_DECODED };

typedef struct fg_batch {
    struct fg_batch *next;
    int state;              /* FG_B_*, under the pipe's lock */
    fg_buf text;
    fg_sline *v;
    size_t n, cap;
    uint64_t last_src;      /* source whose name was appended last */
    uint32_t last_name;
    size_t bytes;           /* counted in the input queue */
    fg_arena arena;         /* decoded events */
    fg_event **ev;          /* per line: the event, or NULL ... */
    const char **err;       /* ... with the input error */
} fg_batch;

fg_batch *fg_batch_new(void);
void fg_batch_free(fg_batch *b);
/* Appends one line (or note); returns the bytes it adds to the queue. */
size_t fg_batch_add(fg_batch *b, const fg_source *src, int kind, uint64_t lineno,
                    const char *text, size_t len);
/* Parses and checks every line (any thread; jp is that thread's parser). */
void fg_batch_decode(fg_batch *b, fg_jparser *jp);
static inline const char *fg_batch_name(const fg_batch *b, const fg_sline *l)
{
    return b->text.p + l->name;
}

/* ---- fg_sink.c: alert chunks and sinks ---- */

typedef struct fg_chunk {
    struct fg_chunk *next;  /* in the evaluator's outbox */
    int refs;               /* loop thread only */
    size_t len;
    char p[];
} fg_chunk;

fg_chunk *fg_chunk_new(const char *p, size_t len);
void fg_chunk_unref(fg_chunk *c);

typedef struct fg_sink fg_sink;
typedef struct fg_sink_ops {
    void (*push)(fg_sink *k, fg_chunk *c);  /* owns one reference from here */
    void (*reopen)(fg_sink *k);             /* SIGHUP */
    void (*close)(fg_sink *k);              /* shutdown, after the flush */
} fg_sink_ops;

struct fg_sink {
    fg_sink *next, *prev;
    const fg_sink_ops *ops;
    fg_serve *srv;
    char *name;
    size_t queued;          /* bytes accepted, not yet written */
    uint64_t written;       /* bytes written */
    int subscriber;
};

void fg_sink_attach(fg_serve *s, fg_sink *k, const fg_sink_ops *ops, const char *name);
void fg_sink_detach(fg_sink *k);
/* Gives every sink the chunk (takes over the caller's reference). */
void fg_sinks_push(fg_serve *s, fg_chunk *c);
/* A sink wrote n bytes (or dropped them): accounting, flush, resume. */
void fg_sink_done(fg_sink *k, size_t n);
size_t fg_sinks_max_queued(const fg_serve *s);

int fg_sink_fd_open(fg_serve *s, const char *path, char *err, size_t errlen);
void fg_sink_sub_listen(fg_listener *l);        /* fg_accept_fn for subscribers */

/* ---- fg_serve_eval.c: the evaluator's work ---- */

typedef struct fg_rulestat {
    char *id;
    char version[17];
    uint64_t evals, fired, errors, nanos;
    int live;
} fg_rulestat;

typedef struct fg_slotstat {
    uint64_t lines, input_errors;
    uint64_t by_type[FG_EV__COUNT];
} fg_slotstat;

typedef struct fg_snapshot {
    fg_engine_stats eng;
    fg_slotstat *slots;
    size_t nslots;
    fg_rulestat *rules;
    size_t nrules;
    uint64_t journal_lines;
    char version[17];
} fg_snapshot;

typedef struct fg_eval fg_eval;
fg_eval *fg_eval_new(fg_serve *s, fg_ruleset *rs, char *err, size_t errlen);
void fg_eval_free(fg_eval *x);
/* Called on the evaluator thread. */
void fg_eval_enter_thread(fg_eval *x);
void fg_eval_batch(fg_eval *x, fg_batch *b);
fg_chunk *fg_eval_output(fg_eval *x);           /* NULL when no alerts */
/* Swaps in rs at this event boundary; returns the version it replaces. */
fg_ruleset *fg_eval_swap(fg_eval *x, fg_ruleset *rs, uint64_t *journal_line);
void fg_eval_publish(fg_eval *x);               /* refresh the metrics snapshot */
void fg_eval_maybe_publish(fg_eval *x);         /* ... if the last one is old */
/* The snapshot, for reading on the loop thread between lock and unlock. */
const fg_snapshot *fg_eval_snapshot_lock(fg_eval *x);
void fg_eval_snapshot_unlock(fg_eval *x);

/* ---- fg_serve_pipe.c: queues and threads ---- */

typedef struct fg_pipe fg_pipe;
fg_pipe *fg_pipe_new(fg_serve *s, fg_eval *x, int workers);
/* Loop thread: add a line to the batch being filled; seal and submit it. */
void fg_pipe_add(fg_pipe *p, const fg_source *src, int kind, uint64_t lineno, const char *text,
                 size_t len);
void fg_pipe_submit(fg_pipe *p);
/* Loop thread: hand a loaded version to the evaluator.  Returns the
 * version handed before if the evaluator had not taken it yet. */
fg_ruleset *fg_pipe_swap(fg_pipe *p, fg_ruleset *rs);
/* Loop thread: no more input; the evaluator drains and reports. */
void fg_pipe_close(fg_pipe *p);
void fg_pipe_free(fg_pipe *p);
size_t fg_pipe_bytes(fg_pipe *p);               /* input queue, bytes */
size_t fg_pipe_batches(fg_pipe *p);             /* batches waiting or being decoded */

/* ---- fg_reload.c ---- */

typedef struct fg_reload fg_reload;
enum { FG_RELOAD_SWAPPED, FG_RELOAD_UNCHANGED, FG_RELOAD_FAILED, FG_RELOAD_CANCELLED };
typedef void (*fg_reload_fn)(void *ud, int result, const char *version, const char *diag);

fg_reload *fg_reload_new(fg_serve *s);
/* Watches the folders of the live version (again after every swap). */
void fg_reload_watch(fg_reload *r);
/* Loads the ruleset again off the loop thread; fn (may be NULL) is told the
 * outcome once the new version is live, or why it is not. */
void fg_reload_request(fg_reload *r, const char *why, fg_reload_fn fn, void *ud);
void fg_reload_forget(fg_reload *r, void *ud);  /* fn's ud goes away */
/* Loop thread, from the pipe: rs is live now, old is no longer used. */
void fg_reload_swapped(fg_reload *r, fg_ruleset *rs, fg_ruleset *old, uint64_t journal_line);
void fg_reload_close(fg_reload *r);             /* shutdown: stops watching */
void fg_reload_free(fg_reload *r);              /* after the loop ended */
typedef struct fg_reload_stats {
    uint64_t swapped, unchanged, failed;
    const char *last_error;  /* diagnostics of the last failed load, or NULL */
    const char *last_result;
    int64_t last_time;       /* unix seconds */
} fg_reload_stats;
void fg_reload_get_stats(const fg_reload *r, fg_reload_stats *st);

/* ---- fg_http.c ---- */

typedef struct fg_http_req {
    char method[8];
    char target[512];
    int minor;              /* HTTP/1.minor */
    int keep_alive;
    size_t content_length;
} fg_http_req;

/* Parses a request head in data[0, n).  > 0: bytes of the head (complete);
 * 0: incomplete; < 0: minus the HTTP status to answer (400, 413, 431, 501,
 * 505).  max: largest head accepted. */
long fg_http_parse(const char *data, size_t n, size_t max, fg_http_req *req);
const char *fg_http_reason(int status);

/* ---- fg_admin.c, fg_metrics.c ---- */

typedef struct fg_admin fg_admin;
fg_admin *fg_admin_new(fg_serve *s, const char *addr, char *err, size_t errlen);
void fg_admin_close(fg_admin *a);
const char *fg_admin_bound(const fg_admin *a);
void fg_metrics_render(fg_serve *s, fg_buf *out);
void fg_rules_render(fg_serve *s, fg_buf *out);

/* ---- fg_serve.c: the server ---- */

struct fg_serve {
    uv_loop_t *loop;
    const fg_serve_conf *conf;
    fg_state state;
    fg_ruleset *rs;         /* live version as the loop thread knows it */
    uint64_t rs_since;      /* journal line it went live after */
    fg_eval *eval;
    fg_pipe *pipe;
    fg_reload *reload;
    fg_admin *admin;
    fg_listener *listeners;
    fg_source *sources;
    fg_sink *sinks;
    char **slot_names;
    size_t nslots;
    uv_signal_t sig_term, sig_int, sig_hup;
    uv_prepare_t prepare;   /* submits the batch being filled */
    uv_timer_t drain_timer; /* shutdown: closes streams once they are quiet */
    uint64_t drain_deadline;
    char *rbuf;             /* read buffer shared by the stream sources */
    size_t rbuf_size;
    uint64_t next_source_id;
    int paused;             /* sources stopped by backpressure */
    int draining;           /* shutdown under way */
    int pipe_closed;        /* no more lines go to the pipe */
    int drained;            /* evaluator done, sinks flushing */
    int closed;
    int status;             /* exit status */
    int inputs_open;        /* stdin and file sources not yet at end */
    int64_t started;
    /* counters of the loop thread */
    uint64_t pauses, producers_total, subscribers_total, admin_requests;
    uint64_t partial_lines;
    int producers, subscribers;
};

/* Sources call this after taking in data; sinks and the pipe after freeing
 * some: pauses or resumes every source. */
void fg_serve_pressure(fg_serve *s);
/* Starts the drain (signal, --exit-on-eof). */
void fg_serve_stop(fg_serve *s, const char *why);
void fg_serve_input_ended(fg_serve *s);
/* Called by the pipe on the loop thread. */
void fg_serve_on_drained(fg_serve *s);
void fg_serve_maybe_close(fg_serve *s);
int fg_serve_run(const fg_serve_conf *conf);

#endif
