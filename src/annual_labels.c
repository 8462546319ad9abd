/*
 * annual_labels: the words of the national format of the annual report
 * (国办公开办函〔2021〕30号), as tables of (key, label) and lookups over
 * them (see annual_labels.h).  The sub-type rows are keyed by apply.c's
 * codes and listed here in apply_answer_subs order, which is the national
 * row order; (二) and (六)1–2 are longer here than label.c's words, as the
 * national table has them.
 */
#include <string.h>

#include "annual_labels.h"

struct alabel {
	const char	*key;
	const char	*zh;
};

static const char *const annual_sections[] = {
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项"
};

static const struct alabel annual_cols[ANNUAL_LABEL_NCOLS] = {
	{ "person", "自然人" }, { "business", "商业企业" },
	{ "research", "科研机构" }, { "nonprofit", "社会公益组织" },
	{ "legal", "法律服务机构" }, { "other", "其他" }, { "total", "总计" }
};

/* Rows of table 三 that are not sub-types: the type, or a heading. */
static const struct alabel annual_rows[] = {
	{ "new", "一、本年新收政府信息公开申请数量" },
	{ "carried_in", "二、上年结转政府信息公开申请数量" },
	{ "results", "三、本年度办理结果" },
	{ "granted", "（一）予以公开" },
	{ "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
	{ "denied", "（三）不予公开" },
	{ "unavailable", "（四）无法提供" },
	{ "not_processed", "（五）不予处理" },
	{ "other", "（六）其他处理" },
	{ "total", "（七）总计" },
	{ "carried_out", "四、结转下年度继续办理" },
	{ NULL, NULL }
};

static const struct alabel annual_subs_denied[] = {
	{ "state_secret", "1.属于国家秘密" },
	{ "law_forbids", "2.其他法律行政法规禁止公开" },
	{ "three_safeties", "3.危及“三安全一稳定”" },
	{ "third_party", "4.保护第三方合法权益" },
	{ "internal_affairs", "5.属于三类内部事务信息" },
	{ "process_info", "6.属于四类过程性信息" },
	{ "enforcement_file", "7.属于行政执法案卷" },
	{ "query_matter", "8.属于行政查询事项" },
	{ NULL, NULL }
};
static const struct alabel annual_subs_unavailable[] = {
	{ "not_held", "1.本机关不掌握相关政府信息" },
	{ "needs_creation", "2.没有现成信息需要另行制作" },
	{ "unclear_after_correction", "3.补正后申请内容仍不明确" },
	{ NULL, NULL }
};
static const struct alabel annual_subs_not_processed[] = {
	{ "petition", "1.信访举报投诉类申请" },
	{ "repeat", "2.重复申请" },
	{ "publication", "3.要求提供公开出版物" },
	{ "abusive", "4.无正当理由大量反复申请" },
	{ "confirm_request", "5.要求行政机关确认或重新出具已获取信息" },
	{ NULL, NULL }
};
static const struct alabel annual_subs_other[] = {
	{ "withdrawn_no_correction", "1.申请人无正当理由逾期不补正、"
	    "行政机关不再处理其政府信息公开申请" },
	{ "fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、"
	    "行政机关不再处理其政府信息公开申请" },
	{ "other", "3.其他" },
	{ NULL, NULL }
};

static const struct alabel annual_types[] = {
	{ "granted", "予以公开" }, { "partial", "部分公开" },
	{ "denied", "不予公开" }, { "unavailable", "无法提供" },
	{ "not_processed", "不予处理" }, { "other", "其他处理" },
	{ NULL, NULL }
};

static const struct alabel annual_appeals[] = {
	{ "review", "行政复议" }, { "lawsuit", "行政诉讼" },
	{ "lawsuit_direct", "未经复议直接起诉" },
	{ "lawsuit_after_review", "复议后起诉" },
	{ "upheld", "结果维持" }, { "corrected", "结果纠正" },
	{ "other", "其他结果" }, { "pending", "尚未审结" },
	{ "total", "总计" }, { NULL, NULL }
};

const char *const annual_appeal_blocks[] = {
	"review", "lawsuit_direct", "lawsuit_after_review", NULL
};
const char *const annual_appeal_cols[] = {
	"upheld", "corrected", "other", "pending", "total", NULL
};

static const struct alabel annual_t2[] = {
	{ "regulation", "规章" }, { "normative", "行政规范性文件" },
	{ "issued", "本年制发件数" }, { "repealed", "本年废止件数" },
	{ "in_force", "现行有效件数" },
	{ "permits", "行政许可" }, { "penalties", "行政处罚" },
	{ "enforcement", "行政强制" }, { "charges", "行政事业性收费" },
	{ "decisions", "本年处理决定数量" },
	{ "amount", "本年收费金额（单位：万元）" },
	{ NULL, NULL }
};

static const struct alabel annual_t2_articles[] = {
	{ "regulation", "第二十条第（一）项" },
	{ "normative", "第二十条第（一）项" },
	{ "permits", "第二十条第（五）项" },
	{ "penalties", "第二十条第（六）项" },
	{ "enforcement", "第二十条第（六）项" },
	{ "charges", "第二十条第（八）项" },
	{ NULL, NULL }
};

const char *const annual_doc_kinds[] = { "regulation", "normative", NULL };
const char *const annual_doc_cols[] = {
	"issued", "repealed", "in_force", NULL
};

static const char *
annual_find(const struct alabel *t, const char *key)
{
	if (key == NULL)
		return NULL;
	for (; t->key != NULL; t++)
		if (strcmp(t->key, key) == 0)
			return t->zh;
	return NULL;
}

const char *
annual_section_title(int n)
{
	if (n < 1 || n > 6)
		return NULL;
	return annual_sections[n - 1];
}

const char *
annual_col_key(int i)
{
	if (i < 0 || i >= ANNUAL_LABEL_NCOLS)
		return NULL;
	return annual_cols[i].key;
}

const char *
annual_col_label(int i)
{
	if (i < 0 || i >= ANNUAL_LABEL_NCOLS)
		return NULL;
	return annual_cols[i].zh;
}

const char *
annual_row_label(const char *type, const char *sub)
{
	const struct alabel	*t;

	if (type == NULL)
		return NULL;
	if (sub == NULL)
		return annual_find(annual_rows, type);
	if (strcmp(type, "denied") == 0)
		t = annual_subs_denied;
	else if (strcmp(type, "unavailable") == 0)
		t = annual_subs_unavailable;
	else if (strcmp(type, "not_processed") == 0)
		t = annual_subs_not_processed;
	else if (strcmp(type, "other") == 0)
		t = annual_subs_other;
	else
		return NULL;
	return annual_find(t, sub);
}

const char *
annual_type_label(const char *type)
{
	return annual_find(annual_types, type);
}

const char *
annual_appeal_label(const char *key)
{
	return annual_find(annual_appeals, key);
}

const char *
annual_t2_label(const char *key)
{
	return annual_find(annual_t2, key);
}

const char *
annual_t2_article(const char *key)
{
	return annual_find(annual_t2_articles, key);
}

int
annual_check_table(const char *name)
{
	if (name == NULL || strncmp(name, "table", 5) != 0 ||
	    name[5] < '2' || name[5] > '4' ||
	    (name[6] != '\0' && name[6] != '_'))
		return 0;
	return name[5] - '0';
}

/* A check's name in Chinese. */
const char *
annual_check_name(const char *name)
{
	static const struct {
		const char *name, *label;
	} l[] = {
		{ "table3_columns", "表三各列" },
		{ "table3_total", "表三（七）总计" },
		{ "table3_rows", "表三各行总计" },
		{ "table4_total", "表四总计" },
		{ "table2_regulation", "表二" },
		{ "table2_normative", "表二" },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(l) / sizeof(l[0]); i++)
		if (strcmp(l[i].name, name) == 0)
			return l[i].label;
	return name != NULL ? name : "-";
}
