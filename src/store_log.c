/*
 * store_log: the time-ordered parts of the LMDB wrapper — each record's
 * events (id + seq), the change log (event time + id + seq), the due
 * clock (kind + date + id) and the mail outbox.  Split from store.c,
 * whose struct, key encodings and sticky transaction error it shares
 * through store_impl.h.
 */
#include <stdint.h>
#include <string.h>

#include "store_impl.h"

/* --- events ------------------------------------------------------------- */

static void
store_event_key(uint64_t id, uint32_t seq, unsigned char k[12])
{
	store_id_key(id, k);
	k[8] = (unsigned char)(seq >> 24);
	k[9] = (unsigned char)(seq >> 16);
	k[10] = (unsigned char)(seq >> 8);
	k[11] = (unsigned char)seq;
}

/* The changes key of an event: its local time to the second, id, seq. */
static int
store_change_key(const char *line, size_t len, uint64_t id, uint32_t seq,
    unsigned char k[31])
{
	static const char	 tag[] = "\"time\":\"";
	const char		*p = memmem(line, len, tag, sizeof(tag) - 1);

	if (p == NULL || (size_t)(line + len - p) < sizeof(tag) - 1 + 19)
		return -1;
	memcpy(k, p + sizeof(tag) - 1, 19);
	store_event_key(id, seq, k + 19);
	return 0;
}

static int
store_put_event_(struct store *s, MDB_txn *txn, uint64_t id, uint32_t seq,
    const char *line, size_t len)
{
	unsigned char	kb[12], ck[31];
	MDB_val		k, v;
	int		rc;

	store_event_key(id, seq, kb);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	v.mv_data = (void *)(uintptr_t)line;
	v.mv_size = len;
	if ((rc = mdb_put(txn, s->events, &k, &v, 0)) != 0)
		return rc;
	if (store_change_key(line, len, id, seq, ck) == -1)
		return 0;
	k.mv_data = ck;
	k.mv_size = sizeof(ck);
	v.mv_data = "";
	v.mv_size = 0;
	return mdb_put(txn, s->changes, &k, &v, 0);
}

