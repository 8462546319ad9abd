/*
 * faultshim.c: an LD_PRELOAD library that makes chosen I/O calls fail, for
 * the reliability bar (tools/crash_check.py; this copy is built and used by
 * tests/reliability/eio.py and tests/integration/reliability_eio.sh).
 * Build:
 *
 *	cc -shared -fPIC -O2 -o faultshim.so faultshim.c -ldl
 *
 * Environment (all optional; without FS_FUNCS nothing fails):
 *   FS_FUNCS    comma list of calls that may fail: fsync fdatasync msync
 *               write pwrite writev pwritev ftruncate fallocate read
 *               unlink link rename open (open = creating opens only);
 *               read covers pread and readv too (docket's addition)
 *   FS_PATH     only calls whose file (the fd's /proc/self/fd link, or the
 *               path argument) contains this substring; '|' separates
 *               alternatives, and a trailing '$' means "ends with"
 *   FS_SKIP     let this many eligible calls pass first (default 0)
 *   FS_COUNT    then fail this many (default 1; -1 = for ever)
 *   FS_ERRNO    EIO (default), ENOSPC, EDQUOT, EROFS or a number
 *   FS_OFFSET_BELOW  pwrite/pwrite64/pwritev: only calls at an offset below
 *               this are eligible (8192: LMDB's two meta pages, never its
 *               data pages; an addition of docket's copy)
 *   FS_TRIGGER  a file: eligible calls fail only while it exists (SKIP and
 *               COUNT count from the moment it appears)
 *   FS_LOG      append one line per injected failure, and per successful
 *               call on a path containing one of FS_LOGPATHS ('|' list)
 *
 * Calls that fail do nothing: a failed write writes nothing, a failed
 * fsync does not sync, a failed unlink leaves the file.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int	 fs_inited, fs_errno = EIO;
static long	 fs_skip, fs_count = 1, fs_seen, fs_failed;
static pthread_mutex_t fs_mu = PTHREAD_MUTEX_INITIALIZER;
static char	 fs_funcs[256], fs_path[1024], fs_trigger[1024], fs_log[1024],
		 fs_logpaths[1024];
static int	 fs_trigger_was;
static long long fs_offset_below;
static __thread int fs_off_skip;	/* this call's offset is not eligible */

static void
fs_init(void)
{
	const char *v;

	if (fs_inited)
		return;
	fs_inited = 1;
	if ((v = getenv("FS_FUNCS")) != NULL)
		snprintf(fs_funcs, sizeof(fs_funcs), ",%s,", v);
	if ((v = getenv("FS_PATH")) != NULL)
		snprintf(fs_path, sizeof(fs_path), "%s", v);
	if ((v = getenv("FS_SKIP")) != NULL)
		fs_skip = atol(v);
	if ((v = getenv("FS_COUNT")) != NULL)
		fs_count = atol(v);
	if ((v = getenv("FS_OFFSET_BELOW")) != NULL)
		fs_offset_below = atoll(v);
	if ((v = getenv("FS_TRIGGER")) != NULL)
		snprintf(fs_trigger, sizeof(fs_trigger), "%s", v);
	if ((v = getenv("FS_LOG")) != NULL)
		snprintf(fs_log, sizeof(fs_log), "%s", v);
	if ((v = getenv("FS_LOGPATHS")) != NULL)
		snprintf(fs_logpaths, sizeof(fs_logpaths), "%s", v);
	if ((v = getenv("FS_ERRNO")) != NULL) {
		if (strcmp(v, "EIO") == 0)
			fs_errno = EIO;
		else if (strcmp(v, "ENOSPC") == 0)
			fs_errno = ENOSPC;
		else if (strcmp(v, "EDQUOT") == 0)
			fs_errno = EDQUOT;
		else if (strcmp(v, "EROFS") == 0)
			fs_errno = EROFS;
		else if (atoi(v) > 0)
			fs_errno = atoi(v);
	}
}

