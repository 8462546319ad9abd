/*
 * annual_md: the annual report (annual.h's model) as Markdown, in the
 * national order and with the national labels; a failed cross-check is
 * a visible warning line under the title and under its table.
 */
#ifndef DOCKET_ANNUAL_MD_H
#define DOCKET_ANNUAL_MD_H

#include <stddef.h>

#include <jansson.h>

char	*annual_md_render(json_t *model, size_t *len);

#endif
