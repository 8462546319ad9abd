/*
 * gongwen: read the fields of a GB/T 9704-2012 official document (公文)
 * from its extracted text.  The layout is the guide, not the words: the
 * 版头 (letterhead, 发文字号) comes before the title, the title is
 * 关于…+文种 and may wrap, the 主送机关 line ends with a colon, and the
 * 成文日期 stands on its own line under the 署名 near the end of the main
 * body.  Docnos, dates and markings quoted in sentences are references,
 * deadlines and instructions, never the document's own fields, so every
 * field is taken from a line whose shape fits the element.  The 附注 and
 * the disclosure rules live in marking.c.
 *
 * Besides the header fields it reads the other elements of GB/T 9704 (份号,
 * 紧急程度, 发文机关标志, 签发人, 主送机关, 附件说明, 抄送机关, 印发机关和
 * 印发日期) and what the body says of the document's own life: when it
 * takes effect (自…起施行), until when it is valid (有效期至…, 有效期N年) and
 * what it repeals (原《…》（…）同时废止).  Those come from sentences whose
 * subject is the document itself (本办法, 本通知 …), so the 施行 date of a
 * 条例 or the validity of a 登记证 named in the body are not taken.
 *
 * Input is hostile: text that is not valid UTF-8 is repaired (U+FFFD)
 * before parsing, every scan is bounded by the line it looks at, and only
 * the first lines of the document are searched for the header.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen_impl.h"
#include "marking.h"
#include "textblank.h"

static const char *gw_flag_names[GW_FLAG_COUNT] = {
	"no_marking", "conflicting_markings", "missing_reason", "no_docno",
	"no_title", "no_date", "classified", "invalid_date",
};

static const char *gw_disclosure_names[] = {
	"undetermined", "public", "on_request", "withheld",
};

static int	gongwen_parse_doc(const char *, size_t, int,
		    struct gongwen *);

int
gongwen_parse(const char *text, struct gongwen *gw)
{
	if (text == NULL)
		text = "";
	return gongwen_parse_doc(text, strlen(text), 0, gw);
}

int
gongwen_parse_utf8(const char *text, size_t len, struct gongwen *gw)
{
	return gongwen_parse_doc(text, len, 1, gw);
}

static int
gongwen_parse_doc(const char *text, size_t len, int valid,
    struct gongwen *gw)
{
	struct gw_doc	 doc;
	struct marking	 mk;
	struct gw_span	 span;
	char		 buf[16];
	size_t		 hend, hlen, i;
	int		 rc = -1;

	memset(gw, 0, sizeof(*gw));
	memset(&doc, 0, sizeof(doc));
	memset(&mk, 0, sizeof(mk));
	/* Decode and segment once; every reader below looks in its zone. */
	if (gw_doc_open(&doc, text, len, valid) == -1)
		return -1;
	hend = doc.zone[GW_Z_HEAD].to;

	if (gw_find_docno(&doc, hend, &gw->docno) == -1)
		goto out;
	if (doc.has_signed) {
		cndate_format(&doc.signed_d, buf);
		if ((gw->signed_on = gw_strdup(buf)) == NULL)
			goto out;
	}
	if (gw_issuers(&doc, hend, gw) == -1)
		goto out;
	if (doc.title != NULL) {
		gw->title = doc.title;
		doc.title = NULL;
		if (doc.doc_type != NULL &&
		    (gw->doc_type = gw_strdup(doc.doc_type)) == NULL)
			goto out;
	}

	/* The 密级 belongs to the 版头, above the title. */
	if (doc.title_first != GW_NONE)
		hlen = (size_t)(doc.lines[doc.title_first].p - doc.text);
	else if (hend < doc.nlines)
		hlen = (size_t)(doc.lines[hend].p - doc.text);
	else
		hlen = doc.len;
	if (marking_read(doc.text, doc.len, hlen, &mk) == -1)
		goto out;
	gw->disclosure = mk.disclosure;
	gw->flags |= mk.flags;
	/* No 附注: the site's 公开方式 row, when it gives one. */
	if ((mk.flags & GW_FLAG_NO_MARKING) &&
	    gw_meta_value(&doc, GW_META_DISC, &span)) {
		if (gw_find(span.p, span.n, "不予公开") != NULL ||
		    gw_find(span.p, span.n, "不公开") != NULL ||
		    gw_find(span.p, span.n, "免予公开") != NULL)
			gw->disclosure = DISCLOSURE_WITHHELD;
		else if (gw_find(span.p, span.n, "依申请") != NULL)
			gw->disclosure = DISCLOSURE_ON_REQUEST;
		else if (gw_find(span.p, span.n, "主动公开") != NULL ||
		    gw_find(span.p, span.n, "公开发布") != NULL ||
		    gw_find(span.p, span.n, "全文公开") != NULL)
			gw->disclosure = DISCLOSURE_PUBLIC;
		if (gw->disclosure != DISCLOSURE_UNDETERMINED)
			gw->flags &= ~GW_FLAG_NO_MARKING;
	}
	if (mk.phrase != NULL && (gw->marking = gw_strdup(mk.phrase)) == NULL)
		goto out;
	for (i = 0; i < mk.nfound; i++) {
		char *ph;

		if ((ph = gw_strdup(mk.found[i])) == NULL ||
		    gw_list_take(&gw->markings, ph, 0) == -1)
			goto out;
	}
	if (mk.decision != NULL &&
	    (gw->marking_decision = gw_strdup(mk.decision)) == NULL)
		goto out;
	gw->disclosure_reason = mk.reason;
	mk.reason = NULL;

	if (mk.secrecy_level != NULL &&
	    (gw->secrecy = gw_strdup(mk.secrecy_level)) == NULL)
		goto out;
	gw->secrecy_term = mk.secrecy_term;
	mk.secrecy_term = NULL;

	if (gw_header_marks(&doc, hend, gw) == -1 ||
	    gw_find_letterhead(&doc, hend, &gw->letterhead) == -1 ||
	    gw_find_signer(&doc, hend, &gw->signer) == -1 ||
	    gw_find_addressees(&doc, &gw->addressees) == -1 ||
	    gw_find_attachments(&doc, &gw->attachments) == -1 ||
	    gw_find_cc(&doc, &gw->cc) == -1 ||
	    gw_find_printed(&doc, gw) == -1 ||
	    gw_lifecycle(&doc, gw) == -1)
		goto out;

	if (gw->docno == NULL)
		gw->flags |= GW_FLAG_NO_DOCNO;
	if (gw->title == NULL)
		gw->flags |= GW_FLAG_NO_TITLE;
	if (gw->signed_on == NULL)
		gw->flags |= GW_FLAG_NO_DATE | (doc.bad_date ?
		    GW_FLAG_INVALID_DATE : 0);
	rc = 0;
