/*
 * config_mail: parsing of docketd.conf's [mail], [agency NAME] and
 * [report NAME] sections into struct config (config.h).
 */
#ifndef DOCKET_CONFIG_MAIL_H
#define DOCKET_CONFIG_MAIL_H

#include <stddef.h>

struct config;

void	config_mail_defaults(struct config *);
/* 1 handled, 0 a bad value (reason in err), -1 not a mail section. */
int	config_mail_handle(struct config *, const char *section,
	    const char *name, const char *value, char *err, size_t errlen);
/* After the whole file: every report complete.  -1 with err. */
int	config_mail_check(struct config *, char *err, size_t errlen);

#endif
