/*
 * report: the report model.  A report is one JSON object.  Its
 * "agencies" hold one part per agency that has something to report
 * (parts are made on first use), and its "totals" are the sums of the
 * parts' counts, so the part of one agency is cut out as a report of its
 * own (report_subset) with the same totals code, and every renderer
 * works on whole reports only.
 *
 * The kinds are a table (report_kinds[]; their names alone, for the
 * configuration's checks, in report_names.c): each kind's file builds its
 * parts and says how they read (report_kind.h); rendering is
 * report_layout.c.  Nothing scans all records: reviews come from the due
 * index, the compliance sections from the disclosure and flag indexes,
 * the summary from index counts and the changes index, the cleanup from
 * the vault.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "errbuf.h"
#include "lifecycle.h"
#include "record.h"
#include "report.h"
#include "report_kind.h"

/* Every kind, in the order they are listed to people (and its name in
 * report_names.c, same order). */
static const struct report_kind *const report_kinds[] = {
	&report_kind_review,
	&report_kind_cleanup,
	&report_kind_compliance,
	&report_kind_summary,
	&report_kind_applications,
	NULL
};

const struct report_kind *
report_kind_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && report_kinds[i] != NULL; i++)
		if (strcmp(report_kinds[i]->name, name) == 0)
			return report_kinds[i];
	return NULL;
}

const struct report_kind *
report_kind_of(json_t *report)
{
	return report_kind_find(record_str(report, "kind"));
}

void
report_inc(json_t *obj, const char *key, json_int_t by)
{
	json_t *v = json_object_get(obj, key);

	json_object_set_new(obj, key, json_integer(json_integer_value(v) + by));
}

