/*
 * fuzz_html: libFuzzer target for html_extract (and the charset path
 * through textdec and iconv).  Any bytes must give text or a clean
 * refusal, never a crash or a leak; the text must keep its promises:
 * valid UTF-8, no NUL, no blank space at a line's end, at most one blank
 * line in a row, a final newline, and never longer than the input allows.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "textdec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 err[256], *text;
	size_t	 len, i;

	if (html_extract(data, size, &text, &len, err, sizeof(err)) == -1) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	if (strlen(text) != len || !textdec_is_utf8((unsigned char *)text,
	    len))
		abort();
	/* Every input byte gives at most 3 bytes (U+FFFD), plus '\n'. */
	if (len > size * 3 + 1)
		abort();
	if (len > 0 && (text[0] == '\n' || text[len - 1] != '\n'))
		abort();
	for (i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		if (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
			abort();
		if (i >= 2 && text[i - 1] == '\n' && text[i - 2] == '\n')
			abort();
	}
	free(text);
	return 0;
}
