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
#include "html.h"
#include "utf8.h"
#include "textdec.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Bytes searched for a <meta> charset declaration. */
#define HTML_PRESCAN	65536
/* Longest tag name that means anything here (figcaption, blockquote). */
#define HTML_NAME_MAX	15
/* Longest entity name looked at (HTML4's longest is 8). */
#define HTML_REF_MAX	32

/* The window of input given to iconv at a time (see html_iconv). */
#define HTML_WIN_MIN	64
#define HTML_WIN_MAX	65536

/* Text scanning: stop at '<' for a tag, at '&' for a reference. */
#define HT_TAGS		0x1
#define HT_REFS		0x2

struct html_out {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	size_t		 bol;		/* offset where the line starts */
	unsigned int	 nl;		/* newlines that end buf */
	uint32_t	 last;		/* last code point on the line */
	int		 space;		/* collapsed white space pending */
	int		 seg;		/* ... with a line break in it */
	int		 tab;		/* a cell boundary pending */
	int		 prenl;		/* drop a newline right after <pre> */
	int		 oom;
	unsigned int	 pre;		/* <pre> depth */
};

struct html_span {
	const char	*p;
	size_t		 n;
};

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

/* The HTML 4 entities, &apos; and HTML5's upper-case spellings; legacy
 * ones are recognised without the semicolon too.  Sorted (strcmp). */
