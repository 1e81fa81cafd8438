/* fg_file — file and path helpers (see fg_file.h). */
#include "fg_file.h"
#include "fg_mem.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *fg_file_read(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = fg_xmalloc(cap);
    for (;;) {
        if (cap - n < 4096) {
            cap *= 2;
            buf = fg_xrealloc(buf, cap);
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "read error");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int fg_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int fg_file_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *fg_path_join(const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !*dir) return fg_xstrdup(name);
    size_t a = strlen(dir), b = strlen(name);
    char *p = fg_xmalloc(a + b + 2);
    memcpy(p, dir, a);
    size_t o = a;
    if (a && dir[a - 1] != '/') p[o++] = '/';
    memcpy(p + o, name, b + 1);
    return p;
}

char *fg_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return fg_xstrdup(".");
    if (slash == path) return fg_xstrdup("/");
    return fg_xstrndup(path, (size_t)(slash - path));
}

static int fg_file_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fg_file_list(const char *dir, const char *suffix, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    size_t cap = 16, cnt = 0;
    char **names = fg_xmalloc(cap * sizeof *names);
    struct dirent *de;
    size_t sl = suffix ? strlen(suffix) : 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t l = strlen(de->d_name);
        if (suffix && (l < sl || strcmp(de->d_name + l - sl, suffix) != 0)) continue;
        if (cnt == cap) {
            cap *= 2;
            names = fg_xrealloc(names, cap * sizeof *names);
        }
        names[cnt++] = fg_xstrdup(de->d_name);
    }
    closedir(d);
    qsort(names, cnt, sizeof *names, fg_file_cmp);
    *n = cnt;
    return names;
}

void fg_file_list_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}
