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
#define GW_FLAG_CLASSIFIED		0x40u	/* has a 密级: withheld */
#define GW_FLAG_INVALID_DATE		0x80u	/* with NO_DATE: its date
						 * line is no calendar date */
#define GW_FLAG_COUNT			8

/*
 * A list of strings: v[0..n) malloc'd UTF-8, never "", v[n] == NULL;
 * v is NULL when the list is empty (n == 0).
 */
struct gongwen_list {
	char		**v;
	size_t		  n;
};

/*
 * Every string is malloc'd UTF-8 or NULL when the field is absent; an
 * absent field is never "".  Dates are YYYY-MM-DD.
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
	struct gongwen_list markings;	/* every marking found, in order */
	char		*marking_decision; /* which won and why, when they
					 * disagree; NULL otherwise */
	char		*disclosure_reason;
	unsigned int	 flags;		/* GW_FLAG_* */

	/* 版头 */
	char		*copy_no;	/* 份号, digits: 000123 */
	char		*secrecy;	/* 密级: 秘密, 机密 or 绝密 */
	char		*secrecy_term;	/* 保密期限: 5年, 长期 */
	char		*urgency;	/* 紧急程度: 特急 or 加急 (特提,
					 * 平急 on telegrams) */
	char		*letterhead;	/* 发文机关标志 without blanks,
					 * 淄博市财政局文件; rows of a joint
					 * one joined by a space */
	char		*signer;	/* 签发人, several joined by 、 */
	/* 主体 */
	struct gongwen_list addressees;	/* 主送机关, split on ，、 */
	struct gongwen_list attachments;	/* 附件说明: titles, no numbers */
	/* 版记 */
	struct gongwen_list cc;		/* 抄送机关 (and 抄报) */
	char		*printed_by;	/* 印发机关 */
	char		*printed_on;	/* 印发日期 */
	/* Lifecycle, from the text of the document itself. */
	char		*effective_from; /* 自…起施行; 自印发之日 = signed_on */
	char		*valid_until;	/* 有效期至…, or start + N years - 1 day */
	struct gongwen_list repeals;	/* docnos (normalised) this one
					 * repeals, or 《title》 when the
					 * docno is not given */
	/* 试点领域: set by domains_apply() (domains.h), not gongwen_parse. */
	char		*domain;	/* a domain of the rules: one of
					 * the 26 pilot domains by default */
	char		*domain_rule;	/* what decided it: title:预算 */
};

/* Parse text (UTF-8, LF line ends, NUL-terminated).  Returns 0, or -1 on
 * allocation failure.  gw is zeroed first; domain and domain_rule stay
 * NULL (see domains.h). */
int		 gongwen_parse(const char *text, struct gongwen *gw);
/* The same for text of len bytes known to be valid UTF-8 without NUL
 * (extract_result.utf8): the check is not run twice. */
int		 gongwen_parse_utf8(const char *text, size_t len,
		    struct gongwen *gw);
void		 gongwen_free(struct gongwen *gw);

/* Normalise a docno in any bracket form ([] 【】 （） () spaces) to 〔year〕.
 * Returns a malloc'd string or NULL when s does not look like a docno. */
char		*gongwen_docno_normalize(const char *s);

const char	*gongwen_disclosure_name(enum disclosure);
int		 gongwen_disclosure_parse(const char *, enum disclosure *);
const char	*gongwen_flag_name(unsigned int flag);	/* one bit */
unsigned int	 gongwen_flag_parse(const char *);	/* 0 when unknown */

#endif
