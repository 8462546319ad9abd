/*
 * docketctl: the administrator's view of docket.  Every read here goes
 * straight to LMDB (read-only) and the vault, so it works whether docketd
 * runs or not; changes go through docketd's control socket (ctl_admin.c).
 *
 * Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 permission denied,
 * 5 not allowed in the document's state.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "gongwen.h"
#include "intake.h"
#include "lifecycle.h"
#include "record.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"
#include "width.h"

#include "docketctl.h"

static void
ctl_usage(FILE *fp)
{
	fprintf(fp,
"usage: docketctl [-r ROOT | -c FILE] COMMAND [ARGS] [--json]\n"
"\n"
"commands:\n"
"  status                 daemon, counts by disclosure and status, last\n"
"                         vault commit, files waiting in intake/spool/quarantine\n"
"  list [--disclosure D] [--status S] [--agency A] [--flag F]\n"
"       [--review-due-before DATE] [--all]\n"
"                         list records (D: public on_request withheld\n"
"                         undetermined; S: in_force expired repealed cleaned;\n"
"                         cleaned ones only with --status cleaned or --all)\n"
"  show DOC               one record\n"
"  history DOC            its events: registration, versions, decisions\n"
"  versions DOC           its versions, with commit ids and times\n"
"  text DOC               its extracted text\n"
"  cleanup [--as-of DATE] what the next cleanup would clean\n"
"  schedule               what is due next, and when (asks docketd)\n"
"  verify                 check the vault against the index, every\n"
"                         original's sha256, and git fsck\n"
"  ingest [--agency A] FILE...\n"
"                         hand files to the intake\n"
"  report review|cleanup|compliance|summary [--as-of DATE] [--agency A]\n"
"         [--format text|json|csv] [--mail]\n"
"                         print a report; --mail queues it to its\n"
"                         recipients through docketd (admin only)\n"
"  outbox                 mail waiting to be handed over, and why\n"
"  outbox drop N          give up on message N (admin only)\n"
"  quarantine [list | show N]\n"
"                         refused files: name, agency, reason, time\n"
"  quarantine retry N [--reason TEXT] | drop N --reason TEXT\n"
"                         back to intake/ once the cause is fixed, or\n"
"                         remove it; each an event (admin only)\n"
"  export [--format csv|xlsx] [-o FILE] [list filters]\n"
"                         the ledger (台账): every document, its fields,\n"
"                         disclosure, status and dates\n"
"\n"
"changes, made by docketd (root or the admin group only):\n"
"  mark DOC public|on_request|withheld [--reason TEXT]\n"
"                         set the disclosure (a reason is required for\n"
"                         on_request and withheld)\n"
"  review DOC keep|release [--to public|on_request] --reason TEXT\n"
"                         record a periodic-review decision\n"
"  repeal DOC [--by DOC2] [--on DATE] --reason TEXT\n"
"                         --on: the day it lost effect (default today)\n"
"  unrepeal DOC --reason TEXT\n"
"                         undo a repeal before the cleanup\n"
"  restore DOC --reason TEXT\n"
"                         return a wrongly cleaned document to force\n"
"  hold DOC --reason TEXT, unhold DOC --reason TEXT\n"
"                         a hold blocks cleanup and disclosure changes\n"
"  cleanup run            clean expired and repealed documents now and\n"
"                         publish the result in the vault\n"
"  reindex                rebuild the index from the vault alone\n"
"\n"
"DOC is an id (D000042), a docno in any bracket form (淄政办字〔2020〕79号,\n"
"[2020], 【2020】, (2020)), or a unique sha256 prefix of at least 8 hex digits.\n"
"\n"
"options:\n"
"  -r ROOT    the root docketd runs on (docketd -r ROOT)\n"
"  -c FILE    docketd's configuration file (default %s)\n"
"  --json     machine-readable output; unknown values are null\n"
"  -h         this help\n"
"\n"
"exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 permission denied,\n"
"5 not allowed in the document's state\n", CONFIG_DEFAULT_FILE);
}

void
ctl_die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "docketctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void
ctl_open(struct ctl *c)
{
	char	err[512];
	int	rc;

	if (c->st != NULL)
		return;
	if (store_open(&c->st, c->cf.db, 1, 0, err, sizeof(err)) < 0)
		ctl_die(EX_ERR, "%s", err);
	if ((rc = store_txn_read(c->st, &c->txn)) != 0)
		ctl_die(EX_ERR, "%s: %s", c->cf.db, store_strerror(rc));
}

void
ctl_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s == NULL)
		ctl_die(EX_ERR, "out of memory");
	puts(s);
	free(s);
}

/* Pad to cols display columns (CJK is two wide). */
void
ctl_cell(const char *s, size_t cols, int last)
{
	size_t w;

	if (s == NULL)
		s = "-";
	if (last) {
		printf("%s\n", s);
		return;
	}
	w = width_str(s);
	if (w > cols) {
		size_t cut = width_prefix(s, cols);

		/* A cut before a wide character may leave a column over. */
		fwrite(s, 1, cut, stdout);
		w = width_strn(s, cut);
	} else
		fputs(s, stdout);
	for (; w < cols + 2; w++)
		putchar(' ');
}

