/*
 * ofd: extract the text of an OFD package (GB/T 33190-2016).  An OFD is
 * a zip of XML parts that point at each other: OFD.xml names each
 * document's root (DocBody/DocRoot), Document.xml lists the pages
 * (Pages/Page@BaseLoc) and the template pages (CommonData/TemplatePage),
 * and each page's Content.xml holds layers of graphic objects, text among
 * them, possibly grouped in PageBlocks.  A page may use templates
 * (Page/Template@TemplateID), whose text belongs to that page.
 *
 * OFD is fixed layout: a TextObject is a box (Boundary "x y w h", mm),
 * and each TextCode in it places a run of glyphs at X, Y, relative to
 * the box, Y being the baseline.  Writers emit objects in any order, often
 * one per line or even one per glyph, so lines are rebuilt from
 * positions: pieces whose baselines agree within a third of the font
 * size form one line, ordered by x; lines go top to bottom, page by page.
 * Pieces of one line are joined without a space, except between two Latin
 * letters or digits with a visible gap between them.  A TextObject's CTM
 * is applied to the positions; DeltaX and DeltaY (glyph spacing) are not
 * needed for the text and are ignored.
 *
 * References are resolved relative to the directory of the part that
 * holds them, or from the package root with a leading '/'; a reference
 * that is missing there is also tried from the root, as some writers
 * mean.  Every part is read at most once, which refuses reference loops
 * (a DocRoot naming OFD.xml, two pages sharing one Content.xml); a
 * template is parsed once however many pages use it.  Pages, templates
 * and TextCodes are capped.
 */

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "ofd.h"
#include "strbuf.h"
#include "xmlsafe.h"
#include "zipread.h"

#define OFD_PATH_MAX		1024
#define OFD_PAGE_TEMPLATES	16	/* templates one page may use */
#define OFD_COORD_MAX		1e6	/* mm; larger is nonsense, clamped */
#define OFD_DEFAULT_SIZE	3.5	/* mm, about 10 pt */
#define OFD_GAP			0.3	/* of the font size: a visible gap */
#define OFD_CODE_MAX		65536	/* bytes of text in one TextCode */
#define OFD_LAYOUT_MAX		1000000	/* pieces laid out, templates per use */
#define OFD_TEXT_MAX		(64UL << 20)	/* bytes of text out */

struct ofd_piece {
	double	 x;		/* of the first glyph, page coordinates */
	double	 y;		/* baseline */
	double	 size;		/* font size */
	double	 w;		/* estimated advance of the whole piece */
	size_t	 seq;		/* order of appearance, for stable sorting */
	char	*text;
};

struct ofd_pieces {
	struct ofd_piece *v;
	size_t		  n;
	size_t		  cap;
};

struct ofd_ref {
	char		*id;
	char		*loc;		/* BaseLoc as written */
	int		 loaded;	/* templates: pc is filled */
	struct ofd_pieces pc;
};

struct ofd_refs {
	struct ofd_ref	*v;
	size_t		 n;
	size_t		 cap;
};

struct ofd {
	struct zipread	*zr;
	char		**seen;		/* parts read so far */
	size_t		 nseen;
	size_t		 seencap;
	size_t		 npages;	/* in all documents */
	size_t		 ncodes;	/* TextCodes in all parts */
	size_t		 nlaid;		/* pieces laid out on pages */
	struct strbuf	 out;
	char		*err;
	size_t		 errlen;
};

/* Parse state of OFD.xml. */
struct ofd_root {
	char		*docroot[OFD_MAX_DOCS];
	size_t		 ndocs;
	unsigned	 body;		/* depth of DocBody, or 0 */
	unsigned	 in_root;	/* depth of DocRoot, or 0 */
	struct strbuf	 cur;
};

/* Parse state of Document.xml. */
struct ofd_docxml {
	struct ofd	*o;
	struct ofd_refs	 pages;
	struct ofd_refs	 tpls;
	unsigned	 in_pages;	/* depth of Pages */
	unsigned	 in_common;	/* depth of CommonData */
};

