/*
 * annual_build: the I/O around the annual report's pure core (annual.h).
 * It walks the documents (one agency's through the agency index, else
 * every record) and the applications in one LMDB read transaction,
 * reads from the vault's head the values entered with `annual-report
 * set` (annual/YEAR/values.jsonl, the last line per agency and key wins)
 * and last year's published report (annual/YEAR-1/SLUG.json, whose
 * documents.*.in_force the table 二 check starts from), reads the
 * operators' paragraphs from [annual_report] notes_dir, then has the
 * core finish the model and run its checks.  Nothing is written: docketd
 * publishes (annual_cmd.c), docketctl prints (ctl_annual.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual.h"
#include "annual_build.h"
#include "apply_clock.h"
#include "apply_store.h"
#include "config.h"
#include "gongwen_kind.h"
#include "report.h"
#include "store.h"
#include "strbuf.h"
#include "utf8.h"
#include "vault.h"

#define ANNUAL_NOTES_MAX	(1024 * 1024)	/* a notes file, at most */

void
annual_slug(const char *agency, char buf[SITE_PATH_MAX])
{
	if (agency == NULL)
		snprintf(buf, SITE_PATH_MAX, "%s", ANNUAL_GOV_SLUG);
	else
		site_agency_slug(agency, NULL, buf);
}

struct annual_in_apps {
	const char	*want;
	int		 found;
};

static int
annual_in_apps_cb(json_t *app, void *arg)
{
	struct annual_in_apps	*w = arg;
	const char		*a = json_string_value(json_object_get(app,
				    "agency"));

	if (a != NULL && strcmp(a, w->want) == 0) {
		w->found = 1;
		return 1;
	}
	return 0;
}

int
annual_agency_in_apps(struct store *st, MDB_txn *txn, const char *agency)
{
	struct annual_in_apps	w = { agency, 0 };

	if (agency == NULL || apply_store_each(st, txn, annual_in_apps_cb,
	    &w) < 0)
		return 0;
	return w.found;
}

void
annual_path(int year, const char *agency, const char *ext,
    char buf[SITE_PATH_MAX])
{
	char slug[SITE_PATH_MAX];

	annual_slug(agency, slug);
	snprintf(buf, SITE_PATH_MAX, "%s/%d/%.64s.%s", ANNUAL_DIR, year, slug,
	    ext);
}

void
annual_values_path(int year, char buf[SITE_PATH_MAX])
{
	snprintf(buf, SITE_PATH_MAX, "%s/%d/%s", ANNUAL_DIR, year,
	    ANNUAL_VALUES);
}

int
annual_published_get(struct vault *vt, int year, const char *agency,
    json_t **snap, char *err, size_t errlen)
{
	json_error_t	 jerr;
	char		 path[SITE_PATH_MAX], *buf = NULL;
	size_t		 len;
	int		 rc;

	*snap = NULL;
	if (vt == NULL)
		return 1;
	annual_path(year, agency, "json", path);
	if ((rc = vault_read(vt, NULL, path, &buf, &len, err, errlen)) != 0)
		return rc == 1 ? 1 : -1;
	*snap = json_loadb(buf, len, 0, &jerr);
	free(buf);
	if (!json_is_object(*snap)) {
		json_decref(*snap);
		*snap = NULL;
		snprintf(err, errlen, "%s：不是年度报告（%s）", path,
		    jerr.text);
		return -1;
	}
	return 0;
}

json_t *
annual_published(struct vault *vt, int year, const char *agency)
{
	json_t	*snap;
	char	 err[256];

	(void)annual_published_get(vt, year, agency, &snap, err,
	    sizeof(err));
	return snap;
}

/* 1 when the event's agency is agency (both NULL/null: the government). */
static int
annual_same_agency(json_t *ev, const char *agency)
{
	const char *a = json_string_value(json_object_get(ev, "agency"));

	if (agency == NULL || a == NULL)
		return agency == NULL && a == NULL;
	return strcmp(a, agency) == 0;
}

json_t *
annual_entered(struct vault *vt, int year, const char *agency, char *err,
    size_t errlen)
{
	static const char *const keys[] = { "permits", "penalties",
	    "enforcement", "charges", NULL };
	json_error_t	 jerr;
	json_t		*out, *ev;
	const char	*key, *act;
	char		 path[SITE_PATH_MAX], *buf = NULL, *p, *nl;
	size_t		 len, i;
	int		 rc;

	out = json_object();
	for (i = 0; keys[i] != NULL; i++)
		json_object_set_new(out, keys[i], json_null());
	if (vt == NULL)
		return out;
	annual_values_path(year, path);
	if ((rc = vault_read(vt, NULL, path, &buf, &len, err, errlen)) == -1) {
		json_decref(out);
		return NULL;
	}
	if (rc == 1)
		return out;
	for (p = buf; p < buf + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			nl = buf + len;
		if ((ev = json_loadb(p, (size_t)(nl - p), 0, &jerr)) == NULL)
			continue;
		act = json_string_value(json_object_get(ev, "action"));
		key = json_string_value(json_object_get(ev, "key"));
		if (act != NULL && strcmp(act, "set") == 0 && key != NULL &&
		    json_object_get(out, key) != NULL &&
		    annual_same_agency(ev, agency) &&
		    json_object_get(ev, "value") != NULL)
			json_object_set(out, key, json_object_get(ev, "value"));
		json_decref(ev);
	}
	free(buf);
	return out;
}

