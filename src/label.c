/*
 * label: English values → the Chinese labels of human output.  One table
 * per kind of value; a value not in its table is returned as it is, so a
 * new value shows up (in English) instead of vanishing.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "label.h"

struct label {
	const char	*en, *zh;
};

static const struct label label_disclosures[] = {
	{ "public", "公开" },
	{ "on_request", "依申请公开" },
	{ "withheld", "不予公开" },
	{ "undetermined", "待定" },
	{ NULL, NULL }
};

static const struct label label_statuses[] = {
	{ "in_force", "在用" },
	{ "expired", "已失效" },
	{ "repealed", "已废止" },
	{ "cleaned", "已清理" },
	{ NULL, NULL }
};

/* The kinds of the annual report's table 二 (lifecycle.c:lc_doc_kind). */
static const struct label label_doc_kinds[] = {
	{ "regulation", "规章" },
	{ "normative", "行政规范性文件" },
	{ "other", "其他" },
	{ "auto", "自动判断" },
	{ NULL, NULL }
};

static const struct label label_flags[] = {
	{ "classified", "涉密" },
	{ "no_marking", "无公开属性标注" },
	{ "conflicting_markings", "公开属性标注冲突" },
	{ "missing_reason", "缺少不予公开理由" },
	{ "no_docno", "无发文字号" },
	{ "no_title", "无标题" },
	{ "no_date", "无成文日期" },
	{ "invalid_date", "成文日期不是有效日期" },
	{ "review_overdue", "审查逾期" },
	{ "ocr_check", "OCR识别待核对" },
	{ "published_late", "主动公开超期" },
	{ "reason_unlisted", "不公开理由不在负面清单" },
	{ "no_interpretation", "缺少政策解读" },
	{ "interpretation_unlinked", "解读未关联政策" },
	{ NULL, NULL }
};

static const struct label label_actions[] = {
	{ "register", "登记" },
	{ "version", "新版本" },
	{ "mark", "变更公开属性" },
	{ "review_keep", "审查：维持原决定" },
	{ "review_release", "审查：予以公开" },
	{ "repeal", "废止" },
	{ "unrepeal", "撤销废止" },
	{ "hold", "冻结" },
	{ "unhold", "解除冻结" },
	{ "expire", "失效" },
	{ "review_overdue", "审查逾期" },
	{ "clean", "清理" },
	{ "restore", "恢复效力" },
	{ "ocr_checked", "OCR识别已核对" },
	{ "negative_item", "负面清单事项" },
	{ "interprets", "关联所解读的政策" },
	{ "interpretation", "关联政策解读" },
	{ "no_interpretation", "缺少政策解读" },
	{ "quarantine_retry", "隔离文件重新入库" },
	{ "quarantine_drop", "隔离文件删除" },
	{ "apply_answer", "依申请公开答复引用" },
	{ "publish", "进入公开目录" },
	{ "unpublish", "撤出公开目录" },
	{ "doc_kind", "变更文件类别" },
	{ NULL, NULL }
};

/* Disclosure applications: the terms of the 条例 and of the national
 * annual-report table (政府信息公开工作年度报告格式). */
