/*
 * spoolread: what ingest needs to read spool/ through a disk that
 * hiccups.  A read error that is the disk's or the system's (EIO, ENOMEM,
 * EINTR, ENFILE…) is not the file's fault: the file stays in spool/ and is
 * read again after a backoff (1 s doubling to 5 min), never quarantined.
 * A spool/ that cannot be listed (EACCES, EIO on opendir or readdir) is
 * not empty: it is logged (the first failure, then at most every 10
 * minutes, and when it recovers) and listed again after 1 s doubling to
 * 1 min.
 */
#ifndef DOCKET_SPOOLREAD_H
#define DOCKET_SPOOLREAD_H

#include <stddef.h>
#include <stdint.h>

struct spoolread;

struct spoolread *spoolread_new(void);
void	 spoolread_free(struct spoolread *);

/* 1 when errno e on reading a file is transient (retry), 0 when the
 * file itself is to blame (quarantine). */
int	 spoolread_transient(int e);

/*
 * The names in dir, sorted (oldest claim first), dot-names skipped, into
 * *names (free each and the array).  0, or -1 when dir cannot be listed
 * (logged, rate-limited; *names NULL, *n 0): try again after
 * spoolread_next_ms.  Forgets the failures of files no longer there.
 */
int	 spoolread_list(struct spoolread *, const char *dir, char ***names,
	    size_t *n);

/* 1 when name failed with a transient error and its backoff runs. */
int	 spoolread_waiting(struct spoolread *, const char *name);
/* name failed with a transient error (why: logged with the delay). */
void	 spoolread_failed(struct spoolread *, const char *name,
	    const char *why);
/* name was read: forget its failures. */
void	 spoolread_ok(struct spoolread *, const char *name);
/* ms until the earliest retry (of a file or of the listing) is due, 0 if
 * one is due now, -1 when nothing waits. */
int64_t	 spoolread_next_ms(const struct spoolread *);

#endif
