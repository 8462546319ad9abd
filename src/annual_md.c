/*
 * annual_md: the annual report as Markdown (see annual_md.h).  The text
 * is made only of the model: its figures, its checks, the operator's
 * notes or the placeholder the model carries; nothing is written that
 * the model does not say.  Tables are GitHub-flavoured Markdown with one
 * header row, so table 三's two header rows become one (a line above it
 * says which columns are 法人或其他组织) and table 四 is drawn with its
 * three blocks as rows and its five results as columns.  A cell's text
 * has its backslashes and pipes escaped and its line breaks made blanks,
 * so a value holding "|" cannot split a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual_labels.h"
#include "annual_md.h"
#include "apply.h"
#include "label.h"

/* "" lit "": only a string literal compiles, never a pointer */
#define MD_LIT(sb, lit)	strbuf_add(sb, "" lit "", sizeof(lit) - 1)

/* s on one line: CR and LF as blanks. */
static void
md_line(struct strbuf *sb, const char *s)
{
	size_t	n;

	while (s != NULL && *s != '\0') {
		n = strcspn(s, "\r\n");
		strbuf_add(sb, s, n);
		s += n;
		if (*s != '\0') {
			MD_LIT(sb, " ");
			s++;
		}
	}
}

/* s as the text of a table cell: one line, \ and | escaped. */
static void
md_cell(struct strbuf *sb, const char *s)
{
	size_t	n;

	while (s != NULL && *s != '\0') {
		n = strcspn(s, "\r\n\\|");
		strbuf_add(sb, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '\\':
			MD_LIT(sb, "\\\\");
			break;
		case '|':
			MD_LIT(sb, "\\|");
			break;
		default:
			MD_LIT(sb, " ");
			break;
		}
		s++;
	}
}

const char *
annual_md_value(json_t *v, char *buf, size_t len)
{
	size_t	n;

	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, len, "%.4f", json_real_value(v));
		if (strchr(buf, '.') != NULL) {
			n = strlen(buf);
			while (n > 0 && buf[n - 1] == '0')
				buf[--n] = '\0';
			if (n > 0 && buf[n - 1] == '.')
				buf[--n] = '\0';
		}
		return buf;
	}
	return json_string_value(v);
}

long long
annual_md_count(json_t *v)
{
	double		r;
	long long	n;

	if (json_is_integer(v))
		n = (long long)json_integer_value(v);
	else if (json_is_real(v)) {
		r = json_real_value(v);
		if (r >= (double)ANNUAL_MD_COUNT_MAX)
			return ANNUAL_MD_COUNT_MAX;
		if (r <= -(double)ANNUAL_MD_COUNT_MAX)
			return -ANNUAL_MD_COUNT_MAX;
		n = (long long)(r < 0 ? r - 0.5 : r + 0.5);
	} else
		return 0;
	/* a sum of a few of them cannot overflow */
	if (n > ANNUAL_MD_COUNT_MAX)
		return ANNUAL_MD_COUNT_MAX;
	return n < -ANNUAL_MD_COUNT_MAX ? -ANNUAL_MD_COUNT_MAX : n;
}

/* o.a.b…, NULL-terminated path. */
static json_t *
md_get(json_t *o, const char *const *path)
{
	for (; o != NULL && *path != NULL; path++)
		o = json_object_get(o, *path);
	return o;
}

#define MD_GET(o, ...)	md_get(o, (const char *const []){ __VA_ARGS__, NULL })

long long
annual_md_type_total(json_t *results, const char *type)
{
	const char *const	*subs;
	json_t			*v = json_object_get(results, type), *t;
	long long		 sum = 0;
	int			 known;

	subs = apply_answer_subs(type, &known);
	if (subs == NULL)
		return annual_md_count(json_object_get(v, "total"));
	t = json_object_get(v, "total");
	if (json_is_object(t))
		return annual_md_count(json_object_get(t, "total"));
	if (json_is_number(t))
		return annual_md_count(t);
	for (; *subs != NULL; subs++)
		sum += annual_md_count(MD_GET(v, *subs, "total"));
	return sum;
}

