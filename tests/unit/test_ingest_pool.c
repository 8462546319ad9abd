/* Unit tests for ingest_pool: what a reader thread prepares is what the
 * committer would prepare itself (bytes, sha256, text, fields); a file no
 * longer in the window is dropped; the read-ahead (files and texts) stays
 * within its budget (plus the one file the committer waits for); a reset forgets all;
 * a fork while the readers work leaves the child able to allocate and use
 * iconv. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "ingest_pool.h"
#include "ingest_prep.h"

#define NFILES	60

static char	 dir[] = "/tmp/test_ingest_pool.XXXXXX";
static char	*names[NFILES];
static struct config cf;

static void
write_file(const char *name, size_t size, unsigned int n)
{
	char	 path[PATH_MAX + NAME_MAX + 2], *buf;
	size_t	 off = 0;
	int	 fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(buf = malloc(size + 256));
	off = (size_t)snprintf(buf, size + 256, "测试市教育局文件\n\n"
	    "测教〔2024〕%u号\n\n测试市教育局\n关于做好第%u项工作的通知\n\n"
	    "各区县：\n\n", n, n);
	while (off < size)
		off += (size_t)snprintf(buf + off, size + 256 - off,
		    "为进一步做好相关工作%u。\n", n);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) !=
	    -1);
	assert_true(write(fd, buf, off) == (ssize_t)off);
	close(fd);
	free(buf);
}

static int
setup(void **state)
{
	unsigned int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(&cf, 0, sizeof(cf));
	snprintf(cf.spool, sizeof(cf.spool), "%s", dir);
	cf.max_size = 64ULL * 1024 * 1024;
	cf.max_text = 64ULL * 1024 * 1024;
	cf.batch_max = 10;
	for (i = 0; i < NFILES; i++) {
		assert_true(asprintf(&names[i], "%013u-%06u##doc%u.txt",
		    1700000000u + i, i, i) > 0);
		write_file(names[i], 1000 + 997 * i, i);
	}
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[PATH_MAX + 16];
	size_t	 i;

	(void)state;
	for (i = 0; i < NFILES; i++)
		free(names[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* What the committer prepares itself. */
static void
prep_here(const char *spool, struct ingest_prep *p)
{
	struct extract_ctx	 xctx;
	char			 path[PATH_MAX + NAME_MAX + 2];
	char			 ag[NAME_MAX + 1], name[NAME_MAX + 1];
	int64_t			 ms;

	ingest_prep_init(p);
	assert_int_equal(ingest_prep_read(p, dir, spool, cf.max_size, NULL,
	    NULL), 0);
	assert_int_equal(ingest_prep_name(dir, spool, &ms, ag, sizeof(ag),
	    name, sizeof(name)), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, spool);
	memset(&xctx, 0, sizeof(xctx));
	xctx.path = path;
	xctx.cf = &cf;
	assert_int_equal(ingest_prep_extract(p, name, &xctx, NULL), 0);
}

static void
test_same(void **state)
{
	struct ingest_pool	*pl;
	struct ingest_prep	*p, here;
	char			 path[PATH_MAX + NAME_MAX + 2];
	size_t			 i, got = 0;

	(void)state;
	assert_non_null(pl = ingest_pool_new(4, &cf, NULL));
	ingest_pool_want(pl, names, NFILES, 40);
	ingest_pool_settle(pl);
	for (i = 0; i < NFILES; i++) {
		if ((p = ingest_pool_take(pl, names[i])) == NULL) {
			assert_true(i >= 40);	/* past the window */
			continue;
		}
		assert_true(i < 40);
		got++;
		prep_here(names[i], &here);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_true(ingest_prep_same(p, path));
		assert_int_equal(p->len, here.len);
		assert_memory_equal(p->buf, here.buf, here.len);
		assert_string_equal(p->sha, here.sha);
		assert_int_equal(p->xrc, 0);
		assert_int_equal(p->prc, 0);
		assert_string_equal(p->name, here.name);
		assert_int_equal(p->x.len, here.x.len);
		assert_memory_equal(p->x.text, here.x.text, here.x.len);
		assert_string_equal(p->gw.docno, here.gw.docno);
		assert_string_equal(p->gw.title, here.gw.title);
		ingest_prep_free(&here);
		ingest_prep_free(p);
		free(p);
		/* taken: not there any more */
		assert_null(ingest_pool_take(pl, names[i]));
	}
	assert_true(got == 40);
	assert_true(ingest_pool_held(pl) == 0);
	ingest_pool_free(pl);
}

