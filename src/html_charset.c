/*
 * html_charset: the charset of an HTML page and its text as UTF-8, for
 * html.c.  Government sites publish GB2312 or UTF-8, rarely declared right.
 *
 * The charset: a BOM; then a <meta> (or <?xml?>) declaration within the
 * first HTML_PRESCAN bytes; then UTF-8 when the bytes are valid UTF-8,
 * else GB18030.  A page that declares GB2312 (or any other charset) but
 * whose bytes are valid UTF-8 is taken as UTF-8: pages saved by a crawler
 * are transcoded with the old <meta> left in, while GBK text that happens
 * to be valid UTF-8 does not last past a few characters.  Bytes that do
 * not decode become U+FFFD; the output is always valid UTF-8.
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
#include "html_impl.h"
#include "utf8.h"
#include "textdec.h"

/* Charset labels (WHATWG names) and what iconv calls them; NULL: UTF-8. */
static const struct html_charset {
	const char	*label;
	const char	*iconv;
} html_charsets[] = {
	{ "utf-8", NULL },		{ "utf8", NULL },
	{ "unicode-1-1-utf-8", NULL },	{ "utf-16", NULL },
	{ "utf-16le", NULL },		{ "utf-16be", NULL },
	{ "gb2312", "GB18030" },	{ "gbk", "GB18030" },
	{ "gb18030", "GB18030" },	{ "x-gbk", "GB18030" },
	{ "cp936", "GB18030" },		{ "windows-936", "GB18030" },
	{ "ms936", "GB18030" },		{ "chinese", "GB18030" },
	{ "csgb2312", "GB18030" },	{ "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" },	{ "iso-ir-58", "GB18030" },
	{ "csiso58gb231280", "GB18030" }, { "euc-cn", "GB18030" },
	{ "big5", "BIG5-HKSCS" },	{ "big5-hkscs", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" },	{ "csbig5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },	{ "iso-8859-1", "CP1252" },
	{ "iso8859-1", "CP1252" },	{ "latin1", "CP1252" },
	{ "l1", "CP1252" },		{ "us-ascii", "CP1252" },
	{ "ascii", "CP1252" },		{ "windows-1252", "CP1252" },
	{ "cp1252", "CP1252" },		{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },	{ "sjis", "CP932" },
	{ "windows-31j", "CP932" },	{ "euc-jp", "EUC-JP" },
	{ "euc-kr", "CP949" },		{ "ks_c_5601-1987", "CP949" },
};

static const char *html_charset_lookup(const char *, size_t, int *);
static const char *html_charset_content(const char *, size_t, int *);

