/*
 * publish: the catalog's rules (see publish.h).  Pure: the 索引号
 * sequence and the agency codes come through the context's callbacks,
 * the working days from calendar.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cndate.h"
#include "lifecycle.h"
#include "publish.h"
#include "record.h"
#include "utf8.h"

const char *
publish_why_not(json_t *rec)
{
	const char	*d = record_str(rec, "disclosure");

	if (lc_classified(rec))
		return "涉密文件不公开";
	if (d == NULL || strcmp(d, "public") != 0) {
		if (d != NULL && strcmp(d, "on_request") == 0)
			return "依申请公开，不主动公开";
		if (d != NULL && strcmp(d, "withheld") == 0)
			return "不予公开";
		return "公开属性未定";
	}
	if (json_is_true(json_object_get(rec, "hold")))
		return "已冻结";
	return NULL;
}

int
publish_eligible(json_t *rec)
{
	return publish_why_not(rec) == NULL;
}

/* The year of a YYYY-MM-DD (or RFC 3339) string, 0 when it has none. */
static int
publish_year_of(const char *s)
{
	int	y;

	if (s == NULL || strlen(s) < 10 || sscanf(s, "%4d", &y) != 1 ||
	    y < 1900 || y > 9999)
		return 0;
	return y;
}

int
publish_year(json_t *rec)
{
	int	y;

	if ((y = publish_year_of(record_str(rec, "signed_on"))) != 0 ||
	    (y = publish_year_of(record_str(rec, "published_on"))) != 0)
		return y;
	return publish_year_of(record_str(rec, "received_at"));
}

/* A key part: no '/' in it (an agency or domain name with one is
 * listed under its name with '／'), at most max-1 bytes. */
static void
publish_part(const char *v, char *out, size_t max)
{
	size_t	i, j;

	if (v == NULL || *v == '\0')
		v = "-";
	for (i = j = 0; v[i] != '\0' && j + 4 < max; i++) {
		if (v[i] == '/') {
			memcpy(out + j, "\xef\xbc\x8f", 3);	/* ／ */
			j += 3;
		} else
			out[j++] = v[i];
	}
	/* Never cut inside a character. */
	j = utf8_valid_prefix((const unsigned char *)out, j);
	out[j] = '\0';
}

size_t
publish_site_keys(json_t *rec, char keys[PUBLISH_SITE_KEYS][PUBLISH_KEY_MAX])
{
	const char	*po = record_str(rec, "published_on");
	char		 part[PUBLISH_KEY_MAX - 16];
	int		 y;

	if (!json_is_true(json_object_get(rec, "published")) || po == NULL ||
	    strlen(po) < 7 || (y = publish_year(rec)) == 0)
		return 0;
	snprintf(keys[0], PUBLISH_KEY_MAX, "m/%.7s", po);
	publish_part(record_str(rec, "domain"), part, sizeof(part));
	snprintf(keys[1], PUBLISH_KEY_MAX, "d/%s/%04d", part, y);
	publish_part(record_str(rec, "agency"), part, sizeof(part));
	snprintf(keys[2], PUBLISH_KEY_MAX, "a/%s/%04d", part, y);
	return 3;
}

/* Day number of a YYYY-MM-DD; -1 when it is not one. */
static int64_t
publish_day(const char *s)
{
	int	y, m, d;

	if (s == NULL || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m,
	    &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return cndate_days_from_civil(y, m, d);
}

/* published_late when today is past PUBLISH_DAYS working days of base. */
static void
publish_lag(const struct publish_ctx *c, json_t *rec, const char *base,
    const char *cause)
{
	int64_t	from = publish_day(base), to = publish_day(c->today);
	int	n, est = 0;

	if (c->cal == NULL || c->no_lag || from < 0 || to < 0 || to <= from)
		return;
	n = calendar_count_workdays(c->cal, from, to, &est);
	if (n <= PUBLISH_DAYS)
		return;
	json_object_set_new(rec, "publish_lag", json_pack("{s:s, s:i, s:s, s:b}",
	    "from", base, "workdays", n, "cause", cause, "estimated", est));
	lc_set_flag(rec, "published_late", 1);
}

/*
 * Record an entry to or an exit from the catalog: on the event of the
 * change that causes it when this change has one for the record (one
 * change, one event: "publish": the 索引号, or "unpublish": why), else
 * as an event of its own (action publish or unpublish).
 */
static void
publish_note(const struct lc_ctx *lc, json_t *events, int in,
    const char *index_no, const char *why)
{
	json_t	*last;

	if (json_array_size(events) > 0) {
		last = json_array_get(events, json_array_size(events) - 1);
		json_object_set_new(last, in ? "publish" : "unpublish",
		    json_string(in ? index_no : why));
		return;
	}
	json_array_append_new(events, in ? lc_event(lc, "publish", NULL,
	    index_no, NULL, NULL) : lc_event(lc, "unpublish", "public", NULL,
	    why, NULL));
}

int
publish_apply(const struct publish_ctx *c, json_t *rec,
    const char *prev_disclosure, json_t *events, char *err, size_t errlen)
{
	const char	*why = publish_why_not(rec), *code, *base, *cause;
	char		 prefix[PUBLISH_KEY_MAX], ino[PUBLISH_KEY_MAX + 16];
	unsigned int	 seq;
	int		 on = json_is_true(json_object_get(rec, "published"));
	int		 y, released;
	struct lc_ctx	 lc;

	lc_ctx_init(&lc, NULL, c->actor != NULL ? c->actor : "docketd", c->now);
	snprintf(lc.today, sizeof(lc.today), "%s", c->today);
	if (why != NULL) {
		if (!on)
			return 0;
		json_object_set_new(rec, "published", json_false());
		publish_note(&lc, events, 0, NULL, why);
		return 1;
	}
	if (on)
		return 0;
	if (record_str(rec, "index_no") == NULL) {
		if ((y = publish_year(rec)) == 0)
			y = atoi(c->today);
		code = c->code != NULL ? c->code(c->arg, record_str(rec,
		    "agency")) : NULL;
		snprintf(prefix, sizeof(prefix), "%s/%04d-", code != NULL ?
		    code : "DOCKET", y);
		if (c->next_seq(c->arg, prefix, &seq, err, errlen) == -1)
			return -1;
		snprintf(ino, sizeof(ino), "%s%05u", prefix, seq);
		json_object_set_new(rec, "index_no", json_string(ino));
	}
	if (record_str(rec, "published_on") == NULL) {
		json_object_set_new(rec, "published_on",
		    json_string(c->today));
		released = prev_disclosure != NULL &&
		    (strcmp(prev_disclosure, "on_request") == 0 ||
		    strcmp(prev_disclosure, "withheld") == 0);
		if (!released && (base = record_str(rec, "signed_on")) !=
		    NULL) {
			cause = prev_disclosure != NULL &&
			    strcmp(prev_disclosure, "undetermined") == 0 ?
			    "undetermined" : "late_intake";
			publish_lag(c, rec, base, cause);
		}
	}
	json_object_set_new(rec, "published", json_true());
	publish_note(&lc, events, 1, record_str(rec, "index_no"), NULL);
	return 1;
}
