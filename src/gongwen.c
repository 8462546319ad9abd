/*
 * gongwen: read the fields of a GB/T 9704-2012 official document (公文)
 * from its extracted text.  The layout is the guide, not the words: the
 * 版头 (letterhead, 发文字号) comes before the title, the title is
 * 关于…+文种 and may wrap, the 主送机关 line ends with a colon, and the
 * 成文日期 stands on its own line under the 署名 near the end of the main
 * body.  Docnos, dates and markings quoted in sentences are references,
 * deadlines and instructions, never the document's own fields, so every
 * field is taken from a line whose shape fits the element.  The 附注 and
 * the disclosure rules live in marking.c.
 *
 * Besides the header fields it reads the other elements of GB/T 9704 (份号,
 * 紧急程度, 发文机关标志, 签发人, 主送机关, 附件说明, 抄送机关, 印发机关和
 * 印发日期) and what the body says of the document's own life: when it
 * takes effect (自…起施行), until when it is valid (有效期至…, 有效期N年) and
 * what it repeals (原《…》（…）同时废止).  Those come from sentences whose
 * subject is the document itself (本办法, 本通知 …), so the 施行 date of a
 * 条例 or the validity of a 登记证 named in the body are not taken.
 *
 * Input is hostile: text that is not valid UTF-8 is repaired (U+FFFD)
 * before parsing, every scan is bounded by the line it looks at, and only
 * the first lines of the document are searched for the header.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cndate.h"
#include "gongwen.h"
#include "marking.h"
#include "textblank.h"

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
};

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

struct gw_doc {
	const char	*text;
	size_t		 len;
	struct gw_line	*lines;
	size_t		 nlines;
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
};

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

#define GW_NONE		SIZE_MAX

static const char *gw_doc_types[] = {
	/* Two characters first: 命令 before 令. */
	"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知",
	"通报", "报告", "请示", "批复", "议案", "纪要", "令", "函",
};

/* Last characters of agency names: 局 委 会 办 室 … and 中心. */
static const char *gw_agency_ends[] = {
	"局", "委", "会", "办", "室", "厅", "部", "院", "府", "署", "处",
	"所", "站", "组", "队", "校", "司", "行", "馆", "社", "团", "庭",
	"科", "股", "盟", "联", "协", "宫", "学", "军", "中心",
};

static const char *gw_open_brackets[] = {
	"〔", "[", "【", "（", "(", "［", "〖",
};
static const char *gw_close_brackets[] = {
	"〕", "]", "】", "）", ")", "］", "〗",
};

/* Labels that end in a colon but are not the 主送机关. */
static const char *gw_not_addressee[] = {
	"签发人", "附件", "抄送", "联系", "电话", "地址", "来源", "发布",
	"日期", "时间", "网址", "主题词", "关键词", "印发", "文号", "索引",
	"主办", "发文", "标题",
};

/*
 * Labels of the metadata table a government site shows above a document
 * (索引号, 发文机关, 成文日期 …).  Their rows are the site's, not the
 * document's lines: a value may stand in for a field the document lacks,
 * the label never becomes part of an issuer, a title or a date line.
 */
static const struct {
	const char	*label;
	int		 kind;
} gw_meta_labels[] = {
	{ "发文机关", GW_META_ISSUER }, { "发布机关", GW_META_ISSUER },
	{ "发文单位", GW_META_ISSUER }, { "发布单位", GW_META_ISSUER },
	{ "发文机构", GW_META_ISSUER }, { "发布机构", GW_META_ISSUER },
	{ "成文日期", GW_META_DATE }, { "发文日期", GW_META_DATE },
	{ "标题", GW_META_TITLE }, { "文件名称", GW_META_TITLE },
	{ "信息名称", GW_META_TITLE }, { "名称", GW_META_TITLE },
	{ "发文字号", GW_META_OTHER }, { "文号", GW_META_OTHER },
	{ "发布日期", GW_META_OTHER }, { "发布时间", GW_META_OTHER },
	{ "生成日期", GW_META_OTHER }, { "公开日期", GW_META_OTHER },
	{ "实施日期", GW_META_OTHER }, { "施行日期", GW_META_OTHER },
	{ "生效日期", GW_META_OTHER }, { "失效日期", GW_META_OTHER },
	{ "废止日期", GW_META_OTHER }, { "索引号", GW_META_OTHER },
	{ "主题分类", GW_META_OTHER }, { "体裁分类", GW_META_OTHER },
	{ "组配分类", GW_META_OTHER }, { "服务对象分类", GW_META_OTHER },
	{ "主题词", GW_META_OTHER }, { "关键词", GW_META_OTHER },
	{ "公开方式", GW_META_DISC }, { "公开范围", GW_META_OTHER },
	{ "公开时限", GW_META_OTHER }, { "公开形式", GW_META_DISC },
	{ "公开属性", GW_META_DISC }, { "有效性", GW_META_OTHER },
	{ "时效性", GW_META_OTHER }, { "效力状态", GW_META_OTHER },
	{ "是否有效", GW_META_OTHER }, { "信息来源", GW_META_OTHER },
	{ "所属机构", GW_META_OTHER }, { "文种", GW_META_OTHER },
	{ "公文种类", GW_META_OTHER }, { "信息分类", GW_META_OTHER },
	{ "统一编号", GW_META_OTHER }, { "登记号", GW_META_OTHER },
};

/* Lines of a site's footer and page furniture, never a document's text. */
static const char *gw_chrome_starts[] = {
	"版权所有", "Copyright", "copyright", "COPYRIGHT", "©", "主办单位",
	"主办：", "承办单位", "协办单位", "网站标识码", "网站地图", "联系我们",
	"技术支持", "分享到", "打印本页", "【打印", "[打印", "关闭窗口",
	"【关闭", "扫一扫", "上一篇", "下一篇", "相关链接", "相关文件",
	"相关阅读", "政府网站找错", "网站纠错", "浏览次数", "访问量",
};
static const char *gw_chrome_finds[] = {
	"ICP备", "ICP证", "公网安备", "网站标识码", "版权所有", "主办单位：",
};

static const char *gw_flag_names[GW_FLAG_COUNT] = {
	"no_marking", "conflicting_markings", "missing_reason", "no_docno",
	"no_title", "no_date", "classified",
};

static const char *gw_disclosure_names[] = {
	"undetermined", "public", "on_request", "withheld",
};

static uint32_t	 gw_u8(const char *, size_t, size_t *);
static size_t	 gw_u8_back(const char *, size_t);
static int	 gw_han(uint32_t);
static int	 gw_digit(uint32_t);
static int	 gw_starts(const char *, size_t, const char *);
static int	 gw_ends(const char *, size_t, const char *);
static const char *gw_find(const char *, size_t, const char *);
static const char *gw_find_spaced(const char *, size_t, const char *,
		    size_t *);
static size_t	 gw_match_any(const char *, size_t, const char **, size_t);
static char	*gw_repair(const char *, size_t, size_t *);
static char	*gw_strdup(const char *);
static int	 gw_split_lines(struct gw_doc *);
static int	 gw_meta_label(const char *, size_t, int *, size_t *);
static void	 gw_meta_scan(struct gw_doc *);
static int	 gw_meta_value(const struct gw_doc *, int, struct gw_span *);
static int	 gw_chrome_line(const struct gw_line *);
static size_t	 gw_skip_gap(const char *, size_t, size_t);
static int	 gw_docno_at(const char *, size_t, size_t, size_t *, size_t *,
		    char *, size_t);
static int	 gw_docno_find(const char *, size_t, size_t *, size_t *,
		    char *, size_t);
static int	 gw_docno_label(const char *, size_t);
static int	 gw_docno_line(const struct gw_line *, char *, size_t);
static int	 gw_agency_end(const char *, size_t);
static int	 gw_name_chars(const char *, size_t, size_t *);
static size_t	 gw_line_names(const char *, size_t, int, struct gw_names *);
static const char *gw_doc_type(const char *);
static size_t	 gw_count(const char *, const char *);
static int	 gw_title_line_ok(const struct gw_line *);
static int	 gw_title_start(const struct gw_line *, const char **,
		    struct gw_span *);
static int	 gw_title_join(struct gw_doc *, size_t, size_t, const char *,
		    char **);
static size_t	 gw_title_plain(const struct gw_doc *);
static int	 gw_find_title(struct gw_doc *);
static int	 gw_addressee_line(const struct gw_line *);
static void	 gw_find_addressee(struct gw_doc *);
static size_t	 gw_header_end(const struct gw_doc *);
static int	 gw_find_docno(struct gw_doc *, size_t, char **);
static size_t	 gw_prev_nonblank(const struct gw_doc *, size_t, size_t);
static int	 gw_date_line(const struct gw_line *, struct cndate *,
		    struct gw_span *, int *);
static int	 gw_marking_below(const struct gw_doc *, size_t);
static int	 gw_find_date(struct gw_doc *, char **);
static void	 gw_names_above(const struct gw_doc *, size_t, size_t,
		    struct gw_names *);
static void	 gw_issuer_title(const struct gw_doc *, struct gw_names *);
static int	 gw_wenjian(const char *, size_t);
static void	 gw_issuer_letterhead(const struct gw_doc *, size_t,
		    struct gw_names *);
static void	 gw_issuer_signature(const struct gw_doc *, struct gw_names *);
static int	 gw_same_agency(const char *, const char *);
static int	 gw_issuers(struct gw_doc *, size_t, struct gongwen *);
static void	 gw_list_free(struct gongwen_list *);
static int	 gw_list_take(struct gongwen_list *, char *, int);
static char	*gw_item_dup(const char *, size_t);
static int	 gw_list_split(struct gongwen_list *, const char *, size_t);
static size_t	 gw_noblank_into(const char *, size_t, char *, size_t);
static size_t	 gw_skip_blanks(const char *, size_t, size_t);
static size_t	 gw_skip_colon(const char *, size_t, size_t);
static int	 gw_cn_numeral(uint32_t);
static size_t	 gw_enum_len(const char *, size_t);
static size_t	 gw_item_number(const char *, size_t, int *);
static size_t	 gw_next_nonblank(const struct gw_doc *, size_t, size_t);
static size_t	 gw_body_start(const struct gw_doc *);
static int	 gw_mark_line(const struct gw_line *, char *, const char **);
static int	 gw_header_marks(const struct gw_doc *, size_t,
		    struct gongwen *);
static int	 gw_letterhead_row(const struct gw_line *);
static int	 gw_find_letterhead(const struct gw_doc *, size_t, char **);
static int	 gw_person_names(const char *, size_t, int, char *, size_t);
static int	 gw_find_signer(const struct gw_doc *, size_t, char **);
static int	 gw_find_addressees(const struct gw_doc *,
		    struct gongwen_list *);
static size_t	 gw_attach_label(const char *, size_t);
static int	 gw_signature_at(const struct gw_doc *, size_t);
static int	 gw_attach_stop(const struct gw_doc *, size_t);
static int	 gw_page_line(const struct gw_line *);
static int	 gw_item_append(char **, size_t *, const char *, size_t);
static int	 gw_item_flush(struct gongwen_list *, char **, size_t *);
static void	 gw_attach_tidy(char *);
static int	 gw_attach_text(struct gongwen_list *, char **, size_t *,
		    const char *, size_t, int *);
static int	 gw_find_attachments(const struct gw_doc *,
		    struct gongwen_list *);
static int	 gw_find_cc(const struct gw_doc *, struct gongwen_list *);
static int	 gw_find_printed(const struct gw_doc *, struct gongwen *);
static char	*gw_flatten(const struct gw_doc *, size_t, size_t *);
static size_t	 gw_self_prefix(const char *, size_t);
static int	 gw_self_subject(const char *, size_t);
static int	 gw_effective_clause(const char *, size_t, struct cndate *,
		    int *, size_t *);
static int	 gw_validity_clause(const char *, size_t, struct cndate *,
		    int *, int *, size_t *);
static int	 gw_repeal_add(struct gw_life *, const char *, size_t,
		    const char *);
static int	 gw_repeal_items(struct gw_life *, const char *, size_t);
static size_t	 gw_clause_start(const char *, size_t);
static size_t	 gw_clause_end(const char *, size_t, size_t);
static int	 gw_repeal_sentence(struct gw_life *, const char *, size_t,
		    int *);
static int	 gw_repeal_list_line(struct gw_life *, const char *, size_t);
static int	 gw_life_sentence(struct gw_life *, const char *, size_t,
		    int *);
static int	 gw_life_scan(struct gw_life *, const char *, size_t);
static int	 gw_lifecycle(const struct gw_doc *, struct gongwen *);

/* Decode one code point; bytes that are not valid UTF-8 decode as U+FFFD
 * one byte long, so a scan always advances and never overruns n. */
static uint32_t
gw_u8(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp, min;
	size_t			 need, k;

	*len = 1;
	if (n == 0) {
		*len = 0;
		return 0;
	}
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 1;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0xfffd;
	if (n <= need)
		return 0xfffd;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*len = need + 1;
	return cp;
}

/* Length of the character that ends s[0..n) (text is valid UTF-8). */
static size_t
gw_u8_back(const char *s, size_t n)
{
	size_t	k = 1;

	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return k <= n ? k : n;
}

static int
gw_han(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x2ffff) || cp == 0x3007;
}

static int
gw_digit(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xff10 && cp <= 0xff19)
		return (int)(cp - 0xff10);
	return -1;
}

static int
gw_starts(const char *s, size_t n, const char *lit)
{
	size_t	l;

	/* Most calls fail on the first byte; spare them the strlen. */
	if (lit[0] != '\0' && (n == 0 || s[0] != lit[0]))
		return 0;
	l = strlen(lit);
	return n >= l && memcmp(s, lit, l) == 0;
}

static int
gw_ends(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

	return n >= l && memcmp(s + n - l, lit, l) == 0;
}

static const char *
gw_find(const char *s, size_t n, const char *lit)
{
	return memmem(s, n, lit, strlen(lit));
}

/*
 * Find lit in s[0..n) with up to two blanks between its characters, as
 * in a letter-spaced PDF heading (关 于).  *mlen gets the match length.
 */
static const char *
gw_find_spaced(const char *s, size_t n, const char *lit, size_t *mlen)
{
	size_t	i, j, k, cl, l = strlen(lit), gap;

	for (i = 0; i < n; i += k) {
		gw_u8(s + i, n - i, &k);
		/* Match lit from s[i], one character at a time. */
		for (j = 0, cl = i; j < l;) {
			gw_u8(lit + j, l - j, &k);
			if (n - cl < k || memcmp(s + cl, lit + j, k) != 0)
				break;
			cl += k;
			j += k;
			if (j == l)
				break;
			for (gap = 0; gap < 2 && cl < n &&
			    (k = textblank_len(s + cl, n - cl)) > 0; gap++)
				cl += k;
		}
		if (j == l) {
			*mlen = cl - i;
			return s + i;
		}
		gw_u8(s + i, n - i, &k);
	}
	return NULL;
}

