/*
 * gongwen_zone: the text as lines, and the zones of GB/T 9704-2012
 * found on it once: the 版头 down to the title, the 主送 line, the
 * 主体 from there, and the 成文日期 line that closes it.  The readers of
 * the fields look only in their zone.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen_impl.h"
#include "marking.h"
#include "textblank.h"

static int	 gw_marking_below(const struct gw_doc *, size_t);
static int	 gw_split_lines(struct gw_doc *);
static void	 gw_find_addressee(struct gw_doc *);
static size_t	 gw_header_end(const struct gw_doc *);
static size_t	 gw_body_start(const struct gw_doc *);
static void	 gw_find_date(struct gw_doc *);
static size_t	 gw_banji_from(const struct gw_doc *, size_t);
static int	 gw_flatten(struct gw_doc *, size_t);

/* Labels that end in a colon but are not the 主送机关. */
static const char *gw_not_addressee[] = {
	"签发人", "附件", "抄送", "联系", "电话", "地址", "来源", "发布",
	"日期", "时间", "网址", "主题词", "关键词", "印发", "文号", "索引",
	"主办", "发文", "标题",
};

/*
 * Read a line once for what the readers of fields ask of it again and
 * again: its sentence marks and whether it has the 日 of a date.  The marks are matched on their UTF-8 bytes: the
 * text is valid UTF-8, so a lead byte never matches inside a character.
 */
void
gw_line_scan(struct gw_line *l)
{
	const unsigned char	*s = (const unsigned char *)l->p;
	size_t			 i, n = l->n;
	unsigned int		 f = 0;

	for (i = 0; i < n;) {
		if (s[i] < 0x80) {
			if (s[i] == ':')
				f |= GW_LF_COLON;
			else if (s[i] == '(' || s[i] == '[')
				f |= GW_LF_OPEN;
			i++;
			continue;
		}
		/* Two- and four-byte characters hold no mark. */
		if (s[i] < 0xe0 || s[i] >= 0xf0 || i + 2 >= n) {
			i++;
			continue;
		}
		if (s[i] == 0xe3 && s[i + 1] == 0x80) {
			if (s[i + 2] == 0x82)
				f |= GW_LF_STOP;
			/* 〔 【 〖 */
			else if (s[i + 2] == 0x94 || s[i + 2] == 0x90 ||
			    s[i + 2] == 0x96)
				f |= GW_LF_OPEN;
		} else if (s[i] == 0xe6 && s[i + 1] == 0x97 && s[i + 2] == 0xa5)
			f |= GW_LF_DAY;
		else if (s[i] == 0xef && s[i + 1] == 0xbc) {
			if (s[i + 2] == 0x9b)
				f |= GW_LF_SEMI;
			else if (s[i + 2] == 0x9a)
				f |= GW_LF_COLON;
			else if (s[i + 2] == 0x9f)
				f |= GW_LF_QUEST;
			else if (s[i + 2] == 0x81)
				f |= GW_LF_EXCL;
			/* （ ［ */
			else if (s[i + 2] == 0x88 || s[i + 2] == 0xbb)
				f |= GW_LF_OPEN;
		}
		i += 3;
	}
	l->flags = f;
	l->known = 0;
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
		gw_line_scan(&doc->lines[i]);
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
 * 1 for a line drawn only of rules (the 分隔线 of the 版记 as text
 * extraction leaves them: ──── ━━━ ———— ---- ＿＿ ====).
 */
int
gw_rule_line(const struct gw_line *l)
{
	size_t		i, k;
	uint32_t	cp;

	if (l->n == 0)
		return 0;
	for (i = 0; i < l->n; i += k) {
		cp = gw_u8(l->p + i, l->n - i, &k);
		if (!((cp >= 0x2500 && cp <= 0x257f) || cp == 0x2014 ||
		    cp == 0x2015 || cp == 0x2013 || cp == '-' || cp == '_' ||
		    cp == '=' || cp == 0xff3f || cp == 0xff0d || cp == 0xff1d ||
		    textblank_is(cp)))
			return 0;
	}
	return 1;
}

/*
 * The line with text above i, past blank lines and the rules of the 版记
 * (at most four lines), not above from; GW_NONE when there is none.
 */
size_t
gw_prev_text(const struct gw_doc *doc, size_t i, size_t from)
{
	size_t	seen = 0;

	while (i-- > from && seen++ < 4)
		if (doc->lines[i].n > 0 && !gw_rule_line(&doc->lines[i]))
			return i;
	return GW_NONE;
}

/* The first non-blank line above i, looking past at most skip blanks. */
size_t
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

/* The first non-blank line after i, looking past at most skip blanks. */
size_t
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

/* The 主送机关 line: ends with a colon, is not a labelled field. */
int
gw_addressee_line(const struct gw_line *l)
{
	size_t	i;

	if (l->n == 0 || l->n > 600 || l->meta != 0)
		return 0;
	if (!gw_ends(l->p, l->n, "：") && !gw_ends(l->p, l->n, ":"))
		return 0;
	if (l->flags & GW_LF_STOP)
		return 0;
	/* 现将有关事项通知如下： opens the body; it names no one. */
	if (gw_find(l->p, l->n, "如下") != NULL)
		return 0;
	for (i = 0; i < nitems(gw_not_addressee); i++)
		if (gw_starts(l->p, l->n, gw_not_addressee[i]))
			return 0;
	return 1;
}

static void
gw_find_addressee(struct gw_doc *doc)
{
	/* Kinds addressed to the public or to no one: no 主送 (党政机关公文
	 * 处理工作条例 第八条; GB/T 9704-2012 10.3 for 命令). */
	static const char	*none[] = { "公告", "通告", "公报", "命令", "令",
				    "决议" };
	size_t			 i, seen = 0, limit;

	for (i = 0; doc->doc_type != NULL && i < nitems(none); i++)
		if (strcmp(doc->doc_type, none[i]) == 0)
			return;

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
		if (doc->lines[i].flags & GW_LF_STOP)
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

/*
 * A date line: a date alone, or after the 署名 on the same line.  *kind is
 * 1 for a plain date line, 2 for the 版记's …2021年2月3日印发, 3 for a date
 * that web text flattened onto one line with the next heading after a
 * blank (2021年3月15日 某某市养老服务补贴办法).
 */
int
gw_date_line(const struct gw_line *l, struct cndate *d, struct gw_span *pre,
    int *kind)
{
	const char	*a;
	size_t		 end, an, nhan;
	long		 start;

	if (l->n == 0 || l->n > GW_NAMES_LINE_MAX || !(l->flags & GW_LF_DAY))
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
	else if (textblank_len(l->p + end, l->n - end) > 0)
		*kind = 3;
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
		    gw_nopen_brackets)) == 0)
			return 0;
		return gw_find_spaced(l->p + k, l->n - k < 16 ? l->n - k : 16,
		    "此件", &k) != NULL;
	}
	return 0;
}

