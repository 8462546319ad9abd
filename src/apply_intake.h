/*
 * apply_intake: the drop folder of disclosure applications,
 * intake/applications/.  A JSON object with the fields of `apply new`
 * (received, channel, applicant, applicant_type, request, and optional
 * contact, agency) — e.g. an export of the online application platform —
 * is registered as a new application by docketd, once: the file's
 * sha256 is kept in the application ("source") and indexed (app_due 'H'
 * keys), and the file is removed only after the commit, so a crash in
 * between finds it registered and just removes it.  A bad file goes to
 * quarantine/ with a Chinese reason naming the field.  intake.c leaves
 * this folder alone: it is not an agency's.
 */
#ifndef DOCKET_APPLY_INTAKE_H
#define DOCKET_APPLY_INTAKE_H

#include <event2/event.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "docket.h"

#define APPLY_INTAKE_DIR	"applications"	/* under intake/ */
#define APPLY_INTAKE_MAX	(1024 * 1024)	/* bytes of one file */

struct apply_intake;

/*
 * Pure: the arguments of `apply new` from a file's text, checked — a
 * new reference, or NULL with a Chinese reason naming the field (bad
 * JSON, not an object, a missing or non-text field, a bad date or one
 * after today, an unknown channel or applicant type).
 */
json_t	*apply_intake_parse(const char *text, size_t len, int64_t today,
	    char *reason, size_t reasonlen);

struct apply_intake *apply_intake_new(struct event_base *, struct docket *);
void	 apply_intake_free(struct apply_intake *);
/* Register what the folder holds now; the number registered. */
int	 apply_intake_scan(struct apply_intake *);

#endif
