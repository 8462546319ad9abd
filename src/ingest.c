/*
 * ingest: register a batch of spooled documents, exactly once.
 *
 * For each spool file: open with O_NOFOLLOW, check fstat (regular, not
 * empty, not over max_size), read, SHA-256, extract text, parse the 公文
 * fields, decide whether it is a duplicate, a new version of a record
 * (same docno and issuer, new content) or a new record, and stage its
 * files in the vault.  Then, in this order:
 *
 *   1. vault_commit   git objects, tree, commit, ref — fsync'd
 *   2. store_write    one LMDB transaction, committed durably
 *   3. unlink         the spool files, then one fsync of spool/
 *
 * A crash before 1 leaves the files in spool/ and nothing stored.  A crash
 * between 1 and 2 leaves a vault commit LMDB has not seen: ingest_recover
 * replays it at start-up, after which the spool files are duplicates by
 * content hash and are removed.  A crash after 2 leaves spool files whose
 * content is stored: duplicates again.  So every document is stored
 * exactly once and none is lost.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "change.h"
#include "esc.h"
#include "extract.h"
#include "gongwen.h"
#include "ingest.h"
#include "ingest_pool.h"
#include "ingest_prep.h"
#include "interp.h"
#include "lifecycle.h"
#include "log.h"
#include "memtrim.h"
#include "notify.h"
#include "ocrq.h"
#include "quarantine.h"
#include "record.h"
#include "replay.h"
#include "sha256.h"
#include "spoolmeta.h"
#include "spoolname.h"
#include "spoolread.h"

/* Bound the memory one batch holds in staged blobs. */
#define INGEST_BATCH_BYTES	(256ULL * 1024 * 1024)
/* spool names kept between batches, at least (spoolread_next) */
#define INGEST_SPOOL_KEEP	8192

struct ingest {
	const struct config	*cf;
	struct store		*st;
	struct vault		*vt;
	const struct domains	*domains;
	struct spoolread	*sr;		/* reads to retry, spool/'s state */
	struct ocrq		*ocr;		/* scans: OCR workers */
	struct ingest_pool	*pool;		/* readers > 1: reader threads */
	int			 nopool;	/* they could not be started */
	int			 behind;	/* LMDB may lag the vault */
	void			(*changed)(void *);
	void			*changed_arg;
};

enum item_action {
	ITEM_SKIP = 0,		/* vanished or quarantined: nothing to ack */
	ITEM_STORE,
	ITEM_DUPLICATE,
};

struct item {
	char		 spool[NAME_MAX + 1];
	enum item_action action;
	json_t		*rec;
	json_t		*events;	/* its lifecycle events */
	uint64_t	 id;
	char		 sha[SHA256_HEX_LEN + 1];
	int		 ocr;		/* its text is an OCR sidecar */
	char		*docno;		/* rec's, for the version-of check */
	char		*issuer;	/* (without a hash lookup per item) */
};

struct ingest *
ingest_new(const struct config *cf, struct store *st, struct vault *vt)
{
	struct ingest *in;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return NULL;
	if ((in->sr = spoolread_new()) == NULL) {
		free(in);
		return NULL;
	}
	in->cf = cf;
	in->st = st;
	in->vt = vt;
	in->behind = 1;
	return in;
}

void
ingest_free(struct ingest *in)
{
	if (in != NULL) {
		ingest_pool_free(in->pool);
		spoolread_free(in->sr);
	}
	free(in);
}

void
ingest_set_domains(struct ingest *in, const struct domains *d)
{
	in->domains = d;
	/* The readers classify with the rules and read with the settings:
	 * what they prepared with the old ones goes. */
	if (in->pool != NULL)
		ingest_pool_reset(in->pool, in->cf, d);
}

void
ingest_set_ocr(struct ingest *in, struct ocrq *q)
{
	in->ocr = q;
}

void
ingest_set_store(struct ingest *in, struct store *st)
{
	in->st = st;
	in->behind = 1;
}

void
ingest_on_change(struct ingest *in, void (*fn)(void *), void *arg)
{
	in->changed = fn;
	in->changed_arg = arg;
}

/* --- recovery: index vault commits LMDB has not seen -------------------- */

int
ingest_recover(struct ingest *in)
{
	char	err[512];

	if (replay_run(in->st, in->vt, err, sizeof(err)) == -1) {
		log_warnx("recover: %s", err);
		return -1;
	}
	in->behind = 0;
	return 0;
}

