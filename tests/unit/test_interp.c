/*
 * Unit tests for interp: which titles mark a 政策解读 (a marker inside
 * 《…》 does not), what an interpretation names (docnos and 《titles》 of
 * its title, else the docnos of its text), which records are 规范性文件,
 * the due date of the clock, linking both ways with their events, and
 * ingest's glue on a real LMDB index: a policy found by docno, one found
 * by title among the newest records, one in the same batch, and an
 * interpretation that waited (flag interpretation_unlinked) linked when
 * its policy arrives.  The documents are invented for these tests.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "change.h"
#include "interp.h"
#include "lifecycle.h"
#include "record.h"
#include "store.h"

static void
test_is_interpretation(void **state)
{
	(void)state;
	assert_true(interp_is_interpretation("《南湖市养老服务补贴办法》政策解读"));
	assert_true(interp_is_interpretation("一图读懂《南湖市养老服务补贴办法》"));
	assert_true(interp_is_interpretation("市民政局负责人就《南湖市养老服务"
	    "补贴办法》答记者问"));
	assert_true(interp_is_interpretation("关于南政办规〔2024〕3号文件的解读"));
	assert_true(interp_is_interpretation("南湖市养老服务补贴办法政策解读"));
	assert_true(interp_is_interpretation("《南湖市 养老服务补贴办法》 问答"));
	/* A marker inside 《…》, or in passing, is not one. */
	assert_false(interp_is_interpretation("关于印发《南湖市政策解读工作"
	    "办法》的通知"));
	assert_false(interp_is_interpretation("关于做好政策解读工作的通知"));
	assert_false(interp_is_interpretation("关于开展知识问答活动的通知"));
	assert_false(interp_is_interpretation("南湖市养老服务补贴办法"));
	assert_false(interp_is_interpretation(""));
	assert_false(interp_is_interpretation(NULL));
}

static void
assert_refs(json_t *refs, const char *want)
{
	char *got = json_dumps(refs, JSON_COMPACT);

	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("got %s, want %s", got, want);
	free(got);
	json_decref(refs);
}

static void
test_refs(void **state)
{
	(void)state;
	assert_refs(interp_refs("一图读懂《南湖市养老服务补贴办法》", NULL),
	    "[\"《南湖市养老服务补贴办法》\"]");
	assert_refs(interp_refs("关于南政办规[2024]3号文件的解读",
	    "南政发〔2020〕1号"), "[\"南政办规〔2024〕3号\"]");
	/* Nested 《…》 is one title; blanks go. */
	assert_refs(interp_refs("《关于 印发《南湖市办法》的通知》解读", NULL),
	    "[\"《关于印发《南湖市办法》的通知》\"]");
	/* The title names nothing: the docnos of the text, once each. */
	assert_refs(interp_refs("政策解读", "根据南政办规〔2024〕3号文件，"
	    "南政办规（2024）3号规定……根据南政发〔2020〕1号。"),
	    "[\"南政办规〔2024〕3号\",\"南政发〔2020〕1号\"]");
	assert_refs(interp_refs("政策解读", NULL), "[]");
}

static json_t *
mkrec(unsigned long id, const char *docno, const char *title,
    const char *type)
{
	char ids[STORE_ID_LEN];

	store_id_format(id, ids);
	return json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:s, s:s, s:[], s:b, "
	    "s:n, s:n, s:n, s:n, s:n}", "id", ids, "version", 1, "docno", docno,
	    "title", title, "doc_type", type, "disclosure", "public", "status",
	    "in_force", "flags", "published", 0, "published_on", "interprets",
	    "interprets_ref", "interpreted_on", "commit");
}

static void
test_normative(void **state)
{
	json_t	*r;

	(void)state;
	r = mkrec(1, "鲁政办规〔2021〕3号", "关于加强某项工作的通知", "通知");
	assert_true(interp_normative(r));
	json_decref(r);
	r = mkrec(1, "南政发〔2021〕3号", "关于印发《南湖市养老服务补贴办法》"
	    "的通知", "通知");
	assert_true(interp_normative(r));
	json_decref(r);
	r = mkrec(1, NULL, "南湖市物业管理实施细则", NULL);
	assert_true(interp_normative(r));
	json_decref(r);
	/* Not: a reply, a repeal, a draft, an interpretation, a notice. */
	r = mkrec(1, "南政字〔2021〕3号", "关于南湖市补贴办法有关问题的批复",
	    "批复");
	assert_false(interp_normative(r));
	json_decref(r);
	r = mkrec(1, "南政发〔2021〕4号", "关于废止《南湖市养老服务补贴办法》"
	    "的决定", "决定");
	assert_false(interp_normative(r));
	json_decref(r);
	r = mkrec(1, NULL, "关于公开征求《南湖市补贴办法》意见的公告", "公告");
	assert_false(interp_normative(r));
	json_decref(r);
	r = mkrec(1, NULL, "《南湖市养老服务补贴办法》政策解读", NULL);
	assert_false(interp_normative(r));
	json_decref(r);
	r = mkrec(1, "南政发〔2021〕5号", "关于召开全市工作会议的通知", "通知");
	assert_false(interp_normative(r));
	json_decref(r);
	/* The 规 must be in the agency code, not in the number. */
	r = mkrec(1, "南规划〔2021〕5号", "关于召开会议的通知", "通知");
	assert_true(interp_normative(r));
	json_decref(r);
}

