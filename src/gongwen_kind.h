/*
 * gongwen_kind: the kind of a document for table 二 of the annual report
 * (政府信息公开工作年度报告): 规章 (regulation), 行政规范性文件 (normative)
 * or anything else (other).  Inferred at read time, never stored, except
 * for an explicit override in the record's "doc_kind" (set by `docketctl
 * mark ID --kind`, with "doc_kind_on" the day it was set).  Pure: the
 * record's JSON and the configured rules in, a kind out.
 *
 * Order: rec.doc_kind ("auto" or absent: infer) → the rule of the
 * record's agency with the longest docno prefix, then the global rule
 * with the longest prefix ([annual_report] and [annual_report AGENCY]
 * in docketd.conf) → regulation when the docno's agency code (before 〔)
 * holds 令 (淄政令〔2025〕1号), the title holds 政府令, or the doc_type is
 * 令 and the issuer an 人民政府 → normative when interp_normative says
 * so (a 规 in the docno's code, or a title with 办法, 规定, …) → other.
 */
#ifndef DOCKET_GONGWEN_KIND_H
#define DOCKET_GONGWEN_KIND_H

#include <jansson.h>
#include <stddef.h>

enum gw_kind {
	GW_KIND_OTHER,
	GW_KIND_REGULATION,
	GW_KIND_NORMATIVE
};

#define GW_KIND_COUNT	3

struct gongwen_kind_rule {
	char		 agency[256];	/* "" for all agencies */
	char		 prefix[128];	/* of the docno: 淄财规, 淄政令 */
	enum gw_kind	 kind;
};

/* "other", "regulation", "normative". */
const char	*gongwen_kind_name(enum gw_kind);
/* 0 with *kind, -1 when s is not a kind's name ("auto" is not). */
int		 gongwen_kind_parse(const char *s, enum gw_kind *kind);
/* The kind's name in the national format: 规章, 行政规范性文件, 其他. */
const char	*gongwen_kind_label(enum gw_kind);

/*
 * The kind of rec.  why (may be NULL) gets a short Chinese reason in
 * static storage ("人工指定", "配置规则", "发文字号含“令”", ...).
 */
enum gw_kind	 gongwen_kind_of(json_t *rec, const struct gongwen_kind_rule *,
		    size_t nrules, const char **why);

/* The kind rec would have without its doc_kind override. */
enum gw_kind	 gongwen_kind_inferred(json_t *rec,
		    const struct gongwen_kind_rule *, size_t nrules,
		    const char **why);

#endif
