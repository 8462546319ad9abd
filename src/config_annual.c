/*
 * config_annual: [annual_report] and [annual_report AGENCY] of
 * docketd.conf, for the annual report (annual_build.c).
 *
 *   [annual_report]
 *   notes_dir = annual-notes     the operators' paragraphs, one file a
 *                                year and agency (2025-财政局.md) or for
 *                                the whole government (2025.md); a
 *                                relative path is under the root
 *   agency_due = 01-31           the report of a year is due on this
 *   government_due = 03-31       day of the next (条例 Art. 49)
 *   regulation = 淄政令          docno prefixes (the part before 〔) of
 *   normative = 淄财规, 淄教规    each kind, for every agency; a comma,
 *   other = 淄政办函             a 、 or a blank between them
 *
 *   [annual_report 财政局]
 *   due = 02-15                  this agency's own deadline
 *   regulation/normative/other   its own prefixes, before the global ones
 *
 * Every value is checked here, so a bad date or an empty list is an
 * error with the file and line at load, not a wrong report next
 * January.  notes_dir is resolved by config_load with the other paths.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_annual.h"
#include "gongwen_kind.h"

/* The keys, by kind (not gongwen_kind_name: config.c links into the
 * light docketctl, which has no use for the rest of gongwen_kind.c). */
static const char *
config_annual_kind(enum gw_kind k)
{
	return k == GW_KIND_REGULATION ? "regulation" :
	    k == GW_KIND_NORMATIVE ? "normative" : "other";
}

void
config_annual_defaults(struct config *cf)
{
	struct config_annual *a = &cf->annual;

	memset(a, 0, sizeof(*a));
	snprintf(a->notes_dir, sizeof(a->notes_dir), "%s",
	    CONFIG_ANNUAL_NOTES);
	snprintf(a->agency_due, sizeof(a->agency_due), "%s",
	    CONFIG_ANNUAL_AGENCY_DUE);
	snprintf(a->government_due, sizeof(a->government_due), "%s",
	    CONFIG_ANNUAL_GOV_DUE);
}

void
config_annual_free(struct config_annual *a)
{
	free(a->agencies);
	free(a->rules);
	a->agencies = NULL;
	a->rules = NULL;
	a->nagencies = a->nrules = 0;
}

/* MM-DD, a day every year has (02-29 is not). */
static int
config_annual_mmdd(const char *name, const char *value, char out[6],
    char *err, size_t errlen)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 m, d;

	if (strlen(value) != 5 || value[2] != '-' ||
	    strspn(value, "0123456789") != 2 ||
	    strspn(value + 3, "0123456789") != 2)
		goto bad;
	m = (value[0] - '0') * 10 + (value[1] - '0');
	d = (value[3] - '0') * 10 + (value[4] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		goto bad;
	memcpy(out, value, 6);
	return 1;
bad:
	snprintf(err, errlen, "%s: '%s' is not a day of the year as MM-DD "
	    "(01-31 for 31 January; 02-29 is not every year's)", name, value);
	return 0;
}

/* The next prefix of a list: between commas (',', '，'), '、' or
 * blanks.  *len 0 at the end. */
static const char *
config_annual_next(const char *p, size_t *len)
{
	const char *e;

	for (;;) {
		if (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0)
			p += 3;
		else
			break;
	}
	for (e = p; *e != '\0' && *e != ',' && *e != ' ' && *e != '\t' &&
	    strncmp(e, "，", 3) != 0 && strncmp(e, "、", 3) != 0; e++)
		;
	*len = (size_t)(e - p);
	return p;
}

