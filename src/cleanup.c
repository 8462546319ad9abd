/*
 * cleanup: clean expired and repealed documents and publish the result.
 *
 * A run works in chunks of CLEANUP_CHUNK records, one change (vault
 * commit, then LMDB) per chunk, so a very large cleanup neither holds
 * everything in memory nor loses work on a crash: each chunk's commit
 * carries the day's result file rewritten with every document cleaned so
 * far that day.  A second run on the same day adds to the same files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
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

/* The published line of one document, before it is cleaned. */
static json_t *
cleanup_entry(struct docket *d, MDB_txn *txn, json_t *rec, const char *status,
    const char *date)
{
	json_t		*by = json_null(), *r;
	const char	*bid = record_str(rec, "repealed_by");
	uint64_t	 id;

	if (bid != NULL && store_id_parse(bid, &id) == 0 &&
	    store_get_record(d->st, txn, id, &r) == 0) {
		by = json_pack("{s:s, s:O, s:O}", "id", bid,
		    "docno", json_object_get(r, "docno"),
		    "title", json_object_get(r, "title"));
		json_decref(r);
	} else if (bid != NULL)
		by = json_pack("{s:s, s:n, s:n}", "id", bid, "docno", "title");
	return json_pack("{s:O, s:O, s:O, s:O, s:s, s:s, s:s?, s:o}",
	    "id", json_object_get(rec, "id"),
	    "docno", json_object_get(rec, "docno"),
	    "title", json_object_get(rec, "title"),
	    "issuer", json_object_get(rec, "issuer"),
	    "status", status, "kind", cleanup_kind(status),
	    "date", date, "repealed_by", by);
}

struct collect {
	json_t	*ids;		/* ids to clean */
	json_t	*held;		/* records on hold */
};

static int
cleanup_collect_cb(json_t *rec, void *arg)
{
	struct collect *c = arg;

	if (json_is_true(json_object_get(rec, "hold")))
		json_array_append(c->held, rec);
	else
		json_array_append(c->ids, json_object_get(rec, "id"));
	return 0;
}

static int
cleanup_collect(struct docket *d, MDB_txn *txn, struct collect *c)
{
	int rc;

	c->ids = json_array();
	c->held = json_array();
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
		snprintf(err, errlen, "'%s' is not a date (YYYY-MM-DD)", asof);
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
	if ((rc = cleanup_collect(d, txn, &c)) != 0)
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

static void
cleanup_cndate(const char *iso, char *buf, size_t len)
{
	int y, m, dd;

	if (iso != NULL && sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) == 3)
		snprintf(buf, len, "%d年%d月%d日", y, m, dd);
	else
		snprintf(buf, len, "—");
}

/* A Markdown table cell: no newline, no unescaped bar. */
static void
cleanup_cell(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, " ", 1);
	if (s == NULL || *s == '\0')
		s = "—";
	for (; *s; s++) {
		if (*s == '|')
			strbuf_add(sb, "\\|", 2);
		else if (*s == '\n' || *s == '\r')
			strbuf_add(sb, " ", 1);
		else
			strbuf_add(sb, s, 1);
	}
	strbuf_add(sb, " |", 2);
}