/* Length of whichever of lits starts s, or 0. */
static size_t
gw_match_any(const char *s, size_t n, const char **lits, size_t nlits)
{
	size_t	i;

	if (n == 0)
		return 0;
	for (i = 0; i < nlits; i++)
		if (s[0] == lits[i][0] && gw_starts(s, n, lits[i]))
			return strlen(lits[i]);
	return 0;
}

/*
 * Return a copy of s with every invalid byte replaced by U+FFFD, or NULL
 * with *outlen 0 when s is valid already (and NULL with *outlen 1 when
 * out of memory).
 */
static char *
gw_repair(const char *s, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, j, k;
	int	 bad = 0;

	*outlen = 0;
	for (i = 0; i < len; i += k)
		if (gw_u8(s + i, len - i, &k) == 0xfffd && k == 1) {
			bad = 1;
			break;
		}
	if (!bad)
		return NULL;
	if (len > (SIZE_MAX - 1) / 3 || (out = malloc(len * 3 + 1)) == NULL) {
		*outlen = 1;
		return NULL;
	}
	for (i = j = 0; i < len; i += k) {
		if (gw_u8(s + i, len - i, &k) == 0xfffd && k == 1) {
			memcpy(out + j, "\xef\xbf\xbd", 3);
			j += 3;
		} else {
			memcpy(out + j, s + i, k);
			j += k;
		}
	}
	out[j] = '\0';
	*outlen = j;
	return out;
}

/* strdup(3), which strict C11 does not declare. */
static char *
gw_strdup(const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*d;

	if ((d = malloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}

static int
gw_split_lines(struct gw_doc *doc)
{
	const char	*p = doc->text, *end = doc->text + doc->len, *nl;
	size_t		 count = 1, i, nb, runs;

	for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++)
		count++;
	if ((doc->lines = calloc(count, sizeof(*doc->lines))) == NULL)
		return -1;
	for (i = 0; i < count; i++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		doc->lines[i].p = p;
		doc->lines[i].n = (size_t)(nl - p);
		textblank_trim(&doc->lines[i].p, &doc->lines[i].n);
		p = nl < end ? nl + 1 : end;
	}
	doc->nlines = count;
	/* Extraction may double-space the whole text: then a single blank
	 * line is a line break, not a paragraph break. */
	for (i = 0, nb = 0, runs = 0; i < count; i++) {
		if (doc->lines[i].n == 0)
			continue;
		nb++;
		if (i + 1 < count && doc->lines[i + 1].n > 0)
			runs++;
	}
	doc->spaced = nb >= 8 && runs * 10 < nb;
	gw_meta_scan(doc);
	return 0;
}

/*
 * A metadata label at the start of p[0..n) (发文机关, 成文日期：, 标　题),
 * followed by a tab, blanks, a colon or the end of the line.  *kind gets
 * its GW_META_*, *vo the offset of the value (n when it is on the next
 * line).  1 when p starts so.
 */
static int
gw_meta_label(const char *p, size_t n, int *kind, size_t *vo)
{
	const char	*q;
	size_t		 i, k, ml, at;
	int		 sep;

	for (i = 0; i < nitems(gw_meta_labels); i++) {
		if ((q = gw_find_spaced(p, n < 48 ? n : 48,
		    gw_meta_labels[i].label, &ml)) != p)
			continue;
		at = ml;
		sep = 0;
		while (at < n && (k = textblank_len(p + at, n - at)) > 0) {
			at += k;
			sep = 1;
		}
		if (gw_starts(p + at, n - at, "：")) {
			at += strlen("：");
			sep = 1;
		} else if (gw_starts(p + at, n - at, ":")) {
			at++;
			sep = 1;
		}
		if (!sep && at < n)
			continue;
		at = gw_skip_blanks(p, n, at);
		*kind = gw_meta_labels[i].kind;
		*vo = at;
		return 1;
	}
	return 0;
}

/* Mark the metadata rows (see gw_meta_labels) of doc. */
static void
gw_meta_scan(struct gw_doc *doc)
{
	struct gw_line	*l;
	size_t		 i, j, vo;
	int		 kind;

	for (i = 0; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->meta != 0 || l->n > GW_TITLE_LINE_MAX ||
		    !gw_meta_label(l->p, l->n, &kind, &vo))
			continue;
		l->meta = kind;
		l->v = l->p + vo;
		l->vn = l->n - vo;
		if (l->vn > 0)
			continue;
		/* A lone label: its value is the next line (a table cell). */
		for (j = i + 1; j < doc->nlines && j <= i + 2 &&
		    doc->lines[j].n == 0; j++)
			;
		if (j >= doc->nlines || doc->lines[j].n == 0 ||
		    doc->lines[j].n > GW_TITLE_LINE_MAX ||
		    gw_find(doc->lines[j].p, doc->lines[j].n, "。") != NULL ||
		    gw_meta_label(doc->lines[j].p, doc->lines[j].n, &kind, &vo))
			continue;
		doc->lines[j].meta = GW_META_VALUE;
		doc->lines[j].v = doc->lines[j].p;
		doc->lines[j].vn = doc->lines[j].n;
		l->v = doc->lines[j].p;
		l->vn = doc->lines[j].n;
	}
}

/*
 * The value of the first metadata label of kind: label and value in
 * cells of one row (several pairs may share a row), or label：value.
 */
static int
gw_meta_value(const struct gw_doc *doc, int kind, struct gw_span *out)
{
	const struct gw_line	*l;
	const char		*c, *e, *t;
	size_t			 i, cn, vo;
	int			 k;

	for (i = 0; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->meta == 0 || l->meta == GW_META_VALUE)
			continue;
		/* Cells split on tabs. */
		for (c = l->p, e = l->p + l->n; c < e;) {
			t = memchr(c, '\t', (size_t)(e - c));
			cn = (size_t)((t != NULL ? t : e) - c);
			if (gw_meta_label(c, cn, &k, &vo) && k == kind) {
				out->p = c + vo;
				out->n = cn - vo;
				if (out->n == 0 && t != NULL) {
					/* The value is the next cell. */
					c = t + 1;
					t = memchr(c, '\t', (size_t)(e - c));
					out->p = c;
					out->n = (size_t)((t != NULL ? t :
					    e) - c);
				} else if (out->n == 0 && l->v != l->p + vo) {
					out->p = l->v;
					out->n = l->vn;
				}
				textblank_trim(&out->p, &out->n);
				if (out->n > 0)
					return 1;
			}
			if (t == NULL)
				break;
			c = t + 1;
		}
	}
	return 0;
}

/* 1 for a line of a web page's footer or furniture (版权所有, ICP备…). */
static int
gw_chrome_line(const struct gw_line *l)
{
	size_t	i;

	if (l->n == 0)
		return 0;
	if (gw_match_any(l->p, l->n, gw_chrome_starts,
	    nitems(gw_chrome_starts)) > 0)
		return 1;
	for (i = 0; i < nitems(gw_chrome_finds); i++)
		if (gw_find(l->p, l->n, gw_chrome_finds[i]) != NULL)
			return 1;
	return 0;
}

/* Step over the few blanks PDF extraction puts inside a docno. */
static size_t
gw_skip_gap(const char *s, size_t n, size_t at)
{
	size_t	k, i;

	for (i = 0; i < 4 && at < n && (k = textblank_len(s + at, n - at)) > 0;
	    i++)
		at += k;
	return at;
}

/*
 * A docno whose bracket opens at s[at]: agency code, 〔year〕, number, 号,
 * blanks allowed around the parts.  A damaged 〔201510号 (no closing
 * bracket) still reads as 〔2015〕10号.  On success *start and *end delimit it
 * and norm (at least normlen bytes) gets the normalised form.
 */
static int
gw_docno_at(const char *s, size_t n, size_t at, size_t *start, size_t *end,
    char *norm, size_t normlen)
{
	char		year[5], num[8];
	size_t		i, k, cstart, code_chars, nyear = 0, nnum = 0, gap;
	size_t		run, blank;
	uint32_t	cp;
	int		d;

	/* The agency code: Han characters just before the bracket. */
	cstart = at;
	for (gap = 0; cstart > 0 && gap < 3; gap++) {
		k = gw_u8_back(s, cstart);
		if (textblank_len(s + cstart - k, k) != k)
			break;
		cstart -= k;
	}
	i = cstart;
	/*
	 * A letter-spaced code (淄 财 预) is read across single blanks; a
	 * blank after a longer run ends it (文号 淄财预〔…).
	 */
	for (code_chars = 0, run = 0; cstart > 0 && code_chars <= GW_CODE_MAX;
	    code_chars++, run++) {
		k = gw_u8_back(s, cstart);
		cp = gw_u8(s + cstart - k, k, &k);
		if (run == 1 && textblank_is(cp) && cstart > k) {
			blank = k;
			k = gw_u8_back(s, cstart - blank);
			cp = gw_u8(s + cstart - blank - k, k, &k);
			if (gw_han(cp)) {
				cstart -= blank;
				run = 0;
			}
		}
		if (!gw_han(cp))
			break;
		cstart -= k;
	}
	if (code_chars == 0 || code_chars > GW_CODE_MAX)
		return -1;

	k = gw_match_any(s + at, n - at, gw_open_brackets,
	    nitems(gw_open_brackets));
	if (k == 0)
		return -1;
	at += k;
	at = gw_skip_gap(s, n, at);
	while (at < n && nyear < 4 &&
	    (d = gw_digit(gw_u8(s + at, n - at, &k))) >= 0) {
		year[nyear++] = (char)('0' + d);
		at += k;
	}
	if (nyear != 4 || (year[0] != '1' && year[0] != '2'))
		return -1;
	year[4] = '\0';
	at = gw_skip_gap(s, n, at);
	k = gw_match_any(s + at, n - at, gw_close_brackets,
	    nitems(gw_close_brackets));
	if (k > 0)
		at = gw_skip_gap(s, n, at + k);
	else if (at >= n || gw_digit(gw_u8(s + at, n - at, &k)) < 0)
		return -1;
	while (at < n && (d = gw_digit(gw_u8(s + at, n - at, &k))) >= 0) {
		if (nnum >= sizeof(num) - 1)
			return -1;
		num[nnum++] = (char)('0' + d);
		at += k;
	}
	if (nnum == 0)
		return -1;
	num[nnum] = '\0';
	at = gw_skip_gap(s, n, at);
	if (!gw_starts(s + at, n - at, "号"))
		return -1;
	at += strlen("号");

	/* code + 〔 + year + 〕 + number + 号 */
	if ((i - cstart) + 3 + 4 + 3 + nnum + 3 + 1 > normlen)
		return -1;
	for (k = 0, gap = cstart; gap < i;) {
		if ((blank = textblank_len(s + gap, i - gap)) > 0)
			gap += blank;
		else
			norm[k++] = s[gap++];
	}
	norm[k] = '\0';
	strcat(norm, "〔");
	strcat(norm, year);
	strcat(norm, "〕");
	strcat(norm, num);
	strcat(norm, "号");
	*start = cstart;
	*end = at;
	return 0;
}

/* The first docno in s[0..n). */
static int
gw_docno_find(const char *s, size_t n, size_t *start, size_t *end,
    char *norm, size_t normlen)
{
	size_t	i, k;

	for (i = 0; i < n; i += k) {
		gw_u8(s + i, n - i, &k);
		if (gw_match_any(s + i, n - i, gw_open_brackets,
		    nitems(gw_open_brackets)) > 0 &&
		    gw_docno_at(s, n, i, start, end, norm, normlen) == 0)
			return 0;
	}
	return -1;
}

/* A label such as 发文字号： or 文号: (web pages show the docno so). */
static int
gw_docno_label(const char *p, size_t n)
{
	textblank_trim(&p, &n);
	if (!gw_ends(p, n, "：") && !gw_ends(p, n, ":"))
		return 0;
	return n <= 24 && (gw_find(p, n, "文号") != NULL ||
	    gw_find(p, n, "字号") != NULL);
}

/*
 * A docno standing as a line of its own (or beside 签发人), not one quoted
 * in a sentence or in parentheses.
 */
static int
gw_docno_line(const struct gw_line *l, char *norm, size_t normlen)
{
	size_t	start, end, from = 0, k;

	while (from < l->n && gw_docno_find(l->p + from, l->n - from, &start,
	    &end, norm, normlen) == 0) {
		start += from;
		end += from;
		if ((start == 0 || textblank_len(l->p + start - 1, 1) == 1 ||
		    (start >= 3 && textblank_len(l->p + start - 3, 3) == 3) ||
		    gw_docno_label(l->p, start)) &&
		    (end == l->n || textblank_len(l->p + end, l->n - end) > 0 ||
		    /* PDF text may lose the blank before 签发人. */
		    gw_find_spaced(l->p + end, l->n - end, "签发人", &k) ==
		    l->p + end) &&
		    gw_find(l->p, start, "（") == NULL &&
		    gw_find(l->p, start, "(") == NULL &&
		    gw_find(l->p, start, "《") == NULL &&
		    gw_find(l->p, start, "。") == NULL)
			return 0;
		from = end;
	}
	return -1;
}

static int
gw_agency_end(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < nitems(gw_agency_ends); i++)
		if (gw_ends(s, n, gw_agency_ends[i]))
			return 1;
	return 0;
}

/* 1 when s holds only Han characters, blanks and 、 (*nhan counted). */
static int
gw_name_chars(const char *s, size_t n, size_t *nhan)
{
	size_t		i, k;
	uint32_t	cp;

	*nhan = 0;
	for (i = 0; i < n; i += k) {
		cp = gw_u8(s + i, n - i, &k);
		if (gw_han(cp))
			(*nhan)++;
		else if (!textblank_is(cp) && cp != 0x3001)	/* 、 */
			return 0;
	}
	return 1;
}

/*
 * Read a row of agency names (淄博市民政局 淄博市财政局, or a letterhead
 * 淄博市财政局文件) into out.  Pieces that do not end like an agency are
 * joined to the next one, which undoes blanks a PDF put inside a name.
 * Unless loose, a row whose last name does not end like an agency is not
 * a row of names.  Returns the number of names added.
 */
