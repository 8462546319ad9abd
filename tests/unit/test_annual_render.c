/*
 * Unit tests for the renderers of the annual report (政府信息公开工作年度
 * 报告): the national-format labels (every answer type and sub-type of
 * apply.c has its row), the JSON (keys in the order, nothing
 * lost), the Markdown (the national order, failed checks shown under
 * the title and under their table, tables that a "|" cannot break, a
 * whole government's report with nothing entered and no notes), the
 * site's page and index (balanced HTML, no script, three figures each
 * with an SVG chart and its table, every string escaped, the SVG
 * well-formed XML through expat) and svgchart itself (bar heights in
 * proportion, all-zero data, escaped labels, role="img" and <title>).
 *
 * The hand-written model tests/data/annual/model-sample.json is rendered
 * and compared byte for byte with sample.md, sample.html and sample.json
 * beside it; DOCKET_GOLDEN_UPDATE=1 writes them again instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "annual_json.h"
#include "annual_labels.h"
#include "annual_md.h"
#include "apply.h"
#include "site_render.h"
#include "site_render_annual.h"
#include "svgchart.h"
#include "xmlsafe.h"

#include "fixture.h"

#define GEN	"2026-01-20T10:00:00+08:00"

static const struct site_ctx CX = {
	"测试", "", GEN, "annual/2025/a1b2c3d4e5f6.html"
};
static const struct site_ctx CX_INDEX = {
	"测试", "", GEN, "annual/index.html"
};

/* --- helpers ----------------------------------------------------------- */

static json_t *
sample(void)
{
	json_error_t	 e;
	json_t		*m;
	char		*s;
	size_t		 len;

	s = fixture_read("annual/model-sample.json", &len);
	m = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);
	free(s);
	if (m == NULL)
		fail_msg("model-sample.json: %d: %s", e.line, e.text);
	return m;
}