/* --- resolving DOC ------------------------------------------------------ */

static int
ctl_is_hex(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return n >= 8 && n <= SHA256_HEX_LEN;
}

json_t *
ctl_resolve(struct ctl *c, const char *doc)
{
	json_t		*rec = NULL;
	uint64_t	 id, *ids;
	size_t		 nids, i;
	char		*docno, lower[80], idbuf[STORE_ID_LEN];
	int		 rc;

	if (store_id_parse(doc, &id) == 0 &&
	    store_get_record(c->st, c->txn, id, &rec) == 0)
		return rec;
	if ((docno = gongwen_docno_normalize(doc)) != NULL) {
		rc = store_find_docno(c->st, c->txn, docno, &ids, &nids);
		free(docno);
		if (rc == 0 && nids > 1) {
			fprintf(stderr, "docketctl: %s names %zu records:",
			    doc, nids);
			for (i = 0; i < nids; i++) {
				store_id_format(ids[i], idbuf);
				fprintf(stderr, " %s", idbuf);
			}
			fprintf(stderr, "; give an id\n");
			free(ids);
			exit(EX_ERR);
		}
		if (rc == 0) {
			id = ids[0];
			free(ids);
			if (store_get_record(c->st, c->txn, id, &rec) == 0)
				return rec;
		}
	}
	if (strlen(doc) < sizeof(lower)) {
		for (i = 0; doc[i]; i++)
			lower[i] = (doc[i] >= 'A' && doc[i] <= 'F') ?
			    (char)(doc[i] - 'A' + 'a') : doc[i];
		lower[i] = '\0';
		if (ctl_is_hex(lower)) {
			rc = store_find_sha_prefix(c->st, c->txn, lower, &id);
			if (rc == MDB_KEYEXIST)
				ctl_die(EX_ERR, "sha256 prefix %s is not "
				    "unique; give more digits", doc);
			if (rc == 0 &&
			    store_get_record(c->st, c->txn, id, &rec) == 0)
				return rec;
		}
	}
	ctl_die(EX_NOTFOUND, "%s: no such document", doc);
}

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
ctl_list(struct ctl *c, struct list_ctx *l)
{
	static const char	*statuses[] = { "in_force", "expired",
	    "repealed", "cleaned", NULL };
	size_t			 i, j;
	enum disclosure		 d;
	int			 rc;

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
ctl_show(struct ctl *c, const char *doc)
{
	json_t		*rec, *v;
	const char	*k;
	size_t		 i;

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
ctl_versions(struct ctl *c, const char *doc)
{
	json_t		*rec, *out, *ver;
	size_t		 i;

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
ctl_text(struct ctl *c, const char *doc)
{
	struct vault	*vt;
	json_t		*rec;
	char		 dir[128], path[160], err[512], *buf;
	size_t		 len;
	int		 rc;

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
ctl_history(struct ctl *c, const char *doc)
{
	json_t		*rec, *out, *ev;
	size_t		 i;

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
ctl_status(struct ctl *c)
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "disclosure", required_argument, NULL, 'D' },
		{ "status", required_argument, NULL, 'S' },
		{ "agency", required_argument, NULL, 'A' },
		{ "flag", required_argument, NULL, 'F' },
		{ "review-due-before", required_argument, NULL, 'W' },
		{ "all", no_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'R' },
		{ "to", required_argument, NULL, 'T' },
		{ "by", required_argument, NULL, 'B' },
		{ "as-of", required_argument, NULL, 'O' },
		{ "format", required_argument, NULL, 'M' },
		{ "mail", no_argument, NULL, 'm' },
		{ "on", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctl	 c;
	struct list_ctx	 l;
	const char	*cfile = NULL, *root = NULL, *cmd;
	char		 err[512];
	int		 ch, rc;

	if ((rc = ctl_ext_main(argc, argv)) >= 0)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&l, 0, sizeof(l));
	/* Options may come before or after the command. */
	while ((ch = getopt_long(argc, argv, "c:hr:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'j':
			c.json = 1;
			break;
		case 'D':
			l.disclosure = optarg;
			break;
		case 'S':
			l.status = optarg;
			break;
		case 'A':
			l.agency = optarg;
			break;
		case 'F':
			l.flag = optarg;
			break;
		case 'W':
			l.due_before = optarg;
			break;
		case 'a':
			l.all = 1;
			break;
		case 'R':
			c.reason = optarg;
			break;
		case 'T':
			c.to = optarg;
			break;
		case 'B':
			c.by = optarg;
			break;
		case 'O':
			c.as_of = optarg;
			break;
		case 'M':
			c.format = optarg;
			break;
		case 'm':
			c.mail = 1;
			break;
		case 'N':
			c.on = optarg;
			break;
		case 'h':
			ctl_usage(stdout);
			return EX_OK;
		default:
			ctl_usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		ctl_usage(stderr);
		return EX_USAGE;
	}
	if (config_load(&c.cf, cfile, root, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "configuration: %s", err);
	cmd = argv[optind++];
	c.agency = l.agency;
	if ((l.disclosure || l.status || l.flag || l.due_before || l.all) &&
	    strcmp(cmd, "list") != 0)
		ctl_die(EX_USAGE, "--disclosure, --status, --flag, "
		    "--review-due-before and --all go with list");
	if (l.agency && strcmp(cmd, "list") != 0 && strcmp(cmd, "ingest") != 0
	    && strcmp(cmd, "report") != 0)
		ctl_die(EX_USAGE, "--agency goes with list, ingest and report");
	if (c.reason && strcmp(cmd, "mark") != 0 && strcmp(cmd, "review") != 0
	    && strcmp(cmd, "repeal") != 0 && strcmp(cmd, "hold") != 0 &&
	    strcmp(cmd, "unhold") != 0 && strcmp(cmd, "unrepeal") != 0 &&
	    strcmp(cmd, "restore") != 0)
		ctl_die(EX_USAGE, "--reason goes with mark, review, repeal, "
		    "unrepeal, restore, hold and unhold");
	if (c.on && strcmp(cmd, "repeal") != 0)
		ctl_die(EX_USAGE, "--on goes with repeal");
	if (c.as_of && strcmp(cmd, "cleanup") != 0 && strcmp(cmd, "report"))
		ctl_die(EX_USAGE, "--as-of goes with cleanup and report");
	if ((c.format || c.mail) && strcmp(cmd, "report") != 0)
		ctl_die(EX_USAGE, "--format and --mail go with report");
	if (c.to && strcmp(cmd, "review") != 0)
		ctl_die(EX_USAGE, "--to goes with review release");
	if (c.by && strcmp(cmd, "repeal") != 0)
		ctl_die(EX_USAGE, "--by goes with repeal");
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "list") == 0) {
		if (optind != argc)
			ctl_die(EX_USAGE, "%s takes no arguments (see -h)",
			    cmd);
		rc = cmd[0] == 's' ? ctl_status(&c) : ctl_list(&c, &l);
	} else if (strcmp(cmd, "show") == 0 || strcmp(cmd, "history") == 0 ||
	    strcmp(cmd, "text") == 0 || strcmp(cmd, "versions") == 0) {
		if (optind + 1 != argc)
			ctl_die(EX_USAGE, "usage: docketctl %s DOC", cmd);
		if (cmd[0] == 's')
			rc = ctl_show(&c, argv[optind]);
		else if (cmd[0] == 'h')
			rc = ctl_history(&c, argv[optind]);
		else if (cmd[0] == 'v')
			rc = ctl_versions(&c, argv[optind]);
		else
			rc = ctl_text(&c, argv[optind]);
	} else if (strcmp(cmd, "mark") == 0 || strcmp(cmd, "review") == 0 ||
	    strcmp(cmd, "repeal") == 0 || strcmp(cmd, "hold") == 0 ||
	    strcmp(cmd, "unhold") == 0 || strcmp(cmd, "unrepeal") == 0 ||
	    strcmp(cmd, "restore") == 0)
		rc = ctl_mutate(&c, cmd, argc - optind, argv + optind);
	else if (strcmp(cmd, "cleanup") == 0)
		rc = ctl_cleanup(&c, argc - optind, argv + optind);
	else if (strcmp(cmd, "ingest") == 0)
		rc = ctl_ingest(&c, argc - optind, argv + optind);
	else if (strcmp(cmd, "report") == 0)
		rc = ctl_report(&c, argc - optind, argv + optind);
	else if (strcmp(cmd, "outbox") == 0)
		rc = ctl_outbox(&c, argc - optind, argv + optind);
	else if (strcmp(cmd, "schedule") == 0 || strcmp(cmd, "reindex") == 0 ||
	    strcmp(cmd, "verify") == 0) {
		if (optind != argc)
			ctl_die(EX_USAGE, "%s takes no arguments", cmd);
		if (cmd[0] == 's')
			rc = ctl_schedule(&c);
		else if (cmd[0] == 'r')
			rc = ctl_reindex(&c);
		else
			rc = ctl_verify(&c);
	} else
		ctl_die(EX_USAGE, "unknown command '%s' (see docketctl -h)",
		    cmd);
	store_txn_end(c.txn);
	store_close(c.st);
	config_free(&c.cf);
	return rc;
}
