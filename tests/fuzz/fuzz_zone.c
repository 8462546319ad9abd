/*
 * fuzz_zone: libFuzzer target for the reader's segmenter (gongwen_zone.c):
 * any bytes are decoded and split into the zones of GB/T 9704 once.  The
 * zones must be ordered and within the text, every line inside it, and
 * the flattened 主体 must map back into the text, and a forwarded document
 * found in it must follow its lines; a violation aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
zone_check(const struct gw_doc *doc, int depth)
{
	const struct gw_zone	*z = doc->zone;
	const char		*end = doc->text + doc->len, *o;
	size_t			 i, k;

	for (k = 0; k < GW_Z_COUNT; k++)
		if (z[k].from > z[k].to || z[k].to > doc->nlines)
			abort();
	/* 版头 from the top; 主体 after the title; 版记 after the 主体 to
	 * the end. */
	if (z[GW_Z_HEAD].from != 0 || z[GW_Z_MAIN].to != z[GW_Z_BANJI].from ||
	    z[GW_Z_BANJI].to != doc->nlines)
		abort();
	if (doc->title_first != GW_NONE) {
		if (doc->title_first > doc->title_last ||
		    z[GW_Z_TITLE].from != doc->title_first ||
		    z[GW_Z_TITLE].to != doc->title_last + 1 ||
		    z[GW_Z_TITLE].to > z[GW_Z_MAIN].from)
			abort();
	} else if (z[GW_Z_TITLE].from != z[GW_Z_TITLE].to)
		abort();
	if (doc->addr != GW_NONE && (doc->addr + 1 != z[GW_Z_MAIN].from ||
	    doc->addr >= doc->nlines))
		abort();
	if (doc->date_line != GW_NONE && (doc->date_line < z[GW_Z_MAIN].from ||
	    doc->date_line >= doc->nlines))
		abort();
	/* Lines in order, each within the text. */
	for (i = 0; i < doc->nlines; i++) {
		if (doc->lines[i].p < doc->text || doc->lines[i].p +
		    doc->lines[i].n > end)
			abort();
		if (i > 0 && doc->lines[i].p < doc->lines[i - 1].p +
		    doc->lines[i - 1].n)
			abort();
	}
	/* The flattened 主体: line starts never go back, every byte maps
	 * into the text at or after the start of the 主体. */
	if (doc->flat == NULL || strlen(doc->flat) != doc->flat_len)
		abort();
	for (i = z[GW_Z_MAIN].from; i < doc->nlines; i++)
		if (doc->flat_at[i] > doc->flat_at[i + 1] ||
		    doc->flat_at[i + 1] > doc->flat_len)
			abort();
	for (i = 0; i < doc->flat_len; i += 1 + doc->flat_len / 64) {
		o = gw_flat_origin(doc, i);
		if (o == NULL || o < doc->lines[z[GW_Z_MAIN].from].p ||
		    o > end)
			abort();
		if (doc->flat[i] != '\n' && *o != doc->flat[i])
			abort();
	}
	if (gw_flat_origin(doc, doc->flat_len) != NULL)
		abort();
	/* The forwarded document starts where this one's lines end. */
	if (doc->embedded != NULL) {
		if (depth >= GW_EMBED_DEPTH || doc->nlines >= doc->all_nlines ||
		    doc->embedded->text != end)
			abort();
		zone_check(doc->embedded, depth + 1);
	} else if (doc->nlines != doc->all_nlines)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_doc	 doc;
	char		*text;

	/* The segmenter takes NUL-terminated text, and repairs what is not
	 * UTF-8 itself. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (gw_doc_open(&doc, text, strlen(text), 0) == 0) {
		zone_check(&doc, 0);
		gw_doc_close(&doc);
	}
	free(text);
	return 0;
}