/* Parse state of a page or template Content.xml. */
struct ofd_content {
	struct ofd		*o;
	struct ofd_pieces	*pc;
	int			 is_page;	/* else a template */
	char			*tplid[OFD_PAGE_TEMPLATES];
	size_t			 ntpl;
	unsigned		 in_obj;	/* depth of the TextObject */
	double			 bx, by, size;
	double			 ctm[6];	/* a b c d e f */
	unsigned		 in_code;	/* depth of the TextCode */
	double			 cx, cy;	/* last X, Y in this object */
	struct strbuf		 code;
	size_t			 seq;
};

static double	 ofd_num(const char **, double);
static double	 ofd_attr_num(const char **, const char *, double);
static void	 ofd_ctm(const char *, double *);
static uint32_t	 ofd_u8(const char *, size_t, size_t *);
static int	 ofd_latin(uint32_t);
static double	 ofd_width(const char *, double);
static void	 ofd_pieces_free(struct ofd_pieces *);
static void	 ofd_refs_free(struct ofd_refs *);
static int	 ofd_refs_add(struct ofd_refs *, const char *, const char *);
static int	 ofd_resolve(struct ofd *, const char *, const char *, char *,
		    size_t);
static int	 ofd_read(struct ofd *, const char *, const char *,
		    const struct xmlsafe_cb *, void *);
static void	 ofd_root_start(struct xmlsafe *, void *, const char *,
		    const char **);
static void	 ofd_root_end(struct xmlsafe *, void *, const char *);
static void	 ofd_root_text(struct xmlsafe *, void *, const char *, size_t);
static void	 ofd_doc_start(struct xmlsafe *, void *, const char *,
		    const char **);
static void	 ofd_doc_end(struct xmlsafe *, void *, const char *);
static void	 ofd_content_start(struct xmlsafe *, void *, const char *,
		    const char **);
static void	 ofd_content_end(struct xmlsafe *, void *, const char *);
static void	 ofd_content_text(struct xmlsafe *, void *, const char *,
		    size_t);
static int	 ofd_cmp_yx(const void *, const void *);
static int	 ofd_cmp_x(const void *, const void *);
static int	 ofd_emit(struct ofd *, const struct ofd_pieces *,
		    const struct ofd_pieces **, size_t);
static int	 ofd_content(struct ofd *, const char *, const char *,
		    struct ofd_content *);
static int	 ofd_document(struct ofd *, const char *);

static const struct xmlsafe_cb ofd_root_cb = { ofd_root_start, ofd_root_end,
    ofd_root_text, 0, 0 };
static const struct xmlsafe_cb ofd_doc_cb = { ofd_doc_start, ofd_doc_end,
    NULL, 0, 0 };
static const struct xmlsafe_cb ofd_content_cb = { ofd_content_start,
    ofd_content_end, ofd_content_text, 0, 0 };

/* Next number in *sp (advanced past it), def when there is none; never
 * NaN or infinite, clamped to OFD_COORD_MAX. */
static double
ofd_num(const char **sp, double def)
{
	char	*end;
	double	 v;

	while (**sp == ' ' || **sp == '\t' || **sp == '\n' || **sp == '\r' ||
	    **sp == ',')
		(*sp)++;
	v = strtod(*sp, &end);
	if (end == *sp)
		return def;
	*sp = end;
	if (!isfinite(v))
		return def;
	if (v > OFD_COORD_MAX)
		return OFD_COORD_MAX;
	if (v < -OFD_COORD_MAX)
		return -OFD_COORD_MAX;
	return v;
}

static double
ofd_attr_num(const char **attr, const char *name, double def)
{
	const char	*s = xmlsafe_attr(attr, name);

	return s != NULL ? ofd_num(&s, def) : def;
}

/*
 * A TextObject's CTM, "a b c d e f", maps its glyph coordinates into the
 * boundary: x' = a x + c y + e, y' = b x + d y + f.  Identity when absent
 * or degenerate; the scale is kept within reason.
 */