static const struct html_ref {
	const char	*name;
	uint32_t	 cp;
	int		 legacy;
} html_refs[] = {
	{ "AElig", 0x00c6, 1 }, { "AMP", 0x0026, 1 },
	{ "Aacute", 0x00c1, 1 }, { "Acirc", 0x00c2, 1 },
	{ "Agrave", 0x00c0, 1 }, { "Alpha", 0x0391, 0 },
	{ "Aring", 0x00c5, 1 }, { "Atilde", 0x00c3, 1 },
	{ "Auml", 0x00c4, 1 }, { "Beta", 0x0392, 0 }, { "COPY", 0x00a9, 1 },
	{ "Ccedil", 0x00c7, 1 }, { "Chi", 0x03a7, 0 },
	{ "Dagger", 0x2021, 0 }, { "Delta", 0x0394, 0 },
	{ "ETH", 0x00d0, 1 }, { "Eacute", 0x00c9, 1 },
	{ "Ecirc", 0x00ca, 1 }, { "Egrave", 0x00c8, 1 },
	{ "Epsilon", 0x0395, 0 }, { "Eta", 0x0397, 0 },
	{ "Euml", 0x00cb, 1 }, { "GT", 0x003e, 1 }, { "Gamma", 0x0393, 0 },
	{ "Iacute", 0x00cd, 1 }, { "Icirc", 0x00ce, 1 },
	{ "Igrave", 0x00cc, 1 }, { "Iota", 0x0399, 0 },
	{ "Iuml", 0x00cf, 1 }, { "Kappa", 0x039a, 0 }, { "LT", 0x003c, 1 },
	{ "Lambda", 0x039b, 0 }, { "Mu", 0x039c, 0 },
	{ "Ntilde", 0x00d1, 1 }, { "Nu", 0x039d, 0 }, { "OElig", 0x0152, 0 },
	{ "Oacute", 0x00d3, 1 }, { "Ocirc", 0x00d4, 1 },
	{ "Ograve", 0x00d2, 1 }, { "Omega", 0x03a9, 0 },
	{ "Omicron", 0x039f, 0 }, { "Oslash", 0x00d8, 1 },
	{ "Otilde", 0x00d5, 1 }, { "Ouml", 0x00d6, 1 }, { "Phi", 0x03a6, 0 },
	{ "Pi", 0x03a0, 0 }, { "Prime", 0x2033, 0 }, { "Psi", 0x03a8, 0 },
	{ "QUOT", 0x0022, 1 }, { "REG", 0x00ae, 1 }, { "Rho", 0x03a1, 0 },
	{ "Scaron", 0x0160, 0 }, { "Sigma", 0x03a3, 0 },
	{ "THORN", 0x00de, 1 }, { "Tau", 0x03a4, 0 }, { "Theta", 0x0398, 0 },
	{ "Uacute", 0x00da, 1 }, { "Ucirc", 0x00db, 1 },
	{ "Ugrave", 0x00d9, 1 }, { "Upsilon", 0x03a5, 0 },
	{ "Uuml", 0x00dc, 1 }, { "Xi", 0x039e, 0 }, { "Yacute", 0x00dd, 1 },
	{ "Yuml", 0x0178, 0 }, { "Zeta", 0x0396, 0 },
	{ "aacute", 0x00e1, 1 }, { "acirc", 0x00e2, 1 },
	{ "acute", 0x00b4, 1 }, { "aelig", 0x00e6, 1 },
	{ "agrave", 0x00e0, 1 }, { "alefsym", 0x2135, 0 },
	{ "alpha", 0x03b1, 0 }, { "amp", 0x0026, 1 }, { "and", 0x2227, 0 },
	{ "ang", 0x2220, 0 }, { "apos", 0x0027, 0 }, { "aring", 0x00e5, 1 },
	{ "asymp", 0x2248, 0 }, { "atilde", 0x00e3, 1 },
	{ "auml", 0x00e4, 1 }, { "bdquo", 0x201e, 0 }, { "beta", 0x03b2, 0 },
	{ "brvbar", 0x00a6, 1 }, { "bull", 0x2022, 0 }, { "cap", 0x2229, 0 },
	{ "ccedil", 0x00e7, 1 }, { "cedil", 0x00b8, 1 },
	{ "cent", 0x00a2, 1 }, { "chi", 0x03c7, 0 }, { "circ", 0x02c6, 0 },
	{ "clubs", 0x2663, 0 }, { "cong", 0x2245, 0 }, { "copy", 0x00a9, 1 },
	{ "crarr", 0x21b5, 0 }, { "cup", 0x222a, 0 },
	{ "curren", 0x00a4, 1 }, { "dArr", 0x21d3, 0 },
	{ "dagger", 0x2020, 0 }, { "darr", 0x2193, 0 }, { "deg", 0x00b0, 1 },
	{ "delta", 0x03b4, 0 }, { "diams", 0x2666, 0 },
	{ "divide", 0x00f7, 1 }, { "eacute", 0x00e9, 1 },
	{ "ecirc", 0x00ea, 1 }, { "egrave", 0x00e8, 1 },
	{ "empty", 0x2205, 0 }, { "emsp", 0x2003, 0 }, { "ensp", 0x2002, 0 },
	{ "epsilon", 0x03b5, 0 }, { "equiv", 0x2261, 0 },
	{ "eta", 0x03b7, 0 }, { "eth", 0x00f0, 1 }, { "euml", 0x00eb, 1 },
	{ "euro", 0x20ac, 0 }, { "exist", 0x2203, 0 }, { "fnof", 0x0192, 0 },
	{ "forall", 0x2200, 0 }, { "frac12", 0x00bd, 1 },
	{ "frac14", 0x00bc, 1 }, { "frac34", 0x00be, 1 },
	{ "frasl", 0x2044, 0 }, { "gamma", 0x03b3, 0 }, { "ge", 0x2265, 0 },
	{ "gt", 0x003e, 1 }, { "hArr", 0x21d4, 0 }, { "harr", 0x2194, 0 },
	{ "hearts", 0x2665, 0 }, { "hellip", 0x2026, 0 },
	{ "iacute", 0x00ed, 1 }, { "icirc", 0x00ee, 1 },
	{ "iexcl", 0x00a1, 1 }, { "igrave", 0x00ec, 1 },
	{ "image", 0x2111, 0 }, { "infin", 0x221e, 0 }, { "int", 0x222b, 0 },
	{ "iota", 0x03b9, 0 }, { "iquest", 0x00bf, 1 },
	{ "isin", 0x2208, 0 }, { "iuml", 0x00ef, 1 }, { "kappa", 0x03ba, 0 },
	{ "lArr", 0x21d0, 0 }, { "lambda", 0x03bb, 0 },
	{ "lang", 0x2329, 0 }, { "laquo", 0x00ab, 1 }, { "larr", 0x2190, 0 },
	{ "lceil", 0x2308, 0 }, { "ldquo", 0x201c, 0 }, { "le", 0x2264, 0 },
	{ "lfloor", 0x230a, 0 }, { "lowast", 0x2217, 0 },
	{ "loz", 0x25ca, 0 }, { "lrm", 0x200e, 0 }, { "lsaquo", 0x2039, 0 },
	{ "lsquo", 0x2018, 0 }, { "lt", 0x003c, 1 }, { "macr", 0x00af, 1 },
	{ "mdash", 0x2014, 0 }, { "micro", 0x00b5, 1 },
	{ "middot", 0x00b7, 1 }, { "minus", 0x2212, 0 }, { "mu", 0x03bc, 0 },
	{ "nabla", 0x2207, 0 }, { "nbsp", 0x00a0, 1 },
	{ "ndash", 0x2013, 0 }, { "ne", 0x2260, 0 }, { "ni", 0x220b, 0 },
	{ "not", 0x00ac, 1 }, { "notin", 0x2209, 0 }, { "nsub", 0x2284, 0 },
	{ "ntilde", 0x00f1, 1 }, { "nu", 0x03bd, 0 },
	{ "oacute", 0x00f3, 1 }, { "ocirc", 0x00f4, 1 },
	{ "oelig", 0x0153, 0 }, { "ograve", 0x00f2, 1 },
	{ "oline", 0x203e, 0 }, { "omega", 0x03c9, 0 },
	{ "omicron", 0x03bf, 0 }, { "oplus", 0x2295, 0 },
	{ "or", 0x2228, 0 }, { "ordf", 0x00aa, 1 }, { "ordm", 0x00ba, 1 },
	{ "oslash", 0x00f8, 1 }, { "otilde", 0x00f5, 1 },
	{ "otimes", 0x2297, 0 }, { "ouml", 0x00f6, 1 },
	{ "para", 0x00b6, 1 }, { "part", 0x2202, 0 },
	{ "permil", 0x2030, 0 }, { "perp", 0x22a5, 0 }, { "phi", 0x03c6, 0 },
	{ "pi", 0x03c0, 0 }, { "piv", 0x03d6, 0 }, { "plusmn", 0x00b1, 1 },
	{ "pound", 0x00a3, 1 }, { "prime", 0x2032, 0 },
	{ "prod", 0x220f, 0 }, { "prop", 0x221d, 0 }, { "psi", 0x03c8, 0 },
	{ "quot", 0x0022, 1 }, { "rArr", 0x21d2, 0 }, { "radic", 0x221a, 0 },
	{ "rang", 0x232a, 0 }, { "raquo", 0x00bb, 1 }, { "rarr", 0x2192, 0 },
	{ "rceil", 0x2309, 0 }, { "rdquo", 0x201d, 0 },
	{ "real", 0x211c, 0 }, { "reg", 0x00ae, 1 }, { "rfloor", 0x230b, 0 },
	{ "rho", 0x03c1, 0 }, { "rlm", 0x200f, 0 }, { "rsaquo", 0x203a, 0 },
	{ "rsquo", 0x2019, 0 }, { "sbquo", 0x201a, 0 },
	{ "scaron", 0x0161, 0 }, { "sdot", 0x22c5, 0 },
	{ "sect", 0x00a7, 1 }, { "shy", 0x00ad, 1 }, { "sigma", 0x03c3, 0 },
	{ "sigmaf", 0x03c2, 0 }, { "sim", 0x223c, 0 },
	{ "spades", 0x2660, 0 }, { "sub", 0x2282, 0 }, { "sube", 0x2286, 0 },
	{ "sum", 0x2211, 0 }, { "sup", 0x2283, 0 }, { "sup1", 0x00b9, 1 },
	{ "sup2", 0x00b2, 1 }, { "sup3", 0x00b3, 1 }, { "supe", 0x2287, 0 },
	{ "szlig", 0x00df, 1 }, { "tau", 0x03c4, 0 },
	{ "there4", 0x2234, 0 }, { "theta", 0x03b8, 0 },
	{ "thetasym", 0x03d1, 0 }, { "thinsp", 0x2009, 0 },
	{ "thorn", 0x00fe, 1 }, { "tilde", 0x02dc, 0 },
	{ "times", 0x00d7, 1 }, { "trade", 0x2122, 0 },
	{ "uArr", 0x21d1, 0 }, { "uacute", 0x00fa, 1 },
	{ "uarr", 0x2191, 0 }, { "ucirc", 0x00fb, 1 },
	{ "ugrave", 0x00f9, 1 }, { "uml", 0x00a8, 1 },
	{ "upsih", 0x03d2, 0 }, { "upsilon", 0x03c5, 0 },
	{ "uuml", 0x00fc, 1 }, { "weierp", 0x2118, 0 }, { "xi", 0x03be, 0 },
	{ "yacute", 0x00fd, 1 }, { "yen", 0x00a5, 1 }, { "yuml", 0x00ff, 1 },
	{ "zeta", 0x03b6, 0 }, { "zwj", 0x200d, 0 }, { "zwnj", 0x200c, 0 },
};

