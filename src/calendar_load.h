/*
 * calendar_load: the I/O side of the calendar — every YYYY.conf of a
 * directory parsed into a struct calendar.
 */
#ifndef DOCKET_CALENDAR_LOAD_H
#define DOCKET_CALENDAR_LOAD_H

#include <stddef.h>

struct calendar;

/* Load every YYYY.conf of dir; 0, or -1 with err. */
int	calendar_load_dir(struct calendar *, const char *dir, char *err,
	    size_t errlen);

#endif