long long
annual_md_problem(json_t *model, const char *key)
{
	json_t	*v = MD_GET(model, "problems", key);

	if (json_is_array(v))
		return (long long)json_array_size(v);
	return annual_md_count(v);
}

static const char *
md_name(json_t *m)
{
	const char	*a = json_string_value(json_object_get(m, "agency"));

	return a != NULL && *a != '\0' ? a : ANNUAL_ALL_NAME;
}

void
annual_md_title(struct strbuf *sb, json_t *m)
{
	json_t	*y = json_object_get(m, "year");

	if (json_is_integer(y)) {
		strbuf_int(sb, (long long)json_integer_value(y));
		MD_LIT(sb, "年");
	}
	md_line(sb, md_name(m));
	MD_LIT(sb, "政府信息公开工作年度报告");
}

/* " N 件" */
static void
md_jian(struct strbuf *sb, long long n)
{
	MD_LIT(sb, " ");
	strbuf_int(sb, n);
	MD_LIT(sb, " 件");
}

void
annual_md_summary(struct strbuf *sb, json_t *m)
{
	json_t		*apps = json_object_get(m, "applications");
	json_t		*res = json_object_get(apps, "results");
	json_t		*docs = json_object_get(m, "documents");
	json_t		*y = json_object_get(m, "year");
	size_t		 i, k;

	if (json_is_integer(y)) {
		strbuf_int(sb, (long long)json_integer_value(y));
		MD_LIT(sb, "年，");
	}
	md_line(sb, md_name(m));
	MD_LIT(sb, "本年新收政府信息公开申请");
	md_jian(sb, annual_md_count(MD_GET(apps, "new", "total")));
	MD_LIT(sb, "，上年结转");
	md_jian(sb, annual_md_count(MD_GET(apps, "carried_in", "total")));
	MD_LIT(sb, "；本年度办理结果总计");
	md_jian(sb, annual_md_count(MD_GET(res, "total", "total")));
	MD_LIT(sb, "，其中");
	for (i = 0; apply_answer_types[i] != NULL; i++) {
		if (i > 0)
			MD_LIT(sb, "、");
		strbuf_puts(sb, annual_type_label(apply_answer_types[i]));
		md_jian(sb, annual_md_type_total(res, apply_answer_types[i]));
	}
	MD_LIT(sb, "；结转下年度继续办理");
	md_jian(sb, annual_md_count(MD_GET(apps, "carried_out", "total")));
	MD_LIT(sb, "。");
	for (k = 0; annual_doc_cols[k] != NULL; k++) {
		strbuf_puts(sb, k == 0 ? "本年制发" : k == 1 ? "，本年废止" :
		    "，现行有效");
		for (i = 0; annual_doc_kinds[i] != NULL; i++) {
			if (i > 0)
				MD_LIT(sb, "、");
			strbuf_puts(sb, annual_t2_label(annual_doc_kinds[i]));
			md_jian(sb, annual_md_count(MD_GET(docs,
			    annual_doc_kinds[i], annual_doc_cols[k])));
		}
	}
	MD_LIT(sb, "。因政府信息公开申请行政复议");
	md_jian(sb, annual_md_count(MD_GET(m, "appeals", "review", "total")));
	MD_LIT(sb, "，提起行政诉讼");
	md_jian(sb, annual_md_count(MD_GET(m, "appeals", "lawsuit_direct",
	    "total")) + annual_md_count(MD_GET(m, "appeals",
	    "lawsuit_after_review", "total")));
	MD_LIT(sb, "。");
}

/* Text as given, without its trailing line breaks and blanks. */
static void
md_para(struct strbuf *sb, const char *s)
{
	size_t	n = strlen(s);

	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	strbuf_add(sb, s, n);
}

