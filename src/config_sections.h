/*
 * config_sections: handlers of docketd.conf's own sections ([intake],
 * [extract], [ocr], [review], [cleanup], [calendar], [applications]) as a
 * table for config.c, like config_mail.h's.
 */
#ifndef DOCKET_CONFIG_SECTIONS_H
#define DOCKET_CONFIG_SECTIONS_H

#include "config_mail.h"

/* docketd's own sections, ended by { NULL }. */
extern const struct config_section config_sections[];

#endif
