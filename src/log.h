/*
 * log: the daemon's logging API, OpenSMTPD style.  In the foreground it
 * writes to stderr; otherwise to syslog.  log_warn appends strerror(errno).
 */
#ifndef DOCKET_LOG_H
#define DOCKET_LOG_H

#include <stdarg.h>

void	log_init(int foreground, int verbose, const char *ident);
/* 1 when messages go to stderr (-f), 0 for syslog. */
int	log_is_foreground(void);
void	log_setverbose(int);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn))
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn))
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
