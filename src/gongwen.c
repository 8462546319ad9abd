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
 * Input is hostile: text that is not valid UTF-8 is repaired (U+FFFD)
 * before parsing, every scan is bounded by the line it looks at, and only
 * the first lines of the document are searched for the header.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen.h"
#include "marking.h"

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

struct gw_line {
	const char	*p;	/* trimmed */
	size_t		 n;
};

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

static const char *gw_flag_names[GW_FLAG_COUNT] = {
	"no_marking", "conflicting_markings", "missing_reason", "no_docno",
	"no_title", "no_date",
};

static const char *gw_disclosure_names[] = {
	"undetermined", "public", "on_request", "withheld",
};

static uint32_t	 gw_u8(const char *, size_t, size_t *);
static size_t	 gw_u8_back(const char *, size_t);
static int	 gw_blank(uint32_t);
static int	 gw_han(uint32_t);
static int	 gw_digit(uint32_t);
static size_t	 gw_blank_len(const char *, size_t);
static void	 gw_trim(const char **, size_t *);
static int	 gw_starts(const char *, size_t, const char *);
static int	 gw_ends(const char *, size_t, const char *);
static const char *gw_find(const char *, size_t, const char *);
static const char *gw_find_spaced(const char *, size_t, const char *,
		    size_t *);
static size_t	 gw_match_any(const char *, size_t, const char **, size_t);
static char	*gw_repair(const char *, size_t, size_t *);
static char	*gw_strdup(const char *);
static char	*gw_dup_noblank(const char *, size_t);
static int	 gw_split_lines(struct gw_doc *);
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
static int	 gw_find_docno(const struct gw_doc *, size_t, char **);
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
gw_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' ||
	    cp == '\v' || cp == 0x3000 || cp == 0xa0 || cp == 0xfeff ||
	    (cp >= 0x2000 && cp <= 0x200b);
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

static size_t
gw_blank_len(const char *s, size_t n)
{
	size_t	k;

	if (n == 0)
		return 0;
	return gw_blank(gw_u8(s, n, &k)) ? k : 0;
}

static void
gw_trim(const char **pp, size_t *np)
{
	const char	*p = *pp;
	size_t		 n = *np, k;

	while (n > 0 && (k = gw_blank_len(p, n)) > 0) {
		p += k;
		n -= k;
	}
	while (n > 0) {
		k = gw_u8_back(p, n);
		if (gw_blank_len(p + n - k, k) != k)
			break;
		n -= k;
	}
	*pp = p;
	*np = n;
}

static int
gw_starts(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

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
			    (k = gw_blank_len(s + cl, n - cl)) > 0; gap++)
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

	for (i = 0; i < nlits; i++)
		if (gw_starts(s, n, lits[i]))
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

/* Copy s[0..n) without the blanks PDF extraction scatters through it. */
static char *
gw_dup_noblank(const char *s, size_t n)
{
	char	*out;
	size_t	 i, j, k;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	for (i = j = 0; i < n; i += k) {
		if ((k = gw_blank_len(s + i, n - i)) > 0)
			continue;
		gw_u8(s + i, n - i, &k);
		memcpy(out + j, s + i, k);
		j += k;
	}
	out[j] = '\0';
	return out;
}

static int
gw_split_lines(struct gw_doc *doc)
{
	const char	*p = doc->text, *end = doc->text + doc->len, *nl;
	size_t		 count = 1, i;

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
		gw_trim(&doc->lines[i].p, &doc->lines[i].n);
		p = nl < end ? nl + 1 : end;
	}
	doc->nlines = count;
	return 0;
}

