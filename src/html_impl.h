/*
 * html_impl: what the parts of the HTML reader share — the limits, the
 * output being built (struct html_out) and the functions one part calls in
 * another.  html.c tokenizes the page and lays out its text,
 * html_charset.c finds the charset and decodes the bytes to UTF-8,
 * html_ref.c resolves character references.  Internal to html*.c.
 */
#ifndef DOCKET_HTML_IMPL_H
#define DOCKET_HTML_IMPL_H

#include <stddef.h>
#include <stdint.h>

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

/* html.c */
int		 html_isspace(int);
int		 html_isalpha(int);
int		 html_isalnum(int);
void		 html_cp(struct html_out *, uint32_t);
const char	*html_comment(const char *, const char *);
const char	*html_markup_decl(const char *, const char *);

/* html_charset.c */
char		*html_utf8_fix(const unsigned char *, size_t, size_t *);
char		*html_iconv(const char *, const unsigned char *, size_t,
		    size_t *, char *, size_t);
int		 html_attr_next(const char **, const char *,
		    struct html_span *, struct html_span *);
const char	*html_prescan(const char *, size_t, int *);

/* html_ref.c */
const char	*html_ref(struct html_out *, const char *, const char *);

#endif