static size_t
gw_line_names(const char *p, size_t n, int loose, struct gw_names *out)
{
	struct gw_span	 pc[GW_NAMES_PIECES], names[GW_NAMES_PIECES];
	const char	*q, *e = p + n, *ps;
	size_t		 npc = 0, nn = 0, nhan, k, i;
	int		 letterhead = 0;

	if (n == 0 || n > GW_NAMES_LINE_MAX || !gw_name_chars(p, n, &nhan) ||
	    nhan < 2)
		return 0;
	if (!loose && gw_find_spaced(p, n, "关于", &k) != NULL)
		return 0;
	/* 淄博市财政局文件, or 文 件 letter-spaced: a letterhead. */
	if (gw_wenjian(p, n)) {
		n -= strlen("件");
		textblank_trim(&p, &n);
		n -= strlen("文");
		e = p + n;
		letterhead = 1;
	}
	for (q = p; q < e;) {
		while (q < e && ((k = textblank_len(q, (size_t)(e - q))) > 0 ||
		    (gw_starts(q, (size_t)(e - q), "、") && (k = 3))))
			q += k;
		if (q >= e)
			break;
		ps = q;
		while (q < e && textblank_len(q, (size_t)(e - q)) == 0 &&
		    !gw_starts(q, (size_t)(e - q), "、")) {
			gw_u8(q, (size_t)(e - q), &k);
			q += k;
		}
		if (npc == GW_NAMES_PIECES)
			return 0;
		pc[npc].p = ps;
		pc[npc].n = (size_t)(q - ps);
		if (gw_ends(pc[npc].p, pc[npc].n, "文件")) {
			letterhead = 1;
			pc[npc].n -= strlen("文件");
			if (pc[npc].n == 0)
				continue;
		}
		npc++;
	}
	for (i = 0, ps = NULL; i < npc; i++) {
		if (ps == NULL)
			ps = pc[i].p;
		if (gw_agency_end(pc[i].p, pc[i].n)) {
			names[nn].p = ps;
			names[nn++].n = (size_t)(pc[i].p + pc[i].n - ps);
			ps = NULL;
		}
	}
	if (ps != NULL) {
		if (!loose && !letterhead)
			return 0;
		names[nn].p = ps;
		names[nn++].n = (size_t)(pc[npc - 1].p + pc[npc - 1].n - ps);
	}
	/* issuers[] is NULL-terminated: one slot stays empty. */
	for (i = 0; i < nn && out->count < GONGWEN_MAX_ISSUERS - 1; i++) {
		for (k = 0; k < out->count; k++)
			if (out->v[k].n == names[i].n &&
			    memcmp(out->v[k].p, names[i].p, names[i].n) == 0)
				break;
		if (k == out->count)
			out->v[out->count++] = names[i];
	}
	return nn;
}

static const char *
gw_doc_type(const char *title)
{
	size_t	i, n = strlen(title);

	for (i = 0; i < nitems(gw_doc_types); i++)
		if (gw_ends(title, n, gw_doc_types[i]))
			return gw_doc_types[i];
	return NULL;
}

/* A line that can be part of a title: short, no sentence punctuation. */
static int
gw_title_line_ok(const struct gw_line *l)
{
	char	norm[128];

	if (l->n == 0 || l->n > GW_TITLE_LINE_MAX || l->meta != 0 ||
	    gw_chrome_line(l))
		return 0;
	if (gw_find(l->p, l->n, "。") || gw_find(l->p, l->n, "；") ||
	    gw_find(l->p, l->n, "：") || gw_find(l->p, l->n, ":") ||
	    gw_find(l->p, l->n, "？") || gw_find(l->p, l->n, "！"))
		return 0;
	if (gw_starts(l->p, l->n, "（此件") || gw_starts(l->p, l->n, "(此件"))
		return 0;
	if (gw_docno_line(l, norm, sizeof(norm)) == 0)
		return 0;
	return 1;
}

/*
 * Where the title starts on a line: at 关于 (or at 转发/批转 before it),
 * with nothing but agency names in front.  *prefix gets those names.
 */
static int
gw_title_start(const struct gw_line *l, const char **tp,
    struct gw_span *prefix)
{
	const char	*k, *v;
	size_t		 nhan, pn, ml;

	if (!gw_title_line_ok(l))
		return 0;
	if ((k = gw_find_spaced(l->p, l->n, "关于", &ml)) == NULL)
		return 0;
	pn = (size_t)(k - l->p);
	if (pn > 0 && !gw_name_chars(l->p, pn, &nhan))
		return 0;
	if ((v = gw_find_spaced(l->p, pn, "转发", &ml)) != NULL ||
	    (v = gw_find_spaced(l->p, pn, "批转", &ml)) != NULL) {
		k = v;
		pn = (size_t)(k - l->p);
	}
	*tp = k;
	prefix->p = l->p;
	prefix->n = pn;
	textblank_trim(&prefix->p, &prefix->n);
	return 1;
}

/* Join lines first..last from tp on the first, without blanks. */
static int
gw_title_join(struct gw_doc *doc, size_t first, size_t last, const char *tp,
    char **out)
{
	const struct gw_line	*l;
	char			*s, *piece;
	size_t			 i, cap = 1, len = 0, pl;

	for (i = first; i <= last; i++)
		cap += doc->lines[i].n;
	if ((s = malloc(cap)) == NULL)
		return -1;
	s[0] = '\0';
	for (i = first; i <= last; i++) {
		l = &doc->lines[i];
		if (i == first)
			piece = textblank_dup_strip(tp, (size_t)(l->p + l->n - tp), 0);
		else
			piece = textblank_dup_strip(l->p, l->n, 0);
		if (piece == NULL) {
			free(s);
			return -1;
		}
		pl = strlen(piece);
		memcpy(s + len, piece, pl);
		len += pl;
		s[len] = '\0';
		free(piece);
	}
	*out = s;
	return 0;
}

static size_t
gw_count(const char *s, const char *lit)
{
	size_t	c = 0, l = strlen(lit);

	while ((s = strstr(s, lit)) != NULL) {
		c++;
		s += l;
	}
	return c;
}

/*
 * A title without 关于 (淄博市人民政府公告, …工作会议纪要): a header line of
 * Han characters only that ends with a 文种, above the 主送 and the body.
 */
static size_t
gw_title_plain(const struct gw_doc *doc)
{
	const struct gw_line	*l;
	size_t			 i, seen = 0, nhan, k, n;
	char			 tail[8];

	for (i = 0; i < doc->nlines && seen < GW_HEAD_LINES; i++) {
		l = &doc->lines[i];
		if (l->n == 0)
			continue;
		seen++;
		if (gw_addressee_line(l) || gw_find(l->p, l->n, "。") != NULL)
			break;
		if (!gw_title_line_ok(l) || !gw_name_chars(l->p, l->n, &nhan) ||
		    nhan < 3 || gw_starts(l->p, l->n, "特此"))
			continue;
		/* The last two characters, blanks aside. */
		n = l->n;
		for (k = 0; k < 2 && n > 0; k++)
			n -= gw_u8_back(l->p, n);
		if (l->n - n >= sizeof(tail))
			continue;
		memcpy(tail, l->p + n, l->n - n);
		tail[l->n - n] = '\0';
		if (gw_doc_type(tail) != NULL)
			return i;
	}
	return GW_NONE;
}

/*
 * The title: the first 关于 line near the top whose text, joined with the
 * lines it wraps onto, ends with a 文种 (with 《》 balanced).  The longest
 * such join wins.  Failing that, the first 关于 line, without a 文种.
 */
static int
gw_find_title(struct gw_doc *doc)
{
	struct gw_span	 prefix, fb_prefix = { NULL, 0 };
	struct gw_line	 mline;
	const char	*tp, *fb_tp = NULL, *type;
	char		*joined;
	size_t		 i, j, seen = 0, last, best, fb = GW_NONE, rows;

	for (i = 0; i < doc->nlines && seen < GW_HEAD_LINES; i++) {
		if (doc->lines[i].n == 0)
			continue;
		seen++;
		if (!gw_title_start(&doc->lines[i], &tp, &prefix))
			continue;
		/* The title wraps onto the next lines, maybe double-spaced. */
		last = i;
		for (j = i + 1, rows = 1; j < doc->nlines &&
		    rows < GW_TITLE_LINES; j++) {
			if (doc->lines[j].n == 0 && j + 1 < doc->nlines &&
			    doc->lines[j + 1].n > 0 && j == last + 1)
				continue;
			if (!gw_title_line_ok(&doc->lines[j]))
				break;
			last = j;
			rows++;
		}
		if (fb == GW_NONE) {
			fb = i;
			fb_tp = tp;
			fb_prefix = prefix;
		}
		best = GW_NONE;
		for (j = last + 1; j-- > i;) {
			if (gw_title_join(doc, i, j, tp, &joined) == -1)
				return -1;
			type = gw_doc_type(joined);
			if (type != NULL && gw_count(joined, "《") ==
			    gw_count(joined, "》")) {
				best = j;
				doc->title = joined;
				doc->doc_type = type;
				break;
			}
			free(joined);
		}
		if (best != GW_NONE) {
			doc->title_first = i;
			doc->title_last = best;
			doc->prefix = prefix;
			return 0;
		}
	}
	if ((i = gw_title_plain(doc)) != GW_NONE) {
		if ((doc->title = textblank_dup_strip(doc->lines[i].p,
		    doc->lines[i].n, 0)) == NULL)
			return -1;
		doc->doc_type = gw_doc_type(doc->title);
		doc->title_first = doc->title_last = i;
		return 0;
	}
	if (fb != GW_NONE) {
		if (gw_title_join(doc, fb, fb, fb_tp, &doc->title) == -1)
			return -1;
		doc->title_first = doc->title_last = fb;
		doc->prefix = fb_prefix;
		return 0;
	}
	/* Only a site's 标题 row gives it: 淄博市财政局关于…的通知. */
	if (gw_meta_value(doc, GW_META_TITLE, &prefix)) {
		mline.p = prefix.p;
		mline.n = prefix.n;
		mline.meta = 0;
		if (gw_title_start(&mline, &tp, &prefix) &&
		    (doc->title = textblank_dup_strip(tp,
		    (size_t)(mline.p + mline.n - tp), 0)) == NULL)
			return -1;
		if (doc->title != NULL)
			doc->doc_type = gw_doc_type(doc->title);
	}
	return 0;
}

/* The 主送机关 line: ends with a colon, is not a labelled field. */
static int
gw_addressee_line(const struct gw_line *l)
{
	size_t	i;

	if (l->n == 0 || l->n > 600 || l->meta != 0)
		return 0;
	if (!gw_ends(l->p, l->n, "：") && !gw_ends(l->p, l->n, ":"))
		return 0;
	if (gw_find(l->p, l->n, "。") != NULL)
		return 0;
	for (i = 0; i < nitems(gw_not_addressee); i++)
		if (gw_starts(l->p, l->n, gw_not_addressee[i]))
			return 0;
	return 1;
}

static void
gw_find_addressee(struct gw_doc *doc)
{
	size_t	i, seen = 0, limit;

	i = doc->title_first == GW_NONE ? 0 : doc->title_last + 1;
	limit = doc->title_first == GW_NONE ? GW_HEAD_LINES : GW_ADDR_LINES;
	for (; i < doc->nlines && seen < limit; i++) {
		if (doc->lines[i].n == 0)
			continue;
		seen++;
		if (gw_addressee_line(&doc->lines[i])) {
			doc->addr = i;
			return;
		}
		/* The 主送 comes before the first sentence of the body. */
		if (gw_find(doc->lines[i].p, doc->lines[i].n, "。") != NULL)
			return;
	}
}

/* End (exclusive line index) of the header zone. */
static size_t
gw_header_end(const struct gw_doc *doc)
{
	size_t	i, seen = 0, limit;

	if (doc->addr != GW_NONE)
		return doc->addr;
	if (doc->title_first != GW_NONE) {
		i = doc->title_last + 1;
		limit = 3;
	} else {
		i = 0;
		limit = GW_HEAD_LINES;
	}
	for (; i < doc->nlines; i++) {
		if (doc->lines[i].n == 0)
			continue;
		if (seen++ == limit)
			break;
	}
	return i;
}

/* The document's own docno: a docno line in the header zone. */
static int
gw_find_docno(struct gw_doc *doc, size_t hend, char **out)
{
	char	norm[256];
	size_t	i;

	*out = NULL;
	for (i = 0; i < hend && i < doc->nlines; i++) {
		if (doc->title_first != GW_NONE && i >= doc->title_first &&
		    i <= doc->title_last)
			continue;
		if (doc->lines[i].n == 0)
			continue;
		if (gw_docno_line(&doc->lines[i], norm, sizeof(norm)) == 0) {
			if ((*out = gw_strdup(norm)) == NULL)
				return -1;
			doc->docno_line = i;
			return 0;
		}
	}
	return 0;
}

/* The first non-blank line above i, looking past at most skip blanks. */
static size_t
gw_prev_nonblank(const struct gw_doc *doc, size_t i, size_t skip)
{
	size_t	blanks = 0;

	while (i-- > 0) {
		if (doc->lines[i].n > 0)
			return i;
		if (blanks++ == skip)
			break;
	}
	return GW_NONE;
}

/*
 * A date line: a date alone, or after the 署名 on the same line.  *kind is
 * 1 for a plain date line, 2 for the 版记's …2021年2月3日印发.
 */
static int
gw_date_line(const struct gw_line *l, struct cndate *d, struct gw_span *pre,
    int *kind)
{
	const char	*a;
	size_t		 end, an, nhan;
	long		 start;

	if (l->n == 0 || l->n > GW_NAMES_LINE_MAX)
		return 0;
	if ((start = cndate_find(l->p, l->n, d, &end)) < 0)
		return 0;
	pre->p = l->p;
	pre->n = (size_t)start;
	textblank_trim(&pre->p, &pre->n);
	if (pre->n > 0 && !gw_name_chars(pre->p, pre->n, &nhan))
		return 0;
	a = l->p + end;
	an = l->n - end;
	textblank_trim(&a, &an);
	if (an == 0)
		*kind = 1;
	else if (an == strlen("印发") && gw_starts(a, an, "印发"))
		*kind = 2;
	else
		return 0;
	return 1;
}

/* 1 when the 附注 (（此件…）) stands right below line i. */
static int
gw_marking_below(const struct gw_doc *doc, size_t i)
{
	const struct gw_line	*l;
	size_t			 j, k;

	for (j = i + 1; j < doc->nlines && j <= i + 3; j++) {
		l = &doc->lines[j];
		if (l->n == 0)
			continue;
		if ((k = gw_match_any(l->p, l->n, gw_open_brackets,
		    nitems(gw_open_brackets))) == 0)
			return 0;
		return gw_find_spaced(l->p + k, l->n - k < 16 ? l->n - k : 16,
		    "此件", &k) != NULL;
	}
	return 0;
}

/*
 * The 成文日期: the first date line after the header whose line above is
 * a 署名 (agency names) or whose line below is the 附注; else the first
 * date line at all; else, only then, the 版记's 印发 date.  Deadlines in
 * sentences never qualify.
 */
