/*
 * Unit tests for the full-text index: search_tok's layout (CJK bigrams
 * with colocated unigrams, ASCII words, separators), the query layout,
 * search_expr, and search.c on a real SQLite file: a two-character word,
 * a phrase, a docno typed with other brackets, filters, ranking, the sha
 * that spares an unchanged text, and the integrity check; a writable
 * open writes nothing when all is in place, and meets a reader's lock
 * with -2 (later), the file kept; queries answered from the rows' text
 * equal FTS5's with positions.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "search.h"
#include "search_fts.h"
#include "search_narrow.h"
#include "search_snip.h"
#include "search_tok.h"

struct toks {
	char	buf[2048];
	size_t	len;
};

static int
tok_cb(void *arg, int co, const char *t, size_t l, size_t a, size_t b)
{
	struct toks	*k = arg;

	k->len += (size_t)snprintf(k->buf + k->len, sizeof(k->buf) - k->len,
	    "%s%s%.*s@%zu-%zu", k->len ? " " : "", co ? "+" : "", (int)l, t,
	    a, b);
	return 0;
}

static void
check_tok(const char *in, int query, const char *want)
{
	struct toks	k;

	memset(&k, 0, sizeof(k));
	assert_int_equal(search_tokenize(in, strlen(in), query, tok_cb, &k),
	    0);
	assert_string_equal(k.buf, want);
}

static void
test_tokens(void **state)
{
	(void)state;
	check_tok("预算", 0, "预算@0-6 +预@0-3 算@3-6");
	check_tok("预算", 1, "预算@0-6");
	check_tok("号", 1, "号@0-3");
	check_tok("预算管理", 1, "预算@0-6 算管@3-9 管理@6-12");
	/* the docno: brackets separate, the run's last character stands
	 * for its position when more follows in a query */
	check_tok("测财〔2015〕1号", 0,
	    "测财@0-6 +测@0-3 财@3-6 +财〔2015〕1号@3-20 +测财〔2015〕1号@0-20 "
	    "2015@9-13 1@16-17 号@17-20");
	check_tok("测财[2015]1号文", 1, "测财@0-6 财@3-6 2015@7-11 1@12-13 "
	    "号文@13-19");
	/* a docno alone is one term, in its canonical brackets */
	check_tok(" 测财（ 2015 ）1 号", 1, "测财〔2015〕1号@1-24");
	check_tok("测财〔2015〕11号", 1, "测财〔2015〕11号@0-21");
	check_tok("测财〔15〕1号", 1, "测财@0-6 财@3-6 15@9-11 1@14-15 号@15-18");
	/* ASCII and full-width words, lowercased; punctuation separates */
	check_tok("GB/T 9704-2012", 0, "gb@0-2 t@3-4 9704@5-9 2012@10-14");
	check_tok("ＧＢ９７", 0, "gb97@0-12");
	check_tok("，。、", 0, "");
	/* invalid UTF-8 separates, never crashes */
	check_tok("预\xff算", 0, "预@0-3 算@4-7");
}

/* count pieces of bits[] picked at random, into buf (NUL-terminated):
 * the length. */
static size_t
rand_text(char *buf, size_t cap, const char *const *bits, size_t nbits,
    size_t count, unsigned *seed)
{
	size_t	len = 0, k, r;

	for (k = 0; k < count; k++) {
		*seed = *seed * 1103515245 + 12345;
		r = (*seed >> 16) % nbits;
		if (len + strlen(bits[r]) >= cap)
			break;
		memcpy(buf + len, bits[r], strlen(bits[r]));
		len += strlen(bits[r]);
	}
	buf[len] = '\0';
	return len;
}

/* The words of a text: from search_tok_words, or search_tokenize's
 * tokens that are ASCII words. */
static int
word_cb(void *arg, int co, const char *t, size_t l, size_t a, size_t b)
{
	size_t	i;

	for (i = 0; i < l; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' &&
		    t[i] <= 'z')))
			return 0;
	return tok_cb(arg, co, t, l, a, b);
}

/* search_tok_words skips what search_tokenize decodes: the same words,
 * on text and on random bytes (invalid UTF-8, full-width, CJK, ASCII). */
