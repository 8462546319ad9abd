/*
 * xmlsafe: parse XML that came from a stranger (the parts of a docx or an
 * ofd) with expat, with DTDs, entities and external references refused,
 * input size and nesting capped, and names reduced to their local part
 * (namespace prefixes and URIs vary between producers).  Call-backs see
 * element starts, attributes, character data and element ends, and can
 * stop the parse, with or without an error.
 */
#ifndef DOCKET_XMLSAFE_H
#define DOCKET_XMLSAFE_H

#include <stddef.h>

#define XMLSAFE_MAX_BYTES	(64UL << 20)
#define XMLSAFE_MAX_DEPTH	256

struct xmlsafe;

/*
 * Any call-back may be NULL.  Names are local names ("p" for "w:p");
 * attr is name, value, name, value, ..., NULL, names local too.  Text
 * (character data and CDATA alike) arrives in pieces of any size, UTF-8.
 */
struct xmlsafe_cb {
	void	(*start)(struct xmlsafe *, void *arg, const char *name,
		    const char **attr);
	void	(*end)(struct xmlsafe *, void *arg, const char *name);
	void	(*text)(struct xmlsafe *, void *arg, const char *s,
		    size_t len);
	size_t	  max_bytes;	/* 0: XMLSAFE_MAX_BYTES */
	unsigned  max_depth;	/* 0: XMLSAFE_MAX_DEPTH */
};

/* Parse buf.  0 when the document was well-formed (or a call-back
 * stopped it with xmlsafe_stop), -1 with a one-line reason in err. */
int	 xmlsafe_parse(const void *buf, size_t len, const struct xmlsafe_cb *,
	    void *arg, char *err, size_t errlen);

/* From a call-back: stop, and make xmlsafe_parse fail with this reason. */
void	 xmlsafe_fail(struct xmlsafe *, const char *fmt, ...)
	    __attribute__((__format__ (__printf__, 2, 3)));

/* From a call-back: stop; xmlsafe_parse returns 0. */
void	 xmlsafe_stop(struct xmlsafe *);

/* Depth of the current element: 1 for the root. */
unsigned xmlsafe_depth(const struct xmlsafe *);

/* The value of attribute name (local) in attr, or NULL. */
const char *xmlsafe_attr(const char **attr, const char *name);

/* Make a reason that quotes a stranger's text one line of valid UTF-8,
 * in place: control bytes and bytes of invalid UTF-8 become '?', a
 * character cut short at the end (by snprintf) is dropped. */
void	 xmlsafe_reason_fix(char *);

#endif
