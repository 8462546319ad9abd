/*
 * fuzz_gongwen: libFuzzer target for the text path of a dropped file —
 * decoding (textdec) and field parsing (gongwen, marking, cndate).  Any
 * bytes must give a result or a clean refusal, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gongwen.h"
#include "textdec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gongwen	 gw;
	const char	*cs;
	char		 err[256], *text;
	size_t		 len;

	text = textdec_decode(data, size, &len, &cs, err, sizeof(err));
	if (text == NULL)
		return 0;
	if (gongwen_parse(text, &gw) == 0)
		gongwen_free(&gw);
	free(text);
	return 0;
}
