/*
 * annual_check: the cross-checks (勾稽关系) a provincial reviewer runs on
 * an annual report, run on the model of annual_count.c.  Each gives
 * {name, ok, detail}, the detail in Chinese, naming the figures on both
 * sides and, when a check fails, what may explain it (the model's
 * "explain": an application that fits no cell, a document whose kind
 * changed or that was registered after last year's report):
 *
 *   table3_columns     per column of table 三: 一 + 二 = 三(七) + 四
 *   table3_total       三(七) = the sum of the result rows, per column
 *   table3_rows        each row's 总计 = the sum of its six columns
 *   table4_total       each block's 总计 = the sum of its four results
 *   table2_regulation  规章 in force = last year's + issued − repealed
 *   table2_normative   the same for 行政规范性文件
 *
 * The model counts every total on its own, so these are not restatements
 * of the counting.  Pure: no I/O.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "annual.h"
#include "apply.h"
#include "strbuf.h"

#define ANNUAL_NCOL6	6

static const char *const annual_col_labels[ANNUAL_NCOLS] = {
	"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
	"其他", "总计"
};

/* The string at key k of o, or def. */
static const char *
annual_str(json_t *o, const char *k, const char *def)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v != NULL ? v : def;
}

/* 1 when the string at key k of o is v. */
static int
annual_is(json_t *o, const char *k, const char *v)
{
	return strcmp(annual_str(o, k, ""), v) == 0;
}

static long
annual_cell(json_t *row, int col)
{
	return (long)json_integer_value(json_object_get(row,
	    annual_col_keys[col]));
}

static json_t *
annual_check_new(const char *name, int ok, const char *detail)
{
	return json_pack("{s:s, s:b, s:s}", "name", name, "ok", ok, "detail",
	    detail);
}

#if defined(__GNUC__) || defined(__clang__)
static void annual_sb_printf(struct strbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
#endif

static void
annual_sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1;
	strbuf_add(sb, buf, (size_t)n);
}

/* "；涉及申请：A2025-00031（…）、…" for the explain entries of check. */
static void
annual_apps_of(struct strbuf *sb, json_t *model, const char *check)
{
	json_t	*e;
	size_t	 i;
	int	 n = 0;

	json_array_foreach(json_object_get(model, "explain"), i, e) {
		if (!annual_is(e, "what", "application") ||
		    !annual_is(e, "check", check))
			continue;
		annual_sb_printf(sb, "%s%s（%s）", n++ ? "、" : "；涉及申请：",
		    annual_str(e, "id", "?"), annual_str(e, "detail", ""));
	}
}

static json_t *
annual_check_done(const char *name, int ok, struct strbuf *sb)
{
	json_t *c;

	if (sb->nomem) {
		strbuf_free(sb);
		return NULL;
	}
	c = annual_check_new(name, ok, sb->s != NULL ? sb->s : "");
	strbuf_free(sb);
	return c;
}

static json_t *
annual_check_columns(json_t *model)
{
	json_t		*apps = json_object_get(model, "applications");
	json_t		*nw = json_object_get(apps, "new");
	json_t		*cin = json_object_get(apps, "carried_in");
	json_t		*cout = json_object_get(apps, "carried_out");
	json_t		*tot = json_object_get(json_object_get(apps, "results"),
			    "total");
	struct strbuf	 sb;
	long		 a, b, c, d;
	int		 col, ok = 1;

	memset(&sb, 0, sizeof(sb));
	for (col = 0; col < ANNUAL_NCOLS; col++) {
		a = annual_cell(nw, col);
		b = annual_cell(cin, col);
		c = annual_cell(tot, col);
		d = annual_cell(cout, col);
		if (a + b == c + d)
			continue;
		annual_sb_printf(&sb, "%s%s：一 %ld + 二 %ld ≠ 三（七）%ld"
		    " + 四 %ld", ok ? "" : "；", annual_col_labels[col], a, b,
		    c, d);
		ok = 0;
	}
	if (ok)
		annual_sb_printf(&sb, "各列第一项加第二项之和等于第三项加第四项"
		    "之和（总计 %ld + %ld = %ld + %ld）",
		    annual_cell(nw, ANNUAL_TOTAL),
		    annual_cell(cin, ANNUAL_TOTAL),
		    annual_cell(tot, ANNUAL_TOTAL),
		    annual_cell(cout, ANNUAL_TOTAL));
	else
		annual_apps_of(&sb, model, "table3_columns");
	return annual_check_done("table3_columns", ok, &sb);
}

/* Call fn on each result row of results (not total), with its label. */
static void
annual_result_rows(json_t *results, void (*fn)(const char *, const char *,
    json_t *, void *), void *arg)
{
	const char *const	*subs;
	json_t			*v;
	int			 t, s, known;

	for (t = 0; apply_answer_types[t] != NULL; t++) {
		v = json_object_get(results, apply_answer_types[t]);
		subs = apply_answer_subs(apply_answer_types[t], &known);
		if (subs == NULL) {
			fn(apply_answer_types[t], NULL, v, arg);
			continue;
		}
		for (s = 0; subs[s] != NULL; s++)
			fn(apply_answer_types[t], subs[s],
			    json_object_get(v, subs[s]), arg);
	}
}