/* Does `hay` contain one of the '|'-separated needles of `list`? */
static int
fs_match(const char *hay, const char *list)
{
	char	buf[1024], *p, *save = NULL;

	if (list[0] == '\0')
		return 1;
	if (hay == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", list);
	for (p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
		size_t	n = strlen(p), h = strlen(hay);

		/* "needle$" must end the path */
		if (n > 0 && p[n - 1] == '$') {
			if (h >= n - 1 && strncmp(hay + h - (n - 1), p, n - 1) == 0)
				return 1;
		} else if (strstr(hay, p) != NULL)
			return 1;
	}
	return 0;
}

static void
fs_fdpath(int fd, char *buf, size_t len)
{
	char	link[64];
	ssize_t	n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
}

static void
fs_logline(const char *what, const char *path, const char *result)
{
	char		line[1400];
	struct timespec	ts;
	int		fd, n;

	if (fs_log[0] == '\0')
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "%lld.%06ld %d %s %s %s\n",
	    (long long)ts.tv_sec, ts.tv_nsec / 1000, (int)getpid(), what,
	    result, path ? path : "-");
	if (n <= 0)
		return;
	if (n >= (int)sizeof(line))
		n = (int)sizeof(line) - 1;
	fd = (int)syscall(SYS_open, fs_log, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	(void)syscall(SYS_write, fd, line, (size_t)n);
	(void)syscall(SYS_close, fd);
}

/* Should this call fail?  Sets errno when it should. */
static int
fs_should_fail(const char *func, const char *path)
{
	char	key[64];
	int	trig, offskip = fs_off_skip;

	fs_init();
	fs_off_skip = 0;
	if (fs_funcs[0] == '\0' || offskip)
		return 0;
	snprintf(key, sizeof(key), ",%s,", func);
	if (strstr(fs_funcs, key) == NULL || !fs_match(path, fs_path))
		return 0;
	/* docketd's reader threads read at once: one count for all. */
	pthread_mutex_lock(&fs_mu);
	if (fs_trigger[0] != '\0') {
		trig = access(fs_trigger, F_OK) == 0;
		if (trig && !fs_trigger_was)
			fs_seen = fs_failed = 0;
		fs_trigger_was = trig;
		if (!trig) {
			pthread_mutex_unlock(&fs_mu);
			return 0;
		}
	}
	if (fs_seen++ < fs_skip ||
	    (fs_count >= 0 && fs_failed >= fs_count)) {
		pthread_mutex_unlock(&fs_mu);
		return 0;
	}
	fs_failed++;
	pthread_mutex_unlock(&fs_mu);
	fs_logline(func, path, "INJECTED");
	errno = fs_errno;
	return 1;
}

static void
fs_after(const char *func, const char *path, long rc)
{
	if (fs_log[0] == '\0' || fs_logpaths[0] == '\0' || path == NULL ||
	    !fs_match(path, fs_logpaths))
		return;
	fs_logline(func, path, rc < 0 ? "ERR" : "OK");
}

#define REAL(name, type) \
	static __typeof__(name) *real_##name; \
	if (real_##name == NULL) real_##name = dlsym(RTLD_NEXT, #name)

#define FD_CALL(func, fd, call) do {					\
	char _p[1024];							\
	long _rc;							\
	fs_init();							\
	fs_fdpath(fd, _p, sizeof(_p));					\
	if (fs_should_fail(func, _p))					\
		return -1;						\
	_rc = (long)(call);						\
	fs_after(func, _p, _rc);					\
	return _rc;							\
} while (0)

int
fsync(int fd)
{
	REAL(fsync, int (*)(int));
	FD_CALL("fsync", fd, real_fsync(fd));
}

int
fdatasync(int fd)
{
	REAL(fdatasync, int (*)(int));
	FD_CALL("fdatasync", fd, real_fdatasync(fd));
}

int
msync(void *addr, size_t len, int flags)
{
	REAL(msync, int (*)(void *, size_t, int));
	fs_init();
	if (fs_should_fail("msync", NULL))
		return -1;
	return real_msync(addr, len, flags);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write, ssize_t (*)(int, const void *, size_t));
	if (fd <= 2)
		return real_write(fd, buf, n);
	FD_CALL("write", fd, real_write(fd, buf, n));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite, ssize_t (*)(int, const void *, size_t, off_t));
	fs_init();
	fs_off_skip = fs_offset_below > 0 && (long long)off >= fs_offset_below;
	FD_CALL("pwrite", fd, real_pwrite(fd, buf, n, off));
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64, ssize_t (*)(int, const void *, size_t, off_t));
	fs_init();
	fs_off_skip = fs_offset_below > 0 && (long long)off >= fs_offset_below;
	FD_CALL("pwrite", fd, real_pwrite64(fd, buf, n, off));
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	REAL(writev, ssize_t (*)(int, const struct iovec *, int));
	FD_CALL("writev", fd, real_writev(fd, iov, cnt));
}

ssize_t
pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	REAL(pwritev, ssize_t (*)(int, const struct iovec *, int, off_t));
	fs_init();
	fs_off_skip = fs_offset_below > 0 && (long long)off >= fs_offset_below;
	FD_CALL("pwritev", fd, real_pwritev(fd, iov, cnt, off));
}

