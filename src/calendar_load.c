/*
 * calendar_load: read the holiday files.  The built-in years come from
 * holidays_default.h, which the build generates from conf/holidays/ (one
 * C string per year, like domains_default.h); a directory's YYYY.conf
 * files are read in ascending order and replace or add years.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "calendar_load.h"
#include "holidays_default.h"

#define CAL_LOAD_MAX	(64 * 1024)
#define CAL_LOAD_YEARS	256

int
calendar_load_builtin(struct calendar *cal, char *err, size_t errlen)
{
	char	 why[256];
	size_t	 i;

	for (i = 0; i < sizeof(holidays_default) / sizeof(holidays_default[0]);
	    i++) {
		if (calendar_parse_year(cal, holidays_default[i].text,
		    strlen(holidays_default[i].text), why, sizeof(why)) == -1) {
			snprintf(err, errlen, "<built-in %d.conf>: %s",
			    holidays_default[i].year, why);
			return -1;
		}
		if (!calendar_has_year(cal, holidays_default[i].year)) {
			snprintf(err, errlen, "<built-in %d.conf>: not the "
			    "year %d", holidays_default[i].year,
			    holidays_default[i].year);
			return -1;
		}
		calendar_set_source(cal, holidays_default[i].year,
		    "built-in");
	}
	return 0;
}

/* 2025.conf -> 2025; 0 for any other name. */
static int
cal_file_year(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	if (strcmp(name + 4, ".conf") != 0)
		return 0;
	return atoi(name);
}

static int
cal_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Read a whole (small) file; NULL with err. */
static char *
cal_read(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(CAL_LOAD_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, CAL_LOAD_MAX + 1, f);
	if (ferror(f) || n > CAL_LOAD_MAX) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ?
		    "cannot read" : "larger than 64K");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int
calendar_load_dir(struct calendar *cal, const char *dir, char *err,
    size_t errlen)
{
	DIR		*dp;
	struct dirent	*de;
	int		 years[CAL_LOAD_YEARS], y;
	size_t		 n = 0, i, len;
	char		 path[4096], why[256], *buf;

	if ((dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL)
		if ((y = cal_file_year(de->d_name)) != 0 &&
		    n < CAL_LOAD_YEARS)
			years[n++] = y;
	closedir(dp);
	qsort(years, n, sizeof(years[0]), cal_cmp_int);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%04d.conf", dir, years[i]);
		if ((buf = cal_read(path, &len, err, errlen)) == NULL)
			return -1;
		/* Parse into a scratch calendar first: the year must be the
		 * file's before it replaces anything. */
		{
			struct calendar		*tmp;
			const struct cal_year	*cy;
			int			 ok;

			if ((tmp = calendar_new()) == NULL) {
				free(buf);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			ok = calendar_parse_year(tmp, buf, len, why,
			    sizeof(why)) == 0;
			cy = ok ? calendar_year(tmp, years[i]) : NULL;
			calendar_free(tmp);
			if (!ok) {
				free(buf);
				snprintf(err, errlen, "%s: %s", path, why);
				return -1;
			}
			if (cy == NULL) {
				free(buf);
				snprintf(err, errlen, "%s: 'year =' is not %d, "
				    "the file's name", path, years[i]);
				return -1;
			}
		}
		if (calendar_parse_year(cal, buf, len, why, sizeof(why)) ==
		    -1) {
			free(buf);
			snprintf(err, errlen, "%s: %s", path, why);
			return -1;
		}
		free(buf);
		calendar_set_source(cal, years[i], path);
	}
	return 0;
}

struct calendar *
calendar_open(const char *dir, int missing_ok, char *err, size_t errlen)
{
	struct calendar	*cal;
	struct stat	 sb;

	if ((cal = calendar_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (calendar_load_builtin(cal, err, errlen) == -1)
		goto fail;
	if (dir == NULL || dir[0] == '\0')
		return cal;
	if (stat(dir, &sb) == -1 && errno == ENOENT && missing_ok)
		return cal;
	if (calendar_load_dir(cal, dir, err, errlen) == -1)
		goto fail;
	return cal;
fail:
	calendar_free(cal);
	return NULL;
}
