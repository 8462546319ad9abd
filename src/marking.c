/*
 * marking: decide whether a 公文 may be published, from its 附注.
 * GB/T 9704 puts the marking in parentheses on a line of its own below
 * the date (or in the 版记): （此件公开发布）, （此件依申请公开，理由：…）.
 * The same words quoted in a sentence (…标注“此件公开发布”…) are not a
 * marking, so only a line that opens with a parenthesis and the phrase
 * counts.  A document held back (依申请公开, 不予公开) must say why: in
 * the marking's parentheses, on a line 不予公开理由：…, or on a 理由：…
 * line right after the marking; a 密级 in the 版头 is reason enough, and
 * makes the document withheld when no marking is given.  A 密级 with a
 * marking that publishes the document (公开发布, 依申请公开) is a conflict
 * that the 密级 wins: a classified document is withheld, flag classified,
 * whatever its 附注 says.  Every marking found is returned, with a
 * sentence saying which one won and why, for the administrator.
 * The 密级 is also returned split into its level and its 保密期限
 * (机密★5年: 机密, 5年).
 *
 * The text is walked line by line with byte comparisons against UTF-8
 * literals, which cannot match in the middle of a character; each line
 * is looked at a bounded number of times.
 */

#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen.h"
#include "marking.h"
#include "textblank.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Lines a parenthesised marking or a reason may wrap over. */
#define MARKING_MAX_WRAP	3
/* Bytes of label allowed before 理由 (不予公开理由, 依申请公开理由 …). */
#define MARKING_MAX_LABEL	30

static const struct {
	const char	*phrase;
	enum disclosure	 disclosure;
} marking_phrases[] = {
	{ "此件公开发布",	DISCLOSURE_PUBLIC },
	{ "此件主动公开",	DISCLOSURE_PUBLIC },
	{ "此件可依申请公开",	DISCLOSURE_ON_REQUEST },
	{ "此件依申请公开",	DISCLOSURE_ON_REQUEST },
	{ "此件不予公开",	DISCLOSURE_WITHHELD },
	{ "此件不公开",		DISCLOSURE_WITHHELD },
};

struct marking_line {
	const char	*p;	/* trimmed */
	size_t		 n;
	const char	*next;	/* start of the following line */
};

static int	 marking_has(const char *, size_t, const char *);
static size_t	 marking_open_paren(const char *, size_t);
static size_t	 marking_close_paren(const char *, size_t);
static int	 marking_next_line(const char *, const char *,
		    struct marking_line *);
static const char *marking_find(const char *, size_t, const char *);
static enum disclosure marking_phrase(const char *, size_t, const char **,
		    size_t *);
static void	 marking_skip_seps(const char **, size_t *);
static void	 marking_strip_tail(const char *, size_t *);
static char	*marking_dup(const char *, size_t);
static int	 marking_reason_in_parens(const char *, size_t, enum disclosure,
		    char **);
static int	 marking_reason_line(const char *, size_t, int, const char **,
		    size_t *);
static int	 marking_reason_join(const char *, const char *,
		    struct marking_line *, char **);
static void	 marking_skip_blanks(const char **, const char *);
static int	 marking_skip_label(const char **, const char *, const char *);
static size_t	 marking_secrecy_term(const char *, const char *);
static int	 marking_secrecy_line(const char *, size_t, struct marking *);
static int	 marking_term_line(const char *, size_t, struct marking *);

/* 1 when s[0..n) starts with lit. */
static int
marking_has(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

	return n >= l && memcmp(s, lit, l) == 0;
}

/* Length of an opening parenthesis at s, or 0. */
static size_t
marking_open_paren(const char *s, size_t n)
{
	if (marking_has(s, n, "（"))
		return strlen("（");
	if (n >= 1 && s[0] == '(')
		return 1;
	return 0;
}

/* Length of a closing parenthesis ending s[0..n), or 0. */
static size_t
marking_close_paren(const char *s, size_t n)
{
	size_t	l = strlen("）");

	if (n >= l && memcmp(s + n - l, "）", l) == 0)
		return l;
	if (n >= 1 && s[n - 1] == ')')
		return 1;
	return 0;
}