/* 1 when v is a string with more than blanks in it. */
static int
md_text(json_t *v)
{
	const char	*s = json_string_value(v);

	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

/* A note: a string, or an array of strings (paragraphs). */
static int
md_note_put(struct strbuf *sb, json_t *v)
{
	json_t	*p;
	size_t	 i, n = 0;

	if (md_text(v)) {
		md_para(sb, json_string_value(v));
		return 1;
	}
	json_array_foreach(v, i, p)
		if (md_text(p)) {
			if (n++ > 0)
				MD_LIT(sb, "\n\n");
			md_para(sb, json_string_value(p));
		}
	return n > 0;
}

int
annual_md_note(struct strbuf *sb, json_t *m, const char *section)
{
	static const char *const keys[][3] = {
		{ "overview", "overall", "总体情况" },
		{ "problems", "问题与改进", NULL },
		{ "other", "其他事项", NULL }
	};
	json_t	*notes = json_object_get(m, "notes");
	size_t	 s, k;

	if (json_is_string(notes))
		return md_note_put(sb, notes);
	if (!json_is_object(notes) || section == NULL)
		return 0;
	for (s = 0; s < 3; s++)
		if (strcmp(keys[s][0], section) == 0)
			break;
	if (s == 3)
		return 0;
	for (k = 0; k < 3 && keys[s][k] != NULL; k++)
		if (md_note_put(sb, json_object_get(notes, keys[s][k])))
			return 1;
	return md_note_put(sb, json_object_get(notes, "placeholder"));
}

/* The failed checks of table t (0: all of them), one paragraph each. */
static void
md_checks(struct strbuf *sb, json_t *m, int t)
{
	json_t		*c;
	size_t		 i;
	const char	*name;

	json_array_foreach(json_object_get(m, "checks"), i, c) {
		if (!json_is_false(json_object_get(c, "ok")))
			continue;
		name = json_string_value(json_object_get(c, "name"));
		if (t != 0 && annual_check_table(name) != t)
			continue;
		MD_LIT(sb, "**" ANNUAL_CHECK_FAILED "** ");
		md_line(sb, annual_check_name(name));
		MD_LIT(sb, "：");
		md_line(sb, json_string_value(json_object_get(c, "detail")));
		MD_LIT(sb, "\n\n");
	}
}

/* "| a | b |\n| --- | ---: |\n" for a header of n cells. */
static void
md_head(struct strbuf *sb, const char *const *cells, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		MD_LIT(sb, "| ");
		md_cell(sb, cells[i]);
		MD_LIT(sb, " ");
	}
	MD_LIT(sb, "|\n");
	for (i = 0; i < n; i++)
		strbuf_puts(sb, i == 0 ? "| --- " : "| ---: ");
	MD_LIT(sb, "|\n");
}

/* A row: its label, then the cells as text (NULL: empty). */
static void
md_row(struct strbuf *sb, const char *label, const char *const *cells,
    size_t n)
{
	size_t	i;

	MD_LIT(sb, "| ");
	md_cell(sb, label);
	for (i = 0; i < n; i++) {
		MD_LIT(sb, " | ");
		md_cell(sb, cells[i]);
	}
	MD_LIT(sb, " |\n");
}

void
annual_md_public(json_t *m)
{
	json_t	*notes = json_object_get(m, "notes"), *e;
	size_t	 i;

	json_object_set_new(m, "public", json_true());
	if (json_is_string(notes))
		json_object_set_new(m, "notes",
		    json_string(ANNUAL_NOT_WRITTEN));
	else if (json_is_object(notes)) {
		json_array_foreach(json_object_get(notes, "placeholders"), i,
		    e)
			if (json_is_string(e))
				json_object_set_new(notes,
				    json_string_value(e),
				    json_string(ANNUAL_NOT_WRITTEN));
		if (json_is_string(json_object_get(notes, "placeholder")))
			json_object_set_new(notes, "placeholder",
			    json_string(ANNUAL_NOT_WRITTEN));
	}
}

