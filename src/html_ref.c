/*
 * html_ref: character references in HTML text, for html.c: numeric ones
 * (&#8212; &#x2014;, with HTML5's windows-1252 reading of &#128; to
 * &#159; and U+FFFD for what is no character) and the named ones of
 * HTML 4, legacy names also without their semicolon (&copy2024).  An '&'
 * that starts no reference is text.
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

static int	 html_ref_cmp(const void *, const void *);

/* A character reference at p ('&'); an '&' that starts none is text. */
const char *
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

static int
html_ref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct html_ref *)a)->name,
	    ((const struct html_ref *)b)->name);
}
