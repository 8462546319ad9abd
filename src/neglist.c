/*
 * neglist: the 负面清单 file, and which item a record cites.
 *
 * The file is line based like domains.conf: [ID] opens an item, then
 * matter, basis, agency and match keys.  It comes from a site and is
 * edited by hand, so every limit is checked and every refusal names the
 * file and line (an item's missing matter or basis names the line of its
 * [ID]).  Matching is plain substring search of the blank-stripped
 * phrases in the blank-stripped reason; the longest phrase wins.
 *
 * neglist_apply is the rule change.c runs on every record it commits, so
 * a record registered withheld (ingest), marked, released by a review or
 * carried into a new version always ends with an item or the flag; the
 * mark command names its item first (neglist_mark), so its event says
 * which.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neglist.h"
#include "textfile.h"
#include "neglist_default.h"
#include "record.h"
#include "textblank.h"
#include "textdec.h"

#define NL_MAX_ITEMS		256
#define NL_MAX_PHRASES		64	/* per item */
#define NL_PHRASE_MAX		96	/* bytes */
#define NL_TEXT_MAX		512	/* bytes of matter, basis, agency */
#define NL_LINE_MAX		4096
#define NL_FILE_MAX		(256 * 1024)
#define NL_REASON_MAX		4096	/* bytes of a reason searched */

struct nl_item {
	struct neglist_item	 pub;
	char			*id, *matter, *basis, *agency;
	char			**phr;
	size_t			 nphr;
	size_t			 line;	/* of its [ID] */
};

struct neglist {
	struct nl_item	*v;
	size_t		 n;
};

static const struct neglist	*nl_active;

static char *
nl_dup(const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static int
nl_id_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > NEGLIST_ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '-' ||
		    p[i] == '_'))
			return 0;
	return 1;
}

/* A separator of match phrases at p: its length, or 0. */
static size_t
nl_sep(const char *p, size_t n)
{
	static const char	*seps[] = { ",", "，", "、", ";", "；" };
	size_t			 i, k;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		k = strlen(seps[i]);
		if (n >= k && memcmp(p, seps[i], k) == 0)
			return k;
	}
	return 0;
}

/* Add the phrases of a match value.  0, -1 out of memory, -2 *why. */
static int
nl_phrases(struct nl_item *it, const char *p, size_t n, const char **why)
{
	size_t	 i = 0, start, k;
	char	*s, **v;

	while (i < n) {
		if ((k = nl_sep(p + i, n - i)) > 0) {
			i += k;
			continue;
		}
		for (start = i; i < n && nl_sep(p + i, n - i) == 0; i++)
			;
		if ((s = textblank_dup_strip(p + start, i - start, 1)) ==
		    NULL)
			return -1;
		if (*s == '\0') {
			free(s);
			continue;
		}
		if (strlen(s) > NL_PHRASE_MAX) {
			free(s);
			*why = "match phrase too long";
			return -2;
		}
		if (it->nphr >= NL_MAX_PHRASES) {
			free(s);
			*why = "too many match phrases in one item";
			return -2;
		}
		if ((v = realloc(it->phr, (it->nphr + 1) * sizeof(*v))) ==
		    NULL) {
			free(s);
			return -1;
		}
		it->phr = v;
		v[it->nphr++] = s;
	}
	return 0;
}

/* One KEY = VALUE line of an item.  0, -1 out of memory, -2 *why. */
static int
nl_key(struct nl_item *it, const char *key, size_t kn, const char *val,
    size_t vn, const char **why)
{
	char	**slot = NULL;

	if (kn == 5 && memcmp(key, "match", 5) == 0)
		return nl_phrases(it, val, vn, why);
	if (kn == 6 && memcmp(key, "matter", 6) == 0)
		slot = &it->matter;
	else if (kn == 5 && memcmp(key, "basis", 5) == 0)
		slot = &it->basis;
	else if (kn == 6 && memcmp(key, "agency", 6) == 0)
		slot = &it->agency;
	else {
		*why = "unknown key (matter, basis, agency or match)";
		return -2;
	}
	if (*slot != NULL) {
		*why = "key given twice in one item";
		return -2;
	}
	if (vn == 0) {
		*why = "empty value";
		return -2;
	}
	if (vn > NL_TEXT_MAX) {
		*why = "value too long";
		return -2;
	}
	if (memchr(val, '\0', vn) != NULL || memchr(val, '\t', vn) != NULL) {
		*why = "control character in value";
		return -2;
	}
	if ((*slot = nl_dup(val, vn)) == NULL)
		return -1;
	return 0;
}