/* A copy of buf with every byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD. */
char *
html_utf8_fix(const unsigned char *buf, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, j, k;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	if ((out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	for (i = j = 0; i < len; i += k) {
		if ((k = utf8_valid_len(buf + i, len - i)) == 0) {
			memcpy(out + j, "\xef\xbf\xbd", 3);
			j += 3;
			k = 1;
		} else {
			memcpy(out + j, buf + i, k);
			j += k;
		}
	}
	out[j] = '\0';
	*outlen = j;
	return out;
}

/*
 * Convert from charset cs with iconv; a byte iconv refuses becomes U+FFFD
 * and conversion goes on at the next byte, so that a broken character
 * never swallows the '<' after it.  iconv is given a window of the input
 * that starts small after a refused byte and doubles while the input
 * converts, so that input full of bad bytes costs no more per byte than
 * clean input (ASan checks the whole of what each call is given).
 */
char *
html_iconv(const char *cs, const unsigned char *in, size_t inlen,
    size_t *outlen, char *err, size_t errlen)
{
	iconv_t	 cd;
	char	*out = NULL, *tmp, *ip, *op;
	size_t	 cap, il, ol, done, win = HTML_WIN_MIN, w, wl, r;
	int	 grow = 0;

	if ((cd = iconv_open("UTF-8", cs)) == (iconv_t)-1) {
		errbuf_set(err, errlen, "cannot convert from %s: %s", cs,
		    strerror(errno));
		return NULL;
	}
	if (inlen > (SIZE_MAX - 64) / 2)
		goto nomem;
	cap = inlen + inlen / 2 + 64;
	if ((out = malloc(cap)) == NULL)
		goto nomem;
	ip = (char *)(uintptr_t)in;
	il = inlen;
	op = out;
	ol = cap - 1;
	while (il > 0) {
		/* The window must fit at 3 bytes a byte (CP1252 "\x80"). */
		if (grow || ol < 3 * HTML_WIN_MIN + 16) {
			grow = 0;
			done = (size_t)(op - out);
			if (cap > SIZE_MAX / 2 ||
			    (tmp = realloc(out, cap * 2)) == NULL)
				goto nomem;
			out = tmp;
			cap *= 2;
			op = out + done;
			ol = cap - 1 - done;
			continue;
		}
		w = il < win ? il : win;
		if (w > (ol - 16) / 3)
			w = (ol - 16) / 3;
		wl = w;
		r = iconv(cd, &ip, &wl, &op, &ol);
		il -= w - wl;
		if (r != (size_t)-1) {
			if (win < HTML_WIN_MAX)
				win *= 2;
			continue;
		}
		if (errno == E2BIG) {
			grow = 1;
			continue;
		}
		if (errno == EINVAL && w < il + (w - wl)) {
			/* Cut at the window's end, not the input's: the
			 * next window starts at the cut character. */
			if (win < HTML_WIN_MAX)
				win *= 2;
			continue;
		}
		if (errno != EILSEQ && errno != EINVAL) {
			errbuf_set(err, errlen, "cannot convert from %s: %s",
			    cs, strerror(errno));
			free(out);
			iconv_close(cd);
			return NULL;
		}
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		ol -= 3;
		ip++;
		il--;
		win = HTML_WIN_MIN;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;

nomem:
	free(out);
	iconv_close(cd);
	errbuf_set(err, errlen, "out of memory");
	return NULL;
}

/*
 * The next attribute of a tag; *pp is just after the tag name or the
 * previous attribute.  Returns 1 with name and value (value.p NULL when
 * there is none), 0 at the end of the tag (*pp after its '>'), -1 when
 * the input ends inside the tag.
 */
int
html_attr_next(const char **pp, const char *end, struct html_span *name,
    struct html_span *val)
{
	const char	*p = *pp, *q;

	while (p < end && (html_isspace((unsigned char)*p) || *p == '/'))
		p++;
	if (p >= end)
		return -1;
	if (*p == '>') {
		*pp = p + 1;
		return 0;
	}
	name->p = p++;
	while (p < end && !html_isspace((unsigned char)*p) && *p != '/' &&
	    *p != '>' && *p != '=')
		p++;
	name->n = (size_t)(p - name->p);
	while (p < end && html_isspace((unsigned char)*p))
		p++;
	val->p = NULL;
	val->n = 0;
	if (p < end && *p == '=') {
		p++;
		while (p < end && html_isspace((unsigned char)*p))
			p++;
		if (p >= end)
			return -1;
		if (*p == '"' || *p == '\'') {
			if ((q = memchr(p + 1, *p, (size_t)(end - p - 1))) ==
			    NULL)
				return -1;
			val->p = p + 1;
			val->n = (size_t)(q - p - 1);
			p = q + 1;
		} else {
			val->p = p;
			while (p < end && !html_isspace((unsigned char)*p) &&
			    *p != '>')
				p++;
			val->n = (size_t)(p - val->p);
		}
	}
	*pp = p;
	return 1;
}

/* The iconv name for a charset label (*known set), NULL for UTF-8. */
static const char *
html_charset_lookup(const char *s, size_t n, int *known)
{
	size_t	i;

	*known = 0;
	while (n > 0 && html_isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && html_isspace((unsigned char)s[n - 1]))
		n--;
	for (i = 0; i < nitems(html_charsets); i++)
		if (strlen(html_charsets[i].label) == n &&
		    strncasecmp(html_charsets[i].label, s, n) == 0) {
			*known = 1;
			return html_charsets[i].iconv;
		}
	return NULL;
}

/* The charset in a content="text/html; charset=gb2312" value. */
static const char *
html_charset_content(const char *s, size_t n, int *known)
{
	const char	*end = s + n, *v;
	size_t		 i;

	*known = 0;
	for (i = 0; i + 7 <= n; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		v = s + i + 7;
		while (v < end && html_isspace((unsigned char)*v))
			v++;
		if (v >= end || *v != '=')
			continue;
		v++;
		while (v < end && html_isspace((unsigned char)*v))
			v++;
		if (v < end && (*v == '"' || *v == '\''))
			v++;
		s = v;
		while (v < end && !html_isspace((unsigned char)*v) &&
		    *v != ';' && *v != '"' && *v != '\'')
			v++;
		return html_charset_lookup(s, (size_t)(v - s), known);
	}
	return NULL;
}

/*
 * Look for a charset declaration in the first HTML_PRESCAN bytes: <meta
 * charset>, <meta http-equiv=content-type content="...charset=...">, or
 * <?xml encoding?>.  Commented-out declarations do not count.  *known is
 * 1 when one was found; the result is its iconv name, NULL for UTF-8.
 */
const char *
html_prescan(const char *s, size_t len, int *known)
{
	const char		*p = s, *end, *q, *cs = NULL, *ccs;
	struct html_span	 name, val, content;
	int			 r, pragma, got, cgot;

	*known = 0;
	end = s + (len < HTML_PRESCAN ? len : HTML_PRESCAN);
	if (end - s >= 5 && strncmp(s, "<?xml", 5) == 0 &&
	    (q = memchr(s, '>', (size_t)(end - s))) != NULL) {
		p = s + 5;
		while ((r = html_attr_next(&p, q + 1, &name, &val)) == 1)
			if (name.n == 8 && strncasecmp(name.p, "encoding",
			    8) == 0 && val.p != NULL) {
				cs = html_charset_lookup(val.p, val.n, known);
				if (*known)
					return cs;
			}
		p = q + 1;
	}
	while (p < end && (q = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p = q;
		if (end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
			p = html_comment(p, end);
			continue;
		}
		if (end - p >= 6 && strncasecmp(p, "<meta", 5) == 0 &&
		    (html_isspace((unsigned char)p[5]) || p[5] == '/')) {
			p += 5;
			pragma = got = cgot = 0;
			content.p = NULL;
			content.n = 0;
			while ((r = html_attr_next(&p, end, &name, &val)) ==
			    1) {
				if (val.p == NULL)
					continue;
				if (name.n == 7 && strncasecmp(name.p,
				    "charset", 7) == 0 && !got) {
					cs = html_charset_lookup(val.p, val.n,
					    &got);
				} else if (name.n == 10 && strncasecmp(name.p,
				    "http-equiv", 10) == 0 && val.n == 12 &&
				    strncasecmp(val.p, "content-type", 12) == 0)
					pragma = 1;
				else if (name.n == 7 && strncasecmp(name.p,
				    "content", 7) == 0)
					content = val;
			}
			if (got) {
				*known = 1;
				return cs;
			}
			if (pragma && content.p != NULL) {
				ccs = html_charset_content(content.p,
				    content.n, &cgot);
				if (cgot) {
					*known = 1;
					return ccs;
				}
			}
			if (r < 0)
				break;
			continue;
		}
		if (end - p >= 2 && (html_isalpha((unsigned char)p[1]) ||
		    (p[1] == '/' && end - p >= 3 &&
		    html_isalpha((unsigned char)p[2])))) {
			p += 2;
			while (p < end && !html_isspace((unsigned char)*p) &&
			    *p != '>')
				p++;
			while ((r = html_attr_next(&p, end, &name, &val)) == 1)
				;
			if (r < 0)
				break;
			continue;
		}
		if (end - p >= 2 && (p[1] == '!' || p[1] == '/' ||
		    p[1] == '?')) {
			p = html_markup_decl(p, end);
			continue;
		}
		p++;
	}
	return NULL;
}