char *
cleanup_markdown(json_t *result)
{
	struct strbuf	 sb;
	json_t		*docs = json_object_get(result, "documents"), *e, *by;
	char		 line[512], date[64];
	size_t		 i, nexp = 0, nrep = 0;

	memset(&sb, 0, sizeof(sb));
	json_array_foreach(docs, i, e) {
		if (strcmp(record_str(e, "status") ? record_str(e, "status") :
		    "", "repealed") == 0)
			nrep++;
		else
			nexp++;
	}
	cleanup_cndate(record_str(result, "date"), date, sizeof(date));
	snprintf(line, sizeof(line), "# 文件清理结果（%s）\n\n"
	    "清理日期：%s\n\n本次共清理文件 %zu 件，其中失效 %zu 件，"
	    "废止 %zu 件。\n\n", date, date, nexp + nrep, nexp, nrep);
	strbuf_add(&sb, line, strlen(line));
	if (nexp + nrep == 0) {
		snprintf(line, sizeof(line), "本次清理没有需要清理的文件。\n");
		strbuf_add(&sb, line, strlen(line));
	} else {
		snprintf(line, sizeof(line), "| 序号 | 文号 | 标题 | 发文机关 "
		    "| 清理类型 | 失效或废止日期 | 废止依据 |\n"
		    "|---|---|---|---|---|---|---|\n");
		strbuf_add(&sb, line, strlen(line));
		json_array_foreach(docs, i, e) {
			snprintf(line, sizeof(line), "| %zu |", i + 1);
			strbuf_add(&sb, line, strlen(line));
			cleanup_cell(&sb, record_str(e, "docno"));
			cleanup_cell(&sb, record_str(e, "title"));
			cleanup_cell(&sb, record_str(e, "issuer"));
			cleanup_cell(&sb, record_str(e, "kind"));
			cleanup_cndate(record_str(e, "date"), date,
			    sizeof(date));
			cleanup_cell(&sb, date);
			by = json_object_get(e, "repealed_by");
			if (json_is_object(by)) {
				snprintf(line, sizeof(line), "%s%s%s",
				    record_str(by, "docno") ?
				    record_str(by, "docno") : "",
				    record_str(by, "title") ? " " : "",
				    record_str(by, "title") ?
				    record_str(by, "title") : "");
				cleanup_cell(&sb, line[0] ? line :
				    record_str(by, "id"));
			} else
				cleanup_cell(&sb, NULL);
			strbuf_add(&sb, "\n", 1);
		}
	}
	snprintf(line, sizeof(line), "\n以上文件自清理之日起不再作为有效文件，"
	    "原文及其全部记录保存于档案库。\n");
	strbuf_add(&sb, line, strlen(line));
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	return sb.s;
}

/* --- a run ------------------------------------------------------------- */

/* Stage the day's result with docs added; run is this run's entry. */
static int
cleanup_stage_result(struct docket *d, const char *date, json_t *docs,
    json_t *run, char *jpath, char *mpath, char *err, size_t errlen)
{
	json_t		*res = NULL, *runs;
	json_error_t	 jerr;
	char		*buf = NULL, *js = NULL, *md = NULL, *buf2;
	size_t		 len;
	int		 rc, ret = -1;

	snprintf(jpath, 64, "cleanup/%s.json", date);
	snprintf(mpath, 64, "cleanup/%s.md", date);
	rc = vault_read(d->vt, NULL, jpath, &buf, &len, err, errlen);
	if (rc == -1)
		return -1;
	if (rc == 0 && (res = json_loadb(buf, len, 0, &jerr)) == NULL) {
		snprintf(err, errlen, "%s in the vault: %s", jpath, jerr.text);
		goto out;
	}
	if (res == NULL)
		res = json_pack("{s:s, s:[], s:[]}", "date", date, "runs",
		    "documents");
	runs = json_object_get(res, "runs");
	if (!json_is_array(runs) ||
	    !json_is_array(json_object_get(res, "documents"))) {
		snprintf(err, errlen, "%s in the vault is not a result", jpath);
		goto out;
	}
	json_array_append(runs, run);
	json_array_extend(json_object_get(res, "documents"), docs);
	if ((js = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL || (md = cleanup_markdown(res)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	len = strlen(js);
	if ((buf2 = realloc(js, len + 2)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	js = buf2;
	js[len++] = '\n';
	js[len] = '\0';
	if (vault_stage(d->vt, jpath, js, len, err, errlen) == -1 ||
	    vault_stage(d->vt, mpath, md, strlen(md), err, errlen) == -1)
		goto out;
	ret = 0;
out:
	free(buf);
	free(js);
	free(md);
	json_decref(res);
	return ret;
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
	char		 commit[VAULT_OID_HEX] = "", jpath[64], mpath[64];
	char		 msg[128], ts[64], status[16], date[11];
	size_t		 i = 0, done = 0, total;
	uint64_t	 id;
	int		 rc, first = 1;

	lc_ctx_init(&lc, &d->cf->review, actor, now);
	memset(&c, 0, sizeof(c));
	if ((rc = store_txn_read(d->st, &txn)) != 0 ||
	    (rc = cleanup_collect(d, txn, &c)) != 0) {
		snprintf(err, errlen, "%s", store_strerror(rc));
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
		if (cleanup_stage_result(d, lc.today, docs, run, jpath, mpath,
		    err, errlen) == -1) {
			vault_discard(d->vt);
			goto out;
		}
		change_note_cleanup(ch);
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
	return out;
}
