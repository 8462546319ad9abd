/*
 * publish: the rules of the public catalog (条例 Art. 26), pure.  Which
 * record may be on the portal, its 索引号 (index_no), the first day it
 * appeared (published_on), whether that was more than 20 working days
 * after it was made (flag published_late), and where the site lists it.
 * change.c applies publish_apply() to every record of every change, so
 * a record enters or leaves the site in the commit that changes it, with
 * its event; the site generator (site_*.c) only renders what this
 * decided.  Nothing here touches the vault, LMDB or the disk.
 */
#ifndef DOCKET_PUBLISH_H
#define DOCKET_PUBLISH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct calendar;

/* Working days from the 成文日期 (or the release) within which a public
 * document must be in the catalog (条例 Art. 26). */
#define PUBLISH_DAYS		20

/* publish_site_keys: at most this many keys, each shorter than max. */
#define PUBLISH_SITE_KEYS	3
#define PUBLISH_KEY_MAX		256

/* Where the site stands. */
struct publish_ctx {
	const struct calendar	*cal;		/* working days; NULL: none */
	char			 today[11];	/* YYYY-MM-DD, local */
	const char		*actor;		/* "docketd" */
	int			 no_lag;	/* never flag published_late
						 * (publish_backfill) */
	int64_t			 now;
	/* The 索引号 prefix of a record: its agency's code, else the
	 * site's, else "DOCKET".  Returns a borrowed string. */
	const char		*(*code)(void *arg, const char *agency);
	/* The next sequence number under prefix ("CODE/YYYY-"): one more
	 * than any given so far.  0, or -1 with a message. */
	int			 (*next_seq)(void *arg, const char *prefix,
				    unsigned int *seq, char *err,
				    size_t errlen);
	void			*arg;
};

/*
 * 1 when the record may be on the public site now: disclosure public, no
 * hold, no 密级 and no classified flag.  Whatever its status: a repealed,
 * expired or cleaned document stays, marked as such.
 */
int	 publish_eligible(json_t *rec);

/* The year the site files a record under: of its 成文日期, else of its
 * published_on, else of received_at.  0 when none. */
int	 publish_year(json_t *rec);

/*
 * The idx_site keys of a record with "published" true: m/YYYY-MM (the
 * month of published_on: the catalog by month), d/DOMAIN/YYYY and
 * a/AGENCY/YYYY ("-" for none).  Returns how many (0 when it is not on
 * the site).
 */
size_t	 publish_site_keys(json_t *rec,
	    char keys[PUBLISH_SITE_KEYS][PUBLISH_KEY_MAX]);

/*
 * Bring a record's publication in line with its state, appending events:
 * a record that becomes eligible gets published true, an index_no (once:
 * it is stable forever), published_on (the first time), and when that
 * day is more than PUBLISH_DAYS working days after its base date, flag
 * published_late with publish_lag {"from", "workdays", "cause"}.  The
 * base is the 成文日期, or the day of this change when prev_disclosure
 * (what the record was before this change; NULL for a new record) was a
 * deliberate on_request or withheld.  cause: "late_intake" (registered
 * as public, but dropped late) or "undetermined" (it waited without a
 * marking).  A record that stops being eligible gets published false
 * and an "unpublish" event with why.  Returns 1 when the record changed,
 * 0 when not, -1 with a message.
 */
int	 publish_apply(const struct publish_ctx *, json_t *rec,
	    const char *prev_disclosure, json_t *events, char *err,
	    size_t errlen);

/* Why a record is not eligible, in Chinese (for events and messages);
 * NULL when it is. */
const char *publish_why_not(json_t *rec);

#endif
