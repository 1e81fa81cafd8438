/* fg_http — a minimal HTTP/1.1 request parser for the admin endpoint.
 *
 * Enough of RFC 9112 for curl, Prometheus and load balancers' health
 * checks: the request line, header fields (Content-Length, Connection,
 * Transfer-Encoding refused), CRLF or bare LF line ends, empty lines before
 * the request line ignored, a bounded head.  The caller buffers bytes and
 * calls again until the head is complete; the body, if any, follows the
 * head and is Content-Length bytes long.  Pure function, no allocation. */
#include "fg_serve.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FG_HTTP_MAX_BODY (1u << 20)

static int fg_http_tchar(int c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Finds the end of the head: the empty line.  Returns the offset just
 * past it, or 0. */
static size_t fg_http_head_end(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (d[i] != '\n') continue;
        if (i + 1 < n && d[i + 1] == '\n') return i + 2;
        if (i + 2 < n && d[i + 1] == '\r' && d[i + 2] == '\n') return i + 3;
    }
    return 0;
}

static const char *fg_http_eol(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

long fg_http_parse(const char *data, size_t n, size_t max, fg_http_req *req)
{
    memset(req, 0, sizeof *req);
    size_t skip = 0;
    while (skip < n && (data[skip] == '\r' || data[skip] == '\n')) skip++;
    size_t lim = n < max ? n : max;
    size_t end = skip < lim ? fg_http_head_end(data + skip, lim - skip) : 0;
    if (!end) return n >= max ? -431 : 0;
    const char *p = data + skip, *e = data + skip + end;

    /* request line */
    const char *eol = fg_http_eol(p, e);
    const char *sp = memchr(p, ' ', (size_t)(eol - p));
    if (!sp || sp == p) return -400;
    for (const char *q = p; q < sp; q++)
        if (!fg_http_tchar((unsigned char)*q)) return -400;
    if ((size_t)(sp - p) >= sizeof req->method) return -501;
    memcpy(req->method, p, (size_t)(sp - p));
    const char *t = sp + 1;
    const char *sp2 = memchr(t, ' ', (size_t)(eol - t));
    if (!sp2 || sp2 == t) return -400;
    if ((size_t)(sp2 - t) >= sizeof req->target) return -414;
    memcpy(req->target, t, (size_t)(sp2 - t));
    const char *v = sp2 + 1;
    size_t vlen = (size_t)(eol - v);
    if (vlen && v[vlen - 1] == '\r') vlen--;
    if (vlen != 8 || memcmp(v, "HTTP/", 5) || !isdigit((unsigned char)v[5]) || v[6] != '.' ||
        !isdigit((unsigned char)v[7]))
        return -400;
    if (v[5] != '1') return -505;
    req->minor = v[7] - '0';
    req->keep_alive = req->minor >= 1;

    /* header fields */
    int have_len = 0;
    for (p = eol + 1; p < e; p = eol + 1) {
        eol = fg_http_eol(p, e);
        size_t len = (size_t)(eol - p);
        if (len && p[len - 1] == '\r') len--;
        if (!len) break;
        const char *colon = memchr(p, ':', len);
        if (!colon || colon == p) return -400;
        for (const char *q = p; q < colon; q++)
            if (!fg_http_tchar((unsigned char)*q)) return -400;
        size_t nlen = (size_t)(colon - p);
        const char *val = colon + 1, *vend = p + len;
        while (val < vend && (*val == ' ' || *val == '\t')) val++;
        while (vend > val && (vend[-1] == ' ' || vend[-1] == '\t')) vend--;
        size_t vl = (size_t)(vend - val);
        if (nlen == 14 && !strncasecmp(p, "content-length", 14)) {
            if (!vl || vl > 10) return -400;
            size_t x = 0;
            for (size_t i = 0; i < vl; i++) {
                if (!isdigit((unsigned char)val[i])) return -400;
                x = x * 10 + (size_t)(val[i] - '0');
            }
            if (have_len && x != req->content_length) return -400;
            if (x > FG_HTTP_MAX_BODY) return -413;
            req->content_length = x;
            have_len = 1;
        } else if (nlen == 10 && !strncasecmp(p, "connection", 10)) {
            if (vl == 5 && !strncasecmp(val, "close", 5)) req->keep_alive = 0;
            else if (vl == 10 && !strncasecmp(val, "keep-alive", 10)) req->keep_alive = 1;
        } else if (nlen == 17 && !strncasecmp(p, "transfer-encoding", 17)) {
            return -501;
        }
    }
    return (long)(skip + end);
}

const char *fg_http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    }
    return "Unknown";
}
