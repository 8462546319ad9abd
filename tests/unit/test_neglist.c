/*
 * Unit tests for neglist: the 负面清单 file (the shipped one equals the
 * built-in copy; the format; every refusal names FILE:LINE), matching a
 * stated reason to an item (longest phrase, the own agency on a tie,
 * another agency's items never), the rule change.c applies to every
 * record (an item or flag reason_unlisted, with events; cleared when the
 * record is no longer withheld or on_request), the mark command's item,
 * and the counts for the site from a real LMDB index.
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

#include "lifecycle.h"
#include "neglist.h"
#include "record.h"
#include "store.h"

static const char *conf_ids[] = {
	"state-secret", "law-forbids", "security", "trade-secret", "privacy",
	"internal", "process", "enforcement"
};

static char *
conf_path(void)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	static char	 path[1024];

	if (dir == NULL || *dir == '\0')
		dir = "tests/data";
	snprintf(path, sizeof(path), "%s/../../conf/negative-list.conf", dir);
	return path;
}

static struct neglist *
load_text(const char *text)
{
	struct neglist	*nl;
	char		 err[256];

	if ((nl = neglist_load_buf(text, "t.conf", err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return nl;
}

static void
assert_refused(const char *text, const char *want)
{
	char	err[256] = "";

	assert_null(neglist_load_buf(text, "t.conf", err, sizeof(err)));
	if (strcmp(err, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", text, err, want);
}

static void
test_conf_is_builtin(void **state)
{
	struct neglist			*f, *b;
	const struct neglist_item	*x, *y;
	char				 err[256];
	size_t				 i;

	(void)state;
	if ((f = neglist_load(conf_path(), err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	if ((b = neglist_builtin(err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_int_equal(neglist_count(f), 8);
	assert_int_equal(neglist_count(b), neglist_count(f));
	for (i = 0; i < neglist_count(f); i++) {
		x = neglist_item(f, i);
		y = neglist_item(b, i);
		assert_string_equal(x->id, conf_ids[i]);
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->matter, y->matter);
		assert_string_equal(x->basis, y->basis);
		assert_null(x->agency);
		assert_non_null(strstr(x->basis, "条例》第十"));
	}
	assert_null(neglist_item(f, 8));
	/* neglist_open: "" is the built-in list. */
	neglist_free(b);
	assert_non_null(b = neglist_open("", err, sizeof(err)));
	assert_int_equal(neglist_count(b), 8);
	neglist_free(b);
	neglist_free(f);
}

static void
test_format(void **state)
{
	struct neglist			*nl;
	const struct neglist_item	*it;

	(void)state;
	nl = load_text("\xef\xbb\xbf# comment\r\n; another\r\n\r\n"
	    "[a-1]\r\n"
	    "matter = 事项一\r\n"
	    "basis  =   条例第十五条  \r\n"
	    "agency = 南湖市财政局\r\n"
	    "match  = 甲, 乙，丙、丁;戊；己\r\n"
	    "match  = 庚 辛\r\n"
	    "[B_2]\n"
	    "  matter=事项二\n basis=第十六条\n");
	assert_int_equal(neglist_count(nl), 2);
	it = neglist_find(nl, "a-1");
	assert_non_null(it);
	assert_string_equal(it->matter, "事项一");
	assert_string_equal(it->basis, "条例第十五条");
	assert_string_equal(it->agency, "南湖市财政局");
	it = neglist_find(nl, "B_2");
	assert_non_null(it);
	assert_null(it->agency);
	assert_null(neglist_find(nl, "b_2"));
	assert_null(neglist_find(nl, NULL));
	/* Every separator splits; a blank inside a phrase is dropped. */
	assert_string_equal(neglist_match(nl, "己", "南湖市财政局")->id, "a-1");
	assert_string_equal(neglist_match(nl, "庚辛", "南湖市财政局")->id,
	    "a-1");
	assert_null(neglist_match(nl, "庚", "南湖市财政局"));
	/* B_2 has no phrase: matched by --item only. */
	assert_null(neglist_match(nl, "事项二", NULL));
	neglist_free(nl);
}

