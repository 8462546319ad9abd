/*
 * gongwen_list: the list fields of struct gongwen (主送, 附件, 抄送,
 * 废止): bounded, de-duplicated when asked, split on the separators of
 * a Chinese list but not inside brackets.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

/* ---- lists ---- */

void
gw_list_free(struct gongwen_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Append s to l, taking it over: an empty s, a duplicate (when uniq) or
 * one past GW_LIST_MAX is dropped.  s NULL means an allocation failed.
 * Returns 0, or -1 on allocation failure.
 */
int
gw_list_take(struct gongwen_list *l, char *s, int uniq)
{
	char	**v;
	size_t	  i;

	if (s == NULL)
		return -1;
	if (*s == '\0' || l->n >= GW_LIST_MAX) {
		free(s);
		return 0;
	}
	for (i = 0; uniq && i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(s);
			return 0;
		}
	if ((v = realloc(l->v, (l->n + 2) * sizeof(*v))) == NULL) {
		free(s);
		return -1;
	}
	l->v = v;
	v[l->n++] = s;
	v[l->n] = NULL;
	return 0;
}

/* A list entry from p[0..n): no blanks, no separators at either end. */
char *
gw_item_dup(const char *p, size_t n)
{
	static const char	*punct[] = { "。", "；", "，", "、", "：", ";",
				    ",", ":", "." };
	char			*s;
	size_t			 len, k, lead;
	int			 again = 1;

	if ((s = textblank_dup_strip(p, n, 0)) == NULL)
		return NULL;
	len = strlen(s);
	while (again && len > 0) {
		again = 0;
		for (k = 0; k < nitems(punct); k++)
			if (gw_ends(s, len, punct[k])) {
				len -= strlen(punct[k]);
				again = 1;
			}
	}
	s[len] = '\0';
	for (lead = 0; (k = gw_match_any(s + lead, len - lead, punct,
	    nitems(punct))) > 0;)
		lead += k;
	memmove(s, s + lead, len - lead + 1);
	return s;
}

/*
 * 1 when the name p[0..n) after a 、 belongs to the group before it.  A
 * name of a group (各…, 市直各部门) takes in what follows its 、 when that
 * is no complete name of its own, only a kind of body the 各 also ranges
 * over:
 * 各区县人民政府、管委会 (and each district's committee) and 市直各部门、
 * 单位 are one addressee each, while 各乡镇人民政府、街道办事处 names two.
 */
static int
gw_group_goes_on(const char *p, size_t n)
{
	const char	*e;
	size_t		 i, k, nhan = 0;
	uint32_t	 cp;

	if (gw_starts(p, n, "各"))
		return 0;
	/* The next name: up to the next separator. */
	for (i = 0; i < n; i += k) {
		cp = gw_u8(p + i, n - i, &k);
		if (cp == 0x3001 || cp == 0xff0c || cp == 0xff1b || cp == ',' ||
		    cp == ';' || cp == 0xff08 || cp == '(')
			break;
		if (gw_han(cp))
			nhan++;
	}
	e = p + i;
	/* A complete name has words before the kind of body it is
	 * (街道办事处, 市财政局); a bare kind (管委会, 单位) has not. */
	return nhan < 4 || !gw_agency_end(p, (size_t)(e - p));
}

/*
 * Split p[0..n) on ，、；,; into l — not inside brackets, where
 * 各县（市、区）人民政府 is one name; with groups, a 、 after a name of a
 * group splits only before a complete name (gw_group_goes_on).
 */
int
gw_list_split(struct gongwen_list *l, const char *p, size_t n, int groups)
{
	static const char	*seps[] = { "，", "、", "；", ",", ";" };
	static const char	*open[] = { "（", "(", "〔", "[", "【", "《" };
	static const char	*close[] = { "）", ")", "〕", "]", "】", "》" };
	size_t			 i = 0, start = 0, k;
	int			 depth = 0;

	while (i < n) {
		/* Brackets and separators open with ( ) [ ] , ; or the lead
		 * byte e3 or ef; skip what cannot be one. */
		if (p[i] != '(' && p[i] != ')' && p[i] != '[' && p[i] != ']' &&
		    p[i] != ',' && p[i] != ';' && (unsigned char)p[i] != 0xe3 &&
		    (unsigned char)p[i] != 0xef) {
			i++;
			continue;
		}
		if ((k = gw_match_any(p + i, n - i, open, nitems(open))) > 0) {
			depth++;
			i += k;
			continue;
		}
		if ((k = gw_match_any(p + i, n - i, close, nitems(close))) > 0) {
			if (depth > 0)
				depth--;
			i += k;
			continue;
		}
		if (depth == 0 &&
		    (k = gw_match_any(p + i, n - i, seps, nitems(seps))) > 0) {
			if (groups && k == strlen("、") &&
			    memcmp(p + i, "、", k) == 0 &&
			    gw_find(p + start, i - start, "各") != NULL &&
			    gw_group_goes_on(p + i + k, n - i - k)) {
				i += k;
				continue;
			}
			if (gw_list_take(l, gw_item_dup(p + start, i - start),
			    0) == -1)
				return -1;
			i += k;
			start = i;
			continue;
		}
		gw_u8(p + i, n - i, &k);
		i += k;
	}
	return gw_list_take(l, gw_item_dup(p + start, n - start), 0);
}

/* Append p[0..n) to the growing item *s (length *len), bounded. */
int
gw_item_append(char **s, size_t *len, const char *p, size_t n)
{
	char	*t;

	if (*len + n > GW_ITEM_MAX)
		n = *len < GW_ITEM_MAX ? GW_ITEM_MAX - *len : 0;
	if ((t = realloc(*s, *len + n + 1)) == NULL)
		return -1;
	memcpy(t + *len, p, n);
	*len += n;
	t[*len] = '\0';
	*s = t;
	return 0;
}