static int
gw_find_date(struct gw_doc *doc, char **out)
{
	struct gw_names	 names;
	struct gw_span	 pre, weak_pre = { NULL, 0 };
	struct cndate	 d, weak_d = { 0, 0, 0 }, print_d = { 0, 0, 0 };
	char		 buf[16];
	size_t		 i, prev, weak = GW_NONE, print = GW_NONE;
	int		 kind;

	*out = NULL;
	if (doc->addr != GW_NONE)
		i = doc->addr + 1;
	else if (doc->title_first != GW_NONE)
		i = doc->title_last + 1;
	else
		i = 0;
	for (; i < doc->nlines; i++) {
		if (doc->lines[i].meta != 0 ||
		    !gw_date_line(&doc->lines[i], &d, &pre, &kind))
			continue;
		if (kind == 2) {
			if (print == GW_NONE) {
				print = i;
				print_d = d;
			}
			continue;
		}
		memset(&names, 0, sizeof(names));
		prev = gw_prev_nonblank(doc, i, 2);
		if (pre.n > 0 || (prev != GW_NONE &&
		    gw_line_names(doc->lines[prev].p, doc->lines[prev].n, 1,
		    &names) > 0) || gw_marking_below(doc, i))
			goto found;
		if (weak == GW_NONE) {
			weak = i;
			weak_d = d;
			weak_pre = pre;
		}
	}
	/* A site's 成文日期 row, when no line of the document gives it. */
	if (gw_meta_value(doc, GW_META_DATE, &pre) &&
	    cndate_find(pre.p, pre.n, &d, &i) >= 0) {
		cndate_format(&d, buf);
		if ((*out = gw_strdup(buf)) == NULL)
			return -1;
		doc->signed_d = d;
		doc->has_signed = 1;
		return 0;
	}
	if (weak != GW_NONE) {
		i = weak;
		d = weak_d;
		pre = weak_pre;
	} else if (print != GW_NONE) {
		i = print;
		d = print_d;
		pre.p = NULL;
		pre.n = 0;
	} else
		return 0;
found:
	doc->date_line = i;
	doc->signed_d = d;
	doc->has_signed = 1;
	doc->date_prefix = pre;
	cndate_format(&d, buf);
	if ((*out = gw_strdup(buf)) == NULL)
		return -1;
	return 0;
}

/* Rows of agency names directly above line i (no blank between). */
static void
gw_names_above(const struct gw_doc *doc, size_t i, size_t max,
    struct gw_names *out)
{
	struct gw_names	 tmp;
	size_t		 top = i, k, rows = 0, gap;

	/* Extraction may double-space the rows (one blank between). */
	while (top > 0 && rows < max) {
		gap = doc->lines[top - 1].n == 0;
		if (gap && (top < 2 || doc->lines[top - 2].n == 0))
			break;
		memset(&tmp, 0, sizeof(tmp));
		if (doc->lines[top - 1 - gap].meta != 0)
			break;
		if (gw_line_names(doc->lines[top - 1 - gap].p,
		    doc->lines[top - 1 - gap].n, 0, &tmp) == 0)
			break;
		top -= 1 + gap;
		rows++;
	}
	for (k = top; k < i; k++)
		gw_line_names(doc->lines[k].p, doc->lines[k].n, 0, out);
}

/* Issuers named with the title: 淄博市财政局关于…, or on the rows above. */
static void
gw_issuer_title(const struct gw_doc *doc, struct gw_names *out)
{
	if (doc->title_first == GW_NONE)
		return;
	gw_names_above(doc, doc->title_first, GONGWEN_MAX_ISSUERS, out);
	if (doc->prefix.n > 0)
		gw_line_names(doc->prefix.p, doc->prefix.n, 1, out);
}

/*
 * The 发文机关标志: the first rows of agency names (淄博市财政局文件, one
 * row per agency for a joint letterhead) above the docno and the title.
 */
static void
gw_issuer_letterhead(const struct gw_doc *doc, size_t hend,
    struct gw_names *out)
{
	struct gw_names	 all;
	char		 norm[128];
	size_t		 i, end = hend, solid = 0;
	int		 started = 0, gap = 0, wenjian = 0;

	if (doc->title_first != GW_NONE && doc->title_first < end)
		end = doc->title_first;
	memset(&all, 0, sizeof(all));
	/*
	 * Extraction may put blank lines between the rows of a joint
	 * letterhead; only a 文件 shows the rows belong together.  文件 may
	 * also stand beside a middle row (it spans the rows on paper).
	 */
	for (i = 0; i < end; i++) {
		if (doc->lines[i].n == 0) {
			if (wenjian)
				break;
			if (started)
				gap = 1;
			continue;
		}
		/* A site's metadata row is not the letterhead. */
		if (doc->lines[i].meta != 0)
			continue;
		if (gw_docno_line(&doc->lines[i], norm, sizeof(norm)) == 0)
			break;
		if (gw_wenjian(doc->lines[i].p, doc->lines[i].n)) {
			wenjian = 1;
			gw_line_names(doc->lines[i].p, doc->lines[i].n, 0,
			    &all);
			started = 1;
			continue;
		}
		if (gw_line_names(doc->lines[i].p, doc->lines[i].n, 0,
		    &all) == 0) {
			if (started)
				break;
			continue;
		}
		started = 1;
		if (!gap)
			solid = all.count;
	}
	if (!wenjian)
		all.count = solid;
	for (i = 0; i < all.count && out->count < GONGWEN_MAX_ISSUERS - 1; i++)
		out->v[out->count++] = all.v[i];
}

/* 1 when a line ends with 文件 (文 件 when letter-spaced). */
static int
gw_wenjian(const char *p, size_t n)
{
	const char	*q;
	size_t		 k;

	if (!gw_ends(p, n, "件"))
		return 0;
	q = p + n - strlen("件");
	while (q > p && (k = gw_u8_back(p, (size_t)(q - p))) > 0 &&
	    textblank_len(q - k, k) == k)
		q -= k;
	return gw_ends(p, (size_t)(q - p), "文");
}

/* The 署名 above the 成文日期, or beside it on the same line. */
static void
gw_issuer_signature(const struct gw_doc *doc, struct gw_names *out)
{
	size_t	i;

	if (doc->date_line == GW_NONE)
		return;
	i = doc->date_line;
	if (doc->date_prefix.n == 0) {
		/* The date may sit a blank line or two below the names. */
		while (i > 0 && doc->date_line - i < 3 &&
		    doc->lines[i - 1].n == 0)
			i--;
	}
	gw_names_above(doc, i, GW_SIGN_LINES, out);
	if (doc->date_prefix.n > 0)
		gw_line_names(doc->date_prefix.p, doc->date_prefix.n, 0, out);
}

/* Same agency, one name maybe shortened (张店区… for 淄博市张店区…). */
static int
gw_same_agency(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la < lb)
		return gw_ends(b, lb, a);
	return gw_ends(a, la, b);
}

/*
 * Choose the issuers: those named with the title, else the letterhead,
 * else the 署名.  A joint document may show only its lead agency in one
 * place; when another source lists more agencies, led by the same one,
 * that fuller list is taken.
 */
static int
gw_issuers(struct gw_doc *doc, size_t hend, struct gongwen *gw)
{
	struct gw_names	 src[3];
	struct gw_span	 span;
	char		*list[3][GONGWEN_MAX_ISSUERS], *tmp;
	size_t		 i, k, pick = 3;
	int		 rc = -1;

	memset(src, 0, sizeof(src));
	memset(list, 0, sizeof(list));
	gw_issuer_title(doc, &src[0]);
	gw_issuer_letterhead(doc, hend, &src[1]);
	gw_issuer_signature(doc, &src[2]);
	for (i = 0; i < 3; i++)
		for (k = 0; k < src[i].count; k++)
			if ((list[i][k] = textblank_dup_strip(src[i].v[k].p,
			    src[i].v[k].n, 0)) == NULL)
				goto out;
	for (i = 0; i < 3; i++)
		if (src[i].count > 0) {
			pick = i;
			break;
		}
	if (pick == 3) {
		/* Only a site's 发文机关 row names the issuer. */
		if (gw_meta_value(doc, GW_META_ISSUER, &span) &&
		    gw_line_names(span.p, span.n, 0, &src[0]) > 0) {
			for (k = 0; k < src[0].count; k++)
				if ((list[0][k] = textblank_dup_strip(src[0].v[k].p,
				    src[0].v[k].n, 0)) == NULL)
					goto out;
			pick = 0;
		} else {
			rc = 0;
			goto out;
		}
	}
	for (i = 0; i < 3; i++)
		if (src[i].count > src[pick].count &&
		    gw_same_agency(list[i][0], list[pick][0]))
			pick = i;
	/* Where two sources name the same agencies, the fuller names win
	 * (淄博市张店区人民政府办公室 over 张店区人民政府办公室). */
	for (i = 0; i < 3; i++) {
		if (i == pick || src[i].count != src[pick].count)
			continue;
		for (k = 0; k < src[i].count; k++)
			if (!gw_same_agency(list[i][k], list[pick][k]))
				break;
		if (k < src[i].count)
			continue;
		for (k = 0; k < src[i].count; k++) {
			if (strlen(list[i][k]) > strlen(list[pick][k])) {
				tmp = list[pick][k];
				list[pick][k] = list[i][k];
				list[i][k] = tmp;
			}
		}
	}
	for (k = 0; k < src[pick].count; k++) {
		gw->issuers[k] = list[pick][k];
		list[pick][k] = NULL;
	}
	gw->nissuers = src[pick].count;
	if ((gw->issuer = gw_strdup(gw->issuers[0])) == NULL)
		goto out;
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		for (k = 0; k < GONGWEN_MAX_ISSUERS; k++)
			free(list[i][k]);
	return rc;
}

/* ---- lists ---- */

static void
gw_list_free(struct gongwen_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Append s to l, taking it over: an empty s, a duplicate (when uniq) or
 * one past GW_LIST_MAX is dropped.  s NULL means an allocation failed.
 * Returns 0, or -1 on allocation failure.
 */
static int
gw_list_take(struct gongwen_list *l, char *s, int uniq)
{
	char	**v;
	size_t	  i;

	if (s == NULL)
		return -1;
	if (*s == '\0' || l->n >= GW_LIST_MAX) {
		free(s);
		return 0;
	}
	for (i = 0; uniq && i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(s);
			return 0;
		}
	if ((v = realloc(l->v, (l->n + 2) * sizeof(*v))) == NULL) {
		free(s);
		return -1;
	}
	l->v = v;
	v[l->n++] = s;
	v[l->n] = NULL;
	return 0;
}

/* A list entry from p[0..n): no blanks, no separators at either end. */
static char *
gw_item_dup(const char *p, size_t n)
{
	static const char	*punct[] = { "。", "；", "，", "、", "：", ";",
				    ",", ":", "." };
	char			*s;
	size_t			 len, k, lead;
	int			 again = 1;

	if ((s = textblank_dup_strip(p, n, 0)) == NULL)
		return NULL;
	len = strlen(s);
	while (again && len > 0) {
		again = 0;
		for (k = 0; k < nitems(punct); k++)
			if (gw_ends(s, len, punct[k])) {
				len -= strlen(punct[k]);
				again = 1;
			}
	}
	s[len] = '\0';
	for (lead = 0; (k = gw_match_any(s + lead, len - lead, punct,
	    nitems(punct))) > 0;)
		lead += k;
	memmove(s, s + lead, len - lead + 1);
	return s;
}

/* Split p[0..n) on ，、；,; into l — not inside brackets, where
 * 各县（市、区）人民政府 is one name. */
static int
gw_list_split(struct gongwen_list *l, const char *p, size_t n)
{
	static const char	*seps[] = { "，", "、", "；", ",", ";" };
	static const char	*open[] = { "（", "(", "〔", "[", "【", "《" };
	static const char	*close[] = { "）", ")", "〕", "]", "】", "》" };
	size_t			 i = 0, start = 0, k;
	int			 depth = 0;

	while (i < n) {
		if ((k = gw_match_any(p + i, n - i, open, nitems(open))) > 0) {
			depth++;
			i += k;
			continue;
		}
		if ((k = gw_match_any(p + i, n - i, close, nitems(close))) > 0) {
			if (depth > 0)
				depth--;
			i += k;
			continue;
		}
		if (depth == 0 &&
		    (k = gw_match_any(p + i, n - i, seps, nitems(seps))) > 0) {
			if (gw_list_take(l, gw_item_dup(p + start, i - start),
			    0) == -1)
				return -1;
			i += k;
			start = i;
			continue;
		}
		gw_u8(p + i, n - i, &k);
		i += k;
	}
	return gw_list_take(l, gw_item_dup(p + start, n - start), 0);
}

/* ---- small readers ---- */

/* Length of a blank-free copy of l into buf (bufsize bytes), or
 * SIZE_MAX when it does not fit. */
static size_t
gw_noblank_into(const char *p, size_t n, char *buf, size_t bufsize)
{
	size_t	i, j, k;

	for (i = j = 0; i < n; i += k) {
		if ((k = textblank_len(p + i, n - i)) > 0)
			continue;
		gw_u8(p + i, n - i, &k);
		if (j + k >= bufsize)
			return SIZE_MAX;
		memcpy(buf + j, p + i, k);
		j += k;
	}
	buf[j] = '\0';
	return j;
}

/* Skip blanks from at; returns the new offset. */
static size_t
gw_skip_blanks(const char *p, size_t n, size_t at)
{
	size_t	k;

	while (at < n && (k = textblank_len(p + at, n - at)) > 0)
		at += k;
	return at;
}

/* Skip a colon (full- or half-width) and the blanks around it at at;
 * returns the new offset, or SIZE_MAX when there is no colon. */
static size_t
gw_skip_colon(const char *p, size_t n, size_t at)
{
	at = gw_skip_blanks(p, n, at);
	if (gw_starts(p + at, n - at, "："))
		at += strlen("：");
	else if (at < n && p[at] == ':')
		at++;
	else
		return SIZE_MAX;
	return gw_skip_blanks(p, n, at);
}

/* 1 when cp is a Chinese numeral as used in enumerations (一 … 十, 百). */
static int
gw_cn_numeral(uint32_t cp)
{
	static const uint32_t	nums[] = { 0x3007, 0x96f6, 0x4e00, 0x4e8c,
				    0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03,
				    0x516b, 0x4e5d, 0x5341, 0x767e, 0x4e24 };
	size_t			i;

	for (i = 0; i < nitems(nums); i++)
		if (cp == nums[i])
			return 1;
	return 0;
}

/*
 * Length of the enumeration that opens p[0..n) (第十二条, 一、, （一）,
 * (1), 1. 1、 1．), blanks after it included; 0 when there is none.
 */
static size_t
gw_enum_len(const char *p, size_t n)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	static const char	*units[] = { "条", "章", "节", "款", "项" };
	static const char	*seps[] = { "、", ".", "．" };
	uint32_t		 cp;
	size_t			 i = 0, k, nd = 0, m;
	int			 paren = 0, arabic = 0;

	if (gw_starts(p, n, "第"))
		i = strlen("第");
	else if ((k = gw_match_any(p, n, open, nitems(open))) > 0) {
		paren = 1;
		i = k;
	}
	while (i < n && nd < 6) {
		cp = gw_u8(p + i, n - i, &k);
		if (gw_digit(cp) >= 0)
			arabic = 1;
		else if (!gw_cn_numeral(cp))
			break;
		i += k;
		nd++;
	}
	if (nd == 0)
		return 0;
	if (gw_starts(p, n, "第"))
		m = gw_match_any(p + i, n - i, units, nitems(units));
	else if (paren)
		m = gw_match_any(p + i, n - i, close, nitems(close));
	else {
		m = gw_match_any(p + i, n - i, seps, nitems(seps));
		/* 1.5万元 is a number, not an enumeration. */
		if (m > 0 && arabic && i + m < n &&
		    gw_digit(gw_u8(p + i + m, n - i - m, &k)) >= 0)
			m = 0;
	}
	if (m == 0)
		return 0;
	return gw_skip_blanks(p, n, i + m);
}

