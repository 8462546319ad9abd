/*
 * config: read docketd.conf (INI, via inih) into struct config.  The
 * general keys are here; every section goes through one table of
 * handlers {section, argument, handler}: [extract], [review] and
 * [cleanup] here, the mail sections from config_mail.c.
 *
 * Every path is resolved once, here: relative paths are taken under the
 * root (the `root` key, or /var/lib/docket); with -r ROOT every configured
 * path, absolute or not, is placed under ROOT instead, so a test or a demo
 * can run a full configuration inside a scratch directory.
 */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_mail.h"
#include "config_mirror.h"
#include "config_publish.h"
#include "config_value.h"
#include "cron.h"

static int	config_load_as(struct config *, const char *, const char *,
		    int, char *, size_t);

struct config_raw {
	char		 root[PATH_MAX];
	char		 intake[PATH_MAX];
	char		 spool[PATH_MAX];
	char		 quarantine[PATH_MAX];
	char		 db[PATH_MAX];
	char		 vault[PATH_MAX];
	char		 sock[PATH_MAX];
	char		 domains[PATH_MAX];
	char		 negative_list[PATH_MAX];
	char		 calendar_dir[PATH_MAX];
	struct config	*cf;
	char		 err[256];
};

static int
config_set_path(char *dst, const char *val, struct config_raw *raw)
{
	if (strlen(val) >= PATH_MAX || val[0] == '\0') {
		snprintf(raw->err, sizeof(raw->err), "bad path '%s'", val);
		return 0;
	}
	strcpy(dst, val);
	return 1;
}

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
static const struct config_section config_sections[] = {
	{ "extract", 0, config_extract },
	{ "ocr", 0, config_ocr },
	{ "review", 0, config_review },
	{ "cleanup", 0, config_cleanup },
	{ "intake", 0, config_intake },
	{ "calendar", 0, config_calendar },
	{ "applications", 0, config_applications },
	{ NULL, 0, NULL }
};

static const struct config_section *const config_tables[] = {
	config_sections, config_mail_sections, config_publish_sections,
	config_mirror_sections, NULL
};

/*
 * A [mirror NAME], [report NAME] or [publish] without a single key: inih
 * never says so (it calls back for keys only), and such a section does
 * nothing, while its writer believes there is an off-site copy, a report
 * or a site.  The line of the first such section, with why in err; 0
 * when there is none.
 */
static int
config_empty_sections(const char *file, char *err, size_t errlen)
{
	static const char *const need[] = { "mirror ", "report ", "publish",
	    NULL };
	FILE	*fp;
	char	 buf[1024], sec[256] = "", *p, *e;
	int	 n = 0, secline = 0, keys = 0, rc = 0;
	size_t	 i;

	if ((fp = fopen(file, "r")) == NULL)
		return 0;
	for (;;) {
		p = fgets(buf, sizeof(buf), fp);
		n++;
		if (p != NULL) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == ';' || *p == '#' || *p == '\n' ||
			    *p == '\r' || *p == '\0')
				continue;
			if (*p != '[') {
				keys++;
				continue;
			}
		}
		/* A section ends: at the next one, or at the end. */
		if (sec[0] != '\0' && keys == 0)
			for (i = 0; need[i] != NULL; i++)
				if (strncasecmp(sec, need[i],
				    strlen(need[i])) == 0 && (need[i][strlen(
				    need[i]) - 1] == ' ' || sec[strlen(
				    need[i])] == '\0')) {
					snprintf(err, errlen, "[%s] has no keys: "
					    "a section without settings does "
					    "nothing (complete it or remove it)",
					    sec);
					rc = secline;
					goto out;
				}
		if (p == NULL)
			break;
		if ((e = strchr(p, ']')) == NULL)
			continue;
		*e = '\0';
		snprintf(sec, sizeof(sec), "%s", p + 1);
		secline = n;
		keys = 0;
	}
out:
	fclose(fp);
	return rc;
}

/*
 * A key of [NAME] or [NAME ARG]: to the section's handler.  A section no
 * table knows is an error, like an unknown key: a typo ([mial]) would
 * otherwise silently turn a whole section off.
 */