/* &#128; to &#159; mean windows-1252 (HTML5); 0 is left a C1 control. */
static const uint16_t html_c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

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

static int	 html_isspace(int);
static int	 html_isalpha(int);
static int	 html_isalnum(int);
static char	*html_utf8_fix(const unsigned char *, size_t, size_t *);
static char	*html_iconv(const char *, const unsigned char *, size_t,
		    size_t *, char *, size_t);
static int	 html_attr_next(const char **, const char *,
		    struct html_span *, struct html_span *);
static const char *html_charset_lookup(const char *, size_t, int *);
static const char *html_charset_content(const char *, size_t, int *);
static const char *html_prescan(const char *, size_t, int *);
static void	 html_put(struct html_out *, const char *, size_t);
static void	 html_emit(struct html_out *, uint32_t);
static void	 html_ws(struct html_out *, uint32_t);
static void	 html_cp(struct html_out *, uint32_t);
static void	 html_break(struct html_out *, int);
static const char *html_text(struct html_out *, const char *, const char *,
		    int);
static const char *html_ref(struct html_out *, const char *, const char *);
static void	 html_run(struct html_out *, const char *, const char *, int);
static int	 html_elem_cmp(const void *, const void *);
static int	 html_ref_cmp(const void *, const void *);
static enum html_kind html_kind(const char *, size_t);
static int	 html_endtag_at(const char *, const char *, const char *,
		    size_t, int);
