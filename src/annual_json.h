/*
 * annual_json: the annual report's model as JSON text, indented, keys in
 * the model's stable order (what other systems read).
 */
#ifndef DOCKET_ANNUAL_JSON_H
#define DOCKET_ANNUAL_JSON_H

#include <stddef.h>

#include <jansson.h>

char	*annual_json_render(json_t *model, size_t *len);

#endif