static int
count(const char *hay, const char *needle)
{
	int	n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Compare got with tests/data/annual/NAME, or write it there when
 * DOCKET_GOLDEN_UPDATE is set. */
static void
golden(const char *name, const char *got, size_t len)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	const char	*upd = getenv("DOCKET_GOLDEN_UPDATE");
	char		 path[1024], rel[256], *want;
	size_t		 wlen, i, line = 1;
	FILE		*f;

	snprintf(rel, sizeof(rel), "annual/%s", name);
	if (upd != NULL && *upd != '\0' && strcmp(upd, "0") != 0) {
		if (dir == NULL || *dir == '\0')
			dir = "tests/data";
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
		assert_non_null(f = fopen(path, "wb"));
		assert_int_equal(fwrite(got, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		print_message("wrote %s\n", path);
		return;
	}
	want = fixture_read(rel, &wlen);
	for (i = 0; i < len && i < wlen && got[i] == want[i]; i++)
		if (got[i] == '\n')
			line++;
	if (i < len || i < wlen)
		fail_msg("%s differs from the golden file at line %zu "
		    "(DOCKET_GOLDEN_UPDATE=1 rewrites it):\n got: %.80s\nwant: "
		    "%.80s", name, line, got + i, want + i);
	free(want);
}

/*
 * Our own HTML is balanced: every tag but the void ones (and the SVG's
 * self-closed ones) is closed, in order, and no '<' outside a tag.
 */
static void
html_balanced(const char *s)
{
	static const char *const voids[] = { "meta", "link", "br", NULL };
	char	 stack[64][16], name[16];
	const char *gt;
	int	 sp = 0, close, v, i;
	size_t	 n;

	while ((s = strchr(s, '<')) != NULL) {
		s++;
		if (*s == '!') {
			assert_non_null(s = strchr(s, '>'));
			continue;
		}
		close = *s == '/';
		if (close)
			s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
		assert_true(n > 0 && n < sizeof(name));
		memcpy(name, s, n);
		name[n] = '\0';
		assert_non_null(gt = strchr(s, '>'));
		/* nothing that looks like a tag inside one */
		assert_true(memchr(s, '<', (size_t)(gt - s)) == NULL);
		v = gt[-1] == '/';
		s = gt + 1;
		for (i = 0; voids[i] != NULL; i++)
			if (strcmp(name, voids[i]) == 0)
				v = 1;
		if (v)
			continue;
		if (close) {
			assert_true(sp > 0);
			if (strcmp(stack[sp - 1], name) != 0)
				fail_msg("</%s> closes <%s>", name,
				    stack[sp - 1]);
			sp--;
		} else {
			assert_true(sp < 64);
			snprintf(stack[sp++], sizeof(stack[0]), "%s", name);
		}
	}
	assert_int_equal(sp, 0);
}

static void
page_ok(const struct strbuf *sb)
{
	assert_false(sb->nomem);
	assert_true(strncmp(sb->s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">",
	    35) == 0);
	assert_null(strstr(sb->s, "<script"));
	assert_null(strstr(sb->s, "javascript:"));
	assert_null(strstr(sb->s, "href=\"/"));
	assert_null(strstr(sb->s, "NaN"));
	assert_null(strstr(sb->s, "nan\""));
	html_balanced(sb->s);
}

/* Every <svg>…</svg> in s is well-formed XML (expat); their number. */
static int
svgs_parse(const char *s)
{
	struct xmlsafe_cb	 cb;
	const char		*end;
	char			 err[256];
	int			 n = 0;

	memset(&cb, 0, sizeof(cb));
	while ((s = strstr(s, "<svg")) != NULL) {
		assert_non_null(end = strstr(s, "</svg>"));
		end += strlen("</svg>");
		if (xmlsafe_parse(s, (size_t)(end - s), &cb, NULL, err,
		    sizeof(err)) != 0)
			fail_msg("svg: %s", err);
		n++;
		s = end;
	}
	return n;
}

/*
 * Markdown tables: within each block of lines that start with "|", every
 * line has the same number of unescaped pipes.
 */
static void
md_tables_ok(const char *s)
{
	const char	*p, *eol;
	int		 want = -1, n, tables = 0;

	for (p = s; *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (*p != '|') {
			want = -1;
			continue;
		}
		for (n = 0; p < eol; p++) {
			if (*p == '\\' && p + 1 < eol) {
				p++;
				continue;
			}
			if (*p == '|')
				n++;
		}
		if (want == -1) {
			want = n;
			tables++;
		} else if (n != want)
			fail_msg("a table row with %d pipes, not %d: %.60s",
			    n, want, eol - 60 > s ? eol - 60 : s);
	}
	assert_true(tables >= 6);
}

/* --- labels ------------------------------------------------------------ */

static void
t_labels(void **state)
{
	const char *const	*subs;
	int			 known, i;

	(void)state;
	/* every answer type and sub-type of apply.c has its national row */
	for (i = 0; apply_answer_types[i] != NULL; i++) {
		assert_non_null(annual_row_label(apply_answer_types[i], NULL));
		assert_non_null(annual_type_label(apply_answer_types[i]));
		subs = apply_answer_subs(apply_answer_types[i], &known);
		assert_true(known);
		for (; subs != NULL && *subs != NULL; subs++)
			assert_non_null(annual_row_label(
			    apply_answer_types[i], *subs));
	}
	assert_string_equal(annual_row_label("new", NULL),
	    "一、本年新收政府信息公开申请数量");
	assert_string_equal(annual_row_label("carried_in", NULL),
	    "二、上年结转政府信息公开申请数量");
	assert_string_equal(annual_row_label("results", NULL),
	    "三、本年度办理结果");
	assert_string_equal(annual_row_label("partial", NULL),
	    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
	assert_string_equal(annual_row_label("denied", "three_safeties"),
	    "3.危及“三安全一稳定”");
	assert_string_equal(annual_row_label("denied", "query_matter"),
	    "8.属于行政查询事项");
	assert_string_equal(annual_row_label("unavailable",
	    "unclear_after_correction"), "3.补正后申请内容仍不明确");
	assert_string_equal(annual_row_label("not_processed",
	    "confirm_request"), "5.要求行政机关确认或重新出具已获取信息");
	assert_string_equal(annual_row_label("other", "fee_unpaid"),
	    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府"
	    "信息公开申请");
	assert_string_equal(annual_row_label("other", "other"), "3.其他");
	assert_string_equal(annual_row_label("total", NULL), "（七）总计");
	assert_string_equal(annual_row_label("carried_out", NULL),
	    "四、结转下年度继续办理");
	assert_null(annual_row_label("granted", "state_secret"));
	assert_null(annual_row_label("denied", "bogus"));
	assert_null(annual_row_label(NULL, NULL));

	/* the columns follow apply_applicant_types */
	for (i = 0; i < ANNUAL_LABEL_NCOLS - 1; i++)
		assert_string_equal(annual_col_key(i),
		    apply_applicant_types[i]);
	assert_null(apply_applicant_types[i]);
	assert_string_equal(annual_col_key(6), "total");
	assert_string_equal(annual_col_label(0), "自然人");
	assert_string_equal(annual_col_label(4), "法律服务机构");
	assert_string_equal(annual_col_label(6), "总计");
	assert_null(annual_col_label(7));
	assert_null(annual_col_label(-1));

	assert_string_equal(annual_appeal_label("lawsuit_direct"),
	    "未经复议直接起诉");
	assert_string_equal(annual_appeal_label("lawsuit_after_review"),
	    "复议后起诉");
	assert_string_equal(annual_appeal_label("upheld"), "结果维持");
	assert_string_equal(annual_appeal_label("pending"), "尚未审结");
	assert_string_equal(annual_section_title(1), "一、总体情况");
	assert_string_equal(annual_section_title(4),
	    "四、政府信息公开行政复议、行政诉讼情况");
	assert_string_equal(annual_section_title(6), "六、其他需要报告的事项");
	assert_null(annual_section_title(0));
	assert_null(annual_section_title(7));
	assert_string_equal(annual_t2_label("charges"), "行政事业性收费");
	assert_string_equal(annual_t2_label("amount"),
	    "本年收费金额（单位：万元）");
	assert_string_equal(annual_t2_article("enforcement"),
	    "第二十条第（六）项");

	assert_int_equal(annual_check_table("table3_columns"), 3);
	assert_int_equal(annual_check_table("table2_normative"), 2);
	assert_int_equal(annual_check_table("table4_total"), 4);
	assert_int_equal(annual_check_table("table5_x"), 0);
	assert_int_equal(annual_check_table("table30"), 0);
	assert_int_equal(annual_check_table(NULL), 0);
}

/* --- JSON -------------------------------------------------------------- */

static void
t_json(void **state)
{
	static const char *const top[] = {
		"year", "agency", "documents", "applications", "appeals",
		"fees", "checks", "notes", "as_of", "entered", "problems",
		"charts", "last_year", "explain"
	};
	json_t		*m = sample(), *back, *o, *v;
	json_error_t	 e;
	const char	*k, *keys[32];
	char		*s, *t;
	size_t		 len, i = 0, nkeys = 0;

	(void)state;
	assert_non_null(s = annual_json_render(m, &len));
	assert_int_equal(strlen(s), len);
	assert_int_equal(s[len - 1], '\n');
	golden("sample.json", s, len);
	/* the same model, keys in the order */
	assert_non_null(back = json_loads(s, 0, &e));
	assert_true(json_equal(back, m));
	json_object_foreach(back, k, v) {
		assert_true(i < sizeof(top) / sizeof(top[0]));
		assert_string_equal(k, top[i++]);
	}
	o = json_object_get(back, "applications");
	assert_string_equal(json_object_iter_key(json_object_iter(o)),
	    "new");
	assert_non_null(strstr(s, "\"carried_out\": {\n      \"person\""));
	/* carried_out before results, as the issue lists them */
	assert_true(strstr(s, "\"carried_out\"") < strstr(s, "\"results\""));
	/* a check is name, ok, detail */
	assert_non_null(strstr(s, "{\n      \"name\": \"table3_columns\",\n"
	    "      \"ok\": true,"));
	json_decref(back);
	free(s);

	/* any order in, the same bytes out */
	o = json_object();
	json_object_foreach(m, k, v)
		keys[nkeys++] = k;
	while (nkeys > 0) {
		nkeys--;
		json_object_set(o, keys[nkeys], json_object_get(m,
		    keys[nkeys]));
	}
	assert_non_null(s = annual_json_render(o, &len));
	assert_non_null(t = annual_json_render(m, NULL));
	assert_string_equal(s, t);
	free(t);
	free(s);
	json_decref(o);
	assert_null(annual_json_render(NULL, NULL));
	o = json_array();
	assert_null(annual_json_render(o, NULL));
	json_decref(o);
	json_decref(m);
}

/* --- Markdown ---------------------------------------------------------- */

static void
t_md(void **state)
{
	json_t	*m = sample();
	char	*s;
	size_t	 len;
	int	 i;
	const char *secs[6];

	(void)state;
	assert_non_null(s = annual_md_render(m, &len));
	assert_int_equal(strlen(s), len);
	golden("sample.md", s, len);
	assert_true(strncmp(s, "# 2025年财政局政府信息公开工作年度报告\n\n",
	    strlen("# 2025年财政局政府信息公开工作年度报告\n\n")) == 0);
	/* the sections, in the national order */
	for (i = 0; i < 6; i++) {
		char	h[128];

		snprintf(h, sizeof(h), "\n## %s\n",
		    annual_section_title(i + 1));
		assert_non_null(secs[i] = strstr(s, h));
		if (i > 0)
			assert_true(secs[i] > secs[i - 1]);
	}
	/* the failed check: under the title and under table 二 */
	assert_int_equal(count(s, "**【勾稽关系检查未通过】** "
	    "表二：行政规范性文件：现行有效 2 ≠ 上年报告的现行有效 "
	    "1 + 本年制发 2 − 本年废止 2\n"), 2);
	assert_true(strstr(s, "**【勾稽关系检查未通过】**") < secs[0]);
	assert_true(strstr(secs[1], "**【勾稽关系检查未通过】**") < secs[2]);
	assert_int_equal(count(s, "【勾稽关系检查未通过】"), 2);
	assert_non_null(strstr(secs[1], "D000001 淄财规〔2023〕1号"));
	assert_non_null(strstr(secs[1], "可能影响上述核对的文件：\n\n- D000001 "
	    "淄财规〔2023〕1号《淄博市市级财政专项资金管理办法》：上年报告发布后"
	    "收到，成文日期 2023-03-01\n"));
	/* figures of the summary come from the model */
	assert_non_null(strstr(secs[0], "本年新收政府信息公开申请 24 件，"
	    "上年结转 1 件；本年度办理结果总计 23 件，其中予以公开 3 件、"
	    "部分公开 1 件、不予公开 8 件、无法提供 3 件、不予处理 5 件、"
	    "其他处理 3 件；结转下年度继续办理 2 件。"));
	assert_non_null(strstr(secs[0], "行政复议 3 件，提起行政诉讼 2 件。"));
	/* table 二: entered values, and the one nobody entered */
	assert_non_null(strstr(secs[1], "| 行政规范性文件 | 2 | 2 | 2 |\n"));
	assert_non_null(strstr(secs[1], "| 行政许可 | 120 |\n"));
	assert_non_null(strstr(secs[1], "| 行政事业性收费 | 未填报（docketctl "
	    "annual-report set 2025 charges N --agency 财政局） |\n"));
	/* table 三: every row, exact labels, 7 columns */
	assert_non_null(strstr(secs[2], "| 一、本年新收政府信息公开申请数量 | "
	    "14 | 3 | 2 | 2 | 2 | 1 | 24 |\n"));
	assert_non_null(strstr(secs[2], "| 三、本年度办理结果 |  |  |  |  |  |"
	    "  |  |\n"));
	assert_non_null(strstr(secs[2], "| 1.属于国家秘密 | 0 | 0 | 1 | 0 | 0 |"
	    " 0 | 1 |\n"));
	assert_non_null(strstr(secs[2], "| （七）总计 | 13 | 4 | 2 | 2 | 1 | 1 |"
	    " 23 |\n"));
	assert_non_null(strstr(secs[2], "| 四、结转下年度继续办理 | 1 | 0 | 0 | "
	    "0 | 1 | 0 | 2 |\n"));
	/* header, rule and 30 rows between 三 and 四 */
	{
		char	*t3 = strndup(secs[2], (size_t)(secs[3] - secs[2]));

		assert_non_null(t3);
		assert_int_equal(count(t3, "\n| "), 32);
		free(t3);
	}
	/* table 四 */
	assert_non_null(strstr(secs[3], "| 行政复议 | 1 | 0 | 1 | 1 | 3 |\n"));
	assert_non_null(strstr(secs[3], "| 行政诉讼：复议后起诉 | 0 | 0 | 0 | 1 |"
	    " 1 |\n"));
	/* 五 and 六 */
	assert_non_null(strstr(secs[4], "逾期答复的政府信息公开申请 1 件"));
	assert_non_null(strstr(secs[4], "主动公开超期的文件 4 件"));
	assert_non_null(strstr(secs[5], "本年度发出收费通知 2 件，金额 300 元；"
	    "已缴费 1 件，100 元。"));
	md_tables_ok(s);
	assert_int_equal(s[len - 1], '\n');
	assert_true(s[len - 2] != '\n');
	free(s);

	/* a document the check's detail names already is not listed again */
	json_object_set_new(json_array_get(json_object_get(m, "checks"), 5),
	    "detail", json_string("现行有效 2 ≠ 1；可能的原因：D000001 …"));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_null(strstr(s, "可能影响上述核对的文件"));
	assert_int_equal(count(s, "D000001"), 2);
	free(s);

	/* a "|" in a cell is escaped; the table keeps its columns */
	json_object_set_new(json_object_get(m, "entered"), "charges",
	    json_string("12.5 | 3\\"));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_non_null(strstr(s, "| 行政事业性收费 | 12.5 \\| 3\\\\ |\n"));
	md_tables_ok(s);
	free(s);
	/* a real */
	json_object_set_new(json_object_get(m, "entered"), "charges",
	    json_real(12.5));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_non_null(strstr(s, "| 行政事业性收费 | 12.5 |\n"));
	free(s);

	assert_null(annual_md_render(NULL, NULL));
	json_decref(m);
}

/* A whole government's report: no agency, nothing entered, no notes. */
/* The office's notes keep their Markdown but no raw HTML in the .md
 * (a portal may render it); the page escapes them as text. */
static void
t_md_note_html(void **state)
{
	json_t		*m = sample();
	struct strbuf	 sb;
	char		*s;

	(void)state;
	json_object_set_new(m, "notes", json_pack("{s:s, s:s, s:s}",
	    "overview", "<script>alert(1)</script> & **重点**",
	    "problems", "", "other", ""));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; **重点**"));
	free(s);
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, NULL), 0);
	assert_null(strstr(sb.s, "<script"));
	assert_non_null(strstr(sb.s, "&lt;script&gt;"));
	strbuf_free(&sb);
	json_decref(m);
}

/* The page of a report with nothing entered and no notes written. */
static void
html_unfilled(json_t *m)
{
	struct strbuf	sb;

	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, NULL), 0);
	strbuf_add(&sb, "", 0);
	assert_null(strstr(sb.s, "docketctl"));
	assert_null(strstr(sb.s, "/srv/notes"));
	assert_null(strstr(sb.s, "本部分由"));
	assert_int_equal(count(sb.s, "<td class=\"not-entered\">未填报</td>"),
	    4);
	assert_true(count(sb.s, "（本部分未填写）") >= 2);
	strbuf_free(&sb);
}