static int
config_section(struct config *cf, const char *section, const char *name,
    const char *value, char *err, size_t errlen)
{
	const struct config_section	*const *t, *sec;
	size_t				 n;

	for (t = config_tables; *t != NULL; t++)
		for (sec = *t; sec->name != NULL; sec++) {
			n = strlen(sec->name);
			if (!sec->has_arg &&
			    strcasecmp(section, sec->name) == 0)
				return sec->fn(cf, NULL, name, value, err,
				    errlen);
			if (sec->has_arg && strncasecmp(section, sec->name,
			    n) == 0 && section[n] == ' ')
				return sec->fn(cf, section + n + 1, name,
				    value, err, errlen);
		}
	snprintf(err, errlen, "unknown section [%s] (known: [docketd], "
	    "[intake], [extract], [ocr], [review], [cleanup], [calendar], "
	    "[applications], [publish], "
	    "[mail], "
	    "[agency NAME], "
	    "[report NAME], [mirror NAME])", section);
	return 0;
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_raw	*raw = user;
	struct config		*cf = raw->cf;
	uint64_t		 v;

	if (section[0] != '\0' && strcasecmp(section, "docketd") != 0)
		return config_section(cf, section, name, value, raw->err,
		    sizeof(raw->err));
	if (strcmp(name, "root") == 0)
		return config_set_path(raw->root, value, raw);
	if (strcmp(name, "intake") == 0)
		return config_set_path(raw->intake, value, raw);
	if (strcmp(name, "spool") == 0)
		return config_set_path(raw->spool, value, raw);
	if (strcmp(name, "quarantine") == 0)
		return config_set_path(raw->quarantine, value, raw);
	if (strcmp(name, "db") == 0)
		return config_set_path(raw->db, value, raw);
	if (strcmp(name, "vault") == 0)
		return config_set_path(raw->vault, value, raw);
	if (strcmp(name, "socket") == 0)
		return config_set_path(raw->sock, value, raw);
	if (strcmp(name, "domains") == 0)
		return config_set_path(raw->domains, value, raw);
	if (strcmp(name, "negative_list") == 0)
		return config_set_path(raw->negative_list, value, raw);
	if (strcmp(name, "admin_group") == 0) {
		if (value[0] == '\0' || strlen(value) >= sizeof(cf->admin_group)
		    || strpbrk(value, " \t:/") != NULL) {
			snprintf(raw->err, sizeof(raw->err), "admin_group: '%s' "
			    "is not a group name", value);
			return 0;
		}
		strcpy(cf->admin_group, value);
		return 1;
	}
	if (strcmp(name, "rescan") == 0) {
		if (config_parse_duration_ms(value, &v) == -1 || v < 1000 ||
		    v > 86400ULL * 1000) {
			snprintf(raw->err, sizeof(raw->err),
			    "rescan: '%s' is not a duration between 1s and 1d",
			    value);
			return 0;
		}
		cf->rescan = (unsigned int)(v / 1000);
		return 1;
	}
	if (strcmp(name, "settle") == 0) {
		if (config_parse_duration_ms(value, &v) == -1 ||
		    v > 3600ULL * 1000) {
			snprintf(raw->err, sizeof(raw->err),
			    "settle: '%s' is not a duration up to 1h", value);
			return 0;
		}
		cf->settle_ms = (unsigned int)v;
		return 1;
	}
	if (strcmp(name, "max_size") == 0) {
		if (config_parse_size(value, &v) == -1 || v == 0) {
			snprintf(raw->err, sizeof(raw->err),
			    "max_size: '%s' is not a size (e.g. 64M)", value);
			return 0;
		}
		cf->max_size = v;
		return 1;
	}
	if (strcmp(name, "batch_max") == 0) {
		if (config_parse_size(value, &v) == -1 || v == 0 ||
		    v > 10000) {
			snprintf(raw->err, sizeof(raw->err),
			    "batch_max: '%s' is not a number from 1 to 10000",
			    value);
			return 0;
		}
		cf->batch_max = (unsigned int)v;
		return 1;
	}
	if (strcmp(name, "readers") == 0) {
		char	*end;
		unsigned long r;

		errno = 0;
		r = strtoul(value, &end, 10);
		if (value[0] < '0' || value[0] > '9' || *end != '\0' ||
		    errno != 0 || r < 1 || r > CONFIG_MAX_READERS) {
			snprintf(raw->err, sizeof(raw->err),
			    "readers: '%s' is not a number from 1 to %d",
			    value, CONFIG_MAX_READERS);
			return 0;
		}
		cf->readers = (unsigned int)r;
		return 1;
	}
	if (strcmp(name, "batch_wait") == 0) {
		if (config_parse_duration_ms(value, &v) == -1 ||
		    v > 60 * 1000) {
			snprintf(raw->err, sizeof(raw->err),
			    "batch_wait: '%s' is not a duration up to 60s",
			    value);
			return 0;
		}
		cf->batch_ms = (unsigned int)v;
		return 1;
	}
	if (strcmp(name, "map_size") == 0) {
		if (config_parse_size(value, &v) == -1 ||
		    v < 1024 * 1024) {
			snprintf(raw->err, sizeof(raw->err),
			    "map_size: '%s' is not a size of at least 1M",
			    value);
			return 0;
		}
		cf->map_size = v;
		return 1;
	}
	snprintf(raw->err, sizeof(raw->err), "unknown key '%s'", name);
	return 0;
}

