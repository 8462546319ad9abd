/*
 * config_annual: the [annual_report] and [annual_report AGENCY] sections
 * of docketd.conf (struct config_annual in config.h) — where the
 * operators' paragraphs of the annual report live (notes_dir), when the
 * report of a year is due (agency_due, government_due, an agency's own
 * due) and which docno prefixes make a document a regulation (规章), a
 * normative document (行政规范性文件) or neither, for every agency or for
 * one (gongwen_kind.h's rules).
 */
#ifndef DOCKET_CONFIG_ANNUAL_H
#define DOCKET_CONFIG_ANNUAL_H

#include <stddef.h>

#include "config_mail.h"

#define CONFIG_ANNUAL_NOTES	"annual-notes"	/* notes_dir, under the root */
#define CONFIG_ANNUAL_AGENCY_DUE "01-31"	/* 条例 Art. 49: departments */
#define CONFIG_ANNUAL_GOV_DUE	"03-31"		/* and governments */

struct config;
struct config_annual;

/* [annual_report] and [annual_report AGENCY], ended by { NULL }. */
extern const struct config_section config_annual_sections[];

/* Defaults of [annual_report] (notes_dir unresolved, as configured). */
void	 config_annual_defaults(struct config *);
/* Free the rules and agencies (config_free). */
void	 config_annual_free(struct config_annual *);

/*
 * The day the report of `year` is due, YYYY-MM-DD of year + 1, into out:
 * the agency's own due, else agency_due; government_due for the whole
 * government (agency NULL).  Returns out.
 */
const char *config_annual_due(const struct config_annual *,
	    const char *agency, int year, char out[11]);

#endif