static void
t_md_all(void **state)
{
	const char	*ph = "（本部分由政府信息公开工作机构填写："
	    "/srv/notes/2025.md）";
	json_t		*m = sample();
	char		*s;

	(void)state;
	json_object_set_new(m, "agency", json_null());
	json_object_set_new(m, "entered", json_null());
	json_object_set_new(m, "notes", json_pack("{s:s}", "placeholder", ph));
	json_object_set_new(m, "checks", json_array());
	assert_non_null(s = annual_md_render(m, NULL));
	assert_true(strncmp(s, "# 2025年" ANNUAL_ALL_NAME
	    "政府信息公开工作年度报告\n", strlen("# 2025年" ANNUAL_ALL_NAME
	    "政府信息公开工作年度报告\n")) == 0);
	assert_non_null(strstr(s, "| 行政许可 | 未填报（docketctl annual-report "
	    "set 2025 permits N） |\n"));
	assert_int_equal(count(s, "未填报（"), 4);
	assert_null(strstr(s, "--agency"));
	/* the placeholder in 一, 五 and 六, never invented prose */
	assert_int_equal(count(s, ph), 3);
	assert_null(strstr(s, "勾稽关系检查未通过"));
	md_tables_ok(s);
	free(s);

	/* The public page: 未填报 and 本部分未填写, never the command or
	 * where the notes file lies on the server. */
	html_unfilled(m);

	/* notes as a plain string: the placeholder too */
	json_object_set_new(m, "notes", json_string(ph));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_int_equal(count(s, ph), 3);
	free(s);
	html_unfilled(m);
	/* placeholders by section, as annual_build writes them */
	json_object_set_new(m, "notes", json_pack("{s:s, s:s, s:s, s:[s,s]}",
	    "overview", ph, "problems", "甲。", "other", ph, "placeholders",
	    "overview", "other"));
	html_unfilled(m);
	/* blank sections give way to the placeholder; paragraphs in arrays */
	json_object_set_new(m, "notes", json_pack("{s:s, s:[s,s], s:s}",
	    "overview", " \n\n", "problems", "甲。", "乙。",
	    "placeholder", ph));
	assert_non_null(s = annual_md_render(m, NULL));
	assert_int_equal(count(s, ph), 2);
	assert_non_null(strstr(s, "\n\n甲。\n\n乙。\n\n根据记录统计："));
	assert_null(strstr(s, "\n\n\n"));
	free(s);
	/* no notes at all: nothing but the figures */
	json_object_set_new(m, "notes", json_null());
	assert_non_null(s = annual_md_render(m, NULL));
	assert_int_equal(count(s, "本部分由"), 0);
	free(s);
	json_decref(m);
}

