/*
 * termtext: make a document's text safe to print on a terminal.  Text
 * extracted from a document is the sender's: an escape sequence in it
 * (ESC, a C1 CSI) could move the cursor, retitle or reprogram the admin's
 * terminal.  Shown on a terminal, every control character but LF and TAB
 * is made visible instead: C0 and DEL in caret notation ("^[", "^M",
 * "^?", as cat -v), a C1 control and a byte that is not UTF-8 as U+FFFD.
 * Pure: the caller writes the pieces (docketctl text).
 */
#ifndef DOCKET_TERMTEXT_H
#define DOCKET_TERMTEXT_H

#include <stddef.h>

/* Bytes at the start of s[0..n) a terminal may get as they are: valid
 * UTF-8 with no control character but LF and TAB. */
size_t	termtext_plain(const char *s, size_t n);

/* s[0..n) (n >= 1) starts where termtext_plain stopped: the visible form
 * of that character (or byte) into rep, NUL-terminated; returns the bytes
 * of s it stands for. */
size_t	termtext_mask(const char *s, size_t n, char rep[4]);

#endif
