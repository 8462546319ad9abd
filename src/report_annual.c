/*
 * report_annual: the annual report's deadline in the compliance report
 * (see report_annual.h).  The report of YEAR (the year before the
 * report's day) is due from an agency that had, by 31 December of YEAR,
 * a document (signed or received) or an application (first received);
 * the agencies come from the agency index and one walk over the
 * applications.  A published report is the vault's annual/YEAR/SLUG.json
 * (SLUG = site_agency_slug(agency, NULL)): its first publication decides
 * whether it was late, its checks whether they pass.  One not published
 * yet is built from the index (annual_build) for its checks.  Nothing is
 * stored: the flag annual_report_late is computed each time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual_build.h"
#include "annual_labels.h"
#include "apply_store.h"
#include "config.h"
#include "config_annual.h"
#include "errbuf.h"
#include "log.h"
#include "record.h"
#include "report_annual.h"
#include "report_kind.h"
#include "site_render.h"

struct ra_walk {
	struct report_ctx	*c;
	json_t			*set;		/* agency -> true */
	json_t			*names;		/* the agency index's keys */
	char			 dec31[24];	/* YEAR-12-31 */
	int			 found;
};

static int
ra_key_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct ra_walk *w = arg;

	(void)count;
	json_array_append_new(w->names, json_stringn(key, len));
	return 0;
}

/* A document dated by 31 December: signed, or received, by then. */
static int
ra_rec_cb(json_t *rec, void *arg)
{
	struct ra_walk	*w = arg;
	const char	*s = record_str(rec, "signed_on");
	const char	*r = record_str(rec, "received_at");

	if ((s != NULL && strncmp(s, w->dec31, 10) <= 0) ||
	    (r != NULL && strncmp(r, w->dec31, 10) <= 0)) {
		w->found = 1;
		return 1;
	}
	return 0;
}

static int
ra_app_cb(json_t *app, void *arg)
{
	struct ra_walk	*w = arg;
	const char	*a = report_agency(app);
	const char	*r = record_str(app, "received_first");

	if (r == NULL)
		r = record_str(app, "received");
	if (r != NULL && strncmp(r, w->dec31, 10) <= 0 &&
	    report_wanted(w->c, a) && strcmp(a, REPORT_NO_AGENCY) != 0)
		json_object_set_new(w->set, a, json_true());
	return 0;
}

/* The agencies a report of the year is due from (a set). */
static int
ra_agencies(struct report_ctx *c, int year, json_t *set)
{
	struct ra_walk	 w;
	json_t		*n;
	const char	*a;
	size_t		 i;
	int		 rc;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.set = set;
	w.names = json_array();
	snprintf(w.dec31, sizeof(w.dec31), "%04d-12-31", year);
	rc = store_each_key(c->st, c->txn, STORE_IDX_AGENCY, ra_key_cb, &w);
	json_array_foreach(w.names, i, n) {
		if (rc != 0)
			break;
		a = json_string_value(n);
		if (!report_wanted(c, a) || strcmp(a, REPORT_NO_AGENCY) == 0)
			continue;
		w.found = 0;
		rc = store_each_indexed(c->st, c->txn, STORE_IDX_AGENCY, a,
		    ra_rec_cb, &w);
		if (rc == 0 && w.found)
			json_object_set_new(set, a, json_true());
	}
	json_decref(w.names);
	if (rc == 0)
		rc = apply_store_each(c->st, c->txn, ra_app_cb, &w);
	return rc;
}

