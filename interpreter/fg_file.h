/* fg_file — whole-file reads, directory listings and path joins used when
 * loading rulesets, plugins, catalogs and fixtures. */
#ifndef FG_FILE_H
#define FG_FILE_H
#include <stddef.h>

/* Reads all of path into a NUL-terminated heap buffer.  NULL on error with
 * strerror text in err. */
char *fg_file_read(const char *path, size_t *len, char *err, size_t errlen);
int fg_file_exists(const char *path);
int fg_file_is_dir(const char *path);
/* dir + "/" + name (or name alone when it is absolute), heap string. */
char *fg_path_join(const char *dir, const char *name);
/* Directory part of a path ("." when none), heap string. */
char *fg_path_dir(const char *path);
/* Sorted names in dir ending with suffix (NULL: all regular files); the
 * count in *n.  Free with fg_file_list_free. */
char **fg_file_list(const char *dir, const char *suffix, size_t *n);
void fg_file_list_free(char **names, size_t n);

#endif
