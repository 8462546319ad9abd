/*
 * ctl_diff: `docketctl diff DOC [V1 [V2]]`, what changed between two
 * versions of a document.  The versions table (LMDB) names the vault
 * commit of each version; at those two commits the record's text.txt
 * (the extracted text) is compared line by line with libgit2's diff
 * (git_patch_from_buffers, unified, three lines of context) and its
 * record.json field by field (recdiff.c, pure).  Without V1 and V2 the
 * last two versions are compared; one number N compares N-1 with N.
 *
 * Human output: the unified diff, coloured only when stdout is a
 * terminal (and NO_COLOR is unset), then one line per changed field,
 * 字段：旧值 → 新值.  --json: {id, docno, title, from, to (the two
 * version rows), text {changed, additions, deletions, hunks, patch},
 * fields (recdiff's array)}.  Like `text`, it reads the index and the
 * vault directly, so it needs the same access as `text` and no docketd.
 *
 * The command's one entry is ctl_cmd_diff (ctl_diff_run its handler).
 */
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"
#include "label.h"
#include "recdiff.h"
#include "record.h"
#include "store.h"
#include "vault.h"
#include "xalloc.h"

#include "docketctl.h"

#define DIFF_CONTEXT	3

/* SGR sequences, as git's defaults. */
#define C_META		"\033[1m"
#define C_FRAG		"\033[36m"
#define C_OLD		"\033[31m"
#define C_NEW		"\033[32m"
#define C_RESET		"\033[m"

struct diff_side {
	long		 n;		/* version number */
	json_t		*row;		/* its versions row */
	json_t		*rec;		/* record.json at its commit */
	char		*text;		/* text.txt at its commit */
	size_t		 len;
};

/* A version number argument, or exit 2. */
static long
ctl_diff_num(struct ctl *c, const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *s == '-' || *s == '+' || *end != '\0' ||
	    errno != 0 || n <= 0)
		ctl_usage_die(c, "“%s”不是版本号（版本号是从 1 起的正整数）",
		    esc(s));
	return n;
}

static int
ctl_diff_row_cb(json_t *ver, void *arg)
{
	json_array_append(arg, ver);
	return 0;
}

/* The record's versions, oldest first (a new array). */
static json_t *
ctl_diff_rows(struct ctl *c, json_t *rec)
{
	json_t		*rows = json_array();
	uint64_t	 id;
	int		 rc;

	if (store_id_parse(record_str(rec, "id"), &id) == -1)
		ctl_die(EX_ERR, "diff: a record without a valid id");
	if ((rc = store_each_version(c->st, c->txn, id, ctl_diff_row_cb,
	    rows)) != 0)
		ctl_die(EX_ERR, "diff: %s", store_strerror(rc));
	return rows;
}

/* Version n's row (borrowed), or exit 3. */
static json_t *
ctl_diff_row(json_t *rec, json_t *rows, long n)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "version")) == n)
			return row;
	ctl_die(EX_NOTFOUND, "%s 没有第 %ld 版（共 %zu 版；docketctl versions "
	    "%s 列出各版本）", record_str(rec, "id"), n, json_array_size(rows),
	    record_str(rec, "id"));
}

/* Which two versions: the arguments after DOC. */
static void
ctl_diff_pick(struct ctl *c, json_t *rec, json_t *rows, int argc,
    char **argv, long *v1, long *v2)
{
	long	last = 0, n;
	json_t	*row;
	size_t	 i;

	json_array_foreach(rows, i, row)
		if ((n = (long)json_integer_value(json_object_get(row,
		    "version"))) > last)
			last = n;
	if (argc >= 3) {
		*v1 = ctl_diff_num(c, argv[1]);
		*v2 = ctl_diff_num(c, argv[2]);
		if (*v1 == *v2)
			ctl_usage_die(c, "两个版本号相同（第 %ld 版）：请给出两个"
			    "不同的版本", *v1);
		return;
	}
	if (argc == 2) {
		*v2 = ctl_diff_num(c, argv[1]);
		if (*v2 == 1)
			ctl_usage_die(c, "第 1 版是最早的版本，没有前一版可比较；"
			    "要比较两个版本，请给出两个版本号（docketctl diff "
			    "DOC V1 V2）");
		*v1 = *v2 - 1;
		return;
	}
	if (last < 2)
		ctl_die(EX_NOTFOUND, "%s 只有一个版本（第 %ld 版），没有可比较的"
		    "版本", record_str(rec, "id"), last > 0 ? last : 1);
	*v1 = last - 1;
	*v2 = last;
}