/* Step over the few blanks PDF extraction puts inside a docno. */
static size_t
gw_skip_gap(const char *s, size_t n, size_t at)
{
	size_t	k, i;

	for (i = 0; i < 4 && at < n && (k = gw_blank_len(s + at, n - at)) > 0;
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
		if (gw_blank_len(s + cstart - k, k) != k)
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
		if (run == 1 && gw_blank(cp) && cstart > k) {
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
		if ((blank = gw_blank_len(s + gap, i - gap)) > 0)
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
	gw_trim(&p, &n);
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
	size_t	start, end, from = 0;

	while (from < l->n && gw_docno_find(l->p + from, l->n - from, &start,
	    &end, norm, normlen) == 0) {
		start += from;
		end += from;
		if ((start == 0 || gw_blank_len(l->p + start - 1, 1) == 1 ||
		    (start >= 3 && gw_blank_len(l->p + start - 3, 3) == 3) ||
		    gw_docno_label(l->p, start)) &&
		    (end == l->n || gw_blank_len(l->p + end, l->n - end) > 0) &&
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
		else if (!gw_blank(cp) && cp != 0x3001)	/* 、 */
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
		gw_trim(&p, &n);
		n -= strlen("文");
		e = p + n;
		letterhead = 1;
	}
	for (q = p; q < e;) {
		while (q < e && ((k = gw_blank_len(q, (size_t)(e - q))) > 0 ||
		    (gw_starts(q, (size_t)(e - q), "、") && (k = 3))))
			q += k;
		if (q >= e)
			break;
		ps = q;
		while (q < e && gw_blank_len(q, (size_t)(e - q)) == 0 &&
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

	if (l->n == 0 || l->n > GW_TITLE_LINE_MAX)
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
	gw_trim(&prefix->p, &prefix->n);
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
			piece = gw_dup_noblank(tp, (size_t)(l->p + l->n - tp));
		else
			piece = gw_dup_noblank(l->p, l->n);
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
	const char	*tp, *fb_tp = NULL, *type;
	char		*joined;
	size_t		 i, j, seen = 0, last, best, fb = GW_NONE;

	for (i = 0; i < doc->nlines && seen < GW_HEAD_LINES; i++) {
		if (doc->lines[i].n == 0)
			continue;
		seen++;
		if (!gw_title_start(&doc->lines[i], &tp, &prefix))
			continue;
		last = i;
		for (j = i + 1; j < doc->nlines && j - i < GW_TITLE_LINES;
		    j++) {
			if (!gw_title_line_ok(&doc->lines[j]))
				break;
			last = j;
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
		if ((doc->title = gw_dup_noblank(doc->lines[i].p,
		    doc->lines[i].n)) == NULL)
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
	}
	return 0;
}

/* The 主送机关 line: ends with a colon, is not a labelled field. */
static int
gw_addressee_line(const struct gw_line *l)
{
	size_t	i;

	if (l->n == 0 || l->n > 600)
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
gw_find_docno(const struct gw_doc *doc, size_t hend, char **out)
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
	gw_trim(&pre->p, &pre->n);
	if (pre->n > 0 && !gw_name_chars(pre->p, pre->n, &nhan))
		return 0;
	a = l->p + end;
	an = l->n - end;
	gw_trim(&a, &an);
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
		if (!gw_date_line(&doc->lines[i], &d, &pre, &kind))
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
	size_t		 top = i, k;

	while (top > 0 && i - top < max) {
		memset(&tmp, 0, sizeof(tmp));
		if (gw_line_names(doc->lines[top - 1].p, doc->lines[top - 1].n,
		    0, &tmp) == 0)
			break;
		top--;
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
	    gw_blank_len(q - k, k) == k)
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
			if ((list[i][k] = gw_dup_noblank(src[i].v[k].p,
			    src[i].v[k].n)) == NULL)
				goto out;
	for (i = 0; i < 3; i++)
		if (src[i].count > 0) {
			pick = i;
			break;
		}
	if (pick == 3) {
		rc = 0;
		goto out;
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

int
gongwen_parse(const char *text, struct gongwen *gw)
{
	struct gw_doc	 doc;
	struct marking	 mk;
	char		*repaired = NULL;
	size_t		 hend, hlen, rlen;
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
	if (mk.phrase != NULL && (gw->marking = gw_strdup(mk.phrase)) == NULL)
		goto out;
	gw->disclosure_reason = mk.reason;
	mk.reason = NULL;

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
	free(gw->disclosure_reason);
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
	gw_trim(&p, &n);
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