static void
ofd_ctm(const char *s, double *m)
{
	static const double	id[6] = { 1, 0, 0, 1, 0, 0 };
	double			det;
	size_t			i;

	memcpy(m, id, sizeof(id));
	if (s == NULL)
		return;
	for (i = 0; i < 6; i++)
		m[i] = ofd_num(&s, id[i]);
	det = fabs(m[0] * m[3] - m[1] * m[2]);
	if (!(det > 1e-6 && det < 1e6))
		memcpy(m, id, sizeof(id));
}

/* Decode one UTF-8 character (expat gives valid UTF-8). */
static uint32_t
ofd_u8(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp;
	size_t			 k, need;

	if (s[0] < 0x80 || n < 2) {
		*len = 1;
		return s[0];
	}
	if (s[0] >= 0xf0) {
		need = 3;
		cp = s[0] & 0x07;
	} else if (s[0] >= 0xe0) {
		need = 2;
		cp = s[0] & 0x0f;
	} else {
		need = 1;
		cp = s[0] & 0x1f;
	}
	if (need >= n) {
		*len = 1;
		return 0xfffd;
	}
	for (k = 1; k <= need; k++)
		cp = cp << 6 | (s[k] & 0x3f);
	*len = need + 1;
	return cp;
}

/* Latin letters and digits: the only neighbours a gap becomes a space
 * between. */
static int
ofd_latin(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 'a' && cp <= 'z') || (cp >= 0xc0 && cp <= 0x24f &&
	    cp != 0xd7 && cp != 0xf7);
}

/* Advance of text at size: half an em for ASCII and Latin, an em for
 * the rest (CJK, full-width forms). */
static double
ofd_width(const char *s, double size)
{
	size_t	n = strlen(s), i, k;
	double	w = 0;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		cp = ofd_u8(s + i, n - i, &k);
		w += (cp < 0x250 || (cp >= 0xff61 && cp <= 0xffdc)) ?
		    size / 2 : size;
	}
	return w;
}

static void
ofd_pieces_free(struct ofd_pieces *pc)
{
	size_t	i;

	for (i = 0; i < pc->n; i++)
		free(pc->v[i].text);
	free(pc->v);
	memset(pc, 0, sizeof(*pc));
}

static void
ofd_refs_free(struct ofd_refs *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].loc);
		ofd_pieces_free(&r->v[i].pc);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int
ofd_refs_add(struct ofd_refs *r, const char *id, const char *loc)
{
	struct ofd_ref	*tmp;
	size_t		 cap;

	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 16;
		if ((tmp = reallocarray(r->v, cap, sizeof(*tmp))) == NULL)
			return -1;
		r->v = tmp;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[r->n]));
	if ((r->v[r->n].id = strdup(id != NULL ? id : "")) == NULL ||
	    (r->v[r->n].loc = strdup(loc)) == NULL) {
		free(r->v[r->n].id);
		return -1;
	}
	r->n++;
	return 0;
}

/*
 * Resolve ref found in part from to an entry name in out.  When it is
 * not there, try it from the package root; when neither exists, out is
 * the first reading (so that the reason names it).
 */
static int
ofd_resolve(struct ofd *o, const char *from, const char *ref, char *out,
    size_t outsz)
{
	char	alt[OFD_PATH_MAX];

	if (zipread_path(from, ref, out, outsz) == -1) {
		errbuf_set(o->err, o->errlen, "%s: reference escapes the "
		    "package: %.80s", from, ref);
		return -1;
	}
	if (!zipread_exists(o->zr, out) &&
	    zipread_path(NULL, ref, alt, sizeof(alt)) == 0 &&
	    zipread_exists(o->zr, alt))
		snprintf(out, outsz, "%s", alt);
	return 0;
}

/* Read part path (what says who refers to it, for the reason) and parse
 * it with cb.  Each part is read once. */
