/*
 * gongwen_impl: what the files of the reader (gongwen_*.c) share: the
 * document split into lines, the zones found on it, the state of the
 * lifecycle scan, and the helpers more than one of them uses.  Not a
 * public interface: gongwen.h is.
 */
#ifndef DOCKET_GONGWEN_IMPL_H
#define DOCKET_GONGWEN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "cndate.h"
#include "gongwen.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Non-blank lines from the top searched for the title. */
#define GW_HEAD_LINES		60
/* Non-blank lines after the title searched for the 主送 line. */
#define GW_ADDR_LINES		12
/* Lines a title may wrap over, and the longest title line (bytes). */
#define GW_TITLE_LINES		4
#define GW_TITLE_LINE_MAX	240
/* Longest line that can be a row of agency names (bytes). */
#define GW_NAMES_LINE_MAX	300
#define GW_NAMES_PIECES		16
/* Lines of agency names above the 成文日期. */
#define GW_SIGN_LINES		4
/* Characters of a docno's agency code. */
#define GW_CODE_MAX		20
/* Entries of a list field (主送, 附件, 抄送, 废止). */
#define GW_LIST_MAX		128
/* Longest line read as part of a list (bytes), longest entry. */
#define GW_ITEM_LINE_MAX	600
#define GW_ITEM_MAX		1024
/* Lines a 附件说明 may run over; lines a 抄送 may wrap over. */
#define GW_ATTACH_LINES		200
#define GW_CC_LINES		6
/* Longest 版头 line of 份号/密级/紧急程度 (bytes), digits of a 份号. */
#define GW_MARK_LINE_MAX	160
#define GW_COPY_MAX		12
/* People named as 签发人. */
#define GW_SIGNERS_MAX		8
/* Characters after 本 up to a document noun (本实施细则). */
#define GW_SELF_CHARS		10
/* Bytes from 自 to 起施行 (自2021年12月31日起施行). */
#define GW_EFF_SPAN		90
/* Bytes a date may take, blanks and all (二〇二一年 十二月 三十一日). */
#define GW_DATE_MAX		96
/* Documents forwarded within documents that are read as such. */
#define GW_EMBED_DEPTH		3
/* Documents a text may repeal; longest 《title》 (bytes). */
#define GW_REPEALS_MAX		64
#define GW_REPEAL_TITLE_MAX	600

struct gw_line {
	const char	*p;	/* trimmed */
	size_t		 n;
	/* A web page's metadata row (发文机关<TAB>…, 成文日期：…): GW_META_*
	 * of its label, or GW_META_VALUE for the value standing on the line
	 * below a lone label; v[0..vn) is the value. */
	int		 meta;
	const char	*v;
	size_t		 vn;
	unsigned int	 flags;	/* GW_LF_*, from gw_line_scan() */
	/* What the reader has learnt of the line, so that no test runs
	 * twice on it: GW_LC_*.  Set through a const pointer (the lines
	 * are the doc's own, malloc'd): a cache, not part of the value. */
	unsigned int	 known;
};

/* gw_line.known */
#define GW_LC_CHROME_SET 0x01u	/* GW_LC_CHROME holds gw_chrome_line() */
#define GW_LC_CHROME	0x02u
#define GW_LC_NODOCNO	0x04u	/* gw_docno_line() found no docno */

/* Room for a normalised docno: gw_docno_line() remembers that a line has
 * none only when given at least this much. */
#define GW_NORM_MAX	256

/* What one pass over a line finds (gw_line_scan). */
#define GW_LF_STOP	0x01u	/* 。 */
#define GW_LF_SEMI	0x02u	/* ； */
#define GW_LF_COLON	0x04u	/* ： or : */
#define GW_LF_QUEST	0x08u	/* ？ */
#define GW_LF_EXCL	0x10u	/* ！ */
#define GW_LF_DAY	0x20u	/* 日, without which no date */
#define GW_LF_OPEN	0x40u	/* an opening bracket: 〔 [ 【 （ ( ［ 〖 */

/* Kinds of metadata labels. */
#define GW_META_OTHER	1
#define GW_META_ISSUER	2
#define GW_META_TITLE	3
#define GW_META_DATE	4
#define GW_META_VALUE	5
#define GW_META_DISC	6

struct gw_span {
	const char	*p;
	size_t		 n;
};

struct gw_names {
	struct gw_span	 v[GONGWEN_MAX_ISSUERS];
	size_t		 count;
};