/* An entered value of table 二, or the line that says how to enter it. */
static void
md_entered(struct strbuf *sb, json_t *m, const char *key)
{
	char		 buf[64];
	const char	*v, *a;
	json_t		*y = json_object_get(m, "year");

	v = annual_md_value(MD_GET(m, "entered", key), buf, sizeof(buf));
	if (v != NULL) {
		md_cell(sb, v);
		return;
	}
	if (json_is_true(json_object_get(m, "public"))) {
		MD_LIT(sb, "未填报");
		return;
	}
	MD_LIT(sb, "未填报（docketctl annual-report set ");
	if (json_is_integer(y))
		strbuf_int(sb, (long long)json_integer_value(y));
	else
		MD_LIT(sb, "YEAR");
	MD_LIT(sb, " ");
	strbuf_puts(sb, key);
	MD_LIT(sb, " N");
	if ((a = json_string_value(json_object_get(m, "agency"))) != NULL) {
		MD_LIT(sb, " --agency ");
		md_cell(sb, a);
	}
	MD_LIT(sb, "）");
}

int
annual_md_explain_table(json_t *m, json_t *x)
{
	json_t		*c;
	const char	*id, *d, *what;
	size_t		 i;
	int		 t = 2, failed = 0;

	what = json_string_value(json_object_get(x, "what"));
	if (what != NULL && strcmp(what, "application") == 0 &&
	    (t = annual_check_table(json_string_value(json_object_get(x,
	    "check")))) == 0)
		t = 3;
	id = json_string_value(json_object_get(x, "id"));
	if (id == NULL || *id == '\0')
		id = json_string_value(json_object_get(x, "docno"));
	json_array_foreach(json_object_get(m, "checks"), i, c) {
		if (!json_is_false(json_object_get(c, "ok")) ||
		    annual_check_table(json_string_value(json_object_get(c,
		    "name"))) != t)
			continue;
		failed = 1;
		d = json_string_value(json_object_get(c, "detail"));
		if (id != NULL && *id != '\0' && d != NULL &&
		    strstr(d, id) != NULL)
			return 0;
	}
	return failed ? t : 0;
}

/* What may explain a failed check of table t that its detail does not
 * name already: model.explain, a line each (id, docno, 《title》,
 * detail, as the model gives them). */
static void
md_explain(struct strbuf *sb, json_t *m, int t)
{
	json_t		*x;
	const char	*v;
	size_t		 i, n = 0;

	json_array_foreach(json_object_get(m, "explain"), i, x)
		n += annual_md_explain_table(m, x) == t;
	if (n == 0)
		return;
	strbuf_puts(sb, t == 2 ? "可能影响上述核对的文件：\n\n" :
	    "可能影响上述核对的申请：\n\n");
	json_array_foreach(json_object_get(m, "explain"), i, x) {
		if (annual_md_explain_table(m, x) != t)
			continue;
		MD_LIT(sb, "- ");
		if ((v = json_string_value(json_object_get(x, "id"))) != NULL) {
			md_line(sb, v);
			MD_LIT(sb, " ");
		}
		md_line(sb, json_string_value(json_object_get(x, "docno")));
		/* A placeholder for a title not shown is no title. */
		if ((v = json_string_value(json_object_get(x, "title"))) !=
		    NULL && strncmp(v, "（", strlen("（")) == 0)
			md_line(sb, v);
		else if (v != NULL) {
			MD_LIT(sb, "《");
			md_line(sb, v);
			MD_LIT(sb, "》");
		}
		if ((v = json_string_value(json_object_get(x, "detail"))) !=
		    NULL) {
			MD_LIT(sb, "：");
			md_line(sb, v);
		}
		MD_LIT(sb, "\n");
	}
	MD_LIT(sb, "\n");
}

