/*
 * cron: five-field cron expressions ("m h dom mon dow", Vixie cron
 * syntax, plus @daily and the other nicknames) and the next or previous
 * minute one fires at, in local time.  Pure functions apart from the
 * time zone they read through localtime_r.
 */
#ifndef DOCKET_CRON_H
#define DOCKET_CRON_H

#include <stddef.h>
#include <stdint.h>

/*
 * Bit sets: bit N set when value N matches.  minute 0-59, hour 0-23,
 * dom 1-31, month 1-12, dow 0-6 (a 7 in the expression is folded into
 * 0, Sunday).  dom_star and dow_star are 1 when that field starts with
 * '*': then a day must match both fields, otherwise either (cron's OR).
 */
struct cron {
	uint64_t	minute;
	uint32_t	hour;
	uint32_t	dom;
	uint16_t	month;
	uint8_t		dow;
	int		dom_star;
	int		dow_star;
};

/*
 * Parse "m h dom mon dow" or a nickname (@yearly @annually @monthly
 * @weekly @daily @midnight @hourly).  Returns 0, or -1 with a reason in
 * err ("field 2 (hour): 24 is out of range 0-23", "expected 5 fields,
 * got 4") and *c unchanged.
 */
int	cron_parse(struct cron *c, const char *expr, char *err,
	    size_t errlen);

/*
 * The first matching minute strictly after `after` (unix seconds), in
 * local time.  A local time that does not exist (a DST gap) is skipped;
 * one that happens twice fires once, at its first occurrence (so a
 * job every 15 minutes is silent through the repeated hour).  Returns
 * -1 when nothing matches within five years ("0 0 30 2 *").
 */
int64_t	cron_next(const struct cron *c, int64_t after);

/*
 * The last matching minute at or before `at`, under the same rules;
 * -1 when nothing matches within the five years before it.
 */
int64_t	cron_prev(const struct cron *c, int64_t at);

#endif