static void
test_due_link_overdue(void **state)
{
	struct lc_ctx	 lc;
	json_t		*p, *it, *iev, *pev, *ev;

	(void)state;
	lc_ctx_init(&lc, NULL, "docketd", 1767225600);	/* 2026-01-01 */
	p = mkrec(1, "南政办规〔2025〕9号", "南湖市养老服务补贴办法", "通知");
	/* Not published yet: no due date. */
	assert_null(interp_due_date(p));
	json_object_set_new(p, "published", json_true());
	json_object_set_new(p, "published_on", json_string("2025-12-20"));
	assert_string_equal(interp_due_date(p), "2025-12-20");
	json_object_set_new(p, "status", json_string("repealed"));
	assert_null(interp_due_date(p));
	json_object_set_new(p, "status", json_string("in_force"));

	/* The clock flags it once, with an event. */
	ev = json_array();
	assert_int_equal(interp_overdue(&lc, p, ev), 0);
	assert_true(lc_has_flag(p, INTERP_FLAG_NONE));
	assert_int_equal(json_array_size(ev), 1);
	assert_string_equal(record_str(json_array_get(ev, 0), "action"),
	    INTERP_FLAG_NONE);
	assert_null(interp_due_date(p));
	assert_int_equal(interp_overdue(&lc, p, ev), LC_ECONFLICT);
	json_decref(ev);
	/* It stays while it applies; a repeal takes it away. */
	assert_int_equal(interp_tidy(p), 0);
	assert_true(lc_has_flag(p, INTERP_FLAG_NONE));
	json_object_set_new(p, "status", json_string("repealed"));
	assert_int_equal(interp_tidy(p), 1);
	assert_false(lc_has_flag(p, INTERP_FLAG_NONE));
	assert_int_equal(interp_tidy(p), 0);
	json_object_set_new(p, "status", json_string("in_force"));
	lc_set_flag(p, INTERP_FLAG_NONE, 1);

	/* An interpretation links: both sides change, each with an event. */
	it = mkrec(2, NULL, "一图读懂《南湖市养老服务补贴办法》", NULL);
	assert_int_equal(interp_prepare(it, NULL), 0);
	assert_true(lc_has_flag(it, INTERP_FLAG_UNLINKED));
	assert_true(interp_names(json_object_get(it, "interprets_ref"), p));
	iev = json_array();
	pev = json_array();
	interp_link(&lc, it, p, "标题 《南湖市养老服务补贴办法》", iev, pev);
	assert_string_equal(record_str(it, "interprets"), "D000001");
	assert_false(lc_has_flag(it, INTERP_FLAG_UNLINKED));
	assert_string_equal(record_str(p, "interpreted_on"), "2026-01-01");
	assert_false(lc_has_flag(p, INTERP_FLAG_NONE));
	assert_null(interp_due_date(p));
	assert_string_equal(record_str(json_array_get(iev, 0), "action"),
	    "interprets");
	assert_string_equal(record_str(json_array_get(iev, 0), "related"),
	    "D000001");
	assert_string_equal(record_str(json_array_get(pev, 0), "action"),
	    "interpretation");
	assert_string_equal(record_str(json_array_get(pev, 0), "related"),
	    "D000002");
	/* A new version of an interpretation already linked keeps it. */
	assert_int_equal(interp_prepare(it, NULL), 0);
	assert_false(lc_has_flag(it, INTERP_FLAG_UNLINKED));
	/* A policy is not named by an interpretation of it. */
	assert_false(interp_names(json_object_get(it, "interprets_ref"), it));
	/* A plain document: no references. */
	assert_int_equal(interp_prepare(p, "南政办规〔2025〕9号"), 0);
	assert_true(json_is_null(json_object_get(p, "interprets_ref")));
	json_decref(iev);
	json_decref(pev);
	json_decref(it);
	json_decref(p);
}

static int
put_recs(struct store *st, MDB_txn *txn, void *arg)
{
	json_t	*r;
	size_t	 i;
	int	 rc;

	json_array_foreach((json_t *)arg, i, r)
		if ((rc = store_put_record(st, txn, r)) != 0)
			return rc;
	return 0;
}

static json_t *
stored(unsigned long id, const char *docno, const char *title)
{
	json_t *r = mkrec(id, docno, title, "通知");

	json_object_set_new(r, "commit", json_string("0123456789abcdef"));
	return r;
}