/* The item just closed must have its matter and basis. */
static int
nl_check_item(const struct nl_item *it, const char **why)
{
	if (it->matter == NULL) {
		*why = "item has no matter (事项)";
		return -2;
	}
	if (it->basis == NULL) {
		*why = "item has no basis (依据)";
		return -2;
	}
	return 0;
}

static void
nl_publish(struct neglist *nl)
{
	size_t i;

	for (i = 0; i < nl->n; i++) {
		nl->v[i].pub.id = nl->v[i].id;
		nl->v[i].pub.matter = nl->v[i].matter;
		nl->v[i].pub.basis = nl->v[i].basis;
		nl->v[i].pub.agency = nl->v[i].agency;
	}
}

struct neglist *
neglist_load_buf(const char *text, const char *name, char *err,
    size_t errlen)
{
	struct neglist	*nl;
	struct nl_item	*cur = NULL, *v;
	const char	*p, *end, *nl_, *why = NULL, *key, *val, *eq;
	size_t		 n, kn, vn, line = 0, i, bad_line = 0;
	int		 rc;

	if (name == NULL)
		name = "<negative list>";
	if (text == NULL)
		text = "";
	if ((nl = calloc(1, sizeof(*nl))) == NULL) {
		textfile_error(err, errlen, name, 0, "out of memory");
		return NULL;
	}
	p = text;
	end = text + strlen(text);
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; p = nl_ < end ? nl_ + 1 : end) {
		line++;
		bad_line = line;
		if ((nl_ = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl_ = end;
		n = (size_t)(nl_ - p);
		if (n > NL_LINE_MAX) {
			why = "line too long";
			goto bad;
		}
		if (!textdec_is_utf8((const unsigned char *)p, n)) {
			why = "not UTF-8";
			goto bad;
		}
		if (n > 0 && p[n - 1] == '\r')
			n--;
		textblank_trim(&p, &n);
		if (n == 0 || p[0] == '#' || p[0] == ';')
			continue;
		if (p[0] == '[') {
			if (p[n - 1] != ']') {
				why = "section header without a closing ]";
				goto bad;
			}
			if (cur != NULL && nl_check_item(cur, &why) != 0) {
				bad_line = cur->line;
				goto bad;
			}
			key = p + 1;
			kn = n - 2;
			textblank_trim(&key, &kn);
			if (!nl_id_ok(key, kn)) {
				why = "bad item id: [ID] takes 1 to 32 "
				    "letters, digits, - or _";
				goto bad;
			}
			for (i = 0; i < nl->n; i++)
				if (strlen(nl->v[i].id) == kn &&
				    memcmp(nl->v[i].id, key, kn) == 0) {
					why = "item id defined twice";
					goto bad;
				}
			if (nl->n >= NL_MAX_ITEMS) {
				why = "too many items (256 at most)";
				goto bad;
			}
			if ((v = realloc(nl->v, (nl->n + 1) * sizeof(*v))) ==
			    NULL)
				goto nomem;
			nl->v = v;
			memset(&v[nl->n], 0, sizeof(v[nl->n]));
			v[nl->n].line = line;
			if ((v[nl->n].id = nl_dup(key, kn)) == NULL)
				goto nomem;
			cur = &v[nl->n++];
			continue;
		}
		if ((eq = memchr(p, '=', n)) == NULL) {
			why = "expected [ID] or KEY = VALUE";
			goto bad;
		}
		if (cur == NULL) {
			why = "KEY = VALUE before the first [ID]";
			goto bad;
		}
		key = p;
		kn = (size_t)(eq - p);
		val = eq + 1;
		vn = n - kn - 1;
		textblank_trim(&key, &kn);
		textblank_trim(&val, &vn);
		if ((rc = nl_key(cur, key, kn, val, vn, &why)) == -1)
			goto nomem;
		if (rc == -2)
			goto bad;
	}
	if (cur != NULL && nl_check_item(cur, &why) != 0) {
		bad_line = cur->line;
		goto bad;
	}
	if (nl->n == 0) {
		why = "no [ID] item defined";
		goto bad;
	}
	nl_publish(nl);
	return nl;
nomem:
	why = "out of memory";
bad:
	textfile_error(err, errlen, name, bad_line, "%s", why);
	neglist_free(nl);
	return NULL;
}

struct neglist *
neglist_load(const char *path, char *err, size_t errlen)
{
	struct neglist	*nl;
	char		*buf;

	if ((buf = textfile_read(path, NL_FILE_MAX, err, errlen)) == NULL)
		return NULL;
	nl = neglist_load_buf(buf, path, err, errlen);
	free(buf);
	return nl;
}

struct neglist *
neglist_builtin(char *err, size_t errlen)
{
	return neglist_load_buf(neglist_default,
	    "<built-in negative-list.conf>", err, errlen);
}

struct neglist *
neglist_open(const char *path, char *err, size_t errlen)
{
	if (path == NULL || *path == '\0')
		return neglist_builtin(err, errlen);
	return neglist_load(path, err, errlen);
}

void
neglist_free(struct neglist *nl)
{
	size_t i, j;

	if (nl == NULL)
		return;
	for (i = 0; i < nl->n; i++) {
		free(nl->v[i].id);
		free(nl->v[i].matter);
		free(nl->v[i].basis);
		free(nl->v[i].agency);
		for (j = 0; j < nl->v[i].nphr; j++)
			free(nl->v[i].phr[j]);
		free(nl->v[i].phr);
	}
	free(nl->v);
	free(nl);
}

size_t
neglist_count(const struct neglist *nl)
{
	return nl != NULL ? nl->n : 0;
}

const struct neglist_item *
neglist_item(const struct neglist *nl, size_t i)
{
	return nl != NULL && i < nl->n ? &nl->v[i].pub : NULL;
}

const struct neglist_item *
neglist_find(const struct neglist *nl, const char *id)
{
	size_t i;

	if (nl == NULL || id == NULL)
		return NULL;
	for (i = 0; i < nl->n; i++)
		if (strcmp(nl->v[i].id, id) == 0)
			return &nl->v[i].pub;
	return NULL;
}

const struct neglist_item *
neglist_match(const struct neglist *nl, const char *reason,
    const char *agency)
{
	const struct nl_item	*it, *best = NULL;
	size_t			 i, j, len, bestlen = 0, rn;
	int			 own, bestown = 0;
	char			*r;

	if (nl == NULL || reason == NULL)
		return NULL;
	rn = strlen(reason);
	if (rn > NL_REASON_MAX)
		rn = NL_REASON_MAX;
	if ((r = textblank_dup_strip(reason, rn, 1)) == NULL)
		return NULL;
	for (i = 0; i < nl->n; i++) {
		it = &nl->v[i];
		own = it->agency != NULL && agency != NULL &&
		    strcmp(it->agency, agency) == 0;
		if (it->agency != NULL && !own)
			continue;
		for (j = 0; j < it->nphr; j++) {
			len = strlen(it->phr[j]);
			if (strstr(r, it->phr[j]) == NULL)
				continue;
			if (len > bestlen || (len == bestlen && own &&
			    !bestown)) {
				best = it;
				bestlen = len;
				bestown = own;
			}
		}
	}
	free(r);
	return best != NULL ? &best->pub : NULL;
}

int
neglist_cites(const char *disclosure)
{
	return disclosure != NULL && (strcmp(disclosure, "withheld") == 0 ||
	    strcmp(disclosure, "on_request") == 0);
}

int
neglist_apply(const struct neglist *nl, json_t *rec,
    char old[NEGLIST_ID_MAX + 1])
{
	const struct neglist_item	*it;
	const char			*cur, *disc;
	int				 flag;

	old[0] = '\0';
	if (nl == NULL)
		return NEGLIST_SAME;
	disc = record_str(rec, "disclosure");
	cur = record_str(rec, "negative_item");
	flag = lc_has_flag(rec, NEGLIST_FLAG);
	if (cur != NULL)
		snprintf(old, NEGLIST_ID_MAX + 1, "%s", cur);
	if (!neglist_cites(disc)) {
		/* Public or undetermined: nothing to cite. */
		lc_set_flag(rec, NEGLIST_FLAG, 0);
		if (cur != NULL) {
			json_object_set_new(rec, "negative_item", json_null());
			return NEGLIST_ITEM;
		}
		return flag ? NEGLIST_FLAGGED : NEGLIST_SAME;
	}
	if (cur != NULL) {
		lc_set_flag(rec, NEGLIST_FLAG, 0);
		return flag ? NEGLIST_FLAGGED : NEGLIST_SAME;
	}
	if ((it = neglist_match(nl, record_str(rec, "disclosure_reason"),
	    record_str(rec, "agency"))) != NULL ||
	    (lc_classified(rec) && (it = neglist_match(nl,
	    NEGLIST_SECRET, record_str(rec, "agency"))) != NULL)) {
		json_object_set_new(rec, "negative_item", json_string(it->id));
		lc_set_flag(rec, NEGLIST_FLAG, 0);
		return NEGLIST_ITEM;
	}
	lc_set_flag(rec, NEGLIST_FLAG, 1);
	return flag ? NEGLIST_SAME : NEGLIST_FLAGGED;
}

json_t *
neglist_event(const struct neglist *nl, const struct lc_ctx *lc,
    const char *old, json_t *rec)
{
	const struct neglist_item	*it;
	const char			*cur = record_str(rec, "negative_item");

	if (cur != NULL) {
		it = neglist_find(nl, cur);
		return lc_event(lc, "negative_item", old != NULL && *old ?
		    old : NULL, cur, it != NULL ? it->basis : NULL, NULL);
	}
	return lc_event(lc, "negative_item", old != NULL && *old ? old : NULL,
	    NULL, neglist_cites(record_str(rec, "disclosure")) ?
	    "理由未对应负面清单中的任何事项" : "不再属于不予公开或依申请公开，"
	    "不再引用负面清单事项", NULL);
}

int
neglist_mark(const struct neglist *nl, json_t *rec, const char *item,
    json_t *mark_ev, char *err, size_t errlen)
{
	const struct neglist_item	*it = NULL;
	const char			*disc = record_str(rec, "disclosure");
	int				 had = record_str(rec,
					    "negative_item") != NULL;

	if (item != NULL && *item != '\0') {
		if (!neglist_cites(disc)) {
			snprintf(err, errlen, "--item 只用于不予公开"
			    "（withheld）或依申请公开（on_request）");
			return LC_EUSAGE;
		}
		if ((it = neglist_find(nl, item)) == NULL) {
			snprintf(err, errlen, "负面清单中没有事项“%s”"
			    "（docketctl negative-list 列出各事项）", item);
			return LC_EUSAGE;
		}
	} else if (neglist_cites(disc) && (it = neglist_match(nl,
	    record_str(rec, "disclosure_reason"), record_str(rec,
	    "agency"))) == NULL && lc_classified(rec))
		it = neglist_match(nl, NEGLIST_SECRET, record_str(rec,
		    "agency"));
	json_object_set_new(rec, "negative_item", it != NULL ?
	    json_string(it->id) : json_null());
	lc_set_flag(rec, NEGLIST_FLAG, it == NULL && neglist_cites(disc));
	if (mark_ev != NULL && (neglist_cites(disc) || had))
		json_object_set_new(mark_ev, "negative_item", it != NULL ?
		    json_string(it->id) : json_null());
	return 0;
}

int
neglist_counts(const struct neglist *nl, struct store *st, MDB_txn *txn,
    json_t **out)
{
	const struct nl_item	*it;
	json_t			*list, *e;
	size_t			 i, count;
	int			 rc;

	*out = NULL;
	if ((list = json_array()) == NULL)
		return ENOMEM;
	for (i = 0; nl != NULL && i < nl->n; i++) {
		it = &nl->v[i];
		rc = store_count_indexed(st, txn, STORE_IDX_NEG_ITEM, it->id,
		    &count);
		if (rc == MDB_NOTFOUND) {
			count = 0;
			rc = 0;
		}
		if (rc != 0) {
			json_decref(list);
			return rc;
		}
		e = json_pack("{s:s, s:s, s:s, s:s?, s:I}", "id", it->id,
		    "matter", it->matter, "basis", it->basis, "agency",
		    it->agency, "count", (json_int_t)count);
		if (e == NULL || json_array_append_new(list, e) != 0) {
			json_decref(list);
			return ENOMEM;
		}
	}
	*out = list;
	return 0;
}

void
neglist_set_active(const struct neglist *nl)
{
	nl_active = nl;
}

const struct neglist *
neglist_active(void)
{
	return nl_active;
}