static int
ofd_read(struct ofd *o, const char *what, const char *path,
    const struct xmlsafe_cb *cb, void *arg)
{
	char	*xml, **tmp, xerr[256];
	size_t	 len, i, cap;
	int	 rc;

	for (i = 0; i < o->nseen; i++)
		if (strcmp(o->seen[i], path) == 0) {
			errbuf_set(o->err, o->errlen, "%s: part %s is referenced "
			    "twice (loop?)", what, path);
			return -1;
		}
	if (o->nseen == o->seencap) {
		cap = o->seencap ? o->seencap * 2 : 16;
		if ((tmp = reallocarray(o->seen, cap, sizeof(*tmp))) == NULL)
			goto nomem;
		o->seen = tmp;
		o->seencap = cap;
	}
	if ((o->seen[o->nseen] = strdup(path)) == NULL)
		goto nomem;
	o->nseen++;

	if ((rc = zipread_read(o->zr, path, &xml, &len, xerr, sizeof(xerr)))
	    != 0) {
		if (rc == 1)
			errbuf_set(o->err, o->errlen, "%s: part %s is missing",
			    what, path);
		else
			errbuf_set(o->err, o->errlen, "%s", xerr);
		return -1;
	}
	rc = xmlsafe_parse(xml, len, cb, arg, xerr, sizeof(xerr));
	free(xml);
	if (rc == -1) {
		errbuf_set(o->err, o->errlen, "%s: %s", path, xerr);
		return -1;
	}
	return 0;
nomem:
	errbuf_set(o->err, o->errlen, "out of memory");
	return -1;
}

/* OFD.xml: <OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot>... */
static void
ofd_root_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct ofd_root	*r = arg;
	unsigned	 d = xmlsafe_depth(xs);

	if (d == 1 && strcmp(name, "OFD") != 0)
		xmlsafe_fail(xs, "not an OFD main file (root element "
		    "%.40s)", name);
	else if (d == 2 && strcmp(name, "DocBody") == 0)
		r->body = d;
	else if (r->body != 0 && d == r->body + 1 &&
	    strcmp(name, "DocRoot") == 0) {
		r->in_root = d;
		r->cur.len = 0;
		strbuf_add(&r->cur, "", 0);
	}
}

static void
ofd_root_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct ofd_root	*r = arg;
	unsigned	 d = xmlsafe_depth(xs);
	char		*s, *e;

	if (r->body == d)
		r->body = 0;
	if (r->in_root != d)
		return;
	r->in_root = 0;
	if (r->cur.nomem) {
		xmlsafe_fail(xs, "out of memory");
		return;
	}
	for (s = r->cur.s; *s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '\n' || e[-1] == '\r'); e--)
		;
	*e = '\0';
	if (*s == '\0')
		return;
	if (r->ndocs == OFD_MAX_DOCS) {
		xmlsafe_fail(xs, "more than %d documents", OFD_MAX_DOCS);
		return;
	}
	if ((r->docroot[r->ndocs] = strdup(s)) == NULL) {
		xmlsafe_fail(xs, "out of memory");
		return;
	}
	r->ndocs++;
}

static void
ofd_root_text(struct xmlsafe *xs, void *arg, const char *s, size_t len)
{
	struct ofd_root	*r = arg;

	if (r->in_root != 0) {
		if (r->cur.len + len > OFD_PATH_MAX)
			xmlsafe_fail(xs, "DocRoot too long");
		else
			strbuf_add(&r->cur, s, len);
	}
}

/* Document.xml: <Document><CommonData><TemplatePage ID BaseLoc/>...
 * <Pages><Page ID BaseLoc/>... */