/*
 * The zones of GB/T 9704-2012 (7.2-7.4), as lines [from, to).  The 版头
 * runs from the top to the 主送 (or a few lines past the title, where
 * the special forms put the docno under it); the title stands in it.
 * The 主体 follows the 主送 (or the title) and ends where the 版记
 * starts: its first 抄送 or 印发 line after the 成文日期.
 */
enum gw_zone_kind {
	GW_Z_HEAD,	/* 版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号,
			 * 签发人 (and the title) */
	GW_Z_TITLE,	/* 标题; empty when there is none */
	GW_Z_MAIN,	/* 主体 after the 主送: 正文, 附件说明, 署名, 成文日期,
			 * 附注 */
	GW_Z_BANJI,	/* 版记: 抄送, 印发机关和印发日期 */
	GW_Z_COUNT
};

struct gw_zone {
	size_t		 from, to;
};

struct gw_doc {
	const char	*text;
	size_t		 len;
	char		*repaired;	/* text, when the input needed it */
	struct gw_line	*lines;
	size_t		 nlines;
	struct gw_zone	 zone[GW_Z_COUNT];
	/*
	 * The 主体 and 版记 normalised once for reading sentences: blanks
	 * dropped, a line joined to the next unless it ends a sentence or a
	 * paragraph.  flat_at[i] is where line i starts in flat (lines
	 * before the 主体 start at 0): with the blanks of the line, that maps
	 * every offset of flat back to the text.
	 */
	char		*flat;
	size_t		 flat_len;
	size_t		*flat_at;
	/*
	 * A 转发 notice reproduces the forwarded document whole, 版头 and
	 * all, after its own 成文日期: that document, segmented on its own.
	 * The lines and the text of this one (nlines, len) then end where it
	 * starts.
	 */
	struct gw_doc	*embedded;
	size_t		 all_nlines;	/* lines with the embedded one's */
	/* What the header scan found; SIZE_MAX when absent. */
	size_t		 title_first, title_last, addr;
	struct gw_span	 prefix;	/* issuer text before it */
	char		*title;
	const char	*doc_type;
	size_t		 date_line;
	struct gw_span	 date_prefix;	/* 署名 on the date's line */
	size_t		 docno_line;
	int		 spaced;	/* a blank line after every line */
	struct cndate	 signed_d;	/* the 成文日期, when has_signed */
	int		 has_signed;
	int		 bad_date;	/* none, but a date line that is no
					 * calendar date */
};

#define GW_NONE		SIZE_MAX

/* A repealed document, by title and/or docno. */
struct gw_repeal {
	char		*title;		/* 《…》, or NULL */
	char		*docno;		/* normalised, or NULL */
};

/* What the body says of the document's own life. */
struct gw_life {
	int		 eff;		/* 0 none, 1 eff_date, 2 成文日期 */
	struct cndate	 eff_date;
	int		 valid;		/* 0 none, 1 valid_date, 2 a period */
	struct cndate	 valid_date;
	int		 years, months;
	struct gw_repeal rep[GW_REPEALS_MAX];
	size_t		 nrep;
};

/* gongwen_text.c: UTF-8 steps and literal matching */
uint32_t	 gw_u8_any(const char *, size_t, size_t *);
/* Decode one code point (see gw_u8_any); inline for ASCII and the
 * three-byte characters of CJK text (lead E1-EC, EE-EF: no overlong, no
 * surrogate), which are nearly all a document holds. */