/* Each failed check under the title and under its own table; one of no
 * table only under the title. */
static void
t_checks_placement(void **state)
{
	struct strbuf	 sb;
	json_t		*m = sample();
	char		*s, *t3, *t4, *t5;

	(void)state;
	json_object_set_new(m, "checks", json_pack("[{s:s,s:b,s:s},"
	    "{s:s,s:b,s:s},{s:s,s:b,s:s},{s:s,s:b,s:s}]",
	    "name", "table3_columns", "ok", 0, "detail", "自然人：14+0 ≠ 13+2",
	    "name", "table4_total", "ok", 0, "detail", "行政复议 1+0+1+1 ≠ 4",
	    "name", "unknown_applicant", "ok", 0, "detail", "A000031 | x",
	    "name", "table2_regulation", "ok", 1, "detail", ""));
	json_array_append_new(json_object_get(m, "explain"), json_pack(
	    "{s:s, s:s, s:s, s:s}", "what", "application", "id", "A000031",
	    "check", "table3_rows", "detail", "申请人类型 alien 不在国家表中"));
	assert_non_null(s = annual_md_render(m, NULL));
	t3 = strstr(s, "\n## 三、");
	t4 = strstr(s, "\n## 四、");
	t5 = strstr(s, "\n## 五、");
	assert_true(t3 != NULL && t4 != NULL && t5 != NULL);
	assert_int_equal(count(s, "表三各列：自然人：14+0 ≠ 13+2"), 2);
	assert_true(strstr(s, "表三各列：") < strstr(s, "## 一、"));
	assert_true(strstr(t3, "表三各列：") < t4);
	assert_int_equal(count(s, "表四总计："), 2);
	assert_true(strstr(t4, "表四总计：") < t5);
	assert_int_equal(count(s, "unknown_applicant：A000031 | x"), 1);
	assert_null(strstr(s, "table2_regulation"));
	/* no table 二 failure: no list of documents; the application that
	 * fits no cell under table 三 */
	assert_null(strstr(s, "可能影响上述核对的文件"));
	assert_non_null(strstr(t3, "可能影响上述核对的申请：\n\n- A000031 ："
	    "申请人类型 alien 不在国家表中\n"));
	assert_true(strstr(t3, "A000031") < t4);
	free(s);

	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, NULL), 0);
	page_ok(&sb);
	assert_int_equal(count(sb.s, "check-failed"), 5);
	strbuf_free(&sb);
	json_decref(m);
}