/* --- the notes file ----------------------------------------------------- */

static const struct {
	const char	*key, *marker;
} annual_sections[] = {
	{ "overview", "总体情况" },
	{ "problems", "问题与改进" },
	{ "other", "其他事项" },
};
#define ANNUAL_NSECTIONS \
	(sizeof(annual_sections) / sizeof(annual_sections[0]))

/* The section a line starts ([总体情况] or 【总体情况】, blanks around),
 * or -1. */
static int
annual_marker(const char *p, size_t n)
{
	size_t	i, m;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	if (n > 2 && p[0] == '[' && p[n - 1] == ']') {
		p++;
		n -= 2;
	} else if (n > 6 && strncmp(p, "【", 3) == 0 &&
	    strncmp(p + n - 3, "】", 3) == 0) {
		p += 3;
		n -= 6;
	} else
		return -1;
	for (i = 0; i < ANNUAL_NSECTIONS; i++) {
		m = strlen(annual_sections[i].marker);
		if (m == n && memcmp(p, annual_sections[i].marker, n) == 0)
			return (int)i;
	}
	return -1;
}

/* Text without the blank lines around it (and no CR). */
static json_t *
annual_trimmed(const char *p, size_t n)
{
	char	*s, *o;
	size_t	 i;
	json_t	*j;

	while (n > 0 && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' ||
	    p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0, o = s; i < n; i++)
		if (p[i] != '\r')
			*o++ = p[i];
	*o = '\0';
	j = json_stringn(s, (size_t)(o - s));
	if (j == NULL || json_string_value(j) == NULL)
		j = json_string("");
	free(s);
	return j;
}

/* Split buf into the sections, line by line; text before any marker is
 * 一's, and a marker given twice adds to its section. */
static void
annual_notes_split(json_t *notes, const char *buf, size_t len)
{
	struct strbuf	 sb[ANNUAL_NSECTIONS];
	const char	*p, *nl;
	json_t		*t;
	size_t		 i;
	int		 sec = 0, s;

	memset(sb, 0, sizeof(sb));
	for (p = buf; p < buf + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			nl = buf + len;
		if ((s = annual_marker(p, (size_t)(nl - p))) >= 0) {
			sec = s;
			continue;
		}
		strbuf_add(&sb[sec], p, (size_t)(nl - p));
		strbuf_add(&sb[sec], "\n", 1);
	}
	for (i = 0; i < ANNUAL_NSECTIONS; i++) {
		if (sb[i].s != NULL && !sb[i].nomem) {
			t = annual_trimmed(sb[i].s, sb[i].len);
			if (t != NULL && json_string_length(t) > 0)
				json_object_set_new(notes,
				    annual_sections[i].key, t);
			else
				json_decref(t);
		}
		strbuf_free(&sb[i]);
	}
}

json_t *
annual_notes(const struct config_annual *cfg, int year, const char *agency)
{
	json_t		*notes, *ph;
	FILE		*fp = NULL;
	const char	*why = NULL, *p;
	char		 path[PATH_MAX + 320], text[PATH_MAX + 640];
	char		*buf = NULL;
	size_t		 len = 0, i;
	int		 ok = 1;

	if (agency != NULL)
		snprintf(path, sizeof(path), "%s/%d-%s.md", cfg->notes_dir, year,
		    agency);
	else
		snprintf(path, sizeof(path), "%s/%d.md", cfg->notes_dir, year);
	/* An agency name is one folder name; never a way out of the dir. */
	if (agency != NULL && (strchr(agency, '/') != NULL ||
	    strcmp(agency, "..") == 0))
		ok = 0;
	if (ok && (fp = fopen(path, "r")) != NULL) {
		if ((buf = malloc(ANNUAL_NOTES_MAX + 1)) != NULL)
			len = fread(buf, 1, ANNUAL_NOTES_MAX + 1, fp);
		if (buf == NULL || ferror(fp))
			why = "无法读取";
		else if (len > ANNUAL_NOTES_MAX)
			why = "超过 1 MiB";
		else if (utf8_valid_prefix((unsigned char *)buf, len) != len ||
		    memchr(buf, '\0', len) != NULL)
			/* GBK from Notepad, say: never printed as mojibake */
			why = "不是 UTF-8 编码的文本，请另存为 UTF-8";
		fclose(fp);
		if (why != NULL)
			ok = 0;
	} else
		ok = 0;
	notes = json_pack("{s:s, s:b}", "file", path, "found", ok);
	if (why != NULL)
		json_object_set_new(notes, "error", json_string(why));
	if (ok) {
		p = buf;
		if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;		/* a BOM (Windows) */
			len -= 3;
		}
		annual_notes_split(notes, p, len);
	}
	free(buf);
	/* What the file does not give: a marked placeholder naming it. */
	ph = json_array();
	for (i = 0; i < ANNUAL_NSECTIONS; i++) {
		if (json_object_get(notes, annual_sections[i].key) != NULL)
			continue;
		if (ok)
			snprintf(text, sizeof(text), "（本部分由政府信息公开工作"
			    "机构填写：%s 中的 [%s]）", path,
			    annual_sections[i].marker);
		else if (why != NULL)
			snprintf(text, sizeof(text), "（本部分由政府信息公开工作"
			    "机构填写：%s；该文件%s）", path, why);
		else
			snprintf(text, sizeof(text), "（本部分由政府信息公开工作"
			    "机构填写：%s）", path);
		json_object_set_new(notes, annual_sections[i].key,
		    json_string(text));
		json_array_append_new(ph, json_string(annual_sections[i].key));
	}
	json_object_set_new(notes, "placeholders", ph);
	return notes;
}