/* A file of the record's directory at a commit, or exit. */
static char *
ctl_diff_read(struct vault *vt, uint64_t seq_from, json_t *rec,
    const char *commit, const char *name, long n, size_t *len)
{
	char	 dir[128], path[160], err[512], *buf;
	int	 rc;

	vault_record_dir(seq_from, record_str(rec, "id"), dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = vault_read(vt, commit, path, &buf, len, err, sizeof(err));
	if (rc == 1)
		ctl_die(EX_NOTFOUND, "%s 第 %ld 版：档案库的提交 %.12s 中没有 "
		    "%s", record_str(rec, "id"), n, commit, name);
	if (rc == -1)
		ctl_die(EX_ERR, "%s 第 %ld 版：%s", record_str(rec, "id"), n,
		    err);
	return buf;
}

static void
ctl_diff_load(struct vault *vt, uint64_t seq_from, json_t *rec,
    struct diff_side *s)
{
	json_error_t	 jerr;
	const char	*commit = record_str(s->row, "commit");
	char		*buf;
	size_t		 len;

	if (commit == NULL)
		ctl_die(EX_ERR, "%s 第 %ld 版：索引中没有它的提交",
		    record_str(rec, "id"), s->n);
	s->text = ctl_diff_read(vt, seq_from, rec, commit, "text.txt", s->n,
	    &s->len);
	buf = ctl_diff_read(vt, seq_from, rec, commit, "record.json", s->n,
	    &len);
	if ((s->rec = json_loadb(buf, len, 0, &jerr)) == NULL)
		ctl_die(EX_ERR, "%s 第 %ld 版：record.json 已损坏：%s",
		    record_str(rec, "id"), s->n, jerr.text);
	free(buf);
}

/* Write s[0..n) for a terminal: control characters but tab become '?'
 * (an escape sequence in a document must not reach the terminal). */
static void
ctl_diff_put(FILE *fp, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {	/* C1 */
			fputc('?', fp);
			i++;
		} else if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
			fputc('?', fp);
		else
			fputc(p[i], fp);
	}
}

/* The line's text without its LF (and a libgit2 EOFNL marker's). */
static size_t
ctl_diff_linelen(const git_diff_line *l)
{
	size_t	n = l->content_len;

	while (n > 0 && (l->content[n - 1] == '\n' ||
	    l->content[n - 1] == '\r'))
		n--;
	return n;
}

static int
ctl_diff_eofnl(char origin)
{
	return origin == GIT_DIFF_LINE_CONTEXT_EOFNL ||
	    origin == GIT_DIFF_LINE_ADD_EOFNL ||
	    origin == GIT_DIFF_LINE_DEL_EOFNL;
}

/* The patch as unified-diff text (for --json). */
static char *
ctl_diff_patch_text(git_patch *patch, long v1, long v2)
{
	const git_diff_hunk	*h;
	const git_diff_line	*l;
	FILE			*fp;
	char			*buf = NULL;
	size_t			 len = 0, nh, nl, i, j;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		ctl_die(EX_ERR, "out of memory");
	nh = git_patch_num_hunks(patch);
	if (nh > 0)
		fprintf(fp, "--- v%ld/text.txt\n+++ v%ld/text.txt\n", v1, v2);
	for (i = 0; i < nh; i++) {
		if (git_patch_get_hunk(&h, &nl, patch, i) != 0)
			ctl_die(EX_ERR, "diff: libgit2: hunk %zu", i);
		fwrite(h->header, 1, h->header_len, fp);
		for (j = 0; j < nl; j++) {
			if (git_patch_get_line_in_hunk(&l, patch, i, j) != 0)
				ctl_die(EX_ERR, "diff: libgit2: line %zu", j);
			if (ctl_diff_eofnl(l->origin))
				fputs("\\ No newline at end of file\n", fp);
			else {
				fputc(l->origin, fp);
				fwrite(l->content, 1, ctl_diff_linelen(l), fp);
				fputc('\n', fp);
			}
		}
	}
	if (fclose(fp) != 0)
		ctl_die(EX_ERR, "out of memory");
	return buf;
}