static int
config_annual_rule(struct config_annual *a, const char *agency,
    const char *prefix, size_t n, enum gw_kind kind, const char *section,
    char *err, size_t errlen)
{
	struct gongwen_kind_rule	*r;
	size_t				 i;

	if (n >= sizeof(r->prefix)) {
		snprintf(err, errlen, "%s: the prefix '%.*s' is too long "
		    "(at most %zu bytes)", config_annual_kind(kind), (int)n,
		    prefix, sizeof(r->prefix) - 1);
		return 0;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)prefix[i] < 0x20 || prefix[i] == 0x7f) {
			snprintf(err, errlen, "%s: a prefix has a control "
			    "character", config_annual_kind(kind));
			return 0;
		}
	for (i = 0; i < a->nrules; i++) {
		r = &a->rules[i];
		if (strcmp(r->agency, agency) != 0 ||
		    strlen(r->prefix) != n || memcmp(r->prefix, prefix, n) != 0)
			continue;
		if (r->kind == kind)
			return 1;
		snprintf(err, errlen, "%s: '%.*s' is a %s prefix in [%s] "
		    "already; one prefix, one kind", config_annual_kind(kind),
		    (int)n, prefix, config_annual_kind(r->kind), section);
		return 0;
	}
	if ((r = reallocarray(a->rules, a->nrules + 1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return 0;
	}
	a->rules = r;
	r = &a->rules[a->nrules++];
	memset(r, 0, sizeof(*r));
	snprintf(r->agency, sizeof(r->agency), "%s", agency);
	memcpy(r->prefix, prefix, n);
	r->prefix[n] = '\0';
	r->kind = kind;
	return 1;
}

/* regulation, normative or other = a list of docno prefixes. */
static int
config_annual_rules(struct config_annual *a, const char *agency,
    const char *name, const char *value, char *err, size_t errlen)
{
	enum gw_kind	 kind;
	const char	*p;
	char		 section[300];
	size_t		 n, count = 0;

	if (strcmp(name, "regulation") == 0)
		kind = GW_KIND_REGULATION;
	else if (strcmp(name, "normative") == 0)
		kind = GW_KIND_NORMATIVE;
	else
		kind = GW_KIND_OTHER;
	snprintf(section, sizeof(section), "annual_report%s%s",
	    agency[0] ? " " : "", agency);
	for (p = config_annual_next(value, &n); n > 0;
	    p = config_annual_next(p + n, &n)) {
		if (!config_annual_rule(a, agency, p, n, kind, section, err,
		    errlen))
			return 0;
		count++;
	}
	if (count == 0) {
		snprintf(err, errlen, "%s: '%s' is not a list of docno "
		    "prefixes (the part before 〔, as 淄政令, 鲁政办规)", name,
		    value);
		return 0;
	}
	return 1;
}

static int
config_annual_is_rule(const char *name)
{
	return strcmp(name, "regulation") == 0 ||
	    strcmp(name, "normative") == 0 || strcmp(name, "other") == 0;
}

/* [annual_report] */
static int
config_annual_global(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_annual *a = &cf->annual;

	(void)arg;
	if (strcmp(name, "notes_dir") == 0) {
		if (value[0] == '\0' || strlen(value) >= sizeof(a->notes_dir) ||
		    strpbrk(value, "\r\n") != NULL) {
			snprintf(err, errlen, "notes_dir: bad path '%s'", value);
			return 0;
		}
		snprintf(a->notes_dir, sizeof(a->notes_dir), "%s", value);
		return 1;
	}
	if (strcmp(name, "agency_due") == 0)
		return config_annual_mmdd(name, value, a->agency_due, err,
		    errlen);
	if (strcmp(name, "government_due") == 0)
		return config_annual_mmdd(name, value, a->government_due, err,
		    errlen);
	if (config_annual_is_rule(name))
		return config_annual_rules(a, "", name, value, err, errlen);
	snprintf(err, errlen, "unknown key '%s' in [annual_report] (known: "
	    "notes_dir, agency_due, government_due, regulation, normative, "
	    "other)", name);
	return 0;
}

/* [annual_report AGENCY] */
static int
config_annual_agency(struct config *cf, const char *agency, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_annual		*a = &cf->annual;
	struct config_annual_agency	*ag = NULL, *na;
	size_t				 i;

	if (agency[0] == '\0' || strlen(agency) >= sizeof(ag->name)) {
		snprintf(err, errlen, "[annual_report %s]: not an agency name",
		    agency);
		return 0;
	}
	if (config_annual_is_rule(name))
		return config_annual_rules(a, agency, name, value, err, errlen);
	if (strcmp(name, "due") != 0) {
		snprintf(err, errlen, "unknown key '%s' in [annual_report %s] "
		    "(known: due, regulation, normative, other)", name, agency);
		return 0;
	}
	for (i = 0; i < a->nagencies; i++)
		if (strcmp(a->agencies[i].name, agency) == 0)
			ag = &a->agencies[i];
	if (ag == NULL) {
		if ((na = reallocarray(a->agencies, a->nagencies + 1,
		    sizeof(*na))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return 0;
		}
		a->agencies = na;
		ag = &a->agencies[a->nagencies++];
		memset(ag, 0, sizeof(*ag));
		snprintf(ag->name, sizeof(ag->name), "%s", agency);
	}
	return config_annual_mmdd(name, value, ag->due, err, errlen);
}

const struct config_section config_annual_sections[] = {
	{ "annual_report", 0, config_annual_global },
	{ "annual_report", 1, config_annual_agency },
	{ NULL, 0, NULL }
};

const char *
config_annual_due(const struct config_annual *a, const char *agency,
    int year, char out[11])
{
	const char	*mmdd = a->agency_due;
	char		 buf[32];
	size_t		 i;

	if (agency == NULL)
		mmdd = a->government_due;
	else
		for (i = 0; i < a->nagencies; i++)
			if (strcmp(a->agencies[i].name, agency) == 0 &&
			    a->agencies[i].due[0] != '\0')
				mmdd = a->agencies[i].due;
	if (year < 0 || year > 9998)
		year = 9998;
	snprintf(buf, sizeof(buf), "%04d-%.5s", year + 1, mmdd);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return out;
}
