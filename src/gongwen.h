/*
 * gongwen: read the fields of a GB/T 9704-2012 official document (公文)
 * from its extracted UTF-8 text.  Pure functions: no I/O, no globals.
 */
#ifndef DOCKET_GONGWEN_H
#define DOCKET_GONGWEN_H

#include <stddef.h>

#define GONGWEN_MAX_ISSUERS	8

enum disclosure {
	DISCLOSURE_UNDETERMINED = 0,
	DISCLOSURE_PUBLIC,
	DISCLOSURE_ON_REQUEST,
	DISCLOSURE_WITHHELD,
};

/* Flags the parser raises; bit values, names via gongwen_flag_name(). */
#define GW_FLAG_NO_MARKING		0x01u
#define GW_FLAG_CONFLICTING_MARKINGS	0x02u
#define GW_FLAG_MISSING_REASON		0x04u
#define GW_FLAG_NO_DOCNO		0x08u
#define GW_FLAG_NO_TITLE		0x10u
#define GW_FLAG_NO_DATE			0x20u
#define GW_FLAG_COUNT			6

/*
 * Every string is malloc'd UTF-8 or NULL when the field is absent; an
 * absent field is never "".
 */
struct gongwen {
	char		*docno;		/* normalised: 淄政办字〔2020〕79号 */
	char		*issuer;	/* first (lead) issuer */
	char		*issuers[GONGWEN_MAX_ISSUERS];	/* all issuers, NULL-terminated */
	size_t		 nissuers;
	char		*title;		/* joined when wrapped, no spaces */
	char		*doc_type;	/* one of the 15 文种, or NULL */
	char		*signed_on;	/* YYYY-MM-DD */
	enum disclosure	 disclosure;
	char		*marking;	/* marking text as found, e.g. 此件公开发布 */
	char		*disclosure_reason;
	unsigned int	 flags;		/* GW_FLAG_* */
};

/* Parse text (UTF-8, LF line ends, NUL-terminated).  Returns 0, or -1 on
 * allocation failure.  gw is zeroed first. */
int		 gongwen_parse(const char *text, struct gongwen *gw);
void		 gongwen_free(struct gongwen *gw);

/* Normalise a docno in any bracket form ([] 【】 （） () spaces) to 〔year〕.
 * Returns a malloc'd string or NULL when s does not look like a docno. */
char		*gongwen_docno_normalize(const char *s);

const char	*gongwen_disclosure_name(enum disclosure);
int		 gongwen_disclosure_parse(const char *, enum disclosure *);
const char	*gongwen_flag_name(unsigned int flag);	/* one bit */
unsigned int	 gongwen_flag_parse(const char *);	/* 0 when unknown */

#endif
