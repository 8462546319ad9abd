/*
 * config: read docketd.conf (INI, via inih) into struct config.
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
#include <unistd.h>

#include "config.h"
#include "config_mail.h"
#include "cron.h"

struct config_raw {
	char		 root[PATH_MAX];
	char		 intake[PATH_MAX];
	char		 spool[PATH_MAX];
	char		 quarantine[PATH_MAX];
	char		 db[PATH_MAX];
	char		 vault[PATH_MAX];
	char		 sock[PATH_MAX];
	char		 domains[PATH_MAX];
	struct config	*cf;
	char		 err[256];
};

int
config_parse_size(const char *s, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;
	uint64_t		 mul = 1;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end != '\0') {
		switch (*end) {
		case 'k': case 'K': mul = 1024ULL; break;
		case 'm': case 'M': mul = 1024ULL * 1024; break;
		case 'g': case 'G': mul = 1024ULL * 1024 * 1024; break;
		default: return -1;
		}
		end++;
		if (*end == 'i' || *end == 'B' || *end == 'b')
			end++;
		if (*end == 'B')
			end++;
		if (*end != '\0')
			return -1;
	}
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

int
config_parse_duration_ms(const char *s, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;
	uint64_t		 mul = 1000;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (strcmp(end, "ms") == 0)
		mul = 1;
	else if (*end == '\0' || strcmp(end, "s") == 0)
		mul = 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mul = 60 * 1000;
	else if (strcmp(end, "h") == 0)
		mul = 3600 * 1000;
	else if (strcmp(end, "d") == 0)
		mul = 86400ULL * 1000;
	else
		return -1;
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

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
    struct config_raw *raw)
{
	size_t	 i;
	const char *p;

	if (strlen(ext) >= sizeof(cf->tools[0].ext) ||
	    strlen(cmd) >= sizeof(cf->tools[0].cmd)) {
		snprintf(raw->err, sizeof(raw->err), "extractor for '%s' is "
		    "too long", ext);
		return 0;
	}
	for (p = ext; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9'))) {
			snprintf(raw->err, sizeof(raw->err), "[extract]: '%s' "
			    "is not a file name extension", ext);
			return 0;
		}
	for (i = 0; i < cf->ntools; i++)
		if (strcasecmp(cf->tools[i].ext, ext) == 0)
			break;
	if (i == cf->ntools) {
		if (cf->ntools == CONFIG_MAX_TOOLS) {
			snprintf(raw->err, sizeof(raw->err), "[extract]: more "
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
config_extract(struct config_raw *raw, const char *name, const char *value)
{
	struct config	*cf = raw->cf;
	uint64_t	 v;

	if (strcmp(name, "timeout") == 0) {
		if (config_parse_duration_ms(value, &v) == -1 || v < 100 ||
		    v > 3600ULL * 1000) {
			snprintf(raw->err, sizeof(raw->err), "timeout: '%s' is "
			    "not a duration between 100ms and 1h", value);
			return 0;
		}
		cf->tool_timeout_ms = (unsigned int)v;
		return 1;
	}
	if (strcmp(name, "max_text") == 0) {
		if (config_parse_size(value, &v) == -1 || v < 1024) {
			snprintf(raw->err, sizeof(raw->err), "max_text: '%s' is "
			    "not a size of at least 1K", value);
			return 0;
		}
		cf->max_text = v;
		return 1;
	}
	return config_set_tool(cf, name, value, raw);
}

int
config_parse_bool(const char *value, int *out)
{
	if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0 ||
	    strcmp(value, "1") == 0 || strcasecmp(value, "on") == 0)
		*out = 1;
	else if (strcasecmp(value, "no") == 0 ||
	    strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0 ||
	    strcasecmp(value, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* [review]: period, grace, on_request. */
