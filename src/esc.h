/*
 * esc: make a name safe to print on one line of a log or a terminal, the
 * way git quotes paths (core.quotePath=false).  A name of printable
 * characters — Chinese included — is printed as it is.  A name holding a
 * control character (C0, DEL, C1), bytes that are not valid UTF-8, a
 * double quote or a backslash is printed in double quotes with C escapes:
 * "\n", "\t", "\033", "\\", "\"", and three octal digits for any other
 * byte.  So a newline in a file name cannot forge a log line and
 * an escape sequence in an agency folder cannot recolour a terminal.
 */
#ifndef DOCKET_ESC_H
#define DOCKET_ESC_H

#include <stddef.h>

/* 1 when s (NUL-terminated) must be quoted to be printed: it is not
 * esc_clean, or holds a double quote or a backslash (as git). */
int	 esc_needed(const char *s);
/* 1 when s[0..n) is valid UTF-8 with no control character (C0, DEL, C1):
 * what an agency folder name must be. */
int	 esc_clean(const char *s, size_t n);

/* Quote s into buf[0..len) (always NUL-terminated; a quoted result that
 * does not fit ends in "..."); returns buf.  NULL prints as "(null)". */
char	*esc_ctl(const char *s, char *buf, size_t len);

/* s with every control character, byte that is not UTF-8, quote and
 * backslash made '?': for text that is itself shown through esc() later
 * (a quarantine reason), so that it is not quoted twice. */
char	*esc_mask(const char *s, char *buf, size_t len);

/* esc_ctl into one of 8 rotating thread-local buffers of 1 KiB each, for
 * log lines naming a few things at once. */
const char *esc(const char *s);

#endif