/* A model with nothing in it, or the wrong types, renders zeros. */
static void
t_empty(void **state)
{
	struct strbuf	 sb;
	json_t		*m;
	char		*s;

	(void)state;
	m = json_object();
	assert_non_null(s = annual_md_render(m, NULL));
	assert_non_null(strstr(s, "# " ANNUAL_ALL_NAME "政府信息公开工作年度报告"
	    "\n"));
	md_tables_ok(s);
	free(s);
	assert_non_null(s = annual_json_render(m, NULL));
	assert_string_equal(s, "{}\n");
	free(s);
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, "x.md"), 0);
	page_ok(&sb);
	assert_int_equal(svgs_parse(sb.s), 2);	/* months, types */
	strbuf_free(&sb);
	json_decref(m);

	m = json_pack("{s:s, s:i, s:[], s:{s:s}, s:i, s:{s:[s], s:s}}",
	    "year", "x", "agency", 3, "applications", "appeals", "review",
	    "x", "checks", 1, "charts", "by_month", "x", "by_domain", "y");
	assert_non_null(m);
	assert_non_null(s = annual_md_render(m, NULL));
	md_tables_ok(s);
	free(s);
	assert_non_null(s = annual_json_render(m, NULL));
	free(s);
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, NULL), 0);
	page_ok(&sb);
	strbuf_free(&sb);
	json_decref(m);
}