/* --- the walk ----------------------------------------------------------- */

struct annual_walk {
	struct annual	*a;
	const char	*agency;
	int		 nomem;
};

static int
annual_doc_cb(json_t *rec, void *arg)
{
	struct annual_walk *w = arg;

	if (annual_add_doc(w->a, rec) == -1) {
		w->nomem = 1;
		return 1;
	}
	return 0;
}

static int
annual_app_cb(json_t *app, void *arg)
{
	struct annual_walk *w = arg;

	if (w->agency != NULL && strcmp(report_agency(app), w->agency) != 0)
		return 0;
	if (annual_add_app(w->a, app) == -1) {
		w->nomem = 1;
		return 1;
	}
	return 0;
}

json_t *
annual_build(struct store *st, MDB_txn *txn, struct vault *vt,
    const struct config_annual *cfg, int year, const char *agency,
    const char *as_of, char *err, size_t errlen)
{
	struct annual_opts	 o;
	struct annual_walk	 w;
	json_t			*extra = NULL, *entered, *model = NULL;
	json_t			*last;
	char			 dec31[16], day[16];
	int			 rc;

	if (year < ANNUAL_YEAR_MIN || year > 9998) {
		snprintf(err, errlen, "%d 不是条例施行以来的年度（%d 年起）",
		    year, ANNUAL_YEAR_MIN);
		return NULL;
	}
	if (as_of == NULL || apply_day_of(as_of) == APPLY_NODAY) {
		snprintf(err, errlen, "“%s”不是日期（YYYY-MM-DD）",
		    as_of != NULL ? as_of : "");
		return NULL;
	}
	/* As of 31 December at the latest: the same result whenever it
	 * is run after the year. */
	snprintf(dec31, sizeof(dec31), "%04d-12-31", year);
	snprintf(day, sizeof(day), "%.10s", strcmp(as_of, dec31) < 0 ? as_of :
	    dec31);
	memset(&o, 0, sizeof(o));
	o.year = year;
	o.agency = agency;
	o.as_of = day;
	o.rules = cfg->rules;
	o.nrules = cfg->nrules;
	if ((entered = annual_entered(vt, year, agency, err, errlen)) == NULL)
		return NULL;
	memset(&w, 0, sizeof(w));
	w.agency = agency;
	if ((w.a = annual_new(&o)) == NULL) {
		json_decref(entered);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (agency != NULL)
		rc = store_each_indexed(st, txn, STORE_IDX_AGENCY, agency,
		    annual_doc_cb, &w);
	else
		rc = store_each_record(st, txn, annual_doc_cb, &w);
	if (rc == 0 && !w.nomem)
		rc = apply_store_each(st, txn, annual_app_cb, &w);
	if (rc != 0 || w.nomem) {
		snprintf(err, errlen, "%s", w.nomem ? "内存不足" :
		    store_strerror(rc));
		goto out;
	}
	/* Last year's published report: unreadable is an error, not
	 * "none" (its in-force counts are what table 二 is checked by). */
	if (annual_published_get(vt, year - 1, agency, &last, err,
	    errlen) == -1)
		goto out;
	extra = json_pack("{s:o, s:o, s:o*}", "entered", entered, "notes",
	    annual_notes(cfg, year, agency), "last_year", last);
	entered = NULL;
	if (extra == NULL || (model = annual_finish(w.a, extra)) == NULL) {
		snprintf(err, errlen, "内存不足");
		goto out;
	}
	json_object_set_new(model, "checks", annual_check_run(model));
out:
	json_decref(entered);
	json_decref(extra);
	annual_free(w.a);
	return model;
}
