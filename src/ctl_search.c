/*
 * ctl_search: `docketctl search QUERY`, full-text search over the current
 * text of every document (the index of search.c, kept by docketd).  Hits
 * come ranked from the index; each is then read from LMDB, which gives
 * its docno and title and has the last word on the filters (the index's
 * copy of them may lag a commit behind).
 *
 * Who may search: whoever may read a record's text today, i.e. read LMDB
 * (ctl_open) and the vault — the same files `docketctl text` reads; the
 * index file has data.mdb's mode and group (search_sync.c).  Searching
 * shows nothing of a withheld record to anyone `text` would refuse.
 *
 * The entry is ctl_cmd_search; it needs this file, search*.c,
 * search_tok.c, utf8.c and libsqlite3, besides docketctl's LMDB side.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docketctl.h"
#include "gongwen.h"
#include "label.h"
#include "record.h"
#include "search.h"

#define SEARCH_LIMIT		20	/* hits shown by default */
#define SEARCH_LIMIT_MAX	1000
#define SEARCH_WINDOW		2000	/* matches ranked at most (search.h) */

enum { X_YEAR, X_LIMIT };

/* A snippet on one line: line breaks and runs of blanks as one space. */
static void
snippet_squeeze(char *s)
{
	char	*o = s;
	int	 blank = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
			if (!blank)
				*o++ = ' ';
			blank = 1;
			continue;
		}
		blank = 0;
		*o++ = *s;
	}
	*o = '\0';
}

/* A snippet as plain text: markers dropped. */
static char *
snippet_plain(const char *s)
{
	char	*out = strdup(s), *o = out;

	if (out == NULL)
		ctl_die(EX_ERR, "out of memory");
	for (; *s != '\0'; s++)
		if (*s != '\x01' && *s != '\x02')
			*o++ = *s;
	*o = '\0';
	return out;
}

/* A snippet for a person: the matched words bold on a terminal. */
static void
snippet_print(const char *s, int tty)
{
	char	 piece[1024], masked[1024];
	size_t	 n;

	fputs("    ", stdout);
	while (*s != '\0') {
		if (*s == '\x01' || *s == '\x02') {
			if (tty)
				fputs(*s == '\x01' ? "\033[1m" : "\033[0m",
				    stdout);
			s++;
			continue;
		}
		n = strcspn(s, "\x01\x02");
		if (n >= sizeof(piece))
			n = sizeof(piece) - 1;
		memcpy(piece, s, n);
		piece[n] = '\0';
		fputs(esc_mask(piece, masked, sizeof(masked)), stdout);
		s += n;
	}
	if (tty)
		fputs("\033[0m", stdout);
	putchar('\n');
}

/* A field of the record for --json (null when absent). */
static json_t *
field(json_t *rec, const char *key)
{
	json_t	*v = json_object_get(rec, key);

	return v != NULL ? json_incref(v) : json_null();
}

/* Whether the record (from LMDB) still passes the filter. */
static int
hit_passes(json_t *rec, const struct search_filter *f)
{
	const char	*d;

	if (f->agency && (record_str(rec, "agency") == NULL ||
	    strcmp(f->agency, record_str(rec, "agency")) != 0))
		return 0;
	if (f->disclosure && (record_str(rec, "disclosure") == NULL ||
	    strcmp(f->disclosure, record_str(rec, "disclosure")) != 0))
		return 0;
	if (f->status && (record_str(rec, "status") == NULL ||
	    strcmp(f->status, record_str(rec, "status")) != 0))
		return 0;
	if (f->year > 0) {
		if ((d = record_str(rec, "signed_on")) == NULL ||
		    strlen(d) < 4)
			d = record_str(rec, "received_at");
		if (d == NULL || atoi(d) != f->year)
			return 0;
	}
	return 1;
}

