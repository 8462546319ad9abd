/*
 * docketctl: what its command files share.  Every command is one entry
 * (struct ctl_cmd) in the table that docketctl.c walks, tmux style: its
 * name, usage, one line of help, its options, how many arguments it takes,
 * whether it is a change (root or the admin group only) and its handler.
 * The handlers live in one file per group — ctl_status.c (status),
 * ctl_read.c (list, show, history, versions, text), ctl_admin.c (the changes and cleanup),
 * ctl_ops.c (schedule, reindex, verify, ingest), ctl_report.c (report,
 * outbox), ctl_quarantine.c, ctl_export.c, ctl_calendar.c, ctl_apply.c
 * (applications), ctl_publish.c (the public site), ctl_search.c (search),
 * ctl_annual.c (annual-report)
 * — and share the helpers
 * of ctl_util.c.  Group files include
 * this header only, never each other.
 *
 * Adding a command: write its handler and entry in a ctl_<group>.c,
 * declare the entry below and list it in ctl_table (docketctl.c).
 *
 * Light or full.  docketctl is two programs built from these files
 * (Makefile.am): the light `docketctl`, which a read costs little to start
 * (LMDB, jansson, inih, zlib, libc: CTL_LIGHT is defined), and
 * `docketctl-full`, every command and every library (libgit2, libcurl,
 * libzip, expat, libevent, xlsxwriter).  The light one runs its own
 * commands and execs the full one, same arguments, for anything else
 * (ctl_full.c).  A new command is
 *   - light: its ctl_<group>.c in CTL_LIGHT_SRC (Makefile.am), its entry
 *     plain in ctl_table.  It must link without the heavy libraries — the
 *     light link fails otherwise, on purpose.  A case it cannot serve
 *     light (a vault read: `show --version`, `text`) calls
 *     ctl_full_exec(c) before printing anything, under #ifdef CTL_LIGHT;
 *   - full (the default for anything that needs libgit2, libcurl, …):
 *     its file in CTL_HEAVY_SRC, its entry as CTL_FULL(&ctl_cmd_x) in
 *     ctl_table.  Its help still lists in `docketctl help` (the full
 *     program prints it).
 */
#ifndef DOCKET_DOCKETCTL_H
#define DOCKET_DOCKETCTL_H

#include <getopt.h>
#include <stdio.h>

#include <jansson.h>

#include "client.h"
#include "config.h"
#include "esc.h"
#include "store.h"

#define EX_OK		0
#define EX_ERR		1	/* error; docketd not reachable */
#define EX_USAGE	2
#define EX_NOTFOUND	3
#define EX_DENIED	4	/* permission denied */
#define EX_CONFLICT	5	/* not allowed in the record's state */

/* Option codes (struct option's val) a command's table may use. */
enum ctl_opt {
	CTL_O_JSON = 256,
	CTL_O_HELP,
	CTL_O_DISCLOSURE,
	CTL_O_STATUS,
	CTL_O_AGENCY,
	CTL_O_FLAG,
	CTL_O_DUE,
	CTL_O_ALL,
	CTL_O_HELD,
	CTL_O_REASON,
	CTL_O_TO,
	CTL_O_BY,
	CTL_O_ON,
	CTL_O_ASOF,
	CTL_O_FORMAT,
	CTL_O_MAIL,
	CTL_O_VERSION,
	CTL_O_OUTPUT,
	/* Options a command keeps by number in struct ctl's x[] (ctl_apply.c):
	 * CTL_O_X + i sets x[i] (to "" for an option without a value). */
	CTL_O_X = 512
};
#define CTL_NX		32

struct ctl;

struct ctl_cmd {
	const char		*name;
	const char		*alias;		/* or NULL */
	const char		*usage;		/* what follows the name */
	const char		*help;		/* one line */
	const char		*more;		/* option lines, or NULL */
	const struct option	*opts;		/* NULL-terminated, or NULL */
	int			 minargs, maxargs;	/* -1: no maximum */
	int			 admin;		/* a change: root or group */
	int			(*run)(struct ctl *, int argc, char **argv);
};

struct ctl {
	struct config		 cf;
	struct store		*st;
	MDB_txn			*txn;
	const struct ctl_cmd	*cmd;
	char			**argv;		/* main's, for ctl_full_exec */
	int			 json;
	/* the options of the commands */
	const char		*disclosure, *status, *agency, *flag;
	const char		*due_before, *reason, *to, *by, *on;
	const char		*as_of, *format, *version, *output;
	int			 all, held, mail;
	const char		*x[CTL_NX];	/* CTL_O_X + i */
};

