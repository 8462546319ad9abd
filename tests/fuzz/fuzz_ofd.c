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

#include <zip.h>

#include "ofd.h"

#define FUZZ_MAIN	"<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot>" \
	"</DocBody></OFD>"
#define FUZZ_DOC	"<Document><CommonData><TemplatePage ID=\"1\" " \
	"BaseLoc=\"T/Content.xml\"/></CommonData><Pages><Page ID=\"2\" " \
	"BaseLoc=\"P/Content.xml\"/></Pages></Document>"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_add(zip_t *za, const char *name, const void *data, size_t size)
{
	zip_source_t	*s;

	if ((s = zip_source_buffer(za, data, size, 0)) == NULL)
		return -1;
	if (zip_file_add(za, name, s, 0) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

static unsigned char *
fuzz_wrap(const uint8_t *data, size_t size, size_t *len)
{
	zip_source_t	*src;
	zip_t		*za;
	zip_stat_t	 st;
	unsigned char	*buf = NULL;

	if ((src = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL)
		return NULL;
	zip_source_keep(src);
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, NULL)) == NULL)
		goto done;
	if (fuzz_add(za, "OFD.xml", FUZZ_MAIN, strlen(FUZZ_MAIN)) == -1 ||
	    fuzz_add(za, "Doc_0/Document.xml", FUZZ_DOC, strlen(FUZZ_DOC)) ==
	    -1 || fuzz_add(za, "Doc_0/P/Content.xml", data, size) == -1 ||
	    fuzz_add(za, "Doc_0/T/Content.xml", data, size) == -1 ||
	    zip_close(za) != 0) {
		zip_discard(za);
		goto done;
	}
	zip_stat_init(&st);
	if (zip_source_open(src) == 0) {
		if (zip_source_stat(src, &st) == 0 &&
		    (buf = malloc(st.size)) != NULL &&
		    zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
			free(buf);
			buf = NULL;
		}
		*len = st.size;
		zip_source_close(src);
	}
done:
	zip_source_free(src);
	return buf;
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
	if (ofd_extract(data, size, &text, &len, err, sizeof(err)) == 0)
		free(text);
	free(zip);
	return 0;
}
