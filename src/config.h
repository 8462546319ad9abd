/*
 * config: docketd.conf, read with inih.  Resolves every path docket uses
 * under one root, so docketd and docketctl agree on where things live.
 */
#ifndef DOCKET_CONFIG_H
#define DOCKET_CONFIG_H

#include <limits.h>
#include <stdint.h>

#include "lifecycle.h"

#define CONFIG_DEFAULT_FILE	SYSCONFDIR "/docket/docketd.conf"
#define CONFIG_DEFAULT_ROOT	"/var/lib/docket"
#define CONFIG_DEFAULT_DOMAINS	SYSCONFDIR "/docket/domains.conf"
#define CONFIG_MAX_TOOLS	16

/* An external text extractor for one file name extension. */
struct config_tool {
	char		 ext[16];	/* lower case, no dot: "pdf" */
	char		 cmd[512];	/* "pdftotext -enc UTF-8 %f -"; "" = off */
};

struct config {
	char		 file[PATH_MAX];	/* "" when none was read */
	char		 root[PATH_MAX];
	char		 intake[PATH_MAX];
	char		 spool[PATH_MAX];
	char		 quarantine[PATH_MAX];
	char		 db[PATH_MAX];
	char		 vault[PATH_MAX];
	char		 sock[PATH_MAX];
	char		 lock[PATH_MAX];
	unsigned int	 rescan;	/* seconds between full rescans */
	unsigned int	 settle_ms;	/* size+mtime unchanged this long */
	uint64_t	 max_size;	/* bytes; larger files are quarantined */
	unsigned int	 batch_max;	/* documents per commit */
	unsigned int	 batch_ms;	/* wait this long to fill a batch */
	uint64_t	 map_size;	/* initial LMDB map size */
	char		 domains[PATH_MAX];	/* "" = the built-in rules */
	struct config_tool tools[CONFIG_MAX_TOOLS];
	size_t		 ntools;
	unsigned int	 tool_timeout_ms;	/* external extractor timeout */
	uint64_t	 max_text;	/* cap on extracted text */
	char		 admin_group[64];	/* may change things over the socket */
	struct lc_policy review;		/* [review] */
	char		 cleanup_schedule[128];	/* [cleanup] schedule, cron */
	int		 cleanup_catchup;	/* run a missed cleanup at start */
};

/* The command configured for an extension (without dot), or NULL. */
const char *config_tool(const struct config *, const char *ext);

/*
 * Load the configuration.  file may be NULL (the default file, silently
 * skipped when missing); root may be NULL (paths as configured), else the
 * configured paths are taken relative to root.  On error returns -1 with
 * a message in err ("FILE:LINE: reason").
 */
int	config_load(struct config *, const char *file, const char *root,
	    char *err, size_t errlen);

/* Parse "64M", "1G", "4096", "1.5s"-free sizes; -1 on error. */
int	config_parse_size(const char *, uint64_t *);
/* Parse a duration: "60", "60s", "100ms", "5m", "1h"; result in ms. */
int	config_parse_duration_ms(const char *, uint64_t *);

#endif
