/*
 * change: make a set of record changes durable, vault first.
 *
 * Records are held by reference while the change is built.  At commit
 * each touched record gets its record.json and its events.jsonl staged:
 * the log as LMDB holds it plus the new lines, numbered on from the last
 * seq.  Then vault_commit (one fsync'd pack and ref), then one LMDB
 * transaction through change_apply.  A crash between the two is healed
 * at start-up by replay, which reads the same files back.
 *
 * Memory: the struct comes from xcalloc (abort on failure, the one OOM
 * policy) and every jansson call's result is checked, so an event is
 * never dropped from a change that then commits without it: a change
 * that could not be built fails as a whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "change.h"
#include "change_apply.h"
#include "interp.h"
#include "lifecycle.h"
#include "log.h"
#include "neglist.h"
#include "publish.h"
#include "record.h"
#include "replay.h"
#include "strbuf.h"
#include "xalloc.h"

struct change {
	struct store	*st;
	struct vault	*vt;
	json_t		*recs;		/* records in this change */
	json_t		*byid;		/* id -> index in recs */
	json_t		*loaded;	/* id -> record read from LMDB */
	json_t		*events;	/* id -> array of new events */
	json_t		*meta;
	int		 cleanup;	/* holds a cleanup result */
};

static const struct change_site	*change_site;
static int			 change_backfill;

void
change_site_backfill(int on)
{
	change_backfill = on;
}

void
change_set_site(const struct change_site *cs)
{
	change_site = cs;
}

static void	(*change_hook)(void *);
static void	*change_hook_arg;

void
change_on_commit(void (*fn)(void *), void *arg)
{
	change_hook = fn;
	change_hook_arg = arg;
}

/* The full-text index's hooks (search_feed.c). */
static const struct change_index_hook	*change_index;

void
change_on_index(const struct change_index_hook *h)
{
	change_index = h;
}

void
change_text(const char *id, const char *sha, const char *text, size_t len)
{
	if (change_index != NULL && change_index->text != NULL)
		change_index->text(change_index->arg, id, sha, text, len);
}

void
change_index_past(const char *parent, const char *commit)
{
	json_t	*none;

	if (change_index == NULL || change_index->commit == NULL ||
	    (none = json_array()) == NULL)
		return;
	change_index->commit(change_index->arg, parent, commit, none);
	json_decref(none);
}

/* Before a commit's LMDB write (the full-text index's batch in flight). */
static void
change_before(void)
{
	if (change_index != NULL && change_index->before != NULL)
		change_index->before(change_index->arg);
}

/* After a commit the index holds: tell (the full-text index, the site). */
static void
change_committed(const char *parent, const char *commit, json_t *recs)
{
	if (change_index != NULL && change_index->commit != NULL)
		change_index->commit(change_index->arg, parent, commit, recs);
	if (change_hook != NULL)
		change_hook(change_hook_arg);
}

/* The catalog's view of this change: the index to number from, and what
 * this change gave already. */
struct change_pub {
	struct change	*ch;
	MDB_txn		*txn;
	json_t		*given;		/* prefix -> last seq given here */
};

static const char *
change_pub_code(void *arg, const char *agency)
{
	(void)arg;
	return change_site->code != NULL ? change_site->code(change_site->arg,
	    agency) : NULL;
}

