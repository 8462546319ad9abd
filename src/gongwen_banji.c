/*
 * gongwen_banji: the 版记: 抄送机关 (抄送：…。) and the 印发机关和印发日期
 * (…办公室  2021年2月3日印发).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen_impl.h"
#include "textblank.h"

/* ---- 版记: 抄送机关, 印发机关和印发日期 ---- */

/*
 * The 抄送机关 (and 抄报): 抄送：…。, which may wrap onto the lines below
 * until its full stop.
 */
int
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
int
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
