/*
 * fuzz_ocrfix: libFuzzer target for ocrfix_text, which sees whatever
 * tesseract read from a scan.  The result must be valid UTF-8 of the
 * length it says, keep the input's lines one for one, and grow at most
 * threefold (a byte becomes U+FFFD at worst).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ocrfix.h"
#include "textdec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*out;
	size_t	 len, i, nin = 0, nout = 0;

	out = ocrfix_text((const char *)data, size, &len);
	if (len > size * 3 + 16 || out[len] != '\0' ||
	    !textdec_is_utf8((unsigned char *)out, len))
		abort();
	for (i = 0; i < size; i++)
		nin += data[i] == '\n';
	for (i = 0; i < len; i++)
		nout += out[i] == '\n';
	if (nin != nout)
		abort();
	free(out);
	return 0;
}
