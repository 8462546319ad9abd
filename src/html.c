/*
 * html: the visible text of an HTML page.  Government sites publish a
 * document as an article page: GB2312 or UTF-8, rarely valid, often a
 * layout table around the text and a navigation bar, script and a footer
 * around that.  This is a small tokenizer after the HTML5 rules, not a
 * parser: no tree is built, only a <pre> depth is kept, so nesting costs
 * nothing and every scan moves forward (work and memory are linear in the
 * input).  Block elements end a line, <br> always does, the cells of a
 * table row are joined by a tab, script, style and their kin are dropped
 * with comments and the <title> (it is "site - document", not the
 * document's title).  White space collapses as a browser collapses it,
 * except that a source line break between two CJK characters goes away
 * (CSS Text 3 segment-break rule) instead of becoming a space.
 *
 * The charset is found and the bytes decoded in html_charset.c, character
 * references resolved in html_ref.c.
 */

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "html.h"
#include "html_impl.h"
#include "utf8.h"
#include "textdec.h"

enum html_kind {
	HK_NONE = 0,
	HK_BLOCK,	/* a line of its own */
	HK_BR,		/* a line break, even on an empty line */
	HK_CELL,	/* td, th: joined to the row by a tab */
	HK_PRE,		/* pre, listing: white space kept */
	HK_DROP,	/* raw text or RCDATA that is not shown */
	HK_TEXTAREA,	/* RCDATA that is shown, as preformatted */
	HK_XMP,		/* raw text that is shown, as preformatted */
	HK_PLAINTEXT,	/* the rest of the input is preformatted text */
	HK_TEMPLATE,	/* not shown; may nest */
};

static const struct html_elem {
	const char	*name;
	enum html_kind	 kind;
} html_elems[] = {	/* sorted by name for bsearch */
	{ "address", HK_BLOCK },	{ "article", HK_BLOCK },
	{ "aside", HK_BLOCK },		{ "blockquote", HK_BLOCK },
	{ "body", HK_BLOCK },		{ "br", HK_BR },
	{ "caption", HK_BLOCK },	{ "center", HK_BLOCK },
	{ "dd", HK_BLOCK },		{ "details", HK_BLOCK },
	{ "dialog", HK_BLOCK },		{ "dir", HK_BLOCK },
	{ "div", HK_BLOCK },		{ "dl", HK_BLOCK },
	{ "dt", HK_BLOCK },		{ "fieldset", HK_BLOCK },
	{ "figcaption", HK_BLOCK },	{ "figure", HK_BLOCK },
	{ "footer", HK_BLOCK },		{ "form", HK_BLOCK },
	{ "frameset", HK_BLOCK },	{ "h1", HK_BLOCK },
	{ "h2", HK_BLOCK },		{ "h3", HK_BLOCK },
	{ "h4", HK_BLOCK },		{ "h5", HK_BLOCK },
	{ "h6", HK_BLOCK },		{ "head", HK_BLOCK },
	{ "header", HK_BLOCK },		{ "hgroup", HK_BLOCK },
	{ "hr", HK_BLOCK },		{ "html", HK_BLOCK },
	{ "iframe", HK_DROP },		{ "legend", HK_BLOCK },
	{ "li", HK_BLOCK },		{ "listing", HK_PRE },
	{ "main", HK_BLOCK },		{ "menu", HK_BLOCK },
	{ "nav", HK_BLOCK },		{ "noembed", HK_DROP },
	{ "noframes", HK_DROP },	{ "noscript", HK_DROP },
	{ "ol", HK_BLOCK },		{ "p", HK_BLOCK },
	{ "plaintext", HK_PLAINTEXT },	{ "pre", HK_PRE },
	{ "script", HK_DROP },		{ "section", HK_BLOCK },
	{ "select", HK_DROP },		{ "style", HK_DROP },
	{ "summary", HK_BLOCK },	{ "table", HK_BLOCK },
	{ "tbody", HK_BLOCK },		{ "td", HK_CELL },
	{ "template", HK_TEMPLATE },	{ "textarea", HK_TEXTAREA },
	{ "tfoot", HK_BLOCK },		{ "th", HK_CELL },
	{ "thead", HK_BLOCK },		{ "title", HK_DROP },
	{ "tr", HK_BLOCK },		{ "ul", HK_BLOCK },
	{ "xmp", HK_XMP },
};

static void	 html_put(struct html_out *, const char *, size_t);
static void	 html_emit(struct html_out *, uint32_t);
static void	 html_ws(struct html_out *, uint32_t);
static void	 html_break(struct html_out *, int);
static const char *html_text(struct html_out *, const char *, const char *,
		    int);