static void
ofd_doc_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct ofd_docxml	*dx = arg;
	unsigned		 d = xmlsafe_depth(xs);
	const char		*loc;

	if (d == 1) {
		if (strcmp(name, "Document") != 0)
			xmlsafe_fail(xs, "not an OFD document (root element "
			    "%.40s)", name);
		return;
	}
	if (d == 2 && strcmp(name, "Pages") == 0)
		dx->in_pages = d;
	else if (d == 2 && strcmp(name, "CommonData") == 0)
		dx->in_common = d;
	else if (dx->in_pages != 0 && d == dx->in_pages + 1 &&
	    strcmp(name, "Page") == 0) {
		if ((loc = xmlsafe_attr(attr, "BaseLoc")) == NULL) {
			xmlsafe_fail(xs, "page %zu has no BaseLoc",
			    dx->pages.n + 1);
			return;
		}
		if (dx->o->npages + dx->pages.n >= OFD_MAX_PAGES) {
			xmlsafe_fail(xs, "too many pages (limit %d)",
			    OFD_MAX_PAGES);
			return;
		}
		if (ofd_refs_add(&dx->pages, xmlsafe_attr(attr, "ID"), loc)
		    == -1)
			xmlsafe_fail(xs, "out of memory");
	} else if (dx->in_common != 0 && d == dx->in_common + 1 &&
	    strcmp(name, "TemplatePage") == 0) {
		if ((loc = xmlsafe_attr(attr, "BaseLoc")) == NULL) {
			xmlsafe_fail(xs, "template page has no BaseLoc");
			return;
		}
		if (dx->tpls.n >= OFD_MAX_TEMPLATES) {
			xmlsafe_fail(xs, "too many template pages (limit %d)",
			    OFD_MAX_TEMPLATES);
			return;
		}
		if (ofd_refs_add(&dx->tpls, xmlsafe_attr(attr, "ID"), loc)
		    == -1)
			xmlsafe_fail(xs, "out of memory");
	}
}

static void
ofd_doc_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct ofd_docxml	*dx = arg;
	unsigned		 d = xmlsafe_depth(xs);

	if (dx->in_pages == d)
		dx->in_pages = 0;
	if (dx->in_common == d)
		dx->in_common = 0;
}

/* Content.xml of a page or a template: <Page><Template TemplateID/>
 * <Content><Layer>... <TextObject Boundary Size><TextCode X Y>text */
static void
ofd_content_start(struct xmlsafe *xs, void *arg, const char *name,
    const char **attr)
{
	struct ofd_content	*c = arg;
	unsigned		 d = xmlsafe_depth(xs);
	const char		*s;

	if (d == 1) {
		if (strcmp(name, "Page") != 0)
			xmlsafe_fail(xs, "not an OFD page (root element "
			    "%.40s)", name);
		return;
	}
	if (d == 2 && c->is_page && strcmp(name, "Template") == 0) {
		if ((s = xmlsafe_attr(attr, "TemplateID")) == NULL)
			return;
		if (c->ntpl == OFD_PAGE_TEMPLATES) {
			xmlsafe_fail(xs, "page uses more than %d templates",
			    OFD_PAGE_TEMPLATES);
			return;
		}
		if ((c->tplid[c->ntpl] = strdup(s)) == NULL) {
			xmlsafe_fail(xs, "out of memory");
			return;
		}
		c->ntpl++;
	} else if (strcmp(name, "TextObject") == 0) {
		c->in_obj = d;
		c->in_code = 0;
		c->bx = c->by = c->cx = c->cy = 0;
		if ((s = xmlsafe_attr(attr, "Boundary")) != NULL) {
			c->bx = ofd_num(&s, 0);
			c->by = ofd_num(&s, 0);
			(void)ofd_num(&s, 0);
			c->size = ofd_num(&s, 0);	/* the height */
		} else
			c->size = 0;
		c->size = ofd_attr_num(attr, "Size", c->size);
		if (!(c->size > 0.1))
			c->size = OFD_DEFAULT_SIZE;
		ofd_ctm(xmlsafe_attr(attr, "CTM"), c->ctm);
		c->size *= sqrt(fabs(c->ctm[0] * c->ctm[3] -
		    c->ctm[1] * c->ctm[2]));
	} else if (c->in_obj != 0 && strcmp(name, "TextCode") == 0) {
		if (++c->o->ncodes > OFD_MAX_TEXTCODES) {
			xmlsafe_fail(xs, "too many text objects (limit %d)",
			    OFD_MAX_TEXTCODES);
			return;
		}
		c->in_code = d;
		c->cx = ofd_attr_num(attr, "X", c->cx);
		c->cy = ofd_attr_num(attr, "Y", c->cy);
		c->code.len = 0;
		strbuf_add(&c->code, "", 0);
	}
	if (c->code.nomem)
		xmlsafe_fail(xs, "out of memory");
}