static void
test_words(void **state)
{
	static const char *const bits[] = { "预", "算", "Ａ", "ｚ", "９",
	    "（", "，", "a", "Z", "7", " ", "-", "\xe4", "\xe4\xb8", "\xef",
	    "\xef\xbc", "\x80", "\xff", "\xed\xa0\x80", "\xe0\x80\x80",
	    "〔", "号", "\xf0\x9f\x98\x80", "abcdefghijklmnopqrstuvwxyz0123" };
	struct toks	a, b;
	char		in[512];
	unsigned	seed = 12345;
	size_t		n, len;

	(void)state;
	for (n = 0; n < 3000; n++) {
		len = rand_text(in, sizeof(in), bits, sizeof(bits) /
		    sizeof(bits[0]), 1 + n % 40, &seed);
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		assert_int_equal(search_tokenize(in, len, 0, word_cb, &a), 0);
		assert_int_equal(search_tok_words(in, len, tok_cb, &b), 0);
		assert_string_equal(b.buf, a.buf);
	}
}

/* The snippet of text for query q, width w. */
static char *
snip(const char *q, const char *text, size_t w)
{
	struct search_span	*sp;
	struct search_q		*sq;
	char			*e = search_expr(q), *out;
	size_t			 n;

	assert_non_null(e);
	assert_non_null(sq = search_q_new(e));
	search_places(sq, text, strlen(text), &sp, &n);
	out = search_snip(text, strlen(text), sp, n, w);
	free(sp);
	search_q_free(sq);
	free(e);
	return out;
}

static void
check_snip(const char *q, const char *text, size_t w, const char *want)
{
	char	*o = snip(q, text, w);

	assert_string_equal(o, want);
	free(o);
}

static size_t
count_ch(const char *s, char c)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* Places are whole pieces (a phrase's overlapping bigrams are one place,
 * overlapping pieces one place); the window holds them; markers pair. */
static void
test_snippets(void **state)
{
	static const char *const bits[] = { "预算", "公开", "，", "\n", "a",
	    "Budget", " ", "２０２１", "年", "\xe4", "\xff", "预" };
	struct search_span	*sp;
	struct search_q		*sq;
	char			*o, *e, text[256], plain[512];
	size_t			 n, k, i, j;
	unsigned		 seed = 7;

	(void)state;
	check_snip("预算公开", "部门预算公开参考格式", 28,
	    "部门\x01预算公开\x02参考格式");
	check_snip("\"2021年部门\"", "关于做好2021年部门预算", 28,
	    "关于做好\x01" "2021年部门\x02预算");
	check_snip("预 预算", "预算法和预决算", 28,
	    "\x01预算\x02法和\x01预\x02决算");
	check_snip("budget", "A BUDGET, budgets", 28,
	    "A \x01" "BUDGET\x02, budgets");
	/* the window: 4 characters, blanks aside; … where the text goes on */
	check_snip("公开", "一二三四五六七八九十公开甲乙丙丁戊", 4,
	    "…十\x01公开\x02甲…");
	/* a place longer than the window: cut at the window's end */
	check_snip("一二三四五六", "甲乙丙丁戊己一二三四五六庚", 4,
	    "…己\x01一二三\x02…");
	/* near the end of a short text: all of it */
	check_snip("预算", "关于短文的通知一二三四五\n预算预算", 28,
	    "关于短文的通知一二三四五\n\x01预算\x02\x01预算\x02");
	check_snip("戊", "甲乙丙丁戊", 2, "…丁\x01戊\x02");
	check_snip("征收", "一二三四五六七八", 4,
	    "一二三四…");
	/* places of words in a text: as the query matches them */
	e = search_expr("\"2021 年\"");
	assert_non_null(sq = search_q_new(e));
	search_places(sq, "2021年 2021，年 2021 a年", 30, &sp, &n);
	assert_int_equal(n, 2);
	free(sp);
	search_q_free(sq);
	free(e);
	/* random texts: markers pair, the rest is the text's */
	for (k = 0; k < 2000; k++) {
		(void)rand_text(text, sizeof(text), bits, sizeof(bits) /
		    sizeof(bits[0]), 1 + k % 30, &seed);
		o = snip(k % 2 ? "预算 公开" : "\"budget 2021\" 年", text,
		    1 + k % 9);
		assert_int_equal(count_ch(o, '\x01'), count_ch(o, '\x02'));
		for (i = j = 0; o[i] != '\0'; i++)
			if (o[i] != '\x01' && o[i] != '\x02')
				plain[j++] = o[i];
		plain[j] = '\0';
		/* without the …s, a piece of the text */
		e = plain;
		if (j >= 3 && memcmp(e, "…", 3) == 0)
			e += 3;
		if (j >= 3 && strcmp(plain + j - 3, "…") == 0 &&
		    (e == plain || j > 6))
			plain[j - 3] = '\0';
		assert_non_null(strstr(text, e));
		free(o);
	}
}