static void	 html_run(struct html_out *, const char *, const char *, int);
static int	 html_elem_cmp(const void *, const void *);
static enum html_kind html_kind(const char *, size_t);
static int	 html_endtag_at(const char *, const char *, const char *,
		    size_t, int);
static const char *html_rawend(const char *, const char *, const char *,
		    size_t);
static const char *html_template_end(const char *, const char *);
static const char *html_tag(struct html_out *, const char *, const char *);

int
html_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int
html_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
html_isalnum(int c)
{
	return html_isalpha(c) || (c >= '0' && c <= '9');
}

/* Append to the output; a failure to grow is remembered in o->oom. */
static void
html_put(struct html_out *o, const char *s, size_t n)
{
	char	*tmp;
	size_t	 cap;

	if (o->oom)
		return;
	if (n > o->cap - o->len) {
		cap = o->cap;
		while (n > cap - o->len) {
			if (cap > SIZE_MAX / 2) {
				o->oom = 1;
				return;
			}
			cap *= 2;
		}
		if ((tmp = realloc(o->buf, cap)) == NULL) {
			o->oom = 1;
			return;
		}
		o->buf = tmp;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* A visible character: first the white space or tab pending before it. */
static void
html_emit(struct html_out *o, uint32_t cp)
{
	char	u[4];

	o->prenl = 0;
	if (o->len > o->bol) {
		if (o->tab)
			html_put(o, "\t", 1);
		else if (o->space && !(o->seg && utf8_is_cjk(o->last) &&
		    utf8_is_cjk(cp)))
			html_put(o, " ", 1);
	}
	o->space = o->seg = o->tab = 0;
	html_put(o, u, utf8_encode(cp, u));
	o->last = cp;
	o->nl = 0;
}

/* White space: kept in <pre>, else collapsed into what is pending. */
static void
html_ws(struct html_out *o, uint32_t cp)
{
	char	u[4];

	if (o->pre > 0) {
		if (cp == '\n') {
			if (!o->prenl)
				html_break(o, 1);
			o->prenl = 0;
			return;
		}
		o->prenl = 0;
		if (cp == 0xa0 || cp == '\f')
			cp = ' ';
		if (o->tab && o->len > o->bol)
			html_put(o, "\t", 1);
		o->space = o->seg = o->tab = 0;
		html_put(o, u, utf8_encode(cp, u));
		o->last = cp;
		if (cp != ' ' && cp != '\t')
			o->nl = 0;	/* blanks may yet be trimmed */
		return;
	}
	o->prenl = 0;
	if (o->len > o->bol) {
		o->space = 1;
		if (cp == '\n')
			o->seg = 1;
	}
}

/* A decoded code point, from the text or from a character reference. */
void
html_cp(struct html_out *o, uint32_t cp)
{
	if (cp == 0x2028 || cp == 0x2029)	/* line, paragraph separator */
		cp = '\n';
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\f' ||
	    cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
	    cp == 0x205f || cp == 0x3000)
		html_ws(o, cp);
	else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200b ||
	    cp == 0xfeff)
		return;		/* controls, zero width: not shown */
	else
		html_emit(o, cp);
}

/*
 * End the line: trailing blanks go, an empty line is dropped unless hard
 * (<br>, a newline in <pre>), and never more than one blank line.
 */
static void
html_break(struct html_out *o, int hard)
{
	while (o->len > o->bol && (o->buf[o->len - 1] == ' ' ||
	    o->buf[o->len - 1] == '\t'))
		o->len--;
	o->space = o->seg = o->tab = 0;
	if (o->len > o->bol) {
		html_put(o, "\n", 1);
		o->nl = 1;
	} else if (hard && o->len > 0 && o->nl < 2) {
		html_put(o, "\n", 1);
		o->nl++;
	}
	o->bol = o->len;
	o->last = 0;
}

/* Text up to the next '<' or '&' that flags make special. */
static const char *
html_text(struct html_out *o, const char *p, const char *end, int flags)
{
	unsigned char	c;
	uint32_t	cp;
	size_t		k;

	while (p < end) {
		c = (unsigned char)*p;
		if ((c == '<' && (flags & HT_TAGS)) ||
		    (c == '&' && (flags & HT_REFS)))
			break;
		if (c >= 0x80) {
			k = utf8_decode((const unsigned char *)p,
			    (size_t)(end - p), &cp);
			html_cp(o, cp);
			p += k;
			continue;
		}
		if (c == '\r') {
			if (p + 1 < end && p[1] == '\n') {
				p++;
				continue;
			}
			c = '\n';
		}
		html_cp(o, c);
		p++;
	}
	return p;
}

