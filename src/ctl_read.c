/*
 * ctl_read: docketctl's read commands — status, list, show, history,
 * versions, text.  They read LMDB (read-only) and the vault directly, so
 * they work whether docketd runs or not.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gongwen.h"
#include "intake.h"
#include "lifecycle.h"
#include "record.h"
#include "store.h"
#include "vault.h"
#include "width.h"

#include "docketctl.h"

/* --- list --------------------------------------------------------------- */

/*
 * list streams: one pass to size the table's columns (or none for JSON),
 * one to print, so a million records never sit in memory at once.
 */
#define LIST_COLS	4

struct list_ctx {
	const char	*disclosure, *status, *agency, *flag, *due_before;
	int		 all;		/* cleaned ones too */
	int		 json, pass;	/* pass 0 measures, 1 prints */
	struct ctl	*c;
	size_t		 n, w[LIST_COLS];
};

static const char *list_hdr[LIST_COLS] = { "ID", "DOCNO", "DISCLOSURE",
	"SIGNED ON" };
static const char *list_key[LIST_COLS] = { "id", "docno", "disclosure",
	"signed_on" };

static int
ctl_has_flag(json_t *rec, const char *flag)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(rec, "flags"), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), flag)
		    == 0)
			return 1;
	return 0;
}

static int
ctl_list_cb(json_t *rec, void *arg)
{
	struct list_ctx	*l = arg;
	const char	*v;
	char		*js;
	size_t		 j, w;

	if (l->disclosure && ((v = record_str(rec, "disclosure")) == NULL ||
	    strcmp(v, l->disclosure) != 0))
		return 0;
	if (l->status && ((v = record_str(rec, "status")) == NULL ||
	    strcmp(v, l->status) != 0))
		return 0;
	if (l->agency && ((v = record_str(rec, "agency")) == NULL ||
	    strcmp(v, l->agency) != 0))
		return 0;
	if (l->flag && !ctl_has_flag(rec, l->flag))
		return 0;
	/* Cleaned documents have left the active catalog. */
	if (!l->all && l->status == NULL && (v = record_str(rec, "status"))
	    != NULL && strcmp(v, "cleaned") == 0)
		return 0;
	if (l->json) {
		if ((js = json_dumps(rec, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER)) == NULL)
			ctl_die(EX_ERR, "out of memory");
		/* Indent the object as an array element. */
		printf("%s  ", l->n ? ",\n" : "");
		for (v = js; *v; v++) {
			putchar(*v);
			if (*v == '\n')
				fputs("  ", stdout);
		}
		free(js);
	} else if (l->pass == 0) {
		for (j = 0; j < LIST_COLS; j++)
			if ((v = record_str(rec, list_key[j])) != NULL &&
			    (w = width_str(v)) > l->w[j])
				l->w[j] = w;
	} else {
		for (j = 0; j < LIST_COLS; j++)
			ctl_cell(record_str(rec, list_key[j]), l->w[j], 0);
		ctl_cell(record_str(rec, "title"), 0, 1);
	}
	l->n++;
	return 0;
}

static int
ctl_list_due_cb(uint64_t id, const char *date, void *arg)
{
	struct list_ctx	*l = arg;
	json_t		*rec;
	int		 stop;

	(void)date;
	if (store_get_record(l->c->st, l->c->txn, id, &rec) != 0)
		return 0;
	stop = ctl_list_cb(rec, l);
	json_decref(rec);
	return stop;
}

/* Walk the narrowest index the filters allow. */
static int
ctl_list_walk(struct ctl *c, struct list_ctx *l)
{
	char upto[11];

	l->c = c;
	if (l->due_before) {
		/* Reviews due before DATE: the due index, oldest first. */
		if (lc_date_add(l->due_before, 0, -1, upto) == -1)
			return EINVAL;
		return store_each_due(c->st, c->txn, STORE_DUE_REVIEW, upto,
		    ctl_list_due_cb, l);
	}
	if (l->disclosure)
		return store_each_indexed(c->st, c->txn, STORE_IDX_DISCLOSURE,
		    l->disclosure, ctl_list_cb, l);
	if (l->flag)
		return store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
		    l->flag, ctl_list_cb, l);
	if (l->agency)
		return store_each_indexed(c->st, c->txn, STORE_IDX_AGENCY,
		    l->agency, ctl_list_cb, l);
	if (l->status)
		return store_each_indexed(c->st, c->txn, STORE_IDX_STATUS,
		    l->status, ctl_list_cb, l);
	return store_each_record(c->st, c->txn, ctl_list_cb, l);
}

