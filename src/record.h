/*
 * record: the JSON shape of a registered document, shared by the vault's
 * record.json, the LMDB records table and `docketctl show --json`.
 */
#ifndef DOCKET_RECORD_H
#define DOCKET_RECORD_H

#include <jansson.h>
#include <stdint.h>

#include "gongwen.h"

struct record_origin {
	const char	*id;		/* D000042 */
	int		 version;	/* 1, 2, ... */
	const char	*sha256;	/* hex */
	const char	*source_name;	/* file name as dropped */
	const char	*agency;	/* intake subfolder, or NULL */
	const char	*format;	/* txt, docx, ... */
	int64_t		 received_at;	/* unix seconds */
	uint64_t	 size;
	const char	*text_source;	/* "ocr", or NULL: the file's text */
	double		 ocr_confidence;	/* mean, when text_source is ocr */
};

/* A new record object with every field present (null when unknown);
 * status "in_force", hold false, next_review and commit null. */
json_t	*record_build(const struct gongwen *, const struct record_origin *);

/* The record.json bytes committed to the vault: the record minus its
 * volatile fields (commit), keys in a fixed order, with a final LF. */
char	*record_vault_json(json_t *rec, size_t *len);

/* The index's form of a record.json read back from the vault: "commit"
 * restored in its place (after "version").  A new object. */
json_t	*record_from_vault(json_t *vrec, const char *commit);

/* RFC 3339 local time with offset. */
void	 record_rfc3339(int64_t t, char *buf, size_t len);

/* Field helpers that turn JSON null into NULL. */
const char *record_str(json_t *rec, const char *key);

#endif