static int
ctl_search(struct ctl *c, int argc, char **argv)
{
	struct search_filter	 f;
	struct search_result	 r;
	struct search		*s;
	json_t			*out = NULL, *hits = NULL, *rec, *h;
	char			 path[PATH_MAX + 32], err[512], *expr, *plain;
	char			*end, *q;
	unsigned long		 limit = SEARCH_LIMIT;
	uint64_t		 indexed = 0;
	size_t			 records = 0;
	size_t			 i, shown = 0;
	int			 rc, tty = isatty(STDOUT_FILENO);

	/* Words given apart are words of one query. */
	{
		size_t	len = 0;
		int	k;

		for (k = 0; k < argc; k++)
			len += strlen(argv[k]) + 1;
		if ((q = malloc(len + 1)) == NULL)
			ctl_die(EX_ERR, "out of memory");
		q[0] = '\0';
		for (k = 0; k < argc; k++) {
			if (k > 0)
				strcat(q, " ");
			strcat(q, argv[k]);
		}
	}
	memset(&f, 0, sizeof(f));
	f.agency = c->agency;
	f.disclosure = c->disclosure;
	f.status = c->status;
	ctl_check_filters(c, f.disclosure, f.status);
	if (c->x[X_YEAR] != NULL) {
		errno = 0;
		f.year = (int)strtol(c->x[X_YEAR], &end, 10);
		if (errno || *end != '\0' || strlen(c->x[X_YEAR]) != 4 ||
		    f.year < 1000)
			ctl_usage_die(c, "--year：“%s”不是年份（四位数字，"
			    "如 2026）", esc(c->x[X_YEAR]));
	}
	if (c->x[X_LIMIT] != NULL) {
		errno = 0;
		limit = strtoul(c->x[X_LIMIT], &end, 10);
		if (errno || *end != '\0' || limit == 0 ||
		    limit > SEARCH_LIMIT_MAX)
			ctl_usage_die(c, "--limit：“%s”不是 1 到 %d 之间的"
			    "整数", esc(c->x[X_LIMIT]), SEARCH_LIMIT_MAX);
	}
	if ((expr = search_expr(q)) == NULL)
		ctl_usage_die(c, "查询“%s”中没有可检索的字词", esc(q));

	/* The text of every record is in the index: read it only where
	 * the record's text may be read (LMDB and the vault). */
	ctl_open(c);
	ctl_check_agency(c, f.agency);
	ctl_check_access(c->cf.vault, R_OK | X_OK, "读取档案库");
	snprintf(path, sizeof(path), "%s/%s", c->cf.db, SEARCH_FILE);
	ctl_check_access(path, R_OK, "读取全文索引");
	if ((rc = search_open(&s, path, 0, 0, err, sizeof(err))) != 0) {
		if (rc == -2)
			ctl_die(EX_ERR, "全文索引 %s 正在建立或修复：请稍后再试",
			    path);
		if (rc == -3)
			ctl_die(EX_ERR, "全文索引 %s 是旧版 docket 的格式："
			    "docketd 启动后会重新建立，请稍后再试", path);
		if (access(path, F_OK) == -1 && errno == ENOENT)
			ctl_die(EX_ERR, "全文索引 %s 尚不存在：docketd 运行时会"
			    "自动建立（刚启动或刚删除时，请稍候再试）", path);
		ctl_die(EX_ERR, "全文索引 %s 已损坏（%s）：docketd 启动时会"
		    "重建，也可运行 docketctl reindex", path, err);
	}
	if (search_count(s, &indexed) == -1)
		indexed = 0;
	if (store_count_records(c->st, c->txn, &records) != 0)
		records = 0;
	if (search_query(s, expr, &f, limit, SEARCH_WINDOW, &r, err,
	    sizeof(err)) == -1) {
		if (search_damaged(s))
			ctl_die(EX_ERR, "全文索引 %s 已损坏（%s）：docketd 遇到"
			    "时会重建，也可运行 docketctl reindex", path, err);
		ctl_die(EX_ERR, "search: %s", err);
	}
	if (c->json) {
		out = json_object();
		hits = json_array();
	}
	for (i = 0; i < r.n; i++) {
		char		 idb[STORE_ID_LEN], tag[64];
		const char	*d;

		rc = store_get_record(c->st, c->txn, r.hits[i].id, &rec);
		if (rc == MDB_NOTFOUND)
			continue;
		if (rc != 0)
			ctl_die(EX_ERR, "search: %s", store_strerror(rc));
		store_id_format(r.hits[i].id, idb);
		if (!hit_passes(rec, &f)) {
			json_decref(rec);
			continue;
		}
		shown++;
		snippet_squeeze(r.hits[i].snippet);
		if (c->json) {
			plain = snippet_plain(r.hits[i].snippet);
			h = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:f, "
			    "s:s}", "id", idb, "docno", field(rec, "docno"),
			    "title", field(rec, "title"),
			    "agency", field(rec, "agency"),
			    "disclosure", field(rec, "disclosure"),
			    "status", field(rec, "status"),
			    "score", r.hits[i].score, "snippet", plain);
			free(plain);
			json_array_append_new(hits, h);
		} else {
			/* A hit that is not public says so: the one
			 * reading may be about to pass it on. */
			d = record_str(rec, "disclosure");
			tag[0] = '\0';
			if (d != NULL && strcmp(d, "public") != 0)
				snprintf(tag, sizeof(tag), "  （%s）",
				    label_disclosure(d));
			printf("%s  %s  %s%s\n", idb,
			    record_str(rec, "docno") ?
			    esc(record_str(rec, "docno")) : "（无发文字号）",
			    record_str(rec, "title") ?
			    esc(record_str(rec, "title")) : "", tag);
			snippet_print(r.hits[i].snippet, tty);
		}
		json_decref(rec);
	}
	if (c->json) {
		json_object_set_new(out, "query", json_string(q));
		json_object_set_new(out, "hits", hits);
		json_object_set_new(out, "matches", json_integer(
		    (json_int_t)r.seen));
		json_object_set_new(out, "ranked_newest_only",
		    json_boolean(r.cut));
		json_object_set_new(out, "indexed", json_integer(
		    (json_int_t)indexed));
		json_object_set_new(out, "records", json_integer(
		    (json_int_t)records));
		ctl_print_json(out);
		json_decref(out);
	} else if (shown == 0)
		printf("没有找到（已索引 %" PRIu64 " 份文件）\n", indexed);
	else if (r.cut)
		printf("共 %zu 条：匹配文件超过 %d 份，只在最新的 %d 份中排序\n",
		    shown, SEARCH_WINDOW, SEARCH_WINDOW);
	else
		printf("共 %zu 条（匹配 %zu 份）\n", shown, r.seen);
	/* docketd is still building it (a new root, after reindex). */
	if (!c->json && indexed < records)
		fprintf(stderr, "注意：全文索引正在建立，已索引 %" PRIu64
		    " / %zu 份文件\n", indexed, records);
	search_result_free(&r);
	search_close(s);
	free(expr);
	free(q);
	return EX_OK;
}

