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
 * The 抄送 label opening p[0..n): 抄送： (抄 送：, 抄送机关：, 抄报：).  Returns
 * the offset of the text after the colon, or 0.
 */
size_t
gw_cc_label(const char *p, size_t n)
{
	static const char	*labels[] = { "抄送", "抄报" };
	size_t			 j, at = 0;

	for (j = 0; j < nitems(labels) && at == 0; j++)
		if (n > 0 && p[0] == labels[j][0])
			at = gw_spaced_at(p, n < 12 ? n : 12, labels[j],
			    strlen(labels[j]));
	if (at == 0)
		return 0;
	if (gw_starts(p + at, n - at, "机关") ||
	    gw_starts(p + at, n - at, "单位"))
		at += strlen("机关");
	if ((at = gw_skip_colon(p, n, at)) == SIZE_MAX)
		return 0;
	return at;
}

/*
 * The 抄送机关 (and 抄报): 抄送：…。, which may wrap onto the lines below
 * until its full stop.  Read in the 版记.
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

	for (i = doc->zone[GW_Z_BANJI].from; i < doc->zone[GW_Z_BANJI].to &&
	    found < 4; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
		    (at = gw_cc_label(l->p, l->n)) == 0)
			continue;
		found++;
		len = 0;
		for (j = last = i; j < doc->zone[GW_Z_BANJI].to &&
		    j < i + GW_CC_LINES;
		    j++) {
			l = &doc->lines[j];
			if (j > i && (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
			    gw_rule_line(l) ||
			    gw_match_any(l->p, l->n, labels,
			    nitems(labels)) > 0 ||
			    gw_starts(l->p, l->n, "印发") ||
			    gw_ends(l->p, l->n, "印发") ||
			    gw_starts(l->p, l->n, "（") ||
			    gw_starts(l->p, l->n, "(") ||
			    (gw_date_line(l, &d, &pre, &kind) && kind != 3)))
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
			rc = gw_list_split(out, s, len, 0);
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
 * such line of the 版记.  Extraction from PDF often splits them: the
 * 印发机关 on a line above, maybe with the 版记's rules between.
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

	for (i = doc->zone[GW_Z_BANJI].to; i-- > doc->zone[GW_Z_BANJI].from;) {
		if (!gw_date_line(&doc->lines[i], &d, &pre, &kind) || kind != 2)
			continue;
		if (pre.n == 0 && (prev = gw_prev_text(doc, i,
		    doc->zone[GW_Z_BANJI].from)) != GW_NONE) {
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
