/* store_file.h — writing a database file or archive safely, for the backends' backups: the
 * temporary name, flushing, and publishing under the final name. Private to src/store/. */
#ifndef DXTRACK_STORE_FILE_H
#define DXTRACK_STORE_FILE_H

#include <stdbool.h>
#include <stdint.h>

struct store;

/* path followed by suffix (malloc'd). */
char *store_file_path_with(const char *path, const char *suffix);
/* Flushes a file's data (open with flags) to the disk: 0, or -1 with errno. */
int store_file_fsync(const char *path, int flags);
/* Flushes the directory holding path (its new name): 0, or -1 with errno. */
int store_file_fsync_dir(const char *path);
/* Gives tmp the name path: replacing it when replace, else failing with EEXIST when it exists
 * (atomically where hard links work). 0, or -1 with errno. */
int store_file_publish(const char *tmp, const char *path, bool replace);
/* The end of every backup: flushes tmp, publishes it as path (replacing it only when force),
 * flushes the directory and sets *bytes to the file's size. 0; STORE_CONFLICT when path exists
 * and force is not given; -1 on failure; both with s's error set. *published tells whether
 * tmp now has the name path (then the caller must not remove tmp). */
int store_file_finish(struct store *s, const char *tmp, const char *path, bool force,
                      int64_t *bytes, bool *published);

#endif
