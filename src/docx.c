/*
 * docx: extract the text of a WordprocessingML document.  The main part
 * is found the way Word finds it: the officeDocument relationship in
 * _rels/.rels, else the part [Content_Types].xml declares as the main
 * document, else word/document.xml.  In it, text lives in w:t inside runs
 * (w:r); w:tab, w:br and w:cr inside a run are layout we keep.  Each
 * paragraph becomes a line, because docket reads an official document
 * line by line (docno, title, date and marking lines must not merge).
 * For the same reason a table cell's paragraphs stay lines of their own
 * rather than being joined across the row: letterheads and imprint
 * blocks (版记) are often laid out in tables, and a date in a cell must
 * still be a date line.  Deleted text (w:delText), field codes and the
 * fallback copy of drawings (mc:Fallback duplicates mc:Choice) are
 * skipped.  Elements are matched by local name, whatever the prefix.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "docx.h"
#include "strbuf.h"
#include "xmlsafe.h"
#include "zipread.h"

#define DOCX_DEFAULT_PART	"word/document.xml"
#define DOCX_PATH_MAX		1024

/* Looking for the main part in _rels/.rels or [Content_Types].xml. */
struct docx_find {
	char	 path[DOCX_PATH_MAX];
	int	 found;
};

struct docx_text {
	struct strbuf	 out;
	unsigned	 skip;		/* depth of a skipped subtree, or 0 */
	unsigned	 in_t;		/* depth of the w:t we are in, or 0 */
	unsigned char	 run[XMLSAFE_MAX_DEPTH + 2];	/* 1: element is w:r */
};

static int	 docx_ends(const char *, const char *);
static void	 docx_rels_start(struct xmlsafe *, void *, const char *,
		    const char **);
static void	 docx_types_start(struct xmlsafe *, void *, const char *,
		    const char **);
static int	 docx_find_part(struct zipread *, const char *,
		    const struct xmlsafe_cb *, char *, size_t, char *, size_t);
static int	 docx_main_part(struct zipread *, char *, size_t, char *,
		    size_t);
static void	 docx_newline(struct docx_text *);
static void	 docx_start(struct xmlsafe *, void *, const char *,
		    const char **);
static void	 docx_end(struct xmlsafe *, void *, const char *);
static void	 docx_chars(struct xmlsafe *, void *, const char *, size_t);

static int
docx_ends(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* _rels/.rels: <Relationship Type=".../officeDocument" Target="..."/> */
static void
docx_rels_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct docx_find	*f = arg;
	const char		*type, *target, *mode;

	if (f->found || strcmp(name, "Relationship") != 0)
		return;
	type = xmlsafe_attr(attr, "Type");
	target = xmlsafe_attr(attr, "Target");
	mode = xmlsafe_attr(attr, "TargetMode");
	if (type == NULL || target == NULL || !docx_ends(type,
	    "/officeDocument") || (mode != NULL && strcmp(mode, "External")
	    == 0))
		return;
	if (zipread_path(NULL, target, f->path, sizeof(f->path)) == 0) {
		f->found = 1;
		xmlsafe_stop(xs);
	}
}

/* [Content_Types].xml: <Override PartName="/word/x.xml"
 * ContentType="application/vnd...wordprocessingml.document.main+xml"/> */
static void
docx_types_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct docx_find	*f = arg;
	const char		*part, *type;

	if (f->found || strcmp(name, "Override") != 0)
		return;
	part = xmlsafe_attr(attr, "PartName");
	type = xmlsafe_attr(attr, "ContentType");
	if (part == NULL || type == NULL || !docx_ends(type, ".main+xml") ||
	    (strstr(type, "wordprocessingml") == NULL &&
	    strstr(type, "ms-word") == NULL))
		return;
	if (zipread_path(NULL, part, f->path, sizeof(f->path)) == 0) {
		f->found = 1;
		xmlsafe_stop(xs);
	}
}

/* Read index part name and let cb find a main part path in it.  1 when
 * found (in path), 0 when not, -1 when the part is refused. */
static int
docx_find_part(struct zipread *zr, const char *name,
    const struct xmlsafe_cb *cb, char *path, size_t pathsz, char *err,
    size_t errlen)
{
	struct docx_find	 f;
	char			*xml, xerr[256];
	size_t			 len;
	int			 rc;

	if ((rc = zipread_read(zr, name, &xml, &len, err, errlen)) != 0)
		return rc == 1 ? 0 : -1;
	memset(&f, 0, sizeof(f));
	rc = xmlsafe_parse(xml, len, cb, &f, xerr, sizeof(xerr));
	free(xml);
	if (rc == -1) {
		errbuf_set(err, errlen, "%s: %s", name, xerr);
		return -1;
	}
	if (!f.found || !zipread_exists(zr, f.path))
		return 0;
	snprintf(path, pathsz, "%s", f.path);
	return 1;
}

