/* fg_fdio — blocking fd I/O (see fg_fdio.h). */
#include "fg_fdio.h"
#include <errno.h>
#include <unistd.h>

int fg_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

ssize_t fg_read_some(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k < 0 && errno == EINTR) continue;
        return k;
    }
}
