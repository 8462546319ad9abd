/*
 * annual_labels: the exact Chinese wording of the national format of the
 * annual report on government information disclosure (政府信息公开工作
 * 年度报告, 国办公开办函〔2021〕30号): its section titles 一…六, the rows
 * and columns of table 二 (主动公开), table 三 (申请的收到和处理) and
 * table 四 (行政复议、行政诉讼), and the note under table 三.  Pure data
 * and lookups; label.c keeps the shorter words of the user interface.
 * The answer types and sub-types are apply.c's (apply_answer_types,
 * apply_answer_subs), the applicant columns apply_applicant_types.
 */
#ifndef DOCKET_ANNUAL_LABELS_H
#define DOCKET_ANNUAL_LABELS_H

/* Table 三's columns: apply_applicant_types in order, then the total. */
#define ANNUAL_LABEL_NCOLS	7

/* The note cell of table 三's header. */
#define ANNUAL_T3_NOTE	"（本列数据的勾稽关系为：第一项加第二项之和，" \
	"等于第三项加第四项之和）"
/* The header above the columns, and the group of the five that are not
 * natural persons. */
#define ANNUAL_T3_APPLICANT	"申请人情况"
#define ANNUAL_T3_ORGS		"法人或其他组织"
/* Table 二's first header cell. */
#define ANNUAL_T2_CONTENT	"信息内容"
/* What a whole government's report is called where an agency's name
 * would stand (the model's agency is null). */
#define ANNUAL_ALL_NAME		"全市"
/* What a failed cross-check is shown as. */
#define ANNUAL_CHECK_FAILED	"【勾稽关系检查未通过】"

/* Section n (1..6): "一、总体情况" …; NULL out of range. */
const char	*annual_section_title(int n);

/* The key of column i (0..6): "person" … "other", "total"; NULL out of
 * range. */
const char	*annual_col_key(int i);
/* Its label: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他,
 * 总计. */
const char	*annual_col_label(int i);

/*
 * A row of table 三.  type is "new", "carried_in", "results" (the heading
 * 三、本年度办理结果), an answer type (granted … other), "total" (（七）
 * 总计) or "carried_out"; sub is NULL for the row of the type itself (the
 * heading of a type with sub-types) or one of its sub-types.  NULL when
 * the pair is unknown.
 */
const char	*annual_row_label(const char *type, const char *sub);
/* The answer type's own words, without its number: 予以公开 … 其他处理
 * (the charts); NULL when unknown. */
const char	*annual_type_label(const char *type);

/* Table 四: "review" 行政复议, "lawsuit" 行政诉讼, "lawsuit_direct"
 * 未经复议直接起诉, "lawsuit_after_review" 复议后起诉, and the columns
 * "upheld" 结果维持, "corrected" 结果纠正, "other" 其他结果, "pending"
 * 尚未审结, "total" 总计.  NULL when unknown. */
const char	*annual_appeal_label(const char *key);
/* The three blocks and the five columns, in order; NULL-terminated. */
extern const char *const annual_appeal_blocks[];
extern const char *const annual_appeal_cols[];

/* Table 二.  Documents: "regulation" 规章, "normative" 行政规范性文件;
 * their columns "issued" 本年制发件数, "repealed" 本年废止件数,
 * "in_force" 现行有效件数.  Entered values: "permits" 行政许可,
 * "penalties" 行政处罚, "enforcement" 行政强制, "charges" 行政事业性收费.
 * NULL when unknown. */
const char	*annual_t2_label(const char *key);
/* The article (第二十条第（一）项 …) a key of table 二 is published
 * under; NULL when unknown. */
const char	*annual_t2_article(const char *key);
extern const char *const annual_doc_kinds[];	/* regulation, normative */
extern const char *const annual_doc_cols[];	/* issued, repealed, in_force */

/* The table a cross-check belongs to, from its name ("table3_columns" →
 * 3); 0 for none. */
int		 annual_check_table(const char *name);
/* A check's name in Chinese ("table3_columns" → 表三各列); an unknown
 * name as it is, "-" for NULL. */
const char	*annual_check_name(const char *name);

#endif