/* --- HTML -------------------------------------------------------------- */

static void
t_html(void **state)
{
	struct strbuf	 sb;
	json_t		*m = sample();

	(void)state;
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, "a1b2c3d4e5f6.md"),
	    0);
	golden("sample.html", sb.s, sb.len);
	page_ok(&sb);
	assert_non_null(strstr(sb.s, "<title>2025年财政局政府信息公开工作"
	    "年度报告 - 测试</title>"));
	assert_non_null(strstr(sb.s, "href=\"../../style.css\""));
	assert_non_null(strstr(sb.s, "<a href=\"../../annual/index.html\">"
	    "年度报告</a>"));
	assert_non_null(strstr(sb.s, "<a href=\"a1b2c3d4e5f6.md\""));
	/* three figures, each an SVG and its table */
	assert_int_equal(count(sb.s, "<figure"), 3);
	assert_int_equal(svgs_parse(sb.s), 3);
	assert_int_equal(count(sb.s, "role=\"img\""), 3);
	assert_int_equal(count(sb.s, "<table class=\"chart-data\">"), 3);
	assert_non_null(strstr(sb.s, "<title id=\"chart-month-t\">"));
	/* a domain's name is text */
	assert_null(strstr(sb.s, "<减免>"));
	assert_non_null(strstr(sb.s, "税收 &lt;减免&gt; &amp; 优惠"));
	/* the national tables */
	assert_non_null(strstr(sb.s, "<th rowspan=\"3\" class=\"note\" "
	    "style=\"white-space:normal\">" ANNUAL_T3_NOTE "</th>"));
	assert_non_null(strstr(sb.s, "<th scope=\"row\" "
	    "style=\"white-space:normal\" class=\"sub\">"
	    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息"
	    "公开申请</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>"
	    "<td>0</td><td>1</td></tr>"));
	assert_non_null(strstr(sb.s, "<th colspan=\"5\" scope=\"colgroup\">"
	    "复议后起诉</th>"));
	assert_int_equal(count(sb.s, "<strong>【勾稽关系检查未通过】</strong> "
	    "表二："), 2);
	/* The page is the public one: 未填报, not the command. */
	assert_non_null(strstr(sb.s, "<td class=\"not-entered\">未填报</td>"));
	assert_null(strstr(sb.s, "docketctl"));
	/* the note's "|" is only text */
	assert_non_null(strstr(sb.s, "主动公开各类信息 | 含财政预决算。</p>"));
	strbuf_free(&sb);

	/* not a model: nothing written */
	memset(&sb, 0, sizeof(sb));
	strbuf_add(&sb, "x", 1);
	assert_int_equal(site_render_annual(&sb, &CX, NULL, NULL), -1);
	assert_int_equal(sb.len, 1);
	strbuf_free(&sb);

	/* no domains, no months: an empty figure, an all-zero chart */
	json_object_del(json_object_get(m, "charts"), "by_domain");
	json_object_del(json_object_get(m, "charts"), "by_month");
	json_object_set_new(m, "agency", json_null());
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, NULL), 0);
	page_ok(&sb);
	assert_int_equal(svgs_parse(sb.s), 2);
	assert_null(strstr(sb.s, ".md\""));
	assert_non_null(strstr(sb.s, "<h1>2025年" ANNUAL_ALL_NAME));
	strbuf_free(&sb);
	json_decref(m);
}

