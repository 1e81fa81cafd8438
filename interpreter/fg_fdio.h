/* fg_fdio — blocking file-descriptor I/O for the batch commands. */
#ifndef FG_FDIO_H
#define FG_FDIO_H
#include <stddef.h>
#include <sys/types.h>

/* Writes all n bytes (retrying on EINTR/short writes); 0 or -1 (errno). */
int fg_write_all(int fd, const void *buf, size_t n);
/* read() retrying on EINTR. */
ssize_t fg_read_some(int fd, void *buf, size_t n);

#endif
