/*
 * csvrow: CSV rows that Excel on Chinese Windows opens as they are (see
 * csvrow.h).
 */
#include <string.h>

#include "csvrow.h"

static void
csvrow_field(struct strbuf *sb, const char *s, int first)
{
	const char	*p;
	int		 quote;

	if (!first)
		strbuf_add(sb, ",", 1);
	if (s == NULL || *s == '\0')
		return;
	quote = strpbrk(s, ",\"") != NULL;
	if (quote)
		strbuf_add(sb, "\"", 1);
	/* A formula in a spreadsheet: keep it text. */
	if (strchr("=+-@", *s) != NULL)
		strbuf_add(sb, "'", 1);
	for (p = s; *p; p++) {
		if (*p == '"')
			strbuf_add(sb, "\"\"", 2);
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			strbuf_add(sb, " ", 1);
		else
			strbuf_add(sb, p, 1);
	}
	if (quote)
		strbuf_add(sb, "\"", 1);
}

void
csvrow_add(struct strbuf *sb, size_t n, const char *const *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvrow_field(sb, v[i], i == 0);
	strbuf_add(sb, "\r\n", 2);
}
