/*
 * calendar_load: the holiday files on disk.  docket ships each year's
 * conf/holidays/YYYY.conf twice: built in (a C string, so a deadline is
 * right with no installed file) and installed under
 * $(sysconfdir)/docket/holidays.  A site directory adds years and
 * overrides built-in ones: a new year is a new file, with no rebuild.
 */
#ifndef DOCKET_CALENDAR_LOAD_H
#define DOCKET_CALENDAR_LOAD_H

#include <stddef.h>

#include "calendar.h"

/* Load every YYYY.conf of dir (other names are ignored); a year already
 * in the calendar is replaced.  The file's year must be its name's.  0
 * ok; -1 with err ("DIR/2025.conf: line 3: ..."), the years read before
 * the bad file stay loaded. */
int	calendar_load_dir(struct calendar *, const char *dir, char *err,
	    size_t errlen);

/* The built-in years (conf/holidays/ as the build saw it). */
int	calendar_load_builtin(struct calendar *, char *err, size_t errlen);

/*
 * A calendar with the built-in years, then those of dir: dir may be NULL
 * or "" (built-in only); a missing dir is no error when missing_ok (the
 * default installed directory), else it is.  NULL with err.
 */
struct calendar *calendar_open(const char *dir, int missing_ok, char *err,
	    size_t errlen);

#endif
