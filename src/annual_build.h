/*
 * annual_build: the annual report's model (annual.h) built from what
 * docket holds — the documents and applications in LMDB, the values
 * entered with `docketctl annual-report set` and last year's published
 * report in the vault, the operators' paragraphs in [annual_report]
 * notes_dir — and where a published report lives in the vault
 * (annual/YEAR/SLUG.json and .md).  docketctl (reading, no daemon) and
 * docketd (publishing) build it the same way.
 */
#ifndef DOCKET_ANNUAL_BUILD_H
#define DOCKET_ANNUAL_BUILD_H

#include <stddef.h>

#include <jansson.h>
#include <lmdb.h>

#include "site_render.h"

struct config_annual;
struct store;
struct vault;

#define ANNUAL_YEAR_MIN		2008	/* the 条例 took effect */
#define ANNUAL_GOV_SLUG		"_all"	/* the whole government's report */
#define ANNUAL_DIR		"annual"	/* in the vault */
/* The entered values' log: one event a line, the last per (agency,
 * key) wins.  Never named like a record.json, an events.jsonl or a
 * cleanup result (cleanup/DATE.json):
 * replay would take it for a record. */
#define ANNUAL_VALUES		"values.jsonl"

/*
 * The model of `year` for one agency (NULL: the whole government) as of
 * as_of (YYYY-MM-DD; counted as of min(as_of, YEAR-12-31)), with its
 * checks.  txn is a read transaction of st; vt may be NULL (then nothing
 * entered and no published last year).  NULL with a message in err.
 */
json_t	*annual_build(struct store *, MDB_txn *, struct vault *,
	    const struct config_annual *, int year, const char *agency,
	    const char *as_of, char *err, size_t errlen);

/* The name of an agency's report files: site_agency_slug(agency, NULL),
 * ANNUAL_GOV_SLUG for NULL. */
void	 annual_slug(const char *agency, char buf[SITE_PATH_MAX]);
/* 1 when an application names agency (an agency with applications and
 * no document, nor a section in docketd.conf, still owes a report). */
int	 annual_agency_in_apps(struct store *, MDB_txn *, const char *agency);
/* annual/YEAR/SLUG.EXT (ext "json" or "md"), and annual/YEAR/values.jsonl. */
void	 annual_path(int year, const char *agency, const char *ext,
	    char buf[SITE_PATH_MAX]);
void	 annual_values_path(int year, char buf[SITE_PATH_MAX]);

/* The published report of year and agency from the vault's head (the
 * model with published_on and first_published_on), or NULL. */
json_t	*annual_published(struct vault *, int year, const char *agency);
/* The same telling why: 0 (snap set), 1 not published, -1 unreadable
 * (err says why; never taken for "not published"). */
int	 annual_published_get(struct vault *, int year, const char *agency,
	    json_t **snap, char *err, size_t errlen);

/*
 * The values entered for year and agency (NULL: the government's own):
 * {"permits":N|null, "penalties", "enforcement", "charges":"12.5"|null},
 * the last line of the log for each key.  NULL with err on a vault
 * error; an absent log gives every key null.
 */
json_t	*annual_entered(struct vault *, int year, const char *agency,
	    char *err, size_t errlen);

/*
 * The operators' paragraphs from notes_dir/YEAR-AGENCY.md (YEAR.md for
 * the government), UTF-8 (a BOM is skipped), at most 1 MiB: {"file",
 * "found", "error" (why a file there is not used: not UTF-8, too big),
 * "overview", "problems", "other", "placeholders": [the keys filled with
 * a marked placeholder naming the file]}.
 */
json_t	*annual_notes(const struct config_annual *, int year,
	    const char *agency);

#endif