/* --- one batch ---------------------------------------------------------- */

static int64_t
ingest_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
ingest_retry_ms(const struct ingest *in)
{
	return spoolread_next_ms(in->sr);
}

static void
ingest_quarantine(struct ingest *in, const char *spool, const char *name,
    const char *reason)
{
	char	src[PATH_MAX + NAME_MAX + 2], dst[PATH_MAX + 32];
	char	ag[NAME_MAX + 1], nm[NAME_MAX + 1], from[2 * NAME_MAX + 2];
	int64_t	ms;

	snprintf(src, sizeof(src), "%s/%s", in->cf->spool, spool);
	/* Where it was dropped, so that a retry puts it back there. */
	if (spoolname_parse(spool, &ms, ag, sizeof(ag), nm, sizeof(nm)) == -1)
		ag[0] = '\0';
	(void)spoolmeta_read(in->cf->spool, spool, ag, sizeof(ag), nm,
	    sizeof(nm));
	/* A folder that is no agency (control characters): intake/ itself. */
	if (ag[0] != '\0' && !esc_clean(ag, strlen(ag)))
		ag[0] = '\0';
	snprintf(from, sizeof(from), "%s%s%s", ag, ag[0] ? "/" : "", name);
	if (quarantine_move_from(in->cf->quarantine, src, name, from, reason,
	    dst, sizeof(dst)) == -1) {
		log_warn("quarantine %s (%s) failed; it stays in spool",
		    esc(name), reason);
		return;
	}
	spoolmeta_remove(in->cf->spool, spool);
	log_info("quarantined %s: %s", esc(name), reason);
}

/*
 * The record this document is a new version of: same docno and issuer.
 * 0 with *prev set (NULL: none, a new record), or an LMDB error: an
 * index that cannot be read is not "no earlier version", and the batch
 * fails (and is retried) rather than register a new version as a new
 * record.
 */
static int
ingest_find_version_of(struct ingest *in, MDB_txn *txn, struct item *items,
    size_t nitems, const struct gongwen *gw, int *in_batch, json_t **prev)
{
	uint64_t	*ids = NULL;
	size_t		 nids = 0, i;
	json_t		*best = NULL, *rec;
	const char	*iss;
	int		 rc;

	*in_batch = 0;
	*prev = NULL;
	if (gw->docno == NULL)
		return 0;
	/* This batch first: the newest staged version wins. */
	for (i = nitems; i-- > 0;) {
		if (items[i].action != ITEM_STORE)
			continue;
		iss = items[i].issuer;
		if (items[i].docno != NULL &&
		    strcmp(items[i].docno, gw->docno) == 0 &&
		    ((iss == NULL && gw->issuer == NULL) || (iss != NULL &&
		    gw->issuer != NULL && strcmp(iss, gw->issuer) == 0))) {
			*in_batch = 1;
			*prev = json_incref(items[i].rec);
			return 0;
		}
	}
	rc = store_find_docno(in->st, txn, gw->docno, &ids, &nids);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	for (i = 0; i < nids; i++) {
		if ((rc = store_get_record(in->st, txn, ids[i], &rec)) ==
		    MDB_NOTFOUND)
			continue;
		if (rc != 0) {
			json_decref(best);
			free(ids);
			return rc;
		}
		iss = record_str(rec, "issuer");
		if ((iss == NULL && gw->issuer == NULL) || (iss != NULL &&
		    gw->issuer != NULL && strcmp(iss, gw->issuer) == 0)) {
			json_decref(best);
			best = rec;
		} else
			json_decref(rec);
	}
	free(ids);
	*prev = best;
	return 0;
}

static const char *
ingest_ext(const char *name, const char *format)
{
	const char *dot = strrchr(name, '.');

	if (dot != NULL && dot != name && dot[1] != '\0' && strlen(dot) < 12)
		return dot + 1;
	return format;
}

/* The preparation of a spool file: the pool's, when a reader made it
 * of this very file, else nothing done yet. */
static struct ingest_prep *
ingest_prep_get(struct ingest *in, const char *spool, const char *path)
{
	struct ingest_prep *p = NULL;

	if (in->pool != NULL && (p = ingest_pool_take(in->pool, spool)) !=
	    NULL && !ingest_prep_same(p, path)) {
		/* Not what is there now (gone, replaced, never read):
		 * read it again here. */
		ingest_prep_free(p);
		free(p);
		p = NULL;
	}
	if (p == NULL && (p = malloc(sizeof(*p))) != NULL)
		ingest_prep_init(p);
	return p;
}

