/*
 * fuzz_cron: libFuzzer target for the schedule strings of docketd.conf —
 * cron expressions (then next/prev from a fixed time, which must move
 * the right way) and review periods.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "lifecycle.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cron	 c;
	char		 err[256], *s, date[11];
	int64_t		 t = 1796000000, n, p;
	int		 m, d;

	if (size > 4096 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cron_parse(&c, s, err, sizeof(err)) == 0) {
		n = cron_next(&c, t);
		p = cron_prev(&c, t);
		if ((n != -1 && n <= t) || (p != -1 && p > t))
			abort();
	}
	if (lc_parse_period(s, &m, &d) == 0)
		(void)lc_date_add("2026-01-31", m, d, date);
	free(s);
	return 0;
}
