/*
 * fuzz_gongwen: libFuzzer target for the text path of a dropped file —
 * decoding (textdec) and field parsing (gongwen, marking, cndate).  Any
 * bytes must give a result or a clean refusal, never a crash or a leak.
 *
 * Properties (abort() when broken): the decoded text is valid UTF-8 of
 * the length returned; every field is NULL or a non-empty valid UTF-8
 * string without a newline, within the limits of gongwen.c (title: 4
 * lines of 240 bytes; a list: 128 entries of 1024 bytes, repeals 64; a
 * 份号 12 digits; dates YYYY-MM-DD; 密级 and 紧急程度 from their lists).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen.h"
#include "textdec.h"

/* The limits gongwen.c documents (GW_TITLE_LINES * GW_TITLE_LINE_MAX,
 * GW_LIST_MAX, GW_ITEM_MAX, GW_REPEALS_MAX, GW_COPY_MAX). */
#define P_TITLE_MAX	(4 * 240)
#define P_LIST_MAX	128
#define P_ITEM_MAX	1024
#define P_REPEALS_MAX	64
#define P_COPY_MAX	12
#define P_FIELD_MAX	4096	/* any other one-line field */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
p_str(const char *s, size_t max, int oneline)
{
	size_t n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (n == 0 || n > max || !textdec_is_utf8((const unsigned char *)s, n))
		abort();
	if (oneline && strchr(s, '\n') != NULL)
		abort();
}

static void
p_date(const char *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		abort();
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			abort();
}

static void
p_oneof(const char *s, const char *const *v)
{
	if (s == NULL)
		return;
	for (; *v != NULL; v++)
		if (strcmp(s, *v) == 0)
			return;
	abort();
}

static void
p_list(const struct gongwen_list *l, size_t max, size_t item)
{
	size_t i;

	if (l->n > max || (l->n == 0) != (l->v == NULL))
		abort();
	for (i = 0; i < l->n; i++) {
		if (l->v[i] == NULL)
			abort();
		p_str(l->v[i], item, 1);
	}
	if (l->v != NULL && l->v[l->n] != NULL)
		abort();
}

static void
p_gongwen(const struct gongwen *gw)
{
	static const char *const secrecy[] = { "秘密", "机密", "绝密", NULL };
	static const char *const urgency[] = { "特急", "加急", "特提", "平急",
	    NULL };
	size_t i;

	p_str(gw->docno, P_FIELD_MAX, 1);
	p_str(gw->issuer, P_FIELD_MAX, 1);
	if (gw->nissuers > GONGWEN_MAX_ISSUERS)
		abort();
	for (i = 0; i < gw->nissuers; i++) {
		if (gw->issuers[i] == NULL)
			abort();
		p_str(gw->issuers[i], P_FIELD_MAX, 1);
	}
	p_str(gw->title, P_TITLE_MAX, 1);
	p_str(gw->doc_type, P_FIELD_MAX, 1);
	p_date(gw->signed_on);
	p_str(gw->marking, P_FIELD_MAX, 1);
	p_list(&gw->markings, P_LIST_MAX, P_ITEM_MAX);
	p_str(gw->marking_decision, P_FIELD_MAX, 0);
	p_str(gw->disclosure_reason, P_FIELD_MAX, 0);
	p_str(gw->copy_no, P_COPY_MAX, 1);
	if (gw->copy_no != NULL &&
	    strspn(gw->copy_no, "0123456789") != strlen(gw->copy_no))
		abort();
	p_oneof(gw->secrecy, secrecy);
	p_str(gw->secrecy_term, P_FIELD_MAX, 1);
	p_oneof(gw->urgency, urgency);
	p_str(gw->letterhead, P_FIELD_MAX, 1);
	p_str(gw->signer, P_FIELD_MAX, 1);
	p_list(&gw->addressees, P_LIST_MAX, P_ITEM_MAX);
	p_list(&gw->attachments, P_LIST_MAX, P_ITEM_MAX);
	p_list(&gw->cc, P_LIST_MAX, P_ITEM_MAX);
	p_str(gw->printed_by, P_FIELD_MAX, 1);
	p_date(gw->printed_on);
	p_date(gw->effective_from);
	p_date(gw->valid_until);
	p_list(&gw->repeals, P_REPEALS_MAX, P_ITEM_MAX);
}

/* Both ways in (gongwen_parse, gongwen_parse_utf8 on text known valid)
 * read the same document. */
static void
p_same(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gongwen	 gw, gw2;
	const char	*cs;
	char		 err[256], *text;
	size_t		 len;

	text = textdec_decode(data, size, &len, &cs, err, sizeof(err));
	if (text == NULL)
		return 0;
	if (strlen(text) != len ||
	    !textdec_is_utf8((const unsigned char *)text, len))
		abort();
	if (gongwen_parse(text, &gw) == 0) {
		p_gongwen(&gw);
		if (gongwen_parse_utf8(text, len, &gw2) == 0) {
			p_same(gw.docno, gw2.docno);
			p_same(gw.title, gw2.title);
			p_same(gw.signed_on, gw2.signed_on);
			p_same(gw.marking, gw2.marking);
			p_same(gw.printed_by, gw2.printed_by);
			p_same(gw.valid_until, gw2.valid_until);
			if (gw.disclosure != gw2.disclosure ||
			    gw.flags != gw2.flags)
				abort();
			gongwen_free(&gw2);
		}
		gongwen_free(&gw);
	}
	free(text);
	return 0;
}
