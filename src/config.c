/*
 * config: read docketd.conf (INI, via inih) into struct config.  The
 * general keys are here; every section goes through one table of
 * handlers {section, argument, handler}: docketd's own sections ([intake],
 * [extract], [ocr], [review], [cleanup], [calendar], [applications]) from
 * config_sections.c, the mail sections from config_mail.c.
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
#include "config_annual.h"
#include "config_mail.h"
#include "config_mirror.h"
#include "config_publish.h"
#include "config_sections.h"
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

static const struct config_section *const config_tables[] = {
	config_sections, config_mail_sections, config_publish_sections,
	config_mirror_sections, config_annual_sections, NULL
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
	    "[applications], [publish], [annual_report], "
	    "[mail], "
	    "[agency NAME], "
	    "[report NAME], [mirror NAME], [annual_report AGENCY])", section);
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
	config_annual_defaults(cf);
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
	/* [annual_report] notes_dir: as the other paths. */
	{
		char ndir[PATH_MAX];

		snprintf(ndir, sizeof(ndir), "%s", cf->annual.notes_dir);
		if (config_resolve(cf->annual.notes_dir, base, ndir,
		    root != NULL) == -1) {
			snprintf(err, errlen, "notes_dir path too long");
			config_free(cf);
			return -1;
		}
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
	config_annual_free(&cf->annual);
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
	dst->annual = src->annual;
	src->annual.agencies = NULL;
	src->annual.rules = NULL;
	src->annual.nagencies = src->annual.nrules = 0;
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
