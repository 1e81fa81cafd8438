/* Unit tests: the admin endpoint's HTTP/1.1 request parser (fg_http.c) —
 * complete and partial heads, line ends, keep-alive, bodies, and the
 * statuses it answers malformed requests with. */
#include "fg_serve.h"
#include "tap.h"

static long parse(const char *s, fg_http_req *r)
{
    return fg_http_parse(s, strlen(s), 16384, r);
}

int main(void)
{
    fg_http_req r;
    const char *get = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    is_int(parse(get, &r), (long)strlen(get), "a complete GET: the head's length");
    is_str(r.method, "GET", "method");
    is_str(r.target, "/metrics", "target");
    is_int(r.minor, 1, "HTTP/1.1");
    ok(r.keep_alive, "1.1 keeps the connection by default");
    is_int(r.content_length, 0, "no body");

    for (size_t n = 0; n < strlen(get); n++)
        if (fg_http_parse(get, n, 16384, &r) != 0) {
            ok(0, "a head cut at %zu bytes is incomplete", n);
            goto cut_done;
        }
    ok(1, "every prefix of a head is incomplete (0)");
cut_done:

    is_int(parse("GET /a HTTP/1.1\nHost: x\n\n", &r), 25, "bare LF line ends");
    is_int(parse("\r\nGET /a HTTP/1.1\r\n\r\n", &r), 21, "an empty line before the request is skipped");
    parse("GET /healthz HTTP/1.0\r\n\r\n", &r);
    ok(!r.keep_alive, "1.0 closes by default");
    parse("GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r);
    ok(r.keep_alive, "1.0 with Connection: keep-alive");
    parse("GET /healthz HTTP/1.1\r\nconnection:   close  \r\n\r\n", &r);
    ok(!r.keep_alive, "Connection: close, any case, spaces around");

    const char *post = "POST /reload HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody";
    is_int(parse(post, &r), (long)strlen(post) - 4, "POST: the head ends before the body");
    is_int(r.content_length, 4, "Content-Length read");
    is_int(parse("POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n", &r), -400,
           "conflicting Content-Length: 400");
    is_int(parse("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", &r), -400, "a bad Content-Length: 400");
    is_int(parse("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", &r), -413, "a body too large: 413");
    is_int(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r), -501, "chunked: 501");

    is_int(parse("NONSENSE\r\n\r\n", &r), -400, "no target: 400");
    is_int(parse("GET /x\r\n\r\n", &r), -400, "no version: 400");
    is_int(parse("GET /x HTTP/2.0\r\n\r\n", &r), -505, "HTTP/2.0: 505");
    is_int(parse("GET /x FTP/1.1\r\n\r\n", &r), -400, "not HTTP: 400");
    is_int(parse("G(T /x HTTP/1.1\r\n\r\n", &r), -400, "a method that is not a token: 400");
    is_int(parse("GET /x HTTP/1.1\r\nNo colon here\r\n\r\n", &r), -400, "a header without colon: 400");
    is_int(parse("GET /x HTTP/1.1\r\n: empty\r\n\r\n", &r), -400, "an empty header name: 400");
    is_int(parse("VERYLONGMETHOD /x HTTP/1.1\r\n\r\n", &r), -501, "an unknown long method: 501");

    char big[20000];
    memset(big, 'a', sizeof big);
    memcpy(big, "GET /", 5);
    is_int(fg_http_parse(big, sizeof big, 16384, &r), -431, "a head over the limit: 431");
    char target[1200] = "GET /";
    memset(target + 5, 'b', 1000);
    strcpy(target + 1005, " HTTP/1.1\r\n\r\n");
    is_int(parse(target, &r), -414, "a target too long: 414");

    is_str(fg_http_reason(404), "Not Found", "reason phrases");
    return done_testing();
}
