/*
 * config_publish: the [publish] section of docketd.conf (the public
 * catalog) and the check of an organisation code for 索引号, which
 * [agency NAME] code uses too.
 */
#ifndef DOCKET_CONFIG_PUBLISH_H
#define DOCKET_CONFIG_PUBLISH_H

#include <stddef.h>

#include "config_mail.h"

/* [publish] */
extern const struct config_section config_publish_sections[];

/* 1 when value may be a code of 索引号 (1 to 63 bytes of letters,
 * digits and '-'); 0 with a message. */
int	config_publish_code(const char *value, char *err, size_t errlen);
/* -1 (err set) when the resolved [publish] dir is, or is inside, the
 * intake, spool, quarantine, index or vault. */
int	config_publish_check(const struct config *, char *err, size_t errlen);

/* Defaults of [publish]. */
struct config;
void	config_publish_defaults(struct config *);

#endif