static int
ra_one(struct report_ctx *c, int year, const char *agency, char *err,
    size_t errlen)
{
	json_t		*snap, *model = NULL, *checks = NULL, *ck, *part;
	json_t		*failed, *flags, *ok = json_null();
	const char	*pub = NULL;
	char		 due[11], berr[256] = "";
	long		 left;
	size_t		 i;
	int		 late, soon;

	if (config_annual_due(c->o->annual, agency, year, due) == NULL ||
	    !report_valid_date(due))
		return 0;
	left = report_days(due) - c->today;
	if (annual_published_get(c->vt, year, agency, &snap, berr,
	    sizeof(berr)) == -1) {
		/* Unreadable is not "not published": no false late flag. */
		log_warnx("report: %d annual report of %s: %s", year,
		    agency != NULL ? agency : ANNUAL_ALL_NAME, berr);
		return 0;
	}
	if (snap != NULL) {
		pub = record_str(snap, "first_published_on");
		if (pub == NULL)
			pub = record_str(snap, "published_on");
		checks = json_object_get(snap, "checks");
	} else if (!c->o->annual_published_only &&
	    (model = annual_build(c->st, c->txn, c->vt,
	    c->o->annual, year, agency, c->o->as_of, berr,
	    sizeof(berr))) != NULL)
		checks = json_object_get(model, "checks");
	failed = json_array();
	if (json_is_array(checks)) {
		ok = json_true();
		json_array_foreach(checks, i, ck)
			if (!json_is_true(json_object_get(ck, "ok"))) {
				ok = json_false();
				json_array_append_new(failed, json_string(
				    record_str(ck, "name") ? record_str(ck,
				    "name") : "?"));
			}
	}
	late = left < 0 && (pub == NULL || strcmp(pub, due) > 0);
	soon = pub == NULL && !late && left <= REPORT_ANNUAL_SOON;
	flags = late ? json_pack("[s]", "annual_report_late") : json_array();
	if ((part = report_part(c, agency != NULL ? agency :
	    ANNUAL_ALL_NAME)) == NULL ||
	    json_object_set_new(part, "annual_report", json_pack("{s:i, s:s, "
	    "s:I, s:s?, s:o, s:o, s:o}", "year", year, "due", due,
	    "days_left", (json_int_t)left, "published_on", pub, "checks_ok",
	    ok, "failed", failed, "flags", flags)) != 0) {
		json_decref(snap);
		json_decref(model);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	json_object_set_new(part, "annual_report_due", json_integer(soon));
	json_object_set_new(part, "annual_report_late", json_integer(late));
	json_decref(snap);
	json_decref(model);
	return 0;
}

int
report_annual_build(struct report_ctx *c, char *err, size_t errlen)
{
	json_t		*set, *v;
	const char	*a;
	int		 year = atoi(c->o->as_of) - 1, rc;

	/* Without the vault, what is published is not known. */
	if (c->o->annual == NULL || c->vt == NULL || year < 1000 ||
	    year > 9998)
		return 0;
	if ((set = json_object()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	if ((rc = ra_agencies(c, year, set)) != 0) {
		errbuf_set(err, errlen, "%s", store_strerror(rc));
		json_decref(set);
		return -1;
	}
	json_object_foreach(set, a, v)
		if (ra_one(c, year, a, err, errlen) == -1) {
			json_decref(set);
			return -1;
		}
	/* The government's own report (due 31 March), in the whole
	 * report, once any agency owes one. */
	if (c->o->agency == NULL && json_object_size(set) > 0 &&
	    ra_one(c, year, NULL, err, errlen) == -1) {
		json_decref(set);
		return -1;
	}
	json_decref(set);
	return 0;
}

size_t
report_annual_items(json_t *part)
{
	return (size_t)report_int(part, "annual_report_due") +
	    (size_t)report_int(part, "annual_report_late");
}

void
report_annual_text(struct report_out *sb, json_t *part)
{
	json_t		*a = json_object_get(part, "annual_report"), *f;
	json_t		*ok;
	const char	*pub, *due;
	long long	 left;
	size_t		 i;

	if (!json_is_object(a))
		return;
	pub = record_str(a, "published_on");
	due = record_str(a, "due");
	left = report_int(a, "days_left");
	report_addf(sb, "%lld年政府信息公开工作年度报告：",
	    (long long)report_int(a, "year"));
	if (pub != NULL && json_array_size(json_object_get(a, "flags")) > 0)
		report_addf(sb, "已于 %s 发布，逾期 %ld 天（annual_report_late）",
		    pub, report_days(pub) - report_days(due));
	else if (pub != NULL)
		report_addf(sb, "已于 %s 发布", pub);
	else if (left >= 0)
		report_addf(sb, "应于 %s 前发布，还有 %lld 天", due, left);
	else
		report_addf(sb, "应于 %s 前发布，已逾期 %lld 天未发布"
		    "（annual_report_late）", due, -left);
	ok = json_object_get(a, "checks_ok");
	if (json_is_true(ok))
		report_add(sb, "；勾稽关系：通过\n");
	else if (json_is_false(ok)) {
		report_add(sb, "；勾稽关系：未通过（");
		json_array_foreach(json_object_get(a, "failed"), i, f) {
			if (i > 0)
				report_add(sb, "、");
			report_addclean(sb, json_string_value(f));
		}
		report_add(sb, "）\n");
	} else
		report_add(sb, "；勾稽关系：尚未检查（发布时检查）\n");
}

void
report_annual_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*a = json_object_get(part, "annual_report");
	const char	*v[6];
	char		 title[64];

	if (!json_is_object(a) || report_annual_items(part) == 0)
		return;
	snprintf(title, sizeof(title), "%lld年政府信息公开工作年度报告",
	    (long long)report_int(a, "year"));
	v[0] = agency;
	v[1] = !report_int(part, "annual_report_late") ? "年度报告待发布" :
	    record_str(a, "published_on") != NULL ? "年度报告逾期发布" :
	    "年度报告逾期未发布";
	v[2] = NULL;
	v[3] = NULL;
	v[4] = title;
	v[5] = record_str(a, "due");
	report_csv_row(sb, 6, v);
}

const struct config_annual *
report_annual_conf(const struct config *cf)
{
	return cf != NULL ? &cf->annual : NULL;
}
