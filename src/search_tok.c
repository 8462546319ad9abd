/*
 * search_tok: the tokenizer of the full-text index (search_tok.h): CJK
 * unigrams and bigrams at shared positions, ASCII words, the rest
 * separators.  Pure: no allocation, no state beyond the call.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "search_tok.h"
#include "utf8.h"

enum tk_class {
	TK_SEP,
	TK_HAN,		/* ideographs, kana: one character, one term */
	TK_WORD		/* ASCII letter or digit (full-width folded) */
};

static enum tk_class
tk_class(uint32_t cp, char *fold)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			*fold = (char)(cp - 'A' + 'a');
			return TK_WORD;
		}
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			*fold = (char)cp;
			return TK_WORD;
		}
		return TK_SEP;
	}
	if (cp >= 0xff10 && cp <= 0xff19) {	/* ０-９ */
		*fold = (char)(cp - 0xff10 + '0');
		return TK_WORD;
	}
	if (cp >= 0xff21 && cp <= 0xff3a) {	/* Ａ-Ｚ */
		*fold = (char)(cp - 0xff21 + 'a');
		return TK_WORD;
	}
	if (cp >= 0xff41 && cp <= 0xff5a) {	/* ａ-ｚ */
		*fold = (char)(cp - 0xff41 + 'a');
		return TK_WORD;
	}
	if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3fffd) ||
	    (cp >= 0x3041 && cp <= 0x30ff && cp != 0x30fb) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || cp == 0x3007 /* 〇 */)
		return TK_HAN;
	return TK_SEP;
}

/* The class of the character at s[i], its length and its ASCII fold. */
static enum tk_class
tk_at(const char *s, size_t n, size_t i, size_t *clen, char *fold)
{
	uint32_t	cp;

	*clen = utf8_decode((const unsigned char *)s + i, n - i, &cp);
	return tk_class(cp, fold);
}

/* Whether anything indexable follows at or after i. */
static int
tk_more(const char *s, size_t n, size_t i)
{
	size_t	clen;
	char	f;

	while (i < n) {
		if (tk_at(s, n, i, &clen, &f) != TK_SEP)
			return 1;
		i += clen;
	}
	return 0;
}

/* A run of CJK remembers its last characters' offsets, for docnos. */
#define TK_CODE		8	/* issuer code characters kept */