out:
	marking_clear(&mk);
	gw_doc_close(&doc);
	if (rc == -1)
		gongwen_free(gw);
	return rc;
}

void
gongwen_free(struct gongwen *gw)
{
	size_t	i;

	if (gw == NULL)
		return;
	free(gw->docno);
	free(gw->issuer);
	for (i = 0; i < GONGWEN_MAX_ISSUERS; i++)
		free(gw->issuers[i]);
	free(gw->title);
	free(gw->doc_type);
	free(gw->signed_on);
	free(gw->marking);
	gw_list_free(&gw->markings);
	free(gw->marking_decision);
	free(gw->disclosure_reason);
	free(gw->copy_no);
	free(gw->secrecy);
	free(gw->secrecy_term);
	free(gw->urgency);
	free(gw->letterhead);
	free(gw->signer);
	gw_list_free(&gw->addressees);
	gw_list_free(&gw->attachments);
	gw_list_free(&gw->cc);
	free(gw->printed_by);
	free(gw->printed_on);
	free(gw->effective_from);
	free(gw->valid_until);
	gw_list_free(&gw->repeals);
	free(gw->domain);
	free(gw->domain_rule);
	memset(gw, 0, sizeof(*gw));
}

char *
gongwen_docno_normalize(const char *s)
{
	const char	*p;
	char		 norm[256];
	size_t		 n, start, end;

	if (s == NULL)
		return NULL;
	p = s;
	n = strlen(s);
	textblank_trim(&p, &n);
	if (gw_docno_find(p, n, &start, &end, norm, sizeof(norm)) == -1 ||
	    start != 0 || end != n)
		return NULL;
	return gw_strdup(norm);
}

const char *
gongwen_disclosure_name(enum disclosure d)
{
	if ((size_t)d >= nitems(gw_disclosure_names))
		return "undetermined";
	return gw_disclosure_names[d];
}

int
gongwen_disclosure_parse(const char *s, enum disclosure *d)
{
	size_t	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < nitems(gw_disclosure_names); i++)
		if (strcmp(s, gw_disclosure_names[i]) == 0) {
			if (d != NULL)
				*d = (enum disclosure)i;
			return 0;
		}
	return -1;
}

const char *
gongwen_flag_name(unsigned int flag)
{
	size_t	i;

	for (i = 0; i < GW_FLAG_COUNT; i++)
		if (flag == (1u << i))
			return gw_flag_names[i];
	return NULL;
}

unsigned int
gongwen_flag_parse(const char *s)
{
	size_t	i;

	if (s == NULL)
		return 0;
	for (i = 0; i < GW_FLAG_COUNT; i++)
		if (strcmp(s, gw_flag_names[i]) == 0)
			return 1u << i;
	return 0;
}