/* Step to the line starting at cur; 0 at the end of the text. */
static int
marking_next_line(const char *cur, const char *end, struct marking_line *l)
{
	const char	*nl;

	if (cur >= end)
		return 0;
	nl = memchr(cur, '\n', (size_t)(end - cur));
	if (nl == NULL)
		nl = end;
	l->p = cur;
	l->n = (size_t)(nl - cur);
	l->next = nl < end ? nl + 1 : end;
	textblank_trim(&l->p, &l->n);
	return 1;
}

static const char *
marking_find(const char *s, size_t n, const char *lit)
{
	return memmem(s, n, lit, strlen(lit));
}

/*
 * The disclosure the marking phrase starting s stands for, or
 * DISCLOSURE_UNDETERMINED; *plen gets the bytes it spans.
 */
static enum disclosure
marking_phrase(const char *s, size_t n, const char **phrase, size_t *plen)
{

	const char	*ph;
	size_t		 i, j, k, at, l;

	/* Blanks between the characters (此 件 公 开) are stepped over. */
	for (i = 0; i < nitems(marking_phrases); i++) {
		ph = marking_phrases[i].phrase;
		l = strlen(ph);
		for (j = at = 0; j < l; j += 3, at += 3) {
			if (j > 0)
				while (at < n &&
				    (k = textblank_len(s + at, n - at)) > 0)
					at += k;
			if (n - at < 3 || memcmp(s + at, ph + j, 3) != 0)
				break;
		}
		if (j >= l) {
			if (phrase != NULL)
				*phrase = ph;
			if (plen != NULL)
				*plen = at;
			return marking_phrases[i].disclosure;
		}
	}
	return DISCLOSURE_UNDETERMINED;
}

/* Skip blanks and the punctuation that separates clauses. */
static void
marking_skip_seps(const char **pp, size_t *np)
{
	static const char	*seps[] = { "。", "，", "；", "：", "、", ",",
				    ";", ":", "." };
	size_t			 i, k;
	int			 again = 1;

	while (again && *np > 0) {
		again = 0;
		if ((k = textblank_len(*pp, *np)) > 0) {
			*pp += k;
			*np -= k;
			again = 1;
			continue;
		}
		for (i = 0; i < nitems(seps); i++) {
			if (marking_has(*pp, *np, seps[i])) {
				k = strlen(seps[i]);
				*pp += k;
				*np -= k;
				again = 1;
				break;
			}
		}
	}
}

/* Drop a closing parenthesis, full stops and blanks from the end. */
static void
marking_strip_tail(const char *p, size_t *np)
{
	size_t	k;
	int	again = 1;

	while (again && *np > 0) {
		again = 0;
		if ((k = marking_close_paren(p, *np)) > 0 ||
		    (*np >= 3 && (memcmp(p + *np - 3, "。", 3) == 0 ||
		    memcmp(p + *np - 3, "\xe3\x80\x80", 3) == 0) && (k = 3)) ||
		    ((p[*np - 1] == ' ' || p[*np - 1] == '\t' ||
		    p[*np - 1] == '.') && (k = 1))) {
			*np -= k;
			again = 1;
		}
	}
}