static int
change_pub_seq(void *arg, const char *prefix, unsigned int *seq, char *err,
    size_t errlen)
{
	struct change_pub	*p = arg;
	char			 last[PUBLISH_KEY_MAX + 16];
	json_t			*g;
	int			 rc;

	if ((g = json_object_get(p->given, prefix)) != NULL)
		*seq = (unsigned int)json_integer_value(g) + 1;
	else if ((rc = store_last_key(p->ch->st, p->txn, STORE_IDX_INDEX_NO,
	    prefix, last, sizeof(last))) == 0)
		*seq = (unsigned int)strtoul(last + strlen(prefix), NULL, 10) +
		    1;
	else if (rc == MDB_NOTFOUND)
		*seq = 1;
	else {
		snprintf(err, errlen, "index %s: 索引号 %s: %s",
		    store_dir(p->ch->st), prefix, store_strerror(rc));
		return -1;
	}
	if (*seq > 99999) {
		snprintf(err, errlen, "索引号 %s: more than 99999 in a year",
		    prefix);
		return -1;
	}
	if (json_object_set_new(p->given, prefix, json_integer(*seq)) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* publish_apply on every record of the change (see change_set_site). */
static int
change_publish(struct change *ch, MDB_txn *txn, char *err, size_t errlen)
{
	struct publish_ctx	 pc;
	struct change_pub	 p;
	json_t			*rec, *old, *list;
	const char		*id, *prev;
	uint64_t		 n;
	size_t			 i;
	int			 rc, ret = -1;

	if (change_site == NULL)
		return 0;
	memset(&pc, 0, sizeof(pc));
	pc.cal = change_site->cal;
	pc.actor = "docketd";
	pc.no_lag = change_backfill;
	pc.now = (int64_t)time(NULL);
	lc_date_of(pc.now, pc.today);
	pc.code = change_pub_code;
	pc.next_seq = change_pub_seq;
	pc.arg = &p;
	p.ch = ch;
	p.txn = txn;
	if ((p.given = json_object()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	json_array_foreach(ch->recs, i, rec) {
		id = record_str(rec, "id");
		old = NULL;
		prev = NULL;
		if (id != NULL && store_id_parse(id, &n) == 0) {
			rc = store_get_record(ch->st, txn, n, &old);
			if (rc != 0 && rc != MDB_NOTFOUND) {
				snprintf(err, errlen, "index %s: %s: %s",
				    store_dir(ch->st), id, store_strerror(rc));
				goto out;
			}
			prev = record_str(old, "disclosure");
		}
		/* The change's own events of the record: the catalog notes
		 * itself on the last; a record without one gets an event. */
		if ((list = json_object_get(ch->events, id)) != NULL) {
			rc = publish_apply(&pc, rec, prev, list, err, errlen);
			json_decref(old);
			if (rc == -1)
				goto out;
			continue;
		}
		if ((list = json_array()) == NULL) {
			json_decref(old);
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		rc = publish_apply(&pc, rec, prev, list, err, errlen);
		json_decref(old);
		if (rc == 1 && change_put(ch, rec, list) == -1) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
		json_decref(list);
		if (rc == -1)
			goto out;
	}
	ret = 0;
out:
	json_decref(p.given);
	return ret;
}

/*
 * The 负面清单 (neglist.c) on every record of the change, after the
 * catalog: a withheld or on_request record cites an item or carries flag
 * reason_unlisted, whoever changed it.  A change of the item is written on
 * the event that caused it (the last of this change that is not the
 * catalog's publish or unpublish), else as an event of its own.  Nothing
 * without an active list.  A policy that stopped being a public 规范性文件
 * in force loses flag no_interpretation here too (interp_tidy).
 */
static int
change_negative(struct change *ch, char *err, size_t errlen)
{
	const struct neglist	*nl = neglist_active();
	struct lc_ctx		 lc;
	json_t			*rec, *list, *ev, *cause;
	const char		*id, *a;
	char			 old[NEGLIST_ID_MAX + 1];
	size_t			 i, j;

	/* 政策解读: a policy no longer public and in force is no longer
	 * flagged for lacking one (interp.c). */
	json_array_foreach(ch->recs, i, rec)
		interp_tidy(rec);
	if (nl == NULL)
		return 0;
	lc_ctx_init(&lc, NULL, "docketd", (int64_t)time(NULL));
	json_array_foreach(ch->recs, i, rec) {
		if (neglist_apply(nl, rec, old) != NEGLIST_ITEM)
			continue;
		id = record_str(rec, "id");
		cause = NULL;
		list = id != NULL ? json_object_get(ch->events, id) : NULL;
		json_array_foreach(list, j, ev) {
			a = record_str(ev, "action");
			if (a != NULL && strcmp(a, "publish") != 0 &&
			    strcmp(a, "unpublish") != 0)
				cause = ev;
		}
		if (cause != NULL) {
			if (json_object_set(cause, "negative_item",
			    json_object_get(rec, "negative_item")) != 0)
				goto nomem;
			continue;
		}
		if ((list = json_array()) == NULL ||
		    (ev = neglist_event(nl, &lc, old, rec)) == NULL ||
		    json_array_append_new(list, ev) != 0 ||
		    change_put(ch, rec, list) == -1) {
			json_decref(list);
			goto nomem;
		}
		json_decref(list);
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -1;
}

struct change *
change_new(struct store *st, struct vault *vt)
{
	struct change *ch;

	ch = xcalloc(1, sizeof(*ch));
	ch->st = st;
	ch->vt = vt;
	ch->recs = json_array();
	ch->byid = json_object();
	ch->loaded = json_object();
	ch->events = json_object();
	ch->meta = json_object();
	if (ch->recs == NULL || ch->byid == NULL || ch->loaded == NULL ||
	    ch->events == NULL || ch->meta == NULL) {
		change_free(ch);
		return NULL;
	}
	return ch;
}

void
change_free(struct change *ch)
{
	if (ch == NULL)
		return;
	json_decref(ch->recs);
	json_decref(ch->byid);
	json_decref(ch->loaded);
	json_decref(ch->events);
	json_decref(ch->meta);
	free(ch);
}

json_t *
change_get(struct change *ch, MDB_txn *txn, uint64_t id)
{
	char	 key[STORE_ID_LEN];
	json_t	*ix, *rec;

	store_id_format(id, key);
	if ((ix = json_object_get(ch->byid, key)) != NULL)
		return json_array_get(ch->recs, (size_t)json_integer_value(ix));
	if ((rec = json_object_get(ch->loaded, key)) != NULL)
		return rec;
	if (store_get_record(ch->st, txn, id, &rec) != 0)
		return NULL;
	if (json_object_set_new(ch->loaded, key, rec) != 0)
		return NULL;
	return rec;
}

size_t
change_count(struct change *ch)
{
	return json_array_size(ch->recs);
}

json_t *
change_record(struct change *ch, size_t i)
{
	return json_array_get(ch->recs, i);
}

int
change_put(struct change *ch, json_t *rec, json_t *events)
{
	const char	*id = record_str(rec, "id");
	json_t		*list, *ev;
	size_t		 i;

	if (id == NULL)
		return -1;
	if (json_object_get(ch->byid, id) == NULL) {
		if (json_object_set_new(ch->byid, id,
		    json_integer((json_int_t)json_array_size(ch->recs))) != 0)
			return -1;
		if (json_array_append(ch->recs, rec) != 0) {
			json_object_del(ch->byid, id);
			return -1;
		}
	}
	if (events == NULL || json_array_size(events) == 0)
		return 0;
	if ((list = json_object_get(ch->events, id)) == NULL) {
		if (json_object_set_new(ch->events, id, json_array()) != 0)
			return -1;
		list = json_object_get(ch->events, id);
	}
	json_array_foreach(events, i, ev)
		if (json_array_append(list, ev) != 0)
			return -1;
	json_array_clear(events);
	return 0;
}

int
change_append(struct change *ch, const char *path, json_t *ev, char *err,
    size_t errlen)
{
	struct strbuf	 sb;
	json_t		*num;
	char		*buf = NULL, *line;
	size_t		 len = 0, i;
	int		 rc, n = 0;

	if ((rc = vault_read(ch->vt, NULL, path, &buf, &len, err, errlen)) ==
	    -1)
		return -1;
	memset(&sb, 0, sizeof(sb));
	if (rc == 0) {
		for (i = 0; i < len; i++)
			if (buf[i] == '\n')
				n++;
		strbuf_add(&sb, buf, len);
		if (len > 0 && buf[len - 1] != '\n') {
			strbuf_add(&sb, "\n", 1);
			n++;
		}
	}
	free(buf);
	line = NULL;
	if ((num = json_pack("{s:i}", "seq", n + 1)) != NULL &&
	    json_object_update(num, ev) == 0 &&
	    (line = json_dumps(num, JSON_COMPACT | JSON_PRESERVE_ORDER)) !=
	    NULL && (json_object_clear(ev) != 0 ||
	    json_object_update(ev, num) != 0)) {
		free(line);
		line = NULL;
	}
	json_decref(num);
	if (line != NULL) {
		strbuf_add(&sb, line, strlen(line));
		strbuf_add(&sb, "\n", 1);
		free(line);
	}
	if (line == NULL || sb.nomem) {
		snprintf(err, errlen, "out of memory");
		strbuf_free(&sb);
		return -1;
	}
	rc = vault_stage(ch->vt, path, sb.s, sb.len, err, errlen);
	strbuf_free(&sb);
	return rc;
}

int
change_meta(struct change *ch, const char *key, const char *val)
{
	return json_object_set_new(ch->meta, key, json_string(val));
}

void
change_note_cleanup(struct change *ch)
{
	ch->cleanup = 1;
}

/* Collect a record's existing log into a buffer. */
static int
change_log_cb(uint32_t seq, const char *line, size_t len, void *arg)
{
	struct strbuf *sb = arg;

	(void)seq;
	strbuf_add(sb, line, len);
	strbuf_add(sb, "\n", 1);
	return 0;
}

/* Number the new events of one record and stage its events.jsonl. */
static int
change_stage_events(struct change *ch, MDB_txn *txn, const char *id,
    json_t *list, json_t *out, char *err, size_t errlen)
{
	struct strbuf	 sb;
	json_t		*ev, *line, *lines;
	uint64_t	 nid;
	uint32_t	 seq;
	char		 dir[128], path[160], *js;
	size_t		 i;
	int		 rc;

	if (store_id_parse(id, &nid) == -1)
		return -1;
	memset(&sb, 0, sizeof(sb));
	if ((rc = store_last_event(ch->st, txn, nid, &seq)) != 0 ||
	    (rc = store_each_event(ch->st, txn, nid, change_log_cb,
	    &sb)) != 0) {
		snprintf(err, errlen, "events of %s: %s", id,
		    store_strerror(rc));
		strbuf_free(&sb);
		return -1;
	}
	if ((lines = json_array()) == NULL ||
	    json_object_set_new(out, id, lines) != 0) {
		snprintf(err, errlen, "out of memory");
		strbuf_free(&sb);
		return -1;
	}
	json_array_foreach(list, i, ev) {
		js = NULL;
		if ((line = json_object()) != NULL &&
		    json_object_set_new(line, "seq", json_integer(++seq)) == 0 &&
		    json_object_update(line, ev) == 0)
			js = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(line);
		if (js == NULL)
			break;
		strbuf_add(&sb, js, strlen(js));
		strbuf_add(&sb, "\n", 1);
		if (json_array_append_new(lines, json_pack("[I, s]",
		    (json_int_t)seq, js)) != 0) {
			free(js);
			break;
		}
		free(js);
	}
	vault_record_dir(store_seq_from(ch->st), id, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	if (i != json_array_size(list) || sb.nomem ||
	    vault_stage(ch->vt, path, sb.s ? sb.s : "", sb.len, err, errlen) == -1) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		strbuf_free(&sb);
		return -1;
	}
	strbuf_free(&sb);
	return 0;
}

int
change_commit(struct change *ch, const char *message,
    char commit[VAULT_OID_HEX], char *err, size_t errlen)
{
	struct change_apply	 a;
	MDB_txn			*txn = NULL;
	json_t			*rec, *list, *evout = NULL;
	const char		*id;
	char			 dir[128], path[160], *rj;
	char			 indexed[VAULT_OID_HEX], head[VAULT_OID_HEX];
	size_t			 i, rjlen;
	int64_t			 when;
	int			 rc, ret = -1, behind;

	err[0] = '\0';
	if ((rc = store_txn_read(ch->st, &txn)) != 0) {
		snprintf(err, errlen, "index %s: %s", store_dir(ch->st),
		    store_strerror(rc));
		goto fail;
	}
	/*
	 * Is LMDB at the vault's head?  If not (an earlier commit is on
	 * main but not indexed: -2 before, or a failed index write), this
	 * change must not move vault_head past it: it is indexed by
	 * replay, with everything before it.
	 */
	if ((rc = store_meta_get(ch->st, txn, "vault_head", indexed,
	    sizeof(indexed))) == MDB_NOTFOUND)
		indexed[0] = '\0';
	else if (rc != 0) {
		snprintf(err, errlen, "index %s: vault_head: %s",
		    store_dir(ch->st), store_strerror(rc));
		goto fail;
	}
	if ((rc = vault_head(ch->vt, head)) == 1)
		head[0] = '\0';
	else if (rc != 0) {
		snprintf(err, errlen, "cannot read the vault head");
		goto fail;
	}
	behind = strcmp(indexed, head) != 0;
	if (change_publish(ch, txn, err, errlen) == -1 ||
	    change_negative(ch, err, errlen) == -1)
		goto fail;
	if ((evout = json_object()) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	json_array_foreach(ch->recs, i, rec) {
		id = record_str(rec, "id");
		vault_record_dir(store_seq_from(ch->st), id, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/record.json", dir);
		if ((rj = record_vault_json(rec, &rjlen)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		rc = vault_stage(ch->vt, path, rj, rjlen, err, errlen);
		free(rj);
		if (rc == -1)
			goto fail;
		if ((list = json_object_get(ch->events, id)) != NULL &&
		    change_stage_events(ch, txn, id, list, evout, err,
		    errlen) == -1)
			goto fail;
	}
	store_txn_end(txn);
	txn = NULL;
	if ((rc = vault_commit(ch->vt, message, commit, &when, err,
	    errlen)) == -1)
		goto fail;
	if (rc == -2) {
		/* On main, not known durable: replay indexes it once
		 * vault_sync succeeds; never commit these files again. */
		char verr[256];

		snprintf(verr, sizeof(verr), "%s", err);
		snprintf(err, errlen, "recorded in the vault (commit %.12s) "
		    "but not yet durable (%s); indexed once it is", commit,
		    verr);
		json_decref(evout);
		return -2;
	}
	rc = 0;
	json_array_foreach(ch->recs, i, rec)
		if (json_object_set_new(rec, "commit", json_string(commit)) != 0)
			rc = ENOMEM;
	if (json_object_set_new(ch->meta, "vault_head", json_string(commit))
	    != 0)
		rc = ENOMEM;
	if (ch->cleanup) {
		/* The commit time, as replay reads it back. */
		char t[32];

		snprintf(t, sizeof(t), "%lld", (long long)when);
		if (json_object_set_new(ch->meta, "last_cleanup",
		    json_string(t)) != 0)
			rc = ENOMEM;
	}
	a.recs = ch->recs;
	a.events = evout;
	a.meta = ch->meta;
	if (behind && rc == 0) {
		log_info("change: the index lags the vault (indexed %.12s, "
		    "head was %.12s); indexing commit %.12s by replay",
		    indexed[0] ? indexed : "none", head, commit);
		rc = MDB_NOTFOUND;	/* not written: replay below */
	}
	change_before();
	if (rc != 0 || (rc = store_write(ch->st, change_apply, &a)) != 0) {
		/* The vault has the change.  Index it the way start-up
		 * recovery would; if that fails too, start-up will. */
		char rerr[256];

		if (!behind)
			log_warnx("change: index %s: write after vault commit "
			    "%.12s: %s; replaying the vault", store_dir(ch->st),
			    commit, store_strerror(rc));
		if (replay_run(ch->st, ch->vt, rerr, sizeof(rerr)) >= 0) {
			json_decref(evout);
			change_committed(NULL, commit, NULL);
			return 0;
		}
		snprintf(err, errlen, "recorded in the vault (commit %.12s) "
		    "but not yet in the index (%s; %s); docketd replays it "
		    "before its next batch", commit, behind ? "the index "
		    "lags the vault" : store_strerror(rc), rerr);
		json_decref(evout);
		return -2;
	}
	json_decref(evout);
	change_committed(indexed, commit, ch->recs);
	return 0;
fail:
	store_txn_end(txn);
	vault_discard(ch->vt);
	json_decref(evout);
	return ret;
}