/* Text, references and (flags) tags in p[0..end). */
static void
html_run(struct html_out *o, const char *p, const char *end, int flags)
{
	while (p < end && !o->oom) {
		if (*p == '<' && (flags & HT_TAGS))
			p = html_tag(o, p, end);
		else if (*p == '&' && (flags & HT_REFS))
			p = html_ref(o, p, end);
		else
			p = html_text(o, p, end, flags);
	}
}

static int
html_elem_cmp(const void *a, const void *b)
{
	return strcmp(((const struct html_elem *)a)->name,
	    ((const struct html_elem *)b)->name);
}

static enum html_kind
html_kind(const char *s, size_t n)
{
	struct html_elem	 key;
	const struct html_elem	*e;
	char			 name[HTML_NAME_MAX + 1];
	size_t			 i;

	if (n == 0 || n > HTML_NAME_MAX)
		return HK_NONE;
	for (i = 0; i < n; i++)
		name[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) :
		    s[i];
	name[n] = '\0';
	key.name = name;
	e = bsearch(&key, html_elems, nitems(html_elems), sizeof(html_elems[0]),
	    html_elem_cmp);
	return e != NULL ? e->kind : HK_NONE;
}

/* 1 when p is "<name" (end: "</name") followed by a delimiter. */
static int
html_endtag_at(const char *p, const char *end, const char *name, size_t n,
    int close)
{
	size_t	off = close ? 2 : 1;

	if ((size_t)(end - p) <= off + n)
		return 0;
	if (close && p[1] != '/')
		return 0;
	if (strncasecmp(p + off, name, n) != 0)
		return 0;
	return html_isspace((unsigned char)p[off + n]) || p[off + n] == '/' ||
	    p[off + n] == '>';
}