static const struct label label_apply_channel[] = {
	{ "in_person", "当面提交" }, { "post", "邮寄（需签收）" },
	{ "mail", "平常信函" }, { "online", "互联网" }, { "fax", "传真" },
	{ NULL, NULL }
};
static const struct label label_apply_applicant_type[] = {
	{ "person", "自然人" }, { "business", "商业企业" },
	{ "research", "科研机构" }, { "nonprofit", "社会公益组织" },
	{ "legal", "法律服务机构" }, { "other", "其他" }, { NULL, NULL }
};
static const struct label label_apply_state[] = {
	{ "open", "办理中" }, { "awaiting_correction", "等待补正" },
	{ "consulting", "征求意见中" }, { "awaiting_payment", "等待缴费" },
	{ "answered", "已答复" }, { NULL, NULL }
};
static const struct label label_apply_flag[] = {
	{ "due_soon", "即将到期" }, { "overdue", "已逾期" },
	{ "correction_expired", "补正期限已过" },
	{ "consult_expired", "征求意见期限已过" },
	{ "fee_unpaid", "逾期未缴费" }, { "answered_late", "逾期答复" },
	{ "estimated", "按周一至周五估算" }, { NULL, NULL }
};
static const struct label label_apply_action[] = {
	{ "receive", "收到申请" }, { "correct", "告知补正" },
	{ "corrected", "收到补正" }, { "consult", "征求意见" },
	{ "consulted", "收到意见" }, { "extend", "延长答复期限" },
	{ "fee", "收费通知" }, { "paid", "缴费" },
	{ "ask_reason", "要求说明理由" }, { "set_due", "确定延迟答复期限" },
	{ "answer", "答复" },
	{ "appeal", "行政复议或诉讼" }, { "appeal_result", "复议诉讼结果" },
	{ "flags", "标记变更" }, { NULL, NULL }
};
static const struct label label_apply_answer[] = {
	{ "granted", "予以公开" }, { "partial", "部分公开" },
	{ "denied", "不予公开" }, { "unavailable", "无法提供" },
	{ "not_processed", "不予处理" }, { "other", "其他处理" },
	{ NULL, NULL }
};
static const struct label label_apply_sub[] = {
	{ "state_secret", "属于国家秘密" },
	{ "law_forbids", "其他法律行政法规禁止公开" },
	{ "three_safeties", "危及“三安全一稳定”" },
	{ "third_party", "保护第三方合法权益" },
	{ "internal_affairs", "属于三类内部事务信息" },
	{ "process_info", "属于四类过程性信息" },
	{ "enforcement_file", "属于行政执法案卷" },
	{ "query_matter", "属于行政查询事项" },
	{ "not_held", "本机关不掌握相关政府信息" },
	{ "needs_creation", "没有现成信息需要另行制作" },
	{ "unclear_after_correction", "补正后申请内容仍不明确" },
	{ "petition", "信访举报投诉类申请" }, { "repeat", "重复申请" },
	{ "publication", "要求提供公开出版物" },
	{ "abusive", "无正当理由大量反复申请" },
	{ "confirm_request", "要求行政机关确认或重新出具已获取信息" },
	{ "withdrawn_no_correction", "申请人逾期未补正、行政机关不再处理" },
	{ "fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理" },
	{ "other", "其他" }, { NULL, NULL }
};
static const struct label label_apply_appeal[] = {
	{ "review", "行政复议" }, { "lawsuit", "行政诉讼" }, { NULL, NULL }
};
static const struct label label_apply_result[] = {
	{ "upheld", "维持" }, { "corrected", "纠正" }, { "other", "其他结果" },
	{ "pending", "尚未审结" }, { NULL, NULL }
};
static const struct label label_apply_fee[] = {
	{ "count", "按件计收" }, { "pages", "按量计收" }, { NULL, NULL }
};

static const char *
label_find(const struct label *t, const char *v)
{
	if (v == NULL)
		return NULL;
	for (; t->en != NULL; t++)
		if (strcmp(t->en, v) == 0)
			return t->zh;
	return v;
}

const char *
label_disclosure(const char *v)
{
	return label_find(label_disclosures, v);
}

const char *
label_status(const char *v)
{
	return label_find(label_statuses, v);
}

const char *
label_doc_kind(const char *v)
{
	return label_find(label_doc_kinds, v);
}

void
label_domain_rule(const char *rule, char *buf, size_t len)
{
	static const struct { const char *key, *label; } parts[] = {
		{ "title:", "标题含" }, { "agency:", "发文机关含" },
		{ "body:", "正文含" },
	};
	const char	*p = rule, *end;
	size_t		 i, o = 0, n, kl;

	if (len == 0)
		return;
	buf[0] = '\0';
	while (p != NULL && *p != '\0' && o < len) {
		end = strchr(p, '+');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			kl = strlen(parts[i].key);
			if (n > kl && strncmp(p, parts[i].key, kl) == 0)
				break;
		}
		if (i < sizeof(parts) / sizeof(parts[0]))
			o += (size_t)snprintf(buf + o, len - o, "%s%s“%.*s”",
			    o ? "，" : "", parts[i].label, (int)(n - kl),
			    p + kl);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s%.*s",
			    o ? "，" : "", (int)n, p);
		p = end != NULL ? end + 1 : NULL;
	}
}