/*
 * With no 成文日期: whether a line after the header is a date line but
 * for its numbers (2026年2月30日, 13月): a typo or an OCR misreading the
 * record should say, not pass over as no date at all.
 */
static int
gw_bad_date_line(const struct gw_doc *doc)
{
	const struct gw_line	*l;
	const char		*a;
	struct gw_span		 pre;
	struct cndate		 d;
	size_t			 i, end, an, nhan;
	long			 start;
	int			 valid;

	for (i = gw_body_start(doc); i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->meta != 0 || l->n == 0 || l->n > GW_NAMES_LINE_MAX ||
		    !(l->flags & GW_LF_DAY) || (start = cndate_find_shape(l->p,
		    l->n, &d, &end, &valid)) < 0 || valid)
			continue;
		pre.p = l->p;
		pre.n = (size_t)start;
		textblank_trim(&pre.p, &pre.n);
		a = l->p + end;
		an = l->n - end;
		textblank_trim(&a, &an);
		if ((pre.n == 0 || gw_name_chars(pre.p, pre.n, &nhan)) &&
		    an == 0)
			return 1;
	}
	return 0;
}

/*
 * The 成文日期: the first date line after the header whose line above is
 * a 署名 (agency names) or whose line below is the 附注; else the first
 * date line at all; else, only then, the 版记's 印发 date.  Deadlines in
 * sentences never qualify.
 */
static void
gw_find_date(struct gw_doc *doc)
{
	struct gw_names	 names;
	struct gw_span	 pre, weak_pre = { NULL, 0 };
	struct cndate	 d, weak_d = { 0, 0, 0 }, print_d = { 0, 0, 0 };
	size_t		 i, prev, weak = GW_NONE, print = GW_NONE;
	int		 kind;

	for (i = gw_body_start(doc); i < doc->nlines; i++) {
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
		/* A date run into the next heading counts only under a
		 * 署名 of agency names. */
		if (kind == 3) {
			if (pre.n > 0 || (prev != GW_NONE && gw_line_names(
			    doc->lines[prev].p, doc->lines[prev].n, 0,
			    &names) > 0))
				goto found;
			continue;
		}
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
		doc->signed_d = d;
		doc->has_signed = 1;
		return;
	}
	if (weak != GW_NONE) {
		i = weak;
		d = weak_d;
		pre = weak_pre;
	} else if ((doc->bad_date = gw_bad_date_line(doc)) != 0) {
		/* A 成文日期 line with a date no calendar has: said so (flag
		 * invalid_date), never replaced by the 印发 date. */
		return;
	} else if (print != GW_NONE) {
		i = print;
		d = print_d;
		pre.p = NULL;
		pre.n = 0;
	} else
		return;
found:
	doc->date_line = i;
	doc->signed_d = d;
	doc->has_signed = 1;
	doc->date_prefix = pre;
}

