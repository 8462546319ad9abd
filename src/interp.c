/*
 * interp: 政策解读 and the policies they interpret.
 *
 * The rules are about titles, because that is where an office says what
 * a document is: 《…》政策解读, 一图读懂《…》, 市政府办公室负责人就《…》
 * 答记者问, 关于鲁政办规〔2021〕3号文件的解读.  A marker inside 《…》 does not
 * count (关于印发《政策解读工作办法》的通知 is a policy, not a 解读).  The
 * policy is found by the docno first (idx_docno, exact after
 * normalisation), then by title among the newest records (a bounded
 * window: a policy and its interpretation are prepared and published
 * together), then within the batch itself.  An interpretation whose
 * policy is not there yet keeps what it names in "interprets_ref" and
 * carries flag interpretation_unlinked; each later batch looks at those
 * (idx_flag: the waiting list is derived, so reindex keeps it) and links
 * them when their policy arrives.
 *
 * A policy is linked to once: "interpreted_on" records the day; a
 * withheld interpretation counts as one (the site shows only published
 * ones).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "gongwen_impl.h"
#include "interp.h"
#include "record.h"
#include "textblank.h"

static const char *const interp_markers[] = {
	"解读", "一图读懂", "图解", "问答", "答记者问", "解答", "一图看懂"
};

static const char *const interp_norm_words[] = {
	"办法", "规定", "细则", "实施意见", "规则", "若干措施"
};

static const char *const interp_not_norm[] = {
	"废止", "失效", "清理", "征求", "意见稿", "草案"
};

static const char *const interp_not_types[] = {
	"批复", "函", "请示", "报告", "纪要"
};

#define LB	"《"
#define RB	"》"

/* title with every 《…》 taken out (what the title says of itself). */
static char *
interp_outside(const char *title)
{
	char		*out, *o;
	const char	*p = title;
	int		 depth = 0;

	if ((out = malloc(strlen(title) + 1)) == NULL)
		return NULL;
	o = out;
	while (*p != '\0') {
		if (strncmp(p, LB, strlen(LB)) == 0) {
			depth++;
			p += strlen(LB);
			continue;
		}
		if (strncmp(p, RB, strlen(RB)) == 0) {
			if (depth > 0)
				depth--;
			p += strlen(RB);
			continue;
		}
		if (depth == 0)
			*o++ = *p;
		p++;
	}
	*o = '\0';
	return out;
}

static int
interp_ends(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

int
interp_is_interpretation(const char *title)
{
	char	*out, *t;
	size_t	 i, s, e;
	int	 marker = 0, end = 0, ref;
	char	 norm[GW_NORM_MAX];

	if (title == NULL || *title == '\0')
		return 0;
	if ((t = textblank_dup_strip(title, strlen(title), 1)) == NULL)
		return 0;
	if ((out = interp_outside(t)) == NULL) {
		free(t);
		return 0;
	}
	for (i = 0; i < nitems(interp_markers); i++) {
		if (strstr(out, interp_markers[i]) != NULL)
			marker = 1;
		if (interp_ends(out, interp_markers[i]))
			end = 1;
	}
	ref = strstr(t, LB) != NULL ||
	    gw_docno_find(t, strlen(t), &s, &e, norm, sizeof(norm)) == 0;
	free(out);
	free(t);
	return marker && (ref || end);
}

/* Append s (n bytes) to refs unless it is there; 1 when added. */
static int
interp_add_ref(json_t *refs, const char *s, size_t n)
{
	json_t	*v;
	size_t	 i;

	if (json_array_size(refs) >= INTERP_REFS_MAX || n == 0)
		return 0;
	json_array_foreach(refs, i, v)
		if (json_string_length(v) == n &&
		    memcmp(json_string_value(v), s, n) == 0)
			return 0;
	return json_array_append_new(refs, json_stringn(s, n)) == 0;
}

/* Words a sentence puts before a docno that the reader takes for its
 * agency code (关于南政办规〔2024〕3号文件的解读). */
static const char *const interp_lead[] = {
	"关于", "对于", "根据", "依据", "按照", "贯彻", "落实", "执行", "印发",
	"对", "就"
};

/* norm without a leading word of interp_lead (repeatedly). */
static const char *
interp_docno_trim(const char *norm)
{
	size_t	i, k;
	int	again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < nitems(interp_lead); i++) {
			k = strlen(interp_lead[i]);
			if (strncmp(norm, interp_lead[i], k) == 0 &&
			    strstr(norm + k, "〔") != norm + k) {
				norm += k;
				again = 1;
			}
		}
	}
	return norm;
}