static void
test_errors(void **state)
{
	char	 big[NEGLIST_ID_MAX + 8], line[5000], text[6000];
	char	 err[256];
	FILE	*f;
	char	 path[] = "/tmp/docket-neglist-XXXXXX";
	int	 fd;

	(void)state;
	assert_refused("", "t.conf:0: no [ID] item defined");
	assert_refused("# only a comment\n", "t.conf:1: no [ID] item defined");
	assert_refused("[a\nmatter = x\n",
	    "t.conf:1: section header without a closing ]");
	assert_refused("[a b]\n", "t.conf:1: bad item id: [ID] takes 1 to 32 "
	    "letters, digits, - or _");
	assert_refused("[事项]\n", "t.conf:1: bad item id: [ID] takes 1 to 32 "
	    "letters, digits, - or _");
	assert_refused("[]\n", "t.conf:1: bad item id: [ID] takes 1 to 32 "
	    "letters, digits, - or _");
	memset(big, 'x', NEGLIST_ID_MAX + 1);
	big[NEGLIST_ID_MAX + 1] = '\0';
	snprintf(text, sizeof(text), "[%s]\nmatter=m\nbasis=b\n", big);
	assert_refused(text, "t.conf:1: bad item id: [ID] takes 1 to 32 "
	    "letters, digits, - or _");
	assert_refused("matter = x\n",
	    "t.conf:1: KEY = VALUE before the first [ID]");
	assert_refused("[a]\nmatter = m\nbasis = b\n[a]\n",
	    "t.conf:4: item id defined twice");
	assert_refused("[a]\nmatter = m\nbasis = b\nwhat = x\n",
	    "t.conf:4: unknown key (matter, basis, agency or match)");
	assert_refused("[a]\nmatter = m\nmatter = n\n",
	    "t.conf:3: key given twice in one item");
	assert_refused("[a]\nmatter =\n", "t.conf:2: empty value");
	assert_refused("[a]\njust words\n",
	    "t.conf:2: expected [ID] or KEY = VALUE");
	/* A missing matter or basis names the item's line. */
	assert_refused("# c\n[a]\nbasis = b\n[b]\nmatter = m\nbasis = b\n",
	    "t.conf:2: item has no matter (事项)");
	assert_refused("[a]\nmatter = m\nbasis = b\n\n[b]\nmatter = m\n",
	    "t.conf:5: item has no basis (依据)");
	assert_refused("[a]\nmatter = m\xff\n", "t.conf:2: not UTF-8");
	assert_refused("[a]\nmatter = m\tx\n",
	    "t.conf:2: control character in value");
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	snprintf(text, sizeof(text), "[a]\nmatter = %s\n", line);
	assert_refused(text, "t.conf:2: line too long");
	memset(line, 'x', 600);
	line[600] = '\0';
	snprintf(text, sizeof(text), "[a]\nmatter = %s\n", line);
	assert_refused(text, "t.conf:2: value too long");
	memset(line, 'x', 100);
	line[100] = '\0';
	snprintf(text, sizeof(text), "[a]\nmatter=m\nbasis=b\nmatch = ok, %s\n",
	    line);
	assert_refused(text, "t.conf:4: match phrase too long");
	/* A file: NUL bytes and a missing file. */
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fwrite("[a]\nmatter=m\0\nbasis=b\n", 1, 22, f);
	fclose(f);
	assert_null(neglist_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, ":0: NUL byte in file"));
	unlink(path);
	assert_null(neglist_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, ":0: No such file"));
}

