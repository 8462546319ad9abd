/*
 * notify: tell the service manager how docketd is doing (sd_notify):
 * READY=1, STATUS=…, WATCHDOG=1, STOPPING=1.  Without libsystemd, or
 * outside systemd, every call does nothing.
 */
#ifndef DOCKET_NOTIFY_H
#define DOCKET_NOTIFY_H

#include <stdint.h>

void	notify_ready(void);
void	notify_stopping(void);
void	notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	notify_watchdog(void);
/* The watchdog ping interval in ms (half of WatchdogSec), 0 when off. */
uint64_t notify_watchdog_ms(void);

#endif