/* The docnos of s[0..n) into refs. */
static void
interp_docnos(json_t *refs, const char *s, size_t n)
{
	char		 norm[GW_NORM_MAX];
	const char	*d;
	size_t		 from = 0, st, e;

	while (from < n && json_array_size(refs) < INTERP_REFS_MAX &&
	    gw_docno_find(s + from, n - from, &st, &e, norm,
	    sizeof(norm)) == 0) {
		d = interp_docno_trim(norm);
		interp_add_ref(refs, d, strlen(d));
		if (e == 0)
			break;
		from += e;
	}
}

json_t *
interp_refs(const char *title, const char *text)
{
	json_t		*refs;
	char		*t;
	const char	*p, *q;
	size_t		 n;

	if ((refs = json_array()) == NULL)
		return NULL;
	if (title != NULL &&
	    (t = textblank_dup_strip(title, strlen(title), 1)) != NULL) {
		/* The outer 《…》 of the title. */
		for (p = t; (p = strstr(p, LB)) != NULL; p = q) {
			int depth = 1;

			for (q = p + strlen(LB); *q != '\0' && depth > 0; q++) {
				if (strncmp(q, LB, strlen(LB)) == 0)
					depth++;
				else if (strncmp(q, RB, strlen(RB)) == 0 &&
				    --depth == 0)
					break;
			}
			if (*q == '\0')
				break;
			q += strlen(RB);
			if ((size_t)(q - p) > strlen(LB) + strlen(RB))
				interp_add_ref(refs, p, (size_t)(q - p));
		}
		interp_docnos(refs, t, strlen(t));
		free(t);
	}
	if (json_array_size(refs) == 0 && text != NULL) {
		n = strlen(text);
		interp_docnos(refs, text, n < INTERP_BODY_MAX ? n :
		    INTERP_BODY_MAX);
	}
	return refs;
}

int
interp_prepare(json_t *rec, const char *text)
{
	json_t	*refs;

	if (!interp_is_interpretation(record_str(rec, "title"))) {
		json_object_set_new(rec, "interprets_ref", json_null());
		lc_set_flag(rec, INTERP_FLAG_UNLINKED, 0);
		return 0;
	}
	if ((refs = interp_refs(record_str(rec, "title"), text)) == NULL)
		return -1;
	if (json_object_set_new(rec, "interprets_ref", refs) != 0)
		return -1;
	lc_set_flag(rec, INTERP_FLAG_UNLINKED,
	    record_str(rec, "interprets") == NULL);
	return 0;
}

int
interp_normative(json_t *rec)
{
	const char	*docno = record_str(rec, "docno");
	const char	*title = record_str(rec, "title");
	const char	*type = record_str(rec, "doc_type");
	const char	*b;
	size_t		 i;
	int		 yes = 0;

	if (title != NULL && interp_is_interpretation(title))
		return 0;
	if (docno != NULL && (b = strstr(docno, "〔")) != NULL) {
		for (i = 0; docno + i < b; i++)
			if (strncmp(docno + i, "规", strlen("规")) == 0)
				yes = 1;
	}
	if (yes)
		return 1;
	if (title == NULL)
		return 0;
	for (i = 0; i < nitems(interp_not_types); i++)
		if (type != NULL && strcmp(type, interp_not_types[i]) == 0)
			return 0;
	for (i = 0; i < nitems(interp_not_norm); i++)
		if (strstr(title, interp_not_norm[i]) != NULL)
			return 0;
	for (i = 0; i < nitems(interp_norm_words); i++)
		if (strstr(title, interp_norm_words[i]) != NULL)
			return 1;
	return 0;
}