static void
t_index(void **state)
{
	struct strbuf	 sb;
	json_t		*e;

	(void)state;
	e = json_pack("[{s:i, s:s, s:s, s:s, s:s}, {s:i, s:n, s:s, s:s, s:n}]",
	    "year", 2025, "agency", "财政局<b>", "html",
	    "annual/2025/a1b2c3d4e5f6.html", "md",
	    "annual/2025/a1b2c3d4e5f6.md",
	    "published_on", "2026-01-20",
	    "year", 2024, "agency", "html", "annual/2024/_all.html", "md",
	    "annual/2024/_all.md", "published_on");
	assert_non_null(e);
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual_index(&sb, &CX_INDEX, e), 0);
	page_ok(&sb);
	assert_non_null(strstr(sb.s, "<a href=\"../annual/2025/"
	    "a1b2c3d4e5f6.html\">2025年财政局&lt;b&gt;政府信息公开工作年度报告</a>"));
	assert_non_null(strstr(sb.s, "<a href=\"../annual/2025/"
	    "a1b2c3d4e5f6.md\""));
	assert_non_null(strstr(sb.s, "<td>" ANNUAL_ALL_NAME "</td>"));
	assert_non_null(strstr(sb.s, "<td>2026-01-20</td>"));
	strbuf_free(&sb);
	json_decref(e);

	memset(&sb, 0, sizeof(sb));
	e = json_array();
	assert_int_equal(site_render_annual_index(&sb, &CX_INDEX, e), 0);
	page_ok(&sb);
	assert_non_null(strstr(sb.s, "暂无"));
	strbuf_free(&sb);
	json_decref(e);
}

/*
 * The core's golden model of the hand-counted year (2025-财政局.json,
 * test_annual.c's, on the annual-core branch) renders to the golden
 * 2025-财政局.md and .html; skipped where that model is not in the tree.
 */
static void
t_core_model(void **state)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	struct strbuf	 sb;
	json_error_t	 e;
	json_t		*m, *back;
	char		 path[1024], *s, *t;
	size_t		 len;
	FILE		*f;

	(void)state;
	snprintf(path, sizeof(path), "%s/annual/2025-财政局.json",
	    dir != NULL && *dir != '\0' ? dir : "tests/data");
	if ((f = fopen(path, "rb")) == NULL)
		skip();
	fclose(f);
	t = fixture_read("annual/2025-财政局.json", &len);
	m = json_loadb(t, len, 0, &e);
	free(t);
	assert_non_null(m);
	assert_non_null(s = annual_md_render(m, &len));
	golden("2025-财政局.md", s, len);
	md_tables_ok(s);
	free(s);
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(site_render_annual(&sb, &CX, m, "a1b2c3d4e5f6.md"),
	    0);
	golden("2025-财政局.html", sb.s, sb.len);
	page_ok(&sb);
	assert_int_equal(svgs_parse(sb.s), 3);
	strbuf_free(&sb);
	/* the JSON holds the same model */
	assert_non_null(s = annual_json_render(m, NULL));
	assert_non_null(back = json_loads(s, 0, &e));
	assert_true(json_equal(back, m));
	json_decref(back);
	free(s);
	json_decref(m);
}

/* --- svgchart ---------------------------------------------------------- */

static void
esc_test(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': strbuf_add(sb, "&lt;", 4); break;
		case '>': strbuf_add(sb, "&gt;", 4); break;
		case '&': strbuf_add(sb, "&amp;", 5); break;
		case '"': strbuf_add(sb, "&quot;", 6); break;
		default: strbuf_add(sb, s, 1); break;
		}
}

/* The height="" of the rects, in order. */
static int
rect_heights(const char *s, long *h, int max)
{
	int	n = 0;

	while ((s = strstr(s, "<rect ")) != NULL && n < max) {
		s = strstr(s, " height=\"");
		assert_non_null(s);
		h[n++] = strtol(s + 9, NULL, 10);
	}
	return n;
}

