/*
 * interp: 政策解读 — a document whose title marks it as an interpretation
 * (解读, 一图读懂, 图解, 问答, 答记者问) is linked to the policy it names,
 * by 发文字号 or by 《title》: the interpretation's "interprets" is the
 * policy's id (idx_interprets gives a policy its interpretations) and the
 * policy's "interpreted_on" the day the first one linked.  A public
 * 规范性文件 (see interp_normative) without an interpretation
 * `[publish] interpretation_days` days after its published_on gets flag
 * no_interpretation: store.c files it in the due index (kind 'I', dated
 * published_on) and the clock (schedule.c) calls interp_overdue.
 *
 * The rules (interp_is_interpretation, interp_refs, interp_normative,
 * interp_names, interp_link, interp_overdue) are pure; interp_ingest is
 * the glue ingest.c calls for a batch: it looks the named policies up in
 * LMDB (idx_docno; a title among the last INTERP_TITLE_WINDOW records,
 * never a scan of the archive) and links the interpretations that waited
 * for a policy that only arrives now (flag interpretation_unlinked, kept
 * in idx_flag, so reindex keeps the waiting list).
 */
#ifndef DOCKET_INTERP_H
#define DOCKET_INTERP_H

#include <jansson.h>
#include <stddef.h>

#include "lifecycle.h"
#include "store.h"

struct change;

#define INTERP_FLAG_NONE	"no_interpretation"
#define INTERP_FLAG_UNLINKED	"interpretation_unlinked"
/* Records read, newest first, to find a policy named by title only. */
#define INTERP_TITLE_WINDOW	2000
/* Waiting interpretations looked at per batch, at most. */
#define INTERP_WAIT_MAX		10000
/* References kept per interpretation; bytes of the text searched. */
#define INTERP_REFS_MAX		8
#define INTERP_BODY_MAX		(8 * 1024)

/* 1 when a title marks an interpretation: a marker outside any 《…》,
 * with a 《title》 or a docno in it, or at its end. */
int	 interp_is_interpretation(const char *title);

/*
 * What an interpretation names: the normalised docnos and 《title》s
 * (kept with their brackets) of its title; when the title names none,
 * the first docnos of its text (text may be NULL).  A JSON array (maybe
 * empty), NULL when out of memory.
 */
json_t	*interp_refs(const char *title, const char *text);

/*
 * At ingest, after lc_register / lc_new_version: an interpretation gets
 * "interprets_ref" (interp_refs) and, while "interprets" is null, flag
 * interpretation_unlinked; any other record gets null.  0, -1 out of
 * memory.
 */
int	 interp_prepare(json_t *rec, const char *text);

/*
 * 1 for a 规范性文件: a docno whose agency code holds 规 (鲁政办规〔2021〕
 * 3号), or a title with 办法, 规定, 细则, 实施意见, 规则 or 若干措施 that is
 * not an interpretation, not a 批复/函/请示/报告/纪要, and not about a
 * repeal, a cleanup or a draft (废止, 失效, 清理, 征求意见).
 */
int	 interp_normative(json_t *rec);

/* The due date ('I' key) of a record: its published_on while it is
 * published, in force, normative, without interpreted_on and without
 * flag no_interpretation; else NULL. */
const char *interp_due_date(json_t *rec);

/* 1 when refs (interprets_ref) name the record policy: its docno, its
 * title, or a 《title》 its title holds (关于印发《…》的通知). */
int	 interp_names(json_t *refs, json_t *policy);

/*
 * Link interpretation it to policy: it gets "interprets" and loses flag
 * interpretation_unlinked, with an event "interprets" on iev (how: e.g.
 * "文号 鲁政办规〔2021〕3号"); the policy gets "interpreted_on" (the
 * first time) and loses flag no_interpretation, with an event
 * "interpretation" on pev.
 */
void	 interp_link(const struct lc_ctx *, json_t *it, json_t *policy,
	    const char *how, json_t *iev, json_t *pev);

/* A record that is no longer a public 规范性文件 in force without an
 * interpretation (unpublished, repealed, expired) loses flag
 * no_interpretation; change.c runs it on every record it commits.  1
 * when the flag went. */
int	 interp_tidy(json_t *rec);

/* The clock: flag no_interpretation with an event, when the record is
 * still due (interp_due_date); else LC_ECONFLICT. */
int	 interp_overdue(const struct lc_ctx *, json_t *rec, json_t *events);

/*
 * Ingest's glue: for the new records of change ch (those without a
 * commit), link each interpretation to the policy it names (in the batch
 * or in LMDB), and link the interpretations waiting in LMDB to a policy
 * of the batch.  0, or -1 with a message (LMDB could not be read).
 */
int	 interp_ingest(struct store *, MDB_txn *, struct change *,
	    const struct lc_ctx *, char *err, size_t errlen);

#endif