static void
test_match(void **state)
{
	struct neglist	*nl;
	char		 err[256];

	(void)state;
	nl = load_text("[short]\nmatter=m\nbasis=b\nmatch = 隐私\n"
	    "[long]\nmatter=m\nbasis=b\nmatch = 个人隐私\n"
	    "[fin]\nmatter=m\nbasis=b\nagency = 财政局\nmatch = 隐私, 预算草案\n"
	    "[edu]\nmatter=m\nbasis=b\nagency = 教育局\nmatch = 学生档案\n");
	/* The longest phrase wins, wherever its item is. */
	assert_string_equal(neglist_match(nl, "涉及个人隐私，依据第十五条",
	    NULL)->id, "long");
	assert_string_equal(neglist_match(nl, "涉及 个人 隐私", "财政局")->id,
	    "long");
	/* A tie goes to the agency's own item, else the first. */
	assert_string_equal(neglist_match(nl, "涉及隐私", "财政局")->id, "fin");
	assert_string_equal(neglist_match(nl, "涉及隐私", "教育局")->id,
	    "short");
	assert_string_equal(neglist_match(nl, "涉及隐私", NULL)->id, "short");
	/* Another agency's item is never matched. */
	assert_null(neglist_match(nl, "学生档案", "财政局"));
	assert_null(neglist_match(nl, "学生档案", NULL));
	assert_string_equal(neglist_match(nl, "学生档案", "教育局")->id, "edu");
	assert_null(neglist_match(nl, "尚未完成的系统建设方案", NULL));
	assert_null(neglist_match(nl, NULL, NULL));
	assert_null(neglist_match(NULL, "隐私", NULL));
	neglist_free(nl);

	/* The shipped list on the reasons of the test corpus. */
	assert_non_null(nl = neglist_builtin(err, sizeof(err)));
	assert_string_equal(neglist_match(nl, "属于行政机关内部事务信息，依据"
	    "《中华人民共和国政府信息公开条例》第十六条第一款。", NULL)->id,
	    "internal");
	assert_string_equal(neglist_match(nl, "含有尚在讨论中的过程性信息，依据"
	    "《中华人民共和国政府信息公开条例》第十六条第二款。", NULL)->id,
	    "process");
	assert_string_equal(neglist_match(nl, "涉及第三方个人隐私，依据《中华人"
	    "民共和国政府信息公开条例》第十五条", NULL)->id, "privacy");
	assert_string_equal(neglist_match(nl, "涉及企业商业秘密", NULL)->id,
	    "trade-secret");
	assert_null(neglist_match(nl, "涉及尚未完成的系统建设方案。", NULL));
	neglist_free(nl);
}

static json_t *
mkrec(const char *disc, const char *reason, const char *item)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:[], s:s}", "id", "D000001",
	    "disclosure", disc, "disclosure_reason", reason, "negative_item",
	    item, "flags", "agency", "财政局");
}

