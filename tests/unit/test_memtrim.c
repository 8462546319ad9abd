/*
 * Unit tests for memtrim: the pages of a read-only map of a file under a
 * given directory leave this process (smaps Rss drops) and read back the
 * same bytes; maps elsewhere and writable maps keep theirs; docketd's
 * watched trims (memtrim_watch, memtrim_tick) within a batch.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "memtrim.h"

#define LEN	(1024 * 1024)

/* Rss of the mapping that starts at p, in KB (-1: not found). */
static long
rss_of(const void *p)
{
	FILE		*fp;
	char		 line[4096];
	unsigned long	 lo, hi;
	long		 kb = -1;
	int		 in = 0;

	assert_non_null(fp = fopen("/proc/self/smaps", "r"));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' '))
			in = lo == (unsigned long)(uintptr_t)p;
		else if (in && strncmp(line, "Rss:", 4) == 0) {
			kb = atol(line + 4);
			break;
		}
	}
	fclose(fp);
	return kb;
}

static char *
make_file(char *dir, const char *name, char *path, size_t len)
{
	char	*buf;
	int	 fd;
	size_t	 i;

	snprintf(path, len, "%s/%s", dir, name);
	buf = malloc(LEN);
	assert_non_null(buf);
	for (i = 0; i < LEN; i++)
		buf[i] = (char)(i * 7 + 3);
	assert_true((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) != -1);
	assert_int_equal(write(fd, buf, LEN), LEN);
	close(fd);
	return buf;
}

static const char *
map_touch(const char *path, int prot, int flags)
{
	const char	*p;
	volatile char	 c = 0;
	size_t		 i;
	int		 fd;

	assert_true((fd = open(path, prot & PROT_WRITE ? O_RDWR : O_RDONLY))
	    != -1);
	p = mmap(NULL, LEN, prot, flags, fd, 0);
	assert_true(p != MAP_FAILED);
	close(fd);
	for (i = 0; i < LEN; i += 4096)
		c += p[i];
	(void)c;
	return p;
}

static void
test_trim(void **state)
{
	char		 tmpl[] = "/tmp/test_memtrim.XXXXXX", *dir, real[PATH_MAX];
	char		 in[PATH_MAX + 32], out[PATH_MAX + 32], sub[PATH_MAX + 16];
	char		*want;
	const char	*a, *b, *w;
	const char	*dirs[1];
	struct memtrim_stats st;

	assert_non_null(dir = mkdtemp(tmpl));
	assert_non_null(realpath(dir, real));
	snprintf(sub, sizeof(sub), "%s/db", real);
	assert_int_equal(mkdir(sub, 0700), 0);
	want = make_file(sub, "data", in, sizeof(in));
	free(make_file(real, "other", out, sizeof(out)));

	a = map_touch(in, PROT_READ, MAP_SHARED);
	b = map_touch(out, PROT_READ, MAP_SHARED);
	w = map_touch(in, PROT_READ | PROT_WRITE, MAP_SHARED);
	assert_true(rss_of(a) >= LEN / 1024 / 2);
	assert_true(rss_of(b) >= LEN / 1024 / 2);
	assert_true(rss_of(w) >= LEN / 1024 / 2);

	dirs[0] = sub;
	assert_int_equal(memtrim(dirs, 1, &st), 0);
	assert_true(st.maps >= 1);
	assert_true(st.bytes >= LEN);
	assert_int_equal(rss_of(a), 0);		/* under sub/, read-only */
	assert_true(rss_of(b) >= LEN / 1024 / 2);	/* elsewhere */
	assert_true(rss_of(w) >= LEN / 1024 / 2);	/* writable */
	/* The bytes are the file's, read again through the map. */
	assert_memory_equal(a, want, LEN);

	/* A directory name that only prefixes another's is not it. */
	munmap((void *)(uintptr_t)a, LEN);
	a = map_touch(in, PROT_READ, MAP_SHARED);
	snprintf(sub, sizeof(sub), "%s/d", real);
	assert_int_equal(memtrim(dirs, 1, &st), 0);
	assert_int_equal(st.maps, 0);
	assert_true(rss_of(a) >= LEN / 1024 / 2);

	munmap((void *)(uintptr_t)a, LEN);
	munmap((void *)(uintptr_t)b, LEN);
	munmap((void *)(uintptr_t)w, LEN);
	unlink(in);
	unlink(out);
	snprintf(sub, sizeof(sub), "%s/db", real);
	rmdir(sub);
	rmdir(real);
	free(want);
}

/* docketd's trims: memtrim_tick drops the watched maps on its
 * MEMTRIM_TICKS-th call once the resident size grew past the bound, not
 * before; memtrim_watched drops them at once; no bound, no tick. */
static void
test_watch(void **state)
{
	char		 tmpl[] = "/tmp/test_memtrim.XXXXXX", *dir, real[PATH_MAX];
	char		 in[PATH_MAX + 32], sub[PATH_MAX + 16];
	const char	*a, *dirs[1];
	int		 i;

	(void)state;
	assert_non_null(dir = mkdtemp(tmpl));
	assert_non_null(realpath(dir, real));
	snprintf(sub, sizeof(sub), "%s/db", real);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(make_file(sub, "data", in, sizeof(in)));
	dirs[0] = sub;

	memtrim_watch(dirs, 1, LEN / 2);
	assert_false(memtrim_grown());
	a = map_touch(in, PROT_READ, MAP_SHARED);	/* 1 MB more */
	assert_true(memtrim_grown());
	for (i = 0; i < MEMTRIM_TICKS - 1; i++)
		memtrim_tick();
	assert_true(rss_of(a) >= LEN / 1024 / 2);
	memtrim_tick();
	assert_int_equal(rss_of(a), 0);
	assert_false(memtrim_grown());

	munmap((void *)(uintptr_t)a, LEN);
	a = map_touch(in, PROT_READ, MAP_SHARED);
	assert_int_equal(memtrim_watched(0), 0);
	assert_int_equal(rss_of(a), 0);

	/* growth 0: the ticks do nothing */
	memtrim_watch(dirs, 1, 0);
	munmap((void *)(uintptr_t)a, LEN);
	a = map_touch(in, PROT_READ, MAP_SHARED);
	for (i = 0; i < 4 * MEMTRIM_TICKS; i++)
		memtrim_tick();
	assert_true(rss_of(a) >= LEN / 1024 / 2);

	munmap((void *)(uintptr_t)a, LEN);
	unlink(in);
	rmdir(sub);
	rmdir(real);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_watch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
