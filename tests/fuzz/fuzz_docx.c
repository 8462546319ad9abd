/*
 * fuzz_docx: libFuzzer target for docx_extract.  Input that starts like
 * a zip is taken as a whole docx; anything else becomes the
 * word/document.xml of a docx built around it in memory, so that the
 * XML handling is fuzzed too (a mutated part inside a zip would mostly
 * fail its CRC).  Text or a clean refusal, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "docx.h"
#include "textdec.h"
#include "zipread.h"
#include "../zipmem.h"

#define FUZZ_RELS	"<Relationships><Relationship Type=\"x/" \
	"officeDocument\" Target=\"word/document.xml\"/></Relationships>"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned char *
fuzz_wrap(const uint8_t *data, size_t size, size_t *len)
{
	struct zipmem_part	p[2] = {
		{ "_rels/.rels", FUZZ_RELS, sizeof(FUZZ_RELS) - 1 },
		{ "word/document.xml", data, size },
	};

	return zipmem_build(p, 2, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*zip = NULL;
	char		*text, err[256];
	size_t		 len = 0;

	if (size < 2 || data[0] != 'P' || data[1] != 'K') {
		if ((zip = fuzz_wrap(data, size, &len)) == NULL)
			return 0;
		data = zip;
		size = len;
	}
	err[0] = '\0';
	if (docx_extract(data, size, &text, &len, err, sizeof(err)) == 0) {
		/* Properties: valid UTF-8 of the length returned, no more
		 * than the zip reader lets be inflated in all. */
		if (strlen(text) != len || len > ZIPREAD_MAX_TOTAL_BYTES ||
		    !textdec_is_utf8((const unsigned char *)text, len))
			abort();
		free(text);
	} else if (err[0] == '\0')
		abort();	/* a refusal always says why */
	free(zip);
	return 0;
}