struct annual_sum {
	long	v[ANNUAL_NCOLS];
};

static void
annual_sum_row(const char *type, const char *sub, json_t *row, void *arg)
{
	struct annual_sum	*s = arg;
	int			 col;

	(void)type;
	(void)sub;
	for (col = 0; col < ANNUAL_NCOLS; col++)
		s->v[col] += annual_cell(row, col);
}

static json_t *
annual_check_total(json_t *model)
{
	json_t		*res = json_object_get(json_object_get(model,
			    "applications"), "results");
	json_t		*tot = json_object_get(res, "total");
	struct annual_sum sum;
	struct strbuf	 sb;
	int		 col, ok = 1;

	memset(&sum, 0, sizeof(sum));
	memset(&sb, 0, sizeof(sb));
	annual_result_rows(res, annual_sum_row, &sum);
	for (col = 0; col < ANNUAL_NCOLS; col++) {
		if (sum.v[col] == annual_cell(tot, col))
			continue;
		annual_sb_printf(&sb, "%s%s：三（七）%ld ≠ 各项办理结果之和"
		    " %ld", ok ? "" : "；", annual_col_labels[col],
		    annual_cell(tot, col), sum.v[col]);
		ok = 0;
	}
	if (ok)
		annual_sb_printf(&sb, "三（七）总计等于各项办理结果之和（%ld）",
		    annual_cell(tot, ANNUAL_TOTAL));
	else
		annual_apps_of(&sb, model, "table3_total");
	return annual_check_done("table3_total", ok, &sb);
}

/* A short Chinese name of a row of table 三 ("（三）不予公开 2"). */
static const char *
annual_row_label(const char *name, const char *sub, char *buf, size_t len)
{
	static const char *const names[][2] = {
		{ "new", "一、本年新收" },
		{ "carried_in", "二、上年结转" },
		{ "carried_out", "四、结转下年度" },
		{ "total", "三（七）总计" },
		{ "granted", "（一）予以公开" },
		{ "partial", "（二）部分公开" },
		{ "denied", "（三）不予公开" },
		{ "unavailable", "（四）无法提供" },
		{ "not_processed", "（五）不予处理" },
		{ "other", "（六）其他处理" }
	};
	const char *const	*subs;
	const char		*s = name;
	size_t			 i;
	int			 known, n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], name) == 0)
			s = names[i][1];
	if (sub == NULL) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	if ((subs = apply_answer_subs(name, &known)) != NULL)
		for (n = 0; subs[n] != NULL && strcmp(subs[n], sub) != 0; n++)
			;
	snprintf(buf, len, "%s %d", s, n + 1);
	return buf;
}

struct annual_rows {
	struct strbuf	*sb;
	int		 bad;
};

static void
annual_row_check(const char *name, const char *sub, json_t *row, void *arg)
{
	struct annual_rows	*r = arg;
	char			 label[128];
	long			 sum = 0;
	int			 col;

	for (col = 0; col < ANNUAL_NCOL6; col++)
		sum += annual_cell(row, col);
	if (sum == annual_cell(row, ANNUAL_TOTAL))
		return;
	annual_sb_printf(r->sb, "%s%s：总计 %ld ≠ 各列之和 %ld",
	    r->bad++ ? "；" : "", annual_row_label(name, sub, label,
	    sizeof(label)), annual_cell(row, ANNUAL_TOTAL), sum);
}

static json_t *
annual_check_rows(json_t *model)
{
	static const char *const rows[] = { "new", "carried_in",
	    "carried_out" };
	json_t		*apps = json_object_get(model, "applications");
	json_t		*res = json_object_get(apps, "results");
	struct annual_rows r;
	struct strbuf	 sb;
	size_t		 i;

	memset(&sb, 0, sizeof(sb));
	r.sb = &sb;
	r.bad = 0;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		annual_row_check(rows[i], NULL, json_object_get(apps, rows[i]),
		    &r);
	annual_result_rows(res, annual_row_check, &r);
	annual_row_check("total", NULL, json_object_get(res, "total"), &r);
	if (r.bad == 0)
		annual_sb_printf(&sb, "每一行的总计等于六类申请人之和");
	else
		annual_apps_of(&sb, model, "table3_rows");
	return annual_check_done("table3_rows", r.bad == 0, &sb);
}

