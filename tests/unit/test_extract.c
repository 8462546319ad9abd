/*
 * Unit tests for extract's refusals: the reason a file goes to
 * quarantine with is for a secretary, so it is Chinese — a headline for
 * what failed (a reader, an [extract] command, OCR) before the technical
 * detail, or a whole Chinese sentence for what extract itself decides
 * (a format nobody reads, no text, too much text, OCR off, a .doc that is
 * none) — valid UTF-8 even when cut to a small buffer.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "extract.h"
#include "utf8.h"

struct fx {
	char		dir[64];
	char		conf[96];
	char		file[96];
	struct config	cf;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	FILE		*fp;
	char		 err[512];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-extract-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->conf, sizeof(f->conf), "%s/docketd.conf", f->dir);
	assert_non_null(fp = fopen(f->conf, "w"));
	fprintf(fp, "[extract]\nmax_text = 1K\n"
	    "xyz = /nonexistent/xyztool %%f\n"
	    "zh = sh -c \"echo 文件已加密无法读取文件已加密无法读取 >&2 && "
	    "exit 3\" %%f\n[ocr]\nocr = no\n");
	fclose(fp);
	if (config_load_daemon(&f->cf, f->conf, f->dir, err, sizeof(err)) != 0)
		fail_msg("config: %s", err);
	snprintf(f->file, sizeof(f->file), "%s/doc", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	unlink(f->conf);
	unlink(f->file);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Extract buf as name (written to disk for a tool) into err; -1 is
 * expected. */
static void
refuse(struct fx *f, const char *name, const void *buf, size_t len,
    char *err, size_t errlen)
{
	struct extract_ctx	 ctx = { 0 };
	struct extract_result	 r;
	FILE			*fp;

	assert_non_null(fp = fopen(f->file, "w"));
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
	ctx.path = f->file;
	ctx.cf = &f->cf;
	memset(err, 'x', errlen);
	assert_int_equal(extract_text(name, buf, len, &ctx, &r, err, errlen),
	    -1);
	assert_null(r.text);
	assert_true(strlen(err) < errlen);
	assert_int_equal(utf8_valid_prefix((const unsigned char *)err,
	    strlen(err)), strlen(err));
}

static void
has(const char *err, const char *what)
{
	if (strstr(err, what) == NULL)
		fail_msg("\"%s\" is not in \"%s\"", what, err);
}

/* A broken docx: the reader's headline, then its detail. */
static void
test_reader(void **state)
{
	char	err[512];

	refuse(*state, "a.docx", "PK\x03\x04junk", 8, err, sizeof(err));
	assert_memory_equal(err, "无法读取这份 docx 文件",
	    strlen("无法读取这份 docx 文件"));
	has(err, "已损坏");
	has(err, "zip");		/* the detail is kept */
}

/* An [extract] command that fails: the tool's headline and its words. */
static void
test_tool(void **state)
{
	char	err[512];

	refuse(*state, "a.xyz", "text", 4, err, sizeof(err));
	has(err, "读取命令没有读出这份 xyz 文件的文字");
	has(err, "[extract]");
	has(err, "xyztool");
}

static void
test_own(void **state)
{
	char	err[512], big[2000];

	refuse(*state, "a.dwg", "binary\n", 7, err, sizeof(err));
	has(err, "不支持的文件格式 .dwg");
	refuse(*state, "a.txt", " \n\t\n", 4, err, sizeof(err));
	has(err, "这份 txt 文件中没有可读取的文字");
	refuse(*state, "a.doc", "neither OLE2 nor RTF", 20, err, sizeof(err));
	has(err, "不是 Word 97-2003/WPS 文档");
	has(err, ".doc");
	memset(big, 'a', sizeof(big));
	refuse(*state, "a.txt", big, sizeof(big), err, sizeof(err));
	has(err, "读出的文字过长");
	has(err, "max_text（1024 字节）");
	refuse(*state, "scan.png", "\x89PNG\r\n\x1a\n....", 12, err,
	    sizeof(err));
	/* OCR off is said as it is: no OCR headline (rescanning would
	 * not help) */
	assert_memory_equal(err, "是图片，需要文字识别，但 OCR 未开启",
	    strlen("是图片，需要文字识别，但 OCR 未开启"));
	has(err, "[ocr] ocr = no");
}

/* A buffer too small for headline and detail: cut on a character (the
 * tool says why in Chinese). */
static void
test_cut(void **state)
{
	char	err[512], whole[512];
	size_t	n;

	refuse(*state, "a.zh", "text", 4, whole, sizeof(whole));
	has(whole, "exit status 3");
	has(whole, "文件已加密无法读取");
	for (n = 30; n < strlen(whole) + 2; n++) {
		refuse(*state, "a.zh", "text", 4, err, n);
		assert_true(strlen(err) > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
