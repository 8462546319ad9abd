/*
 * extract: choose the extractor for a document from its file name.
 *
 * Each format is one entry in a table: extension, format name, function.
 * Built-in readers cover what drafting systems hand over (plain text in
 * any of its encodings, .docx, .ofd, .html); any other extension can be
 * given an external command in [extract] of docketd.conf (by default
 * pdftotext for .pdf).  A file without an extension is tried as text; an
 * unknown extension is refused with a reason, never guessed at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "docx.h"
#include "exttool.h"
#include "extract.h"
#include "html.h"
#include "ofd.h"
#include "textdec.h"
#include "textnorm.h"

typedef int (*extract_fn)(const unsigned char *, size_t,
    const struct extract_ctx *, struct extract_result *, char *, size_t);

static int	extract_plain(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_docx(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_ofd(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_html(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);

static const struct extractor {
	const char	*ext;
	const char	*format;
	extract_fn	 fn;
} extractors[] = {
	{ "txt",	"txt",	extract_plain },
	{ "text",	"txt",	extract_plain },
	{ "",		"txt",	extract_plain },	/* no extension */
	{ "docx",	"docx",	extract_docx },
	{ "ofd",	"ofd",	extract_ofd },
	{ "html",	"html",	extract_html },
	{ "htm",	"html",	extract_html },
	{ "shtml",	"html",	extract_html },
};

static const char *
extract_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return (dot == NULL || dot == name) ? "" : dot + 1;
}

static const struct extractor *
extract_lookup(const char *name)
{
	const char	*ext = extract_ext(name);
	size_t		 i;

	for (i = 0; i < sizeof(extractors) / sizeof(extractors[0]); i++)
		if (strcasecmp(extractors[i].ext, ext) == 0)
			return &extractors[i];
	return NULL;
}

static int
extract_plain(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	r->text = textdec_decode(buf, len, &r->len, &r->charset, err, errlen);
	return r->text == NULL ? -1 : 0;
}

static int
extract_docx(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return docx_extract(buf, len, &r->text, &r->len, err, errlen);
}

static int
extract_ofd(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return ofd_extract(buf, len, &r->text, &r->len, err, errlen);
}

static int
extract_html(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return html_extract(buf, len, &r->text, &r->len, err, errlen);
}

/* An external command: no shell, a timeout, an output cap; its output is
 * decoded like plain text and the spaces it puts around CJK undone. */
static int
extract_tool(const char *cmd, const struct extract_ctx *ctx,
    struct extract_result *r, char *err, size_t errlen)
{
	char	**argv, *out, *text;
	size_t	  outlen, textlen;
	int	  rc;

	if (ctx == NULL || ctx->path == NULL || ctx->cf == NULL) {
		snprintf(err, errlen, "external extractor needs a file");
		return -1;
	}
	if (exttool_argv(cmd, ctx->path, &argv) == -1) {
		snprintf(err, errlen, "bad extractor command '%s'", cmd);
		return -1;
	}
	rc = exttool_run(argv, ctx->cf->tool_timeout_ms,
	    (size_t)ctx->cf->max_text, &out, &outlen, err, errlen);
	exttool_argv_free(argv);
	if (rc == -1)
		return -1;
	text = textdec_decode((unsigned char *)out, outlen, &textlen,
	    &r->charset, err, errlen);
	free(out);
	if (text == NULL)
		return -1;
	r->text = textnorm_cjk_spaces(text, &r->len);
	free(text);
	if (r->text == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int
extract_text(const char *name, const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	const struct extractor	*x;
	const char		*ext = extract_ext(name), *cmd = NULL;
	size_t			 i;
	int			 rc;

	memset(r, 0, sizeof(*r));
	if ((x = extract_lookup(name)) != NULL) {
		r->format = x->format;
		rc = x->fn(buf, len, ctx, r, err, errlen);
	} else if (ctx != NULL && ctx->cf != NULL &&
	    (cmd = config_tool(ctx->cf, ext)) != NULL && cmd[0] != '\0') {
		for (i = 0; ext[i] != '\0' && i + 1 < sizeof(r->formatbuf);
		    i++)
			r->formatbuf[i] = (char)((ext[i] >= 'A' &&
			    ext[i] <= 'Z') ? ext[i] - 'A' + 'a' : ext[i]);
		r->formatbuf[i] = '\0';
		r->format = r->formatbuf;
		rc = extract_tool(cmd, ctx, r, err, errlen);
	} else {
		snprintf(err, errlen, "unsupported format '.%s' (no reader, "
		    "and no extractor configured in [extract])", ext);
		return -1;
	}
	if (rc == 0 && ctx != NULL && ctx->cf != NULL &&
	    r->len > ctx->cf->max_text) {
		snprintf(err, errlen, "extracted text is %zu bytes, over "
		    "max_text (%llu)", r->len,
		    (unsigned long long)ctx->cf->max_text);
		rc = -1;
	}
	if (rc == -1)
		extract_result_free(r);
	return rc;
}

void
extract_result_free(struct extract_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}
