/*
 * annual: the annual report on open government information work (政府
 * 信息公开工作年度报告, 条例 Art. 49-50, national format 国办公开办函
 * 〔2021〕30号), its model and the pure core that counts it.  The
 * accumulator takes documents and applications one at a time (the
 * caller walks LMDB), annual_finish gives the model as JSON with stable
 * English keys, and annual_check_run gives its cross-checks (勾稽关系).
 * Nothing here touches LMDB, the vault or the disk: annual_build.c does.
 */
#ifndef DOCKET_ANNUAL_H
#define DOCKET_ANNUAL_H

#include <stddef.h>

#include <jansson.h>

struct gongwen_kind_rule;

enum annual_col { ANNUAL_PERSON, ANNUAL_BUSINESS, ANNUAL_RESEARCH,
    ANNUAL_NONPROFIT, ANNUAL_LEGAL, ANNUAL_OTHER, ANNUAL_TOTAL,
    ANNUAL_NCOLS };	/* apply_applicant_types order */
extern const char *const annual_col_keys[ANNUAL_NCOLS];	/* "person".."other","total" */

struct annual_opts {
	int				 year;
	const char			*agency;	/* NULL: whole government */
	const char			*as_of;		/* min(today, YEAR-12-31) */
	const struct gongwen_kind_rule	*rules;
	size_t				 nrules;
};

struct annual;			/* the accumulator */
struct annual	*annual_new(const struct annual_opts *);
int		 annual_add_doc(struct annual *, json_t *rec);	/* -1 ENOMEM; skips other agencies */
int		 annual_add_app(struct annual *, json_t *app);
/* extra: {"entered":{…}|null, "notes":{…}, "last_year":snapshot-model|null} (borrowed) */
json_t		*annual_finish(struct annual *, json_t *extra);	/* the model, without checks */
void		 annual_free(struct annual *);
json_t		*annual_check_run(json_t *model);	/* [{name,ok,detail}] (annual_check.c) */
int		 annual_checks_ok(json_t *model);

#endif