/* Resolve one path: under -r ROOT always inside ROOT; else relative paths
 * go under the configured root. */
static int
config_resolve(char *dst, const char *base, const char *path, int force)
{
	int	 n;

	if (path[0] == '/' && !force)
		n = snprintf(dst, PATH_MAX, "%s", path);
	else {
		while (path[0] == '/')
			path++;
		n = snprintf(dst, PATH_MAX, "%s/%s", base, path);
	}
	return (n < 0 || n >= PATH_MAX) ? -1 : 0;
}

/* ROOT/NAME into buf; -1 when too long. */
static int
config_in_root(char *buf, size_t len, const char *root, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", root, name);

	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

/* An absolute form of a relative root (the current directory's). */
static int
config_abs_root(const char *root, char *buf, size_t len)
{
	char cwd[PATH_MAX];

	if (root[0] == '/')
		return snprintf(buf, len, "%s", root) >= (int)len ? -1 : 0;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	return snprintf(buf, len, "%s/%s", cwd, root) >= (int)len ? -1 : 0;
}

/*
 * The file to read for -r ROOT without -c: the one docketd recorded in
 * ROOT/docketd.conf.path (follow only), else ROOT/docketd.conf when it
 * exists, else none ("" in out).  -1 with err when the record names a
 * file that cannot be read: reading defaults instead would give another
 * answer than the daemon's.
 */
static int
config_root_file(const char *root, int follow, char *out, size_t outlen,
    char *err, size_t errlen)
{
	char	 rec[PATH_MAX], line[PATH_MAX + 2];
	FILE	*fp;
	size_t	 n;

	out[0] = '\0';
	if (follow && config_in_root(rec, sizeof(rec), root,
	    CONFIG_RECORD_NAME) == 0 && (fp = fopen(rec, "r")) != NULL) {
		n = fgets(line, sizeof(line), fp) != NULL ? strlen(line) : 0;
		fclose(fp);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0 && line[0] == '/') {
			if (access(line, R_OK) != 0) {
				snprintf(err, errlen, "%s (the configuration "
				    "docketd uses for this root, recorded in "
				    "%s): %s", line, rec, strerror(errno));
				return -1;
			}
			snprintf(out, outlen, "%s", line);
			return 0;
		}
	}
	if (config_in_root(rec, sizeof(rec), root, CONFIG_ROOT_FILE) == 0 &&
	    access(rec, F_OK) == 0)
		snprintf(out, outlen, "%s", rec);
	return 0;
}

