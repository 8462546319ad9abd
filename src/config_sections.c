/*
 * config_sections: the keys of docketd.conf's own sections — [extract]
 * (one command per file name extension, and config_tool to look one up),
 * [ocr], [review], [cleanup], [intake], [applications] and [calendar] —
 * checked and stored into struct config, as a table for config.c (which
 * reads the file, holds the general keys and sets the defaults).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_sections.h"
#include "config_value.h"
#include "cron.h"

const char *
config_tool(const struct config *cf, const char *ext)
{
	size_t i;

	for (i = 0; i < cf->ntools; i++)
		if (strcasecmp(cf->tools[i].ext, ext) == 0)
			return cf->tools[i].cmd;
	return NULL;
}

static int
config_set_tool(struct config *cf, const char *ext, const char *cmd,
    char *err, size_t errlen)
{
	size_t	 i;
	const char *p;

	if (strlen(ext) >= sizeof(cf->tools[0].ext) ||
	    strlen(cmd) >= sizeof(cf->tools[0].cmd)) {
		snprintf(err, errlen, "extractor for '%s' is "
		    "too long", ext);
		return 0;
	}
	for (p = ext; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9'))) {
			snprintf(err, errlen, "[extract]: '%s' "
			    "is not a file name extension", ext);
			return 0;
		}
	for (i = 0; i < cf->ntools; i++)
		if (strcasecmp(cf->tools[i].ext, ext) == 0)
			break;
	if (i == cf->ntools) {
		if (cf->ntools == CONFIG_MAX_TOOLS) {
			snprintf(err, errlen, "[extract]: more "
			    "than %d extractors", CONFIG_MAX_TOOLS);
			return 0;
		}
		cf->ntools++;
	}
	snprintf(cf->tools[i].ext, sizeof(cf->tools[i].ext), "%s", ext);
	snprintf(cf->tools[i].cmd, sizeof(cf->tools[i].cmd), "%s", cmd);
	return 1;
}

/* [extract]: per-extension external extractors, their timeout and cap. */
static int
config_extract(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	uint64_t	 v;

	(void)arg;
	if (strcmp(name, "timeout") == 0) {
		if (config_parse_duration_ms(value, &v) == -1 || v < 100 ||
		    v > 3600ULL * 1000) {
			snprintf(err, errlen, "timeout: '%s' is "
			    "not a duration between 100ms and 1h", value);
			return 0;
		}
		cf->tool_timeout_ms = (unsigned int)v;
		return 1;
	}
	if (strcmp(name, "max_text") == 0) {
		if (config_parse_size(value, &v) == -1 || v < 1024) {
			snprintf(err, errlen, "max_text: '%s' is "
			    "not a size of at least 1K", value);
			return 0;
		}
		cf->max_text = v;
		return 1;
	}
	return config_set_tool(cf, name, value, err, errlen);
}

/* [ocr]: how scanned documents are read (ocr.c, ocrq.c). */
static int
config_ocr(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	static const struct {
		const char	*key;
		unsigned int	 lo, hi;
	} nums[] = {
		{ "dpi", 72, 600 },
		{ "max_pages", 1, 1000 },
		{ "workers", 1, 64 },
		{ "queue", 1, 100000 },
		{ "min_confidence", 0, 100 },
	};
	unsigned int	*dst[] = { &cf->ocr.dpi, &cf->ocr.max_pages,
			    &cf->ocr.workers, &cf->ocr.queue,
			    &cf->ocr.min_confidence };
	uint64_t	 v;
	char		*end;
	size_t		 i;

	(void)arg;
	if (strcmp(name, "ocr") == 0) {
		if (config_parse_bool(value, &cf->ocr.enabled) == -1) {
			snprintf(err, errlen, "ocr: '%s' is not yes or no",
			    value);
			return 0;
		}
		return 1;
	}
	if (strcmp(name, "lang") == 0) {
		if (value[0] == '\0' || strlen(value) >= sizeof(cf->ocr.lang) ||
		    strspn(value, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+") != strlen(value)) {
			snprintf(err, errlen, "lang: '%s' is not a tesseract "
			    "language list such as chi_sim or chi_sim+eng",
			    value);
			return 0;
		}
		strcpy(cf->ocr.lang, value);
		return 1;
	}
	if (strcmp(name, "timeout") == 0 || strcmp(name, "page_timeout") ==
	    0) {
		if (config_parse_duration_ms(value, &v) == -1 || v < 100 ||
		    v > 24ULL * 3600 * 1000) {
			snprintf(err, errlen, "%s: '%s' is not a duration "
			    "between 100ms and 24h", name, value);
			return 0;
		}
		if (name[0] == 't')
			cf->ocr.timeout_ms = (unsigned int)v;
		else
			cf->ocr.page_timeout_ms = (unsigned int)v;
		return 1;
	}
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strcmp(name, nums[i].key) != 0)
			continue;
		v = strtoull(value, &end, 10);
		if (end == value || *end != '\0' || v < nums[i].lo ||
		    v > nums[i].hi) {
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "%u to %u", name, value, nums[i].lo, nums[i].hi);
			return 0;
		}
		*dst[i] = (unsigned int)v;
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [ocr]", name);
	return 0;
}