static void
md_table2(struct strbuf *sb, json_t *m)
{
	static const char *const groups[][3] = {
		{ "permits", NULL, "decisions" },
		{ "penalties", "enforcement", "decisions" },
		{ "charges", NULL, "amount" }
	};
	const char	*head[4], *cells[3], *src;
	char		 buf[3][32];
	json_t		*e, *last = json_object_get(m, "last_year");
	size_t		 i, k, g;

	strbuf_puts(sb, "**");
	strbuf_puts(sb, annual_t2_article("regulation"));
	MD_LIT(sb, "**\n\n");
	head[0] = ANNUAL_T2_CONTENT;
	for (k = 0; k < 3; k++)
		head[k + 1] = annual_t2_label(annual_doc_cols[k]);
	md_head(sb, head, 4);
	for (i = 0; annual_doc_kinds[i] != NULL; i++) {
		for (k = 0; k < 3; k++) {
			snprintf(buf[k], sizeof(buf[k]), "%lld",
			    annual_md_count(MD_GET(m, "documents",
			    annual_doc_kinds[i], annual_doc_cols[k])));
			cells[k] = buf[k];
		}
		md_row(sb, annual_t2_label(annual_doc_kinds[i]), cells, 3);
	}
	MD_LIT(sb, "\n");
	for (g = 0; g < 3; g++) {
		MD_LIT(sb, "**");
		strbuf_puts(sb, annual_t2_article(groups[g][0]));
		MD_LIT(sb, "**\n\n");
		head[1] = annual_t2_label(groups[g][2]);
		md_head(sb, head, 2);
		for (k = 0; k < 2 && groups[g][k] != NULL; k++) {
			MD_LIT(sb, "| ");
			strbuf_puts(sb, annual_t2_label(groups[g][k]));
			MD_LIT(sb, " | ");
			md_entered(sb, m, groups[g][k]);
			MD_LIT(sb, " |\n");
		}
		MD_LIT(sb, "\n");
	}
	if (json_is_object(e = json_object_get(last, "in_force"))) {
		src = json_string_value(json_object_get(last, "source"));
		MD_LIT(sb, "上年末现行有效件数（");
		strbuf_puts(sb, src != NULL && strcmp(src, "published") == 0 ?
		    "据上年已发布的年度报告" : "据记录计算");
		MD_LIT(sb, "）：");
		for (i = 0; annual_doc_kinds[i] != NULL; i++) {
			if (i > 0)
				MD_LIT(sb, "，");
			strbuf_puts(sb, annual_t2_label(annual_doc_kinds[i]));
			md_jian(sb, annual_md_count(json_object_get(e,
			    annual_doc_kinds[i])));
		}
		MD_LIT(sb, "。\n\n");
	}
	md_checks(sb, m, 2);
	md_explain(sb, m, 2);
}

/* A count row of table 三 (head: a heading, empty cells; an absent row
 * shows zeros). */
static void
md_t3_row(struct strbuf *sb, const char *label, json_t *row, int head)
{
	const char	*cells[ANNUAL_LABEL_NCOLS];
	char		 buf[ANNUAL_LABEL_NCOLS][32];
	int		 i;

	for (i = 0; i < ANNUAL_LABEL_NCOLS; i++) {
		cells[i] = NULL;
		if (!head) {
			snprintf(buf[i], sizeof(buf[i]), "%lld",
			    annual_md_count(json_object_get(row,
			    annual_col_key(i))));
			cells[i] = buf[i];
		}
	}
	md_row(sb, label, cells, ANNUAL_LABEL_NCOLS);
}

