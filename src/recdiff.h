/*
 * recdiff: which fields of a record differ between two of its states (two
 * versions' record.json), and each value as one line of Chinese text.
 * Pure: jansson objects in, a jansson array out, no I/O.  The fields that
 * name the version itself (version, commit, sha256, received_at, size)
 * are left out: `docketctl diff` shows them in its header.
 */
#ifndef DOCKET_RECDIFF_H
#define DOCKET_RECDIFF_H

#include <jansson.h>

/*
 * The fields that differ, as a new array of
 *   {"field": KEY, "change": "changed"|"added"|"removed",
 *    "from": OLD or null, "to": NEW or null}
 * in the order of `to`'s keys, then the keys only `from` has, in its
 * order.  A key whose value is null counts as absent ("added" is null or
 * absent → a value).  Values are compared with json_equal and copied
 * (deep), so the result outlives both records.  NULL when out of memory.
 */
json_t	*recdiff(json_t *from, json_t *to);

/* 1 for the keys recdiff leaves out. */
int	 recdiff_skipped(const char *key);

/*
 * v (the value of key) as one line for people, into a new string:
 * disclosure, status and flags by their Chinese labels, true/false as
 * 是/否, arrays joined with "，", objects as compact JSON, null or NULL
 * as （无）.  Newlines and other control characters become spaces.
 */
char	*recdiff_text(const char *key, json_t *v);

#endif
