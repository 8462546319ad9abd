/*
 * extract: choose the extractor for a document from its file name.
 *
 * Each format is one entry in a table: extension, format name, function.
 * The text extractor handles every encoding a drafting system writes plain
 * text in (see textdec.c).  A file without an extension is tried as text;
 * an unknown extension is refused with a reason, never guessed at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "textdec.h"

typedef int (*extract_fn)(const unsigned char *, size_t,
    struct extract_result *, char *, size_t);

static int	extract_plain(const unsigned char *, size_t,
		    struct extract_result *, char *, size_t);

static const struct extractor {
	const char	*ext;
	const char	*format;
	extract_fn	 fn;
} extractors[] = {
	{ "txt",	"txt",	extract_plain },
	{ "text",	"txt",	extract_plain },
	{ "",		"txt",	extract_plain },	/* no extension */
};

static const struct extractor *
extract_lookup(const char *name)
{
	const char	*dot = strrchr(name, '.');
	const char	*ext = (dot == NULL || dot == name) ? "" : dot + 1;
	size_t		 i;

	for (i = 0; i < sizeof(extractors) / sizeof(extractors[0]); i++)
		if (strcasecmp(extractors[i].ext, ext) == 0)
			return &extractors[i];
	return NULL;
}

const char *
extract_format(const char *name)
{
	const struct extractor *x = extract_lookup(name);

	return x ? x->format : NULL;
}

static int
extract_plain(const unsigned char *buf, size_t len, struct extract_result *r,
    char *err, size_t errlen)
{
	r->text = textdec_decode(buf, len, &r->len, &r->charset, err, errlen);
	return r->text == NULL ? -1 : 0;
}

int
extract_text(const char *name, const unsigned char *buf, size_t len,
    struct extract_result *r, char *err, size_t errlen)
{
	const struct extractor	*x;
	const char		*dot = strrchr(name, '.');

	memset(r, 0, sizeof(*r));
	if ((x = extract_lookup(name)) == NULL) {
		snprintf(err, errlen, "unsupported format '%s'", dot ? dot :
		    name);
		return -1;
	}
	r->format = x->format;
	if (x->fn(buf, len, r, err, errlen) == -1) {
		extract_result_free(r);
		return -1;
	}
	return 0;
}

void
extract_result_free(struct extract_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}