static void
ingest_prep_done(struct ingest_prep *p)
{
	if (p != NULL) {
		ingest_prep_free(p);
		free(p);
	}
}

/* Stage one document; on a refusal quarantine it and return 0 with
 * item->action ITEM_SKIP.  1: it is a new version of a record this batch
 * already stages, and must wait for the next commit (each version is a
 * commit of its own).  -1 only on a failure to stage.  The reading,
 * hashing, extraction and parse may have been done by a reader thread
 * (ingest_pool.c); every decision is made here, in the order of claim. */
static int
ingest_one(struct ingest *in, MDB_txn *txn, struct item *items, size_t n,
    const struct lc_ctx *lc, uint64_t *next_id, uint64_t *bytes)
{
	struct item		*it = &items[n];
	struct ingest_prep	*p = NULL;
	struct extract_result	*x;
	struct extract_ctx	 xctx;
	struct gongwen		*gw;
	struct record_origin	 o;
	json_t			*prev;
	char			 agency[NAME_MAX + 1], name[NAME_MAX + 1];
	char			 why[512], id[STORE_ID_LEN], dir[128];
	char			 masked[NAME_MAX + 1];
	char			 path[PATH_MAX + NAME_MAX + 2], ext[16], *ext_l;
	size_t			 i;
	int64_t			 ms;
	uint64_t		 dupid;
	int			 in_batch, rc = 0;

	if (ingest_prep_name(in->cf->spool, it->spool, &ms, agency,
	    sizeof(agency), name, sizeof(name)) == -1)
		log_warn("ingest: the note of %s's full name is unreadable; "
		    "using its spool name", esc(it->spool));
	snprintf(path, sizeof(path), "%s/%s", in->cf->spool, it->spool);
	if ((p = ingest_prep_get(in, it->spool, path)) == NULL) {
		log_warnx("%s: out of memory", esc(name));
		return -1;
	}
	why[0] = '\0';
	if (agency[0] != '\0' && !esc_clean(agency, strlen(agency))) {
		/* claimed before intake refused such folders */
		snprintf(why, sizeof(why), "%s: intake/%s",
		    QUARANTINE_WHY_AGENCY, esc_mask(agency, masked,
		    sizeof(masked)));
		ingest_quarantine(in, it->spool, name, why);
		goto done;
	}
	if (spoolread_waiting(in->sr, it->spool))
		goto done;		/* its read failed; later */
	/* A scan an OCR worker is reading: not read and hashed again on
	 * every batch until its text is ready. */
	if (in->ocr != NULL && ocrq_busy(in->ocr, path))
		goto done;
	if (!p->read)
		(void)ingest_prep_read(p, in->cf->spool, it->spool,
		    in->cf->max_size, NULL, NULL);
	if (p->buf == NULL) {
		if (p->vanished == 2)	/* the disk's fault, not the file's */
			spoolread_failed(in->sr, it->spool, p->why);
		else if (!p->vanished)
			ingest_quarantine(in, it->spool, name, p->why);
		goto done;
	}
	spoolread_ok(in->sr, it->spool);
	memcpy(it->sha, p->sha, sizeof(it->sha));

	/* Duplicate content: of this batch, or of anything stored. */
	for (i = 0; i < n; i++)
		if (items[i].action == ITEM_STORE &&
		    strcmp(items[i].sha, it->sha) == 0) {
			it->action = ITEM_DUPLICATE;
			log_info("duplicate: %s has the content of %s "
			    "(sha256 %.16s), removed", esc(name),
			    record_str(items[i].rec, "id"), it->sha);
			goto done;
		}
	if ((rc = store_find_sha256(in->st, txn, it->sha, &dupid)) != 0 &&
	    rc != MDB_NOTFOUND) {
		log_warnx("%s: looking up sha256 %.16s: %s", esc(name), it->sha,
		    store_strerror(rc));
		rc = -1;
		goto done;
	}
	if (rc == 0) {
		store_id_format(dupid, id);
		it->action = ITEM_DUPLICATE;
		log_info("duplicate: %s has the content of %s (sha256 %.16s), "
		    "removed", esc(name), id, it->sha);
		goto done;
	}
	rc = 0;

	/* Extract here what a reader could not (external tools, OCR), or
	 * did under another name (a note read meanwhile). */
	if (p->xrc == INGEST_PREP_NOTYET || p->xrc == EXTRACT_DEFER ||
	    strcmp(p->name, name) != 0) {
		if (p->xrc == 0)
			extract_result_free(&p->x);
		if (p->prc != INGEST_PREP_NOTYET)
			gongwen_free(&p->gw);
		packw_pre_free(&p->ztext);	/* not this text's */
		p->xrc = p->prc = INGEST_PREP_NOTYET;
		p->why[0] = '\0';
		memset(&xctx, 0, sizeof(xctx));
		xctx.path = path;
		xctx.cf = in->cf;
		xctx.sha = it->sha;
		xctx.ocr = in->ocr;
		(void)ingest_prep_extract(p, name, &xctx, in->domains);
	}
	x = &p->x;
	gw = &p->gw;
	if (p->xrc == EXTRACT_PENDING) {
		/* A scan being read by an OCR worker: it stays in spool/,
		 * and the batch goes on without it. */
		log_debug("%s: OCR pending", name);
		goto done;
	}
	if (p->xrc != 0) {
		ingest_quarantine(in, it->spool, name, p->why);
		goto done;
	}
	if (p->prc != 0) {
		log_warnx("%s: out of memory parsing", esc(name));
		rc = -1;
		goto done;
	}
	/*
	 * An office whose docket is on a network that is not approved for
	 * state secrets must not store one at all: refuse it before any
	 * byte reaches the vault.
	 */
	if (in->cf->classified_refuse && (gw->flags & GW_FLAG_CLASSIFIED)) {
		snprintf(why, sizeof(why), "涉密文件（密级 %s%s%s）不予登记："
		    "国家秘密不得在非涉密信息系统中存储、处理"
		    "（《中华人民共和国保守国家秘密法》及保密规定）；"
		    "[intake] classified = refuse",
		    gw->secrecy ? gw->secrecy : "", gw->secrecy_term ? "★" : "",
		    gw->secrecy_term ? gw->secrecy_term : "");
		if (x->text_source != NULL && in->ocr != NULL)
			ocrq_forget(in->ocr, it->sha);	/* its OCR text */
		ingest_quarantine(in, it->spool, name, why);
		goto done;
	}

	memset(&o, 0, sizeof(o));
	if ((rc = ingest_find_version_of(in, txn, items, n, gw, &in_batch,
	    &prev)) != 0) {
		log_warnx("%s: looking up earlier versions of %s: %s; the "
		    "batch is retried", name, gw->docno, store_strerror(rc));
		rc = -1;
		goto done;
	}
	if (prev != NULL && in_batch) {
		json_decref(prev);
		rc = 1;
		goto done;
	}
	if (prev != NULL) {
		snprintf(id, sizeof(id), "%s", record_str(prev, "id"));
		o.version = (int)json_integer_value(json_object_get(prev,
		    "version")) + 1;
	} else {
		store_id_format((*next_id)++, id);
		o.version = 1;
	}
	o.id = id;
	o.sha256 = it->sha;
	o.source_name = name;
	/* The folder, else the [agency] the issuer maps to, else none. */
	o.agency = config_agency_of(in->cf, agency, gw->issuer);
	o.format = x->format;
	o.received_at = ms / 1000;
	o.size = p->len;
	o.text_source = x->text_source;
	o.ocr_confidence = x->ocr_confidence;
	it->ocr = x->text_source != NULL;
	it->rec = record_build(gw, &o);
	it->events = json_array();
	if (it->rec == NULL || it->events == NULL) {
		json_decref(prev);
		log_warnx("%s: out of memory", esc(name));
		rc = -1;
		goto done;
	}
	if (prev != NULL) {
		/* A new version keeps the record's lifecycle state. */
		lc_new_version(lc, prev, it->rec, it->events);
		json_decref(prev);
	} else
		lc_register(lc, it->rec, it->events);
	/* 政策解读: what an interpretation names (linked in ingest_run). */
	if (interp_prepare(it->rec, x->text) == -1) {
		log_warnx("%s: out of memory", esc(name));
		rc = -1;
		goto done;
	}
	if (store_id_parse(id, &it->id) == -1) {
		/* The ids are ours: this is a bug, not a document's fault. */
		log_warnx("%s: invalid record id %s", esc(name), id);
		rc = -1;
		goto done;
	}

	snprintf(ext, sizeof(ext), "%s", ingest_ext(name, x->format));
	for (ext_l = ext; *ext_l; ext_l++)
		if (*ext_l >= 'A' && *ext_l <= 'Z')
			*ext_l = (char)(*ext_l - 'A' + 'a');
		else if (!((*ext_l >= 'a' && *ext_l <= 'z') ||
		    (*ext_l >= '0' && *ext_l <= '9')))
			*ext_l = '_';
	vault_record_dir(store_seq_from(in->st), id, dir, sizeof(dir));
	/* A reader thread may have deflated both blobs already. */
	snprintf(path, sizeof(path), "%s/original.%s", dir, ext);
	if ((p->zbuf.z != NULL ? vault_stage_pre(in->vt, path, &p->zbuf, why,
	    sizeof(why)) : vault_stage(in->vt, path, p->buf, p->len, why,
	    sizeof(why))) == -1) {
		rc = -1;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/text.txt", dir);
	if ((p->ztext.z != NULL ? vault_stage_pre(in->vt, path, &p->ztext,
	    why, sizeof(why)) : vault_stage(in->vt, path, x->text, x->len, why,
	    sizeof(why))) == -1) {
		rc = -1;
		goto out;
	}
	if ((record_str(it->rec, "docno") != NULL && (it->docno =
	    strdup(record_str(it->rec, "docno"))) == NULL) ||
	    (record_str(it->rec, "issuer") != NULL && (it->issuer =
	    strdup(record_str(it->rec, "issuer"))) == NULL)) {
		rc = -1;
		goto out;
	}
	/* The full-text index takes it from here (search_feed.c). */
	change_text(id, it->sha, x->text, x->len);
	it->action = ITEM_STORE;
	*bytes += p->len + x->len + 4096;
out:
	if (rc == -1)
		log_warnx("%s: %s", esc(name), why[0] ? why : "out of memory");
done:
	ingest_prep_done(p);
	return rc;
}

/* --- repeals ------------------------------------------------------------ */

struct undone {
	const char	*by;
	int		 found;
};

static int
ingest_undone_cb(uint32_t seq, const char *line, size_t len, void *arg)
{
	struct undone	*u = arg;
	json_t		*ev;
	const char	*a, *r;

	(void)seq;
	if ((ev = json_loadb(line, len, 0, NULL)) == NULL)
		return 0;
	a = record_str(ev, "action");
	r = record_str(ev, "related");
	if (a != NULL && r != NULL && strcmp(r, u->by) == 0 &&
	    (strcmp(a, "unrepeal") == 0 || strcmp(a, "restore") == 0))
		u->found = 1;
	json_decref(ev);
	return u->found;
}

/* Repeal the record `id` (in this batch or stored) by `by`, unless an
 * administrator undid that very repeal (unrepeal or restore): a new
 * version of either document must not repeal it again.  0, or -1 when
 * LMDB could not be read (logged): the batch fails, lest a repeal be
 * missed. */
static int
ingest_repeal_one(struct ingest *in, MDB_txn *txn, struct change *ch,
    const struct lc_ctx *lc, uint64_t id, json_t *by)
{
	json_t		*t, *ev;
	const char	*bid = record_str(by, "id");
	char		 err[256], key[STORE_ID_LEN];
	struct undone	 u = { bid, 0 };
	int		 rc;

	if (bid == NULL)
		return 0;
	if ((t = change_get(ch, txn, id)) == NULL) {
		/* change_get says NULL for "no such record" and for an
		 * error alike: ask which. */
		json_t *probe = NULL;

		store_id_format(id, key);
		if ((rc = store_get_record(in->st, txn, id, &probe)) ==
		    MDB_NOTFOUND)
			return 0;
		json_decref(probe);
		log_warnx("repeal: reading %s: %s", key, rc ? store_strerror(rc)
		    : "out of memory");
		return -1;
	}
	if (strcmp(record_str(t, "id"), bid) == 0)
		return 0;
	if ((rc = store_each_event(in->st, txn, id, ingest_undone_cb, &u)) !=
	    0) {
		log_warnx("repeal: reading the events of %s: %s",
		    record_str(t, "id"), store_strerror(rc));
		return -1;
	}
	if (u.found) {
		log_info("repeal: %s stays in force (its repeal by %s was "
		    "undone)", record_str(t, "id"), bid);
		return 0;
	}
	if ((ev = json_array()) == NULL)
		return -1;
	/* A refusal (already repealed, ...) is a decision, not a failure. */
	if (lc_repeal(lc, t, bid, record_str(by, "docno"),
	    lc_effective_date(by), NULL, ev, err, sizeof(err)) == 0) {
		if (change_put(ch, t, ev) != 0) {
			json_decref(ev);
			log_warnx("repeal: %s by %s: out of memory",
			    record_str(t, "id"), bid);
			return -1;
		}
		log_info("repeal: %s (%s) is repealed by %s (%s)",
		    record_str(t, "id"), esc(record_str(t, "docno")), bid,
		    esc(record_str(by, "docno")));
	}
	json_decref(ev);
	return 0;
}

static int
ingest_repealer_cb(json_t *rec, void *arg)
{
	json_array_append(arg, rec);
	return 0;
}

/*
 * Apply repeals both ways for the records of this batch: what each one
 * repeals (stored or in the batch), and what already repeals it (a
 * stored record whose repeals list names its docno, remembered by the
 * idx_repeals index until the target arrives).  0, or -1 (logged) when
 * LMDB could not be read: the batch is then retried as a whole.
 */
static int
ingest_repeals(struct ingest *in, MDB_txn *txn, struct change *ch,
    const struct lc_ctx *lc, struct item *items, size_t n)
{
	json_t		*r, *d, *by;
	uint64_t	*ids;
	size_t		 i, j, k, nids;
	const char	*docno;
	int		 rc;

	for (i = 0; i < n; i++) {
		if (items[i].action != ITEM_STORE)
			continue;
		r = items[i].rec;
		/* What it repeals. */
		json_array_foreach(json_object_get(r, "repeals"), j, d) {
			if (!json_is_string(d))
				continue;
			rc = store_find_docno(in->st, txn, json_string_value(d),
			    &ids, &nids);
			if (rc != 0 && rc != MDB_NOTFOUND) {
				log_warnx("repeal: looking up %s: %s",
				    json_string_value(d), store_strerror(rc));
				return -1;
			}
			for (k = 0; rc == 0 && k < nids; k++)
				if (ingest_repeal_one(in, txn, ch, lc, ids[k],
				    r) == -1) {
					free(ids);
					return -1;
				}
			if (rc == 0)
				free(ids);
			for (k = 0; k < n; k++)
				if (items[k].action == ITEM_STORE &&
				    record_str(items[k].rec, "docno") != NULL &&
				    strcmp(record_str(items[k].rec, "docno"),
				    json_string_value(d)) == 0 &&
				    ingest_repeal_one(in, txn, ch, lc,
				    items[k].id, r) == -1)
					return -1;
		}
		/* What repeals it, stored earlier. */
		if ((docno = record_str(r, "docno")) == NULL)
			continue;
		if ((by = json_array()) == NULL)
			return -1;
		if ((rc = store_each_indexed(in->st, txn, STORE_IDX_REPEALS,
		    docno, ingest_repealer_cb, by)) != 0) {
			log_warnx("repeal: what repeals %s: %s", esc(docno),
			    store_strerror(rc));
			json_decref(by);
			return -1;
		}
		json_array_foreach(by, j, d)
			if (ingest_repeal_one(in, txn, ch, lc, items[i].id,
			    d) == -1) {
				json_decref(by);
				return -1;
			}
		json_decref(by);
	}
	return 0;
}

static void
ingest_items_free(struct item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		json_decref(items[i].rec);
		json_decref(items[i].events);
		free(items[i].docno);
		free(items[i].issuer);
	}
	free(items);
}

