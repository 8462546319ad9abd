/*
 * ctl_admin: docketctl's lifecycle commands.  Changes (mark, review,
 * repeal, hold, unhold, cleanup run, reindex) are requests to docketd
 * over its control socket, so the daemon stays the only writer and every
 * change is an event; the answer comes once it is durable.  The previews
 * (cleanup, verify) and ingest work on the files directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "client.h"
#include "docketctl.h"
#include "lifecycle.h"
#include "record.h"
#include "verify.h"

json_t *
ctl_call(struct ctl *c, const char *cmd, json_t *args)
{
	json_t	*res = NULL;
	char	 code[32] = "", err[1024] = "";
	int	 ex = EX_ERR;

	if (client_call(c->cf.sock, cmd, args, &res, code, sizeof(code), err,
	    sizeof(err)) == 0)
		return res;
	if (strcmp(code, "denied") == 0)
		ex = EX_DENIED;
	else if (strcmp(code, "usage") == 0 || strcmp(code, "malformed") == 0)
		ex = EX_USAGE;
	else if (strcmp(code, "notfound") == 0)
		ex = EX_NOTFOUND;
	else if (strcmp(code, "conflict") == 0)
		ex = EX_CONFLICT;
	ctl_die(ex, "%s", err);
}

static const char *
ctl_id_of(struct ctl *c, const char *doc, char *buf, size_t len)
{
	json_t *rec;

	ctl_open(c);
	rec = ctl_resolve(c, doc);
	snprintf(buf, len, "%s", record_str(rec, "id"));
	json_decref(rec);
	return buf;
}

int
ctl_mutate(struct ctl *c, const char *cmd, int argc, char **argv)
{
	json_t		*args, *res, *ev;
	const char	*from, *to;
	char		 id[STORE_ID_LEN], by[STORE_ID_LEN];
	int		 want = 1;

	if (strcmp(cmd, "mark") == 0 || strcmp(cmd, "review") == 0)
		want = 2;
	if (argc != want) {
		if (strcmp(cmd, "mark") == 0)
			ctl_die(EX_USAGE, "usage: docketctl mark DOC "
			    "public|on_request|withheld [--reason TEXT]");
		if (strcmp(cmd, "review") == 0)
			ctl_die(EX_USAGE, "usage: docketctl review DOC "
			    "keep|release [--to public|on_request] --reason "
			    "TEXT");
		if (strcmp(cmd, "repeal") == 0)
			ctl_die(EX_USAGE, "usage: docketctl repeal DOC "
			    "[--by DOC2] [--on DATE] --reason TEXT");
		ctl_die(EX_USAGE, "usage: docketctl %s DOC --reason TEXT", cmd);
	}
	if (c->to != NULL && (strcmp(cmd, "review") != 0 ||
	    strcmp(argv[1], "release") != 0))
		ctl_die(EX_USAGE, "--to goes with review release");
	if (c->by != NULL && strcmp(cmd, "repeal") != 0)
		ctl_die(EX_USAGE, "--by goes with repeal");
	args = json_pack("{s:s}", "id", ctl_id_of(c, argv[0], id,
	    sizeof(id)));
	if (c->reason != NULL)
		json_object_set_new(args, "reason", json_string(c->reason));
	if (strcmp(cmd, "mark") == 0)
		json_object_set_new(args, "disclosure", json_string(argv[1]));
	if (strcmp(cmd, "review") == 0)
		json_object_set_new(args, "decision", json_string(argv[1]));
	if (c->to != NULL)
		json_object_set_new(args, "to", json_string(c->to));
	if (c->on != NULL)
		json_object_set_new(args, "on", json_string(c->on));
	if (c->by != NULL)
		json_object_set_new(args, "by", json_string(ctl_id_of(c, c->by,
		    by, sizeof(by))));
	res = ctl_call(c, cmd, args);
	json_decref(args);
	if (c->json)
		ctl_print_json(res);
	else {
		ev = json_object_get(res, "event");
		from = record_str(ev, "from");
		to = record_str(ev, "to");
		printf("%s: %s %s -> %s (commit %.12s)\n", record_str(res, "id"),
		    record_str(ev, "action"), from ? from : "-", to ? to : "-",
		    record_str(res, "commit"));
	}
	json_decref(res);
	return EX_OK;
}

/* --- cleanup ------------------------------------------------------------ */