/*
 * The number of a list item opening p[0..n) (1. 2、 3． （4） 5) 附件6：),
 * the blanks after it included in the returned length; 0 when none.
 */
static size_t
gw_item_number(const char *p, size_t n, int *num)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	static const char	*seps[] = { ".", "．", "、", "，", ",", "）",
				    ")", "：", ":" };
	size_t			 i = 0, k, m, nd = 0;
	int			 v = 0, d, paren = 0;

	if (gw_starts(p, n, "附件"))
		i = gw_skip_blanks(p, n, strlen("附件"));
	if ((k = gw_match_any(p + i, n - i, open, nitems(open))) > 0) {
		paren = 1;
		i += k;
	}
	while (i < n && nd < 3 && (d = gw_digit(gw_u8(p + i, n - i, &k))) >= 0) {
		v = v * 10 + d;
		nd++;
		i += k;
	}
	if (nd == 0 || v == 0)
		return 0;
	if (paren)
		m = gw_match_any(p + i, n - i, close, nitems(close));
	else
		m = gw_match_any(p + i, n - i, seps, nitems(seps));
	if (m == 0)
		return 0;
	if (i + m < n && gw_digit(gw_u8(p + i + m, n - i - m, &k)) >= 0)
		return 0;
	*num = v;
	return gw_skip_blanks(p, n, i + m);
}

/* The first non-blank line after i, looking past at most skip blanks. */
static size_t
gw_next_nonblank(const struct gw_doc *doc, size_t i, size_t skip)
{
	size_t	blanks = 0;

	for (i++; i < doc->nlines; i++) {
		if (doc->lines[i].n > 0)
			return i;
		if (blanks++ == skip)
			break;
	}
	return GW_NONE;
}

/* First line of the main body: after the 主送, else after the title. */
static size_t
gw_body_start(const struct gw_doc *doc)
{
	if (doc->addr != GW_NONE)
		return doc->addr + 1;
	if (doc->title_first != GW_NONE)
		return doc->title_last + 1;
	return 0;
}

/* ---- 版头: 份号, 紧急程度, 发文机关标志, 签发人 ---- */

/*
 * A 版头 line made only of the 份号, 密级和保密期限 and 紧急程度
 * (000123, 机密★5年, 特急, 份号：000123, 紧急程度：加急, or all three on one
 * line).  Returns 1 for such a line, filling copy (digits, at least
 * GW_COPY_MAX + 1 bytes; "" when none) and *urg (static; NULL when none).
 */
static int
gw_mark_line(const struct gw_line *l, char *copy, const char **urg)
{
	static const char	*levels[] = { "绝密", "机密", "秘密" };
	static const char	*urgent[] = { "特急", "加急", "特提", "平急" };
	static const char	*stars[] = { "★", "☆", "*", "＊" };
	static const char	*units[] = { "年", "个月", "月" };
	char			 buf[GW_MARK_LINE_MAX];
	size_t			 n, i = 0, k, nd, at;
	int			 found = 0, v, d, labelled;

	copy[0] = '\0';
	*urg = NULL;
	if (l->n == 0 ||
	    (n = gw_noblank_into(l->p, l->n, buf, sizeof(buf))) == SIZE_MAX)
		return 0;
	while (i < n) {
		labelled = 0;
		if (gw_starts(buf + i, n - i, "份号")) {
			if ((at = gw_skip_colon(buf, n, i + strlen("份号"))) ==
			    SIZE_MAX)
				return 0;
			i = at;
			labelled = 1;
		}
		for (nd = 0, at = i; at < n &&
		    (d = gw_digit(gw_u8(buf + at, n - at, &k))) >= 0; at += k)
			if (nd < GW_COPY_MAX)
				copy[nd++] = (char)('0' + d);
			else
				return 0;
		if (nd > 0 || labelled) {
			/* A bare 份号 has six digits (GB/T 9704-2012 7.2.1). */
			if (nd == 0 || (!labelled && nd != 6))
				return 0;
			copy[nd] = '\0';
			i = at;
			found = 1;
			continue;
		}
		if (gw_starts(buf + i, n - i, "密级和保密期限"))
			i = gw_skip_colon(buf, n, i + strlen("密级和保密期限"));
		else if (gw_starts(buf + i, n - i, "密级"))
			i = gw_skip_colon(buf, n, i + strlen("密级"));
		else if (gw_starts(buf + i, n - i, "紧急程度"))
			i = gw_skip_colon(buf, n, i + strlen("紧急程度"));
		if (i == SIZE_MAX)
			return 0;
		if ((k = gw_match_any(buf + i, n - i, levels,
		    nitems(levels))) > 0) {
			i += k;
			i += gw_match_any(buf + i, n - i, stars, nitems(stars));
			if (gw_starts(buf + i, n - i, "长期"))
				i += strlen("长期");
			else if ((k = cndate_number(buf + i, n - i, &v)) > 0 &&
			    (at = gw_match_any(buf + i + k, n - i - k, units,
			    nitems(units))) > 0)
				i += k + at;
			found = 1;
			continue;
		}
		for (k = 0; k < nitems(urgent); k++)
			if (gw_starts(buf + i, n - i, urgent[k]))
				break;
		if (k == nitems(urgent))
			return 0;
		*urg = urgent[k];
		i += strlen(urgent[k]);
		found = 1;
	}
	return found;
}

/* The 份号 and the 紧急程度: 版头 lines above the title. */
static int
gw_header_marks(const struct gw_doc *doc, size_t hend, struct gongwen *gw)
{
	char		 copy[GW_COPY_MAX + 1];
	const char	*urg;
	size_t		 i, end = hend, seen = 0;

	if (doc->title_first != GW_NONE && doc->title_first < end)
		end = doc->title_first;
	for (i = 0; i < end && i < doc->nlines && seen < GW_HEAD_LINES; i++) {
		if (doc->lines[i].n == 0)
			continue;
		seen++;
		if (!gw_mark_line(&doc->lines[i], copy, &urg))
			continue;
		if (gw->copy_no == NULL && copy[0] != '\0' &&
		    (gw->copy_no = gw_strdup(copy)) == NULL)
			return -1;
		if (gw->urgency == NULL && urg != NULL &&
		    (gw->urgency = gw_strdup(urg)) == NULL)
			return -1;
	}
	return 0;
}

/* A letterhead row: agency names (…文件), or 文件 (文 件) alone. */
static int
gw_letterhead_row(const struct gw_line *l)
{
	struct gw_names	names;
	char		buf[16];

	if (gw_noblank_into(l->p, l->n, buf, sizeof(buf)) != SIZE_MAX &&
	    strcmp(buf, "文件") == 0)
		return 1;
	memset(&names, 0, sizeof(names));
	return gw_line_names(l->p, l->n, 0, &names) > 0;
}

/*
 * The 发文机关标志: the rows of agency names above the docno (or above
 * the title when no docno stands between).  Rows that run straight into
 * the title (no blank line, no 文件, no docno between) name the title's
 * issuer and are no letterhead.  Rows are joined by a space, the 文件
 * that spans them on paper put at the end.
 */
static int
gw_find_letterhead(const struct gw_doc *doc, size_t hend, char **out)
{
	const struct gw_line	*l;
	char			 copy[GW_COPY_MAX + 1], *s, *row;
	const char		*urg;
	size_t			 rows[GONGWEN_MAX_ISSUERS], nrows = 0;
	size_t			 end = hend, i, next, len, cap;
	int			 wenjian = 0;

	*out = NULL;
	if (doc->title_first != GW_NONE && doc->title_first < end)
		end = doc->title_first;
	if (doc->docno_line != GW_NONE && doc->docno_line < end)
		end = doc->docno_line;
	for (i = 0; i < end && i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0)
			continue;
		if (gw_mark_line(l, copy, &urg)) {
			if (nrows > 0)
				break;
			continue;
		}
		if (gw_letterhead_row(l)) {
			if (nrows == nitems(rows))
				break;
			rows[nrows++] = i;
			continue;
		}
		if (nrows > 0)
			break;
	}
	if (doc->title_first != GW_NONE && (doc->docno_line == GW_NONE ||
	    doc->docno_line > doc->title_first)) {
		next = doc->title_first;
		while (nrows > 0 && rows[nrows - 1] + 1 == next &&
		    !gw_wenjian(doc->lines[rows[nrows - 1]].p,
		    doc->lines[rows[nrows - 1]].n)) {
			next = rows[nrows - 1];
			nrows--;
		}
	}
	if (nrows == 0)
		return 0;
	for (i = 0, cap = strlen("文件") + 1; i < nrows; i++)
		cap += doc->lines[rows[i]].n + 1;
	if ((s = malloc(cap)) == NULL)
		return -1;
	for (i = 0, len = 0; i < nrows; i++) {
		l = &doc->lines[rows[i]];
		if ((row = textblank_dup_strip(l->p, l->n, 0)) == NULL) {
			free(s);
			return -1;
		}
		cap = strlen(row);
		if (gw_ends(row, cap, "文件")) {
			wenjian = 1;
			cap -= strlen("文件");
		}
		if (cap > 0) {
			if (len > 0)
				s[len++] = ' ';
			memcpy(s + len, row, cap);
			len += cap;
		}
		free(row);
	}
	if (wenjian) {
		memcpy(s + len, "文件", strlen("文件"));
		len += strlen("文件");
	}
	s[len] = '\0';
	if (len == 0) {
		free(s);
		return 0;
	}
	*out = s;
	return 0;
}

/*
 * Read the names of people (王建国, 欧阳娜娜, 阿依古丽·买买提) in p[0..n),
 * separated by blanks, 、 or ，, onto buf (buflen bytes, joined by 、).
 * A letter-spaced name (王 建 国) reads as one.  With whole, every piece
 * must be a name; else reading stops at the first piece that is not.
 * Returns the names read, or -1 when whole and some piece is not one.
 */
static int
gw_person_names(const char *p, size_t n, int whole, char *buf, size_t buflen)
{
	struct gw_span	 pc[GW_SIGNERS_MAX * 4];
	size_t		 npc = 0, i, k, j, nhan, len, single = 0, good;
	uint32_t	 cp;
	int		 count = 0;

	/* Pieces of the line. */
	for (i = 0; i < n && npc < nitems(pc);) {
		cp = gw_u8(p + i, n - i, &k);
		if (textblank_is(cp) || cp == 0x3001 || cp == 0xff0c || cp == ',') {
			i += k;
			continue;
		}
		pc[npc].p = p + i;
		for (j = i; j < n; j += k) {
			cp = gw_u8(p + j, n - j, &k);
			if (textblank_is(cp) || cp == 0x3001 || cp == 0xff0c ||
			    cp == ',')
				break;
		}
		pc[npc++].n = j - i;
		i = j;
	}
	if (i < n && whole)
		return -1;
	/* Letter-spaced (王 小 燕, 张　伟): runs of one-character pieces. */
	for (i = j = 0; i < npc; i++) {
		if (j > 0 && single > 0 &&
		    gw_han(gw_u8(pc[i].p, pc[i].n, &k)) && k == pc[i].n) {
			pc[j - 1].n = (size_t)(pc[i].p + pc[i].n - pc[j - 1].p);
			continue;
		}
		single = gw_han(gw_u8(pc[i].p, pc[i].n, &k)) && k == pc[i].n;
		pc[j++] = pc[i];
	}
	npc = j;
	/* How many pieces, from the first, are names. */
	for (good = 0; good < npc; good++) {
		/* 2-4 Han characters, more with a middle dot. */
		for (j = 0, nhan = 0; j < pc[good].n; j += k) {
			cp = gw_u8(pc[good].p + j, pc[good].n - j, &k);
			if (gw_han(cp))
				nhan++;
			else if (cp != 0xb7 && cp != 0x2022 && cp != 0x30fb &&
			    !textblank_is(cp))
				break;
		}
		if (j < pc[good].n || nhan < 2 || nhan > 12 ||
		    (nhan > 4 && gw_find(pc[good].p, pc[good].n, "·") == NULL &&
		    gw_find(pc[good].p, pc[good].n, "•") == NULL &&
		    gw_find(pc[good].p, pc[good].n, "・") == NULL) ||
		    (whole && gw_agency_end(pc[good].p, pc[good].n)))
			break;
	}
	if (whole && good < npc)
		return -1;
	for (i = 0; i < good && count < GW_SIGNERS_MAX; i++) {
		len = strlen(buf);
		if (len + pc[i].n + strlen("、") + 1 > buflen)
			break;
		if (len > 0) {
			memcpy(buf + len, "、", strlen("、"));
			len += strlen("、");
		}
		for (j = 0; j < pc[i].n; j += k)
			if ((k = textblank_len(pc[i].p + j, pc[i].n - j)) == 0) {
				gw_u8(pc[i].p + j, pc[i].n - j, &k);
				memcpy(buf + len, pc[i].p + j, k);
				len += k;
			}
		buf[len] = '\0';
		count++;
	}
	return count;
}

/*
 * The 签发人: 签发人：王建国 in the 版头 (often beside the docno), with
 * the names of a joint document's other signers on the lines below.
 */
static int
gw_find_signer(const struct gw_doc *doc, size_t hend, char **out)
{
	const struct gw_line	*l;
	const char		*q;
	char			 buf[GW_SIGNERS_MAX * 24];
	size_t			 i, j, end = hend, at, ml;

	*out = NULL;
	buf[0] = '\0';
	if (doc->title_first != GW_NONE && doc->title_last + 1 > end)
		end = doc->title_last + 1;
	for (i = 0; i < end && i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->n > GW_NAMES_LINE_MAX ||
		    (q = gw_find_spaced(l->p, l->n, "签发人", &ml)) == NULL)
			continue;
		at = (size_t)(q - l->p) + ml;
		if ((at = gw_skip_colon(l->p, l->n, at)) == SIZE_MAX)
			continue;
		if (gw_person_names(l->p + at, l->n - at, 0, buf,
		    sizeof(buf)) <= 0)
			continue;
		for (j = i + 1; j < doc->nlines && j < i + GW_SIGNERS_MAX; j++) {
			l = &doc->lines[j];
			if (l->n == 0 || (doc->title_first != GW_NONE &&
			    j >= doc->title_first) || l->n > GW_NAMES_LINE_MAX)
				break;
			if (gw_person_names(l->p, l->n, 1, buf, sizeof(buf)) <= 0)
				break;
		}
		break;
	}
	if (buf[0] != '\0' && (*out = gw_strdup(buf)) == NULL)
		return -1;
	return 0;
}