static void
test_window(void **state)
{
	struct ingest_pool	*pl;
	struct ingest_prep	*p;
	size_t			 i;

	(void)state;
	assert_non_null(pl = ingest_pool_new(2, &cf, NULL));
	ingest_pool_want(pl, names, NFILES, NFILES);
	ingest_pool_settle(pl);
	assert_true(ingest_pool_held(pl) > 0);
	/* The window moves on: the first 20 are no longer wanted. */
	ingest_pool_want(pl, names + 20, NFILES - 20, NFILES);
	for (i = 0; i < 20; i++)
		assert_null(ingest_pool_take(pl, names[i]));
	/* A reload forgets everything, and the pool works on. */
	ingest_pool_reset(pl, &cf, NULL);
	assert_true(ingest_pool_held(pl) == 0);
	for (i = 20; i < NFILES; i++)
		assert_null(ingest_pool_take(pl, names[i]));
	ingest_pool_want(pl, names, 5, 5);
	ingest_pool_settle(pl);
	for (i = 0; i < 5; i++) {
		assert_non_null(p = ingest_pool_take(pl, names[i]));
		assert_int_equal(p->xrc, 0);
		ingest_prep_free(p);
		free(p);
	}
	ingest_pool_free(pl);
}

static void
test_budget(void **state)
{
	struct ingest_pool	*pl;
	struct ingest_prep	*p;
	char			*big[12];
	size_t			 i, file = 9 * 1024 * 1024;

	(void)state;
	for (i = 0; i < 12; i++) {
		assert_true(asprintf(&big[i], "%013u-%06u##big%zu.txt",
		    1800000000u + (unsigned)i, (unsigned)i, i) > 0);
		write_file(big[i], file, (unsigned)i);
	}
	assert_non_null(pl = ingest_pool_new(4, &cf, NULL));
	ingest_pool_want(pl, big, 12, 12);
	for (i = 0; i < 12; i++) {
		assert_true(ingest_pool_held(pl) <= INGEST_POOL_BYTES +
		    2 * file + 65536);
		if ((p = ingest_pool_take(pl, big[i])) != NULL) {
			assert_int_equal(p->xrc, 0);
			ingest_prep_free(p);
			free(p);
		}
		assert_true(ingest_pool_held(pl) <= INGEST_POOL_BYTES +
		    2 * file + 65536);
	}
	ingest_pool_free(pl);
	for (i = 0; i < 12; i++)
		free(big[i]);
}

static void
test_fork(void **state)
{
	struct ingest_pool	*pl;
	struct ingest_prep	*p;
	pid_t			 pid;
	size_t			 i;
	int			 st, k;

	(void)state;
	assert_non_null(pl = ingest_pool_new(4, &cf, NULL));
	ingest_pool_want(pl, names, NFILES, NFILES);
	for (k = 0; k < 20; k++) {
		if ((pid = fork()) == 0) {
			iconv_t	 cd;
			void	*m = malloc(100000);

			cd = iconv_open("UTF-8", "GB18030");
			_exit(m != NULL && cd != (iconv_t)-1 ? 0 : 1);
		}
		assert_true(pid > 0);
		assert_true(waitpid(pid, &st, 0) == pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	for (i = 0; i < NFILES; i++)
		if ((p = ingest_pool_take(pl, names[i])) != NULL) {
			ingest_prep_free(p);
			free(p);
		}
	/*
	 * The readers now wait for work.  A child that forks in turn (an
	 * OCR worker running tesseract) must not wake readers it does not
	 * have: it hung there, in pthread_cond_broadcast.
	 */
	for (k = 0; k < 5; k++) {
		if ((pid = fork()) == 0) {
			pid_t	 gc;
			int	 gst;

			alarm(20);	/* a hang fails, not blocks, the test */
			if ((gc = fork()) == 0)
				_exit(0);
			_exit(gc > 0 && waitpid(gc, &gst, 0) == gc &&
			    WIFEXITED(gst) ? 0 : 1);
		}
		assert_true(pid > 0);
		assert_true(waitpid(pid, &st, 0) == pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	ingest_pool_free(pl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_fork),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