static void
test_apply(void **state)
{
	struct neglist	*nl;
	struct lc_ctx	 lc;
	json_t		*rec, *ev;
	char		 err[256], old[NEGLIST_ID_MAX + 1];

	(void)state;
	assert_non_null(nl = neglist_builtin(err, sizeof(err)));
	lc_ctx_init(&lc, NULL, "docketd", 1767225600);

	/* A withheld record whose reason matches: the item. */
	rec = mkrec("withheld", "涉及商业秘密", NULL);
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_ITEM);
	assert_string_equal(old, "");
	assert_string_equal(record_str(rec, "negative_item"), "trade-secret");
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	ev = neglist_event(nl, &lc, old, rec);
	assert_string_equal(record_str(ev, "action"), "negative_item");
	assert_true(json_is_null(json_object_get(ev, "from")));
	assert_string_equal(record_str(ev, "to"), "trade-secret");
	assert_string_equal(record_str(ev, "reason"),
	    "《中华人民共和国政府信息公开条例》第十五条");
	json_decref(ev);
	/* Again: nothing to do. */
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_SAME);
	assert_string_equal(old, "trade-secret");
	/* Released: the item goes. */
	json_object_set_new(rec, "disclosure", json_string("public"));
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_ITEM);
	assert_string_equal(old, "trade-secret");
	assert_true(json_is_null(json_object_get(rec, "negative_item")));
	ev = neglist_event(nl, &lc, old, rec);
	assert_string_equal(record_str(ev, "from"), "trade-secret");
	assert_true(json_is_null(json_object_get(ev, "to")));
	json_decref(ev);
	json_decref(rec);

	/* No match: the flag, once. */
	rec = mkrec("on_request", "涉及尚未完成的系统建设方案", NULL);
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_FLAGGED);
	assert_true(lc_has_flag(rec, NEGLIST_FLAG));
	assert_true(json_is_null(json_object_get(rec, "negative_item")));
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_SAME);
	assert_true(lc_has_flag(rec, NEGLIST_FLAG));
	ev = neglist_event(nl, &lc, old, rec);
	assert_string_equal(record_str(ev, "reason"),
	    "理由未对应负面清单中的任何事项");
	json_decref(ev);
	/* An item given later clears it. */
	json_object_set_new(rec, "negative_item", json_string("process"));
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_FLAGGED);
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	json_decref(rec);
	/* No reason at all: the flag; undetermined clears it. */
	rec = mkrec("withheld", NULL, NULL);
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_FLAGGED);
	assert_true(lc_has_flag(rec, NEGLIST_FLAG));
	json_object_set_new(rec, "disclosure", json_string("undetermined"));
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_FLAGGED);
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	json_decref(rec);
	/* A state secret whose reason names nothing cites state-secret. */
	rec = mkrec("withheld", NULL, NULL);
	json_object_set_new(rec, "secrecy", json_string("机密"));
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_ITEM);
	assert_string_equal(record_str(rec, "negative_item"), "state-secret");
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	json_decref(rec);
	/* A public record: nothing. */
	rec = mkrec("public", "涉及商业秘密", NULL);
	assert_int_equal(neglist_apply(nl, rec, old), NEGLIST_SAME);
	/* No list: nothing. */
	json_object_set_new(rec, "disclosure", json_string("withheld"));
	assert_int_equal(neglist_apply(NULL, rec, old), NEGLIST_SAME);
	json_decref(rec);
	neglist_free(nl);
}

