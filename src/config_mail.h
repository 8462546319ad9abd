/*
 * config_mail: handlers of docketd.conf's mail sections ([mail],
 * [agency NAME], [report NAME]) as a table for config.c.
 */
#ifndef DOCKET_CONFIG_MAIL_H
#define DOCKET_CONFIG_MAIL_H

#include <stddef.h>

struct config;

/*
 * A section handler: the section [NAME] (arg NULL) or [NAME ARG]; 1 the
 * key was taken, 0 a bad key or value (reason in err).
 */
typedef int (*config_section_fn)(struct config *, const char *arg,
    const char *name, const char *value, char *err, size_t errlen);

struct config_section {
	const char		*name;	/* "mail", "agency" */
	int			 has_arg;	/* [agency NAME] */
	config_section_fn	 fn;
};

/* The mail sections, ended by { NULL }. */
extern const struct config_section config_mail_sections[];

void	config_mail_defaults(struct config *);
/* After the whole file: every report complete.  -1 with err. */
int	config_mail_check(struct config *, char *err, size_t errlen);

#endif
