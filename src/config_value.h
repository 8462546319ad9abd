/*
 * config_value: value syntax of docketd.conf (sizes, durations, yes/no),
 * used by config.c and the section handlers of config_mail.c.
 */
#ifndef DOCKET_CONFIG_VALUE_H
#define DOCKET_CONFIG_VALUE_H

#include <stdint.h>

/* Parse "64M", "1G", "4096", "1.5s"-free sizes; -1 on error. */
int	config_parse_size(const char *, uint64_t *);
/* yes/true/on/1 or no/false/off/0; -1 on anything else. */
int	config_parse_bool(const char *, int *);
/* Parse a duration: "60", "60s", "100ms", "5m", "1h", "1d"; result in ms. */
int	config_parse_duration_ms(const char *, uint64_t *);

#endif