static void
test_ingest(void **state)
{
	struct store	*st;
	struct change	*ch;
	struct lc_ctx	 lc;
	MDB_txn		*txn;
	json_t		*recs, *w, *a, *b, *c, *d, *r;
	char		 dir[] = "/tmp/docket-interp-XXXXXX", err[256];
	char		 cmd[300];
	unsigned long	 i;

	(void)state;
	lc_ctx_init(&lc, NULL, "docketd", 1767225600);
	assert_non_null(mkdtemp(dir));
	if (store_open(&st, dir, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	/* Stored: a policy by docno (1), one by title (2), a waiting
	 * interpretation (3), and fillers. */
	recs = json_array();
	json_array_append_new(recs, stored(1, "南政办规〔2025〕1号",
	    "南湖市电动自行车管理办法"));
	json_array_append_new(recs, stored(2, "南政发〔2025〕2号",
	    "关于印发《南湖市物业管理细则》的通知"));
	w = stored(3, NULL, "一图读懂《南湖市养老服务补贴办法》");
	assert_int_equal(interp_prepare(w, NULL), 0);
	json_array_append_new(recs, w);
	for (i = 4; i < 40; i++)
		json_array_append_new(recs, stored(i, NULL, "其他文件"));
	assert_int_equal(store_write(st, put_recs, recs), 0);
	json_decref(recs);

	/* The batch: interpretations of 1 (docno in the text) and 2 (by
	 * title), the policy 3 waited for, and an interpretation of a
	 * policy in the batch itself. */
	a = mkrec(40, NULL, "政策解读", NULL);
	assert_int_equal(interp_prepare(a, "现就南政办规〔2025〕1号解读如下"), 0);
	b = mkrec(41, NULL, "《南湖市物业管理细则》解读", NULL);
	assert_int_equal(interp_prepare(b, NULL), 0);
	c = mkrec(42, "南政办规〔2026〕1号", "南湖市养老服务补贴办法", "通知");
	assert_int_equal(interp_prepare(c, NULL), 0);
	d = mkrec(43, NULL, "关于南政办规〔2026〕1号的问答", NULL);
	assert_int_equal(interp_prepare(d, NULL), 0);
	assert_non_null(ch = change_new(st, NULL));
	assert_int_equal(change_put(ch, a, NULL), 0);
	assert_int_equal(change_put(ch, b, NULL), 0);
	assert_int_equal(change_put(ch, c, NULL), 0);
	assert_int_equal(change_put(ch, d, NULL), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	if (interp_ingest(st, txn, ch, &lc, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(record_str(a, "interprets"), "D000001");
	assert_string_equal(record_str(b, "interprets"), "D000002");
	assert_string_equal(record_str(d, "interprets"), "D000042");
	assert_false(lc_has_flag(a, INTERP_FLAG_UNLINKED));
	assert_string_equal(record_str(c, "interpreted_on"), "2026-01-01");
	/* The stored ones changed are in the change. */
	r = change_get(ch, txn, 1);
	assert_string_equal(record_str(r, "interpreted_on"), "2026-01-01");
	r = change_get(ch, txn, 3);
	assert_string_equal(record_str(r, "interprets"), "D000042");
	assert_false(lc_has_flag(r, INTERP_FLAG_UNLINKED));
	assert_int_equal(change_count(ch), 7);
	store_txn_end(txn);
	change_free(ch);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(d);

	/* A policy beyond the title window is not found by title. */
	recs = json_array();
	for (i = 44; i < 44 + INTERP_TITLE_WINDOW; i++)
		json_array_append_new(recs, stored(i, NULL, "其他文件"));
	assert_int_equal(store_write(st, put_recs, recs), 0);
	json_decref(recs);
	a = mkrec(5000, NULL, "《南湖市物业管理细则》问答", NULL);
	assert_int_equal(interp_prepare(a, NULL), 0);
	assert_non_null(ch = change_new(st, NULL));
	assert_int_equal(change_put(ch, a, NULL), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(interp_ingest(st, txn, ch, &lc, err, sizeof(err)), 0);
	assert_true(json_is_null(json_object_get(a, "interprets")));
	assert_true(lc_has_flag(a, INTERP_FLAG_UNLINKED));
	store_txn_end(txn);
	change_free(ch);
	json_decref(a);

	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Titles and texts of random pieces never crash the rules. */
static void
test_random(void **state)
{
	static const char *const piece[] = {
		"《", "》", "解读", "关于", "南政办规", "〔", "〕", "[", "]", "2024",
		"3", "号", "办法", "问答", " ", "\n", "（", "）", "的", "印发",
		"一图读懂", "废止", "\xe3\x80", "x"
	};
	char		 text[2048];
	json_t		*refs, *r;
	size_t		 n, k, len;
	unsigned int	 seed = 5;
	int		 round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		len = 0;
		n = (size_t)(rand_r(&seed) % 40);
		for (k = 0; k < n; k++) {
			const char *p = piece[(size_t)rand_r(&seed) %
			    (sizeof(piece) / sizeof(piece[0]))];

			if (len + strlen(p) + 1 >= sizeof(text))
				break;
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		text[len] = '\0';
		(void)interp_is_interpretation(text);
		assert_non_null(refs = interp_refs(text, text));
		assert_true(json_array_size(refs) <= INTERP_REFS_MAX);
		r = mkrec(1, NULL, text, NULL);
		(void)interp_normative(r);
		(void)interp_names(refs, r);
		json_decref(r);
		json_decref(refs);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_interpretation),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_normative),
		cmocka_unit_test(test_due_link_overdue),
		cmocka_unit_test(test_ingest),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