static void
test_expr(void **state)
{
	char	*e;

	(void)state;
	e = search_expr("预算  征收");
	assert_string_equal(e, "\"预算\" \"征收\"");
	free(e);
	e = search_expr("\"预算 管理\" x\"y");
	assert_string_equal(e, "\"预算 管理\" \"x\" \"y\"");
	free(e);
	e = search_expr("a\"\"b");
	assert_string_equal(e, "\"a\" \"b\"");
	free(e);
	assert_null(search_expr("〔〕 ， -"));
	assert_null(search_expr(""));
}

static char	 dir[] = "/tmp/test_search.XXXXXX";
static char	 path[64];

static void
put(struct search *s, uint64_t id, const char *sha, const char *agency,
    int year, const char *docno, const char *title, const char *text)
{
	struct search_attr	a = { agency, "public", "in_force", year };
	char			err[256];

	assert_int_equal(search_put(s, id, sha, &a, docno, title, text,
	    strlen(text), err, sizeof(err)), 0);
}

static size_t
query(struct search *s, const char *q, const struct search_filter *f,
    uint64_t *ids, size_t max)
{
	struct search_result	r;
	char			err[256], *e = search_expr(q);
	size_t			i, n;

	assert_non_null(e);
	assert_int_equal(search_query(s, e, f, max, 0, &r, err, sizeof(err)),
	    0);
	for (i = 0; i < r.n; i++)
		ids[i] = r.hits[i].id;
	n = r.n;
	search_result_free(&r);
	free(e);
	return n;
}