static void
md_table3(struct strbuf *sb, json_t *m)
{
	const char		*head[ANNUAL_LABEL_NCOLS + 1];
	const char *const	*subs;
	const char		*t;
	json_t			*apps = json_object_get(m, "applications");
	json_t			*res = json_object_get(apps, "results");
	size_t			 i;
	int			 c, known;

	MD_LIT(sb, "表中商业企业、科研机构、社会公益组织、法律服务机构、"
	    "其他为" ANNUAL_T3_ORGS "。" ANNUAL_T3_NOTE "\n\n");
	head[0] = ANNUAL_T3_APPLICANT;
	for (c = 0; c < ANNUAL_LABEL_NCOLS; c++)
		head[c + 1] = annual_col_label(c);
	md_head(sb, head, ANNUAL_LABEL_NCOLS + 1);
	md_t3_row(sb, annual_row_label("new", NULL),
	    json_object_get(apps, "new"), 0);
	md_t3_row(sb, annual_row_label("carried_in", NULL),
	    json_object_get(apps, "carried_in"), 0);
	md_t3_row(sb, annual_row_label("results", NULL), NULL, 1);
	for (i = 0; (t = apply_answer_types[i]) != NULL; i++) {
		subs = apply_answer_subs(t, &known);
		if (subs == NULL) {
			md_t3_row(sb, annual_row_label(t, NULL),
			    json_object_get(res, t), 0);
			continue;
		}
		md_t3_row(sb, annual_row_label(t, NULL), NULL, 1);
		for (; *subs != NULL; subs++)
			md_t3_row(sb, annual_row_label(t, *subs),
			    MD_GET(res, t, *subs), 0);
	}
	md_t3_row(sb, annual_row_label("total", NULL),
	    json_object_get(res, "total"), 0);
	md_t3_row(sb, annual_row_label("carried_out", NULL),
	    json_object_get(apps, "carried_out"), 0);
	MD_LIT(sb, "\n");
	md_checks(sb, m, 3);
	md_explain(sb, m, 3);
}

static void
md_table4(struct strbuf *sb, json_t *m)
{
	const char	*head[6], *cells[5];
	char		 buf[5][32], label[128];
	size_t		 b, k;

	head[0] = "类别";
	for (k = 0; k < 5; k++)
		head[k + 1] = annual_appeal_label(annual_appeal_cols[k]);
	md_head(sb, head, 6);
	for (b = 0; annual_appeal_blocks[b] != NULL; b++) {
		for (k = 0; k < 5; k++) {
			snprintf(buf[k], sizeof(buf[k]), "%lld",
			    annual_md_count(MD_GET(m, "appeals",
			    annual_appeal_blocks[b], annual_appeal_cols[k])));
			cells[k] = buf[k];
		}
		if (b == 0)
			snprintf(label, sizeof(label), "%s",
			    annual_appeal_label("review"));
		else
			snprintf(label, sizeof(label), "%s：%s",
			    annual_appeal_label("lawsuit"),
			    annual_appeal_label(annual_appeal_blocks[b]));
		md_row(sb, label, cells, 5);
	}
	MD_LIT(sb, "\n");
	md_checks(sb, m, 4);
	md_explain(sb, m, 4);
}

void
annual_problem_item(struct strbuf *sb, json_t *m, int i)
{
	static const char *const flag[] = { NULL, "published_late",
	    "review_overdue" };
	static const char *const key[] = { "late_answers", "published_late",
	    "review_overdue" };

	if (i < 0 || i >= ANNUAL_PROBLEM_ITEMS)
		return;
	if (flag[i] == NULL)
		MD_LIT(sb, "逾期答复的政府信息公开申请");
	else {
		strbuf_puts(sb, label_flag(flag[i]));
		MD_LIT(sb, "的文件");
	}
	md_jian(sb, annual_md_problem(m, key[i]));
}

