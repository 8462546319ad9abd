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

/* spoolread_list's first max (0: all) names, and *total: all it holds. */
int	 spoolread_list_first(struct spoolread *, const char *dir, size_t max,
	    char ***names, size_t *n, size_t *total);

/*
 * For the batches of ingest: the names of dir not yet taken, oldest claim
 * first, from a listing of its first max names kept between calls; dir
 * is listed again (and *fresh set) only when every kept name was taken or
 * after spoolread_relist.  *names points into the kept listing (valid
 * until the next call; not to be freed) and holds spoolread_kept names;
 * *n counts every name of dir not yet taken.  0, or -1 as spoolread_list.
 */
int	 spoolread_next(struct spoolread *, const char *dir, size_t max,
	    char ***names, size_t *n, int *fresh);
/* Kept names not yet taken. */
size_t	 spoolread_kept(const struct spoolread *);
/* The first k names of the last spoolread_next are done with. */
void	 spoolread_taken(struct spoolread *, size_t k);
/* Forget the kept listing: the next spoolread_next lists dir again. */
void	 spoolread_relist(struct spoolread *);

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
