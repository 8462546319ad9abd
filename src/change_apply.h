/*
 * change_apply: the LMDB half of a change — records, version rows,
 * events and meta written in one transaction.  Shared by change.c (the
 * live path, after its vault commit) and replay.c (recovery, from the
 * vault's files), which thereby need not know each other: change.c may
 * call replay, replay calls only this.
 */
#ifndef DOCKET_CHANGE_APPLY_H
#define DOCKET_CHANGE_APPLY_H

#include <jansson.h>

#include "store.h"

/* The version row kept for each version of a record (NULL: no memory,
 * which xalloc makes fatal). */
json_t	*change_version_row(json_t *rec);

/*
 * Write a batch of records (each carrying its commit) with version rows
 * for versions LMDB has not seen, events as whole logs or new lines, and
 * meta: a store_write() callback, arg a struct change_apply.
 */
struct change_apply {
	json_t		*recs;		/* array of records */
	json_t		*events;	/* {id: [[seq, line], ...]} */
	json_t		*meta;		/* {key: value} */
};
int	 change_apply(struct store *, MDB_txn *, void *);

#endif
