/*
 * cleanup: clean expired and repealed documents and publish the result.
 *
 * A run works in chunks of CLEANUP_CHUNK records, one change (vault
 * commit, then LMDB) per chunk, so a very large cleanup neither holds
 * everything in memory nor loses work on a crash: each chunk's commit
 * carries the day's result file rewritten with every document cleaned so
 * far that day.  A second run on the same day adds to the same files.
 *
 * What is published is derived from the full list each time
 * (cleanup_public): a document that is not public is counted, never
 * named, and a repealing document that is not public is not named as a
 * basis either.  A repeal dated later than the run waits for its day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "change.h"
#include "cndate.h"
#include "cleanup.h"
#include "lifecycle.h"
#include "log.h"
#include "notify.h"
#include "record.h"
#include "strbuf.h"

#define CLEANUP_CHUNK	1000

static const char *
cleanup_kind(const char *status)
{
	return strcmp(status, "repealed") == 0 ? "废止" : "失效";
}

/*
 * How a record may be published: "public" (named in the result) or the
 * kind it is counted under.  A classified document is withheld whatever
 * its disclosure says.
 */
static const char *
cleanup_visibility(json_t *rec)
{
	const char	*disc = record_str(rec, "disclosure");

	if (lc_classified(rec))
		return "withheld";
	if (disc == NULL)
		return "undetermined";
	if (strcmp(disc, "public") == 0 || strcmp(disc, "on_request") == 0 ||
	    strcmp(disc, "withheld") == 0)
		return disc;
	return "undetermined";
}

/* The line of one document, before it is cleaned: the full, internal one;
 * cleanup_public() decides what of it is published. */
static json_t *
cleanup_entry(struct docket *d, MDB_txn *txn, json_t *rec, const char *status,
    const char *date)
{
	json_t		*by = json_null(), *r;
	const char	*bid = record_str(rec, "repealed_by");
	uint64_t	 id;

	if (bid != NULL && store_id_parse(bid, &id) == 0 &&
	    store_get_record(d->st, txn, id, &r) == 0) {
		by = json_pack("{s:s, s:O, s:O, s:s}", "id", bid,
		    "docno", json_object_get(r, "docno"),
		    "title", json_object_get(r, "title"),
		    "visibility", cleanup_visibility(r));
		json_decref(r);
	} else if (bid != NULL)
		by = json_pack("{s:s, s:n, s:n, s:s}", "id", bid, "docno",
		    "title", "visibility", "undetermined");
	return json_pack("{s:O, s:O, s:O, s:O, s:s, s:s, s:s?, s:O?, s:O?, "
	    "s:s, s:o}",
	    "id", json_object_get(rec, "id"),
	    "docno", json_object_get(rec, "docno"),
	    "title", json_object_get(rec, "title"),
	    "issuer", json_object_get(rec, "issuer"),
	    "status", status, "kind", cleanup_kind(status),
	    "date", date,
	    "valid_until", json_object_get(rec, "valid_until"),
	    "repeal_reason", json_object_get(rec, "repeal_reason"),
	    "visibility", cleanup_visibility(rec),
	    "repealed_by", by);
}

/* A repeal takes effect on its own date: not yet due before it. */
static int
cleanup_due(json_t *rec, const char *today)
{
	const char *on = record_str(rec, "status_on");

	return on == NULL || today == NULL || strcmp(on, today) <= 0;
}

struct collect {
	json_t		*ids;		/* ids to clean */
	json_t		*held;		/* records on hold */
	const char	*today;
};

static int
cleanup_collect_cb(json_t *rec, void *arg)
{
	struct collect *c = arg;

	if (!cleanup_due(rec, c->today))
		return 0;
	if (json_is_true(json_object_get(rec, "hold")))
		json_array_append(c->held, rec);
	else
		json_array_append(c->ids, json_object_get(rec, "id"));
	return 0;
}

static int
cleanup_collect(struct docket *d, MDB_txn *txn, const char *today,
    struct collect *c)
{
	int rc;

	c->ids = json_array();
	c->held = json_array();
	c->today = today;
	if ((rc = store_each_indexed(d->st, txn, STORE_IDX_STATUS, "expired",
	    cleanup_collect_cb, c)) != 0 ||
	    (rc = store_each_indexed(d->st, txn, STORE_IDX_STATUS, "repealed",
	    cleanup_collect_cb, c)) != 0)
		return rc;
	return 0;
}