/* The entries, one per command (see ctl_table in docketctl.c). */
extern const struct ctl_cmd ctl_cmd_status;			/* ctl_status.c */
extern const struct ctl_cmd ctl_cmd_list, ctl_cmd_show, ctl_cmd_history,
	ctl_cmd_versions, ctl_cmd_text;					/* ctl_read.c */
extern const struct ctl_cmd ctl_cmd_mark, ctl_cmd_review, ctl_cmd_repeal,
	ctl_cmd_unrepeal, ctl_cmd_hold, ctl_cmd_unhold, ctl_cmd_restore,
	ctl_cmd_ocr_checked, ctl_cmd_cleanup;				/* ctl_admin.c */
extern const struct ctl_cmd ctl_cmd_schedule, ctl_cmd_reindex,
	ctl_cmd_verify, ctl_cmd_ingest;					/* ctl_ops.c */
extern const struct ctl_cmd ctl_cmd_report, ctl_cmd_outbox;	/* ctl_report.c */
extern const struct ctl_cmd ctl_cmd_quarantine;		/* ctl_quarantine.c */
extern const struct ctl_cmd ctl_cmd_export;			/* ctl_export.c */
extern const struct ctl_cmd ctl_cmd_calendar;			/* ctl_calendar.c */
extern const struct ctl_cmd ctl_cmd_apply;			/* ctl_apply.c */
extern const struct ctl_cmd ctl_cmd_negative_list;		/* ctl_neglist.c */
extern const struct ctl_cmd ctl_cmd_publish;			/* ctl_publish.c */
extern const struct ctl_cmd ctl_cmd_search;			/* ctl_search.c */
extern const struct ctl_cmd ctl_cmd_diff;			/* ctl_diff.c */
extern const struct ctl_cmd ctl_cmd_annual_report;		/* ctl_annual.c */
/* diff's handler (argv: DOC [V1 [V2]]); needs libgit2, no docketd. */
int	ctl_diff_run(struct ctl *, int argc, char **argv);

/* --- ctl_full.c --------------------------------------------------------- */

/* The light docketctl: exec docketctl-full with main's arguments (exits
 * 1 when it cannot).  In docketctl-full, an internal error. */
__attribute__((noreturn)) void
	 ctl_full_exec(struct ctl *);

/* --- ctl_util.c --------------------------------------------------------- */

__attribute__((noreturn)) void
	 ctl_die(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A usage error of the current command: one line and a hint, exit 2. */
__attribute__((noreturn)) void
	 ctl_usage_die(struct ctl *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Open LMDB read-only (once); says how to fix a permission problem. */
void	 ctl_open(struct ctl *);
/* Exit 4, naming the group to join, when path denies access(2) mode. */
void	 ctl_check_access(const char *path, int mode, const char *what);
void	 ctl_print_json(json_t *);
/* Pad to cols display columns (CJK is two wide); last ends the line.
 * A longer value is cut; ctl_cellw widens instead (never cuts).  The value
 * is printed through esc() (control characters, invalid UTF-8 quoted as
 * git does): a hostile name never reaches the terminal raw.  Other human
 * output naming a file, agency, docno or title uses esc() itself; --json
 * needs none (jansson escapes). */
void	 ctl_cell(const char *, size_t cols, int last);
/* The record DOC names (id, docno, sha256 prefix), or exit 3 (2 for a
 * hex prefix too short to name one). */
json_t	*ctl_resolve(struct ctl *, const char *doc);
/* Send a request to docketd; exits with a message unless it succeeds. */
json_t	*ctl_call(struct ctl *, const char *cmd, json_t *args);
/* The same, with the progress lines a long command sends (args holding
 * "progress": true asks for them; control.h) passed to progress. */
json_t	*ctl_call_progress(struct ctl *, const char *cmd, json_t *args,
	    client_progress_cb progress, void *parg);
/* Exit 4 with the documented message unless root or in admin_group. */
void	 ctl_check_admin(struct ctl *);
/* 1 for root and the admin group (ctl_check_admin without dying). */
int	 ctl_is_admin(struct ctl *);
/* Exit 3, listing the known agencies, unless the name is one. */
void	 ctl_check_agency(struct ctl *, const char *agency);
/* Exit 2 unless s is a date (YYYY-MM-DD). */
void	 ctl_check_date(struct ctl *, const char *opt, const char *s);
/* --disclosure and --status, when given, name a known value (else usage). */
void	 ctl_check_filters(struct ctl *, const char *disclosure,
	    const char *status);
/* The UTF-8 byte order mark CSV output starts with. */
#define CTL_BOM		"\xef\xbb\xbf"
/* An event's from/to value as a Chinese label (disclosure, status, or
 * hold on/off for hold and unhold). */
const char *ctl_label_value(const char *action, const char *v);
/* An epoch number in a JSON object turned into RFC 3339 text. */
void	 ctl_json_time(json_t *obj, const char *key);

#endif