static const char *html_rawend(const char *, const char *, const char *,
		    size_t);
static const char *html_template_end(const char *, const char *);
static const char *html_comment(const char *, const char *);
static const char *html_markup_decl(const char *, const char *);
static const char *html_tag(struct html_out *, const char *, const char *);

static int
html_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
html_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
html_isalnum(int c)
{
	return html_isalpha(c) || (c >= '0' && c <= '9');
}

/* A copy of buf with every byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD. */
static char *
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
static char *
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
static int
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
static const char *
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
static void
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

/* A character reference at p ('&'); an '&' that starts none is text. */
static const char *
html_ref(struct html_out *o, const char *p, const char *end)
{
	const char		*q = p + 1, *s;
	struct html_ref		 key;
	const struct html_ref	*r;
	char			 name[HTML_REF_MAX + 1];
	uint32_t		 cp = 0;
	size_t			 n, k;
	int			 hex = 0, d;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		for (s = q; q < end; q++) {
			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else if (hex && *q >= 'A' && *q <= 'F')
				d = *q - 'A' + 10;
			else
				break;
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (q == s) {
			html_cp(o, '&');
			return p + 1;
		}
		if (q < end && *q == ';')
			q++;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		else if (cp >= 0x80 && cp <= 0x9f && html_c1[cp - 0x80] != 0)
			cp = html_c1[cp - 0x80];
		else if (cp == '\r')
			cp = '\n';
		html_cp(o, cp);
		return q;
	}

	for (n = 0; q + n < end && n <= HTML_REF_MAX &&
	    html_isalnum((unsigned char)q[n]); n++)
		;
	if (n == 0 || n > HTML_REF_MAX) {
		html_cp(o, '&');
		return p + 1;
	}
	memcpy(name, q, n);
	name[n] = '\0';
	key.name = name;
	if (q + n < end && q[n] == ';' && (r = bsearch(&key, html_refs,
	    nitems(html_refs), sizeof(html_refs[0]), html_ref_cmp)) != NULL) {
		html_cp(o, r->cp);
		return q + n + 1;
	}
	/* Legacy names need no ';' and match as a prefix: &copy2024. */
	for (k = n < 6 ? n : 6; k >= 2; k--) {
		name[k] = '\0';
		r = bsearch(&key, html_refs, nitems(html_refs),
		    sizeof(html_refs[0]), html_ref_cmp);
		if (r != NULL && r->legacy) {
			html_cp(o, r->cp);
			return q + k;
		}
	}
	html_cp(o, '&');
	return p + 1;
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

static int
html_ref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct html_ref *)a)->name,
	    ((const struct html_ref *)b)->name);
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
static const char *
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
static const char *
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