/*
 * Where the 版记 starts: its first 抄送 (抄报) line, or its 印发 line
 * (with the office on the line above when extraction split them), after
 * the 成文日期; failing that anywhere in the 主体, which covers a date
 * that was not found or not where it belongs.
 */
static size_t
gw_banji_from(const struct gw_doc *doc, size_t from)
{
	const struct gw_line	*l;
	struct gw_names		 names;
	struct gw_span		 pre;
	struct cndate		 d;
	size_t			 i, prev;
	int			 kind;

	for (i = from; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->n > GW_ITEM_LINE_MAX || l->meta != 0)
			continue;
		if (gw_cc_label(l->p, l->n) > 0)
			return i;
		if (!gw_date_line(l, &d, &pre, &kind) || kind != 2)
			continue;
		if (pre.n == 0 && (prev = gw_prev_text(doc, i, from)) !=
		    GW_NONE) {
			memset(&names, 0, sizeof(names));
			if (gw_line_names(doc->lines[prev].p,
			    doc->lines[prev].n, 1, &names) > 0)
				return prev;
		}
		return i;
	}
	return GW_NONE;
}

/*
 * The body as one string to read sentences from: blanks dropped, and a
 * line joined to the next unless it ends a sentence, a blank line
 * follows or the next line opens an enumeration (第三条, 二、).  So a
 * sentence wrapped by the layout reads whole, and the line ends that
 * remain separate paragraphs and list items.  flat_at[] records where
 * each line starts in it.
 */
