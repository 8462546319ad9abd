/*
 * gongwen_kind: regulation, normative or other (see gongwen_kind.h).
 * The rules of docketd.conf come first because an office knows its own
 * docno series better than any guess; the built-in guesses follow the
 * way documents are numbered: a government's 规章 is issued as a 政府令
 * (淄政令〔2025〕1号, 山东省人民政府令第 350 号) and a 规范性文件 carries a
 * 规 in its docno's code (鲁政办规〔2021〕3号) or a title of the kind
 * interp_normative knows.
 */
#include <string.h>

#include "gongwen_kind.h"
#include "interp.h"
#include "record.h"
#include "report.h"

static const char *const gw_kind_names[GW_KIND_COUNT] = {
	"other", "regulation", "normative"
};
static const char *const gw_kind_labels[GW_KIND_COUNT] = {
	"其他", "规章", "行政规范性文件"
};

const char *
gongwen_kind_name(enum gw_kind k)
{
	if ((unsigned int)k >= GW_KIND_COUNT)
		return gw_kind_names[GW_KIND_OTHER];
	return gw_kind_names[k];
}

const char *
gongwen_kind_label(enum gw_kind k)
{
	if ((unsigned int)k >= GW_KIND_COUNT)
		return gw_kind_labels[GW_KIND_OTHER];
	return gw_kind_labels[k];
}

int
gongwen_kind_parse(const char *s, enum gw_kind *kind)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < GW_KIND_COUNT; i++)
		if (strcmp(s, gw_kind_names[i]) == 0) {
			*kind = (enum gw_kind)i;
			return 0;
		}
	return -1;
}

/* The rule for agency (or, with agency "", the global one) whose prefix
 * is the longest that starts docno; NULL when none does. */
static const struct gongwen_kind_rule *
gw_kind_rule(const char *docno, const char *agency,
    const struct gongwen_kind_rule *rules, size_t n)
{
	const struct gongwen_kind_rule	*best = NULL;
	size_t				 i, len;

	for (i = 0; i < n; i++) {
		if (strcmp(rules[i].agency, agency) != 0)
			continue;
		len = strlen(rules[i].prefix);
		if (strncmp(docno, rules[i].prefix, len) != 0)
			continue;
		if (best == NULL || len > strlen(best->prefix))
			best = &rules[i];
	}
	return best;
}

/* 1 when the agency code of docno (the part before 〔) holds s. */
static int
gw_kind_code_has(const char *docno, const char *s)
{
	const char	*b;
	size_t		 i, n = strlen(s);

	if (docno == NULL || (b = strstr(docno, "〔")) == NULL)
		return 0;
	for (i = 0; docno + i + n <= b; i++)
		if (strncmp(docno + i, s, n) == 0)
			return 1;
	return 0;
}

enum gw_kind
gongwen_kind_inferred(json_t *rec, const struct gongwen_kind_rule *rules,
    size_t nrules, const char **why)
{
	const struct gongwen_kind_rule	*r;
	const char			*docno = record_str(rec, "docno");
	const char			*title = record_str(rec, "title");
	const char			*type = record_str(rec, "doc_type");
	const char			*issuer = record_str(rec, "issuer");
	const char			*dummy;

	if (why == NULL)
		why = &dummy;
	if (docno != NULL && rules != NULL && nrules > 0) {
		if ((r = gw_kind_rule(docno, report_agency(rec), rules,
		    nrules)) == NULL)
			r = gw_kind_rule(docno, "", rules, nrules);
		if (r != NULL) {
			*why = r->agency[0] != '\0' ? "本机关配置规则" :
			    "配置规则";
			return r->kind;
		}
	}
	if (gw_kind_code_has(docno, "令")) {
		*why = "发文字号含“令”";
		return GW_KIND_REGULATION;
	}
	if (title != NULL && strstr(title, "政府令") != NULL) {
		*why = "标题含“政府令”";
		return GW_KIND_REGULATION;
	}
	if (type != NULL && strcmp(type, "令") == 0 && issuer != NULL &&
	    strstr(issuer, "人民政府") != NULL) {
		*why = "人民政府发布的令";
		return GW_KIND_REGULATION;
	}
	if (interp_normative(rec)) {
		*why = "规范性文件识别规则";
		return GW_KIND_NORMATIVE;
	}
	*why = "其他";
	return GW_KIND_OTHER;
}

enum gw_kind
gongwen_kind_of(json_t *rec, const struct gongwen_kind_rule *rules,
    size_t nrules, const char **why)
{
	enum gw_kind	 k;
	const char	*s = record_str(rec, "doc_kind");

	if (s != NULL && gongwen_kind_parse(s, &k) == 0) {
		if (why != NULL)
			*why = "人工指定";
		return k;
	}
	return gongwen_kind_inferred(rec, rules, nrules, why);
}