/* Skip blanks (ASCII and U+3000) at i. */
static size_t
tk_blanks(const char *s, size_t n, size_t i)
{
	for (;;) {
		if (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		else if (i + 3 <= n && memcmp(s + i, "\xe3\x80\x80", 3) == 0)
			i += 3;
		else
			return i;
	}
}

/* The bracket at i (any of 〔[【(（ or their closings): its length. */
static size_t
tk_bracket(const char *s, size_t n, size_t i, int open)
{
	static const char *const o[] = { "\xe3\x80\x94", "[", "\xe3\x80\x90",
	    "(", "\xef\xbc\x88", "\xe3\x80\x94", NULL };
	static const char *const c[] = { "\xe3\x80\x95", "]", "\xe3\x80\x91",
	    ")", "\xef\xbc\x89", NULL };
	const char *const	*b = open ? o : c;
	size_t			 k, l;

	for (k = 0; b[k] != NULL; k++) {
		l = strlen(b[k]);
		if (i + l <= n && memcmp(s + i, b[k], l) == 0)
			return l;
	}
	return 0;
}

/* Digits (ASCII or full-width) at *i, at most max, folded into out. */
static size_t
tk_digits(const char *s, size_t n, size_t *i, char *out, size_t max)
{
	size_t	k = 0, clen;
	char	f;

	while (*i < n && k < max && tk_at(s, n, *i, &clen, &f) == TK_WORD &&
	    f >= '0' && f <= '9') {
		out[k++] = f;
		*i += clen;
	}
	return k;
}

/*
 * The year and number of a docno's tail at i: 〔2015〕1号 in any bracket,
 * blanks allowed.  Writes "〔2015〕1号" into out and returns the offset
 * after 号, or 0.
 */
static size_t
tk_docno_tail(const char *s, size_t n, size_t i, char *out, size_t *olen)
{
	char	y[4], num[6], f;
	size_t	l, ny, nn;

	i = tk_blanks(s, n, i);
	if ((l = tk_bracket(s, n, i, 1)) == 0)
		return 0;
	i = tk_blanks(s, n, i + l);
	if ((ny = tk_digits(s, n, &i, y, 4)) != 4)
		return 0;
	i = tk_blanks(s, n, i);
	if ((l = tk_bracket(s, n, i, 0)) == 0)
		return 0;
	i = tk_blanks(s, n, i + l);
	if ((nn = tk_digits(s, n, &i, num, 5)) == 0 || (i < n &&
	    tk_at(s, n, i, &l, &f) == TK_WORD))
		return 0;
	i = tk_blanks(s, n, i);
	if (i + 3 > n || memcmp(s + i, "\xe5\x8f\xb7", 3) != 0)	/* 号 */
		return 0;
	*olen = (size_t)snprintf(out, 32, "\xe3\x80\x94%.4s\xe3\x80\x95%.*s"
	    "\xe5\x8f\xb7", y, (int)nn, num);
	return i + 3;
}

/*
 * The docno tokens of a run of CJK that ends at `end` (its last
 * characters start at code[], oldest first): when a docno's tail follows,
 * one token per suffix of the run (财〔2015〕1号, 测财〔2015〕1号, …), since
 * where the issuer's code begins in running text is not known.  A query
 * that is a whole docno is the one token of its whole code.
 */
static int
tk_docno(const char *s, size_t n, const size_t *code, size_t ncode,
    size_t end, search_tok_cb cb, void *arg)
{
	char	tail[32], tok[SEARCH_TOK_MAX];
	size_t	tl, k, cl, after;
	int	rc;

	if ((after = tk_docno_tail(s, n, end, tail, &tl)) == 0)
		return 0;
	for (k = ncode; k-- > 0; ) {
		cl = end - code[k];
		if (cl + tl > sizeof(tok))
			break;
		memcpy(tok, s + code[k], cl);
		memcpy(tok + cl, tail, tl);
		if ((rc = cb(arg, 1, tok, cl + tl, code[k], after)) != 0)
			return rc;
	}
	return 0;
}

/* A query that is one docno and nothing else: its token. */
static int
tk_docno_query(const char *s, size_t n, search_tok_cb cb, void *arg,
    int *done)
{
	char	tail[32], tok[SEARCH_TOK_MAX], f;
	size_t	i, start, clen, nc = 0, tl, after;

	*done = 0;
	i = start = tk_blanks(s, n, 0);
	while (i < n && tk_at(s, n, i, &clen, &f) == TK_HAN) {
		i += clen;
		nc++;
	}
	if (nc == 0 || nc > TK_CODE ||
	    (after = tk_docno_tail(s, n, i, tail, &tl)) == 0 ||
	    tk_blanks(s, n, after) != n || i - start + tl > sizeof(tok))
		return 0;
	memcpy(tok, s + start, i - start);
	memcpy(tok + (i - start), tail, tl);
	*done = 1;
	return cb(arg, 0, tok, i - start + tl, start, after);
}

int
search_tok_han(const char *s, size_t n)
{
	size_t	i, clen;
	char	f;

	for (i = 0; i < n; i += clen)
		if (tk_at(s, n, i, &clen, &f) != TK_HAN)
			return 0;
	return n > 0;
}

/* The word at *i (ASCII letters and digits, full-width folded), moving *i
 * past it: cb's answer. */
static int
tk_word(const char *s, size_t n, size_t *i, search_tok_cb cb, void *arg)
{
	char	word[SEARCH_TOK_MAX], f;
	size_t	start = *i, wl = 0, clen;

	while (*i < n && tk_at(s, n, *i, &clen, &f) == TK_WORD) {
		if (wl < sizeof(word))
			word[wl++] = f;
		*i += clen;
	}
	return cb(arg, 0, word, wl, start, *i);
}

int
search_tok_words(const char *s, size_t n, search_tok_cb cb, void *arg)
{
	size_t	i = 0, clen;
	char	f;
	int	rc;

	while (i < n) {
		/* Plain ASCII that is no word: skipped without decoding. */
		if ((unsigned char)s[i] < 0x80 && !(s[i] >= '0' && s[i] <= '9')
		    && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) {
			i++;
			continue;
		}
		/* A three-byte character below U+F000 is never a word. */
		if ((unsigned char)s[i] >= 0xe0 && (unsigned char)s[i] <= 0xee
		    && i + 2 < n && ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		if (tk_at(s, n, i, &clen, &f) == TK_WORD) {
			if ((rc = tk_word(s, n, &i, cb, arg)) != 0)
				return rc;
		} else
			i += clen;
	}
	return 0;
}

int
search_tokenize(const char *s, size_t n, int query, search_tok_cb cb,
    void *arg)
{
	char		 f;
	size_t		 i = 0, clen, c1, c2, l1, l2;
	size_t		 code[TK_CODE], ncode;
	enum tk_class	 k;
	int		 rc, done;

	if (query && (rc = tk_docno_query(s, n, cb, arg, &done)) != 0)
		return rc;
	if (query && done)
		return 0;
	while (i < n) {
		k = tk_at(s, n, i, &clen, &f);
		if (k == TK_SEP) {
			i += clen;
			continue;
		}
		if (k == TK_WORD) {
			if ((rc = tk_word(s, n, &i, cb, arg)) != 0)
				return rc;
			continue;
		}
		/* A run of CJK: the character at c1 (l1 bytes) and the one
		 * after it at c2 (l2 bytes, 0 at the end of the run). */
		c1 = i;
		l1 = clen;
		ncode = 0;
		for (;;) {
			if (ncode == TK_CODE) {
				memmove(code, code + 1, sizeof(code[0]) *
				    (TK_CODE - 1));
				ncode--;
			}
			code[ncode++] = c1;
			c2 = c1 + l1;
			l2 = 0;
			if (c2 < n && tk_at(s, n, c2, &l2, &f) != TK_HAN)
				l2 = 0;
			if (l2 > 0) {
				if ((rc = cb(arg, 0, s + c1, l1 + l2, c1,
				    c2 + l2)) != 0)
					return rc;
				if (!query && (rc = cb(arg, 1, s + c1, l1, c1,
				    c2)) != 0)
					return rc;
			} else {
				/* The run's last character: alone in the
				 * text; in a query only a one-character run
				 * or a phrase that goes on needs it. */
				if (!query || c1 == i || tk_more(s, n, c2))
					if ((rc = cb(arg, 0, s + c1, l1, c1,
					    c2)) != 0)
						return rc;
				if (!query && (rc = tk_docno(s, n, code, ncode,
				    c2, cb, arg)) != 0)
					return rc;
				break;
			}
			c1 = c2;
			l1 = l2;
		}
		i = c2;
	}
	return 0;
}