static int
ctl_list(struct ctl *c, int argc, char **argv)
{
	struct list_ctx		 lc, *l = &lc;
	static const char	*statuses[] = { "in_force", "expired",
	    "repealed", "cleaned", NULL };
	size_t			 i, j;
	enum disclosure		 d;
	int			 rc;

	(void)argc;
	(void)argv;
	memset(l, 0, sizeof(*l));
	l->disclosure = c->disclosure;
	l->status = c->status;
	l->agency = c->agency;
	l->flag = c->flag;
	l->due_before = c->due_before;
	l->all = c->all;

	if (l->disclosure && gongwen_disclosure_parse(l->disclosure, &d)
	    == -1)
		ctl_die(EX_USAGE, "--disclosure: '%s' is not one of public, "
		    "on_request, withheld, undetermined", l->disclosure);
	if (l->status) {
		for (i = 0; statuses[i]; i++)
			if (strcmp(statuses[i], l->status) == 0)
				break;
		if (statuses[i] == NULL)
			ctl_die(EX_USAGE, "--status: '%s' is not one of "
			    "in_force, expired, repealed, cleaned", l->status);
	}
	if (l->flag && gongwen_flag_parse(l->flag) == 0 &&
	    strcmp(l->flag, "review_overdue") != 0)
		ctl_die(EX_USAGE, "--flag: unknown flag '%s'", l->flag);
	if (l->due_before) {
		char check[11];

		if (lc_date_add(l->due_before, 0, 0, check) == -1)
			ctl_die(EX_USAGE, "--review-due-before: '%s' is not a "
			    "date (YYYY-MM-DD)", l->due_before);
	}
	ctl_open(c);
	l->json = c->json;
	if (l->json) {
		fputs("[\n", stdout);
		if ((rc = ctl_list_walk(c, l)) != 0)
			ctl_die(EX_ERR, "list: %s", store_strerror(rc));
		fputs(l->n ? "\n]\n" : "]\n", stdout);
		return EX_OK;
	}
	for (j = 0; j < LIST_COLS; j++)
		l->w[j] = width_str(list_hdr[j]);
	if ((rc = ctl_list_walk(c, l)) != 0)
		ctl_die(EX_ERR, "list: %s", store_strerror(rc));
	if (l->w[1] > 40)
		l->w[1] = 40;
	for (j = 0; j < LIST_COLS; j++)
		ctl_cell(list_hdr[j], l->w[j], 0);
	ctl_cell("TITLE", 0, 1);
	l->pass = 1;
	l->n = 0;
	if ((rc = ctl_list_walk(c, l)) != 0)
		ctl_die(EX_ERR, "list: %s", store_strerror(rc));
	return EX_OK;
}

/* --- show, history, text ------------------------------------------------ */

static int
ctl_show(struct ctl *c, int argc, char **argv)
{
	const char	*doc = argv[0];
	json_t		*rec, *v;
	const char	*k;
	size_t		 i;

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, doc);
	if (c->json) {
		ctl_print_json(rec);
		json_decref(rec);
		return EX_OK;
	}
	json_object_foreach(rec, k, v) {
		printf("%-18s ", k);
		if (json_is_null(v))
			printf("-\n");
		else if (json_is_string(v))
			printf("%s\n", json_string_value(v));
		else if (json_is_integer(v))
			printf("%lld\n", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			printf("%s\n", json_is_true(v) ? "yes" : "no");
		else if (json_is_array(v)) {
			json_t *e;

			if (json_array_size(v) == 0)
				printf("-");
			json_array_foreach(v, i, e)
				printf("%s%s", i ? ", " : "",
				    json_is_string(e) ? json_string_value(e) :
				    "?");
			printf("\n");
		} else
			printf("?\n");
	}
	json_decref(rec);
	return EX_OK;
}

static int
ctl_history_cb(json_t *ver, void *arg)
{
	json_t *out = arg;

	json_array_append(out, ver);
	return 0;
}

static int ctl_event_cb(uint32_t, const char *, size_t, void *);