const char *
interp_due_date(json_t *rec)
{
	const char *on = record_str(rec, "published_on");
	const char *st = record_str(rec, "status");

	if (on == NULL || strlen(on) != 10 ||
	    !json_is_true(json_object_get(rec, "published")) ||
	    st == NULL || strcmp(st, "in_force") != 0 ||
	    record_str(rec, "interpreted_on") != NULL ||
	    lc_has_flag(rec, INTERP_FLAG_NONE) || !interp_normative(rec))
		return NULL;
	return on;
}

/* s without blanks equals t without blanks. */
static int
interp_same(const char *s, const char *t)
{
	char	*a, *b;
	int	 eq;

	if (s == NULL || t == NULL)
		return 0;
	a = textblank_dup_strip(s, strlen(s), 1);
	b = textblank_dup_strip(t, strlen(t), 1);
	eq = a != NULL && b != NULL && *a != '\0' && strcmp(a, b) == 0;
	free(a);
	free(b);
	return eq;
}

/* How refs name policy ("文号 …", "标题 《…》"), into how; 1 when they
 * do. */
static int
interp_names_how(json_t *refs, json_t *policy, char *how, size_t len)
{
	const char	*docno = record_str(policy, "docno");
	const char	*title = record_str(policy, "title");
	const char	*r;
	char		*t, inner[GW_REPEAL_TITLE_MAX];
	json_t		*v;
	size_t		 i, n;
	int		 hit;

	if (interp_is_interpretation(title))
		return 0;	/* an interpretation interprets a policy */
	json_array_foreach(refs, i, v) {
		r = json_string_value(v);
		if (r == NULL)
			continue;
		if (strncmp(r, LB, strlen(LB)) != 0) {
			/* The reader may take words before a docno in a
			 * sentence for its code: 现就南政办规〔2025〕1号. */
			if (docno != NULL && strlen(r) >= strlen(docno) &&
			    strcmp(r + strlen(r) - strlen(docno), docno) == 0) {
				snprintf(how, len, "文号 %s", r);
				return 1;
			}
			continue;
		}
		if (title == NULL)
			continue;
		n = strlen(r) - strlen(LB) - strlen(RB);
		if (n >= sizeof(inner))
			continue;
		memcpy(inner, r + strlen(LB), n);
		inner[n] = '\0';
		hit = interp_same(title, inner);
		if (!hit && (t = textblank_dup_strip(title, strlen(title), 1))
		    != NULL) {
			hit = strstr(t, r) != NULL;
			free(t);
		}
		if (hit) {
			snprintf(how, len, "标题 %s", r);
			return 1;
		}
	}
	return 0;
}

int
interp_names(json_t *refs, json_t *policy)
{
	char how[GW_REPEAL_TITLE_MAX + 16];

	return interp_names_how(refs, policy, how, sizeof(how));
}

void
interp_link(const struct lc_ctx *lc, json_t *it, json_t *policy,
    const char *how, json_t *iev, json_t *pev)
{
	const char	*pid = record_str(policy, "id");
	const char	*iid = record_str(it, "id");
	char		 why[128];

	json_object_set_new(it, "interprets", json_string(pid));
	lc_set_flag(it, INTERP_FLAG_UNLINKED, 0);
	json_array_append_new(iev, lc_event(lc, "interprets", NULL, pid, how,
	    pid));
	if (record_str(policy, "interpreted_on") == NULL)
		json_object_set_new(policy, "interpreted_on",
		    json_string(lc->today));
	lc_set_flag(policy, INTERP_FLAG_NONE, 0);
	snprintf(why, sizeof(why), "政策解读 %s", iid ? iid : "?");
	json_array_append_new(pev, lc_event(lc, "interpretation", NULL, iid,
	    why, iid));
}