/* [review]: period, grace, on_request. */
static int
config_review(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct lc_policy	*p = &cf->review;
	int			 m, d;

	(void)arg;
	if (strcmp(name, "period") == 0 || strcmp(name, "review_period") == 0) {
		if (lc_parse_period(value, &m, &d) == -1 || m + d == 0) {
			snprintf(err, errlen, "%s: '%s' is not "
			    "a period (e.g. 12 months, 1y, 180d)", name, value);
			return 0;
		}
		p->review_months = m;
		p->review_days = d;
		return 1;
	}
	if (strcmp(name, "grace") == 0 || strcmp(name, "review_grace") == 0) {
		if (lc_parse_period(value, &m, &d) == -1 || m != 0) {
			snprintf(err, errlen, "%s: '%s' is not "
			    "a number of days or weeks (e.g. 30d)", name,
			    value);
			return 0;
		}
		p->review_grace_days = d;
		return 1;
	}
	if (strcmp(name, "on_request") == 0 ||
	    strcmp(name, "review_on_request") == 0) {
		if (config_parse_bool(value, &p->review_on_request) == -1) {
			snprintf(err, errlen, "%s: '%s' is not "
			    "yes or no", name, value);
			return 0;
		}
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [review]",
	    name);
	return 0;
}

/* [cleanup]: schedule (cron), catch_up. */
static int
config_cleanup(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct cron	 c;
	char		 why[200];

	(void)arg;
	if (strcmp(name, "schedule") == 0) {
		if (cron_parse(&c, value, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "schedule: '%s': %s", value,
			    why);
			return 0;
		}
		if (strlen(value) >= sizeof(cf->cleanup_schedule)) {
			snprintf(err, errlen, "schedule: too "
			    "long");
			return 0;
		}
		strcpy(cf->cleanup_schedule, value);
		return 1;
	}
	if (strcmp(name, "catch_up") == 0) {
		if (config_parse_bool(value, &cf->cleanup_catchup) == -1) {
			snprintf(err, errlen, "catch_up: '%s' "
			    "is not yes or no", value);
			return 0;
		}
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [cleanup]",
	    name);
	return 0;
}

/* [intake]: classified = withhold | refuse. */
static int
config_intake(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	(void)arg;
	if (strcmp(name, "classified") == 0) {
		if (strcmp(value, "withhold") == 0)
			cf->classified_refuse = 0;
		else if (strcmp(value, "refuse") == 0)
			cf->classified_refuse = 1;
		else {
			snprintf(err, errlen, "classified: '%s' is not "
			    "withhold or refuse", value);
			return 0;
		}
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [intake]", name);
	return 0;
}

/* [applications]: fee_method = count | pages, due_soon = N working
 * days.  The calendar is [calendar] dir. */
static int
config_applications(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	char	*end;
	long	 n;

	(void)arg;
	if (strcmp(name, "fee_method") == 0) {
		if (strcmp(value, "count") == 0)
			cf->apply.fee_pages = 0;
		else if (strcmp(value, "pages") == 0)
			cf->apply.fee_pages = 1;
		else {
			snprintf(err, errlen, "fee_method: '%s' is not count "
			    "or pages", value);
			return 0;
		}
		return 1;
	}
	if (strcmp(name, "due_soon") == 0) {
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n < 1 || n > 20) {
			snprintf(err, errlen, "due_soon: '%s' is not a number "
			    "of working days from 1 to 20", value);
			return 0;
		}
		cf->apply.due_soon = (int)n;
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [applications]", name);
	return 0;
}

/* [calendar]: dir, the holiday files (YYYY.conf) that add to and
 * override the built-in years.  Resolved with the other paths. */
static int
config_calendar(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	(void)arg;
	if (strcmp(name, "dir") == 0) {
		if (value[0] == '\0' || strlen(value) >=
		    sizeof(cf->calendar_dir)) {
			snprintf(err, errlen, "dir: bad path '%s'", value);
			return 0;
		}
		/* Kept here until config_load resolves it. */
		strcpy(cf->calendar_dir, value);
		cf->calendar_dir_set = 1;
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [calendar]", name);
	return 0;
}

/* The sections of docketd.conf besides the general keys: {name, takes
 * an argument, handler}; the mail sections come from config_mail.c. */
const struct config_section config_sections[] = {
	{ "extract", 0, config_extract },
	{ "ocr", 0, config_ocr },
	{ "review", 0, config_review },
	{ "cleanup", 0, config_cleanup },
	{ "intake", 0, config_intake },
	{ "calendar", 0, config_calendar },
	{ "applications", 0, config_applications },
	{ NULL, 0, NULL }
};