ssize_t
pwritev64(int fd, const struct iovec *iov, int cnt, off_t off)
{
	REAL(pwritev64, ssize_t (*)(int, const struct iovec *, int, off_t));
	FD_CALL("pwritev", fd, real_pwritev64(fd, iov, cnt, off));
}

int
ftruncate(int fd, off_t len)
{
	REAL(ftruncate, int (*)(int, off_t));
	FD_CALL("ftruncate", fd, real_ftruncate(fd, len));
}

int
ftruncate64(int fd, off_t len)
{
	REAL(ftruncate64, int (*)(int, off_t));
	FD_CALL("ftruncate", fd, real_ftruncate64(fd, len));
}

int
posix_fallocate(int fd, off_t off, off_t len)
{
	REAL(posix_fallocate, int (*)(int, off_t, off_t));
	char p[1024];

	fs_init();
	fs_fdpath(fd, p, sizeof(p));
	if (fs_should_fail("fallocate", p))
		return errno;
	return real_posix_fallocate(fd, off, len);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	REAL(read, ssize_t (*)(int, void *, size_t));
	if (fs_funcs[0] == '\0' && fs_inited)
		return real_read(fd, buf, n);
	fs_init();
	if (strstr(fs_funcs, ",read,") == NULL)
		return real_read(fd, buf, n);
	FD_CALL("read", fd, real_read(fd, buf, n));
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread, ssize_t (*)(int, void *, size_t, off_t));
	fs_init();
	if (strstr(fs_funcs, ",read,") == NULL)
		return real_pread(fd, buf, n, off);
	FD_CALL("read", fd, real_pread(fd, buf, n, off));
}

ssize_t
pread64(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread64, ssize_t (*)(int, void *, size_t, off_t));
	fs_init();
	if (strstr(fs_funcs, ",read,") == NULL)
		return real_pread64(fd, buf, n, off);
	FD_CALL("read", fd, real_pread64(fd, buf, n, off));
}

ssize_t
readv(int fd, const struct iovec *iov, int cnt)
{
	REAL(readv, ssize_t (*)(int, const struct iovec *, int));
	fs_init();
	if (strstr(fs_funcs, ",read,") == NULL)
		return real_readv(fd, iov, cnt);
	FD_CALL("read", fd, real_readv(fd, iov, cnt));
}

int
unlink(const char *path)
{
	REAL(unlink, int (*)(const char *));
	long rc;

	if (fs_should_fail("unlink", path))
		return -1;
	rc = real_unlink(path);
	fs_after("unlink", path, rc);
	return (int)rc;
}

int
unlinkat(int dfd, const char *path, int flags)
{
	REAL(unlinkat, int (*)(int, const char *, int));
	long rc;

	if (fs_should_fail("unlink", path))
		return -1;
	rc = real_unlinkat(dfd, path, flags);
	fs_after("unlink", path, rc);
	return (int)rc;
}

int
link(const char *from, const char *to)
{
	REAL(link, int (*)(const char *, const char *));
	long rc;

	if (fs_should_fail("link", to))
		return -1;
	rc = real_link(from, to);
	fs_after("link", to, rc);
	return (int)rc;
}

int
rename(const char *from, const char *to)
{
	REAL(rename, int (*)(const char *, const char *));
	long rc;

	if (fs_should_fail("rename", to))
		return -1;
	rc = real_rename(from, to);
	fs_after("rename", to, rc);
	return (int)rc;
}

int
renameat2(int ofd, const char *from, int nfd, const char *to, unsigned int fl)
{
	REAL(renameat2, int (*)(int, const char *, int, const char *,
	    unsigned int));
	long rc;

	if (fs_should_fail("rename", to))
		return -1;
	rc = real_renameat2(ofd, from, nfd, to, fl);
	fs_after("rename", to, rc);
	return (int)rc;
}

static int
fs_open_common(const char *func, const char *path, int flags)
{
	if ((flags & O_CREAT) && fs_should_fail("open", path))
		return -1;
	(void)func;
	return 0;
}

int
open(const char *path, int flags, ...)
{
	REAL(open, int (*)(const char *, int, ...));
	va_list	ap;
	mode_t	mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fs_open_common("open", path, flags) == -1)
		return -1;
	return real_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	REAL(open64, int (*)(const char *, int, ...));
	va_list	ap;
	mode_t	mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fs_open_common("open", path, flags) == -1)
		return -1;
	return real_open64(path, flags, mode);
}