json_int_t
report_int(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int
report_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Day number of a YYYY-MM-DD date (days from 1970-01-01); 0 when it is
 * not one. */
long
report_days(const char *date)
{
	int64_t d = cndate_days_of(date);

	return d == INT64_MIN ? 0 : (long)d;
}

int
report_valid_date(const char *s)
{
	char tmp[11];

	return s != NULL && strlen(s) == 10 && lc_date_add(s, 0, 0, tmp) == 0 &&
	    strcmp(tmp, s) == 0;
}

/* --- parts and totals ------------------------------------------------- */

json_t *
report_part(struct report_ctx *c, const char *agency)
{
	json_t *p;

	if ((p = json_object_get(c->agencies, agency)) != NULL)
		return p;
	if ((p = c->kind->new_part()) == NULL)
		return NULL;
	json_object_set_new(c->agencies, agency, p);
	return p;
}

json_t *
report_part_list(struct report_ctx *c, const char *agency, const char *key)
{
	json_t	*part, *list;

	if ((part = report_part(c, agency)) == NULL)
		return NULL;
	if ((list = json_object_get(part, key)) == NULL &&
	    json_object_set_new(part, key, list = json_array()) != 0)
		return NULL;
	return list;
}

/*
 * Set the summed totals of a report from its parts: every integer of a
 * part and every integer of its "counts", plus the number of agencies
 * with something.  Totals of other kinds (the summary's archive counts)
 * are left alone.
 */
static void
report_retotal(json_t *report)
{
	json_t		*totals, *tmpl, *agencies, *part, *v, *w, *tc;
	const char	*k, *a, *kk;
	size_t		 n = 0;
	const struct report_kind *kind = report_kind_of(report);

	if (kind == NULL || (tmpl = kind->new_part()) == NULL)
		return;
	if ((totals = json_object_get(report, "totals")) == NULL) {
		totals = json_object();
		json_object_set_new(report, "totals", totals);
	}
	json_object_foreach(tmpl, k, v)
		if (json_is_integer(v) || strcmp(k, "counts") == 0)
			json_object_set(totals, k, v);
	json_decref(tmpl);
	tc = json_object_get(totals, "counts");
	if (tc != NULL) {
		/* Its own copy: the template's is shared no more. */
		tc = json_deep_copy(tc);
		json_object_set_new(totals, "counts", tc);
	}
	agencies = json_object_get(report, "agencies");
	/* The integers only some parts have (compliance's annual_report_*)
	 * start again from 0 too: a subset's totals are the whole's. */
	json_object_foreach(agencies, a, part)
		json_object_foreach(part, k, v)
			if (json_is_integer(v))
				json_object_set_new(totals, k, json_integer(0));
	json_object_foreach(agencies, a, part) {
		if (kind->part_items(part) > 0)
			n++;
		json_object_foreach(part, k, v) {
			if (json_is_integer(v))
				report_inc(totals, k, json_integer_value(v));
			else if (strcmp(k, "counts") == 0 && tc != NULL)
				json_object_foreach(v, kk, w)
					report_inc(tc, kk,
					    json_integer_value(w));
		}
	}
	json_object_set_new(totals, "agencies", json_integer((json_int_t)n));
}

/* A report of one agency's part: the whole report's own fields, that
 * part alone (an empty one when it has none) and its totals. */
static json_t *
report_subset(json_t *report, const char *agency)
{
	json_t		*out, *v, *part;
	const char	*k;
	const struct report_kind *kind = report_kind_of(report);

	if (kind == NULL || (out = json_object()) == NULL)
		return NULL;
	json_object_foreach(report, k, v) {
		if (strcmp(k, "agencies") == 0)
			continue;
		if (strcmp(k, "generated_for") == 0)
			json_object_set_new(out, k, json_string(agency));
		else if (strcmp(k, "totals") == 0)
			json_object_set_new(out, k, json_deep_copy(v));
		else
			json_object_set(out, k, v);
	}
	if ((part = json_object_get(json_object_get(report, "agencies"),
	    agency)) != NULL)
		part = json_deep_copy(part);
	else
		part = kind->new_part();
	json_object_set_new(out, "agencies", json_pack("{s:o}", agency,
	    part));
	report_retotal(out);
	return out;
}

/* The agency a rendering is for: asked, else the report's own. */
json_t *
report_view(json_t *report, const char *agency)
{
	if (agency == NULL)
		agency = record_str(report, "generated_for");
	if (agency == NULL) {
		json_incref(report);
		return report;
	}
	return report_subset(report, agency);
}

json_t *
report_agencies(json_t *report)
{
	json_t		*agencies = json_object_get(report, "agencies"), *part;
	json_t		*out;
	const char	*a, **v;
	size_t		 n = 0, i;
	const struct report_kind *kind = report_kind_of(report);

	if ((out = json_array()) == NULL)
		return NULL;
	if ((v = calloc(json_object_size(agencies) + 1, sizeof(*v))) == NULL) {
		json_decref(out);
		return NULL;
	}
	json_object_foreach(agencies, a, part)
		if (kind != NULL && kind->part_items(part) > 0)
			v[n++] = a;
	qsort(v, n, sizeof(*v), report_strcmp);
	for (i = 0; i < n; i++)
		json_array_append_new(out, json_string(v[i]));
	free(v);
	return out;
}

int
report_empty(json_t *report, const char *agency)
{
	json_t		*agencies = json_object_get(report, "agencies"), *part;
	const char	*a;
	const struct report_kind *kind = report_kind_of(report);

	if (kind == NULL)
		return 1;
	if (agency != NULL)
		return kind->part_items(json_object_get(agencies, agency)) ==
		    0;
	json_object_foreach(agencies, a, part)
		if (kind->part_items(part) > 0)
			return 0;
	return 1;
}

const char *
report_agency(json_t *rec)
{
	const char *a = record_str(rec, "agency");

	/* The record's agency, as everywhere else (config_agency_of). */
	if (a == NULL || *a == '\0')
		a = REPORT_NO_AGENCY;
	return a;
}

int
report_wanted(struct report_ctx *c, const char *agency)
{
	return c->o->agency == NULL || strcmp(c->o->agency, agency) == 0;
}

int
report_cleaned(json_t *rec)
{
	const char *st = record_str(rec, "status");

	return st != NULL && strcmp(st, "cleaned") == 0;
}

/* A list recipient may read of rec only what is public. */
static int
report_unlisted(const struct report_ctx *c, json_t *rec)
{
	const char *d = record_str(rec, "disclosure");

	return c != NULL && c->o != NULL && c->o->list &&
	    (d == NULL || strcmp(d, "public") != 0);
}

json_t *
report_docno(const struct report_ctx *c, json_t *rec)
{
	json_t *v = json_object_get(rec, "docno");

	if (lc_classified(rec) || report_unlisted(c, rec) || v == NULL)
		return json_null();
	return json_incref(v);
}

json_t *
report_title(const struct report_ctx *c, json_t *rec)
{
	json_t *v = json_object_get(rec, "title");

	if (lc_classified(rec))
		return json_string(REPORT_SECRET);
	if (report_unlisted(c, rec))
		return json_string(REPORT_UNLISTED);
	return v != NULL ? json_incref(v) : json_null();
}

/* The record of id: 1 found, 0 gone, -1 an LMDB error (in c->rc). */
int
report_get(struct report_ctx *c, uint64_t id, json_t **rec)
{
	int rc;

	if ((rc = store_get_record(c->st, c->txn, id, rec)) == 0)
		return 1;
	if (rc == MDB_NOTFOUND)
		return 0;
	c->rc = rc;
	return -1;
}

/* --- build ------------------------------------------------------------- */

json_t *
report_build(struct store *st, MDB_txn *txn, struct vault *vt,
    const struct report_opts *o, char *err, size_t errlen)
{
	struct report_ctx	 c;
	struct lc_policy	 defpol;
	json_t			*report;
	char			 kinds[128];
	int			 rc = -1;

	memset(&c, 0, sizeof(c));
	if ((c.kind = report_kind_find(o->kind)) == NULL) {
		report_kind_list(kinds, sizeof(kinds), ", ", " and ");
		errbuf_set(err, errlen, "unknown report '%s': the kinds are "
		    "%s", o->kind ? o->kind : "", kinds);
		return NULL;
	}
	if (!report_valid_date(o->as_of)) {
		errbuf_set(err, errlen, "“%.10s”不是日期（YYYY-MM-DD）",
		    o->as_of);
		return NULL;
	}
	if (o->policy == NULL)
		lc_policy_default(&defpol);
	c.st = st;
	c.txn = txn;
	c.vt = vt;
	c.o = o;
	c.pol = o->policy ? o->policy : &defpol;
	c.today = report_days(o->as_of);
	report = json_pack("{s:s, s:s, s:o}", "kind", o->kind, "as_of",
	    o->as_of, "generated_for", o->agency ? json_string(o->agency) :
	    json_null());
	if (report == NULL || (c.agencies = json_object()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto out;
	}
	if ((rc = c.kind->build(&c, report, err, errlen)) != 0)
		goto out;
	json_object_set(report, "agencies", c.agencies);
	report_retotal(report);
out:
	json_decref(c.agencies);
	json_decref(c.seen);
	json_decref(c.cache);
	if (rc != 0) {
		json_decref(report);
		return NULL;
	}
	return report;
}