static void
ofd_content_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct ofd_content	*c = arg;
	struct ofd_pieces	*pc = c->pc;
	struct ofd_piece	*p, *tmp;
	unsigned		 d = xmlsafe_depth(xs);
	size_t			 cap;

	if (c->in_obj == d) {
		c->in_obj = 0;
		return;
	}
	if (c->in_code != d)
		return;
	c->in_code = 0;
	if (c->code.nomem) {
		xmlsafe_fail(xs, "out of memory");
		return;
	}
	if (c->code.len == 0)
		return;		/* nothing drawn; X and Y still carry over */
	if (pc->n == pc->cap) {
		cap = pc->cap ? pc->cap * 2 : 64;
		if ((tmp = reallocarray(pc->v, cap, sizeof(*tmp))) == NULL) {
			xmlsafe_fail(xs, "out of memory");
			return;
		}
		pc->v = tmp;
		pc->cap = cap;
	}
	p = &pc->v[pc->n];
	if ((p->text = strdup(c->code.s)) == NULL) {
		xmlsafe_fail(xs, "out of memory");
		return;
	}
	pc->n++;
	p->x = c->bx + c->ctm[0] * c->cx + c->ctm[2] * c->cy + c->ctm[4];
	p->y = c->by + c->ctm[1] * c->cx + c->ctm[3] * c->cy + c->ctm[5];
	p->size = c->size;
	p->w = ofd_width(p->text, c->size);
	p->seq = c->seq++;
}

/* TextCode text; line ends are layout of the XML, a tab is a space. */
static void
ofd_content_text(struct xmlsafe *xs, void *arg, const char *s, size_t len)
{
	struct ofd_content	*c = arg;
	size_t			 i, j;

	if (c->in_code == 0)
		return;
	for (i = 0; i < len; i = j + 1) {
		for (j = i; j < len && s[j] != '\n' && s[j] != '\r' &&
		    s[j] != '\t'; j++)
			;
		strbuf_add(&c->code, s + i, j - i);
		if (j < len && s[j] == '\t')
			strbuf_add(&c->code, " ", 1);
	}
	if (c->code.len > OFD_CODE_MAX)
		xmlsafe_fail(xs, "TextCode too long");
}

static int
ofd_cmp_x(const void *a, const void *b)
{
	const struct ofd_piece	*p = *(const struct ofd_piece *const *)a;
	const struct ofd_piece	*q = *(const struct ofd_piece *const *)b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->seq != q->seq)
		return p->seq < q->seq ? -1 : 1;
	return strcmp(p->text, q->text);
}

/* Top to bottom, then as ofd_cmp_x. */
static int
ofd_cmp_yx(const void *a, const void *b)
{
	const struct ofd_piece	*p = *(const struct ofd_piece *const *)a;
	const struct ofd_piece	*q = *(const struct ofd_piece *const *)b;

	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return ofd_cmp_x(a, b);
}

/*
 * Lines of one page: its own pieces and those of the templates it uses,
 * sorted by baseline, grouped while the baseline stays within a third of
 * the first piece's font size, each group sorted by x.
 */