static void
test_index(void **state)
{
	struct search		*s;
	struct search_result	 r;
	struct search_filter	 f;
	struct search_attr	 a = { "乙局", "withheld", "repealed", 2019 };
	struct stat		 sb;
	uint64_t		 ids[8], n;
	char			 err[256], sha[SEARCH_SHA_LEN + 1], *e;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/search.sqlite", dir);
	assert_int_equal(search_open(&s, path, 1, 0640, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	put(s, 1, "a1", "甲局", 2015, "测财〔2015〕1号", "关于预算管理的通知",
	    "各单位：现将预算管理办法印发给你们。预算要公开。");
	put(s, 2, "a2", "甲局", 2016, "测财〔2016〕11号", "关于征收补偿的通知",
	    "征收土地，补偿安置。预，算。");
	put(s, 3, "a3", "乙局", 2016, "测教〔2016〕2号", "教育经费",
	    "教育经费预算执行情况。");
	assert_int_equal(search_meta_put(s, "search_head", "abc", err,
	    sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);

	/* a two-character word; the document with it in the title first */
	assert_int_equal(query(s, "预算", NULL, ids, 8), 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);
	/* 预，算 is not the word 预算 */
	assert_int_equal(query(s, "征收", NULL, ids, 8), 1);
	assert_int_equal(ids[0], 2);
	/* a phrase, and words that must all occur */
	assert_int_equal(query(s, "\"预算管理办法\"", NULL, ids, 8), 1);
	assert_int_equal(query(s, "预算管理办法", NULL, ids, 8), 1);
	assert_int_equal(query(s, "预算 教育", NULL, ids, 8), 1);
	assert_int_equal(ids[0], 3);
	assert_int_equal(query(s, "管理预算", NULL, ids, 8), 0);
	/* docnos in any bracket form; 1号 is not 11号 */
	assert_int_equal(query(s, "测财〔2015〕1号", NULL, ids, 8), 1);
	assert_int_equal(ids[0], 1);
	assert_int_equal(query(s, "测财[2015]1号", NULL, ids, 8), 1);
	assert_int_equal(query(s, "测财（2016）1号", NULL, ids, 8), 0);
	assert_int_equal(query(s, "测财〔2016〕11号", NULL, ids, 8), 1);
	assert_int_equal(ids[0], 2);
	/* single characters */
	assert_int_equal(query(s, "预", NULL, ids, 8), 3);
	/* filters */
	memset(&f, 0, sizeof(f));
	f.agency = "乙局";
	assert_int_equal(query(s, "预算", &f, ids, 8), 1);
	assert_int_equal(ids[0], 3);
	memset(&f, 0, sizeof(f));
	f.year = 2015;
	assert_int_equal(query(s, "预算", &f, ids, 8), 1);
	assert_int_equal(ids[0], 1);
	/* attributes change without the text */
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	assert_int_equal(search_put_attr(s, 1, &a, err, sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	memset(&f, 0, sizeof(f));
	f.status = "repealed";
	assert_int_equal(query(s, "预算", &f, ids, 8), 1);
	assert_int_equal(ids[0], 1);
	assert_int_equal(search_sha(s, 1, sha), 0);
	assert_string_equal(sha, "a1");
	assert_int_equal(search_sha(s, 9, sha), 1);
	/* a snippet marks the word; the window keeps the newest matches */
	e = search_expr("征收");
	assert_int_equal(search_query(s, e, NULL, 5, 0, &r, err, sizeof(err)),
	    0);
	assert_int_equal(r.n, 1);
	assert_non_null(strstr(r.hits[0].snippet, "\x01征收\x02"));
	search_result_free(&r);
	free(e);
	e = search_expr("预");
	assert_int_equal(search_query(s, e, NULL, 5, 2, &r, err, sizeof(err)),
	    0);
	assert_int_equal(r.seen, 2);
	assert_int_equal(r.cut, 1);
	assert_true(r.hits[0].id >= 2 && r.hits[1].id >= 2);
	search_result_free(&r);
	free(e);
	/* replace and delete */
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	put(s, 3, "b3", "乙局", 2016, NULL, NULL, "卫生健康");
	assert_int_equal(search_del(s, 2, err, sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	assert_int_equal(query(s, "预算", NULL, ids, 8), 1);
	assert_int_equal(query(s, "征收", NULL, ids, 8), 0);
	assert_int_equal(search_count(s, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(search_check(s, err, sizeof(err)), 0);
	search_close(s);

	/* read-only: meta is there, the check runs */
	assert_int_equal(search_open(&s, path, 0, 0, err, sizeof(err)), 0);
	assert_int_equal(search_meta_get(s, "search_head", sha, sizeof(sha)),
	    0);
	assert_string_equal(sha, "abc");
	assert_int_equal(search_check(s, err, sizeof(err)), 0);
	search_close(s);

	/* not an index: refused with a message */
	assert_int_equal(truncate(path, 0), 0);
	{
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fputs("garbage, not SQLite at all, long enough to be read",
		    fp);
		fclose(fp);
	}
	assert_int_equal(search_open(&s, path, 0, 0, err, sizeof(err)), -1);
	assert_int_equal(search_open(&s, path, 1, 0640, err, sizeof(err)),
	    -1);
	unlink(path);
	assert_int_equal(search_open(&s, path, 0, 0, err, sizeof(err)), -1);
	rmdir(dir);
}

/* A body with a NUL in it: kept whole when its tags change (the row is
 * written again from what it holds), and found after the NUL. */
static void
test_nul(void **state)
{
	static const char	 body[] = "预算\0公开";
	struct search_attr	 a = { "甲局", "public", "in_force", 2020 };
	struct search		*s;
	char			 d[] = "/tmp/test_search_n.XXXXXX", p[64], err[256];
	uint64_t		 ids[2];

	(void)state;
	assert_non_null(mkdtemp(d));
	snprintf(p, sizeof(p), "%s/search.sqlite", d);
	assert_int_equal(search_open(&s, p, 1, 0640, err, sizeof(err)), 0);
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	assert_int_equal(search_put(s, 1, "n1", &a, NULL, "标题", body,
	    sizeof(body) - 1, err, sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	a.status = "repealed";
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	assert_int_equal(search_put_attr(s, 1, &a, err, sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	assert_int_equal(query(s, "公开", NULL, ids, 2), 1);
	assert_int_equal(query(s, "预算", NULL, ids, 2), 1);
	search_close(s);
	unlink(p);
	snprintf(p, sizeof(p), "%s/search.sqlite-journal", d);
	unlink(p);
	rmdir(d);
}

/* The number one statement gives, on its own connection. */
static int
sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*q;
	int		 v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/*
 * An index an older build made (no hashsize option) while a reader holds
 * a read transaction: a writable open would write the option, cannot
 * commit past the busy timeout, and says -2 (later), the file intact; once
 * the reader is done, the open writes it; and an open with everything in
 * place writes nothing, so the reader does not hold it up.
 */
static void
test_locked(void **state)
{
	struct search		*s;
	struct search_attr	 a = { "甲局", "public", "in_force", 2020 };
	sqlite3			*db;
	char			 err[256], ldir[] = "/tmp/test_search_l.XXXXXX";
	char			 lpath[64];

	(void)state;
	assert_non_null(mkdtemp(ldir));
	snprintf(lpath, sizeof(lpath), "%s/search.sqlite", ldir);
	assert_int_equal(search_open(&s, lpath, 1, 0640, err, sizeof(err)), 0);
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	assert_int_equal(search_put(s, 7, "ab", &a, NULL, "标题", "预算管理",
	    strlen("预算管理"), err, sizeof(err)), 0);
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	search_close(s);
	assert_int_equal(sqlite3_open(lpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM doc_config WHERE "
	    "k = 'hashsize'", NULL, NULL, NULL), SQLITE_OK);
	/* the reader's transaction */
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM docs"), 1);
	assert_int_equal(search_open(&s, lpath, 1, 0640, err, sizeof(err)),
	    -2);
	assert_null(s);
	assert_non_null(strstr(err, "locked"));
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM docs"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM doc_config WHERE "
	    "k = 'hashsize'"), 0);
	/* no reader: the option is written */
	assert_int_equal(search_open(&s, lpath, 1, 0640, err, sizeof(err)), 0);
	search_close(s);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM doc_config WHERE "
	    "k = 'hashsize'"), 1);
	/* all in place: a reader holds nothing up */
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM docs"), 1);
	assert_int_equal(search_open(&s, lpath, 1, 0640, err, sizeof(err)), 0);
	search_close(s);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	unlink(lpath);
	snprintf(err, sizeof(err), "%s-journal", lpath);
	unlink(err);
	rmdir(ldir);
}

/*
 * Filtered queries equal unfiltered ones filtered by hand: the same ids,
 * order and scores, also with a window (the best of the newest passing
 * matches).
 */
#define FN	400

static char	 fdir[] = "/tmp/test_search_f.XXXXXX";

static const char *const fw[] = { "预算", "管理", "财政", "资金", "审批",
    "办法", "征收", "补偿", "监督", "检查", "预", "理" };
static const char *const fag[] = { "甲局", "乙局", "丙局" };
static const char *const fdis[] = { "public", "withheld" };
static const char *const fst[] = { "in_force", "repealed" };

static unsigned long long frnd = 88172645463325252ULL;

static unsigned
frand(unsigned n)
{
	frnd ^= frnd << 13;
	frnd ^= frnd >> 7;
	frnd ^= frnd << 17;
	return (unsigned)(frnd % n);
}

static void
fdoc(char *buf, size_t cap, size_t k)
{
	size_t	n = 0, i, m = 20 + frand(60);

	for (i = 0; i < m && n + 64 < cap; i++) {
		n += (size_t)snprintf(buf + n, cap - n, "%s", fw[frand(12)]);
		if (frand(7) == 0)
			n += (size_t)snprintf(buf + n, cap - n, "%s",
			    frand(2) ? "，" : " Budget ");
	}
	(void)k;
}

struct fattr {
	int	ag, dis, st, year;
};

static void
filtered_case(struct search *s, const struct fattr *at, const char *q,
    const struct search_filter *f, size_t window)
{
	struct search_result	all, got;
	char			err[256], *e = search_expr(q);
	size_t			i, j, n = 0, newest;
	struct search_hit	*want;
	const struct fattr	*x;

	assert_non_null(e);
	assert_int_equal(search_query(s, e, NULL, FN, 0, &all, err,
	    sizeof(err)), 0);
	assert_int_equal(search_query(s, e, f, FN, window, &got, err,
	    sizeof(err)), 0);
	want = calloc(all.n + 1, sizeof(*want));
	/* By hand: the matches that pass, then the newest `window`. */
	for (newest = 0, i = 0; i < all.n; i++) {
		x = &at[all.hits[i].id];
		if ((f->agency && strcmp(f->agency, fag[x->ag]) != 0) ||
		    (f->disclosure && strcmp(f->disclosure, fdis[x->dis]) !=
		    0) || (f->status && strcmp(f->status, fst[x->st]) != 0) ||
		    (f->year && f->year != x->year))
			continue;
		want[n++] = all.hits[i];
	}
	if (window > 0 && n > window) {
		/* Keep the `window` largest ids, in the score order. */
		uint64_t	cutoff;
		uint64_t	*ids = calloc(n, sizeof(*ids));

		for (i = 0; i < n; i++)
			ids[i] = want[i].id;
		for (i = 0; i < window; i++)	/* partial selection */
			for (j = i + 1; j < n; j++)
				if (ids[j] > ids[i]) {
					uint64_t t = ids[i];
					ids[i] = ids[j];
					ids[j] = t;
				}
		cutoff = ids[window - 1];
		free(ids);
		for (i = j = 0; i < n; i++)
			if (want[i].id >= cutoff)
				want[j++] = want[i];
		newest = n;
		n = j;
		assert_int_equal(got.cut, 1);
		assert_int_equal(got.seen, window);
	} else {
		assert_int_equal(got.cut, 0);
		assert_int_equal(got.seen, n);
	}
	(void)newest;
	if (got.n != n)
		fail_msg("%s: %zu hits filtered, %zu by hand", q, got.n, n);
	for (i = 0; i < n; i++) {
		if (got.hits[i].id != want[i].id ||
		    got.hits[i].score != want[i].score)
			fail_msg("%s: hit %zu is D%llu %.17g, by hand D%llu "
			    "%.17g", q, i, (unsigned long long)got.hits[i].id,
			    got.hits[i].score,
			    (unsigned long long)want[i].id, want[i].score);
	}
	free(want);
	search_result_free(&all);
	search_result_free(&got);
	free(e);
}

/*
 * The index keeps no positions (detail=column): search_narrow.c finds
 * where in the rows' text.  Its answer must be the one FTS5 gives with
 * positions: the same rows as FTS5's phrase queries on a detail=full
 * table of the same rows and tokenizer, in the same order, with
 * docket_rank's scores.  Queries: runs of CJK, words, docnos, and phrases
 * that mix them (those go through the tokenized check).
 */
static void
reference_case(struct search *s, sqlite3 *ref, const char *q)
{
	struct search_result	 got;
	struct search_hit	*want = calloc(FN + 1, sizeof(*want));
	sqlite3_stmt		*st;
	char			 err[256], *e = search_expr(q);
	size_t			 n = 0, i;
	double			 d;

	assert_non_null(e);
	assert_int_equal(sqlite3_prepare_v2(ref, "SELECT rowid, "
	    "docket_rank(ref, 8.0, 4.0, 1.0, 0.0) FROM ref WHERE ref MATCH ?1",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, e, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		want[n].id = (uint64_t)sqlite3_column_int64(st, 0);
		want[n++].score = -sqlite3_column_double(st, 1);
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	qsort(want, n, sizeof(*want), search_hit_cmp);
	assert_int_equal(search_query(s, e, NULL, FN, 0, &got, err,
	    sizeof(err)), 0);
	if (got.n != n || got.seen != n)
		fail_msg("%s: %zu hits, FTS5 with positions %zu", q, got.n, n);
	for (i = 0; i < n; i++) {
		d = got.hits[i].score - want[i].score;
		if (got.hits[i].id != want[i].id || d > 1e-9 || d < -1e-9)
			fail_msg("%s: hit %zu is D%llu %.17g, FTS5 D%llu %.17g",
			    q, i, (unsigned long long)got.hits[i].id,
			    got.hits[i].score, (unsigned long long)want[i].id,
			    want[i].score);
	}
	/* A hit whose body holds the query (one piece) has it marked in its
	 * snippet (FTS5's snippet() of the body). */
	assert_int_equal(sqlite3_prepare_v2(ref, "SELECT body FROM ref WHERE "
	    "rowid = ?1", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < got.n && strpbrk(q, " \"") == NULL; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)got.hits[i].id);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (strcasestr((const char *)sqlite3_column_text(st, 0), q) &&
		    strchr(got.hits[i].snippet, '\x01') == NULL)
			fail_msg("%s: D%llu's snippet marks nothing: %s", q,
			    (unsigned long long)got.hits[i].id,
			    got.hits[i].snippet);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	search_result_free(&got);
	free(want);
	free(e);
}

static void
reference_all(struct search *s, const char *file)
{
	static const char *const qs[] = { "预算", "预", "理", "预算管理",
	    "\"预算管理办法\"", "管理预算", "预理", "预预", "预算 征收",
	    "财政资金 审批", "budget", "BUDGET 预算", "\"budget 预算\"",
	    "\"预算 budget 管理\"", "测财〔2019〕12号", "测财[2020]7号",
	    "2019", "12号", "〔2019〕12号", "关于预算", "budget，审批",
	    "\"，预算\"" };
	sqlite3		*ref;
	char		 sql[512];
	size_t		 i;

	assert_int_equal(sqlite3_open(":memory:", &ref), SQLITE_OK);
	assert_int_equal(search_fts_register(ref), SQLITE_OK);
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS ix; CREATE VIRTUAL TABLE "
	    "ref USING fts5(docno, title, body, tags, tokenize = 'docket'); "
	    "INSERT INTO ref(rowid, docno, title, body, tags) SELECT id, c0, "
	    "c1, c2, c3 FROM ix.doc_content;", file);
	assert_int_equal(sqlite3_exec(ref, sql, NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		reference_case(s, ref, qs[i]);
	sqlite3_close(ref);
}

static void
test_filtered(void **state)
{
	static const char *const qs[] = { "\"预算管理\"", "预算管理",
	    "财政资金 审批", "预算管理 资金审批", "预算 管理", "预算",
	    "\"管理 办法\"", "预理", "budget 预算管理", "预预" };
	struct fattr		*at;
	struct search		*s;
	struct search_attr	 a;
	struct search_filter	 f[5];
	char			 err[256], buf[1024], title[64], docno[64];
	size_t			 k, qi, fi;

	(void)state;
	assert_non_null(mkdtemp(fdir));
	snprintf(path, sizeof(path), "%s/search.sqlite", fdir);
	assert_int_equal(search_open(&s, path, 1, 0640, err, sizeof(err)), 0);
	at = calloc(FN + 1, sizeof(*at));
	assert_int_equal(search_begin(s, err, sizeof(err)), 0);
	for (k = 1; k <= FN; k++) {
		at[k].ag = (int)frand(3);
		at[k].dis = (int)frand(2);
		at[k].st = (int)frand(2);
		at[k].year = 2018 + (int)frand(3);
		a.agency = fag[at[k].ag];
		a.disclosure = fdis[at[k].dis];
		a.status = fst[at[k].st];
		a.year = at[k].year;
		fdoc(buf, sizeof(buf), k);
		snprintf(title, sizeof(title), "关于%s%s的通知",
		    fw[frand(12)], fw[frand(12)]);
		snprintf(docno, sizeof(docno), "测财〔%d〕%zu号", at[k].year,
		    k);
		assert_int_equal(search_put(s, k, "x", &a, docno, title, buf,
		    strlen(buf), err, sizeof(err)), 0);
	}
	assert_int_equal(search_commit(s, err, sizeof(err)), 0);
	memset(f, 0, sizeof(f));
	f[0].agency = "乙局";
	f[1].year = 2019;
	f[2].agency = "甲局";
	f[2].year = 2020;
	f[3].disclosure = "withheld";
	f[3].status = "in_force";
	f[4].agency = "丙局";
	f[4].disclosure = "public";
	f[4].status = "repealed";
	f[4].year = 2018;
	for (qi = 0; qi < sizeof(qs) / sizeof(qs[0]); qi++)
		for (fi = 0; fi < 5; fi++) {
			filtered_case(s, at, qs[qi], &f[fi], 0);
			filtered_case(s, at, qs[qi], &f[fi], 7);
		}
	reference_all(s, path);
	search_close(s);
	free(at);
	unlink(path);
	rmdir(fdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_snippets),
		cmocka_unit_test(test_expr),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_filtered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
