/*
 * annual_json: the annual report's model (annual.h, ISSUE19-PLAN §3
 * "Model keys") as the JSON that `docketctl annual-report --format json`
 * prints and the vault keeps beside the Markdown: two-space indents and
 * keys in the stable order of the issue, whatever order the model was
 * built in, so that other systems (a province's collection platform) and
 * diffs can rely on it.  Pure.
 */
#ifndef DOCKET_ANNUAL_JSON_H
#define DOCKET_ANNUAL_JSON_H

#include <jansson.h>
#include <stddef.h>

/* The model as text (ending with a newline), its length in *len (may be
 * NULL); NULL when model is not an object or memory ran out.  free() it. */
char	*annual_json_render(json_t *model, size_t *len);

/* The model with every object's keys in that order (a new reference;
 * values shared with model); NULL on the same failures. */
json_t	*annual_json_ordered(json_t *model);

#endif