int
interp_tidy(json_t *rec)
{
	const char *st = record_str(rec, "status");

	if (!lc_has_flag(rec, INTERP_FLAG_NONE))
		return 0;
	if (json_is_true(json_object_get(rec, "published")) && st != NULL &&
	    strcmp(st, "in_force") == 0 &&
	    record_str(rec, "interpreted_on") == NULL && interp_normative(rec))
		return 0;
	lc_set_flag(rec, INTERP_FLAG_NONE, 0);
	return 1;
}

int
interp_overdue(const struct lc_ctx *lc, json_t *rec, json_t *events)
{
	const char	*on = interp_due_date(rec);
	char		 why[128];

	if (on == NULL)
		return LC_ECONFLICT;
	snprintf(why, sizeof(why), "规范性文件 %s 发布，至今未关联政策解读",
	    on);
	lc_set_flag(rec, INTERP_FLAG_NONE, 1);
	json_array_append_new(events, lc_event(lc, INTERP_FLAG_NONE, NULL,
	    NULL, why, NULL));
	return 0;
}

/* --- the glue ------------------------------------------------------------ */

struct ig {
	struct store		*st;
	MDB_txn			*txn;
	struct change		*ch;
	const struct lc_ctx	*lc;
	json_t			*fresh;		/* the batch's new records */
	size_t			 seen;		/* waiting ones looked at */
	int			 rc;
};

/* Commit the link of it to p, with both events. */
static int
interp_do_link(struct ig *g, json_t *it, json_t *p, const char *how)
{
	json_t	*iev = json_array(), *pev = json_array();
	int	 rc = -1;

	if (iev != NULL && pev != NULL) {
		interp_link(g->lc, it, p, how, iev, pev);
		if (change_put(g->ch, it, iev) == 0 &&
		    change_put(g->ch, p, pev) == 0)
			rc = 0;
	}
	json_decref(iev);
	json_decref(pev);
	return rc;
}

/* The next UTF-8 character of s. */
static const char *
interp_next_char(const char *s)
{
	s++;
	while ((*s & 0xc0) == 0x80)
		s++;
	return s;
}

/* Find the policy an interpretation names and link it: 1 linked, 0 not
 * found, -1 error. */
static int
interp_find(struct ig *g, json_t *it)
{
	json_t		*refs = json_object_get(it, "interprets_ref"), *v, *p;
	const char	*r, *q, *iid = record_str(it, "id");
	char		 how[GW_REPEAL_TITLE_MAX + 16];
	uint64_t	*ids, next, id;
	size_t		 i, j, k, nids;
	int		 rc, titles = 0;

	/* In the batch. */
	json_array_foreach(g->fresh, k, p)
		if (p != it && interp_names_how(refs, p, how, sizeof(how)))
			return interp_do_link(g, it, p, how) == 0 ? 1 : -1;
	/* By docno in LMDB. */
	json_array_foreach(refs, i, v) {
		r = json_string_value(v);
		if (r == NULL)
			continue;
		if (strncmp(r, LB, strlen(LB)) == 0) {
			titles = 1;
			continue;
		}
		/* The docno, then without its first characters, one by
		 * one, while a code is left (see interp_names_how). */
		for (q = r; q != NULL && *q != '\0' &&
		    strncmp(q, "〔", strlen("〔")) != 0;
		    q = interp_next_char(q)) {
			rc = store_find_docno(g->st, g->txn, q, &ids, &nids);
			if (rc == MDB_NOTFOUND)
				continue;
			if (rc != 0)
				return -1;
			for (j = 0; j < nids; j++) {
				p = change_get(g->ch, g->txn, ids[j]);
				if (p == NULL || (iid != NULL &&
				    record_str(p, "id") != NULL &&
				    strcmp(record_str(p, "id"), iid) == 0) ||
				    !interp_names_how(refs, p, how,
				    sizeof(how)))
					continue;
				free(ids);
				return interp_do_link(g, it, p, how) == 0 ? 1 :
				    -1;
			}
			free(ids);
		}
	}
	if (!titles)
		return 0;
	/* By title among the newest records. */
	if ((rc = store_next_id(g->st, g->txn, &next)) != 0)
		return -1;
	for (id = next, k = 0; id > 1 && k < INTERP_TITLE_WINDOW; k++) {
		id--;
		if ((p = change_get(g->ch, g->txn, id)) == NULL)
			continue;
		if (iid != NULL && record_str(p, "id") != NULL &&
		    strcmp(record_str(p, "id"), iid) == 0)
			continue;
		if (interp_names_how(refs, p, how, sizeof(how)))
			return interp_do_link(g, it, p, how) == 0 ? 1 : -1;
	}
	return 0;
}