/* The record DOC names, and its versions or its events as an array. */
static json_t *
ctl_rows(struct ctl *c, const char *doc, int events, json_t **rec)
{
	json_t		*out;
	uint64_t	 id;
	int		 rc;

	ctl_open(c);
	*rec = ctl_resolve(c, doc);
	store_id_parse(record_str(*rec, "id"), &id);
	out = json_array();
	rc = events ? store_each_event(c->st, c->txn, id, ctl_event_cb, out) :
	    store_each_version(c->st, c->txn, id, ctl_history_cb, out);
	if (rc != 0)
		ctl_die(EX_ERR, "%s: %s", events ? "history" : "versions",
		    store_strerror(rc));
	return out;
}

static int
ctl_versions(struct ctl *c, int argc, char **argv)
{
	const char	*doc = argv[0];
	json_t		*rec, *out, *ver;
	size_t		 i;

	(void)argc;
	out = ctl_rows(c, doc, 0, &rec);
	if (c->json) {
		ctl_print_json(out);
		goto done;
	}
	printf("%s  %s\n", record_str(rec, "id"),
	    record_str(rec, "docno") ? record_str(rec, "docno") : "-");
	ctl_cell("VERSION", 7, 0);
	ctl_cell("COMMIT", 12, 0);
	ctl_cell("RECEIVED AT", 25, 0);
	ctl_cell("SHA256", 16, 0);
	ctl_cell("SOURCE", 0, 1);
	json_array_foreach(out, i, ver) {
		char	num[16], cm[16], sh[20];

		snprintf(num, sizeof(num), "%lld", (long long)
		    json_integer_value(json_object_get(ver, "version")));
		snprintf(cm, sizeof(cm), "%.12s", record_str(ver, "commit") ?
		    record_str(ver, "commit") : "-");
		snprintf(sh, sizeof(sh), "%.16s", record_str(ver, "sha256") ?
		    record_str(ver, "sha256") : "-");
		ctl_cell(num, 7, 0);
		ctl_cell(cm, 12, 0);
		ctl_cell(record_str(ver, "received_at"), 25, 0);
		ctl_cell(sh, 16, 0);
		ctl_cell(record_str(ver, "source_name"), 0, 1);
	}
done:
	json_decref(out);
	json_decref(rec);
	return EX_OK;
}

static int
ctl_text(struct ctl *c, int argc, char **argv)
{
	const char	*doc = argv[0];
	struct vault	*vt;
	json_t		*rec;
	char		 dir[128], path[160], err[512], *buf;
	size_t		 len;
	int		 rc;

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, doc);
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	vault_record_dir(record_str(rec, "id"), dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/text.txt", dir);
	rc = vault_read(vt, record_str(rec, "commit"), path, &buf, &len, err,
	    sizeof(err));
	if (rc == 1)
		ctl_die(EX_NOTFOUND, "%s: no text in the vault", doc);
	if (rc == -1)
		ctl_die(EX_ERR, "%s", err);
	if (c->json) {
		json_t *o = json_pack("{s:s, s:s%}", "id",
		    record_str(rec, "id"), "text", buf, len);

		ctl_print_json(o);
		json_decref(o);
	} else {
		fwrite(buf, 1, len, stdout);
		if (len > 0 && buf[len - 1] != '\n')
			putchar('\n');
	}
	free(buf);
	json_decref(rec);
	vault_close(vt);
	return EX_OK;
}

static int
ctl_event_cb(uint32_t seq, const char *line, size_t len, void *arg)
{
	json_error_t	 jerr;
	json_t		*ev;

	(void)seq;
	if ((ev = json_loadb(line, len, 0, &jerr)) == NULL)
		ctl_die(EX_ERR, "history: a damaged event: %s", jerr.text);
	json_array_append_new(arg, ev);
	return 0;
}

static int
ctl_history(struct ctl *c, int argc, char **argv)
{
	const char	*doc = argv[0];
	json_t		*rec, *out, *ev;
	size_t		 i;

	(void)argc;
	out = ctl_rows(c, doc, 1, &rec);
	if (c->json) {
		ctl_print_json(out);
		goto done;
	}
	printf("%s  %s\n", record_str(rec, "id"),
	    record_str(rec, "docno") ? record_str(rec, "docno") : "-");
	ctl_cell("TIME", 25, 0);
	ctl_cell("ACTOR", 10, 0);
	ctl_cell("ACTION", 14, 0);
	ctl_cell("FROM", 12, 0);
	ctl_cell("TO", 12, 0);
	ctl_cell("REASON", 0, 1);
	json_array_foreach(out, i, ev) {
		char why[600];

		snprintf(why, sizeof(why), "%s%s%s", record_str(ev, "reason") ?
		    record_str(ev, "reason") : "-", record_str(ev, "related") ?
		    " / " : "", record_str(ev, "related") ?
		    record_str(ev, "related") : "");
		ctl_cell(record_str(ev, "time"), 25, 0);
		ctl_cell(record_str(ev, "actor"), 10, 0);
		ctl_cell(record_str(ev, "action"), 14, 0);
		ctl_cell(record_str(ev, "from"), 12, 0);
		ctl_cell(record_str(ev, "to"), 12, 0);
		ctl_cell(why, 0, 1);
	}
done:
	json_decref(out);
	json_decref(rec);
	return EX_OK;
}

