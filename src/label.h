/*
 * label: the Chinese words people read for docket's English values —
 * disclosure, status, flags and event actions.  Pure functions over a
 * table, no I/O; `--json` keeps the English values, human output shows
 * these.
 */
#ifndef DOCKET_LABEL_H
#define DOCKET_LABEL_H

#include <stddef.h>

/* The Chinese label of a value, or the value itself when it is unknown
 * (NULL stays NULL). */
const char	*label_disclosure(const char *);
const char	*label_status(const char *);
const char	*label_flag(const char *);
/* regulation, normative, other, auto (lc_doc_kind). */
const char	*label_doc_kind(const char *);
/* A domain rule (record.domain_rule: "title:低保+agency:民政") in words,
 * 标题含“低保”，发文机关含“民政”; a part of another form as it is. */
void		 label_domain_rule(const char *rule, char *buf, size_t len);
/* 1 when v is a flag docket sets (every one has a label). */
int		 label_flag_known(const char *v);
const char	*label_action(const char *);
/* The Chinese name of a record's field (docno → 发文字号), as `docketctl
 * show` prints it. */
const char	*label_field(const char *);
/* The values of disclosure applications (apply.h); kind is one of
 * channel, applicant_type, state, flag, action, answer (types), sub,
 * appeal (kinds), result, fee (methods). */
const char	*label_apply(const char *kind, const char *);

#endif