static int
docx_main_part(struct zipread *zr, char *path, size_t pathsz, char *err,
    size_t errlen)
{
	static const struct xmlsafe_cb rels = { docx_rels_start, NULL, NULL,
	    0, 0 };
	static const struct xmlsafe_cb types = { docx_types_start, NULL,
	    NULL, 0, 0 };
	int	rc;

	if ((rc = docx_find_part(zr, "_rels/.rels", &rels, path, pathsz, err,
	    errlen)) != 0)
		return rc;
	if ((rc = docx_find_part(zr, "[Content_Types].xml", &types, path,
	    pathsz, err, errlen)) != 0)
		return rc;
	if (zipread_exists(zr, DOCX_DEFAULT_PART)) {
		snprintf(path, pathsz, "%s", DOCX_DEFAULT_PART);
		return 1;
	}
	errbuf_set(err, errlen, "not a docx: no main document part (%s)",
	    DOCX_DEFAULT_PART);
	return -1;
}

/* End the current line unless it is empty. */
static void
docx_newline(struct docx_text *t)
{
	if (t->out.len > 0 && t->out.s[t->out.len - 1] != '\n')
		strbuf_add(&t->out, "\n", 1);
}

static void
docx_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct docx_text	*t = arg;
	unsigned		 d = xmlsafe_depth(xs);
	int			 in_run;

	t->run[d] = 0;
	if (d == 1 && strcmp(name, "document") != 0) {
		xmlsafe_fail(xs, "not a WordprocessingML document (root "
		    "element %.40s)", name);
		return;
	}
	if (t->skip != 0)
		return;
	in_run = t->run[d - 1];
	if (strcmp(name, "Fallback") == 0) {
		t->skip = d;
		return;
	}
	if (strcmp(name, "r") == 0)
		t->run[d] = 1;
	else if (strcmp(name, "p") == 0)
		docx_newline(t);	/* a paragraph inside a text box */
	else if (!in_run)
		return;
	else if (strcmp(name, "t") == 0)
		t->in_t = d;
	else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0)
		strbuf_add(&t->out, "\t", 1);
	else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0)
		strbuf_add(&t->out, "\n", 1);
	else if (strcmp(name, "noBreakHyphen") == 0)
		strbuf_add(&t->out, "-", 1);
	if (t->out.nomem)
		xmlsafe_fail(xs, "out of memory");
}

static void
docx_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct docx_text	*t = arg;
	unsigned		 d = xmlsafe_depth(xs);

	if (t->skip != 0) {
		if (t->skip == d)
			t->skip = 0;
		return;
	}
	if (t->in_t == d)
		t->in_t = 0;
	if (strcmp(name, "p") == 0)
		strbuf_add(&t->out, "\n", 1);
	else if (strcmp(name, "tc") == 0)
		docx_newline(t);
	if (t->out.nomem)
		xmlsafe_fail(xs, "out of memory");
}

/* Text of w:t; a line end inside it is shown by Word as a space. */
static void
docx_chars(struct xmlsafe *xs, void *arg, const char *s, size_t len)
{
	struct docx_text	*t = arg;
	size_t			 i, j;

	if (t->in_t == 0 || t->skip != 0)
		return;
	for (i = 0; i < len; i = j + 1) {
		for (j = i; j < len && s[j] != '\n' && s[j] != '\r'; j++)
			;
		strbuf_add(&t->out, s + i, j - i);
		if (j < len)
			strbuf_add(&t->out, " ", 1);
	}
	if (t->out.nomem)
		xmlsafe_fail(xs, "out of memory");
}

int
docx_extract(const unsigned char *buf, size_t len, char **text,
    size_t *textlen, char *err, size_t errlen)
{
	static const struct xmlsafe_cb cb = { docx_start, docx_end,
	    docx_chars, 0, 0 };
	struct zipread		*zr;
	struct docx_text	*t;
	char			 part[DOCX_PATH_MAX], xerr[256], *xml;
	size_t			 xlen;
	int			 rc;

	*text = NULL;
	if (textlen != NULL)
		*textlen = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (zipread_open(&zr, buf, len, NULL, err, errlen) == -1)
		return -1;
	if (docx_main_part(zr, part, sizeof(part), err, errlen) == -1 ||
	    zipread_read(zr, part, &xml, &xlen, err, errlen) != 0) {
		zipread_close(zr);
		xmlsafe_reason_fix(err);
		return -1;
	}
	zipread_close(zr);
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		free(xml);
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	rc = xmlsafe_parse(xml, xlen, &cb, t, xerr, sizeof(xerr));
	free(xml);
	if (rc == 0 && t->out.s == NULL)
		strbuf_add(&t->out, "", 0);
	if (rc == 0 && t->out.nomem) {
		snprintf(xerr, sizeof(xerr), "out of memory");
		rc = -1;
	}
	if (rc == -1) {
		errbuf_set(err, errlen, "%s: %s", part, xerr);
		xmlsafe_reason_fix(err);
		free(t->out.s);
		free(t);
		return -1;
	}
	*text = t->out.s;
	if (textlen != NULL)
		*textlen = t->out.len;
	free(t);
	return 0;
}
