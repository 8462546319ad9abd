/*
 * xmlsafe: expat set up for hostile XML.  No document a docx or an ofd
 * writer produces needs a DTD, so a DOCTYPE stops the parse at once, with
 * any entity declaration, and an external entity reference fails; that
 * shuts out billion laughs and XXE (file:///etc/passwd) before they
 * start.  Parameter entities are never parsed and expat's own
 * amplification guard is turned down as a second layer.  The parser is
 * created with namespace processing, so every name arrives as
 * "URI<sep>local" and the call-backs get only the local part: producers
 * differ in prefixes (w:, ofd:, ns0:, none), never in local names.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Debian's expat is built with DTD support; defining XML_DTD only brings
 * the declarations of the billion-laughs knobs (expat >= 2.4) into view. */
#ifndef XML_DTD
#define XML_DTD
#endif
#include <expat.h>
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
#define XS_HAVE_AMPLIFICATION
#endif

#include "textdec.h"
#include "errbuf.h"
#include "xmlsafe.h"

#define XS_NS_SEP	'\x01'	/* cannot occur in XML 1.0 text */
#define XS_CHUNK	(1 << 20)
#define XS_AMPLIFY	10.0f
#define XS_AMPLIFY_FROM	(1ULL << 20)

struct xmlsafe {
	XML_Parser		 p;
	const struct xmlsafe_cb	*cb;
	void			*arg;
	unsigned		 depth;
	unsigned		 max_depth;
	int			 stopped;	/* by a call-back or a refusal */
	int			 failed;	/* ... with reason */
	const char		**attr;		/* local names, for start */
	size_t			 attrcap;
	char			 reason[256];
};

static const char *xs_local(const char *);
static void	 xs_start(void *, const XML_Char *, const XML_Char **);
static void	 xs_end(void *, const XML_Char *);
static void	 xs_text(void *, const XML_Char *, int);
static void	 xs_doctype(void *, const XML_Char *, const XML_Char *,
		    const XML_Char *, int);
static void	 xs_entity(void *, const XML_Char *, int, const XML_Char *,
		    int, const XML_Char *, const XML_Char *, const XML_Char *,
		    const XML_Char *);
static int	 xs_external(XML_Parser, const XML_Char *, const XML_Char *,
		    const XML_Char *, const XML_Char *);

void
xmlsafe_reason_fix(char *s)
{
	unsigned char	*p = (unsigned char *)s;
	size_t		 i = 0, k, n, need;

	if (s == NULL)
		return;
	n = strlen(s);
	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			p[i++] = '?';
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		need = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc2 ?
		    2 : 1;
		if (need > 1 && need > n - i) {
			for (k = i + 1; k < n && (p[k] & 0xc0) == 0x80; k++)
				;
			if (k == n) {
				/* runs past the end: cut short by snprintf */
				p[i] = '\0';
				return;
			}
		}
		if (need > 1 && textdec_is_utf8(p + i, need)) {
			i += need;
			continue;
		}
		p[i++] = '?';
	}
}

static const char *
xs_local(const char *name)
{
	const char	*s = strrchr(name, XS_NS_SEP);

	return s != NULL ? s + 1 : name;
}

void
xmlsafe_fail(struct xmlsafe *xs, const char *fmt, ...)
{
	va_list	ap;

	if (xs->stopped)
		return;
	va_start(ap, fmt);
	vsnprintf(xs->reason, sizeof(xs->reason), fmt, ap);
	va_end(ap);
	xs->stopped = xs->failed = 1;
	XML_StopParser(xs->p, XML_FALSE);
}

void
xmlsafe_stop(struct xmlsafe *xs)
{
	if (xs->stopped)
		return;
	xs->stopped = 1;
	XML_StopParser(xs->p, XML_FALSE);
}

unsigned
xmlsafe_depth(const struct xmlsafe *xs)
{
	return xs->depth;
}

const char *
xmlsafe_attr(const char **attr, const char *name)
{
	size_t	i;

	if (attr == NULL)
		return NULL;
	for (i = 0; attr[i] != NULL; i += 2)
		if (strcmp(attr[i], name) == 0)
			return attr[i + 1];
	return NULL;
}

static void
xs_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xmlsafe	*xs = arg;
	const char	**tmp;
	size_t		 n, i;

	if (xs->stopped)
		return;
	if (++xs->depth > xs->max_depth) {
		xmlsafe_fail(xs, "XML nested deeper than %u elements",
		    xs->max_depth);
		return;
	}
	if (xs->cb->start == NULL)
		return;
	for (n = 0; atts[n] != NULL; n += 2)
		;
	if (n + 1 > xs->attrcap) {
		if ((tmp = reallocarray(xs->attr, n + 1, sizeof(*tmp))) ==
		    NULL) {
			xmlsafe_fail(xs, "out of memory");
			return;
		}
		xs->attr = tmp;
		xs->attrcap = n + 1;
	}
	for (i = 0; i < n; i += 2) {
		xs->attr[i] = xs_local(atts[i]);
		xs->attr[i + 1] = atts[i + 1];
	}
	xs->attr[n] = NULL;
	xs->cb->start(xs, xs->arg, xs_local(name), xs->attr);
}