static int
config_review(struct config_raw *raw, const char *name, const char *value)
{
	struct lc_policy	*p = &raw->cf->review;
	int			 m, d;

	if (strcmp(name, "period") == 0 || strcmp(name, "review_period") == 0) {
		if (lc_parse_period(value, &m, &d) == -1 || m + d == 0) {
			snprintf(raw->err, sizeof(raw->err), "%s: '%s' is not "
			    "a period (e.g. 12 months, 1y, 180d)", name, value);
			return 0;
		}
		p->review_months = m;
		p->review_days = d;
		return 1;
	}
	if (strcmp(name, "grace") == 0 || strcmp(name, "review_grace") == 0) {
		if (lc_parse_period(value, &m, &d) == -1 || m != 0) {
			snprintf(raw->err, sizeof(raw->err), "%s: '%s' is not "
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
			snprintf(raw->err, sizeof(raw->err), "%s: '%s' is not "
			    "yes or no", name, value);
			return 0;
		}
		return 1;
	}
	snprintf(raw->err, sizeof(raw->err), "unknown key '%s' in [review]",
	    name);
	return 0;
}

/* [cleanup]: schedule (cron), catch_up. */
static int
config_cleanup(struct config_raw *raw, const char *name, const char *value)
{
	struct config	*cf = raw->cf;
	struct cron	 c;
	char		 err[200];

	if (strcmp(name, "schedule") == 0) {
		if (cron_parse(&c, value, err, sizeof(err)) == -1) {
			snprintf(raw->err, sizeof(raw->err), "schedule: '%s': "
			    "%s", value, err);
			return 0;
		}
		if (strlen(value) >= sizeof(cf->cleanup_schedule)) {
			snprintf(raw->err, sizeof(raw->err), "schedule: too "
			    "long");
			return 0;
		}
		strcpy(cf->cleanup_schedule, value);
		return 1;
	}
	if (strcmp(name, "catch_up") == 0) {
		if (config_parse_bool(value, &cf->cleanup_catchup) == -1) {
			snprintf(raw->err, sizeof(raw->err), "catch_up: '%s' "
			    "is not yes or no", value);
			return 0;
		}
		return 1;
	}
	snprintf(raw->err, sizeof(raw->err), "unknown key '%s' in [cleanup]",
	    name);
	return 0;
}

/* [intake]: classified = withhold | refuse. */
static int
config_intake(struct config_raw *raw, const char *name, const char *value)
{
	struct config	*cf = raw->cf;

	if (strcmp(name, "classified") == 0) {
		if (strcmp(value, "withhold") == 0)
			cf->classified_refuse = 0;
		else if (strcmp(value, "refuse") == 0)
			cf->classified_refuse = 1;
		else {
			snprintf(raw->err, sizeof(raw->err), "classified: "
			    "'%s' is not withhold or refuse", value);
			return 0;
		}
		return 1;
	}
	snprintf(raw->err, sizeof(raw->err), "unknown key '%s' in [intake]",
	    name);
	return 0;
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_raw	*raw = user;
	struct config		*cf = raw->cf;
	uint64_t		 v;

	if (strcasecmp(section, "extract") == 0)
		return config_extract(raw, name, value);
	if (strcasecmp(section, "review") == 0)
		return config_review(raw, name, value);
	if (strcasecmp(section, "cleanup") == 0)
		return config_cleanup(raw, name, value);
	if (strcasecmp(section, "intake") == 0)
		return config_intake(raw, name, value);
	switch (config_mail_handle(cf, section, name, value, raw->err,
	    sizeof(raw->err))) {
	case 1:
		return 1;
	case 0:
		return 0;
	}
	/* Other sections belong to later modules and are ignored. */
	if (section[0] != '\0' && strcasecmp(section, "docketd") != 0)
		return 1;
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

int
config_load(struct config *cf, const char *file, const char *root,
    char *err, size_t errlen)
{
	struct config_raw	 raw;
	FILE			*fp;
	int			 line;
	const char		*base;
	char			 rootbuf[PATH_MAX];

	memset(cf, 0, sizeof(*cf));
	memset(&raw, 0, sizeof(raw));
	raw.cf = cf;
	cf->rescan = 60;
	cf->settle_ms = 1000;
	cf->max_size = 64ULL * 1024 * 1024;
	cf->batch_max = 256;
	cf->batch_ms = 100;
	cf->map_size = 64ULL * 1024 * 1024;
	cf->tool_timeout_ms = 30 * 1000;
	cf->max_text = 16ULL * 1024 * 1024;
	cf->ntools = 1;
	strcpy(cf->tools[0].ext, "pdf");
	strcpy(cf->tools[0].cmd, "pdftotext -enc UTF-8 %f -");
	strcpy(cf->admin_group, "docket");
	lc_policy_default(&cf->review);
	strcpy(cf->cleanup_schedule, "0 6 1 * *");
	cf->cleanup_catchup = 1;
	config_mail_defaults(cf);
	strcpy(raw.root, CONFIG_DEFAULT_ROOT);
	strcpy(raw.intake, "intake");
	strcpy(raw.spool, "spool");
	strcpy(raw.quarantine, "quarantine");
	strcpy(raw.db, "db");
	strcpy(raw.vault, "vault.git");
	strcpy(raw.sock, "docketd.sock");

	/* -r alone means defaults under ROOT; neither means the default
	 * file, which may be absent. */
	if (file == NULL && root == NULL)
		file = CONFIG_DEFAULT_FILE;

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
		if (config_mail_check(cf, raw.err, sizeof(raw.err)) == -1) {
			snprintf(err, errlen, "%s: %s", file, raw.err);
			config_free(cf);
			return -1;
		}
		if (snprintf(cf->file, sizeof(cf->file), "%s", file) >=
		    (int)sizeof(cf->file)) {
			snprintf(err, errlen, "config path too long");
			return -1;
		}
	}

resolve:
	if (root != NULL) {
		/* An absolute root keeps relative intake paths stable. */
		if (root[0] != '/') {
			char cwd[PATH_MAX];

			if (getcwd(cwd, sizeof(cwd)) == NULL ||
			    snprintf(rootbuf, sizeof(rootbuf), "%s/%s", cwd,
			    root) >= (int)sizeof(rootbuf)) {
				snprintf(err, errlen, "root path too long");
				return -1;
			}
			root = rootbuf;
		}
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
	return 0;
}
