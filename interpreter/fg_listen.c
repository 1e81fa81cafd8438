/* fg_listen — listening sockets: producers (--listen), subscribers
 * (--subscribe) and the admin endpoint (--admin) all listen through here.
 *
 * Addresses: tcp://HOST:PORT (HOST may be [v6]), HOST:PORT, unix:/path.
 * Port 0 picks a free port; `bound` then names the real one and the server
 * logs it, which is how tests find their ports without racing for one.  A
 * stale Unix socket file is removed before binding and on close.  Loop
 * thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fg_listener_free_cb(uv_handle_t *h)
{
    fg_listener *l = h->data;
    free(l->url);
    free(l->bound);
    free(l->unix_path);
    free(l);
}

static void fg_listen_connection_cb(uv_stream_t *server, int status)
{
    fg_listener *l = server->data;
    if (status < 0) {
        fg_log(FG_LOG_WARN, NULL, "%s: cannot accept a connection: %s", l->bound,
               uv_strerror(status));
        return;
    }
    l->accepted++;
    l->on_accept(l);
}

static int fg_listen_tcp_addr(const char *hp, struct sockaddr_storage *ss, char *err,
                              size_t errlen)
{
    char host[256];
    const char *colon;
    if (hp[0] == '[') {
        const char *end = strchr(hp, ']');
        if (!end || end[1] != ':' || (size_t)(end - hp - 1) >= sizeof host) goto bad;
        memcpy(host, hp + 1, (size_t)(end - hp - 1));
        host[end - hp - 1] = '\0';
        colon = end + 1;
    } else {
        colon = strrchr(hp, ':');
        if (!colon || (size_t)(colon - hp) >= sizeof host) goto bad;
        memcpy(host, hp, (size_t)(colon - hp));
        host[colon - hp] = '\0';
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) goto bad;
    if (!*host || !strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
    if (uv_ip4_addr(host, (int)port, (struct sockaddr_in *)ss) == 0) return 0;
    if (uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)ss) == 0) return 0;
    snprintf(err, errlen, "'%s' is not a numeric IP address", host);
    return -1;
bad:
    snprintf(err, errlen, "'%s' is not HOST:PORT", hp);
    return -1;
}

static void fg_listen_name(const struct sockaddr *sa, const char *prefix, char *out, size_t n)
{
    char ip[64] = "?";
    int port = 0;
    if (sa->sa_family == AF_INET6) {
        uv_ip6_name((const struct sockaddr_in6 *)sa, ip, sizeof ip);
        port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
        snprintf(out, n, "%s[%s]:%d", prefix, ip, port);
    } else {
        uv_ip4_name((const struct sockaddr_in *)sa, ip, sizeof ip);
        port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
        snprintf(out, n, "%s%s:%d", prefix, ip, port);
    }
}

fg_listener *fg_listen(fg_serve *s, const char *url, fg_accept_fn fn, void *ud, char *err,
                       size_t errlen)
{
    fg_listener *l = fg_xcalloc(1, sizeof *l);
    l->srv = s;
    l->url = fg_xstrdup(url);
    l->on_accept = fn;
    l->ud = ud;
    l->slot = -1;
    l->u.h.data = l;
    int rc;
    if (!strncmp(url, "unix:", 5)) {
        const char *path = url + 5;
        if (!strncmp(path, "//", 2)) path += 2;
        if (!*path) {
            snprintf(err, errlen, "%s: no socket path", url);
            fg_listener_free_cb(&l->u.h);
            return NULL;
        }
        struct stat st;
        if (!lstat(path, &st) && S_ISSOCK(st.st_mode)) unlink(path);
        uv_pipe_init(s->loop, &l->u.pipe, 0);
        l->u.h.data = l;
        rc = uv_pipe_bind(&l->u.pipe, path);
        if (!rc) l->unix_path = fg_xstrdup(path);
        size_t n = strlen(path) + 8;
        l->bound = fg_xmalloc(n);
        snprintf(l->bound, n, "unix:%s", path);
    } else {
        const char *hp = !strncmp(url, "tcp://", 6) ? url + 6 : url;
        struct sockaddr_storage ss;
        if (fg_listen_tcp_addr(hp, &ss, err, errlen)) {
            fg_listener_free_cb(&l->u.h);
            return NULL;
        }
        uv_tcp_init(s->loop, &l->u.tcp);
        l->u.h.data = l;
        rc = uv_tcp_bind(&l->u.tcp, (const struct sockaddr *)&ss, 0);
        if (!rc) {
            struct sockaddr_storage me;
            int len = sizeof me;
            uv_tcp_getsockname(&l->u.tcp, (struct sockaddr *)&me, &len);
            char name[128];
            fg_listen_name((const struct sockaddr *)&me, "tcp://", name, sizeof name);
            l->bound = fg_xstrdup(name);
        }
    }
    if (!rc) rc = uv_listen(&l->u.s, 128, fg_listen_connection_cb);
    if (rc) {
        snprintf(err, errlen, "cannot listen on %s: %s", url, uv_strerror(rc));
        if (l->unix_path) unlink(l->unix_path);
        uv_close(&l->u.h, fg_listener_free_cb);
        return NULL;
    }
    l->next = s->listeners;
    s->listeners = l;
    return l;
}

int fg_listener_accept(fg_listener *l, fg_stream_handle *h)
{
    if (l->unix_path) uv_pipe_init(l->srv->loop, &h->pipe, 0);
    else uv_tcp_init(l->srv->loop, &h->tcp);
    return uv_accept(&l->u.s, &h->s);
}

void fg_listener_peer(fg_listener *l, fg_stream_handle *h, char *out, size_t n)
{
    if (l->unix_path) {
        snprintf(out, n, "unix:%s#%llu", l->unix_path, (unsigned long long)l->accepted);
        return;
    }
    struct sockaddr_storage peer;
    int len = sizeof peer;
    if (uv_tcp_getpeername(&h->tcp, (struct sockaddr *)&peer, &len)) {
        snprintf(out, n, "tcp:%s#%llu", l->bound, (unsigned long long)l->accepted);
        return;
    }
    fg_listen_name((const struct sockaddr *)&peer, "tcp:", out, n);
}

void fg_listener_close(fg_listener *l)
{
    fg_listener **pp = &l->srv->listeners;
    while (*pp && *pp != l) pp = &(*pp)->next;
    if (*pp) *pp = l->next;
    if (l->unix_path) unlink(l->unix_path);
    uv_close(&l->u.h, fg_listener_free_cb);
}