static void
xs_end(void *arg, const XML_Char *name)
{
	struct xmlsafe	*xs = arg;

	if (xs->stopped)
		return;
	if (xs->cb->end != NULL)
		xs->cb->end(xs, xs->arg, xs_local(name));
	xs->depth--;
}

static void
xs_text(void *arg, const XML_Char *s, int len)
{
	struct xmlsafe	*xs = arg;

	if (xs->stopped || len <= 0 || xs->cb->text == NULL)
		return;
	xs->cb->text(xs, xs->arg, s, (size_t)len);
}

static void
xs_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	xmlsafe_fail(arg, "XML with a DOCTYPE is refused (DTDs are not "
	    "processed)");
}

static void
xs_entity(void *arg, const XML_Char *name, int param, const XML_Char *value,
    int value_len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	xmlsafe_fail(arg, "XML with an entity declaration is refused");
}

static int
xs_external(XML_Parser p, const XML_Char *context, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid)
{
	/* The user data is the struct xmlsafe (XML_UseParserAsHandlerArg
	 * is not used). */
	xmlsafe_fail(XML_GetUserData(p), "XML external entity refused");
	return XML_STATUS_ERROR;
}

int
xmlsafe_parse(const void *buf, size_t len, const struct xmlsafe_cb *cb,
    void *arg, char *err, size_t errlen)
{
	struct xmlsafe		 xs;
	const char		*p = buf;
	size_t			 max, off, n;
	enum XML_Error		 code;
	int			 rc = -1, last;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	max = cb->max_bytes != 0 ? cb->max_bytes : XMLSAFE_MAX_BYTES;
	if (len > max) {
		errbuf_set(err, errlen, "XML part too large: %zu bytes (limit "
		    "%zu)", len, max);
		return -1;
	}
	if (buf == NULL && len > 0) {
		errbuf_set(err, errlen, "no input");
		return -1;
	}
	memset(&xs, 0, sizeof(xs));
	xs.cb = cb;
	xs.arg = arg;
	xs.max_depth = cb->max_depth != 0 ? cb->max_depth : XMLSAFE_MAX_DEPTH;
	if ((xs.p = XML_ParserCreateNS(NULL, XS_NS_SEP)) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	XML_SetUserData(xs.p, &xs);
	XML_SetElementHandler(xs.p, xs_start, xs_end);
	XML_SetCharacterDataHandler(xs.p, xs_text);
	XML_SetStartDoctypeDeclHandler(xs.p, xs_doctype);
	XML_SetEntityDeclHandler(xs.p, xs_entity);
	XML_SetExternalEntityRefHandler(xs.p, xs_external);
	XML_SetParamEntityParsing(xs.p, XML_PARAM_ENTITY_PARSING_NEVER);
#ifdef XS_HAVE_AMPLIFICATION
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(xs.p,
	    XS_AMPLIFY);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(xs.p,
	    XS_AMPLIFY_FROM);
#endif

	off = 0;
	do {
		n = len - off > XS_CHUNK ? XS_CHUNK : len - off;
		last = off + n == len;
		if (XML_Parse(xs.p, p + off, (int)n, last) != XML_STATUS_OK)
			break;
		off += n;
	} while (!last);

	if (xs.failed) {
		xmlsafe_reason_fix(xs.reason);
		errbuf_set(err, errlen, "%s", xs.reason);
		goto done;
	}
	if (xs.stopped) {
		rc = 0;
		goto done;
	}
	code = XML_GetErrorCode(xs.p);
	if (code == XML_ERROR_NONE) {
		rc = 0;
		goto done;
	}
	if ((code == XML_ERROR_INVALID_TOKEN ||
	    code == XML_ERROR_PARTIAL_CHAR) && !(len >= 2 &&
	    ((p[0] == '\xff' && p[1] == '\xfe') ||
	    (p[0] == '\xfe' && p[1] == '\xff'))) &&
	    !textdec_is_utf8(buf, len))
		errbuf_set(err, errlen, "invalid UTF-8 in XML at line %lu",
		    (unsigned long)XML_GetCurrentLineNumber(xs.p));
	else
		errbuf_set(err, errlen, "XML error at line %lu: %s",
		    (unsigned long)XML_GetCurrentLineNumber(xs.p),
		    XML_ErrorString(code));
done:
	XML_ParserFree(xs.p);
	free(xs.attr);
	return rc;
}