static json_t *
ctl_diff_hunks(git_patch *patch)
{
	const git_diff_hunk	*h;
	const git_diff_line	*l;
	json_t			*out = json_array(), *lines, *o;
	size_t			 nh, nl, i, j, hl;
	char			 origin[2] = "";

	nh = git_patch_num_hunks(patch);
	for (i = 0; i < nh; i++) {
		if (git_patch_get_hunk(&h, &nl, patch, i) != 0)
			ctl_die(EX_ERR, "diff: libgit2: hunk %zu", i);
		lines = json_array();
		for (j = 0; j < nl; j++) {
			if (git_patch_get_line_in_hunk(&l, patch, i, j) != 0)
				ctl_die(EX_ERR, "diff: libgit2: line %zu", j);
			if (ctl_diff_eofnl(l->origin)) {
				/* The line before has no LF at the end. */
				if ((o = json_array_get(lines,
				    json_array_size(lines) - 1)) != NULL)
					json_object_set_new(o, "no_newline",
					    json_true());
				continue;
			}
			origin[0] = l->origin;
			json_array_append_new(lines, json_pack("{s:s, s:s%}",
			    "origin", origin, "text", l->content,
			    ctl_diff_linelen(l)));
		}
		hl = h->header_len;
		while (hl > 0 && (h->header[hl - 1] == '\n' ||
		    h->header[hl - 1] == '\r'))
			hl--;
		o = json_pack("{s:s%, s:i, s:i, s:i, s:i, s:o}", "header",
		    h->header, hl, "old_start", h->old_start, "old_lines",
		    h->old_lines, "new_start", h->new_start, "new_lines",
		    h->new_lines, "lines", lines);
		if (o == NULL)
			ctl_die(EX_ERR, "diff: text that is not UTF-8");
		json_array_append_new(out, o);
	}
	return out;
}

static void
ctl_diff_json(json_t *rec, struct diff_side *a, struct diff_side *b,
    git_patch *patch, json_t *fields)
{
	json_t	*text, *o;
	size_t	 ctx, add, del;
	char	*ptext;

	if (git_patch_line_stats(&ctx, &add, &del, patch) != 0)
		ctl_die(EX_ERR, "diff: libgit2: line stats");
	ptext = ctl_diff_patch_text(patch, a->n, b->n);
	text = json_pack("{s:b, s:I, s:I, s:o, s:s}", "changed",
	    git_patch_num_hunks(patch) > 0, "additions", (json_int_t)add,
	    "deletions", (json_int_t)del, "hunks", ctl_diff_hunks(patch),
	    "patch", ptext);
	free(ptext);
	if (text == NULL)
		ctl_die(EX_ERR, "diff: text that is not UTF-8");
	o = json_pack("{s:s, s:O, s:O, s:O, s:O, s:o, s:O}",
	    "id", record_str(rec, "id"),
	    "docno", json_object_get(rec, "docno") ?
	    json_object_get(rec, "docno") : json_null(),
	    "title", json_object_get(rec, "title") ?
	    json_object_get(rec, "title") : json_null(),
	    "from", a->row, "to", b->row, "text", text, "fields", fields);
	if (o == NULL)
		ctl_die(EX_ERR, "out of memory");
	ctl_print_json(o);
	json_decref(o);
}

/* "--- 第 1 版  TIME  SOURCE  提交 abcdef123456" */
static void
ctl_diff_side_line(int color, const char *mark, struct diff_side *s)
{
	printf("%s%s 第 %ld 版  %s  %s  提交 %.12s%s\n", color ? C_META : "",
	    mark, s->n, record_str(s->row, "received_at") ?
	    record_str(s->row, "received_at") : "-",
	    record_str(s->row, "source_name") ?
	    esc(record_str(s->row, "source_name")) : "-",
	    record_str(s->row, "commit"), color ? C_RESET : "");
}

