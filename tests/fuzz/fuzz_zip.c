/*
 * fuzz_zip: libFuzzer target for zipread over arbitrary bytes: the
 * central directory checks, libzip's reading and the inflate caps.  Any
 * bytes must give entries or a clean refusal, never a crash, a leak or
 * an allocation that follows a declared size.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "zipread.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zipread	*zr;
	char		 err[256], *out, path[256];
	size_t		 i, len;

	if (zipread_open(&zr, data, size, NULL, err, sizeof(err)) == -1)
		return 0;
	for (i = 0; i < zipread_count(zr); i++) {
		if (zipread_read(zr, zipread_name(zr, i), &out, &len, err,
		    sizeof(err)) == 0)
			free(out);
		(void)zipread_path(zipread_name(zr, i), "../x/./y", path,
		    sizeof(path));
	}
	zipread_close(zr);
	return 0;
}