int
config_record(const struct config *cf, char *err, size_t errlen)
{
	char	 path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE	*fp;

	if (config_in_root(path, sizeof(path), cf->root,
	    CONFIG_RECORD_NAME) == -1 ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "root path too long");
		return -1;
	}
	if (cf->file[0] == '\0') {
		if (unlink(path) == -1 && errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if ((fp = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	/* Only a path: anyone who may read the root may read it. */
	if (fchmod(fileno(fp), 0644) == -1 ||
	    fprintf(fp, "%s\n", cf->file) < 0 || fflush(fp) == EOF ||
	    fsync(fileno(fp)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		fclose(fp);
		unlink(tmp);
		return -1;
	}
	if (fclose(fp) == EOF || rename(tmp, path) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
config_load(struct config *cf, const char *file, const char *root,
    char *err, size_t errlen)
{
	return config_load_as(cf, file, root, 1, err, errlen);
}

int
config_load_daemon(struct config *cf, const char *file, const char *root,
    char *err, size_t errlen)
{
	return config_load_as(cf, file, root, 0, err, errlen);
}

static int
config_load_as(struct config *cf, const char *file, const char *root,
    int follow, char *err, size_t errlen)
{
	struct config_raw	 raw;
	FILE			*fp;
	int			 line;
	long			 ncpu;
	const char		*base;
	char			 rootbuf[PATH_MAX], rootfile[PATH_MAX];
	char			 absfile[PATH_MAX];

	memset(cf, 0, sizeof(*cf));
	memset(&raw, 0, sizeof(raw));
	raw.cf = cf;
	cf->rescan = 60;
	cf->settle_ms = 1000;
	cf->max_size = 64ULL * 1024 * 1024;
	cf->batch_max = 256;
	/* One reader thread a core: ingest's reading is CPU-bound. */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cf->readers = ncpu < 1 ? 1 : ncpu > CONFIG_MAX_READERS ?
	    CONFIG_MAX_READERS : (unsigned int)ncpu;
	cf->batch_ms = 100;
	cf->map_size = 64ULL * 1024 * 1024;
	cf->tool_timeout_ms = 30 * 1000;
	cf->max_text = 16ULL * 1024 * 1024;
	/* Word 97-2003 and WPS (compound documents like .doc): antiword,
	 * and catdoc for the small files antiword refuses; RTF: unrtf to
	 * HTML, read by html.c (the measurements are in ARCHITECTURE.md). */
	cf->ntools = 4;
	strcpy(cf->tools[0].ext, "pdf");
	strcpy(cf->tools[0].cmd, "pdftotext -enc UTF-8 %f -");
	strcpy(cf->tools[1].ext, "doc");
	strcpy(cf->tools[1].cmd, CONFIG_DOC_TOOL);
	strcpy(cf->tools[2].ext, "wps");
	strcpy(cf->tools[2].cmd, CONFIG_DOC_TOOL);
	strcpy(cf->tools[3].ext, "rtf");
	strcpy(cf->tools[3].cmd, "unrtf --html %f");
	cf->ocr.enabled = 1;
	strcpy(cf->ocr.lang, "chi_sim");
	cf->ocr.dpi = 200;
	cf->ocr.max_pages = 50;
	cf->ocr.workers = 1;
	cf->ocr.queue = 64;
	cf->ocr.page_timeout_ms = 120 * 1000;
	cf->ocr.timeout_ms = 30 * 60 * 1000;
	cf->ocr.min_confidence = 30;
	strcpy(cf->admin_group, "docket");
	lc_policy_default(&cf->review);
	strcpy(cf->cleanup_schedule, "0 6 1 * *");
	cf->cleanup_catchup = 1;
	cf->apply.fee_pages = 0;
	cf->apply.due_soon = 5;
	config_publish_defaults(cf);
	config_mail_defaults(cf);
	strcpy(raw.root, CONFIG_DEFAULT_ROOT);
	strcpy(raw.intake, "intake");
	strcpy(raw.spool, "spool");
	strcpy(raw.quarantine, "quarantine");
	strcpy(raw.db, "db");
	strcpy(raw.vault, "vault.git");
	strcpy(raw.sock, "docketd.sock");

	/* An absolute root keeps relative intake paths stable. */
	if (root != NULL) {
		if (config_abs_root(root, rootbuf, sizeof(rootbuf)) == -1) {
			snprintf(err, errlen, "root path too long");
			return -1;
		}
		root = rootbuf;
	}
	/* -r alone: the file docketd recorded for ROOT, else
	 * ROOT/docketd.conf, else defaults; neither: the default file,
	 * which may be absent. */
	if (file == NULL && root == NULL)
		file = CONFIG_DEFAULT_FILE;
	else if (file == NULL) {
		if (config_root_file(root, follow, rootfile, sizeof(rootfile),
		    err, errlen) == -1)
			return -1;
		if (rootfile[0] != '\0')
			file = rootfile;
	}

	if (file != NULL) {
		if ((fp = fopen(file, "r")) == NULL) {
			if (errno == ENOENT &&
			    strcmp(file, CONFIG_DEFAULT_FILE) == 0)
				goto resolve;
			snprintf(err, errlen, "%s: %s", file, strerror(errno));
			return -1;
		}
		line = ini_parse_file(fp, config_handler, &raw);
		fclose(fp);
		if (line != 0) {
			if (line < 0)
				snprintf(err, errlen, "%s: cannot read", file);
			else
				snprintf(err, errlen, "%s:%d: %s", file, line,
				    raw.err[0] ? raw.err : "syntax error");
			config_free(cf);
			return -1;
		}
		if ((line = config_empty_sections(file, raw.err,
		    sizeof(raw.err))) > 0) {
			snprintf(err, errlen, "%s:%d: %s", file, line, raw.err);
			config_free(cf);
			return -1;
		}
		if (config_mail_check(cf, raw.err, sizeof(raw.err)) == -1 ||
		    config_mirror_check(cf, raw.err, sizeof(raw.err)) == -1) {
			snprintf(err, errlen, "%s: %s", file, raw.err);
			config_free(cf);
			return -1;
		}
		/* Absolute, so docketd can record it for docketctl. */
		if (realpath(file, absfile) != NULL)
			file = absfile;
		if (snprintf(cf->file, sizeof(cf->file), "%s", file) >=
		    (int)sizeof(cf->file)) {
			snprintf(err, errlen, "config path too long");
			return -1;
		}
	}

resolve:
	if (root != NULL) {
		if (snprintf(cf->root, sizeof(cf->root), "%s", root) >=
		    (int)sizeof(cf->root)) {
			snprintf(err, errlen, "root path too long");
			return -1;
		}
	} else if (config_resolve(cf->root, "/", raw.root, 0) == -1) {
		snprintf(err, errlen, "root path too long");
		return -1;
	}
	base = cf->root;
	if (config_resolve(cf->intake, base, raw.intake, root != NULL) ||
	    config_resolve(cf->spool, base, raw.spool, root != NULL) ||
	    config_resolve(cf->quarantine, base, raw.quarantine,
	    root != NULL) ||
	    config_resolve(cf->db, base, raw.db, root != NULL) ||
	    config_resolve(cf->vault, base, raw.vault, root != NULL) ||
	    config_resolve(cf->sock, base, raw.sock, root != NULL) ||
	    config_resolve(cf->lock, base, "docketd.lock", 0)) {
		snprintf(err, errlen, "a configured path is too long");
		return -1;
	}
	/* Domain rules: as configured; else the site file when there is
	 * one (ROOT/domains.conf under -r); else the built-in rules. */
	if (raw.domains[0] != '\0') {
		if (config_resolve(cf->domains, base, raw.domains,
		    root != NULL) == -1) {
			snprintf(err, errlen, "domains path too long");
			return -1;
		}
	} else if (root != NULL) {
		if (config_resolve(cf->domains, base, "domains.conf", 0) == 0 &&
		    access(cf->domains, R_OK) != 0)
			cf->domains[0] = '\0';
	} else if (access(CONFIG_DEFAULT_DOMAINS, R_OK) == 0)
		snprintf(cf->domains, sizeof(cf->domains), "%s",
		    CONFIG_DEFAULT_DOMAINS);
	/* The 负面清单: as configured; else the site file (ROOT/negative-
	 * list.conf under -r, else the installed one); else built in. */
	if (raw.negative_list[0] != '\0') {
		if (config_resolve(cf->negative_list, base, raw.negative_list,
		    root != NULL) == -1) {
			snprintf(err, errlen, "negative_list path too long");
			return -1;
		}
	} else if (root != NULL) {
		if (config_resolve(cf->negative_list, base,
		    "negative-list.conf", 0) == 0 &&
		    access(cf->negative_list, R_OK) != 0)
			cf->negative_list[0] = '\0';
	} else if (access(CONFIG_DEFAULT_NEGLIST, R_OK) == 0)
		snprintf(cf->negative_list, sizeof(cf->negative_list), "%s",
		    CONFIG_DEFAULT_NEGLIST);
	/* Holiday files: as configured; else ROOT/holidays under -r; else
	 * the installed directory (missing: the built-in years alone). */
	snprintf(raw.calendar_dir, sizeof(raw.calendar_dir), "%s",
	    cf->calendar_dir);
	if (cf->calendar_dir_set) {
		if (config_resolve(cf->calendar_dir, base, raw.calendar_dir,
		    root != NULL) == -1) {
			snprintf(err, errlen, "calendar dir path too long");
			return -1;
		}
	} else if (root != NULL) {
		if (config_resolve(cf->calendar_dir, base, "holidays", 0) ==
		    -1 || access(cf->calendar_dir, F_OK) != 0)
			cf->calendar_dir[0] = '\0';
	} else
		snprintf(cf->calendar_dir, sizeof(cf->calendar_dir), "%s",
		    CONFIG_DEFAULT_HOLIDAYS);
	/* [publish] dir: a relative path is under the root, as the others;
	 * under -r ROOT, inside it. */
	if (cf->publish.dir[0] != '\0') {
		char pdir[PATH_MAX];

		snprintf(pdir, sizeof(pdir), "%s", cf->publish.dir);
		/* Inside means inside: no way out through "..". */
		if (root != NULL && (strcmp(pdir, "..") == 0 ||
		    strncmp(pdir, "../", 3) == 0 || strstr(pdir, "/../") !=
		    NULL || (strlen(pdir) >= 3 &&
		    strcmp(pdir + strlen(pdir) - 3, "/..") == 0))) {
			snprintf(err, errlen, "[publish] dir '%s': under -r ROOT "
			    "the site is inside the root; '..' would leave it",
			    pdir);
			return -1;
		}
		if (config_resolve(cf->publish.dir, base, pdir, root != NULL) ==
		    -1) {
			snprintf(err, errlen, "publish dir path too long");
			return -1;
		}
		if (config_publish_check(cf, err, errlen) == -1)
			return -1;
	}
	return 0;
}

void
config_free(struct config *cf)
{
	free(cf->agencies);
	free(cf->reports);
	cf->agencies = NULL;
	cf->reports = NULL;
	cf->nagencies = cf->nreports = 0;
}

void
config_take_mail(struct config *dst, struct config *src)
{
	config_free(dst);
	dst->mail = src->mail;
	dst->agencies = src->agencies;
	dst->nagencies = src->nagencies;
	dst->reports = src->reports;
	dst->nreports = src->nreports;
	src->agencies = NULL;
	src->reports = NULL;
	src->nagencies = src->nreports = 0;
}

const struct config_agency *
config_agency(const struct config *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nagencies; i++)
		if (strcmp(cf->agencies[i].name, name) == 0)
			return &cf->agencies[i];
	return NULL;
}

/* 1 when the comma-separated list holds name (blanks around items
 * ignored). */
static int
config_list_has(const char *list, const char *name)
{
	const char	*p = list, *e, *end;
	size_t		 n = strlen(name);

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		e = end;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - p) == n && n > 0 && memcmp(p, name, n) == 0)
			return 1;
		p = end;
	}
	return 0;
}

const char *
config_agency_of(const struct config *cf, const char *subfolder,
    const char *issuer)
{
	size_t i;

	if (subfolder != NULL && subfolder[0] != '\0')
		return subfolder;
	if (issuer == NULL || issuer[0] == '\0')
		return NULL;
	for (i = 0; i < cf->nagencies; i++)
		if (strcmp(cf->agencies[i].name, issuer) == 0)
			return cf->agencies[i].name;
	for (i = 0; i < cf->nagencies; i++)
		if (config_list_has(cf->agencies[i].issuers, issuer))
			return cf->agencies[i].name;
	return NULL;
}