static void
ctl_cleanup_table(json_t *list)
{
	json_t	*e, *by;
	size_t	 i;
	char	 b[256];

	ctl_cell("ID", 8, 0);
	ctl_cell("DOCNO", 24, 0);
	ctl_cell("KIND", 4, 0);
	ctl_cell("SINCE", 10, 0);
	ctl_cell("REPEALED BY", 24, 0);
	ctl_cell("TITLE", 0, 1);
	json_array_foreach(list, i, e) {
		by = json_object_get(e, "repealed_by");
		snprintf(b, sizeof(b), "%s", json_is_object(by) ?
		    (record_str(by, "docno") ? record_str(by, "docno") :
		    record_str(by, "id")) : "-");
		ctl_cell(record_str(e, "id"), 8, 0);
		ctl_cell(record_str(e, "docno"), 24, 0);
		ctl_cell(record_str(e, "kind"), 4, 0);
		ctl_cell(record_str(e, "date"), 10, 0);
		ctl_cell(b, 24, 0);
		ctl_cell(record_str(e, "title"), 0, 1);
	}
}

int
ctl_cleanup(struct ctl *c, int argc, char **argv)
{
	struct docket	 d = { 0 };
	json_t		*res;
	char		 today[11], check[11], err[512];

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "run") != 0))
		ctl_die(EX_USAGE, "usage: docketctl cleanup [--as-of DATE] | "
		    "cleanup run");
	if (argc == 1) {
		if (c->as_of != NULL)
			ctl_die(EX_USAGE, "cleanup run cleans now; --as-of "
			    "goes with the preview");
		res = ctl_call(c, "cleanup_run", NULL);
		if (c->json)
			ctl_print_json(res);
		else
			printf("cleanup %s: %lld cleaned, %lld on hold; "
			    "published %s and %s (commit %.12s)\n",
			    record_str(res, "date"), (long long)
			    json_integer_value(json_object_get(res, "cleaned")),
			    (long long)json_integer_value(json_object_get(res,
			    "held")), record_str(res, "json"),
			    record_str(res, "md"), record_str(res, "commit"));
		json_decref(res);
		return EX_OK;
	}
	lc_date_of((int64_t)time(NULL), today);
	if (c->as_of != NULL && lc_date_add(c->as_of, 0, 0, check) == -1)
		ctl_die(EX_USAGE, "--as-of: '%s' is not a date (YYYY-MM-DD)",
		    c->as_of);
	ctl_open(c);
	d.cf = &c->cf;
	d.st = c->st;
	d.vt = NULL;
	if ((res = cleanup_preview(&d, c->as_of ? c->as_of : today, err,
	    sizeof(err))) == NULL)
		ctl_die(EX_ERR, "cleanup: %s", err);
	if (c->json)
		ctl_print_json(res);
	else {
		printf("a cleanup on %s would clean %zu document(s):\n",
		    record_str(res, "as_of"),
		    json_array_size(json_object_get(res, "clean")));
		ctl_cleanup_table(json_object_get(res, "clean"));
		if (json_array_size(json_object_get(res, "held")) > 0) {
			printf("\non hold, not cleaned:\n");
			ctl_cleanup_table(json_object_get(res, "held"));
		}
	}
	json_decref(res);
	return EX_OK;
}

/* --- schedule, reindex, verify ------------------------------------------ */

static void
ctl_schedule_list(json_t *list, const char *datekey, const char *hdr)
{
	json_t	*e;
	size_t	 i;

	ctl_cell("ID", 8, 0);
	ctl_cell("DOCNO", 24, 0);
	ctl_cell(hdr, 11, 0);
	ctl_cell("TITLE", 0, 1);
	json_array_foreach(list, i, e) {
		char due[32];

		snprintf(due, sizeof(due), "%s%s", record_str(e, datekey),
		    json_is_true(json_object_get(e, "overdue")) ? "!" : "");
		ctl_cell(record_str(e, "id"), 8, 0);
		ctl_cell(record_str(e, "docno"), 24, 0);
		ctl_cell(due, 11, 0);
		ctl_cell(record_str(e, "title"), 0, 1);
	}
}

