/*
 * config_mirror: [mirror NAME] — url and refs of a place docketd pushes
 * the vault to (mirror.c does the pushing).  A url is checked here for
 * its form only: file://, git://, ssh://, https:// (http:// too, for a
 * server on the office's own network), scp-like user@host:path, or an
 * absolute local path; whether it answers is the push's business.  refs
 * must be said explicitly: a mirror of `public` and a backup of
 * everything are different promises, and a missing key must not pick one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_mirror.h"
#include "config_value.h"

const char *
config_mirror_refs_name(enum config_mirror_refs r)
{
	return r == CONFIG_MIRROR_ALL ? "all" : "public";
}

static int
config_mirror_name_ok(const char *name)
{
	size_t	i, n = strlen(name);

	if (n == 0 || n >= sizeof(((struct config_mirror *)0)->name))
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= 'a' && name[i] <= 'z') || name[i] == '-' ||
		    name[i] == '_' || name[i] == '.'))
			return 0;
	return 1;
}

int
config_mirror_is_ssh(const char *url)
{
	const char *colon = strchr(url, ':');

	if (strncmp(url, "ssh://", 6) == 0)
		return 1;
	return url[0] != '/' && colon != NULL && colon > url &&
	    strstr(url, "://") == NULL;
}

static int
config_mirror_url_ok(const char *url, char *err, size_t errlen)
{
	static const char	*schemes[] = { "file://", "git://", "ssh://",
	    "https://", "http://", NULL };
	const char		*at, *colon;
	size_t			 i;

	if (strpbrk(url, " \t\r\n") != NULL) {
		snprintf(err, errlen, "url: '%s' has a blank or a line break",
		    url);
		return 0;
	}
	for (i = 0; schemes[i] != NULL; i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0) {
			if (url[strlen(schemes[i])] == '\0') {
				snprintf(err, errlen, "url: '%s' names no "
				    "place", url);
				return 0;
			}
			if (strcmp(schemes[i], "file://") == 0 &&
			    url[7] != '/') {
				snprintf(err, errlen, "url: '%s': a file:// "
				    "url takes an absolute path "
				    "(file:///srv/mirror.git)", url);
				return 0;
			}
			return 1;
		}
	if (url[0] == '/')
		return 1;
	/* scp-like: [user@]host:path, no scheme */
	at = strchr(url, '@');
	colon = strchr(url, ':');
	if (colon != NULL && colon > url && colon[1] != '\0' &&
	    strstr(url, "://") == NULL && (at == NULL || at < colon))
		return 1;
	snprintf(err, errlen, "url: '%s' is not file://, git://, ssh://, "
	    "https://, user@host:path or an absolute path", url);
	return 0;
}

static struct config_mirror *
config_mirror_get(struct config *cf, const char *mname, char *err,
    size_t errlen)
{
	struct config_mirror	*m;
	size_t			 i;

	for (i = 0; i < cf->nmirrors; i++)
		if (strcmp(cf->mirrors[i].name, mname) == 0)
			return &cf->mirrors[i];
	if (!config_mirror_name_ok(mname)) {
		snprintf(err, errlen, "[mirror %s]: a name of 1 to 63 "
		    "letters, digits, '-', '_' or '.'", mname);
		return NULL;
	}
	if (cf->nmirrors == CONFIG_MAX_MIRRORS) {
		snprintf(err, errlen, "[mirror %s]: more than %d mirrors",
		    mname, CONFIG_MAX_MIRRORS);
		return NULL;
	}
	m = &cf->mirrors[cf->nmirrors++];
	memset(m, 0, sizeof(*m));
	strcpy(m->name, mname);
	m->timeout_ms = 10 * 60 * 1000;
	return m;
}

static int
config_mirror(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_mirror	*m;
	uint64_t		 ms;

	if ((m = config_mirror_get(cf, arg, err, errlen)) == NULL)
		return 0;
	if (strcmp(name, "url") == 0) {
		if (!config_mirror_url_ok(value, err, errlen))
			return 0;
		if (strlen(value) >= sizeof(m->url)) {
			snprintf(err, errlen, "url: longer than %zu bytes",
			    sizeof(m->url) - 1);
			return 0;
		}
		strcpy(m->url, value);
		return 1;
	}
	if (strcmp(name, "refs") == 0) {
		if (strcmp(value, "public") == 0)
			m->refs = CONFIG_MIRROR_PUBLIC;
		else if (strcmp(value, "all") == 0)
			m->refs = CONFIG_MIRROR_ALL;
		else {
			snprintf(err, errlen, "refs: '%s' is not public "
			    "(refs/heads/public only) or all (every branch)",
			    value);
			return 0;
		}
		m->refs_set = 1;
		return 1;
	}
	if (strcmp(name, "host_key") == 0) {
		if (strncmp(value, "SHA256:", 7) != 0 ||
		    strlen(value + 7) != 43 || strspn(value + 7,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/") != 43) {
			snprintf(err, errlen, "host_key: '%s' is not an ssh "
			    "host key fingerprint (SHA256: and 43 base64 "
			    "characters, as ssh-keygen -lf prints it)", value);
			return 0;
		}
		strcpy(m->host_key, value);
		return 1;
	}
	if (strcmp(name, "timeout") == 0) {
		if (config_parse_duration_ms(value, &ms) == -1 ||
		    ms < 1000 || ms > 24ULL * 3600 * 1000) {
			snprintf(err, errlen, "timeout: '%s' is not a "
			    "duration from 1s to 1d", value);
			return 0;
		}
		m->timeout_ms = ms;
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [mirror %s] (url, refs, "
	    "host_key, timeout)", name, arg);
	return 0;
}

int
config_mirror_check(struct config *cf, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < cf->nmirrors; i++) {
		if (cf->mirrors[i].url[0] == '\0') {
			snprintf(err, errlen, "[mirror %s]: no url",
			    cf->mirrors[i].name);
			return -1;
		}
		if (config_mirror_is_ssh(cf->mirrors[i].url) &&
		    cf->mirrors[i].host_key[0] == '\0') {
			snprintf(err, errlen, "[mirror %s]: an ssh url needs "
			    "host_key = SHA256:… (ssh-keygen -lf of the "
			    "mirror's host key): the record is pushed only to "
			    "a host that proves it is the mirror",
			    cf->mirrors[i].name);
			return -1;
		}
		if (!cf->mirrors[i].refs_set) {
			snprintf(err, errlen, "[mirror %s]: no refs (public: "
			    "the site's branch only; all: every branch)",
			    cf->mirrors[i].name);
			return -1;
		}
	}
	return 0;
}

const struct config_section config_mirror_sections[] = {
	{ "mirror", 1, config_mirror },
	{ NULL, 0, NULL }
};
