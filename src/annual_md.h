/*
 * annual_md: the annual report (政府信息公开工作年度报告) as Markdown, in
 * the national order and wording (annual_labels.h): the title, 一、总体
 * 情况 (a summary made only of the model's figures, then the operator's
 * paragraphs or the model's placeholder), 二 (主动公开: 规章 and 行政规范性
 * 文件, then the entered 许可/处罚/强制/收费 values), 三 (the full table of
 * applications), 四 (行政复议、行政诉讼), 五 (problems: notes and what docket
 * counted), 六 (fees, notes).  Every failed cross-check shows as a line
 * "**【勾稽关系检查未通过】** NAME：DETAIL" under the title and under its
 * table.  Pure.  The pieces the HTML page shares (title, summary, notes,
 * values) are exported for site_render_annual.c.
 */
#ifndef DOCKET_ANNUAL_MD_H
#define DOCKET_ANNUAL_MD_H

#include <jansson.h>
#include <stddef.h>

#include "strbuf.h"

/* The report, NUL-terminated, its length in *len (may be NULL); NULL
 * when model is not an object or memory ran out.  free() it.  A value
 * not entered says how to enter it, unless model.public is true (the
 * site's copy: site_files.c): then only 未填报. */
char	*annual_md_render(json_t *model, size_t *len);

/* What a public page says of a section whose notes were not written. */
#define ANNUAL_NOT_WRITTEN	"（本部分未填写）"

/* The model as the public site shows it, in place: model.public set (a
 * value not entered is only 未填报), and a placeholder for notes not
 * written — whose text names the notes file on the server — replaced by
 * ANNUAL_NOT_WRITTEN. */
void	 annual_md_public(json_t *model);

/* "2025年财政局政府信息公开工作年度报告" (ANNUAL_ALL_NAME for a null
 * agency), plain text. */
void	 annual_md_title(struct strbuf *sb, json_t *model);
/* The summary of 一 from the model's figures, one plain-text paragraph
 * without a newline. */
void	 annual_md_summary(struct strbuf *sb, json_t *model);
/*
 * The operator's text for a section: "overview" (一), "problems" (五) or
 * "other" (六), from model.notes ({file, overview, problems, other}: a
 * string or an array of paragraphs each; "overall", 总体情况, 问题与改进
 * and 其他事项 are read too), else notes.placeholder (or notes itself when
 * it is a string: the placeholder of a missing notes file).  Into sb as
 * given; 0 when there is nothing.
 */
int	 annual_md_note(struct strbuf *sb, json_t *model, const char *section);
/* A figure as text: an integer, a real with at most 4 decimals (trailing
 * zeros dropped) or a string as given; NULL for anything else. */
const char *annual_md_value(json_t *v, char *buf, size_t len);
/* An integer count (0 when absent or not a number; a real rounded),
 * within ±ANNUAL_MD_COUNT_MAX. */
#define ANNUAL_MD_COUNT_MAX	1000000000000000LL
long long annual_md_count(json_t *v);
/* The total of an answer type: its row's total, or for a type with
 * sub-types its "total" when there is one, else the sum of its rows'. */
long long annual_md_type_total(json_t *results, const char *type);
/* The table (2, 3 or 4) under which an entry of model.explain is listed
 * (a document's: 2; an application's: the table of its "check", else 3),
 * or 0 when no check of that table failed or a failed one's detail names
 * it already (its id, or its docno). */
int	 annual_md_explain_table(json_t *model, json_t *entry);
/* A problem count: an integer, or the size of an array. */
long long annual_md_problem(json_t *model, const char *key);
/* 五's counts from the record, item i (0 .. ANNUAL_PROBLEM_ITEMS - 1) as
 * plain text ("逾期答复的政府信息公开申请 3 件"), and 六's fees sentence:
 * the same words in the Markdown and on the site's page. */
#define ANNUAL_PROBLEM_ITEMS	3
void	 annual_problem_item(struct strbuf *sb, json_t *model, int i);
void	 annual_fees_text(struct strbuf *sb, json_t *model);

#endif
