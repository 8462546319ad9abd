/*
 * gongwen_names: rows of agency names (署名, 发文机关标志, the names
 * before 关于 in a title) and of people's names (签发人).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

/* Last characters of agency names: 局 委 会 办 室 … and 中心. */
static const char *gw_agency_ends[] = {
	"局", "委", "会", "办", "室", "厅", "部", "院", "府", "署", "处",
	"所", "站", "组", "队", "校", "司", "行", "馆", "社", "团", "庭",
	"科", "股", "盟", "联", "协", "宫", "学", "军", "中心",
};

int
gw_agency_end(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < nitems(gw_agency_ends); i++)
		if (gw_ends(s, n, gw_agency_ends[i]))
			return 1;
	return 0;
}

/* 1 when s holds only Han characters, blanks and 、 (*nhan counted). */
int
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

/* 1 when a line ends with 文件 (文 件 when letter-spaced). */
int
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

/*
 * Read a row of agency names (淄博市民政局 淄博市财政局, or a letterhead
 * 淄博市财政局文件) into out.  Pieces that do not end like an agency are
 * joined to the next one, which undoes blanks a PDF put inside a name.
 * Unless loose, a row whose last name does not end like an agency is not
 * a row of names.  Returns the number of names added.
 */
size_t
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

/* Rows of agency names directly above line i (no blank between). */
void
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

/*
 * Read the names of people (王建国, 欧阳娜娜, 阿依古丽·买买提) in p[0..n),
 * separated by blanks, 、 or ，, onto buf (buflen bytes, joined by 、).
 * A letter-spaced name (王 建 国) reads as one.  With whole, every piece
 * must be a name; else reading stops at the first piece that is not.
 * Returns the names read, or -1 when whole and some piece is not one.
 */
int
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

/* Same agency, one name maybe shortened (张店区… for 淄博市张店区…). */
int
gw_same_agency(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la < lb)
		return gw_ends(b, lb, a);
	return gw_ends(a, la, b);
}