void
annual_fees_text(struct strbuf *sb, json_t *m)
{
	json_t		*f = json_object_get(m, "fees");
	char		 buf[64];
	const char	*v;

	MD_LIT(sb, "本年度发出收费通知");
	md_jian(sb, annual_md_count(json_object_get(f, "notices")));
	MD_LIT(sb, "，金额 ");
	v = annual_md_value(json_object_get(f, "amount"), buf, sizeof(buf));
	md_line(sb, v != NULL ? v : "0");
	MD_LIT(sb, " 元；已缴费");
	md_jian(sb, annual_md_count(json_object_get(f, "paid")));
	MD_LIT(sb, "，");
	v = annual_md_value(json_object_get(f, "amount_paid"), buf,
	    sizeof(buf));
	md_line(sb, v != NULL ? v : "0");
	MD_LIT(sb, " 元。");
}

/* 五's figures: what the record counted. */
static void
md_problems(struct strbuf *sb, json_t *m)
{
	int	i;

	MD_LIT(sb, "根据记录统计：\n\n");
	for (i = 0; i < ANNUAL_PROBLEM_ITEMS; i++) {
		MD_LIT(sb, "- ");
		annual_problem_item(sb, m, i);
		if (i + 1 < ANNUAL_PROBLEM_ITEMS)
			MD_LIT(sb, "；\n");
		else
			MD_LIT(sb, "。\n\n");
	}
}

/* ## TITLE of section n */
static void
md_section(struct strbuf *sb, int n)
{
	MD_LIT(sb, "## ");
	strbuf_puts(sb, annual_section_title(n));
	MD_LIT(sb, "\n\n");
}

/*
 * The office's own paragraphs, in the Markdown: its Markdown is kept,
 * but not raw HTML (<, > and & as entities), which a portal rendering
 * the .md would otherwise run.
 */
static void
md_note_para(struct strbuf *sb, json_t *m, const char *section)
{
	struct strbuf	 t;
	size_t		 i;

	memset(&t, 0, sizeof(t));
	if (annual_md_note(&t, m, section)) {
		for (i = 0; i < t.len; i++)
			if (t.s[i] == '<')
				MD_LIT(sb, "&lt;");
			else if (t.s[i] == '>')
				MD_LIT(sb, "&gt;");
			else if (t.s[i] == '&')
				MD_LIT(sb, "&amp;");
			else
				strbuf_add(sb, t.s + i, 1);
		MD_LIT(sb, "\n\n");
	}
	if (t.nomem)
		sb->nomem = 1;
	strbuf_free(&t);
}

char *
annual_md_render(json_t *m, size_t *len)
{
	struct strbuf	 sb;
	const char	*asof;

	if (!json_is_object(m))
		return NULL;
	memset(&sb, 0, sizeof(sb));
	MD_LIT(&sb, "# ");
	annual_md_title(&sb, m);
	MD_LIT(&sb, "\n\n");
	if ((asof = json_string_value(json_object_get(m, "as_of"))) != NULL) {
		MD_LIT(&sb, "数据截至 ");
		md_line(&sb, asof);
		MD_LIT(&sb, "。\n\n");
	}
	md_checks(&sb, m, 0);

	md_section(&sb, 1);
	annual_md_summary(&sb, m);
	MD_LIT(&sb, "\n\n");
	md_note_para(&sb, m, "overview");

	md_section(&sb, 2);
	md_table2(&sb, m);

	md_section(&sb, 3);
	md_table3(&sb, m);

	md_section(&sb, 4);
	md_table4(&sb, m);

	md_section(&sb, 5);
	md_note_para(&sb, m, "problems");
	md_problems(&sb, m);

	md_section(&sb, 6);
	annual_fees_text(&sb, m);
	MD_LIT(&sb, "\n\n");
	md_note_para(&sb, m, "other");

	/* one newline at the end */
	while (sb.len > 1 && sb.s[sb.len - 1] == '\n' &&
	    sb.s[sb.len - 2] == '\n')
		sb.s[--sb.len] = '\0';
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	if (len != NULL)
		*len = sb.len;
	return sb.s;
}
