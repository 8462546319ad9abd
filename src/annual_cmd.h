/*
 * annual_cmd: docketd's side of `docketctl annual-report set` and
 * `publish` — the control requests annual_set (a value of table 二 that
 * no document gives, as an event in the vault's annual/YEAR/values.jsonl)
 * and annual_publish (the report of a past year as of today, its JSON
 * and Markdown committed to annual/YEAR/ in one commit).  Both are for
 * root and the admin group (command.c's table).  The checks of a value
 * are here once, for docketctl too.
 */
#ifndef DOCKET_ANNUAL_CMD_H
#define DOCKET_ANNUAL_CMD_H

#include <stddef.h>

#include <jansson.h>

#include "control.h"
#include "docket.h"

/* One request; cmd is its wire name (CONTROL_CMD_ANNUAL_*). */
json_t	*annual_cmd(struct docket *, const struct control_peer *,
	    const char *cmd, json_t *args);

/* 1 when key is one `set` takes: permits, penalties, enforcement,
 * charges. */
int	 annual_key_known(const char *key);
/* Its row of table 二: 行政许可, 行政处罚, 行政强制, 行政事业性收费（万元）. */
const char *annual_key_label(const char *key);
/*
 * The value of key as stored: a whole number >= 0 (JSON integer) for
 * permits, penalties and enforcement; for charges an amount in 万元 with
 * at most 4 decimals, as a JSON string without needless zeros ("12.5").
 * NULL with a message (Chinese) in err.
 */
json_t	*annual_value_parse(const char *key, const char *text, char *err,
	    size_t errlen);
/* 0 when year may be set or printed (2008 to this_year); -1 with err. */
int	 annual_year_check(int year, int this_year, char *err, size_t errlen);

#endif