static int
ofd_emit(struct ofd *o, const struct ofd_pieces *page,
    const struct ofd_pieces **tpl, size_t ntpl)
{
	struct ofd_piece	**v, *p, *prev;
	struct strbuf		*out = &o->out;
	size_t			 n, i, j, k, start, t, plen, k1, cl;
	double			 tol, gap;
	uint32_t		 a, b;

	n = page->n;
	for (t = 0; t < ntpl; t++)
		n += tpl[t]->n;
	if (n == 0)
		return 0;
	/* a template's pieces count again on every page that uses it */
	if (n > OFD_LAYOUT_MAX - o->nlaid) {
		errbuf_set(o->err, o->errlen, "too much text to lay out (limit "
		    "%d pieces)", OFD_LAYOUT_MAX);
		return -1;
	}
	o->nlaid += n;
	if ((v = calloc(n, sizeof(*v))) == NULL) {
		errbuf_set(o->err, o->errlen, "out of memory");
		return -1;
	}
	for (i = k = 0; i < page->n; i++)
		v[k++] = &page->v[i];
	for (t = 0; t < ntpl; t++)
		for (i = 0; i < tpl[t]->n; i++)
			v[k++] = &tpl[t]->v[i];
	qsort(v, n, sizeof(*v), ofd_cmp_yx);

	for (i = 0; i < n; i = j) {
		tol = v[i]->size / 3;
		if (tol < 0.5)
			tol = 0.5;
		for (j = i + 1; j < n && v[j]->y - v[i]->y <= tol; j++)
			;
		qsort(v + i, j - i, sizeof(*v), ofd_cmp_x);
		start = out->len;
		for (k = i, prev = NULL; k < j; k++) {
			p = v[k];
			if (prev != NULL) {
				gap = p->x - (prev->x + prev->w);
				/* drawn twice for a bold look */
				if (strcmp(p->text, prev->text) == 0 &&
				    fabs(p->x - prev->x) < OFD_GAP * p->size)
					continue;
				plen = strlen(prev->text);
				for (k1 = plen; k1 > 0 &&
				    ((unsigned char)prev->text[k1 - 1] & 0xc0)
				    == 0x80; k1--)
					;
				a = k1 > 0 ? ofd_u8(prev->text + k1 - 1,
				    plen - k1 + 1, &cl) : 0;
				b = ofd_u8(p->text, strlen(p->text), &cl);
				if (gap > OFD_GAP * p->size && ofd_latin(a) &&
				    ofd_latin(b))
					strbuf_add(out, " ", 1);
			}
			strbuf_add(out, p->text, strlen(p->text));
			prev = p;
		}
		/* trim the line; drop it when blank */
		while (out->len > start && (out->s[out->len - 1] == ' '))
			out->len--;
		for (k = start; k < out->len && out->s[k] == ' '; k++)
			;
		if (k > start) {
			memmove(out->s + start, out->s + k, out->len - k);
			out->len -= k - start;
		}
		if (out->len > start)
			strbuf_add(out, "\n", 1);
		else if (out->s != NULL)
			out->s[out->len] = '\0';
	}
	free(v);
	if (out->nomem) {
		errbuf_set(o->err, o->errlen, "out of memory");
		return -1;
	}
	if (out->len > OFD_TEXT_MAX) {
		errbuf_set(o->err, o->errlen, "more than %lu bytes of text",
		    OFD_TEXT_MAX);
		return -1;
	}
	return 0;
}

/* Parse the Content.xml at ref (found in part from) into c. */
static int
ofd_content(struct ofd *o, const char *from, const char *ref,
    struct ofd_content *c)
{
	char	path[OFD_PATH_MAX], what[OFD_PATH_MAX + 32];
	int	rc;

	if (ofd_resolve(o, from, ref, path, sizeof(path)) == -1)
		return -1;
	snprintf(what, sizeof(what), "%s %s", c->is_page ? "page" :
	    "template", ref);
	c->o = o;
	rc = ofd_read(o, what, path, &ofd_content_cb, c);
	free(c->code.s);
	c->code.s = NULL;
	return rc;
}