/* ---- 主体: 主送机关, 附件说明 ---- */

/*
 * The 主送机关: the line ending with a colon, with the lines it wraps
 * from (各区县人民政府，…，\n市政府各部门：); failing that a 主送：… line
 * (in the 版记).  Split on ，、.
 */
static int
gw_find_addressees(const struct gw_doc *doc, struct gongwen_list *out)
{
	const struct gw_line	*l;
	char			 norm[128], *s, *item;
	size_t			 first, i, len, cap, at;

	if (doc->addr == GW_NONE) {
		for (i = gw_body_start(doc); i < doc->nlines; i++) {
			l = &doc->lines[i];
			if (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
			    !gw_starts(l->p, l->n, "主送"))
				continue;
			at = strlen("主送");
			if (gw_starts(l->p + at, l->n - at, "机关"))
				at += strlen("机关");
			if ((at = gw_skip_colon(l->p, l->n, at)) == SIZE_MAX)
				continue;
			return gw_list_split(out, l->p + at, l->n - at);
		}
		return 0;
	}
	for (first = doc->addr; first > 0 && doc->addr - first < 4; first--) {
		l = &doc->lines[first - 1];
		if (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
		    (doc->title_first != GW_NONE &&
		    first - 1 <= doc->title_last) ||
		    first - 1 == doc->docno_line ||
		    gw_find(l->p, l->n, "。") != NULL ||
		    gw_find(l->p, l->n, "签发人") != NULL ||
		    gw_docno_line(l, norm, sizeof(norm)) == 0)
			break;
	}
	for (i = first, cap = 1; i <= doc->addr; i++)
		cap += doc->lines[i].n;
	if ((s = malloc(cap)) == NULL)
		return -1;
	for (i = first, len = 0; i <= doc->addr; i++) {
		l = &doc->lines[i];
		memcpy(s + len, l->p, l->n);
		len += l->n;
	}
	s[len] = '\0';
	/* The colon that ends the 主送. */
	if (gw_ends(s, len, "："))
		len -= strlen("：");
	else if (gw_ends(s, len, ":"))
		len--;
	if ((item = textblank_dup_strip(s, len, 0)) == NULL) {
		free(s);
		return -1;
	}
	free(s);
	at = gw_list_split(out, item, strlen(item)) == -1 ? 1 : 0;
	free(item);
	return at ? -1 : 0;
}

/*
 * The 附件说明 label opening p[0..n): 附件： (附 件：, 附件说明：, 附：),
 * maybe after a dash or bullet.  Returns the offset of the text after the
 * colon, or 0.
 */
static size_t
gw_attach_label(const char *p, size_t n)
{
	static const char	*bullets[] = { "-", "－", "—", "–", "•", "·",
				    "●", "*", "＊" };
	const char		*q;
	size_t			 i = 0, k, ml;
	int			 num;

	while (i < n && ((k = gw_match_any(p + i, n - i, bullets,
	    nitems(bullets))) > 0 || (k = textblank_len(p + i, n - i)) > 0))
		i += k;
	if ((q = gw_find_spaced(p + i, n - i < 16 ? n - i : 16, "附件",
	    &ml)) == NULL || q != p + i) {
		/* The short form 附：. */
		if (!gw_starts(p + i, n - i, "附") || (i = gw_skip_colon(p, n,
		    i + strlen("附"))) == SIZE_MAX)
			return 0;
		return i;
	}
	i += ml;
	i = gw_skip_blanks(p, n, i);
	/* 附件1：… (then 附件2：… below): the number starts the list. */
	if (gw_item_number(p + i, n - i, &num) > 0)
		return i;
	if (gw_starts(p + i, n - i, "说明"))
		i += strlen("说明");
	if ((i = gw_skip_colon(p, n, i)) == SIZE_MAX)
		return 0;
	return i;
}

/* 1 when the names on line i are a 署名: a date follows them. */
static int
gw_signature_at(const struct gw_doc *doc, size_t i)
{
	struct gw_names	 names;
	struct gw_span	 pre;
	struct cndate	 d;
	size_t		 j, rows = 0;
	int		 kind;

	for (j = i; j < doc->nlines && rows < GW_SIGN_LINES; rows++) {
		memset(&names, 0, sizeof(names));
		if (gw_line_names(doc->lines[j].p, doc->lines[j].n, 0,
		    &names) == 0)
			return gw_date_line(&doc->lines[j], &d, &pre, &kind);
		if ((j = gw_next_nonblank(doc, j, 2)) == GW_NONE)
			return 0;
	}
	return 0;
}

/* 1 when line i ends a list of attachments: the 署名, the date, the
 * 附注, the 版记, a sentence, another element's label. */
static int
gw_attach_stop(const struct gw_doc *doc, size_t i)
{
	static const char	*labels[] = { "抄送", "抄报", "主送", "主题词",
				    "联系人", "联系电话", "附件", "印发",
				    "（此件", "(此件" };
	const struct gw_line	*l = &doc->lines[i];
	struct gw_span		 pre;
	struct cndate		 d;
	int			 kind;

	if (l->n > GW_TITLE_LINE_MAX || gw_find(l->p, l->n, "。") != NULL ||
	    l->meta != 0 || gw_chrome_line(l) ||
	    gw_match_any(l->p, l->n, labels, nitems(labels)) > 0 ||
	    gw_ends(l->p, l->n, "印发") ||
	    gw_date_line(l, &d, &pre, &kind) || gw_signature_at(doc, i))
		return 1;
	return 0;
}

/* 1 for a line of a page number or rule only (- 3 -, —3—, 3). */
static int
gw_page_line(const struct gw_line *l)
{
	size_t		i, k;
	uint32_t	cp;

	for (i = 0; i < l->n; i += k) {
		cp = gw_u8(l->p + i, l->n - i, &k);
		if (!textblank_is(cp) && gw_digit(cp) < 0 && cp != '-' &&
		    cp != 0x2014 && cp != 0x2013 && cp != 0xff0d)
			return 0;
	}
	return 1;
}

/* Append p[0..n) to the growing item *s (length *len), bounded. */
static int
gw_item_append(char **s, size_t *len, const char *p, size_t n)
{
	char	*t;

	if (*len + n > GW_ITEM_MAX)
		n = *len < GW_ITEM_MAX ? GW_ITEM_MAX - *len : 0;
	if ((t = realloc(*s, *len + n + 1)) == NULL)
		return -1;
	memcpy(t + *len, p, n);
	*len += n;
	t[*len] = '\0';
	*s = t;
	return 0;
}

/*
 * A web page lists attachments as links to files: drop the file's size
 * (（23KB）) and extension (.docx) from the title.
 */
static void
gw_attach_tidy(char *s)
{
	static const char	*exts[] = { ".docx", ".doc", ".wps", ".pdf",
				    ".xlsx", ".xls", ".et", ".ofd", ".zip",
				    ".rar", ".7z", ".pptx", ".ppt", ".txt",
				    ".jpg", ".png", ".rtf", ".odt", ".ods" };
	static const char	*closes[] = { "）", ")" };
	size_t			 len = strlen(s), i, k, c, e;
	char			*o;

	/* （23KB） or (1.2 MB) at the end. */
	for (i = 0; i < nitems(closes); i++) {
		if (!gw_ends(s, len, closes[i]))
			continue;
		c = len - strlen(closes[i]);
		o = NULL;
		for (k = 0; k < c; k++)
			if (gw_starts(s + k, c - k, "（") ||
			    gw_starts(s + k, c - k, "("))
				o = s + k;
		if (o == NULL || o == s)
			break;
		e = c;
		if (e >= 2 && (strncasecmp(s + e - 2, "KB", 2) == 0 ||
		    strncasecmp(s + e - 2, "MB", 2) == 0)) {
			for (k = (size_t)(o - s) + (*o == '(' ? 1 : 3);
			    k < e - 2; k++)
				if (!(s[k] >= '0' && s[k] <= '9') &&
				    s[k] != '.' && s[k] != ' ')
					break;
			if (k == e - 2) {
				len = (size_t)(o - s);
				s[len] = '\0';
			}
		}
		break;
	}
	for (i = 0; i < nitems(exts); i++) {
		k = strlen(exts[i]);
		if (len > k && strcasecmp(s + len - k, exts[i]) == 0) {
			s[len - k] = '\0';
			break;
		}
	}
}

/* Add the finished item *s (if any) to out. */
static int
gw_item_flush(struct gongwen_list *out, char **s, size_t *len)
{
	char	*t;
	int	 rc = 0;

	if (*s != NULL) {
		t = gw_item_dup(*s, *len);
		if (t != NULL)
			gw_attach_tidy(t);
		rc = gw_list_take(out, t, 0);
	}
	free(*s);
	*s = NULL;
	*len = 0;
	return rc;
}

/*
 * Add the text p[0..n) of an attachment line to the current item; where
 * the next number follows a blank or a semicolon (1.普查方案　2.登记表),
 * a new item starts.
 */
static int
gw_attach_text(struct gongwen_list *out, char **cur, size_t *len,
    const char *p, size_t n, int *expect)
{
	static const char	*seps[] = { "；", ";" };
	size_t			 i, j, k, m, start = 0;
	int			 num;

	for (i = 0; i < n && *expect > 1; i += k) {
		if ((k = textblank_len(p + i, n - i)) == 0 &&
		    (k = gw_match_any(p + i, n - i, seps, nitems(seps))) == 0) {
			gw_u8(p + i, n - i, &k);
			continue;
		}
		j = gw_skip_blanks(p, n, i + k);
		if ((m = gw_item_number(p + j, n - j, &num)) == 0 ||
		    num != *expect)
			continue;
		if (gw_item_append(cur, len, p + start, i - start) == -1 ||
		    gw_item_flush(out, cur, len) == -1)
			return -1;
		start = j + m;
		k = start - i;
		(*expect)++;
	}
	return gw_item_append(cur, len, p + start, n - start);
}

/*
 * The 附件说明: 附件：1.…, then 2.… on the lines below, or a single
 * 附件：title; a title may wrap onto the next line without a number.  The
 * list ends at a blank line (unless the next number follows it), at the
 * 署名, the date, the 附注 or the 版记.
 */
static int
gw_find_attachments(const struct gw_doc *doc, struct gongwen_list *out)
{
	const struct gw_line	*l;
	char			*cur = NULL;
	size_t			 i, j, lab = 0, k, len = 0, nb, seen;
	int			 num, expect = 1;

	for (i = gw_body_start(doc); i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n > 0 && l->n <= GW_ITEM_LINE_MAX &&
		    (lab = gw_attach_label(l->p, l->n)) > 0)
			break;
	}
	if (i >= doc->nlines)
		return 0;
	l = &doc->lines[i];
	if (lab < l->n) {
		if ((k = gw_item_number(l->p + lab, l->n - lab, &num)) > 0 &&
		    num == 1) {
			lab += k;
			expect = 2;
		}
		if (gw_attach_text(out, &cur, &len, l->p + lab, l->n - lab,
		    &expect) == -1)
			goto fail;
	}
	for (j = i + 1, seen = 0; j < doc->nlines && seen < GW_ATTACH_LINES;
	    j++, seen++) {
		l = &doc->lines[j];
		if (l->n == 0) {
			/* Past a blank only to the next number. */
			nb = gw_next_nonblank(doc, j, 2);
			if (nb != GW_NONE && expect > 1 &&
			    gw_item_number(doc->lines[nb].p, doc->lines[nb].n,
			    &num) > 0 && num == expect) {
				j = nb - 1;
				continue;
			}
			/* Double-spaced text: a title wraps past the blank. */
			if (doc->spaced && cur != NULL && nb != GW_NONE &&
			    nb == j + 1)
				continue;
			if (cur != NULL || nb == GW_NONE)
				break;
			continue;
		}
		if (gw_page_line(l))
			continue;
		if ((k = gw_item_number(l->p, l->n, &num)) > 0) {
			if (num != expect || (expect == 1 && cur != NULL))
				break;
			expect++;
			if (gw_item_flush(out, &cur, &len) == -1 ||
			    gw_attach_text(out, &cur, &len, l->p + k, l->n - k,
			    &expect) == -1)
				goto fail;
			continue;
		}
		if (gw_attach_stop(doc, j))
			break;
		/* A wrapped title, or the one title below a bare 附件：. */
		if (cur == NULL && expect > 1)
			break;
		if (gw_attach_text(out, &cur, &len, l->p, l->n, &expect) == -1)
			goto fail;
	}
	return gw_item_flush(out, &cur, &len);
fail:
	free(cur);
	return -1;
}

/* ---- 版记: 抄送机关, 印发机关和印发日期 ---- */

/*
 * The 抄送机关 (and 抄报): 抄送：…。, which may wrap onto the lines below
 * until its full stop.
 */
static int
gw_find_cc(const struct gw_doc *doc, struct gongwen_list *out)
{
	static const char	*labels[] = { "抄送", "抄报" };
	const struct gw_line	*l;
	const char		*q, *stop;
	char			*s = NULL;
	size_t			 i, j, at, len = 0, found = 0, ml, last;
	struct gw_span		 pre;
	struct cndate		 d;
	int			 kind, rc;

	for (i = gw_body_start(doc); i < doc->nlines && found < 4; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->n > GW_ITEM_LINE_MAX)
			continue;
		for (j = 0; j < nitems(labels); j++)
			if ((q = gw_find_spaced(l->p, l->n < 12 ? l->n : 12,
			    labels[j], &ml)) != NULL && q == l->p)
				break;
		if (j == nitems(labels))
			continue;
		at = ml;
		if (gw_starts(l->p + at, l->n - at, "机关") ||
		    gw_starts(l->p + at, l->n - at, "单位"))
			at += strlen("机关");
		if ((at = gw_skip_colon(l->p, l->n, at)) == SIZE_MAX)
			continue;
		found++;
		len = 0;
		for (j = last = i; j < doc->nlines && j < i + GW_CC_LINES;
		    j++) {
			l = &doc->lines[j];
			if (j > i && (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
			    gw_match_any(l->p, l->n, labels,
			    nitems(labels)) > 0 ||
			    gw_starts(l->p, l->n, "印发") ||
			    gw_ends(l->p, l->n, "印发") ||
			    gw_starts(l->p, l->n, "（") ||
			    gw_starts(l->p, l->n, "(") ||
			    gw_date_line(l, &d, &pre, &kind)))
				break;
			q = j == i ? l->p + at : l->p;
			ml = (size_t)(l->p + l->n - q);
			if ((stop = gw_find(q, ml, "。")) != NULL)
				ml = (size_t)(stop - q);
			if (gw_item_append(&s, &len, q, ml) == -1)
				goto fail;
			last = j;
			if (stop != NULL)
				break;
		}
		if (s != NULL) {
			rc = gw_list_split(out, s, len);
			free(s);
			s = NULL;
			if (rc == -1)
				return -1;
		}
		i = last;
	}
	return 0;