/* --- status ------------------------------------------------------------- */

/* Files waiting in a directory (recursively for intake/). */
static long
ctl_count_files(const char *dir, int recurse, int skip_reason, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX * 2];
	long		 n = 0;
	size_t		 len;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return depth == 0 ? -1 : 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (recurse)
				n += ctl_count_files(path, 1, skip_reason,
				    depth + 1);
			continue;
		}
		len = strlen(de->d_name);
		if (skip_reason && len > 7 &&
		    strcmp(de->d_name + len - 7, ".reason") == 0)
			continue;
		if (recurse && intake_ignored(de->d_name))
			continue;
		n++;
	}
	closedir(d);
	return n;
}

/* pid of the running daemon, 0 when none. */
static long
ctl_daemon_pid(struct ctl *c)
{
	char	buf[32];
	ssize_t	n;
	int	fd;
	long	pid = 0;

	if ((fd = open(c->cf.lock, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		pid = strtol(buf, NULL, 10);
		if (pid <= 0)
			pid = -1;	/* running, pid unknown */
	}
	close(fd);
	return pid;
}

static int
ctl_status(struct ctl *c, int argc, char **argv)
{
	static const char	*discl[] = { "public", "on_request",
	    "withheld", "undetermined", NULL };
	static const char	*stat[] = { "in_force", "expired", "repealed",
	    "cleaned", NULL };
	json_t			*o, *dj, *sj, *vj, *wj;
	struct vault		*vt;
	char			 head[VAULT_OID_HEX], err[512], ts[64];
	char			 indexed[VAULT_OID_HEX] = "";
	size_t			 n, total;
	long			 pid;
	int			 i;

	(void)argc;
	(void)argv;
	ctl_open(c);
	pid = ctl_daemon_pid(c);
	o = json_object();
	json_object_set_new(o, "root", json_string(c->cf.root));
	json_object_set_new(o, "running", json_boolean(pid != 0));
	json_object_set_new(o, "pid", pid > 0 ? json_integer(pid) :
	    json_null());
	store_count_records(c->st, c->txn, &total);
	json_object_set_new(o, "records", json_integer((json_int_t)total));
	dj = json_object();
	for (i = 0; discl[i]; i++) {
		store_count_indexed(c->st, c->txn, STORE_IDX_DISCLOSURE,
		    discl[i], &n);
		json_object_set_new(dj, discl[i], json_integer((json_int_t)n));
	}
	json_object_set_new(o, "disclosure", dj);
	sj = json_object();
	for (i = 0; stat[i]; i++) {
		store_count_indexed(c->st, c->txn, STORE_IDX_STATUS, stat[i],
		    &n);
		json_object_set_new(sj, stat[i], json_integer((json_int_t)n));
	}
	json_object_set_new(o, "status", sj);
	vj = json_null();
	store_meta_get(c->st, c->txn, "vault_head", indexed, sizeof(indexed));
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == 0) {
		int64_t	when;
		char	summary[256];

		if (vault_head_info(vt, head, &when, summary,
		    sizeof(summary)) == 0) {
			record_rfc3339(when, ts, sizeof(ts));
			vj = json_object();
			json_object_set_new(vj, "commit", json_string(head));
			json_object_set_new(vj, "time", json_string(ts));
			json_object_set_new(vj, "summary", json_string(summary));
			json_object_set_new(vj, "indexed",
			    json_boolean(strcmp(head, indexed) == 0));
		}
		vault_close(vt);
	}
	json_object_set_new(o, "last_commit", vj);
	wj = json_object();
	json_object_set_new(wj, "intake",
	    json_integer(ctl_count_files(c->cf.intake, 1, 0, 0)));
	json_object_set_new(wj, "spool",
	    json_integer(ctl_count_files(c->cf.spool, 0, 0, 0)));
	json_object_set_new(wj, "quarantine",
	    json_integer(ctl_count_files(c->cf.quarantine, 0, 1, 0)));
	json_object_set_new(o, "waiting", wj);
	if (c->json) {
		ctl_print_json(o);
		json_decref(o);
		return EX_OK;
	}
	if (pid > 0)
		printf("docketd:      running (pid %ld) on %s\n", pid,
		    c->cf.root);
	else if (pid < 0)
		printf("docketd:      running on %s\n", c->cf.root);
	else
		printf("docketd:      not running (root %s)\n", c->cf.root);
	printf("records:      %zu\n", total);
	printf("disclosure:  ");
	for (i = 0; discl[i]; i++)
		printf(" %s %lld", discl[i], (long long)json_integer_value(
		    json_object_get(dj, discl[i])));
	printf("\nstatus:      ");
	for (i = 0; stat[i]; i++)
		printf(" %s %lld", stat[i], (long long)json_integer_value(
		    json_object_get(sj, stat[i])));
	printf("\n");
	if (json_is_object(vj)) {
		printf("last commit:  %.12s %s %s%s\n", record_str(vj, "commit"),
		    record_str(vj, "time"), record_str(vj, "summary"),
		    json_is_true(json_object_get(vj, "indexed")) ? "" :
		    " (not yet indexed)");
	} else
		printf("last commit:  none\n");
	printf("waiting:      intake %lld, spool %lld, quarantine %lld\n",
	    (long long)json_integer_value(json_object_get(wj, "intake")),
	    (long long)json_integer_value(json_object_get(wj, "spool")),
	    (long long)json_integer_value(json_object_get(wj, "quarantine")));
	json_decref(o);
	return EX_OK;
}


/* --- the entries -------------------------------------------------------- */

static const struct option list_opts[] = {
	{ "disclosure", required_argument, NULL, CTL_O_DISCLOSURE },
	{ "status", required_argument, NULL, CTL_O_STATUS },
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "flag", required_argument, NULL, CTL_O_FLAG },
	{ "review-due-before", required_argument, NULL, CTL_O_DUE },
	{ "held", no_argument, NULL, CTL_O_HELD },
	{ "all", no_argument, NULL, CTL_O_ALL },
	{ NULL, 0, NULL, 0 }
};

