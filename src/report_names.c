/*
 * report_names: the names of the report kinds, in the order they are
 * listed to people — the same order as report_kinds[] in report.c, which
 * test_report checks.  Apart from the kinds' code, so that checking a
 * configuration (config_mail.c) links no report, vault or LMDB code: the
 * light docketctl loads the configuration too.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const report_names[] = {
	"review",
	"cleanup",
	"compliance",
	"summary",
	"applications",
	NULL
};

const char *
report_kind_name(size_t i)
{
	size_t n;

	for (n = 0; report_names[n] != NULL; n++)
		if (n == i)
			return report_names[n];
	return NULL;
}

int
report_kind_known(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && report_names[i] != NULL; i++)
		if (strcmp(report_names[i], name) == 0)
			return 1;
	return 0;
}

void
report_kind_list(char *buf, size_t len, const char *sep, const char *last)
{
	size_t	i, n, used = 0;
	int	w;

	for (n = 0; report_names[n] != NULL; n++)
		;
	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + used, len - used, "%s%s",
		    i == 0 ? "" : i + 1 == n ? last : sep, report_names[i]);
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}
