/*
 * docketctl: what its command files share — the options, the read-only
 * view of LMDB, DOC resolution and output helpers.  docketctl.c holds the
 * read commands and main; ctl_admin.c the lifecycle commands, which go
 * through docketd's control socket.
 */
#ifndef DOCKET_DOCKETCTL_H
#define DOCKET_DOCKETCTL_H

#include <jansson.h>

#include "config.h"
#include "store.h"

#define EX_OK		0
#define EX_ERR		1	/* error; docketd not reachable */
#define EX_USAGE	2
#define EX_NOTFOUND	3
#define EX_DENIED	4	/* permission denied by docketd */
#define EX_CONFLICT	5	/* not allowed in the record's state */

struct ctl {
	struct config	 cf;
	struct store	*st;
	MDB_txn		*txn;
	int		 json;
	/* options of the lifecycle commands */
	const char	*reason, *to, *by, *as_of, *agency, *format;
	int		 mail;		/* report --mail */
	const char	*on;		/* repeal --on DATE */
};

__attribute__((noreturn)) void
	 ctl_die(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Open LMDB read-only (once). */
void	 ctl_open(struct ctl *);
void	 ctl_print_json(json_t *);
/* Pad to cols display columns (CJK is two wide); last ends the line. */
void	 ctl_cell(const char *, size_t cols, int last);
/* The record DOC names (id, docno, sha256 prefix), or exit 3. */
json_t	*ctl_resolve(struct ctl *, const char *doc);

/* ctl_admin.c */
int	 ctl_mutate(struct ctl *, const char *cmd, int argc, char **argv);
int	 ctl_cleanup(struct ctl *, int argc, char **argv);
int	 ctl_schedule(struct ctl *);
int	 ctl_reindex(struct ctl *);
int	 ctl_verify(struct ctl *);
int	 ctl_ingest(struct ctl *, int argc, char **argv);
/* ctl_report.c */
int	 ctl_report(struct ctl *, int argc, char **argv);
int	 ctl_outbox(struct ctl *, int argc, char **argv);

/* ctl_ext.c: quarantine and export parse their own options; -1 when
 * argv names another command. */
int	 ctl_ext_main(int argc, char **argv);
/* ctl_quarantine.c */
int	 ctl_quarantine(struct ctl *, int argc, char **argv);
/* ctl_export.c */
struct ctl_export_opts {
	const char	*output;			/* -o FILE */
	const char	*disclosure, *status, *flag;	/* as for list */
	int		 all;
};
int	 ctl_export(struct ctl *, struct ctl_export_opts *, int argc,
	    char **argv);

/* Send a request to docketd; exits with a message unless it succeeds. */
json_t	*ctl_call(struct ctl *, const char *cmd, json_t *args);

#endif