static int
gw_flatten(struct gw_doc *doc, size_t from)
{
	static const char	*ends[] = { "。", "；", "！", "？", "：", ";",
				    "!", "?", ":" };
	const struct gw_line	*l, *nl;
	const unsigned char	*p;
	char			*s;
	size_t			 i, j, k, len = 0, cap = 1;

	for (i = from; i < doc->nlines; i++)
		cap += doc->lines[i].n + 1;
	if ((s = malloc(cap)) == NULL ||
	    (doc->flat_at = calloc(doc->nlines + 1, sizeof(size_t))) == NULL) {
		free(s);
		return -1;
	}
	for (i = from; i < doc->nlines; i++) {
		l = &doc->lines[i];
		doc->flat_at[i] = len;
		if (l->n == 0) {
			if (len > 0 && s[len - 1] != '\n')
				s[len++] = '\n';
			continue;
		}
		/* Byte by byte (valid UTF-8); only a blank's lead byte needs
		 * a closer look (see textblank_len). */
		p = (const unsigned char *)l->p;
		for (j = 0; j < l->n; j += k) {
			k = 1;
			if (p[j] > ' ' && p[j] < 0xc2) {
				s[len++] = l->p[j];
				continue;
			}
			/* A three-byte character whose lead byte opens no
			 * blank (most of CJK text), whole. */
			if (p[j] >= 0xe4 && p[j] <= 0xee && j + 2 < l->n) {
				memcpy(s + len, l->p + j, 3);
				len += 3;
				k = 3;
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
	doc->flat_at[doc->nlines] = len;
	s[len] = '\0';
	doc->flat = s;
	doc->flat_len = len;
	return 0;
}

/*
 * Where in the text the byte at off of doc->flat came from (a line end
 * that joins two lines maps to the end of the first); NULL when off is
 * outside it.
 */
const char *
gw_flat_origin(const struct gw_doc *doc, size_t off)
{
	const struct gw_line	*l;
	size_t			 lo, hi, mid, at, j, k;

	if (doc->flat == NULL || off >= doc->flat_len)
		return NULL;
	/* The last line that starts at or before off. */
	lo = doc->zone[GW_Z_MAIN].from;
	hi = doc->nlines;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (doc->flat_at[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	l = &doc->lines[lo];
	at = doc->flat_at[lo];
	for (j = 0; j < l->n; j += k) {
		if ((k = textblank_len(l->p + j, l->n - j)) > 0)
			continue;
		k = 1;
		if (at++ == off)
			return l->p + j;
	}
	return l->p + l->n;
}

/*
 * Where a forwarded document starts in a 转发 (批转, 印发) notice: after
 * the notice's own 成文日期, a new 版头 (a …文件 row or a docno line) with
 * a title of its own a few lines below.  GW_NONE when there is none.
 */
static size_t
gw_embedded_from(const struct gw_doc *doc)
{
	const struct gw_line	*l;
	struct gw_span		 pre;
	const char		*tp;
	char			 norm[GW_NORM_MAX];
	size_t			 i, j, seen;

	if (doc->title == NULL || doc->date_line == GW_NONE ||
	    (gw_find(doc->title, strlen(doc->title), "转发") == NULL &&
	    gw_find(doc->title, strlen(doc->title), "批转") == NULL &&
	    gw_find(doc->title, strlen(doc->title), "印发") == NULL))
		return GW_NONE;
	for (i = doc->date_line + 1; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->n > GW_NAMES_LINE_MAX ||
		    (!gw_wenjian(l->p, l->n) &&
		    gw_docno_line(l, norm, sizeof(norm)) == -1))
			continue;
		for (j = i + 1, seen = 0; j < doc->nlines &&
		    seen < GW_TITLE_LINES * 2; j++) {
			if (doc->lines[j].n == 0)
				continue;
			seen++;
			if (gw_title_start(&doc->lines[j], &tp, &pre))
				return i;
		}
	}
	return GW_NONE;
}

static int	 gw_doc_open_at(struct gw_doc *, const char *, size_t, int,
		    int);

/*
 * Decode and segment text (len bytes; valid when known to be UTF-8) once:
 * repair what is not UTF-8, split the
 * lines and read each once (gw_line_scan), mark a site's metadata rows,
 * find the title, the 主送, the 成文日期 and the 版记, and flatten the
 * 主体 for its sentences.  Returns 0, or -1 when out of memory (doc is
 * then closed).
 */
int
gw_doc_open(struct gw_doc *doc, const char *text, size_t len, int valid)
{
	return gw_doc_open_at(doc, text, len, valid, 0);
}

static int
gw_doc_open_at(struct gw_doc *doc, const char *text, size_t len, int valid,
    int depth)
{
	size_t	rlen, b, e;

	memset(doc, 0, sizeof(*doc));
	doc->title_first = doc->title_last = doc->addr = GW_NONE;
	doc->date_line = doc->docno_line = GW_NONE;
	if (text == NULL) {
		text = "";
		len = 0;
	}
	doc->text = text;
	doc->len = len;
	if (!valid && (doc->repaired = gw_repair(text, doc->len, &rlen)) !=
	    NULL) {
		doc->text = doc->repaired;
		doc->len = rlen;
	} else if (!valid && rlen != 0)
		return -1;
	if (gw_split_lines(doc) == -1 || gw_find_title(doc) == -1)
		goto fail;
	gw_find_addressee(doc);
	gw_find_date(doc);
	doc->all_nlines = doc->nlines;
	if (depth < GW_EMBED_DEPTH && (e = gw_embedded_from(doc)) != GW_NONE) {
		if ((doc->embedded = calloc(1, sizeof(*doc->embedded))) == NULL ||
		    gw_doc_open_at(doc->embedded, doc->lines[e].p,
		    doc->len - (size_t)(doc->lines[e].p - doc->text), 1,
		    depth + 1) == -1)
			goto fail;
		doc->nlines = e;
		doc->len = (size_t)(doc->lines[e].p - doc->text);
	}

	doc->zone[GW_Z_HEAD].from = 0;
	doc->zone[GW_Z_HEAD].to = gw_header_end(doc);
	if (doc->title_first != GW_NONE) {
		doc->zone[GW_Z_TITLE].from = doc->title_first;
		doc->zone[GW_Z_TITLE].to = doc->title_last + 1;
	}
	doc->zone[GW_Z_MAIN].from = gw_body_start(doc);
	b = GW_NONE;
	if (doc->date_line != GW_NONE)
		b = gw_banji_from(doc, doc->date_line + 1);
	if (b == GW_NONE)
		b = gw_banji_from(doc, doc->zone[GW_Z_MAIN].from);
	if (b == GW_NONE)
		b = doc->nlines;
	doc->zone[GW_Z_MAIN].to = doc->zone[GW_Z_BANJI].from = b;
	doc->zone[GW_Z_BANJI].to = doc->nlines;
	if (gw_flatten(doc, doc->zone[GW_Z_MAIN].from) == -1)
		goto fail;
	return 0;
fail:
	gw_doc_close(doc);
	return -1;
}

void
gw_doc_close(struct gw_doc *doc)
{
	if (doc->embedded != NULL) {
		gw_doc_close(doc->embedded);
		free(doc->embedded);
	}
	free(doc->title);
	free(doc->lines);
	free(doc->flat);
	free(doc->flat_at);
	free(doc->repaired);
	memset(doc, 0, sizeof(*doc));
}