static void
test_mark(void **state)
{
	struct neglist	*nl;
	json_t		*rec, *mev;
	char		 err[256];

	(void)state;
	assert_non_null(nl = neglist_builtin(err, sizeof(err)));
	mev = json_object();
	/* --item names one: it wins over the reason. */
	rec = mkrec("withheld", "涉及商业秘密", NULL);
	json_array_append_new(json_object_get(rec, "flags"),
	    json_string(NEGLIST_FLAG));
	assert_int_equal(neglist_mark(nl, rec, "internal", mev, err,
	    sizeof(err)), 0);
	assert_string_equal(record_str(rec, "negative_item"), "internal");
	assert_string_equal(record_str(mev, "negative_item"), "internal");
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	/* An unknown item, or an item for a public record: usage. */
	assert_int_equal(neglist_mark(nl, rec, "nope", mev, err, sizeof(err)),
	    LC_EUSAGE);
	assert_non_null(strstr(err, "nope"));
	assert_string_equal(record_str(rec, "negative_item"), "internal");
	json_object_set_new(rec, "disclosure", json_string("public"));
	assert_int_equal(neglist_mark(nl, rec, "internal", mev, err,
	    sizeof(err)), LC_EUSAGE);
	/* Marked public without --item: no item (the event says so), no
	 * flag. */
	json_object_clear(mev);
	assert_int_equal(neglist_mark(nl, rec, NULL, mev, err, sizeof(err)),
	    0);
	assert_true(json_is_null(json_object_get(rec, "negative_item")));
	assert_true(json_is_null(json_object_get(mev, "negative_item")));
	assert_non_null(json_object_get(mev, "negative_item"));
	assert_false(lc_has_flag(rec, NEGLIST_FLAG));
	/* Without --item the new reason decides; no match: the flag. */
	json_object_set_new(rec, "disclosure", json_string("on_request"));
	json_object_set_new(rec, "disclosure_reason",
	    json_string("另有考虑"));
	json_object_clear(mev);
	assert_int_equal(neglist_mark(nl, rec, NULL, mev, err, sizeof(err)),
	    0);
	assert_true(lc_has_flag(rec, NEGLIST_FLAG));
	assert_true(json_is_null(json_object_get(mev, "negative_item")));
	assert_non_null(json_object_get(mev, "negative_item"));
	json_decref(rec);
	json_decref(mev);
	neglist_free(nl);
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

static void
test_counts(void **state)
{
	struct neglist	*nl;
	struct store	*st;
	MDB_txn		*txn;
	json_t		*recs, *out, *e;
	char		 dir[] = "/tmp/docket-neglist-db-XXXXXX", err[256];
	char		 id[STORE_ID_LEN], cmd[300];
	const char	*items[] = { "privacy", "privacy", "internal", NULL,
			    "gone" };
	size_t		 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	if (store_open(&st, dir, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	recs = json_array();
	for (i = 0; i < 5; i++) {
		store_id_format(i + 1, id);
		json_array_append_new(recs, json_pack("{s:s, s:i, s:s, s:s?, "
		    "s:[]}", "id", id, "version", 1, "disclosure", "withheld",
		    "negative_item", items[i], "flags"));
	}
	assert_int_equal(store_write(st, put_recs, recs), 0);
	json_decref(recs);
	assert_non_null(nl = neglist_builtin(err, sizeof(err)));
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(neglist_counts(nl, st, txn, &out), 0);
	store_txn_end(txn);
	assert_int_equal(json_array_size(out), 8);
	json_array_foreach(out, i, e) {
		assert_int_equal(json_object_size(e), 5);
		assert_string_equal(record_str(e, "id"), conf_ids[i]);
		assert_non_null(record_str(e, "matter"));
		assert_non_null(record_str(e, "basis"));
		assert_true(json_is_null(json_object_get(e, "agency")));
		assert_int_equal(json_integer_value(json_object_get(e,
		    "count")), strcmp(conf_ids[i], "privacy") == 0 ? 2 :
		    strcmp(conf_ids[i], "internal") == 0 ? 1 : 0);
	}
	json_decref(out);
	neglist_free(nl);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_active(void **state)
{
	struct neglist	*nl;
	char		 err[256];

	(void)state;
	assert_null(neglist_active());
	assert_non_null(nl = neglist_builtin(err, sizeof(err)));
	neglist_set_active(nl);
	assert_ptr_equal(neglist_active(), nl);
	neglist_set_active(NULL);
	neglist_free(nl);
	assert_true(neglist_cites("withheld"));
	assert_true(neglist_cites("on_request"));
	assert_false(neglist_cites("public"));
	assert_false(neglist_cites("undetermined"));
	assert_false(neglist_cites(NULL));
}

/* Hostile files: random lines built from the pieces of the format never
 * crash the reader; a refusal always names t.conf and a line. */
static void
test_random(void **state)
{
	static const char *const piece[] = {
		"[", "]", "a", "-", "=", "matter", "basis", "agency", "match",
		" ", "\t", "\n", "\r\n", "，", "、", ";", "#", "事项",
		"第十五条", "\xef\xbb\xbf", "\xff", "\xe4\xba", "[x]\n",
		"matter = m\nbasis = b\n", "match = 甲,乙\n"
	};
	struct neglist	*nl;
	char		 text[4096], err[256];
	size_t		 n, k, len;
	unsigned int	 seed = 17;
	int		 round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		len = 0;
		n = (size_t)(rand_r(&seed) % 60);
		for (k = 0; k < n; k++) {
			const char *p = piece[(size_t)rand_r(&seed) %
			    (sizeof(piece) / sizeof(piece[0]))];

			if (len + strlen(p) + 1 >= sizeof(text))
				break;
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		text[len] = '\0';
		err[0] = '\0';
		nl = neglist_load_buf(text, "t.conf", err, sizeof(err));
		if (nl == NULL) {
			if (strncmp(err, "t.conf:", 7) != 0)
				fail_msg("no FILE:LINE in '%s'", err);
			continue;
		}
		assert_true(neglist_count(nl) > 0);
		for (k = 0; k < neglist_count(nl); k++) {
			assert_non_null(neglist_item(nl, k)->matter);
			assert_non_null(neglist_item(nl, k)->basis);
		}
		(void)neglist_match(nl, text, "a");
		neglist_free(nl);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_is_builtin),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_active),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