fail:
	free(s);
	return -1;
}

/*
 * The 印发机关和印发日期: 淄博市财政局办公室  2021年2月3日印发, the last
 * such line (the 印发机关 may stand on the line above when extraction
 * split them).
 */
static int
gw_find_printed(const struct gw_doc *doc, struct gongwen *gw)
{
	struct gw_names	 names;
	struct gw_span	 pre;
	struct cndate	 d;
	char		 buf[16];
	size_t		 i, prev;
	int		 kind;

	for (i = doc->nlines; i-- > 0;) {
		if (!gw_date_line(&doc->lines[i], &d, &pre, &kind) || kind != 2)
			continue;
		if (pre.n == 0 && (prev = gw_prev_nonblank(doc, i, 0)) !=
		    GW_NONE) {
			memset(&names, 0, sizeof(names));
			if (gw_line_names(doc->lines[prev].p,
			    doc->lines[prev].n, 1, &names) > 0) {
				pre.p = doc->lines[prev].p;
				pre.n = doc->lines[prev].n;
			}
		}
		if (pre.n > 0 && gw_agency_end(pre.p, pre.n) &&
		    (gw->printed_by = textblank_dup_strip(pre.p, pre.n, 0)) == NULL)
			return -1;
		cndate_format(&d, buf);
		if ((gw->printed_on = gw_strdup(buf)) == NULL)
			return -1;
		return 0;
	}
	return 0;
}

/* ---- lifecycle: 施行, 有效期, 废止 ---- */

/*
 * The body as one string to read sentences from: blanks dropped, and a
 * line joined to the next unless it ends a sentence, a blank line
 * follows or the next line opens an enumeration (第三条, 二、).  So a
 * sentence wrapped by the layout reads whole, and the line ends that
 * remain separate paragraphs and list items.
 */
static char *
gw_flatten(const struct gw_doc *doc, size_t from, size_t *outlen)
{
	static const char	*ends[] = { "。", "；", "！", "？", "：", ";",
				    "!", "?", ":" };
	const struct gw_line	*l, *nl;
	char			*s;
	size_t			 i, j, k, len = 0, cap = 1;

	for (i = from; i < doc->nlines; i++)
		cap += doc->lines[i].n + 1;
	if ((s = malloc(cap)) == NULL)
		return NULL;
	for (i = from; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0) {
			if (len > 0 && s[len - 1] != '\n')
				s[len++] = '\n';
			continue;
		}
		/* Byte by byte (valid UTF-8); only a blank's lead byte needs
		 * a closer look. */
		for (j = 0; j < l->n; j += k) {
			k = 1;
			if ((unsigned char)l->p[j] > ' ' &&
			    (unsigned char)l->p[j] < 0xc2) {
				s[len++] = l->p[j];
				continue;
			}
			if ((k = textblank_len(l->p + j, l->n - j)) > 0)
				continue;
			k = 1;
			s[len++] = l->p[j];
		}
		nl = i + 1 < doc->nlines ? &doc->lines[i + 1] : NULL;
		for (k = 0; k < nitems(ends); k++)
			if (gw_ends(l->p, l->n, ends[k]))
				break;
		if (k < nitems(ends) || nl == NULL || nl->n == 0 ||
		    gw_enum_len(nl->p, nl->n) > 0)
			s[len++] = '\n';
	}
	s[len] = '\0';
	*outlen = len;
	return s;
}

/* Nouns that name a document: 本办法, 本通知, 本实施细则 … */
static const char *gw_doc_nouns[] = {
	"办法", "通知", "方案", "规定", "细则", "意见", "决定", "规则",
	"制度", "标准", "条例", "公告", "通告", "政策", "措施", "文件",
	"规划", "计划", "指引", "指南", "要点", "批复", "纪要", "决议",
	"命令", "公报", "通报", "报告", "准则", "守则", "章程", "规范",
	"导则", "须知", "目录", "清单", "函", "令",
};

/*
 * Length of the 本办法 (本实施细则, 此通知) that opens p[0..n): 本 or 此 and
 * a few Han characters ending with a document noun; 0 when none.
 */
static size_t
gw_self_prefix(const char *p, size_t n)
{
	size_t		i, k, c, j;

	if (!gw_starts(p, n, "本") && !gw_starts(p, n, "此"))
		return 0;
	for (i = strlen("本"), c = 0; c < GW_SELF_CHARS && i < n; c++) {
		if (!gw_han(gw_u8(p + i, n - i, &k)))
			break;
		i += k;
		for (j = 0; j < nitems(gw_doc_nouns); j++)
			if (gw_ends(p, i, gw_doc_nouns[j]))
				return i;
	}
	return 0;
}

/*
 * What the subject p[0..n) of a clause (the words before 自…起施行 or
 * 有效期) is: 2 when there is none, 1 when it is the document itself
 * (本办法, 本实施细则（试行）), 0 for anything else (登记证).
 */
static int
gw_self_subject(const char *p, size_t n)
{
	static const char	*trial[] = { "（试行）", "(试行)", "（暂行）",
				    "(暂行)" };
	size_t			 k, i, c;

	k = gw_enum_len(p, n);
	p += k;
	n -= k;
	if (n == 0)
		return 2;
	for (i = 0; i < nitems(trial); i++)
		if (gw_ends(p, n, trial[i])) {
			n -= strlen(trial[i]);
			break;
		}
	if (!gw_starts(p, n, "本") && !gw_starts(p, n, "此"))
		return 0;
	for (i = 0, c = 0; i < n; i += k, c++)
		if (!gw_han(gw_u8(p + i, n - i, &k)) || c > GW_SELF_CHARS)
			return 0;
	for (i = 0; i < nitems(gw_doc_nouns); i++)
		if (gw_ends(p, n, gw_doc_nouns[i]))
			return 1;
	return 0;
}

/*
 * A 施行 clause: 自2021年3月1日起施行 (于 or 从 for 自; 执行, 实施, 生效,
 * 试行 for 施行, maybe after 开始 or 正式), or 自印发之日起施行 (发布, 公布
 * …).  Returns 1 and sets *d or *on_signing, and *subj to the length of
 * the words before 自; else 0.
 */
static int
gw_effective_clause(const char *c, size_t n, struct cndate *d,
    int *on_signing, size_t *subj)
{
	static const char	*verbs[] = { "施行", "执行", "实施", "生效",
				    "试行" };
	static const char	*preps[] = { "自", "于", "从" };
	static const char	*acts[] = { "印发", "发布", "公布", "下发",
				    "签发", "颁布", "公告", "发文", "发出" };
	const char		*b;
	size_t			 i, v, j, prep, bn, end;
	long			 at;

	/* Byte by byte, as in gw_life_scan. */
	for (i = 0; i < n; i++) {
		if (!gw_starts(c + i, n - i, "起"))
			continue;
		v = i + strlen("起");
		if (gw_starts(c + v, n - v, "开始") ||
		    gw_starts(c + v, n - v, "正式"))
			v += strlen("开始");
		if (gw_match_any(c + v, n - v, verbs, nitems(verbs)) == 0)
			continue;
		for (j = i, prep = SIZE_MAX; j > 0 && i - j < GW_EFF_SPAN;) {
			j -= gw_u8_back(c, j);
			if (gw_match_any(c + j, n - j, preps,
			    nitems(preps)) > 0) {
				prep = j;
				break;
			}
		}
		if (prep == SIZE_MAX)
			continue;
		b = c + prep + strlen("自");
		bn = i - prep - strlen("自");
		if (bn > 0 && (at = cndate_find(b, bn, d, &end)) == 0 &&
		    end == bn)
			*on_signing = 0;
		else if (gw_ends(b, bn, "之日")) {
			bn -= strlen("之日");
			for (j = 0; j < nitems(acts); j++)
				if (gw_ends(b, bn, acts[j]))
					break;
			if (j == nitems(acts))
				continue;
			*on_signing = 1;
		} else
			continue;
		*subj = prep;
		return 1;
	}
	return 0;
}

/*
 * A validity clause: 有效期至2026年2月28日 (有效期限, 实施期限, 执行期限,
 * 试行期; 截至, 到; 为), 有效期5年, 有效期为三年, 有效期为6个月.
 * Returns 1 with *d for a last day, 2 with *years and *months for a
 * period, 0 when none; *subj gets the length of the words before it.
 */
static int
gw_validity_clause(const char *c, size_t n, struct cndate *d, int *years,
    int *months, size_t *subj)
{
	static const char	*kws[] = { "有效期限", "有效期", "试行期限",
				    "试行期", "实施期限", "执行期限", "执行期",
				    "实施期" };
	static const char	*links[] = { "截止至", "截止到", "截至", "截止",
				    "至", "到", "为", "是", "：", ":" };
	size_t			 i, k, at, end, j, m;
	long			 found;
	int			 v;

	*years = *months = 0;
	/* Byte by byte, as in gw_life_scan. */
	for (i = 0; i < n; i += k) {
		if ((m = gw_match_any(c + i, n - i, kws, nitems(kws))) == 0) {
			k = 1;
			continue;
		}
		k = m;
		at = i + m;
		/* 有效期自2021年1月1日至2025年12月31日: the end date. */
		if (gw_starts(c + at, n - at, "自") ||
		    gw_starts(c + at, n - at, "从")) {
			for (j = at; j < n && j - at < 40; j += m) {
				if (gw_starts(c + j, n - j, "至") ||
				    gw_starts(c + j, n - j, "到"))
					break;
				gw_u8(c + j, n - j, &m);
			}
			if (j >= n || j - at >= 40)
				continue;
			at = j;
		}
		while ((m = gw_match_any(c + at, n - at, links,
		    nitems(links))) > 0)
			at += m;
		if ((found = cndate_find(c + at, n - at, d, &end)) == 0) {
			*subj = i;
			return 1;
		}
		if ((m = cndate_number(c + at, n - at, &v)) == 0 || v <= 0 ||
		    v > 100)
			continue;
		at += m;
		if (gw_starts(c + at, n - at, "年"))
			*years = v;
		else if (gw_starts(c + at, n - at, "个月"))
			*months = v;
		else
			continue;
		*subj = i;
		return 2;
	}
	return 0;
}

/*
 * Record a repealed document: its 《title》 (tn bytes, or NULL) and its
 * normalised docno (or NULL).  The same title or docno seen again adds
 * what was missing.
 */
static int
gw_repeal_add(struct gw_life *st, const char *title, size_t tn,
    const char *docno)
{
	struct gw_repeal	*r;
	size_t			 i;

	for (i = 0; i < st->nrep; i++) {
		r = &st->rep[i];
		if ((title != NULL && r->title != NULL &&
		    strlen(r->title) == tn && memcmp(r->title, title, tn) == 0) ||
		    (docno != NULL && r->docno != NULL &&
		    strcmp(r->docno, docno) == 0))
			break;
	}
	if (i == st->nrep) {
		if (st->nrep == GW_REPEALS_MAX)
			return 0;
		r = &st->rep[st->nrep++];
	}
	if (r->title == NULL && title != NULL &&
	    (r->title = textblank_dup_strip(title, tn, 0)) == NULL)
		return -1;
	if (r->docno == NULL && docno != NULL &&
	    (r->docno = gw_strdup(docno)) == NULL)
		return -1;
	return 0;
}

/*
 * Add the documents p[0..n) names: a 《title》 with its docno in the
 * parentheses after it (《…》（淄政办发〔2016〕12号）), a 《title》 alone, or
 * a bare docno.  Returns how many, or -1 on allocation failure.
 */
static int
gw_repeal_items(struct gw_life *st, const char *p, size_t n)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	static const char	*lead[] = { "原", "和", "及" };
	char			 norm[128];
	const char		*dn;
	size_t			 i = 0, j, k, te, pe, ds, de, next;
	int			 depth, found = 0;

	while (i < n && found < GW_REPEALS_MAX) {
		if (gw_starts(p + i, n - i, "《")) {
			for (j = i + strlen("《"), depth = 1; j < n &&
			    j - i < GW_REPEAL_TITLE_MAX; j += k) {
				if (gw_starts(p + j, n - j, "《"))
					depth++;
				else if (gw_starts(p + j, n - j, "》") &&
				    --depth == 0)
					break;
				gw_u8(p + j, n - j, &k);
			}
			if (j >= n || depth != 0) {
				i += strlen("《");
				continue;
			}
			te = next = j + strlen("》");
			dn = NULL;
			if ((k = gw_match_any(p + te, n - te, open,
			    nitems(open))) > 0) {
				/* Its closing parenthesis: the docno may have
				 * parentheses of its own, 南政办字（2017）9号. */
				for (pe = te + k, depth = 1; pe < n &&
				    pe - te < 96; pe += j) {
					if (gw_match_any(p + pe, n - pe, open,
					    nitems(open)) > 0)
						depth++;
					else if (gw_match_any(p + pe, n - pe,
					    close, nitems(close)) > 0 &&
					    --depth == 0)
						break;
					gw_u8(p + pe, n - pe, &j);
				}
				if (pe < n && pe - te < 96 && depth == 0 &&
				    gw_docno_find(p + te + k, pe - te - k, &ds,
				    &de, norm, sizeof(norm)) == 0) {
					dn = norm;
					next = pe + gw_match_any(p + pe, n - pe,
					    close, nitems(close));
				}
			}
			if (gw_repeal_add(st, p + i, te - i, dn) == -1)
				return -1;
			found++;
			i = next;
			continue;
		}
		if (gw_match_any(p + i, n - i, gw_open_brackets,
		    nitems(gw_open_brackets)) > 0 &&
		    gw_docno_at(p, n, i, &ds, &de, norm, sizeof(norm)) == 0) {
			/* The code took in the word before it: 原淄政办发. */
			dn = norm;
			if ((k = gw_match_any(dn, strlen(dn), lead,
			    nitems(lead))) > 0 && gw_han(gw_u8(dn + k,
			    strlen(dn) - k, &j)))
				dn += k;
			if (gw_repeal_add(st, NULL, 0, dn) == -1)
				return -1;
			found++;
			i = de;
			continue;
		}
		gw_u8(p + i, n - i, &k);
		i += k;
	}
	return found;
}

/* Offset just after the last clause comma before at, or 0. */
static size_t
gw_clause_start(const char *s, size_t at)
{
	size_t	k;

	while (at > 0) {
		k = gw_u8_back(s, at);
		if ((k == 3 && memcmp(s + at - 3, "，", 3) == 0) ||
		    (k == 1 && s[at - 1] == ','))
			return at;
		at -= k;
	}
	return 0;
}