static const struct option version_opts[] = {
	{ "version", required_argument, NULL, CTL_O_VERSION },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_status = {
	"status", NULL, "",
	"daemon, counts by disclosure and status, last vault commit, files "
	"waiting in intake/spool/quarantine",
	NULL, NULL, 0, 0, 0, ctl_status
};

const struct ctl_cmd ctl_cmd_list = {
	"list", "ls",
	"[--disclosure public|on_request|withheld|undetermined]\n"
	"      [--status in_force|expired|repealed|cleaned] [--agency A] "
	"[--flag F]\n      [--review-due-before DATE] [--held] [--all]",
	"list records, with a count line",
	"  --disclosure D         public, on_request, withheld, undetermined\n"
	"  --status S             in_force, expired, repealed, cleaned\n"
	"  --agency A             a configured [agency] or one in the index\n"
	"  --flag F               a flag (no_marking, classified, review_overdue, ...)\n"
	"  --review-due-before DATE\n"
	"                         reviews due before DATE, with their due date\n"
	"  --held                 only documents on hold\n"
	"  --all                  cleaned documents too (else only with --status cleaned)\n",
	list_opts, 0, 0, 0, ctl_list
};

const struct ctl_cmd ctl_cmd_show = {
	"show", NULL, "DOC [--version N]",
	"one record: its fields, markings, hold and repeal",
	"  --version N            that version's record, from the vault\n",
	version_opts, 1, 1, 0, ctl_show
};

const struct ctl_cmd ctl_cmd_history = {
	"history", "log", "DOC",
	"its events: registration, versions, decisions",
	NULL, NULL, 1, 1, 0, ctl_history
};

const struct ctl_cmd ctl_cmd_versions = {
	"versions", NULL, "DOC",
	"its versions, with commit ids and times",
	NULL, NULL, 1, 1, 0, ctl_versions
};

const struct ctl_cmd ctl_cmd_text = {
	"text", NULL, "DOC [--version N]",
	"its extracted text",
	"  --version N            that version's text, from the vault\n",
	version_opts, 1, 1, 0, ctl_text
};