static void
t_svg(void **state)
{
	static const char *const labels[] = { "甲", "乙<&>", "丙", "丁" };
	long			 vals[] = { 100, 50, 0, 25 }, h[8];
	struct svgchart		 c;
	struct strbuf		 sb;
	int			 n;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "t";
	c.title = "图 <一> & 二";
	c.n = 4;
	c.nseries = 1;
	c.labels = labels;
	c.values = vals;
	c.width = 400;
	c.height = 200;
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(svgchart_bars(&sb, &c, esc_test), 0);
	assert_int_equal(svgs_parse(sb.s), 1);
	assert_non_null(strstr(sb.s, "role=\"img\" aria-labelledby=\"t-t\""));
	assert_non_null(strstr(sb.s, "<title id=\"t-t\">图 &lt;一&gt; &amp; 二"
	    "</title>"));
	assert_non_null(strstr(sb.s, ">乙&lt;&amp;&gt;</text>"));
	assert_null(strstr(sb.s, "乙<"));
	assert_null(strstr(sb.s, "script"));
	/* heights in proportion to the values */
	assert_int_equal(rect_heights(sb.s, h, 8), 4);
	assert_true(h[0] > 0);
	assert_true(h[1] * 2 >= h[0] - 1 && h[1] * 2 <= h[0] + 1);
	assert_int_equal(h[2], 0);
	assert_true(h[3] * 4 >= h[0] - 2 && h[3] * 4 <= h[0] + 2);
	/* the value labels */
	assert_non_null(strstr(sb.s, "text-anchor=\"middle\">100</text>"));
	assert_non_null(strstr(sb.s, "text-anchor=\"middle\">25</text>"));
	strbuf_free(&sb);

	/* the table: the same data */
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(svgchart_table(&sb, &c, esc_test), 0);
	assert_non_null(strstr(sb.s, "<caption>图 &lt;一&gt; &amp; 二"
	    "</caption>"));
	assert_non_null(strstr(sb.s, "<tr><th scope=\"row\">乙&lt;&amp;&gt;"
	    "</th><td>50</td></tr>"));
	assert_non_null(strstr(sb.s, "<th scope=\"col\">数量</th>"));
	html_balanced(sb.s);
	strbuf_free(&sb);

	/* all zero, and a negative: no NaN, no division, bars 0 high */
	vals[0] = vals[1] = vals[3] = 0;
	vals[2] = -5;
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(svgchart_bars(&sb, &c, esc_test), 0);
	assert_null(strstr(sb.s, "nan"));
	assert_null(strstr(sb.s, "inf"));
	n = rect_heights(sb.s, h, 8);
	assert_int_equal(n, 4);
	for (n = 0; n < 4; n++)
		assert_int_equal(h[n], 0);
	assert_int_equal(svgs_parse(sb.s), 1);
	strbuf_free(&sb);

	/* two series: a legend, a column each in the table */
	{
		static const char *const series[] = { "收到", "答复" };
		long	v2[] = { 4, 2, 0, 1, 2, 2, 1, 0 };

		c.nseries = 2;
		c.series = series;
		c.values = v2;
		c.width = 0;
		c.height = 0;
		memset(&sb, 0, sizeof(sb));
		assert_int_equal(svgchart_bars(&sb, &c, esc_test), 0);
		assert_int_equal(rect_heights(sb.s, h, 8), 8);	/* 2 legend */
		assert_int_equal(svgs_parse(sb.s), 1);
		assert_non_null(strstr(sb.s, ">答复</text>"));
		strbuf_free(&sb);
		memset(&sb, 0, sizeof(sb));
		assert_int_equal(svgchart_table(&sb, &c, esc_test), 0);
		assert_non_null(strstr(sb.s, "<tr><th scope=\"row\">甲</th>"
		    "<td>4</td><td>2</td></tr>"));
		strbuf_free(&sb);
	}

	/* labels too long for their slots are turned, with room for them:
	 * the first one's end far enough right for its width to the left */
	{
		const char	*many[26];
		long		 v26[26];
		const char	*r;
		long		 x0;

		for (n = 0; n < 26; n++) {
			many[n] = "国有土地上房屋征收与补偿";	/* 12 wide */
			v26[n] = n;
		}
		memset(&c, 0, sizeof(c));
		c.id = "m";
		c.title = "领域";
		c.n = 26;
		c.nseries = 1;
		c.labels = many;
		c.values = v26;
		memset(&sb, 0, sizeof(sb));
		assert_int_equal(svgchart_bars(&sb, &c, esc_test), 0);
		assert_non_null(r = strstr(sb.s, "transform=\"rotate(-40 "));
		x0 = strtol(r + strlen("transform=\"rotate(-40 "), NULL, 10);
		assert_true(x0 >= 12 * 12 * 77 / 100);
		assert_null(strstr(sb.s, "height=\"260\""));
		assert_int_equal(svgs_parse(sb.s), 1);
		strbuf_free(&sb);
	}

	/* not a chart */
	memset(&sb, 0, sizeof(sb));
	c.nseries = 0;
	assert_int_equal(svgchart_bars(&sb, &c, esc_test), -1);
	assert_int_equal(svgchart_table(&sb, &c, esc_test), -1);
	c.nseries = 1;
	assert_int_equal(svgchart_bars(&sb, &c, NULL), -1);
	assert_int_equal(svgchart_bars(&sb, NULL, esc_test), -1);
	strbuf_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_labels),
		cmocka_unit_test(t_json),
		cmocka_unit_test(t_md),
		cmocka_unit_test(t_md_all),
		cmocka_unit_test(t_md_note_html),
		cmocka_unit_test(t_checks_placement),
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_html),
		cmocka_unit_test(t_index),
		cmocka_unit_test(t_core_model),
		cmocka_unit_test(t_svg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