static char *
ingest_message(struct item *items, size_t n, size_t nstore)
{
	char	*msg = NULL;
	size_t	 cap = 256 + n * 200, len = 0, i;
	const char *d;

	if ((msg = malloc(cap)) == NULL)
		return NULL;
	len = (size_t)snprintf(msg, cap, "register %zu document%s\n\n",
	    nstore, nstore == 1 ? "" : "s");
	for (i = 0; i < n && len + 1 < cap; i++) {
		if (items[i].action != ITEM_STORE)
			continue;
		d = record_str(items[i].rec, "docno");
		len += (size_t)snprintf(msg + len, cap - len,
		    "%s v%lld %s %s\n", record_str(items[i].rec, "id"),
		    (long long)json_integer_value(json_object_get(
		    items[i].rec, "version")), d ? d : "(no docno)",
		    record_str(items[i].rec, "disclosure"));
		if (len >= cap)
			len = cap - 1;
	}
	return msg;
}

/*
 * Readers > 1: let the reader threads prepare this batch and the next
 * (the first 2 * batch_max names, in the order of claim), but not the
 * files ingest_one would not read now (a failed read waiting for its
 * retry, a scan an OCR worker has).
 */
static void
ingest_window(struct ingest *in, char **names, size_t nnames)
{
	char	 path[PATH_MAX + NAME_MAX + 2], **want;
	size_t	 max = 2 * (size_t)in->cf->batch_max, i, n = 0;

	if (in->cf->readers <= 1 || in->nopool)
		return;
	if (in->pool == NULL) {
		if ((in->pool = ingest_pool_new(in->cf->readers, in->cf,
		    in->domains)) == NULL) {
			log_warnx("ingest: no reader threads; reading on one");
			in->nopool = 1;
			return;
		}
		log_info("ingest: %u reader threads", in->cf->readers);
	}
	if ((want = calloc(max < nnames ? max : nnames, sizeof(*want))) ==
	    NULL)
		return;		/* the pool's files are read here then */
	for (i = 0; i < nnames && n < max; i++) {
		if (spoolread_waiting(in->sr, names[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", in->cf->spool, names[i]);
		if (in->ocr != NULL && ocrq_busy(in->ocr, path))
			continue;
		want[n++] = names[i];
	}
	ingest_pool_want(in->pool, want, n, max);
	free(want);
}

int
ingest_run(struct ingest *in, size_t *left)
{
	MDB_txn		*txn = NULL;
	struct item	*items = NULL;
	struct change	*ch = NULL;
	struct lc_ctx	 lc;
	char		**names, *msg = NULL, commit[VAULT_OID_HEX], err[512];
	char		 head0[VAULT_OID_HEX], head1[VAULT_OID_HEX] = "?";
	char		 path[PATH_MAX + NAME_MAX + 2];
	size_t		 nnames, nall, nitems = 0, keep, n = 0, nstore = 0, i;
	uint64_t	 next_id, bytes = 0;
	int		 fresh;
	int64_t		 t0, t1 = 0, t2 = 0;
	int		 rc, handled = -1;

	*left = 0;
	t0 = ingest_ms();
	if (store_broken(in->st)) {
		/* No transaction is open here: the one place to reopen.
		 * What the vault has and LMDB lost, replay brings back. */
		if (store_reopen(in->st, err, sizeof(err)) != 0) {
			log_warnx("ingest: cannot reopen the index: %s", err);
			return -1;
		}
		in->behind = 1;
	}
	if (in->behind && ingest_recover(in) == -1)
		return -1;
	/* The spool's first names, kept between batches (spoolread.c). */
	keep = 4 * (size_t)in->cf->batch_max;
	if (keep < INGEST_SPOOL_KEEP)
		keep = INGEST_SPOOL_KEEP;
	if (spoolread_next(in->sr, in->cf->spool, keep, &names, &nall,
	    &fresh) == -1)
		return 0;	/* logged; ingest_retry_ms says when again */
	if ((nnames = spoolread_kept(in->sr)) == 0)
		return 0;
	nitems = nnames < in->cf->batch_max ? nnames : in->cf->batch_max;
	if ((items = calloc(nitems, sizeof(*items))) == NULL)
		goto out;
	ingest_window(in, names, nnames);
	lc_ctx_init(&lc, &in->cf->review, "docketd", (int64_t)time(NULL));
	if ((rc = store_txn_read(in->st, &txn)) != 0 ||
	    (rc = store_next_id(in->st, txn, &next_id)) != 0) {
		log_warnx("ingest: index %s: %s", store_dir(in->st),
		    store_strerror(rc));
		goto out;
	}
	for (n = 0; n < nnames && n < in->cf->batch_max &&
	    bytes < INGEST_BATCH_BYTES; n++) {
		snprintf(items[n].spool, sizeof(items[n].spool), "%s",
		    names[n]);
		/* A batch may hold slow extractions: keep the watchdog fed. */
		notify_watchdog();
		memtrim_tick();
		rc = ingest_one(in, txn, items, n, &lc, &next_id, &bytes);
		if (rc == -1) {
			vault_discard(in->vt);
			goto out;
		}
		if (rc == 1)
			break;		/* next batch */
		if (items[n].action == ITEM_STORE)
			nstore++;
	}
	store_txn_end(txn);
	txn = NULL;

	if (nstore > 0) {
		if ((msg = ingest_message(items, n, nstore)) == NULL ||
		    (ch = change_new(in->st, in->vt)) == NULL) {
			free(msg);
			vault_discard(in->vt);
			goto out;
		}
		for (i = 0; i < n; i++)
			if (items[i].action == ITEM_STORE &&
			    change_put(ch, items[i].rec, items[i].events) != 0) {
				log_warnx("ingest: %s: a record without an id",
				    items[i].spool);
				free(msg);
				vault_discard(in->vt);
				goto out;
			}
		if ((rc = store_txn_read(in->st, &txn)) != 0) {
			log_warnx("ingest: index %s: %s",
			    store_dir(in->st), store_strerror(rc));
			free(msg);
			vault_discard(in->vt);
			goto out;
		}
		if (ingest_repeals(in, txn, ch, &lc, items, n) == -1) {
			log_warnx("ingest: linking repeals failed, %zu file(s) "
			    "stay in spool for the next batch", nstore);
			free(msg);
			vault_discard(in->vt);
			goto out;
		}
		if (interp_ingest(in->st, txn, ch, &lc, err, sizeof(err)) ==
		    -1) {
			log_warnx("ingest: %s; %zu file(s) stay in spool for "
			    "the next batch", err, nstore);
			free(msg);
			vault_discard(in->vt);
			goto out;
		}
		store_txn_end(txn);
		txn = NULL;
		t1 = ingest_ms();
		if (vault_head(in->vt, head0) != 0)
			head0[0] = '\0';
		rc = change_commit(ch, msg, commit, err, sizeof(err));
		t2 = ingest_ms();
		free(msg);
		if (vault_head(in->vt, head1) == 1)
			head1[0] = '\0';
		if (rc == -1 && strcmp(head0, head1) != 0) {
			/* Failed, yet main moved: never commit the same
			 * files twice; replay first, they are duplicates. */
			log_warnx("ingest: %s; main moved anyway, the index "
			    "catches up by replay first", err);
			in->behind = 1;
			goto out;
		}
		if (rc == -1) {
			log_warnx("ingest: vault commit failed, %zu file(s) "
			    "stay in spool: %s", nstore, err);
			goto out;
		}
		if (rc == -2) {
			/* The vault has it; LMDB will catch up by replay. */
			log_warnx("ingest: %s; files stay in spool until the "
			    "index catches up", err);
			in->behind = 1;
			goto out;
		}
		if (in->changed != NULL)
			in->changed(in->changed_arg);
	}

	/* Acknowledge: only now may the spool files go. */
	for (i = 0; i < n; i++) {
		if (items[i].action != ITEM_STORE &&
		    items[i].action != ITEM_DUPLICATE)
			continue;
		snprintf(path, sizeof(path), "%s/%s", in->cf->spool,
		    items[i].spool);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("unlink %s", path);
		spoolmeta_remove(in->cf->spool, items[i].spool);
		if (items[i].ocr && in->ocr != NULL)
			ocrq_forget(in->ocr, items[i].sha);
		if (items[i].action == ITEM_STORE) {
			const char *d = record_str(items[i].rec, "docno");

			log_info("stored %s v%lld docno=%s disclosure=%s "
			    "source=%s", record_str(items[i].rec, "id"),
			    (long long)json_integer_value(json_object_get(
			    items[i].rec, "version")), d ? esc(d) : "-",
			    record_str(items[i].rec, "disclosure"),
			    esc(record_str(items[i].rec, "source_name")));
		}
	}
	if (fsync_dir(in->cf->spool) == -1)
		log_warn("fsync %s", in->cf->spool);
	handled = (int)n;
	/*
	 * What is left: the names not taken, and when the kept listing is
	 * used up and was not made by this call, whatever was claimed since
	 * it was (one more batch lists the spool again).
	 */
	spoolread_taken(in->sr, n);
	*left = nall - n;
	if (*left == 0 && !fresh)
		*left = 1;
	if (nstore > 0)
		log_debug("batch: %zu file(s), %zu stored: read+parse %lld ms, "
		    "vault %lld ms, index+ack %lld ms", n, nstore,
		    (long long)(t1 - t0), (long long)(t2 - t1),
		    (long long)(ingest_ms() - t2));
out:
	store_txn_end(txn);
	change_free(ch);
	if (handled == -1) {
		/* files stay in spool; list it again next time */
		*left = nall;
		spoolread_relist(in->sr);
	}
	if (items != NULL)
		ingest_items_free(items, nitems);
	return handled;
}
