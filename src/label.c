/*
 * label: English values → the Chinese labels of human output.  One table
 * per kind of value; a value not in its table is returned as it is, so a
 * new value shows up (in English) instead of vanishing.
 */
#include <stddef.h>
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

static const struct label label_flags[] = {
	{ "classified", "涉密" },
	{ "no_marking", "无公开属性标注" },
	{ "conflicting_markings", "公开属性标注冲突" },
	{ "missing_reason", "缺少不予公开理由" },
	{ "no_docno", "无发文字号" },
	{ "no_title", "无标题" },
	{ "no_date", "无成文日期" },
	{ "review_overdue", "审查逾期" },
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
	{ "quarantine_retry", "隔离文件重新入库" },
	{ "quarantine_drop", "隔离文件删除" },
	{ NULL, NULL }
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
label_flag(const char *v)
{
	return label_find(label_flags, v);
}

const char *
label_action(const char *v)
{
	return label_find(label_actions, v);
}
