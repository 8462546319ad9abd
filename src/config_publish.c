/*
 * config_publish: [publish] — dir (where the static site is written),
 * base_url (the address it is served at, for feeds and the sitemap),
 * site_name, code (the 索引号 code of documents whose agency has none)
 * and interpretation_days (how many days a 规范性文件 waits for its 政策
 * 解读 before flag no_interpretation).  dir is resolved with the other
 * paths by config_load.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_publish.h"

int
config_publish_code(const char *value, char *err, size_t errlen)
{
	size_t	i, n = strlen(value);

	if (n == 0 || n > 63) {
		snprintf(err, errlen, "code: '%s' is not an organisation code "
		    "(1 to 63 letters, digits or '-')", value);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!((value[i] >= '0' && value[i] <= '9') ||
		    (value[i] >= 'A' && value[i] <= 'Z') ||
		    (value[i] >= 'a' && value[i] <= 'z') || value[i] == '-')) {
			snprintf(err, errlen, "code: '%s' is not an "
			    "organisation code (letters, digits or '-', as "
			    "11370300004326123X)", value);
			return 0;
		}
	return 1;
}

void
config_publish_defaults(struct config *cf)
{
	memset(&cf->publish, 0, sizeof(cf->publish));
	snprintf(cf->publish.site_name, sizeof(cf->publish.site_name),
	    "政府信息公开");
	cf->publish.interpretation_days = 3;
}

static int
config_publish_set(char *dst, size_t len, const char *name,
    const char *value, char *err, size_t errlen)
{
	if (value[0] == '\0' || strlen(value) >= len ||
	    strpbrk(value, "\r\n") != NULL) {
		snprintf(err, errlen, "%s: bad value '%s'", name, value);
		return 0;
	}
	strcpy(dst, value);
	return 1;
}

static int
config_publish(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_publish	*p = &cf->publish;
	char			*end;
	long			 n;

	(void)arg;
	if (strcmp(name, "dir") == 0)
		/* Kept as given until config_load resolves it. */
		return config_publish_set(p->dir, sizeof(p->dir), name, value,
		    err, errlen);
	if (strcmp(name, "base_url") == 0) {
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0) {
			snprintf(err, errlen, "base_url: '%s' is not an "
			    "http:// or https:// address", value);
			return 0;
		}
		if (strpbrk(value, " \t\"<>") != NULL) {
			snprintf(err, errlen, "base_url: '%s' has a blank, a "
			    "quote or an angle bracket", value);
			return 0;
		}
		return config_publish_set(p->base_url, sizeof(p->base_url),
		    name, value, err, errlen);
	}
	if (strcmp(name, "site_name") == 0)
		return config_publish_set(p->site_name, sizeof(p->site_name),
		    name, value, err, errlen);
	if (strcmp(name, "code") == 0)
		return config_publish_code(value, err, errlen) &&
		    config_publish_set(p->code, sizeof(p->code), name, value,
		    err, errlen);
	if (strcmp(name, "interpretation_days") == 0) {
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n < 1 || n > 365) {
			snprintf(err, errlen, "interpretation_days: '%s' is "
			    "not a number of days from 1 to 365", value);
			return 0;
		}
		p->interpretation_days = (unsigned int)n;
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [publish]", name);
	return 0;
}

/* path with "//", "." and ".." taken out, lexically (no symlinks). */
static void
config_publish_norm(const char *path, char *buf, size_t len)
{
	char	 tmp[PATH_MAX], *p, *save = NULL;
	size_t	 n = 0;

	snprintf(tmp, sizeof(tmp), "%s", path);
	buf[0] = '\0';
	for (p = strtok_r(tmp, "/", &save); p != NULL;
	    p = strtok_r(NULL, "/", &save)) {
		if (strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0) {
			while (n > 0 && buf[--n] != '/')
				;
			buf[n] = '\0';
			continue;
		}
		if (n + 1 + strlen(p) + 1 > len)
			break;
		n += (size_t)snprintf(buf + n, len - n, "/%s", p);
	}
	if (n == 0)
		snprintf(buf, len, "/");
}

int
config_publish_check(const struct config *cf, char *err, size_t errlen)
{
	const struct {
		const char	*what, *path;
	} own[] = {
		{ "intake", cf->intake }, { "spool", cf->spool },
		{ "quarantine", cf->quarantine }, { "db", cf->db },
		{ "vault", cf->vault },
	};
	char	 dir[PATH_MAX], o[PATH_MAX];
	size_t	 i, n;

	if (cf->publish.dir[0] == '\0')
		return 0;
	config_publish_norm(cf->publish.dir, dir, sizeof(dir));
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		config_publish_norm(own[i].path, o, sizeof(o));
		n = strlen(o);
		/* The site in the intake would be registered page by page;
		 * in the vault, spool or db it would be mixed with them. */
		if (strncmp(dir, o, n) == 0 &&
		    (dir[n] == '\0' || dir[n] == '/' || n == 1)) {
			snprintf(err, errlen, "[publish] dir %s is in the %s "
			    "(%s): give the site a directory of its own",
			    cf->publish.dir, own[i].what, own[i].path);
			return -1;
		}
		/* Nor may the site hold them: a web server would serve the
		 * vault and the index, withheld documents and all. */
		n = strlen(dir);
		if (strncmp(o, dir, n) == 0 && (o[n] == '/' || n == 1)) {
			snprintf(err, errlen, "[publish] dir %s holds the %s "
			    "(%s), which a web server would then serve: give "
			    "the site a directory of its own", cf->publish.dir,
			    own[i].what, own[i].path);
			return -1;
		}
	}
	return 0;
}

const struct config_section config_publish_sections[] = {
	{ "publish", 0, config_publish },
	{ NULL, 0, NULL }
};