/* --- preview ------------------------------------------------------------ */

struct preview {
	struct docket	*d;
	MDB_txn		*txn;
	json_t		*clean;
	json_t		*held;
};

static int
cleanup_preview_due_cb(uint64_t id, const char *date, void *arg)
{
	struct preview	*p = arg;
	json_t		*rec;
	char		 lapse[11];

	if (store_get_record(p->d->st, p->txn, id, &rec) != 0)
		return 0;
	if (lc_date_add(date, 0, 1, lapse) == 0)
		json_array_append_new(json_is_true(json_object_get(rec,
		    "hold")) ? p->held : p->clean, cleanup_entry(p->d, p->txn,
		    rec, "expired", lapse));
	json_decref(rec);
	return 0;
}

json_t *
cleanup_preview(struct docket *d, const char *asof, char *err, size_t errlen)
{
	struct preview	 p;
	struct collect	 c;
	MDB_txn		*txn;
	json_t		*rec, *out = NULL;
	char		 before[11];
	size_t		 i;
	int		 rc;

	if (lc_date_add(asof, 0, -1, before) == -1) {
		snprintf(err, errlen, "“%s”不是日期（YYYY-MM-DD）", asof);
		return NULL;
	}
	if ((rc = store_txn_read(d->st, &txn)) != 0) {
		snprintf(err, errlen, "%s", store_strerror(rc));
		return NULL;
	}
	memset(&c, 0, sizeof(c));
	p.d = d;
	p.txn = txn;
	p.clean = json_array();
	p.held = json_array();
	/* Those already expired or repealed ... */
	if ((rc = cleanup_collect(d, txn, asof, &c)) != 0)
		goto out;
	json_array_foreach(c.ids, i, rec) {
		uint64_t	 id;
		json_t		*r;

		if (store_id_parse(json_string_value(rec), &id) == -1 ||
		    store_get_record(d->st, txn, id, &r) != 0)
			continue;
		json_array_append_new(p.clean, cleanup_entry(d, txn, r,
		    record_str(r, "status"), record_str(r, "status_on")));
		json_decref(r);
	}
	json_array_foreach(c.held, i, rec)
		json_array_append_new(p.held, cleanup_entry(d, txn, rec,
		    record_str(rec, "status"), record_str(rec, "status_on")));
	/* ... and those that will have expired by then. */
	if ((rc = store_each_due(d->st, txn, STORE_DUE_EXPIRY, before,
	    cleanup_preview_due_cb, &p)) != 0)
		goto out;
	out = json_pack("{s:s, s:O, s:O}", "as_of", asof, "clean", p.clean,
	    "held", p.held);
out:
	if (out == NULL && rc != 0)
		snprintf(err, errlen, "%s", store_strerror(rc));
	store_txn_end(txn);
	json_decref(c.ids);
	json_decref(c.held);
	json_decref(p.clean);
	json_decref(p.held);
	return out;
}

/* --- the published result ----------------------------------------------- */

/*
 * The basis (依据) of a line: the repealing document when it is public
 * itself, the reason of a manual repeal, the end of the validity.  Never
 * empty, and never a non-public document's docno or title.
 */
static void
cleanup_basis(json_t *e, char *buf, size_t len)
{
	json_t		*by = json_object_get(e, "repealed_by");
	const char	*docno, *title, *reason;
	char		 date[64];

	if (strcmp(record_str(e, "status") ? record_str(e, "status") : "",
	    "repealed") != 0) {
		cndate_format_cn(record_str(e, "valid_until"), date,
		    sizeof(date));
		if (record_str(e, "valid_until") != NULL)
			snprintf(buf, len, "有效期至%s届满", date);
		else
			snprintf(buf, len, "有效期届满");
		return;
	}
	if (json_is_object(by)) {
		docno = record_str(by, "docno");
		title = record_str(by, "title");
		if (strcmp(record_str(by, "visibility") ?
		    record_str(by, "visibility") : "", "public") != 0)
			snprintf(buf, len, "已由另文废止（该文件不公开）");
		else if (title != NULL)
			snprintf(buf, len, "《%s》%s%s%s废止", title,
			    docno ? "（" : "", docno ? docno : "",
			    docno ? "）" : "");
		else
			snprintf(buf, len, "%s废止", docno ? docno :
			    record_str(by, "id"));
		return;
	}
	reason = record_str(e, "repeal_reason");
	snprintf(buf, len, "%s", reason != NULL && *reason ? reason :
	    "经审查决定废止");
}