/* One document: Document.xml at path, then its pages in order. */
static int
ofd_document(struct ofd *o, const char *path)
{
	struct ofd_docxml	 dx;
	struct ofd_content	 c;
	struct ofd_pieces	 pc;
	const struct ofd_pieces	*tpl[OFD_PAGE_TEMPLATES];
	struct ofd_ref		*t;
	size_t			 i, k, m;
	int			 rc = -1;

	memset(&dx, 0, sizeof(dx));
	dx.o = o;
	if (ofd_read(o, "DocRoot", path, &ofd_doc_cb, &dx) == -1)
		goto done;
	if (dx.pages.n == 0) {
		errbuf_set(o->err, o->errlen, "%s: document has no pages", path);
		goto done;
	}
	o->npages += dx.pages.n;
	for (i = 0; i < dx.pages.n; i++) {
		memset(&pc, 0, sizeof(pc));
		memset(&c, 0, sizeof(c));
		c.pc = &pc;
		c.is_page = 1;
		if (ofd_content(o, path, dx.pages.v[i].loc, &c) == -1)
			goto page_fail;
		for (k = 0; k < c.ntpl; k++) {
			for (m = 0; m < dx.tpls.n; m++)
				if (strcmp(dx.tpls.v[m].id, c.tplid[k]) == 0)
					break;
			if (m == dx.tpls.n) {
				errbuf_set(o->err, o->errlen, "page %zu uses "
				    "template %.40s, which is not declared",
				    i + 1, c.tplid[k]);
				goto page_fail;
			}
			t = &dx.tpls.v[m];
			if (!t->loaded) {
				struct ofd_content tc;

				memset(&tc, 0, sizeof(tc));
				tc.pc = &t->pc;
				if (ofd_content(o, path, t->loc, &tc) == -1)
					goto page_fail;
				t->loaded = 1;
			}
			tpl[k] = &t->pc;
		}
		if (ofd_emit(o, &pc, tpl, c.ntpl) == -1)
			goto page_fail;
		for (k = 0; k < c.ntpl; k++)
			free(c.tplid[k]);
		ofd_pieces_free(&pc);
		continue;
page_fail:
		for (k = 0; k < c.ntpl; k++)
			free(c.tplid[k]);
		ofd_pieces_free(&pc);
		goto done;
	}
	rc = 0;
done:
	ofd_refs_free(&dx.pages);
	ofd_refs_free(&dx.tpls);
	return rc;
}

int
ofd_extract(const unsigned char *buf, size_t len, char **text,
    size_t *textlen, char *err, size_t errlen)
{
	struct ofd	 o;
	struct ofd_root	 r;
	char		 path[OFD_PATH_MAX];
	size_t		 i;
	int		 rc = -1;

	*text = NULL;
	if (textlen != NULL)
		*textlen = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.err = err;
	o.errlen = errlen;
	if (zipread_open(&o.zr, buf, len, NULL, err, errlen) == -1)
		return -1;
	if (!zipread_exists(o.zr, "OFD.xml")) {
		errbuf_set(err, errlen, "not an OFD: no OFD.xml");
		goto done;
	}
	if (ofd_read(&o, "package", "OFD.xml", &ofd_root_cb, &r) == -1)
		goto done;
	if (r.ndocs == 0) {
		errbuf_set(err, errlen, "OFD.xml names no document (DocRoot)");
		goto done;
	}
	for (i = 0; i < r.ndocs; i++) {
		if (ofd_resolve(&o, "OFD.xml", r.docroot[i], path,
		    sizeof(path)) == -1 || ofd_document(&o, path) == -1)
			goto done;
	}
	if (o.out.s == NULL)
		strbuf_add(&o.out, "", 0);
	if (o.out.nomem) {
		errbuf_set(err, errlen, "out of memory");
		goto done;
	}
	*text = o.out.s;
	o.out.s = NULL;
	if (textlen != NULL)
		*textlen = o.out.len;
	rc = 0;
done:
	if (rc == -1 && err != NULL && errlen > 0)
		xmlsafe_reason_fix(err);
	for (i = 0; i < r.ndocs; i++)
		free(r.docroot[i]);
	free(r.cur.s);
	for (i = 0; i < o.nseen; i++)
		free(o.seen[i]);
	free(o.seen);
	free(o.out.s);
	zipread_close(o.zr);
	return rc;
}