/* Where raw text ends: at "</name", or at the end of the input. */
static const char *
html_rawend(const char *p, const char *end, const char *name, size_t n)
{
	const char	*q;

	while (p < end && (q = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (html_endtag_at(q, end, name, n, 1))
			return q;
		p = q + 1;
	}
	return end;
}

/* Where the <template> that p is inside ends; templates nest. */
static const char *
html_template_end(const char *p, const char *end)
{
	const char	*q;
	size_t		 depth = 1;

	while (p < end && (q = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (html_endtag_at(q, end, "template", 8, 1)) {
			if (--depth == 0)
				return q;
		} else if (html_endtag_at(q, end, "template", 8, 0))
			depth++;
		p = q + 1;
	}
	return end;
}

/* Past a comment at p ("<!--"); it runs to "-->" or "--!>", or to the
 * end of the input when unterminated.  "<!-->" and "<!--->" are empty. */
const char *
html_comment(const char *p, const char *end)
{
	const char	*q = p + 4;

	if (q < end && *q == '>')
		return q + 1;
	if (end - q >= 2 && q[0] == '-' && q[1] == '>')
		return q + 2;
	while (q < end && (q = memmem(q, (size_t)(end - q), "--", 2)) !=
	    NULL) {
		if (end - q >= 3 && q[2] == '>')
			return q + 3;
		if (end - q >= 4 && q[2] == '!' && q[3] == '>')
			return q + 4;
		q++;
	}
	return end;
}

/* Past "<!...>", "<?...>", "</...>" that are not tags, and CDATA. */
const char *
html_markup_decl(const char *p, const char *end)
{
	const char	*q;

	if (end - p >= 9 && strncmp(p, "<![CDATA[", 9) == 0 &&
	    (q = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3)) != NULL)
		return q + 3;
	if ((q = memchr(p + 1, '>', (size_t)(end - p - 1))) == NULL)
		return end;
	return q + 1;
}

/* A tag, comment or declaration at p ('<'); a '<' that starts none is
 * text. */
static const char *
html_tag(struct html_out *o, const char *p, const char *end)
{
	struct html_span	 name, val;
	const char		*q, *r, *tn;
	enum html_kind		 kind;
	size_t			 tl;
	unsigned int		 depth;
	int			 close = 0, st;

	if (end - p < 2) {
		html_cp(o, '<');
		return end;
	}
	if (p[1] == '!') {
		if (end - p >= 4 && p[2] == '-' && p[3] == '-')
			return html_comment(p, end);
		return html_markup_decl(p, end);
	}
	if (p[1] == '?')
		return html_markup_decl(p, end);
	if (p[1] == '/') {
		if (end - p < 3) {
			html_cp(o, '<');
			html_cp(o, '/');
			return end;
		}
		if (p[2] == '>')
			return p + 3;
		if (!html_isalpha((unsigned char)p[2]))
			return html_markup_decl(p, end);
		close = 1;
	} else if (!html_isalpha((unsigned char)p[1])) {
		html_cp(o, '<');
		return p + 1;
	}

	tn = q = p + 1 + close;
	while (q < end && !html_isspace((unsigned char)*q) && *q != '/' &&
	    *q != '>')
		q++;
	tl = (size_t)(q - tn);
	while ((st = html_attr_next(&q, end, &name, &val)) == 1)
		;
	if (st < 0)
		return end;	/* the input ends inside the tag */
	o->prenl = 0;
	kind = html_kind(tn, tl);

	if (close) {
		switch (kind) {
		case HK_BLOCK:
			html_break(o, 0);
			break;
		case HK_BR:
			html_break(o, 1);
			break;
		case HK_PRE:
			html_break(o, 0);
			if (o->pre > 0)
				o->pre--;
			break;
		default:
			break;
		}
		return q;
	}

	switch (kind) {
	case HK_BLOCK:
		html_break(o, 0);
		break;
	case HK_BR:
		html_break(o, 1);
		break;
	case HK_CELL:
		if (o->len > o->bol)
			o->tab = 1;
		break;
	case HK_PRE:
		html_break(o, 0);
		if (o->pre < UINT_MAX)
			o->pre++;
		o->prenl = 1;
		break;
	case HK_DROP:
		return html_rawend(q, end, tn, tl);
	case HK_TEMPLATE:
		return html_template_end(q, end);
	case HK_TEXTAREA:
	case HK_XMP:
	case HK_PLAINTEXT:
		r = kind == HK_PLAINTEXT ? end : html_rawend(q, end, tn, tl);
		html_break(o, 0);
		depth = o->pre;
		o->pre = 1;
		o->prenl = kind == HK_TEXTAREA;
		html_run(o, q, r, kind == HK_TEXTAREA ? HT_REFS : 0);
		o->pre = depth;
		html_break(o, 0);
		return r;
	default:
		break;
	}
	return q;
}

int
html_extract(const unsigned char *buf, size_t len, char **text,
    size_t *textlen, char *err, size_t errlen)
{
	struct html_out		 o;
	const unsigned char	*b = buf;
	const char		*cs = NULL, *s = NULL;
	char			*conv = NULL, *tmp;
	size_t			 n = len, slen;
	int			 known = 0, utf8 = 0, valid = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	*text = NULL;
	if (textlen != NULL)
		*textlen = 0;
	if (buf == NULL && len > 0) {
		errbuf_set(err, errlen, "no input");
		return -1;
	}

	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff))) {
		/* UTF-16 with a BOM: textdec knows it. */
		if ((conv = textdec_decode(b, n, &slen, NULL, err,
		    errlen)) == NULL)
			return -1;
	} else {
		if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
			b += 3;
			n -= 3;
			utf8 = 1;
			valid = textdec_is_utf8(b, n);
		} else {
			cs = html_prescan((const char *)b, n, &known);
			valid = textdec_is_utf8(b, n);
			/* Declared UTF-8, or valid UTF-8 whatever is declared
			 * (a stale declaration), or nothing declared. */
			utf8 = (known && cs == NULL) || valid;
			if (!known && !utf8)
				cs = "GB18030";
		}
		if (utf8 && valid) {
			s = (const char *)b;
			slen = n;
		} else if (utf8) {
			if ((conv = html_utf8_fix(b, n, &slen)) == NULL) {
				errbuf_set(err, errlen, "out of memory");
				return -1;
			}
		} else if ((conv = html_iconv(cs, b, n, &slen, err,
		    errlen)) == NULL)
			return -1;
	}
	if (conv != NULL)
		s = conv;

	memset(&o, 0, sizeof(o));
	o.cap = slen + 2;	/* the text is never longer than the input */
	if ((o.buf = malloc(o.cap)) == NULL) {
		free(conv);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	html_run(&o, s, s + slen, HT_TAGS | HT_REFS);
	html_break(&o, 0);
	if (o.nl == 2)
		o.len--;	/* no blank line at the end */
	html_put(&o, "", 1);
	free(conv);
	if (o.oom) {
		free(o.buf);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	o.len--;
	if (o.cap - o.len > 4096 && (tmp = realloc(o.buf, o.len + 1)) != NULL)
		o.buf = tmp;
	*text = o.buf;
	if (textlen != NULL)
		*textlen = o.len;
	return 0;
}