static inline uint32_t
gw_u8(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;

	if (n > 0 && s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (n >= 3 && s[0] >= 0xe1 && s[0] <= 0xef && s[0] != 0xed &&
	    (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	return gw_u8_any(str, n, len);
}
size_t	 gw_u8_back(const char *, size_t);
int	 gw_han(uint32_t);
int	 gw_digit(uint32_t);
int	 gw_starts(const char *, size_t, const char *);
int	 gw_ends(const char *, size_t, const char *);
const char	*gw_find(const char *, size_t, const char *);
const char	*gw_find_any(const char *, size_t, const char *const *,
		    size_t);
size_t	 gw_spaced_at(const char *, size_t, const char *, size_t);
const char	*gw_find_spaced(const char *, size_t, const char *, size_t *);
size_t	 gw_match_any(const char *, size_t, const char **, size_t);
char	*gw_repair(const char *, size_t, size_t *);
char	*gw_strdup(const char *);
size_t	 gw_noblank_into(const char *, size_t, char *, size_t);
size_t	 gw_skip_blanks(const char *, size_t, size_t);
size_t	 gw_skip_colon(const char *, size_t, size_t);
int	 gw_year_at(const char *, size_t);
size_t	 gw_enum_len(const char *, size_t);
size_t	 gw_item_number(const char *, size_t, int *);
size_t	 gw_count(const char *, const char *);
extern const char *gw_open_brackets[];
extern const size_t gw_nopen_brackets;
extern const char *gw_close_brackets[];
extern const size_t gw_nclose_brackets;

/* gongwen_list.c: list fields */
void	 gw_list_free(struct gongwen_list *);
int	 gw_list_take(struct gongwen_list *, char *, int);
char	*gw_item_dup(const char *, size_t);
int	 gw_list_split(struct gongwen_list *, const char *, size_t, int);
int	 gw_item_append(char **, size_t *, const char *, size_t);

/* gongwen_docno.c: 发文字号 */
int	 gw_docno_at(const char *, size_t, size_t, size_t *, size_t *,
		    char *, size_t);
int	 gw_docno_find(const char *, size_t, size_t *, size_t *, char *,
		    size_t);
int	 gw_docno_line(const struct gw_line *, char *, size_t);

/* gongwen_names.c: rows of agency and person names */
int	 gw_agency_end(const char *, size_t);
int	 gw_name_chars(const char *, size_t, size_t *);
int	 gw_wenjian(const char *, size_t);
size_t	 gw_line_names(const char *, size_t, int, struct gw_names *);
void	 gw_names_above(const struct gw_doc *, size_t, size_t,
		    struct gw_names *);
int	 gw_person_names(const char *, size_t, int, char *, size_t);
int	 gw_same_agency(const char *, const char *);

/* gongwen_meta.c: a web page's metadata table and furniture */
void	 gw_meta_scan(struct gw_doc *);
int	 gw_meta_value(const struct gw_doc *, int, struct gw_span *);
int	 gw_chrome_text(const char *, size_t);
int	 gw_chrome_line(const struct gw_line *);

/* gongwen_title.c: 标题 */
int	 gw_title_start(const struct gw_line *, const char **,
		    struct gw_span *);
int	 gw_find_title(struct gw_doc *);

/* gongwen_zone.c: lines and the zones of GB/T 9704 */
void	 gw_line_scan(struct gw_line *);
int	 gw_rule_line(const struct gw_line *);
size_t	 gw_prev_text(const struct gw_doc *, size_t, size_t);
size_t	 gw_prev_nonblank(const struct gw_doc *, size_t, size_t);
size_t	 gw_next_nonblank(const struct gw_doc *, size_t, size_t);
int	 gw_addressee_line(const struct gw_line *);
int	 gw_date_line(const struct gw_line *, struct cndate *,
		    struct gw_span *, int *);
int	 gw_doc_open(struct gw_doc *, const char *, size_t, int);
void	 gw_doc_close(struct gw_doc *);
const char	*gw_flat_origin(const struct gw_doc *, size_t);

/* gongwen_head.c: 版头 */
int	 gw_find_docno(struct gw_doc *, size_t, char **);
int	 gw_header_marks(const struct gw_doc *, size_t, struct gongwen *);
int	 gw_find_letterhead(const struct gw_doc *, size_t, char **);
int	 gw_find_signer(const struct gw_doc *, size_t, char **);

/* gongwen_issuer.c: 发文机关 */
int	 gw_issuers(struct gw_doc *, size_t, struct gongwen *);

/* gongwen_body.c: 主体 (主送, 附件说明) */
int	 gw_find_addressees(const struct gw_doc *, struct gongwen_list *);
int	 gw_find_attachments(const struct gw_doc *, struct gongwen_list *);

/* gongwen_banji.c: 版记 */
int	 gw_find_cc(const struct gw_doc *, struct gongwen_list *);
size_t	 gw_cc_label(const char *, size_t);
int	 gw_find_printed(const struct gw_doc *, struct gongwen *);

/* gongwen_validity.c: 施行 and 有效期 */
size_t	 gw_clause_start(const char *, size_t);
size_t	 gw_clause_end(const char *, size_t, size_t);
int	 gw_lifecycle(const struct gw_doc *, struct gongwen *);

/* gongwen_repeal.c: 废止 */
int	 gw_repeal_items(struct gw_life *, const char *, size_t);
int	 gw_repeal_sentence(struct gw_life *, const char *, size_t, int *);
int	 gw_repeal_list_line(struct gw_life *, const char *, size_t);

#endif
