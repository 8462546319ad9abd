/*
 * textdec: turn the bytes of a plain-text document into clean UTF-8.
 * Drafting systems in government offices still save GB18030 (GBK) and
 * Windows editors save UTF-16 with a BOM, so the encoding is decided from
 * the BOM first and then by whether the bytes are valid UTF-8; anything
 * else is taken as GB18030 through glibc's iconv.  Line ends come out as
 * LF.  NUL bytes mean the file is not text, and the caller is told why in
 * one line so that it can quarantine the file with a reason.
 */

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "textdec.h"
#include "utf8.h"

static size_t	 textdec_utf8_bad(const unsigned char *, size_t);
static char	*textdec_iconv(const char *, const unsigned char *, size_t,
		    size_t *, size_t *);
static size_t	 textdec_fix_eol(char *, size_t);
static const void *textdec_nul(const void *, size_t);

/*
 * Offset of the first byte that does not start a valid UTF-8 sequence,
 * or len when all of buf is valid.  Overlong forms, surrogates and code
 * points above U+10FFFF are invalid.
 */
static size_t
textdec_utf8_bad(const unsigned char *buf, size_t len)
{
	return utf8_valid_prefix(buf, len);
}

int
textdec_is_utf8(const unsigned char *buf, size_t len)
{
	if (buf == NULL)
		return len == 0;
	return textdec_utf8_bad(buf, len) == len;
}

static const void *
textdec_nul(const void *buf, size_t len)
{
	return len > 0 ? memchr(buf, '\0', len) : NULL;
}

/*
 * Convert with iconv into a growing buffer.  Returns NULL with errno set;
 * on a conversion error *badoff is the input offset iconv stopped at.
 */
static char *
textdec_iconv(const char *from, const unsigned char *in, size_t inlen,
    size_t *outlen, size_t *badoff)
{
	iconv_t	 cd;
	char	*out, *tmp, *ip, *op;
	size_t	 cap, il, ol, done;
	int	 saved;

	*badoff = 0;
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return NULL;
	/* Neither GB18030 nor UTF-16 grows by more than half in UTF-8. */
	if (inlen > (SIZE_MAX - 16) / 2) {
		iconv_close(cd);
		errno = ENOMEM;
		return NULL;
	}
	cap = inlen + inlen / 2 + 16;
	if ((out = malloc(cap)) == NULL) {
		saved = errno;
		iconv_close(cd);
		errno = saved;
		return NULL;
	}
	ip = (char *)(uintptr_t)in;
	il = inlen;
	op = out;
	ol = cap - 1;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno != E2BIG) {
			saved = errno;
			*badoff = (size_t)(ip - (char *)(uintptr_t)in);
			free(out);
			iconv_close(cd);
			errno = saved;
			return NULL;
		}
		done = (size_t)(op - out);
		if (cap > SIZE_MAX / 2 ||
		    (tmp = realloc(out, cap * 2)) == NULL) {
			free(out);
			iconv_close(cd);
			errno = ENOMEM;
			return NULL;
		}
		out = tmp;
		cap *= 2;
		op = out + done;
		ol = cap - 1 - done;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

/* CRLF and lone CR become LF, in place.  Returns the new length. */
static size_t
textdec_fix_eol(char *s, size_t len)
{
	const char	*cr;
	size_t		 i, j;

	/* Most files have no CR: nothing to move. */
	if ((cr = memchr(s, '\r', len)) == NULL) {
		s[len] = '\0';
		return len;
	}
	for (i = j = (size_t)(cr - s); i < len; i++) {
		if (s[i] == '\r') {
			s[j++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			s[j++] = s[i];
	}
	s[j] = '\0';
	return j;
}

char *
textdec_decode(const unsigned char *buf, size_t len, size_t *outlen,
    const char **charset, char *err, size_t errlen)
{
	const unsigned char	*p;
	const char		*cs = NULL;
	char			*out;
	size_t			 n, bad, olen = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (charset != NULL)
		*charset = NULL;
	if (outlen != NULL)
		*outlen = 0;
	if (buf == NULL && len > 0) {
		errbuf_set(err, errlen, "no input");
		return NULL;
	}

	if (len >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) ||
	    (buf[0] == 0xfe && buf[1] == 0xff))) {
		cs = buf[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
		if ((len - 2) % 2 != 0) {
			errbuf_set(err, errlen,
			    "%s with an odd number of bytes (%zu)", cs, len);
			return NULL;
		}
		out = textdec_iconv(cs, buf + 2, len - 2, &olen, &bad);
		if (out == NULL) {
			if (errno == EILSEQ || errno == EINVAL)
				errbuf_set(err, errlen, "invalid %s "
				    "(byte offset %zu)", cs, bad + 2);
			else
				errbuf_set(err, errlen, "cannot convert "
				    "%s: %s", cs, strerror(errno));
			return NULL;
		}
		if ((p = textdec_nul(out, olen)) != NULL) {
			errbuf_set(err, errlen, "binary content: NUL "
			    "character in %s text", cs);
			free(out);
			return NULL;
		}
		goto done;
	}

	p = buf;
	n = len;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		n -= 3;
		if ((bad = textdec_utf8_bad(p, n)) != n) {
			errbuf_set(err, errlen, "invalid UTF-8 after a UTF-8 "
			    "BOM (byte offset %zu)", bad + 3);
			return NULL;
		}
	}
	if (n > 0 && textdec_nul(p, n) != NULL) {
		bad = (size_t)((const unsigned char *)textdec_nul(p, n) - buf);
		errbuf_set(err, errlen, "binary content: NUL byte at "
		    "byte offset %zu", bad);
		return NULL;
	}

	if (textdec_utf8_bad(p, n) == n) {
		cs = "UTF-8";
		if ((out = malloc(n + 1)) == NULL) {
			errbuf_set(err, errlen, "out of memory");
			return NULL;
		}
		if (n > 0)
			memcpy(out, p, n);
		out[n] = '\0';
		olen = n;
		goto done;
	}

	cs = "GB18030";
	out = textdec_iconv(cs, p, n, &olen, &bad);
	if (out == NULL) {
		if (errno == EILSEQ || errno == EINVAL)
			errbuf_set(err, errlen, "not valid UTF-8 and not "
			    "GB18030 either (byte offset %zu)",
			    bad + (size_t)(p - buf));
		else
			errbuf_set(err, errlen, "cannot convert GB18030: %s",
			    strerror(errno));
		return NULL;
	}

done:
	olen = textdec_fix_eol(out, olen);
	if (outlen != NULL)
		*outlen = olen;
	if (charset != NULL)
		*charset = cs;
	return out;
}
