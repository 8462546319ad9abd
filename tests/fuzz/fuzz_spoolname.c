/*
 * fuzz_spoolname: libFuzzer target for spool-name decoding; a spool/
 * directory may hold names docket did not write.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spoolname.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 name[256], agency[256], out[256], *s;
	int64_t	 ms;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (spoolname_parse(s, &ms, agency, sizeof(agency), name,
	    sizeof(name)) == 0 && name[0] != '\0')
		(void)spoolname_make(out, sizeof(out), ms < 0 ? 0 : ms, 1,
		    agency, name);
	free(s);
	return 0;
}