static int
store_each_change_(struct store *s, MDB_txn *txn, const char *since,
    const char *until, store_change_cb cb, void *arg)
{
	MDB_cursor		*c;
	MDB_val			 k, v, ek, ev;
	unsigned char		 start[19], kb[12];
	const unsigned char	*p;
	size_t			 n = 0, ulen = until ? strlen(until) : 0;
	uint32_t		 seq;
	int			 rc;

	memset(start, 0, sizeof(start));
	if (since != NULL && (n = strlen(since)) > 19)
		n = 19;
	memcpy(start, since ? since : "", n);
	if ((rc = mdb_cursor_open(txn, s->changes, &c)) != 0)
		return rc;
	k.mv_data = start;
	k.mv_size = n ? n : 1;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		p = k.mv_data;
		if (k.mv_size != 31)
			continue;
		if (until != NULL && memcmp(p, until, ulen > 19 ? 19 : ulen)
		    >= 0)
			break;
		memcpy(kb, p + 19, 12);
		seq = (uint32_t)kb[8] << 24 | (uint32_t)kb[9] << 16 |
		    (uint32_t)kb[10] << 8 | kb[11];
		ek.mv_data = kb;
		ek.mv_size = sizeof(kb);
		if (mdb_get(txn, s->events, &ek, &ev) != 0)
			continue;
		if (cb(store_key_id(kb), seq, ev.mv_data, ev.mv_size, arg) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

static int
store_each_event_(struct store *s, MDB_txn *txn, uint64_t id,
    store_event_cb cb, void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	unsigned char	 kb[12], *p;
	uint32_t	 seq;
	int		 rc;

	store_event_key(id, 0, kb);
	if ((rc = mdb_cursor_open(txn, s->events, &c)) != 0)
		return rc;
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 12 || memcmp(k.mv_data, kb, 8) != 0)
			break;
		p = k.mv_data;
		seq = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
		    (uint32_t)p[10] << 8 | p[11];
		if (cb(seq, v.mv_data, v.mv_size, arg) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

static int
store_last_event_(struct store *s, MDB_txn *txn, uint64_t id, uint32_t *seq)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	unsigned char	 kb[12], *p;
	int		 rc;

	*seq = 0;
	/* The first key after this id's last, then one back. */
	store_event_key(id + 1, 0, kb);
	if ((rc = mdb_cursor_open(txn, s->events, &c)) != 0)
		return rc;
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == 0)
		rc = mdb_cursor_get(c, &k, &v, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	store_event_key(id, 0, kb);
	if (rc == 0 && k.mv_size == 12 && memcmp(k.mv_data, kb, 8) == 0) {
		p = k.mv_data;
		*seq = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
		    (uint32_t)p[10] << 8 | p[11];
	}
	mdb_cursor_close(c);
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : rc;
}

/* --- due ---------------------------------------------------------------- */

static int
store_each_due_(struct store *s, MDB_txn *txn, char kind, const char *upto,
    store_due_cb cb, void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	unsigned char	 kb[1];
	const unsigned char *p;
	char		 date[11];
	int		 rc;

	kb[0] = (unsigned char)kind;
	if ((rc = mdb_cursor_open(txn, s->due, &c)) != 0)
		return rc;
	k.mv_data = kb;
	k.mv_size = 1;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		p = k.mv_data;
		if (k.mv_size != 19 || p[0] != (unsigned char)kind)
			break;
		memcpy(date, p + 1, 10);
		date[10] = '\0';
		if (upto != NULL && strcmp(date, upto) > 0)
			break;
		if (cb(store_key_id(p + 11), date, arg) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

struct store_first {
	char		*date;
	uint64_t	*id;
	int		 found;
};

static int
store_due_first_cb(uint64_t id, const char *date, void *arg)
{
	struct store_first *f = arg;

	memcpy(f->date, date, 11);
	*f->id = id;
	f->found = 1;
	return 1;
}

static int
store_due_first_(struct store *s, MDB_txn *txn, char kind, char date[11],
    uint64_t *id)
{
	struct store_first f = { date, id, 0 };
	int rc;

	if ((rc = store_each_due(s, txn, kind, NULL, store_due_first_cb,
	    &f)) != 0)
		return rc;
	return f.found ? 0 : MDB_NOTFOUND;
}

/* --- outbox ------------------------------------------------------------- */

static int
store_outbox_put_(struct store *s, MDB_txn *txn, uint64_t id, const char *json,
    size_t len)
{
	unsigned char	kb[8];
	MDB_val		k, v;

	store_id_key(id, kb);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	v.mv_data = (void *)(uintptr_t)json;
	v.mv_size = len;
	return mdb_put(txn, s->outbox, &k, &v, 0);
}

static int
store_outbox_del_(struct store *s, MDB_txn *txn, uint64_t id)
{
	unsigned char	kb[8];
	MDB_val		k;
	int		rc;

	store_id_key(id, kb);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	rc = mdb_del(txn, s->outbox, &k, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int
store_each_outbox_(struct store *s, MDB_txn *txn, store_outbox_cb cb,
    void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	int		 rc;

	if ((rc = mdb_cursor_open(txn, s->outbox, &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
		if (k.mv_size == 8 && cb(store_key_id(k.mv_data), v.mv_data,
		    v.mv_size, arg) != 0)
			break;
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

/* --- entry points (see STORE_ENTRY) ------------------------------------ */

STORE_ENTRY(store_put_event, (struct store *s, MDB_txn *txn, uint64_t id,
    uint32_t seq, const char *line, size_t len),
    (s, txn, id, seq, line, len))
STORE_ENTRY(store_each_change, (struct store *s, MDB_txn *txn, const char
    *since, const char *until, store_change_cb cb, void *arg),
    (s, txn, since, until, cb, arg))
STORE_ENTRY(store_each_event, (struct store *s, MDB_txn *txn, uint64_t id,
    store_event_cb cb, void *arg),
    (s, txn, id, cb, arg))
STORE_ENTRY(store_last_event, (struct store *s, MDB_txn *txn, uint64_t id,
    uint32_t *seq),
    (s, txn, id, seq))
STORE_ENTRY(store_each_due, (struct store *s, MDB_txn *txn, char kind, const
    char *upto, store_due_cb cb, void *arg),
    (s, txn, kind, upto, cb, arg))
STORE_ENTRY(store_due_first, (struct store *s, MDB_txn *txn, char kind, char
    date[11], uint64_t *id),
    (s, txn, kind, date, id))
STORE_ENTRY(store_outbox_put, (struct store *s, MDB_txn *txn, uint64_t id,
    const char *json, size_t len),
    (s, txn, id, json, len))
STORE_ENTRY(store_outbox_del, (struct store *s, MDB_txn *txn, uint64_t id),
    (s, txn, id))
STORE_ENTRY(store_each_outbox, (struct store *s, MDB_txn *txn, store_outbox_cb
    cb, void *arg),
    (s, txn, cb, arg))