const char *
label_flag(const char *v)
{
	return label_find(label_flags, v);
}

int
label_flag_known(const char *v)
{
	size_t	i;

	for (i = 0; v != NULL && label_flags[i].en != NULL; i++)
		if (strcmp(label_flags[i].en, v) == 0)
			return 1;
	return 0;
}

const char *
label_action(const char *v)
{
	return label_find(label_actions, v);
}

const char *
label_apply(const char *kind, const char *v)
{
	static const struct {
		const char		*kind;
		const struct label	*t;
	} k[] = {
		{ "channel", label_apply_channel },
		{ "applicant_type", label_apply_applicant_type },
		{ "state", label_apply_state },
		{ "flag", label_apply_flag },
		{ "action", label_apply_action },
		{ "answer", label_apply_answer },
		{ "sub", label_apply_sub },
		{ "appeal", label_apply_appeal },
		{ "result", label_apply_result },
		{ "fee", label_apply_fee },
	};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(k[i].kind, kind) == 0)
			return label_find(k[i].t, v);
	return v;
}

/* The names of a record's fields (as `docketctl show` prints them). */
static const struct label label_fields[] = {
	{ "id", "编号" }, { "docno", "发文字号" }, { "title", "标题" },
	{ "issuer", "发文机关" }, { "issuers", "联合发文机关" },
	{ "agency", "所属单位" }, { "doc_type", "文种" },
	{ "signed_on", "成文日期" }, { "copy_no", "份号" },
	{ "secrecy", "密级" }, { "secrecy_term", "保密期限" },
	{ "urgency", "紧急程度" }, { "letterhead", "版头" },
	{ "signer", "签发人" }, { "addressees", "主送机关" },
	{ "attachments", "附件" }, { "cc", "抄送机关" },
	{ "printed_by", "印发机关" }, { "printed_on", "印发日期" },
	{ "effective_from", "施行日期" }, { "valid_until", "有效期至" },
	{ "repeals", "废止文件" }, { "domain", "领域" },
	{ "domain_rule", "领域依据" }, { "disclosure", "公开属性" },
	{ "marking", "公开属性标注" }, { "markings", "找到的公开属性标注" },
	{ "marking_decision", "公开属性判定" },
	{ "disclosure_reason", "公开属性理由" }, { "flags", "标记" },
	{ "status", "状态" }, { "status_on", "状态生效日期" },
	{ "repealed_by", "废止依据" }, { "repeal_reason", "废止理由" },
	{ "hold", "冻结" }, { "next_review", "下次审查" },
	{ "published", "在公开目录" }, { "index_no", "索引号" },
	{ "published_on", "发布日期" }, { "publish_lag", "公开超期" },
	{ "negative_item", "负面清单事项" }, { "interprets", "解读的政策" },
	{ "interprets_ref", "解读所指" },
	{ "interpreted_on", "政策解读关联日期" }, { "version", "版本" },
	{ "commit", "提交" }, { "sha256", "SHA-256" },
	{ "source_name", "来源文件" }, { "format", "格式" },
	{ "size", "大小（字节）" }, { "received_at", "接收时间" },
	{ "text_source", "文本来源" }, { "ocr_confidence", "OCR置信度" },
	{ "ocr_fields", "OCR识别的字段" },
	{ "doc_kind", "文件类别" }, { "doc_kind_on", "文件类别变更日期" },
	{ "doc_kind_was", "原文件类别" },
	{ NULL, NULL }
};

const char *
label_field(const char *v)
{
	return label_find(label_fields, v);
}
