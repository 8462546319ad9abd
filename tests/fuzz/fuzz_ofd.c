/*
 * fuzz_ofd: libFuzzer target for ofd_extract.  Input that starts like a
 * zip is taken as a whole OFD package; anything else becomes the
 * Content.xml of the one page of a package built around it in memory (a
 * page that also uses a template whose content is the same input), so
 * that the XML and the line rebuilding are fuzzed too.  Text or a clean
 * refusal, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "ofd.h"
#include "textdec.h"
#include "zipread.h"
#include "../zipmem.h"

#define FUZZ_MAIN	"<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot>" \
	"</DocBody></OFD>"
#define FUZZ_DOC	"<Document><CommonData><TemplatePage ID=\"1\" " \
	"BaseLoc=\"T/Content.xml\"/></CommonData><Pages><Page ID=\"2\" " \
	"BaseLoc=\"P/Content.xml\"/></Pages></Document>"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned char *
fuzz_wrap(const uint8_t *data, size_t size, size_t *len)
{
	struct zipmem_part	p[4] = {
		{ "OFD.xml", FUZZ_MAIN, sizeof(FUZZ_MAIN) - 1 },
		{ "Doc_0/Document.xml", FUZZ_DOC, sizeof(FUZZ_DOC) - 1 },
		{ "Doc_0/P/Content.xml", data, size },
		{ "Doc_0/T/Content.xml", data, size },
	};

	return zipmem_build(p, 4, len);
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
	if (ofd_extract(data, size, &text, &len, err, sizeof(err)) == 0) {
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
