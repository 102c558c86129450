/* store_file.c — writing a database file or archive safely: flush, publish, flush the
 * directory (store_file.h). */
#include "store_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "store_impl.h"

char *store_file_path_with(const char *path, const char *suffix)
{
	size_t a = strlen(path), b = strlen(suffix);
	char *out = mem_alloc(a + b + 1);
	memcpy(out, path, a);
	memcpy(out + a, suffix, b + 1);
	return out;
}

int store_file_fsync(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int store_file_fsync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = !slash          ? mem_strdup(".")
	            : slash == path ? mem_strdup("/")
	                            : mem_strndup(path, (size_t)(slash - path));
	int rc = store_file_fsync(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	return rc;
}

int store_file_publish(const char *tmp, const char *path, bool replace)
{
	if (replace)
		return rename(tmp, path);
	if (link(tmp, path) == 0)
		return unlink(tmp) < 0 && errno != ENOENT ? -1 : 0;
	if (errno == EEXIST)
		return -1;
	struct stat sb; /* a file system without hard links: check, then rename */
	if (lstat(path, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, path);
}

int store_file_finish(struct store *s, const char *tmp, const char *path, bool force,
                      int64_t *bytes, bool *published)
{
	*published = false;
	if (store_file_fsync(tmp, O_RDONLY) < 0)
		return store_fail(s, "cannot flush %s to the disk: %s", tmp, strerror(errno));
	if (store_file_publish(tmp, path, force) < 0) {
		if (errno == EEXIST) {
			store_fail(s, "%s exists: add --force to replace it; nothing was written",
			           path);
			return STORE_CONFLICT;
		}
		return store_fail(s, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
	}
	*published = true;
	if (store_file_fsync_dir(path) < 0)
		return store_fail(s, "%s is written, but its directory could not be flushed: %s",
		                  path, strerror(errno));
	struct stat sb;
	if (stat(path, &sb) == 0)
		*bytes = (int64_t)sb.st_size;
	return 0;
}
