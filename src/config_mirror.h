/*
 * config_mirror: the [mirror NAME] sections of docketd.conf — where
 * docketd pushes the vault after each commit (mirror.c).  url is any
 * remote libgit2 can push to (file://, git://, ssh://, https://, or an
 * absolute local path); refs says what goes there: public (only
 * refs/heads/public, the site's branch) or all (every branch: an
 * off-site backup of the whole record); timeout bounds one push; an ssh
 * mirror names the SHA-256 fingerprint of its host key (host_key), so the
 * record is never pushed to a host that only claims to be the mirror.
 */
#ifndef DOCKET_CONFIG_MIRROR_H
#define DOCKET_CONFIG_MIRROR_H

#include <stddef.h>
#include <stdint.h>

#include "config_mail.h"

#define CONFIG_MAX_MIRRORS	8

enum config_mirror_refs {
	CONFIG_MIRROR_PUBLIC = 0,	/* refs/heads/public only */
	CONFIG_MIRROR_ALL		/* every branch */
};

/* [mirror NAME] */
struct config_mirror {
	char		 name[64];	/* letters, digits, '-', '_', '.' */
	char		 url[1024];
	enum config_mirror_refs refs;
	int		 refs_set;	/* the file says which */
	uint64_t	 timeout_ms;	/* one push, at most (default 10 min) */
	char		 host_key[64];	/* ssh: "SHA256:…" (ssh-keygen -l) */
};

/* 1 when url goes over ssh (ssh://, or scp-like user@host:path). */
int	config_mirror_is_ssh(const char *url);

/* [mirror NAME], ended by { NULL }. */
extern const struct config_section config_mirror_sections[];

struct config;
/* After the whole file: every mirror has a url and refs.  -1 with err. */
int	config_mirror_check(struct config *, char *err, size_t errlen);
/* "public" or "all". */
const char *config_mirror_refs_name(enum config_mirror_refs);

#endif
