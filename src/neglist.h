/*
 * neglist: the 政务公开负面清单 — the items of what an office does not
 * disclose, each with its legal ground (条例第十四条/第十五条/第十六条),
 * read from conf/negative-list.conf (its format is described there; the
 * build compiles it in, a site file replaces it).  A withheld or
 * on_request record cites one item in its "negative_item": the one given
 * to `docketctl mark … --item ID`, else the one its stated reason
 * (disclosure_reason) matches; with none it carries flag reason_unlisted,
 * which the review report lists for the secretary.  The public site shows
 * the items with how many documents cite each (neglist_counts): counts,
 * never titles.  Pure apart from the file read and neglist_counts' index
 * read.
 */
#ifndef DOCKET_NEGLIST_H
#define DOCKET_NEGLIST_H

#include <jansson.h>
#include <stddef.h>

#include "lifecycle.h"
#include "store.h"

#define NEGLIST_ID_MAX		32	/* bytes of an item id */
#define NEGLIST_FLAG		"reason_unlisted"
/* A record with a 密级 whose reason matches no item cites the item this
 * matches (the state-secret item of a list, by its match phrases). */
#define NEGLIST_SECRET		"国家秘密"

struct neglist;

struct neglist_item {
	const char	*id;		/* [ID] */
	const char	*matter;	/* 事项 */
	const char	*basis;		/* 依据 */
	const char	*agency;	/* NULL: every agency */
};

/*
 * Load the list from the file at path, from text (NUL-terminated; name
 * is used in messages), or the built-in copy of conf/negative-list.conf.
 * NULL with "FILE:LINE: reason" in err on a bad file.
 */
struct neglist	*neglist_load(const char *path, char *err, size_t errlen);
struct neglist	*neglist_load_buf(const char *text, const char *name,
		    char *err, size_t errlen);
struct neglist	*neglist_builtin(char *err, size_t errlen);
/* path "" (or NULL): the built-in list. */
struct neglist	*neglist_open(const char *path, char *err, size_t errlen);
void		 neglist_free(struct neglist *);

size_t		 neglist_count(const struct neglist *);
const struct neglist_item *neglist_item(const struct neglist *, size_t);
const struct neglist_item *neglist_find(const struct neglist *,
		    const char *id);

/*
 * The item a stated reason cites: the one with the longest match phrase
 * in it (blanks ignored), a tie to the item of agency, then to the first.
 * Items of another agency are not matched.  NULL when none (or no reason).
 */
const struct neglist_item *neglist_match(const struct neglist *,
		    const char *reason, const char *agency);

/* 1 for a disclosure that must cite an item: withheld, on_request. */
int		 neglist_cites(const char *disclosure);

/*
 * Bring a record in line (change.c runs it on every record it commits):
 * a withheld or on_request record without negative_item gets the item its
 * reason matches (a classified one, else the item NEGLIST_SECRET
 * matches), else flag reason_unlisted; one with an item loses the flag;
 * any other disclosure loses both.  Returns NEGLIST_ITEM when the item
 * changed (the one before in old, "" for none), NEGLIST_FLAGGED when only
 * the flag did, NEGLIST_SAME when nothing.  change.c records an item's
 * change on the event of the change that caused it ("negative_item" on
 * the register, version or review event), or, with none, as an event of
 * its own (neglist_event).
 */
#define NEGLIST_SAME		0
#define NEGLIST_FLAGGED		1
#define NEGLIST_ITEM		2
int		 neglist_apply(const struct neglist *, json_t *rec,
		    char old[NEGLIST_ID_MAX + 1]);
/* The event "negative_item" from old to the record's item (reason: the
 * item's 依据, or why there is none). */
json_t		*neglist_event(const struct neglist *, const struct lc_ctx *,
		    const char *old, json_t *rec);

/*
 * After lc_mark: the item the marking cites — item (an id of the list),
 * else the one the new reason matches (NULL: none, flag reason_unlisted).
 * mark_ev (the mark event) gets "negative_item".  LC_EUSAGE with a
 * message when item is not on the list or the disclosure cites none.
 */
int		 neglist_mark(const struct neglist *, json_t *rec,
		    const char *item, json_t *mark_ev, char *err,
		    size_t errlen);

/*
 * For the public site and `docketctl negative-list`: the items in file
 * order, [{"id","matter","basis","agency","count"}], count = records that
 * cite the item (idx_neg_item; counts only).  0, or an LMDB error.
 */
int		 neglist_counts(const struct neglist *, struct store *,
		    MDB_txn *, json_t **out);

/* The list docketd uses (set at start and on reload), for the commands
 * and the change hook; NULL before. */
void		 neglist_set_active(const struct neglist *);
const struct neglist *neglist_active(void);

#endif
