/*
 * gongwen_repeal: what the document repeals: 原《…》（…号）同时废止,
 * 决定废止《…》, a list under 下列文件同时废止：, bare docnos joined by 和,
 * 及, 、.  Each becomes its normalised docno, or its 《title》 when no
 * docno is given.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

static int gw_repeal_add(struct gw_life *, const char *, size_t, const char *);

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
 * A bare docno read in a sentence takes in the Han characters before its
 * bracket as its code: 原淄政办发〔…, 我委印发的济卫〔…, and after a first
 * docno 7号和济卫规〔….  An agency code is an abbreviation of a name and
 * holds none of the words a sentence puts in front of a docno: cut the
 * code after the last of them.  Returns a pointer into norm.
 */
static const char *
gw_docno_code_clean(const char *norm)
{
	static const char	*lead[] = { "的", "号", "和", "及", "与", "或",
				    "、", "原", "将", "即", "废止", "印发",
				    "转发", "根据", "依据", "按照", "执行",
				    "关于" };
	const char		*br, *q, *cut = norm;
	size_t			 i, l;

	if ((br = strstr(norm, "〔")) == NULL)
		return norm;
	for (i = 0; i < nitems(lead); i++) {
		l = strlen(lead[i]);
		for (q = norm; (q = gw_find(q, (size_t)(br - q), lead[i])) !=
		    NULL; q += l)
			if (q + l > cut)
				cut = q + l;
	}
	return cut < br ? cut : norm;
}

/*
 * Add the documents p[0..n) names: a 《title》 with its docno in the
 * parentheses after it (《…》（淄政办发〔2016〕12号）), a 《title》 alone, or
 * a bare docno.  Returns how many, or -1 on allocation failure.
 */
int
gw_repeal_items(struct gw_life *st, const char *p, size_t n)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
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
		    gw_nopen_brackets) > 0 &&
		    gw_docno_at(p, n, i, &ds, &de, norm, sizeof(norm)) == 0) {
			dn = gw_docno_code_clean(norm);
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

/*
 * A sentence with 废止 (or 同时失效, 同时停止执行; not inside a 《title》,
 * not 已废止 or 废止的):
 * the documents named in the clause before it (原《…》（…）同时废止), else
 * after it (决定废止《…》（…）), else a list follows on the next lines
 * (下列文件同时废止：).
 */
int
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
int
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
