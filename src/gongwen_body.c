/*
 * gongwen_body: the fields of the 主体 besides title and date: the
 * 主送机关 (the line ending with a colon, maybe wrapped) and the 附件说明
 * (附件：1.… 2.…).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gongwen_impl.h"
#include "textblank.h"

static size_t gw_attach_label(const char *, size_t);
static int gw_signature_at(const struct gw_doc *, size_t);
static int gw_attach_stop(const struct gw_doc *, size_t);
static int gw_page_line(const struct gw_line *);
static void gw_attach_tidy(char *);
static int gw_item_flush(struct gongwen_list *, char **, size_t *);
static int gw_attach_text(struct gongwen_list *, char **, size_t *, const char *, size_t, int *);

/* ---- 主体: 主送机关, 附件说明 ---- */

/*
 * The 主送机关: the line ending with a colon, with the lines it wraps
 * from (各区县人民政府，…，\n市政府各部门：); failing that a 主送：… line
 * (in the 版记).  Split on ，、.
 */
int
gw_find_addressees(const struct gw_doc *doc, struct gongwen_list *out)
{
	const struct gw_line	*l;
	char			 norm[GW_NORM_MAX], *s, *item;
	size_t			 first, i, len, cap, at;

	if (doc->addr == GW_NONE) {
		for (i = doc->zone[GW_Z_MAIN].from; i < doc->nlines; i++) {
			l = &doc->lines[i];
			if (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
			    !gw_starts(l->p, l->n, "主送"))
				continue;
			at = strlen("主送");
			if (gw_starts(l->p + at, l->n - at, "机关"))
				at += strlen("机关");
			if ((at = gw_skip_colon(l->p, l->n, at)) == SIZE_MAX)
				continue;
			return gw_list_split(out, l->p + at, l->n - at, 1);
		}
		return 0;
	}
	for (first = doc->addr; first > 0 && doc->addr - first < 4; first--) {
		l = &doc->lines[first - 1];
		if (l->n == 0 || l->n > GW_ITEM_LINE_MAX ||
		    (doc->title_first != GW_NONE &&
		    first - 1 <= doc->title_last) ||
		    first - 1 == doc->docno_line ||
		    (l->flags & GW_LF_STOP) ||
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
	at = gw_list_split(out, item, strlen(item), 1) == -1 ? 1 : 0;
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

	if (l->n > GW_TITLE_LINE_MAX || (l->flags & GW_LF_STOP) ||
	    l->meta != 0 ||
	    gw_match_any(l->p, l->n, labels, nitems(labels)) > 0 ||
	    gw_ends(l->p, l->n, "印发") ||
	    (gw_date_line(l, &d, &pre, &kind) && kind != 3) ||
	    gw_chrome_line(l) || gw_signature_at(doc, i))
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
int
gw_find_attachments(const struct gw_doc *doc, struct gongwen_list *out)
{
	const struct gw_line	*l;
	char			*cur = NULL;
	size_t			 i, j, lab = 0, k, len = 0, nb, seen;
	int			 num, expect = 1;

	for (i = doc->zone[GW_Z_MAIN].from; i < doc->nlines; i++) {
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