/*
 * The published result from the full (internal) one: only public
 * documents are listed; the others are counted by kind, never named.
 */
static json_t *
cleanup_public(json_t *full)
{
	json_t		*docs = json_array(), *corr = json_array(), *e, *p, *by;
	json_int_t	 nwith = 0, nreq = 0, nund = 0, nexp = 0, nrep = 0;
	const char	*vis;
	char		 basis[1024];
	size_t		 i;

	json_array_foreach(json_object_get(full, "documents"), i, e) {
		/* restored since: not cleaned after all (see corrections) */
		if (json_object_get(e, "restored") != NULL)
			continue;
		if (strcmp(record_str(e, "status") ? record_str(e, "status") :
		    "", "repealed") == 0)
			nrep++;
		else
			nexp++;
		vis = record_str(e, "visibility");
		if (vis != NULL && strcmp(vis, "public") == 0) {
			cleanup_basis(e, basis, sizeof(basis));
			by = json_object_get(e, "repealed_by");
			by = json_is_object(by) && strcmp(record_str(by,
			    "visibility") ? record_str(by, "visibility") : "",
			    "public") == 0 ? json_pack("{s:O, s:O, s:O}", "id",
			    json_object_get(by, "id"), "docno",
			    json_object_get(by, "docno"), "title",
			    json_object_get(by, "title")) : json_null();
			json_array_append_new(docs, json_pack("{s:O, s:O, s:O, "
			    "s:O, s:O, s:O, s:O, s:s, s:o}",
			    "id", json_object_get(e, "id"),
			    "docno", json_object_get(e, "docno"),
			    "title", json_object_get(e, "title"),
			    "issuer", json_object_get(e, "issuer"),
			    "status", json_object_get(e, "status"),
			    "kind", json_object_get(e, "kind"),
			    "date", json_object_get(e, "date"),
			    "basis", basis, "repealed_by", by));
		} else if (vis != NULL && strcmp(vis, "on_request") == 0)
			nreq++;
		else if (vis != NULL && strcmp(vis, "withheld") == 0)
			nwith++;
		else
			nund++;
	}
	json_array_foreach(json_object_get(full, "corrections"), i, e) {
		vis = record_str(e, "visibility");
		if (vis != NULL && strcmp(vis, "public") == 0)
			p = json_pack("{s:O, s:O, s:O, s:O, s:O, s:b}",
			    "id", json_object_get(e, "id"),
			    "docno", json_object_get(e, "docno"),
			    "title", json_object_get(e, "title"),
			    "date", json_object_get(e, "date"),
			    "reason", json_object_get(e, "reason"),
			    "named", 1);
		else
			p = json_pack("{s:O, s:b}", "date",
			    json_object_get(e, "date"), "named", 0);
		json_array_append_new(corr, p);
	}
	return json_pack("{s:O, s:O, s:I, s:I, s:I, s:o, s:I, s:I, s:I, "
	    "s:o}",
	    "date", json_object_get(full, "date"),
	    "runs", json_object_get(full, "runs"),
	    "cleaned", nexp + nrep, "expired", nexp, "repealed", nrep,
	    "documents", docs,
	    "withheld_count", nwith, "on_request_count", nreq,
	    "undetermined_count", nund,
	    "corrections", corr);
}

/* A Markdown table cell: no newline, no unescaped bar. */
static void
cleanup_cell(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, " ", 1);
	if (s == NULL || *s == '\0')
		s = "—";
	for (; *s; s++) {
		/* Markdown's own characters stand for themselves. */
		if (strchr("|\\*_`[]<>#~", *s) != NULL) {
			strbuf_add(sb, "\\", 1);
			strbuf_add(sb, s, 1);
		} else if (*s == '\n' || *s == '\r')
			strbuf_add(sb, " ", 1);
		else
			strbuf_add(sb, s, 1);
	}
	strbuf_add(sb, " |", 2);
}

