/*
 * fuzz_textnorm: libFuzzer target for textnorm_cjk_spaces, which sees
 * whatever an external tool printed.  The result must be valid UTF-8
 * without form feeds, CRs or blanks at a line's end, must have no more
 * lines than the input, and a second pass must change nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textdec.h"
#include "textnorm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in, *out, *again;
	size_t	 len, len2, i, nin = 0, nout = 0;

	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if ((out = textnorm_cjk_spaces(in, &len)) == NULL) {
		free(in);
		return 0;
	}
	if (strlen(out) != len || !textdec_is_utf8((unsigned char *)out, len))
		abort();
	for (i = 0; in[i] != '\0'; i++)
		if (in[i] == '\n' || in[i] == '\r' || in[i] == '\f')
			nin++;
	for (i = 0; i < len; i++) {
		if (out[i] == '\f' || out[i] == '\r')
			abort();
		if (out[i] != '\n')
			continue;
		nout++;
		if (i > 0 && (out[i - 1] == ' ' || out[i - 1] == '\t'))
			abort();
	}
	if (nout > nin + 1)
		abort();
	if ((again = textnorm_cjk_spaces(out, &len2)) != NULL) {
		if (len2 != len || memcmp(again, out, len) != 0)
			abort();
		free(again);
	}
	free(out);
	free(in);
	return 0;
}
