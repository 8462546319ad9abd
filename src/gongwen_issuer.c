/*
 * gongwen_issuer: the 发文机关, from whichever element names it: the
 * names with the title, the 发文机关标志, the 署名 above the 成文日期, and
 * only then a site's 发文机关 row.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

static void gw_issuer_title(const struct gw_doc *, struct gw_names *);
static void gw_issuer_letterhead(const struct gw_doc *, size_t, struct gw_names *);
static void gw_issuer_signature(const struct gw_doc *, struct gw_names *);

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
	char		 norm[GW_NORM_MAX];
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

/*
 * Choose the issuers: those named with the title, else the letterhead,
 * else the 署名.  A joint document may show only its lead agency in one
 * place; when another source lists more agencies, led by the same one,
 * that fuller list is taken.
 */
int
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