static json_t *
annual_check_appeals(json_t *model)
{
	static const char *const blocks[] = { "review", "lawsuit_direct",
	    "lawsuit_after_review" };
	static const char *const labels[] = { "行政复议", "未经复议直接起诉",
	    "复议后起诉" };
	json_t		*ap = json_object_get(model, "appeals"), *b;
	struct strbuf	 sb;
	long		 sum, total;
	size_t		 i;
	int		 r, ok = 1;

	memset(&sb, 0, sizeof(sb));
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		b = json_object_get(ap, blocks[i]);
		for (r = 0, sum = 0; apply_appeal_results[r] != NULL; r++)
			sum += (long)json_integer_value(json_object_get(b,
			    apply_appeal_results[r]));
		total = (long)json_integer_value(json_object_get(b, "total"));
		if (sum == total)
			continue;
		annual_sb_printf(&sb, "%s%s：总计 %ld ≠ 结果维持、结果纠正、"
		    "其他结果、尚未审结之和 %ld", ok ? "" : "；", labels[i],
		    total, sum);
		ok = 0;
	}
	if (ok)
		annual_sb_printf(&sb, "行政复议、行政诉讼各栏总计等于四项结果"
		    "之和");
	else
		annual_apps_of(&sb, model, "table4_total");
	return annual_check_done("table4_total", ok, &sb);
}

static json_t *
annual_check_docs(json_t *model, enum gw_kind k)
{
	const char	*kn = gongwen_kind_name(k), *docno, *title;
	json_t		*d, *last = json_object_get(model, "last_year"), *e;
	struct strbuf	 sb;
	char		 name[32], src[128];
	long		 in, prev, iss, rep;
	size_t		 i;
	int		 ok, n = 0, q;

	d = json_object_get(json_object_get(model, "documents"), kn);
	in = (long)json_integer_value(json_object_get(d, "in_force"));
	iss = (long)json_integer_value(json_object_get(d, "issued"));
	rep = (long)json_integer_value(json_object_get(d, "repealed"));
	prev = (long)json_integer_value(json_object_get(json_object_get(last,
	    "in_force"), kn));
	if (annual_is(last, "source", "published"))
		snprintf(src, sizeof(src), "上年报告（%s 发布）的",
		    annual_str(last, "published_on", "日期不明"));
	else
		snprintf(src, sizeof(src), "按记录推算的上年");
	ok = in == prev + iss - rep;
	memset(&sb, 0, sizeof(sb));
	annual_sb_printf(&sb, "%s：现行有效 %ld %s %s现行有效 %ld + 本年制发 "
	    "%ld − 本年废止 %ld", gongwen_kind_label(k), in, ok ? "=" : "≠",
	    src, prev, iss, rep);
	if (!ok) {
		json_array_foreach(json_object_get(model, "explain"), i, e) {
			if (!annual_is(e, "what", "document") ||
			    !(annual_is(e, "from", kn) ||
			    annual_is(e, "to", kn)))
				continue;
			docno = annual_str(e, "docno", NULL);
			title = annual_str(e, "title", "");
			/* A placeholder for a title not shown (REPORT_SECRET,
			 * REPORT_UNLISTED) is no title: no 《》. */
			q = title[0] != '\0' && strncmp(title, "（",
			    strlen("（")) != 0;
			annual_sb_printf(&sb, "%s%s%s%s%s%s%s：%s",
			    n++ ? "；" : "；可能的原因：",
			    annual_str(e, "id", "?"),
			    docno ? " " : "", docno ? docno : "",
			    q ? "《" : "", title, q ? "》" : "",
			    annual_str(e, "detail", ""));
		}
		if (n == 0)
			annual_sb_printf(&sb, "；没有找到可以解释差异的文件"
			    "（上年报告发布后补登记或改变类别的文件）");
	}
	snprintf(name, sizeof(name), "table2_%s", kn);
	return annual_check_done(name, ok, &sb);
}

json_t *
annual_check_run(json_t *model)
{
	json_t	*out = json_array(), *c[6];
	size_t	 i;
	int	 bad = 0;

	c[0] = annual_check_columns(model);
	c[1] = annual_check_total(model);
	c[2] = annual_check_rows(model);
	c[3] = annual_check_appeals(model);
	c[4] = annual_check_docs(model, GW_KIND_REGULATION);
	c[5] = annual_check_docs(model, GW_KIND_NORMATIVE);
	for (i = 0; i < 6; i++) {
		if (c[i] == NULL || out == NULL) {
			json_decref(c[i]);
			bad = 1;
		} else if (json_array_append_new(out, c[i]) == -1)
			bad = 1;
	}
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int
annual_checks_ok(json_t *model)
{
	json_t	*checks = json_object_get(model, "checks"), *c, *own = NULL;
	size_t	 i;
	int	 ok = 1;

	if (json_array_size(checks) == 0)
		checks = own = annual_check_run(model);
	if (checks == NULL)
		return 0;
	json_array_foreach(checks, i, c)
		if (!json_is_true(json_object_get(c, "ok")))
			ok = 0;
	json_decref(own);
	return ok;
}
