/*
 * change: one atomic change to the archive — records with their new
 * events, and extra files such as cleanup results — made durable in the
 * order DESIGN.md asks for: the vault commit (fsync'd) first, then one
 * LMDB transaction.  Ingest, the commands and the clock all write
 * through here, so every state change is an event in both places.
 */
#ifndef DOCKET_CHANGE_H
#define DOCKET_CHANGE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"
#include "vault.h"

struct change;
struct calendar;

/*
 * The public catalog (publish.c): once set, change_commit runs
 * publish_apply on every record it commits, so a record enters or leaves
 * the site in the commit that changes it, with its event, and gets its
 * 索引号 from idx_index_no.  code gives an agency's organisation code (or
 * NULL).  docketd sets it at start; without it nothing is published.
 */
struct change_site {
	const struct calendar	*cal;
	const char		*(*code)(void *arg, const char *agency);
	void			*arg;
};
void		 change_set_site(const struct change_site *);
/* While set, what the catalog takes in is not measured for lateness
 * (publish_backfill). */
void		 change_site_backfill(int);

/* fn(arg) after every change_commit that the index holds (docketd: the
 * static site follows); NULL: none.  fn must not commit. */
void		 change_on_commit(void (*fn)(void *), void *arg);

/*
 * The full-text index follows every commit (docketd: search_feed.c).
 * text(arg, id, sha, text, len): ingest staged the text of record id at
 * sha for the next commit (change_text).  commit(arg, parent, commit,
 * recs) after every change_commit that LMDB holds, before the hook
 * above: parent is LMDB's vault head before, recs the records written;
 * both NULL when replay indexed the commit.  Neither may commit.
 * before(arg), when not NULL, right before each LMDB write of a commit
 * (docketd: the index's batch in flight ends first, so that the index is
 * never more than one commit behind LMDB).
 */
struct change_index_hook {
	void	(*text)(void *arg, const char *id, const char *sha,
		    const char *text, size_t len);
	void	(*commit)(void *arg, const char *parent, const char *commit,
		    json_t *recs);
	void	*arg;
	void	(*before)(void *arg);
};
void		 change_on_index(const struct change_index_hook *);
void		 change_text(const char *id, const char *sha, const char *text,
		    size_t len);
/* A commit that changes no record (an application's), made after parent
 * and in LMDB: the index moves past it as past a batch of none. */
void		 change_index_past(const char *parent, const char *commit);

struct change	*change_new(struct store *, struct vault *);
void		 change_free(struct change *);

/*
 * The current state of a record, for changing it: the copy this change
 * already holds, else the one in LMDB (read with txn).  Borrowed: valid
 * until change_free.  NULL when there is no such record.
 */
json_t		*change_get(struct change *, MDB_txn *txn, uint64_t id);
/* The ids this change holds, in the order they were added. */
size_t		 change_count(struct change *);
json_t		*change_record(struct change *, size_t i);

/*
 * Add (or keep) rec in the change, with events to append to its log;
 * events is a JSON array and its entries are taken.  rec is referenced,
 * so later edits to it (or to what change_get returned) are committed.
 */
int		 change_put(struct change *, json_t *rec, json_t *events);

/* This change publishes a cleanup result: meta last_cleanup becomes the
 * commit's time (replay derives it the same way). */
void		 change_note_cleanup(struct change *);

/*
 * Append an event to a log file of the vault outside records/ (e.g.
 * quarantine/log.jsonl): the file as the vault's head holds it plus one
 * line, {"seq": N, ...ev}, staged for this change's commit; ev gets its
 * "seq" too.  0, or -1 with a message.  Replay does not read such files
 * (no name there ends in /events.jsonl or /record.json): they record
 * what happened at the archive's doors, not a record's state.
 */
int		 change_append(struct change *, const char *path, json_t *ev,
		    char *err, size_t errlen);

/* Set a meta key in the LMDB transaction. */
int		 change_meta(struct change *, const char *key, const char *val);

/*
 * Stage every record.json and events.jsonl, commit the vault, then write
 * LMDB: records (with "commit" set), version rows for new versions, the
 * new events and vault_head.  Returns 0, or -1 with a message; after a
 * vault commit whose index write failed it returns -2 (the vault holds
 * the change, and replay will index it).
 */
int		 change_commit(struct change *, const char *message,
		    char commit[VAULT_OID_HEX], char *err, size_t errlen);

#endif