static void
ctl_diff_human(json_t *rec, struct diff_side *a, struct diff_side *b,
    git_patch *patch, json_t *fields, int color)
{
	const git_diff_hunk	*h;
	const git_diff_line	*l;
	const char		*col;
	json_t			*f;
	size_t			 nh, nl, i, j;
	char			*old, *new, *eo, *en;

	printf("%s  %s  %s\n", esc(record_str(rec, "id")),
	    record_str(rec, "docno") ? esc(record_str(rec, "docno")) :
	    "（无发文字号）", record_str(rec, "title") ?
	    esc(record_str(rec, "title")) : "");
	ctl_diff_side_line(color, "---", a);
	ctl_diff_side_line(color, "+++", b);
	nh = git_patch_num_hunks(patch);
	if (nh == 0)
		printf("（提取的文本没有变化）\n");
	for (i = 0; i < nh; i++) {
		if (git_patch_get_hunk(&h, &nl, patch, i) != 0)
			ctl_die(EX_ERR, "diff: libgit2: hunk %zu", i);
		if (color)
			fputs(C_FRAG, stdout);
		ctl_diff_put(stdout, h->header, h->header_len > 0 &&
		    h->header[h->header_len - 1] == '\n' ?
		    h->header_len - 1 : h->header_len);
		printf("%s\n", color ? C_RESET : "");
		for (j = 0; j < nl; j++) {
			if (git_patch_get_line_in_hunk(&l, patch, i, j) != 0)
				ctl_die(EX_ERR, "diff: libgit2: line %zu", j);
			if (ctl_diff_eofnl(l->origin)) {
				printf("\\ 文件末尾没有换行\n");
				continue;
			}
			col = !color ? NULL : l->origin == '+' ? C_NEW :
			    l->origin == '-' ? C_OLD : NULL;
			if (col != NULL)
				fputs(col, stdout);
			putchar(l->origin);
			ctl_diff_put(stdout, l->content, ctl_diff_linelen(l));
			printf("%s\n", col != NULL ? C_RESET : "");
		}
	}
	printf("\n");
	if (json_array_size(fields) == 0) {
		printf("字段：没有变化\n");
		return;
	}
	printf("字段变化：\n");
	json_array_foreach(fields, i, f) {
		const char *key = record_str(f, "field");

		old = recdiff_text(key, json_object_get(f, "from"));
		new = recdiff_text(key, json_object_get(f, "to"));
		eo = xmalloc(strlen(old) * 4 + 8);
		en = xmalloc(strlen(new) * 4 + 8);
		printf("  %s：%s%s%s → %s%s%s\n", esc(label_field(key)),
		    color ? C_OLD : "", esc_ctl(old, eo, strlen(old) * 4 + 8),
		    color ? C_RESET : "", color ? C_NEW : "",
		    esc_ctl(new, en, strlen(new) * 4 + 8),
		    color ? C_RESET : "");
		free(eo);
		free(en);
		free(old);
		free(new);
	}
}

/* Colour on a terminal only, and not when NO_COLOR or TERM=dumb asks. */
static int
ctl_diff_color(void)
{
	const char *t = getenv("TERM");

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0')
		return 0;
	return t != NULL && *t != '\0' && strcmp(t, "dumb") != 0;
}

int
ctl_diff_run(struct ctl *c, int argc, char **argv)
{
	struct diff_side	 a, b;
	struct vault		*vt;
	git_diff_options	 opts;
	git_patch		*patch = NULL;
	json_t			*rec, *rows, *fields;
	char			 err[512];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ctl_open(c);
	rec = ctl_resolve(c, argv[0]);
	rows = ctl_diff_rows(c, rec);
	/* Bad numbers are usage errors, before what the record has. */
	if (argc >= 2)
		(void)ctl_diff_num(c, argv[1]);
	if (argc >= 3)
		(void)ctl_diff_num(c, argv[2]);
	ctl_diff_pick(c, rec, rows, argc, argv, &a.n, &b.n);
	/* The version asked for is the one a message names. */
	b.row = argc == 2 ? ctl_diff_row(rec, rows, b.n) : NULL;
	a.row = ctl_diff_row(rec, rows, a.n);
	b.row = ctl_diff_row(rec, rows, b.n);

	ctl_check_access(c->cf.vault, R_OK | X_OK, "读取档案库");
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	ctl_diff_load(vt, store_seq_from(c->st), rec, &a);
	ctl_diff_load(vt, store_seq_from(c->st), rec, &b);
	vault_close(vt);

	git_libgit2_init();
	if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) != 0)
		ctl_die(EX_ERR, "diff: libgit2: options");
	opts.context_lines = DIFF_CONTEXT;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(&patch, a.text, a.len, "text.txt",
	    b.text, b.len, "text.txt", &opts) != 0) {
		const git_error *e = git_error_last();

		ctl_die(EX_ERR, "diff: libgit2: %s", e != NULL &&
		    e->message != NULL ? e->message : "cannot compare");
	}
	if ((fields = recdiff(a.rec, b.rec)) == NULL)
		ctl_die(EX_ERR, "out of memory");
	if (c->json)
		ctl_diff_json(rec, &a, &b, patch, fields);
	else
		ctl_diff_human(rec, &a, &b, patch, fields, ctl_diff_color());
	git_patch_free(patch);
	git_libgit2_shutdown();
	json_decref(fields);
	free(a.text);
	free(b.text);
	json_decref(a.rec);
	json_decref(b.rec);
	json_decref(rows);
	json_decref(rec);
	return EX_OK;
}

const struct ctl_cmd ctl_cmd_diff = {
	"diff", NULL, "DOC [V1 [V2]]",
	"两个版本之间的变化：先是提取的文本的逐行差异，再是有变化的字段"
	"（默认比较最后两个版本；只给一个版本号 N 时比较第 N-1 版和第 N 版）",
	"  N                      第 N-1 版和第 N 版\n"
	"  V1 V2                  第 V1 版和第 V2 版（版本号即 versions 列出的"
	"序号）\n",
	NULL, 1, 3, 0, ctl_diff_run
};
