/*
 * gongwen_title: the 标题 (发文机关 + 关于 + 事由 + 文种), which may wrap
 * over a few lines, and, failing a 关于 line, a line ending with a 文种
 * (…公告, …会议纪要) or a site's 标题 row.  Where the title stands divides
 * the 版头 from the 主体.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

static const char *gw_doc_type(const char *);
static int gw_title_line_ok(const struct gw_line *);
static int gw_title_join(struct gw_doc *, size_t, size_t, const char *, char **);
static size_t gw_title_plain(const struct gw_doc *);

static const char *gw_doc_types[] = {
	/* Two characters first: 命令 before 令. */
	"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知",
	"通报", "报告", "请示", "批复", "议案", "纪要", "令", "函",
};

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
	char	norm[GW_NORM_MAX];

	/* The cheap tests first: most lines of a body fail on their
	 * punctuation. */
	if (l->n == 0 || l->n > GW_TITLE_LINE_MAX || l->meta != 0)
		return 0;
	if (l->flags & (GW_LF_STOP | GW_LF_SEMI | GW_LF_COLON | GW_LF_QUEST |
	    GW_LF_EXCL))
		return 0;
	if (gw_starts(l->p, l->n, "（此件") || gw_starts(l->p, l->n, "(此件"))
		return 0;
	if (gw_docno_line(l, norm, sizeof(norm)) == 0)
		return 0;
	return !gw_chrome_line(l);
}

/*
 * Where the title starts on a line: at 关于 (or at 转发/批转 before it),
 * with nothing but agency names in front.  *prefix gets those names.
 */
int
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
		if (gw_addressee_line(l) || (l->flags & GW_LF_STOP))
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
 * The lines under the title that a web page adds to it: its furniture
 * (【字体：大 中 小】 浏览次数), the title shown again as the heading (the
 * first was the page's title or a breadcrumb), and the 文种 alone,
 * letter-spaced (通  知).  They are the title's zone, never a part of
 * the title or of the 主送.  Returns the last of them, or last.
 */
static size_t
gw_title_echo(const struct gw_doc *doc, size_t last, const char *title)
{
	const struct gw_line	*l;
	const char		*type;
	char			 buf[GW_TITLE_LINE_MAX + 1];
	size_t			 j, n, seen = 0;

	for (j = last + 1; j < doc->nlines && seen < GW_TITLE_LINES; j++) {
		l = &doc->lines[j];
		if (l->n == 0)
			continue;
		seen++;
		if (gw_chrome_line(l)) {
			last = j;
			continue;
		}
		if (l->n > GW_TITLE_LINE_MAX || (n = gw_noblank_into(l->p, l->n,
		    buf, sizeof(buf))) == SIZE_MAX)
			break;
		if (((type = gw_doc_type(buf)) != NULL && strcmp(type, buf) ==
		    0) || (n > strlen("关于") && gw_ends(buf, n, title))) {
			last = j;
			continue;
		}
		break;
	}
	return last;
}

/*
 * The title: the first 关于 line near the top whose text, joined with the
 * lines it wraps onto, ends with a 文种 (with 《》 balanced).  The longest
 * such join wins.  Failing that, the first 关于 line, without a 文种.
 */
int
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
			doc->title_last = gw_title_echo(doc, best, doc->title);
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
		gw_line_scan(&mline);
		if (gw_title_start(&mline, &tp, &prefix) &&
		    (doc->title = textblank_dup_strip(tp,
		    (size_t)(mline.p + mline.n - tp), 0)) == NULL)
			return -1;
		if (doc->title != NULL)
			doc->doc_type = gw_doc_type(doc->title);
	}
	return 0;
}