static const struct option search_opts[] = {
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "disclosure", required_argument, NULL, CTL_O_DISCLOSURE },
	{ "status", required_argument, NULL, CTL_O_STATUS },
	{ "year", required_argument, NULL, CTL_O_X + X_YEAR },
	{ "limit", required_argument, NULL, CTL_O_X + X_LIMIT },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_search = {
	"search", NULL,
	"QUERY... [--agency A] [--disclosure D] [--status S] [--year Y]\n"
	"      [--limit N]",
	"在各文件的当前文本中全文检索，最相关的在前，附摘录",
	"  QUERY                  字词（预算 征收），须全部出现；\"短语\"或\n"
	"                         发文字号（测财〔2015〕1号）按原样匹配\n"
	"  --agency A             只查该机关的文件\n"
	"  --disclosure D         public（公开）、on_request（依申请公开）、\n"
	"                         withheld（不予公开）、undetermined（待定）\n"
	"  --status S             in_force（在用）、expired（已失效）、\n"
	"                         repealed（已废止）、cleaned（已清理）\n"
	"  --year Y               成文于 Y 年的文件（没有成文日期的按"
	"接收时间）\n"
	"  --limit N              最多 N 条结果（默认 20，最多 1000）\n",
	search_opts, 1, -1, 0, ctl_search
};