static char *
marking_dup(const char *p, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/*
 * The text after the phrase inside the marking's parentheses: 理由：… is
 * the reason; for a document held back, any other clause that is not a
 * contact line is taken as the reason too.  Returns -1 on allocation
 * failure, else 0 (with *out NULL when there is no reason).
 */
static int
marking_reason_in_parens(const char *p, size_t n, enum disclosure d,
    char **out)
{
	const char	*r;

	*out = NULL;
	marking_strip_tail(p, &n);
	if ((r = marking_find(p, n, "理由")) != NULL ||
	    (r = marking_find(p, n, "原因")) != NULL) {
		/* 理由 and 原因 are both two characters long. */
		n -= (size_t)(r - p) + strlen("理由");
		p = r + strlen("理由");
		marking_skip_seps(&p, &n);
		if (marking_has(p, n, "是") || marking_has(p, n, "为")) {
			p += 3;
			n -= 3;
			marking_skip_seps(&p, &n);
		}
	} else {
		if (d == DISCLOSURE_PUBLIC)
			return 0;
		marking_skip_seps(&p, &n);
		if (marking_has(p, n, "联系") || marking_has(p, n, "电话"))
			return 0;
	}
	textblank_trim(&p, &n);
	marking_strip_tail(p, &n);
	if (n == 0)
		return 0;
	if ((*out = marking_dup(p, n)) == NULL)
		return -1;
	return 0;
}

/*
 * A reason line: 不予公开理由：…, 依申请公开理由：… (or 原因), optionally in
 * parentheses; with bare_ok, a plain 理由：… too.  On a match *rp, *rn is
 * the text after the colon.
 */
static int
marking_reason_line(const char *p, size_t n, int bare_ok, const char **rp,
    size_t *rn)
{
	const char	*r;
	size_t		 k, lab;

	if ((k = marking_open_paren(p, n)) > 0) {
		p += k;
		n -= k;
	}
	k = n < MARKING_MAX_LABEL + 6 ? n : MARKING_MAX_LABEL + 6;
	if ((r = marking_find(p, k, "理由")) == NULL &&
	    (r = marking_find(p, k, "原因")) == NULL)
		return 0;
	lab = (size_t)(r - p);
	if (lab > MARKING_MAX_LABEL)
		return 0;
	if (lab == 0 && !bare_ok)
		return 0;
	if (lab > 0 && (marking_find(p, lab, "公开") == NULL ||
	    marking_find(p, lab, "，") != NULL ||
	    marking_find(p, lab, "。") != NULL ||
	    marking_find(p, lab, "“") != NULL))
		return 0;
	p = r + strlen("理由");
	n -= lab + strlen("理由");
	while (n > 0 && (k = textblank_len(p, n)) > 0) {
		p += k;
		n -= k;
	}
	if (marking_has(p, n, "："))
		k = strlen("：");
	else if (n > 0 && p[0] == ':')
		k = 1;
	else
		return 0;
	p += k;
	n -= k;
	textblank_trim(&p, &n);
	*rp = p;
	*rn = n;
	return 1;
}

/*
 * Join a reason that wraps onto the lines after it; stop at a full stop,
 * a blank line, or a line that starts another element.
 */
static int
marking_reason_join(const char *p, const char *end, struct marking_line *l,
    char **out)
{
	struct marking_line	 nl;
	const char		*cur = l->next;
	char			*s, *tmp;
	size_t			 n, len = l->n, i;

	*out = NULL;
	n = len;
	marking_strip_tail(p, &n);
	if ((s = marking_dup(p, n)) == NULL)
		return -1;
	len = n;
	for (i = 0; i < MARKING_MAX_WRAP; i++) {
		if (l->n >= 3 && memcmp(l->p + l->n - 3, "。", 3) == 0)
			break;
		if (!marking_next_line(cur, end, &nl) || nl.n == 0)
			break;
		if (marking_open_paren(nl.p, nl.n) > 0 ||
		    marking_has(nl.p, nl.n, "抄送") ||
		    marking_has(nl.p, nl.n, "附件") ||
		    (nl.n >= 6 && memcmp(nl.p + nl.n - 6, "印发", 6) == 0))
			break;
		n = nl.n;
		marking_strip_tail(nl.p, &n);
		if ((tmp = realloc(s, len + n + 1)) == NULL) {
			free(s);
			return -1;
		}
		s = tmp;
		memcpy(s + len, nl.p, n);
		len += n;
		s[len] = '\0';
		*l = nl;
		cur = nl.next;
	}
	if (len == 0) {
		free(s);
		return 0;
	}
	*out = s;
	return 0;
}

/* Step over blanks from *pp (up to e). */
static void
marking_skip_blanks(const char **pp, const char *e)
{
	size_t	k;

	while (*pp < e && (k = textblank_len(*pp, (size_t)(e - *pp))) > 0)
		*pp += k;
}

/* Step over a label such as 密级： at *pp; 1 when it was there. */
static int
marking_skip_label(const char **pp, const char *e, const char *label)
{
	const char	*p = *pp;

	if (!marking_has(p, (size_t)(e - p), label))
		return 0;
	p += strlen(label);
	marking_skip_blanks(&p, e);
	if (marking_has(p, (size_t)(e - p), "："))
		p += strlen("：");
	else if (p < e && *p == ':')
		p++;
	marking_skip_blanks(&p, e);
	*pp = p;
	return 1;
}

/*
 * A 保密期限 at *pp: 长期, or a count (5, 十, 两) and 年, 个月 or 月.
 * Returns its length in bytes (blanks inside included), or 0.
 */
static size_t
marking_secrecy_term(const char *p, const char *e)
{
	static const char	*units[] = { "年", "个月", "月" };
	const char		*q;
	size_t			 i, k;
	int			 v;

	if (marking_has(p, (size_t)(e - p), "长期"))
		return strlen("长期");
	if ((k = cndate_number(p, (size_t)(e - p), &v)) == 0 || v <= 0)
		return 0;
	q = p + k;
	marking_skip_blanks(&q, e);
	for (i = 0; i < nitems(units); i++)
		if (marking_has(q, (size_t)(e - q), units[i]))
			return (size_t)(q - p) + strlen(units[i]);
	return 0;
}

/*
 * A 密级 line of the 版头: 机密★5年, 秘密, 绝密★长期, possibly after the
 * 份号 (000123 机密★5年) or a 密级： label, and possibly followed by the
 * 紧急程度 (机密★5年　特急).  Anything else after the level makes the
 * line a sentence, not a 密级.  Fills m->secrecy (level★term, without
 * blanks), m->secrecy_level and m->secrecy_term.  Returns 1 when found,
 * 0 when not, -1 on allocation failure.
 */
static int
marking_secrecy_line(const char *p, size_t n, struct marking *m)
{
	static const char	*levels[] = { "绝密", "机密", "秘密" };
	static const char	*urgent[] = { "特急", "加急", "特提", "平急" };
	const char		*q, *e = p + n, *term = NULL;
	size_t			 i, j, k = 0, termlen = 0;

	if (n == 0 || n > 80)
		return 0;
	/* Skip a 份号 (or 份号：000123) and a label. */
	marking_skip_label(&p, e, "份号");
	while (p < e && ((*p >= '0' && *p <= '9') ||
	    (k = textblank_len(p, (size_t)(e - p))) > 0)) {
		if (*p >= '0' && *p <= '9')
			p++;
		else
			p += k;
	}
	if (!marking_skip_label(&p, e, "密级和保密期限"))
		marking_skip_label(&p, e, "密级");
	for (i = 0; i < nitems(levels); i++)
		if (marking_has(p, (size_t)(e - p), levels[i]))
			break;
	if (i == nitems(levels))
		return 0;
	q = p + strlen(levels[i]);
	marking_skip_blanks(&q, e);
	if (marking_has(q, (size_t)(e - q), "★") ||
	    marking_has(q, (size_t)(e - q), "☆"))
		q += strlen("★");
	else if (q < e && *q == '*')
		q++;
	marking_skip_blanks(&q, e);
	if ((termlen = marking_secrecy_term(q, e)) > 0) {
		term = q;
		q += termlen;
	}
	/* What may follow: the 紧急程度, nothing else. */
	for (;;) {
		marking_skip_blanks(&q, e);
		if (q >= e)
			break;
		marking_skip_label(&q, e, "紧急程度");
		for (j = 0; j < nitems(urgent); j++)
			if (marking_has(q, (size_t)(e - q), urgent[j]))
				break;
		if (j == nitems(urgent))
			return 0;
		q += strlen(urgent[j]);
	}
	m->secrecy_level = levels[i];
	if (term != NULL &&
	    (m->secrecy_term = textblank_dup_strip(term, termlen, 0)) == NULL)
		return -1;
	k = strlen(levels[i]) + strlen("★") +
	    (term != NULL ? strlen(m->secrecy_term) : 0);
	if ((m->secrecy = malloc(k + 1)) == NULL)
		return -1;
	strcpy(m->secrecy, levels[i]);
	if (term != NULL) {
		strcat(m->secrecy, "★");
		strcat(m->secrecy, m->secrecy_term);
	}
	return 1;
}

/* A 保密期限：5年 line of its own, below a 密级 without a term. */
static int
marking_term_line(const char *p, size_t n, struct marking *m)
{
	const char	*e = p + n;
	char		*s;
	size_t		 k;

	if (!marking_skip_label(&p, e, "保密期限"))
		return 0;
	if ((k = marking_secrecy_term(p, e)) == 0)
		return 0;
	if ((m->secrecy_term = textblank_dup_strip(p, k, 0)) == NULL)
		return -1;
	if ((s = malloc(strlen(m->secrecy) + strlen("★") +
	    strlen(m->secrecy_term) + 1)) == NULL)
		return -1;
	strcpy(s, m->secrecy_level);
	strcat(s, "★");
	strcat(s, m->secrecy_term);
	free(m->secrecy);
	m->secrecy = s;
	return 1;
}

int
marking_read(const char *text, size_t len, size_t header_len,
    struct marking *m)
{
	struct marking_line	 l, rl;
	const char		*end = text + len, *cur, *phrase, *rp, *body;
	const char		*after_phrase = NULL;
	char			*paren_reason = NULL, *line_reason = NULL;
	char			*s, *tmp;
	enum disclosure		 d, first = DISCLOSURE_UNDETERMINED;
	size_t			 plen, k, rn, i, blen;
	int			 conflict = 0, just_marked = 0, r;

	memset(m, 0, sizeof(*m));
	if (header_len > len)
		header_len = len;

	/* 密级, in the 版头 only; its term may stand on a line below. */
	for (cur = text; marking_next_line(cur, text + header_len, &l);
	    cur = l.next) {
		if (m->secrecy == NULL)
			r = marking_secrecy_line(l.p, l.n, m);
		else if (m->secrecy_term == NULL)
			r = marking_term_line(l.p, l.n, m);
		else
			break;
		if (r == -1)
			goto fail;
	}

	for (cur = text; marking_next_line(cur, end, &l); cur = l.next) {
		if (l.n == 0)
			continue;
		if (just_marked && line_reason == NULL &&
		    marking_reason_line(l.p, l.n, 1, &rp, &rn)) {
			rl = l;
			rl.p = rp;
			rl.n = rn;
			if (marking_reason_join(rp, end, &rl,
			    &line_reason) == -1)
				goto fail;
			l.next = rl.next;
			just_marked = 0;
			continue;
		}
		just_marked = 0;
		if (line_reason == NULL &&
		    marking_reason_line(l.p, l.n, 0, &rp, &rn)) {
			rl = l;
			rl.p = rp;
			rl.n = rn;
			if (marking_reason_join(rp, end, &rl,
			    &line_reason) == -1)
				goto fail;
			l.next = rl.next;
			continue;
		}
		if ((k = marking_open_paren(l.p, l.n)) == 0)
			continue;
		body = l.p + k;
		blen = l.n - k;
		while (blen > 0 && (k = textblank_len(body, blen)) > 0) {
			body += k;
			blen -= k;
		}
		d = marking_phrase(body, blen, &phrase, &plen);
		if (d == DISCLOSURE_UNDETERMINED)
			continue;
		just_marked = 1;
		if (m->nfound < MARKING_MAX_FOUND)
			m->found[m->nfound++] = phrase;
		if (m->phrase == NULL) {
			m->phrase = phrase;
			first = d;
		} else if (d != first)
			conflict = 1;
		if (d != first || paren_reason != NULL)
			continue;

		after_phrase = body + plen;
		rn = (size_t)(l.p + l.n - after_phrase);
		if (rn == 0)
			continue;
		/*
		 * The parenthetical may wrap: join the lines up to its closing
		 * parenthesis, when one comes soon enough.
		 */
		if ((s = marking_dup(after_phrase, rn)) == NULL)
			goto fail;
		if (marking_close_paren(l.p, l.n) == 0) {
			rl = l;
			for (i = 0; i < MARKING_MAX_WRAP; i++) {
				if (!marking_next_line(rl.next, end, &rl) ||
				    rl.n == 0 ||
				    marking_open_paren(rl.p, rl.n) > 0)
					break;
				if (marking_close_paren(rl.p, rl.n) > 0)
					break;
			}
			if (i < MARKING_MAX_WRAP && rl.n > 0 &&
			    marking_close_paren(rl.p, rl.n) > 0 &&
			    marking_open_paren(rl.p, rl.n) == 0) {
				cur = l.next;
				while (marking_next_line(cur, end, &rl)) {
					if ((tmp = realloc(s, rn + rl.n + 1)) ==
					    NULL) {
						free(s);
						goto fail;
					}
					s = tmp;
					memcpy(s + rn, rl.p, rl.n);
					rn += rl.n;
					s[rn] = '\0';
					cur = rl.next;
					if (marking_close_paren(rl.p, rl.n) > 0)
						break;
				}
				l.next = cur;
			}
		}
		r = marking_reason_in_parens(s, rn, d, &paren_reason);
		free(s);
		if (r == -1)
			goto fail;
	}

	if (m->secrecy != NULL)
		m->flags |= GW_FLAG_CLASSIFIED;
	if (m->phrase == NULL) {
		if (m->secrecy != NULL) {
			m->disclosure = DISCLOSURE_WITHHELD;
			m->decision = "未标注公开属性；文件标有密级，"
			    "按不予公开处理";
			if (line_reason != NULL) {
				m->reason = line_reason;
				return 0;
			}
			goto secret_reason;
		}
		free(line_reason);
		m->flags |= GW_FLAG_NO_MARKING;
		return 0;
	}
	/*
	 * A 密级 document cannot be published: a marking that says so is a
	 * conflict, and the 密级 wins (国家秘密 is never disclosed).
	 */
	if (m->secrecy != NULL && (conflict || first != DISCLOSURE_WITHHELD)) {
		m->disclosure = DISCLOSURE_WITHHELD;
		m->flags |= GW_FLAG_CONFLICTING_MARKINGS;
		m->decision = "附注标注与密级矛盾；文件标有密级，涉及国家秘密，"
		    "按不予公开处理";
		free(paren_reason);
		if (line_reason != NULL) {
			m->reason = line_reason;
			return 0;
		}
		goto secret_reason;
	}
	if (conflict) {
		m->disclosure = DISCLOSURE_UNDETERMINED;
		m->flags |= GW_FLAG_CONFLICTING_MARKINGS;
		m->decision = "附注中的公开属性标注相互矛盾，未予认定；"
		    "需由管理员确定公开属性";
		free(paren_reason);
		free(line_reason);
		return 0;
	}
	m->disclosure = first;
	if (first == DISCLOSURE_PUBLIC) {
		free(paren_reason);
		free(line_reason);
		return 0;
	}
	if (paren_reason != NULL) {
		m->reason = paren_reason;
		free(line_reason);
		return 0;
	}
	if (line_reason != NULL) {
		m->reason = line_reason;
		return 0;
	}
	if (m->secrecy == NULL) {
		m->flags |= GW_FLAG_MISSING_REASON;
		return 0;
	}

secret_reason:
	plen = strlen("涉及国家秘密（") + strlen(m->secrecy) + strlen("）");
	if ((m->reason = malloc(plen + 1)) == NULL)
		goto fail;
	strcpy(m->reason, "涉及国家秘密（");
	strcat(m->reason, m->secrecy);
	strcat(m->reason, "）");
	return 0;

fail:
	free(paren_reason);
	free(line_reason);
	marking_clear(m);
	return -1;
}

enum disclosure
marking_phrase_disclosure(const char *phrase)
{
	size_t i;

	for (i = 0; phrase != NULL && i < nitems(marking_phrases); i++)
		if (strcmp(phrase, marking_phrases[i].phrase) == 0)
			return marking_phrases[i].disclosure;
	return DISCLOSURE_UNDETERMINED;
}

void
marking_clear(struct marking *m)
{
	if (m == NULL)
		return;
	free(m->reason);
	free(m->secrecy);
	free(m->secrecy_term);
	memset(m, 0, sizeof(*m));
}