/* Offset of the next clause comma from at, or n. */
static size_t
gw_clause_end(const char *s, size_t n, size_t at)
{
	/* Valid UTF-8: a lead byte never matches inside a character. */
	for (; at < n; at++)
		if (s[at] == ',' || gw_starts(s + at, n - at, "，"))
			return at;
	return n;
}

/*
 * A sentence with 废止 (or 同时失效, 同时停止执行; not inside a 《title》,
 * not 已废止 or 废止的):
 * the documents named in the clause before it (原《…》（…）同时废止), else
 * after it (决定废止《…》（…）), else a list follows on the next lines
 * (下列文件同时废止：).
 */
static int
gw_repeal_sentence(struct gw_life *st, const char *s, size_t n, int *list)
{
	static const char	*verbs[] = { "废止", "同时失效",
				    "同时停止执行" };
	size_t			 i, k, cs, after, e, v, hits = 0;
	int			 depth = 0, found;

	for (i = 0; i < n && hits < 4; i += k) {
		gw_u8(s + i, n - i, &k);
		if (gw_starts(s + i, n - i, "《"))
			depth++;
		else if (gw_starts(s + i, n - i, "》") && depth > 0)
			depth--;
		if (depth > 0 ||
		    (v = gw_match_any(s + i, n - i, verbs, nitems(verbs))) == 0)
			continue;
		hits++;
		after = i + v;
		if (gw_starts(s + after, n - after, "的") ||
		    (i >= 3 && memcmp(s + i - 3, "已", 3) == 0))
			continue;
		cs = gw_clause_start(s, i);
		if ((found = gw_repeal_items(st, s + cs, i - cs)) == 0) {
			e = gw_clause_end(s, n, after);
			found = gw_repeal_items(st, s + after, e - after);
		}
		if (found == -1)
			return -1;
		if (found == 0 && (gw_ends(s, n, "：") || gw_ends(s, n, ":")))
			*list = 1;
	}
	return 0;
}

/* One line of a list of repealed documents: 1.《…》（…）; */
static int
gw_repeal_list_line(struct gw_life *st, const char *s, size_t n)
{
	char	norm[128];
	size_t	k, ds, de;

	k = gw_enum_len(s, n);
	if (!gw_starts(s + k, n - k, "《") && (gw_docno_find(s + k, n - k,
	    &ds, &de, norm, sizeof(norm)) == -1 || ds != 0))
		return 0;
	return gw_repeal_items(st, s + k, n - k);
}

/*
 * Read one sentence, clause by clause.  A 施行 clause is the document's
 * when its subject is 本办法 (本通知 …), or when it has none and opens the
 * sentence or follows a first clause that opens with 本办法.
 */
static int
gw_life_sentence(struct gw_life *st, const char *s, size_t n, int *list)
{
	struct cndate	d;
	size_t		cs, ce, k, subj;
	int		ci, self = 0, eff_here = 0, r, on_signing = 0, pass;
	int		years = 0, months = 0;

	if (*list) {
		if ((r = gw_repeal_list_line(st, s, n)) != 0)
			return r == -1 ? -1 : 0;
		*list = 0;
	}
	/*
	 * 施行 clauses first: a 有效期 clause without a subject of its own is
	 * about the document only beside its 施行 clause (…起施行，有效期5年).
	 */
	for (pass = 0; pass < 2; pass++)
		for (ci = 0, cs = 0; cs <= n; ci++) {
			ce = gw_clause_end(s, n, cs);
			if (pass == 0 && ci == 0) {
				k = gw_enum_len(s + cs, ce - cs);
				self = gw_self_prefix(s + cs + k,
				    ce - cs - k) > 0;
			}
			if (pass == 0 && gw_effective_clause(s + cs, ce - cs,
			    &d, &on_signing, &subj)) {
				r = gw_self_subject(s + cs, subj);
				if (r == 1 || (r == 2 && (ci == 0 || self))) {
					eff_here = 1;
					if (st->eff == 0) {
						st->eff = on_signing ? 2 : 1;
						st->eff_date = d;
					}
				}
			}
			if (pass == 1 && st->valid == 0 &&
			    (r = gw_validity_clause(s + cs, ce - cs, &d,
			    &years, &months, &subj)) > 0) {
				k = (size_t)gw_self_subject(s + cs, subj);
				if (k == 1 || (k == 2 && eff_here)) {
					st->valid = r;
					st->valid_date = d;
					st->years = years;
					st->months = months;
				}
			}
			if (ce >= n)
				break;
			cs = ce + (s[ce] == ',' ? 1 : strlen("，"));
		}
	if (gw_find(s, n, "废止") != NULL || gw_find(s, n, "同时失效") != NULL ||
	    gw_find(s, n, "同时停止执行") != NULL)
		return gw_repeal_sentence(st, s, n, list);
	return 0;
}

/* Read the body sentence by sentence. */
static int
gw_life_scan(struct gw_life *st, const char *flat, size_t len)
{
	static const char	*stops[] = { "。", "；", "！", "？", "\n", ";",
				    "!", "?" };
	size_t			 i = 0, k = 0, start = 0;
	int			 list = 0;

	/* Byte by byte: flat is valid UTF-8, the stops start with a lead
	 * byte or are ASCII, so none matches inside a character. */
	for (;;) {
		if (i >= len || (k = gw_match_any(flat + i, len - i, stops,
		    nitems(stops))) > 0) {
			if (i > start && gw_life_sentence(st, flat + start,
			    i - start, &list) == -1)
				return -1;
			if (i >= len)
				return 0;
			i += k;
			start = i;
			continue;
		}
		i++;
	}
}

/*
 * effective_from, valid_until and repeals.  A period (有效期5年) counts
 * from the 施行 date, else from the 成文日期.  A title 关于废止《…》的决定
 * names what it repeals, even when the body gives no docno.
 */
static int
gw_lifecycle(const struct gw_doc *doc, struct gongwen *gw)
{
	struct gw_life	 st;
	struct cndate	 base;
	const char	*t;
	char		*flat, buf[16];
	size_t		 len, i;
	int		 rc = -1, have_base = 0;

	memset(&st, 0, sizeof(st));
	if ((flat = gw_flatten(doc, gw_body_start(doc), &len)) == NULL)
		return -1;
	if (gw_life_scan(&st, flat, len) == -1)
		goto out;
	if (gw->title != NULL && (t = strstr(gw->title, "废止")) != NULL &&
	    gw_repeal_items(&st, t, strlen(t)) == -1)
		goto out;
	if (st.eff == 1) {
		base = st.eff_date;
		have_base = 1;
		cndate_format(&base, buf);
		if ((gw->effective_from = gw_strdup(buf)) == NULL)
			goto out;
	} else if (doc->has_signed) {
		base = doc->signed_d;
		have_base = 1;
		if (st.eff == 2 &&
		    (gw->effective_from = gw_strdup(gw->signed_on)) == NULL)
			goto out;
	}
	if (st.valid == 1 || (st.valid == 2 && have_base &&
	    cndate_period_end(&base, st.years, st.months, &st.valid_date) ==
	    0)) {
		cndate_format(&st.valid_date, buf);
		if ((gw->valid_until = gw_strdup(buf)) == NULL)
			goto out;
	}
	for (i = 0; i < st.nrep; i++)
		if (gw_list_take(&gw->repeals, gw_strdup(st.rep[i].docno !=
		    NULL ? st.rep[i].docno : st.rep[i].title), 1) == -1)
			goto out;
	rc = 0;
out:
	for (i = 0; i < st.nrep; i++) {
		free(st.rep[i].title);
		free(st.rep[i].docno);
	}
	free(flat);
	return rc;
}

int
gongwen_parse(const char *text, struct gongwen *gw)
{
	struct gw_doc	 doc;
	struct marking	 mk;
	char		*repaired = NULL;
	struct gw_span	 span;
	size_t		 hend, hlen, rlen, i;
	int		 rc = -1;

	memset(gw, 0, sizeof(*gw));
	memset(&doc, 0, sizeof(doc));
	memset(&mk, 0, sizeof(mk));
	if (text == NULL)
		text = "";
	doc.text = text;
	doc.len = strlen(text);
	if ((repaired = gw_repair(text, doc.len, &rlen)) != NULL) {
		doc.text = repaired;
		doc.len = rlen;
	} else if (rlen != 0)
		return -1;
	doc.title_first = doc.title_last = doc.addr = doc.date_line = GW_NONE;
	doc.docno_line = GW_NONE;

	if (gw_split_lines(&doc) == -1)
		goto out;
	if (gw_find_title(&doc) == -1)
		goto out;
	gw_find_addressee(&doc);
	hend = gw_header_end(&doc);

	if (gw_find_docno(&doc, hend, &gw->docno) == -1)
		goto out;
	if (gw_find_date(&doc, &gw->signed_on) == -1)
		goto out;
	if (gw_issuers(&doc, hend, gw) == -1)
		goto out;
	if (doc.title != NULL) {
		gw->title = doc.title;
		doc.title = NULL;
		if (doc.doc_type != NULL &&
		    (gw->doc_type = gw_strdup(doc.doc_type)) == NULL)
			goto out;
	}

	/* The 密级 belongs to the 版头, above the title. */
	if (doc.title_first != GW_NONE)
		hlen = (size_t)(doc.lines[doc.title_first].p - doc.text);
	else if (hend < doc.nlines)
		hlen = (size_t)(doc.lines[hend].p - doc.text);
	else
		hlen = doc.len;
	if (marking_read(doc.text, doc.len, hlen, &mk) == -1)
		goto out;
	gw->disclosure = mk.disclosure;
	gw->flags |= mk.flags;
	/* No 附注: the site's 公开方式 row, when it gives one. */
	if ((mk.flags & GW_FLAG_NO_MARKING) &&
	    gw_meta_value(&doc, GW_META_DISC, &span)) {
		if (gw_find(span.p, span.n, "不予公开") != NULL ||
		    gw_find(span.p, span.n, "不公开") != NULL ||
		    gw_find(span.p, span.n, "免予公开") != NULL)
			gw->disclosure = DISCLOSURE_WITHHELD;
		else if (gw_find(span.p, span.n, "依申请") != NULL)
			gw->disclosure = DISCLOSURE_ON_REQUEST;
		else if (gw_find(span.p, span.n, "主动公开") != NULL ||
		    gw_find(span.p, span.n, "公开发布") != NULL ||
		    gw_find(span.p, span.n, "全文公开") != NULL)
			gw->disclosure = DISCLOSURE_PUBLIC;
		if (gw->disclosure != DISCLOSURE_UNDETERMINED)
			gw->flags &= ~GW_FLAG_NO_MARKING;
	}
	if (mk.phrase != NULL && (gw->marking = gw_strdup(mk.phrase)) == NULL)
		goto out;
	for (i = 0; i < mk.nfound; i++) {
		char *ph;

		if ((ph = gw_strdup(mk.found[i])) == NULL ||
		    gw_list_take(&gw->markings, ph, 0) == -1)
			goto out;
	}
	if (mk.decision != NULL &&
	    (gw->marking_decision = gw_strdup(mk.decision)) == NULL)
		goto out;
	gw->disclosure_reason = mk.reason;
	mk.reason = NULL;

	if (mk.secrecy_level != NULL &&
	    (gw->secrecy = gw_strdup(mk.secrecy_level)) == NULL)
		goto out;
	gw->secrecy_term = mk.secrecy_term;
	mk.secrecy_term = NULL;

	if (gw_header_marks(&doc, hend, gw) == -1 ||
	    gw_find_letterhead(&doc, hend, &gw->letterhead) == -1 ||
	    gw_find_signer(&doc, hend, &gw->signer) == -1 ||
	    gw_find_addressees(&doc, &gw->addressees) == -1 ||
	    gw_find_attachments(&doc, &gw->attachments) == -1 ||
	    gw_find_cc(&doc, &gw->cc) == -1 ||
	    gw_find_printed(&doc, gw) == -1 ||
	    gw_lifecycle(&doc, gw) == -1)
		goto out;

	if (gw->docno == NULL)
		gw->flags |= GW_FLAG_NO_DOCNO;
	if (gw->title == NULL)
		gw->flags |= GW_FLAG_NO_TITLE;
	if (gw->signed_on == NULL)
		gw->flags |= GW_FLAG_NO_DATE;
	rc = 0;
out:
	marking_clear(&mk);
	free(doc.title);
	free(doc.lines);
	free(repaired);
	if (rc == -1)
		gongwen_free(gw);
	return rc;
}

void
gongwen_free(struct gongwen *gw)
{
	size_t	i;

	if (gw == NULL)
		return;
	free(gw->docno);
	free(gw->issuer);
	for (i = 0; i < GONGWEN_MAX_ISSUERS; i++)
		free(gw->issuers[i]);
	free(gw->title);
	free(gw->doc_type);
	free(gw->signed_on);
	free(gw->marking);
	gw_list_free(&gw->markings);
	free(gw->marking_decision);
	free(gw->disclosure_reason);
	free(gw->copy_no);
	free(gw->secrecy);
	free(gw->secrecy_term);
	free(gw->urgency);
	free(gw->letterhead);
	free(gw->signer);
	gw_list_free(&gw->addressees);
	gw_list_free(&gw->attachments);
	gw_list_free(&gw->cc);
	free(gw->printed_by);
	free(gw->printed_on);
	free(gw->effective_from);
	free(gw->valid_until);
	gw_list_free(&gw->repeals);
	free(gw->domain);
	free(gw->domain_rule);
	memset(gw, 0, sizeof(*gw));
}

char *
gongwen_docno_normalize(const char *s)
{
	const char	*p;
	char		 norm[256];
	size_t		 n, start, end;

	if (s == NULL)
		return NULL;
	p = s;
	n = strlen(s);
	textblank_trim(&p, &n);
	if (gw_docno_find(p, n, &start, &end, norm, sizeof(norm)) == -1 ||
	    start != 0 || end != n)
		return NULL;
	return gw_strdup(norm);
}

const char *
gongwen_disclosure_name(enum disclosure d)
{
	if ((size_t)d >= nitems(gw_disclosure_names))
		return "undetermined";
	return gw_disclosure_names[d];
}

int
gongwen_disclosure_parse(const char *s, enum disclosure *d)
{
	size_t	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < nitems(gw_disclosure_names); i++)
		if (strcmp(s, gw_disclosure_names[i]) == 0) {
			if (d != NULL)
				*d = (enum disclosure)i;
			return 0;
		}
	return -1;
}

const char *
gongwen_flag_name(unsigned int flag)
{
	size_t	i;

	for (i = 0; i < GW_FLAG_COUNT; i++)
		if (flag == (1u << i))
			return gw_flag_names[i];
	return NULL;
}

unsigned int
gongwen_flag_parse(const char *s)
{
	size_t	i;

	if (s == NULL)
		return 0;
	for (i = 0; i < GW_FLAG_COUNT; i++)
		if (strcmp(s, gw_flag_names[i]) == 0)
			return 1u << i;
	return 0;
}
