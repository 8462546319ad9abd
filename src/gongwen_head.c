/*
 * gongwen_head: the fields of the 版头: 发文字号, 份号 and 紧急程度,
 * 发文机关标志, 签发人.  Only the lines above the title (or the 主送) are
 * read: a docno quoted in the body is a reference, not this document's.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen_impl.h"
#include "textblank.h"

static int gw_mark_line(const struct gw_line *, char *, const char **);
static int gw_letterhead_row(const struct gw_line *);

/*
 * A docno standing alone in parentheses, （淄财函〔2022〕21号）: where a
 * letter (函) printed without its 版头 carries its number, under the
 * 成文日期.
 */
static int
gw_docno_paren(const struct gw_line *l, char *norm, size_t normlen)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	const char		*p = l->p;
	size_t			 n = l->n, k, i, start, end;

	if ((k = gw_match_any(p, n, open, nitems(open))) == 0)
		return -1;
	for (i = 0; i < nitems(close); i++)
		if (gw_ends(p, n, close[i]))
			break;
	if (i == nitems(close))
		return -1;
	p += k;
	n -= k + strlen(close[i]);
	textblank_trim(&p, &n);
	if (gw_docno_find(p, n, &start, &end, norm, normlen) == -1 ||
	    start != 0 || end != n)
		return -1;
	return 0;
}

/*
 * The document's own docno: a docno line in the header zone; failing
 * that, one in parentheses a few lines under the 成文日期 (a letter's).
 */
int
gw_find_docno(struct gw_doc *doc, size_t hend, char **out)
{
	char	norm[GW_NORM_MAX];
	size_t	i, seen;

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
	if (doc->date_line == GW_NONE)
		return 0;
	for (i = doc->date_line + 1, seen = 0; i < doc->nlines && seen < 3;
	    i++) {
		if (doc->lines[i].n == 0)
			continue;
		seen++;
		if (gw_docno_paren(&doc->lines[i], norm, sizeof(norm)) == 0)
			return (*out = gw_strdup(norm)) == NULL ? -1 : 0;
	}
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
int
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
int
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
 * The 签发人: 签发人：王建国 in the 版头 (often beside the docno), with
 * the names of a joint document's other signers on the lines below.
 */
int
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