static void
cleanup_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static json_int_t
cleanup_int(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

char *
cleanup_markdown(json_t *pub)
{
	struct strbuf	 sb;
	json_t		*docs = json_object_get(pub, "documents"), *e;
	json_int_t	 nwith = cleanup_int(pub, "withheld_count");
	json_int_t	 nreq = cleanup_int(pub, "on_request_count");
	json_int_t	 nund = cleanup_int(pub, "undetermined_count");
	char		 line[2048], date[64], basis[1024];
	size_t		 i;

	memset(&sb, 0, sizeof(sb));
	cndate_format_cn(record_str(pub, "date"), date, sizeof(date));
	snprintf(line, sizeof(line), "# 文件清理结果（%s）\n\n"
	    "清理日期：%s\n\n本次共清理文件 %lld 件，其中失效 %lld 件，"
	    "废止 %lld 件。", date, date,
	    (long long)cleanup_int(pub, "cleaned"),
	    (long long)cleanup_int(pub, "expired"),
	    (long long)cleanup_int(pub, "repealed"));
	cleanup_puts(&sb, line);
	if (nwith + nreq + nund > 0) {
		if (json_array_size(docs) > 0)
			snprintf(line, sizeof(line), "下表列出其中主动公开的"
			    "文件 %zu 件；另有", json_array_size(docs));
		else
			snprintf(line, sizeof(line), "其中没有主动公开的文件；");
		cleanup_puts(&sb, line);
		if (nwith > 0) {
			snprintf(line, sizeof(line), "不予公开 %lld 件、",
			    (long long)nwith);
			cleanup_puts(&sb, line);
		}
		if (nreq > 0) {
			snprintf(line, sizeof(line), "依申请公开 %lld 件、",
			    (long long)nreq);
			cleanup_puts(&sb, line);
		}
		if (nund > 0) {
			snprintf(line, sizeof(line), "公开属性待定 %lld 件、",
			    (long long)nund);
			cleanup_puts(&sb, line);
		}
		/* drop the last 、 */
		sb.len -= strlen("、");
		sb.s[sb.len] = '\0';
		cleanup_puts(&sb, "，按规定只计件数，不列出文号和标题。");
	}
	cleanup_puts(&sb, "\n\n");
	if (cleanup_int(pub, "cleaned") == 0)
		cleanup_puts(&sb, "本次清理没有需要清理的文件。\n");
	else if (json_array_size(docs) > 0) {
		cleanup_puts(&sb, "| 序号 | 文号 | 标题 | 发文机关 "
		    "| 清理类型 | 失效或废止日期 | 依据 |\n"
		    "|---|---|---|---|---|---|---|\n");
		json_array_foreach(docs, i, e) {
			snprintf(line, sizeof(line), "| %zu |", i + 1);
			cleanup_puts(&sb, line);
			cleanup_cell(&sb, record_str(e, "docno"));
			cleanup_cell(&sb, record_str(e, "title"));
			cleanup_cell(&sb, record_str(e, "issuer"));
			cleanup_cell(&sb, record_str(e, "kind"));
			cndate_format_cn(record_str(e, "date"), date,
			    sizeof(date));
			cleanup_cell(&sb, date);
			snprintf(basis, sizeof(basis), "%s",
			    record_str(e, "basis") ? record_str(e, "basis") :
			    "—");
			cleanup_cell(&sb, basis);
			cleanup_puts(&sb, "\n");
		}
	}
	json_array_foreach(json_object_get(pub, "corrections"), i, e) {
		if (i == 0)
			cleanup_puts(&sb, "\n## 更正\n\n");
		cndate_format_cn(record_str(e, "date"), date, sizeof(date));
		if (json_is_true(json_object_get(e, "named")))
			snprintf(line, sizeof(line), "- 更正：此前公布为已清理的"
			    "《%s》（%s）经核实不应清理，已于%s恢复效力。%s%s\n",
			    record_str(e, "title") ? record_str(e, "title") :
			    "—", record_str(e, "docno") ?
			    record_str(e, "docno") : "无文号", date,
			    record_str(e, "reason") ? "理由：" : "",
			    record_str(e, "reason") ? record_str(e, "reason") :
			    "");
		else
			snprintf(line, sizeof(line), "- 更正：此前清理结果中计数"
			    "的不公开文件 1 件经核实不应清理，已于%s恢复效力。\n",
			    date);
		cleanup_puts(&sb, line);
	}
	if (cleanup_int(pub, "cleaned") > 0)
		cleanup_puts(&sb, "\n上述文件各自自其失效或废止日期起失去"
		    "效力（失效日期为有效期届满的次日，废止日期为废止它的文件"
		    "施行之日或决定废止之日）；本次清理仅对已失去效力的文件予以"
		    "集中清理和公布，并不改变其失去效力的日期。原文及其全部记录"
		    "保存于档案库。\n");
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	return sb.s;
}

/* --- a run ------------------------------------------------------------- */

/* json text of o, with a final newline. */
static char *
cleanup_dump(json_t *o, size_t *lenp)
{
	char	*js, *buf;
	size_t	 len;

	if ((js = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL)
		return NULL;
	len = strlen(js);
	if ((buf = realloc(js, len + 2)) == NULL) {
		free(js);
		return NULL;
	}
	buf[len++] = '\n';
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/*
 * A result written before the published file was split from the internal
 * one listed every document: take its lines as the full list, finding
 * each one's visibility in the index.
 */
static void
cleanup_upgrade(struct docket *d, json_t *res)
{
	MDB_txn		*txn;
	json_t		*e, *r;
	uint64_t	 id;
	size_t		 i;

	if (store_txn_read(d->st, &txn) != 0)
		return;
	json_array_foreach(json_object_get(res, "documents"), i, e) {
		if (json_object_get(e, "visibility") != NULL)
			continue;
		if (store_id_parse(record_str(e, "id"), &id) == 0 &&
		    store_get_record(d->st, txn, id, &r) == 0) {
			json_object_set_new(e, "visibility",
			    json_string(cleanup_visibility(r)));
			json_decref(r);
		} else
			json_object_set_new(e, "visibility",
			    json_string("undetermined"));
	}
	store_txn_end(txn);
}

/* 1 when entry e is of the record with id. */
static int
cleanup_is(json_t *e, const char *id)
{
	const char *eid = record_str(e, "id");

	return eid != NULL && id != NULL && strcmp(eid, id) == 0;
}

/* The corrections of add not already in all (the same event: id, seq),
 * as a new array. */
static json_t *
cleanup_fresh(json_t *all, json_t *add)
{
	json_t	*c, *e, *out = json_array();
	size_t	 i, j;
	int	 dup;

	json_array_foreach(add, j, c) {
		dup = 0;
		json_array_foreach(all, i, e)
			if (cleanup_is(e, record_str(c, "id")) &&
			    json_equal(json_object_get(e, "seq"),
			    json_object_get(c, "seq")))
				dup = 1;
		if (!dup)
			json_array_append(out, c);
	}
	return out;
}

/*
 * Add this run's lines to the day's full list: a document restored since
 * an earlier run of the day is marked restored (it is no longer listed
 * or counted; its correction says why), and a document cleaned again
 * replaces its earlier line, so each stands once.
 */
static void
cleanup_merge(json_t *all, json_t *docs, json_t *corrections)
{
	json_t	*e, *c;
	size_t	 i, j;

	json_array_foreach(corrections, j, c)
		json_array_foreach(all, i, e)
			if (cleanup_is(e, record_str(c, "id")))
				json_object_set_new(e, "restored",
				    json_string(record_str(c, "date") ?
				    record_str(c, "date") : ""));
	json_array_foreach(docs, j, c)
		for (i = 0; i < json_array_size(all); )
			if (cleanup_is(json_array_get(all, i),
			    record_str(c, "id")))
				json_array_remove(all, i);
			else
				i++;
	json_array_extend(all, docs);
}

/*
 * Stage the day's result with docs and corrections added; run is this
 * run's entry.  The full list goes to internal/cleanup/DATE.json, which
 * no publication path reads; cleanup/DATE.json and .md get only what may
 * be published.
 */
static int
cleanup_stage_result(struct docket *d, const char *date, json_t *docs,
    json_t *corrections, json_t *run, char *jpath, char *mpath, char *err,
    size_t errlen)
{
	json_t		*res = NULL, *pub = NULL, *runs, *fresh;
	json_error_t	 jerr;
	char		 ipath[64], *buf = NULL, *js = NULL, *md = NULL;
	char		*ijs = NULL;
	const char	*from = ipath;
	size_t		 len, ilen;
	int		 rc, ret = -1;

	snprintf(ipath, sizeof(ipath), "internal/cleanup/%s.json", date);
	snprintf(jpath, 64, "cleanup/%s.json", date);
	snprintf(mpath, 64, "cleanup/%s.md", date);
	rc = vault_read(d->vt, NULL, ipath, &buf, &len, err, errlen);
	if (rc == 1) {
		from = jpath;
		rc = vault_read(d->vt, NULL, jpath, &buf, &len, err, errlen);
	}
	if (rc == -1)
		return -1;
	if (rc == 0 && (res = json_loadb(buf, len, 0, &jerr)) == NULL) {
		snprintf(err, errlen, "%s in the vault: %s", from, jerr.text);
		goto out;
	}
	if (res != NULL && from == jpath) {
		if (json_object_get(res, "withheld_count") != NULL) {
			/* a published file without its internal one */
			snprintf(err, errlen, "%s in the vault has no %s",
			    jpath, ipath);
			goto out;
		}
		cleanup_upgrade(d, res);
	}
	if (res == NULL)
		res = json_pack("{s:s, s:[], s:[], s:[]}", "date", date, "runs",
		    "documents", "corrections");
	if (!json_is_array(json_object_get(res, "corrections")))
		json_object_set_new(res, "corrections", json_array());
	runs = json_object_get(res, "runs");
	if (!json_is_array(runs) ||
	    !json_is_array(json_object_get(res, "documents"))) {
		snprintf(err, errlen, "%s in the vault is not a result", from);
		goto out;
	}
	json_array_append(runs, run);
	fresh = cleanup_fresh(json_object_get(res, "corrections"), corrections);
	cleanup_merge(json_object_get(res, "documents"), docs, fresh);
	json_array_extend(json_object_get(res, "corrections"), fresh);
	json_decref(fresh);
	if ((pub = cleanup_public(res)) == NULL ||
	    (ijs = cleanup_dump(res, &ilen)) == NULL ||
	    (js = cleanup_dump(pub, &len)) == NULL ||
	    (md = cleanup_markdown(pub)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (vault_stage(d->vt, ipath, ijs, ilen, err, errlen) == -1 ||
	    vault_stage(d->vt, jpath, js, len, err, errlen) == -1 ||
	    vault_stage(d->vt, mpath, md, strlen(md), err, errlen) == -1)
		goto out;
	ret = 0;
out:
	free(buf);
	free(js);
	free(ijs);
	free(md);
	json_decref(res);
	json_decref(pub);
	return ret;
}

/* --- corrections -------------------------------------------------------- */

struct corr {
	struct docket	*d;
	MDB_txn		*txn;
	json_t		*out;
};

static int
cleanup_corr_cb(uint64_t id, uint32_t seq, const char *line, size_t len,
    void *arg)
{
	struct corr	*c = arg;
	json_t		*ev, *rec;
	const char	*t;
	char		 day[11];

	if ((ev = json_loadb(line, len, 0, NULL)) == NULL)
		return 0;
	if (strcmp(record_str(ev, "action") ? record_str(ev, "action") : "",
	    "restore") == 0 && store_get_record(c->d->st, c->txn, id,
	    &rec) == 0) {
		t = record_str(ev, "time");
		snprintf(day, sizeof(day), "%s", t ? t : "");
		json_array_append_new(c->out, json_pack("{s:O, s:I, s:O, s:O, "
		    "s:s, s:O, s:s}",
		    "id", json_object_get(rec, "id"), "seq", (json_int_t)seq,
		    "docno", json_object_get(rec, "docno"),
		    "title", json_object_get(rec, "title"),
		    "date", day,
		    "reason", json_object_get(ev, "reason"),
		    "visibility", cleanup_visibility(rec)));
		json_decref(rec);
	}
	json_decref(ev);
	return 0;
}

/*
 * Documents restored (docketctl restore) since the last published
 * result: the next result carries a correction line for each.
 */
static json_t *
cleanup_corrections(struct docket *d, MDB_txn *txn)
{
	struct corr	 c;
	char		 meta[32], since[32];
	time_t		 t;
	struct tm	 tm;

	c.d = d;
	c.txn = txn;
	c.out = json_array();
	since[0] = '\0';
	if (store_meta_get(d->st, txn, "last_cleanup", meta,
	    sizeof(meta)) == 0) {
		/* From the second of the last result on: a restore in that
		 * same second may have come after it.  One already carried
		 * by the day's result is not added twice (cleanup_stage). */
		t = (time_t)strtoll(meta, NULL, 10);
		localtime_r(&t, &tm);
		strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%S", &tm);
	}
	if (store_each_change(d->st, txn, since[0] ? since : NULL, NULL,
	    cleanup_corr_cb, &c) != 0) {
		json_decref(c.out);
		return NULL;
	}
	return c.out;
}

json_t *
cleanup_run(struct docket *d, const char *actor, int64_t now, char *err,
    size_t errlen)
{
	struct lc_ctx	 lc;
	struct collect	 c;
	struct change	*ch = NULL;
	MDB_txn		*txn = NULL;
	json_t		*docs = NULL, *run = NULL, *ev, *rec, *idv, *out = NULL;
	json_t		*corr = NULL, *empty = json_array();
	char		 commit[VAULT_OID_HEX] = "", jpath[64], mpath[64];
	char		 msg[128], ts[64], status[16], date[11];
	size_t		 i = 0, done = 0, total;
	uint64_t	 id;
	int		 rc, first = 1;

	lc_ctx_init(&lc, &d->cf->review, actor, now);
	memset(&c, 0, sizeof(c));
	if ((rc = store_txn_read(d->st, &txn)) != 0 ||
	    (rc = cleanup_collect(d, txn, lc.today, &c)) != 0) {
		snprintf(err, errlen, "%s", store_strerror(rc));
		goto out;
	}
	if ((corr = cleanup_corrections(d, txn)) == NULL) {
		snprintf(err, errlen, "cannot read the changes index");
		goto out;
	}
	store_txn_end(txn);
	txn = NULL;
	total = json_array_size(c.ids);
	record_rfc3339(now, ts, sizeof(ts));
	/* One chunk at least: an empty run is published too. */
	while (first || i < total) {
		first = 0;
		notify_watchdog();	/* a long run must not look hung */
		if ((ch = change_new(d->st, d->vt)) == NULL ||
		    (rc = store_txn_read(d->st, &txn)) != 0) {
			snprintf(err, errlen, "out of memory or %s",
			    store_strerror(rc));
			goto out;
		}
		docs = json_array();
		for (; i < total && json_array_size(docs) < CLEANUP_CHUNK;
		    i++) {
			idv = json_array_get(c.ids, i);
			if (store_id_parse(json_string_value(idv), &id) == -1 ||
			    (rec = change_get(ch, txn, id)) == NULL)
				continue;
			snprintf(status, sizeof(status), "%s",
			    record_str(rec, "status"));
			snprintf(date, sizeof(date), "%s",
			    record_str(rec, "status_on") ?
			    record_str(rec, "status_on") : lc.today);
			ev = json_array();
			if (lc_clean(&lc, rec, ev, NULL, 0) == 0) {
				json_array_append_new(docs, cleanup_entry(d,
				    txn, rec, status, date));
				change_put(ch, rec, ev);
			}
			json_decref(ev);
		}
		store_txn_end(txn);
		txn = NULL;
		done += json_array_size(docs);
		json_decref(run);
		run = json_pack("{s:s, s:s, s:I, s:I}", "at", ts, "actor",
		    actor, "cleaned", (json_int_t)json_array_size(docs),
		    "held", (json_int_t)json_array_size(c.held));
		if (cleanup_stage_result(d, lc.today, docs, corr != NULL ?
		    corr : empty, run, jpath, mpath, err, errlen) == -1) {
			vault_discard(d->vt);
			goto out;
		}
		change_note_cleanup(ch);
		json_decref(corr);
		corr = NULL;	/* the first chunk carries them */
		snprintf(msg, sizeof(msg), "cleanup %s: %zu document%s cleaned "
		    "by %s", lc.today, json_array_size(docs),
		    json_array_size(docs) == 1 ? "" : "s", actor);
		rc = change_commit(ch, msg, commit, err, errlen);
		change_free(ch);
		ch = NULL;
		json_decref(docs);
		docs = NULL;
		if (rc != 0)
			goto out;
	}
	log_info("cleanup %s by %s: %zu cleaned, %zu on hold, commit %.12s",
	    lc.today, actor, done, json_array_size(c.held), commit);
	if (d->after_cleanup != NULL)
		d->after_cleanup(d->after_cleanup_arg);
	out = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "date", lc.today,
	    "cleaned", (json_int_t)done, "held",
	    (json_int_t)json_array_size(c.held), "commit", commit,
	    "json", jpath, "md", mpath);
out:
	store_txn_end(txn);
	change_free(ch);
	json_decref(docs);
	json_decref(run);
	json_decref(c.ids);
	json_decref(c.held);
	json_decref(corr);
	json_decref(empty);
	return out;
}