/* A waiting interpretation: linked to a policy of the batch when it
 * names one. */
static int
interp_waiting_cb(json_t *rec, void *arg)
{
	struct ig	*g = arg;
	json_t		*it, *p, *refs;
	char		 how[GW_REPEAL_TITLE_MAX + 16];
	uint64_t	 id;
	size_t		 k;

	if (++g->seen > INTERP_WAIT_MAX)
		return 1;
	if (store_id_parse(record_str(rec, "id") ? record_str(rec, "id") : "",
	    &id) == -1)
		return 0;
	/* The copy this change holds, when it holds one. */
	if ((it = change_get(g->ch, g->txn, id)) == NULL)
		return 0;
	if (record_str(it, "interprets") != NULL)
		return 0;
	refs = json_object_get(it, "interprets_ref");
	if (json_array_size(refs) == 0)
		return 0;
	json_array_foreach(g->fresh, k, p)
		if (p != it && interp_names_how(refs, p, how, sizeof(how))) {
			if (interp_do_link(g, it, p, how) == -1) {
				g->rc = ENOMEM;
				return 1;
			}
			break;
		}
	return 0;
}

int
interp_ingest(struct store *st, MDB_txn *txn, struct change *ch,
    const struct lc_ctx *lc, char *err, size_t errlen)
{
	struct ig	 g;
	json_t		*rec;
	size_t		 i, n, policies = 0;
	int		 rc;

	memset(&g, 0, sizeof(g));
	g.st = st;
	g.txn = txn;
	g.ch = ch;
	g.lc = lc;
	if ((g.fresh = json_array()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = change_count(ch);
	for (i = 0; i < n; i++) {
		rec = change_record(ch, i);
		if (json_is_null(json_object_get(rec, "commit")) &&
		    json_array_append(g.fresh, rec) == 0 &&
		    !interp_is_interpretation(record_str(rec, "title")))
			policies++;
	}
	json_array_foreach(g.fresh, i, rec) {
		if (!lc_has_flag(rec, INTERP_FLAG_UNLINKED) ||
		    record_str(rec, "interprets") != NULL)
			continue;
		if (interp_find(&g, rec) == -1) {
			snprintf(err, errlen, "政策解读 %s: looking up its "
			    "policy failed", record_str(rec, "id"));
			json_decref(g.fresh);
			return -1;
		}
	}
	if (policies > 0) {
		rc = store_each_indexed(st, txn, STORE_IDX_FLAG,
		    INTERP_FLAG_UNLINKED, interp_waiting_cb, &g);
		if (rc == 0)
			rc = g.rc;
		if (rc != 0) {
			snprintf(err, errlen, "the interpretations waiting for "
			    "their policy: %s", store_strerror(rc));
			json_decref(g.fresh);
			return -1;
		}
	}
	json_decref(g.fresh);
	return 0;
}