int
ctl_schedule(struct ctl *c)
{
	json_t	*args = json_pack("{s:i}", "limit", 20), *res;

	res = ctl_call(c, "schedule", args);
	json_decref(args);
	if (c->json) {
		ctl_print_json(res);
		json_decref(res);
		return EX_OK;
	}
	printf("next wake:     %s\n", record_str(res, "next_wake"));
	printf("next cleanup:  %s (schedule \"%s\")\n",
	    record_str(res, "next_cleanup") ? record_str(res, "next_cleanup") :
	    "never", record_str(res, "cleanup_schedule"));
	printf("last cleanup:  %s\n", record_str(res, "last_cleanup") ?
	    record_str(res, "last_cleanup") : "none");
	printf("\nexpiries (in force until):\n");
	ctl_schedule_list(json_object_get(res, "expiries"), "valid_until",
	    "VALID UNTIL");
	printf("\nreviews (! = overdue):\n");
	ctl_schedule_list(json_object_get(res, "reviews"), "next_review",
	    "DUE");
	json_decref(res);
	return EX_OK;
}

int
ctl_reindex(struct ctl *c)
{
	json_t *res = ctl_call(c, "reindex", NULL);

	if (c->json)
		ctl_print_json(res);
	else
		printf("reindexed: %lld record state(s) read from the vault\n",
		    (long long)json_integer_value(json_object_get(res,
		    "indexed")));
	json_decref(res);
	return EX_OK;
}

int
ctl_verify(struct ctl *c)
{
	struct verify_report	 r;
	char			 err[512];
	int			 rc;

	ctl_open(c);
	memset(&r, 0, sizeof(r));
	if ((rc = verify_run(c->st, c->txn, c->cf.vault, stdout, &r, err,
	    sizeof(err))) == -1)
		ctl_die(EX_ERR, "verify: %s", err);
	printf("verify: %zu records, %zu originals, %zu events checked; "
	    "git fsck %s; %zu problem(s)\n", r.records, r.originals, r.events,
	    !r.fsck_ran ? "not run" : r.fsck_ok ? "clean" : "FAILED",
	    r.problems);
	return rc == 0 ? EX_OK : EX_ERR;
}

/* --- ingest ------------------------------------------------------------- */

/* Copy one file into intake/ as a drafting system would: write a hidden
 * temporary name, fsync, then rename it into place. */
static int
ctl_ingest_one(const char *dir, const char *file)
{
	struct stat	 sb;
	const char	*base;
	char		 tmp[PATH_MAX], dst[PATH_MAX], buf[65536];
	ssize_t		 n;
	int		 in, out;

	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (*base == '\0' || *base == '.') {
		fprintf(stderr, "docketctl: %s: not a file name intake "
		    "takes\n", file);
		return -1;
	}
	if ((in = open(file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(in, &sb) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", file, strerror(errno));
		if (in != -1)
			close(in);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(stderr, "docketctl: %s: not a regular file\n", file);
		close(in);
		return -1;
	}
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.docketctl.%ld", dir, base,
	    (long)getpid()) >= (int)sizeof(tmp) ||
	    snprintf(dst, sizeof(dst), "%s/%s", dir, base) >= (int)sizeof(dst)) {
		fprintf(stderr, "docketctl: %s: name too long\n", file);
		close(in);
		return -1;
	}
	if (access(dst, F_OK) == 0) {
		fprintf(stderr, "docketctl: %s already waits in the intake; "
		    "not replaced\n", dst);
		close(in);
		return -1;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0640)) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", tmp, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	if (n < 0 || fsync(out) == -1 || close(out) == -1 ||
	    rename(tmp, dst) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	printf("queued %s -> %s\n", file, dst);
	return 0;
}

int
ctl_ingest(struct ctl *c, int argc, char **argv)
{
	char	dir[PATH_MAX];
	int	i, bad = 0;

	if (argc == 0)
		ctl_die(EX_USAGE, "usage: docketctl ingest [--agency A] FILE...");
	if (c->agency != NULL) {
		if (c->agency[0] == '\0' || c->agency[0] == '.' ||
		    strchr(c->agency, '/') != NULL)
			ctl_die(EX_USAGE, "--agency: '%s' is not a folder name",
			    c->agency);
		if (snprintf(dir, sizeof(dir), "%s/%s", c->cf.intake,
		    c->agency) >= (int)sizeof(dir))
			ctl_die(EX_USAGE, "--agency: name too long");
		if (mkdir(dir, 0770) == -1 && errno != EEXIST)
			ctl_die(EX_ERR, "%s: %s", dir, strerror(errno));
	} else
		snprintf(dir, sizeof(dir), "%s", c->cf.intake);
	for (i = 0; i < argc; i++)
		if (ctl_ingest_one(dir, argv[i]) == -1)
			bad++;
	return bad ? EX_ERR : EX_OK;
}
