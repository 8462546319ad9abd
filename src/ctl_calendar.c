/*
 * ctl_calendar: docketctl calendar — the working-day calendar that legal
 * deadlines count on (the 条例's 20 working days).  `calendar add DATE N`
 * prints the Nth working day after DATE with the holidays and 调休 days
 * on the way; `calendar YEAR` a year's holidays and 调休 days with the
 * 国务院办公厅 notice they come from; `calendar` alone the years known.
 * It reads the holiday files directly (built-in years, then [calendar]
 * dir): no daemon, no database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "calendar_load.h"
#include "cndate.h"
#include "docketctl.h"
#include "width.h"

#define CTL_CAL_NMAX	1000	/* working days: ~4 years */

static const char *const cal_wd[] = {
	"周一", "周二", "周三", "周四", "周五", "周六", "周日"
};

static struct calendar *
ctl_cal_open(struct ctl *c)
{
	struct calendar	*cal;
	char		 err[1024];

	if ((cal = calendar_open(c->cf.calendar_dir, !c->cf.calendar_dir_set,
	    err, sizeof(err))) == NULL)
		ctl_die(EX_ERR, "calendar: 节假日数据有误: %s", err);
	return cal;
}

static void
ctl_cal_iso(int64_t day, char *buf, size_t len)
{
	int y, m, d;

	cndate_civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* 1月28日, or 2022年12月31日 outside year. */
static void
ctl_cal_cn(int64_t day, int year, char *buf, size_t len)
{
	int y, m, d;

	cndate_civil_from_days(day, &y, &m, &d);
	if (y != year)
		snprintf(buf, len, "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, len, "%d月%d日", m, d);
}

/* A strict YYYY-MM-DD in the calendar's range, or exit 2. */
static int64_t
ctl_cal_date(struct ctl *c, const char *s)
{
	int64_t	 day;
	int	 y, m, d;

	if (strlen(s) != 10 || (day = cndate_days_of(s)) == INT64_MIN)
		ctl_usage_die(c, "'%s' 不是有效日期（应为 YYYY-MM-DD，如 "
		    "2025-09-26）", s);
	cndate_civil_from_days(day, &y, &m, &d);
	if (y < 1970 || y > 9000)
		ctl_usage_die(c, "'%s': 年份应在 1970 至 9000 之间", s);
	return day;
}

/* A year (YYYY), or exit 2. */
static int
ctl_cal_year(struct ctl *c, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	if (i != 4 || s[i] != '\0' || atoi(s) < 1970 || atoi(s) > 9000)
		ctl_usage_die(c, "'%s' 不是年份（应为四位数字，如 2025）；"
		    "或用 calendar add DATE N", s);
	return atoi(s);
}

/* "2020–2026" or "2020、2022" of the years loaded. */
static void
ctl_cal_years_str(const struct calendar *cal, char *buf, size_t len)
{
	int	 y[256];
	size_t	 n, i, o = 0;

	n = calendar_years(cal, y, 256);
	if (n > 256)
		n = 256;
	buf[0] = '\0';
	if (n == 0) {
		snprintf(buf, len, "无");
		return;
	}
	if ((size_t)(y[n - 1] - y[0]) + 1 == n && n > 2) {
		snprintf(buf, len, "%d–%d", y[0], y[n - 1]);
		return;
	}
	for (i = 0; i < n && o + 8 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%d", i ? "、" : "",
		    y[i]);
}

/* The warning for counts over a year without data. */
static void
ctl_cal_estimated(struct ctl *c, const struct calendar *cal, int64_t from,
    int64_t to)
{
	int	 y0, y1, y, m, d;

	cndate_civil_from_days(from, &y0, &m, &d);
	cndate_civil_from_days(to, &y1, &m, &d);
	for (y = y0; y <= y1; y++)
		if (!calendar_has_year(cal, y))
			printf("注意：%d 年没有节假日数据（国务院办公厅的通知尚"
			    "未加入），该年按周一至周五计算，结果为估算；通知"
			    "发布后把 %d.conf 放进 %s%s 再算。\n", y, y,
			    c->cf.calendar_dir[0] ? c->cf.calendar_dir :
			    c->cf.root, c->cf.calendar_dir[0] ? "" :
			    "/holidays");
}

static int
ctl_cal_add(struct ctl *c, const struct calendar *cal, const char *date,
    const char *nstr)
{
	int64_t		 day, res, t, run;
	char		*end, a[16], b[16];
	long		 n;
	int		 est = 0, y, m, dd, y1, cnt;
	enum cal_kind	 k;
	json_t		*o, *list, *ys;
	const char	*name;

	day = ctl_cal_date(c, date);
	n = strtol(nstr, &end, 10);
	if (*nstr == '\0' || *end != '\0' || n < 1 || n > CTL_CAL_NMAX)
		ctl_usage_die(c, "N '%s' 应为 1 至 %d 之间的整数（工作日数）",
		    nstr, CTL_CAL_NMAX);
	res = calendar_add_workdays(cal, day, (int)n, &est);
	if (c->json) {
		list = json_array();
		for (t = day + 1; t <= res; t++) {
			k = calendar_kind(cal, t);
			if (k != CAL_HOLIDAY && k != CAL_ADJUSTED_WORKDAY)
				continue;
			ctl_cal_iso(t, a, sizeof(a));
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
			    "s:b}", "date", a, "kind", k == CAL_HOLIDAY ?
			    "holiday" : "adjusted_workday", "name",
			    calendar_name(cal, t), "counted",
			    k == CAL_ADJUSTED_WORKDAY));
		}
		ys = json_array();
		cndate_civil_from_days(day + 1, &y, &m, &dd);
		cndate_civil_from_days(res, &y1, &m, &dd);
		for (; y <= y1; y++)
			if (!calendar_has_year(cal, y))
				json_array_append_new(ys, json_integer(y));
		ctl_cal_iso(res, b, sizeof(b));
		o = json_pack("{s:s, s:i, s:s, s:b, s:o, s:o}", "date", date,
		    "n", (int)n, "result", b, "estimated", est,
		    "estimated_years", ys, "days", list);
		ctl_print_json(o);
		json_decref(o);
		return EX_OK;
	}
	ctl_cal_iso(res, b, sizeof(b));
	printf("%s（%s）后的第 %ld 个工作日：%s（%s）\n", date,
	    cal_wd[calendar_weekday(day)], n, b, cal_wd[calendar_weekday(res)]);
	ctl_cal_iso(calendar_add_workdays(cal, day, 1, NULL), a, sizeof(a));
	printf("当日不计入，从 %s（%s）起算", a,
	    cal_wd[calendar_weekday(cndate_days_of(a))]);
	/* The holidays and 调休 days on the way, a run of holiday days on
	 * one line. */
	cnt = 0;
	for (t = day + 1; t <= res; t++) {
		k = calendar_kind(cal, t);
		if (k != CAL_HOLIDAY && k != CAL_ADJUSTED_WORKDAY)
			continue;
		if (cnt++ == 0)
			printf("；期间的节假日和调休：\n");
		name = calendar_name(cal, t);
		ctl_cal_iso(t, a, sizeof(a));
		if (k == CAL_ADJUSTED_WORKDAY) {
			printf("  %s %s      调休上班（%s），计为工作日\n", a,
			    cal_wd[calendar_weekday(t)], name);
			continue;
		}
		for (run = t; run + 1 <= res && calendar_kind(cal, run + 1) ==
		    CAL_HOLIDAY && strcmp(calendar_name(cal, run + 1), name) ==
		    0; run++)
			;
		if (run == t)
			printf("  %s %s      %s放假，不计入\n", a,
			    cal_wd[calendar_weekday(t)], name);
		else {
			ctl_cal_iso(run, b, sizeof(b));
			printf("  %s 至 %s  %s放假 %lld 天，不计入\n", a,
			    b + 5, name, (long long)(run - t + 1));
		}
		t = run;
	}
	if (cnt == 0)
		printf("；期间没有节假日和调休\n");
	if (est)
		ctl_cal_estimated(c, cal, day + 1, res);
	return EX_OK;
}

/* A sorted day list as runs: 1月28日至2月4日、2月8日（周六）; each day
 * on its own with its weekday when single. */
static void
ctl_cal_runs(const int64_t *v, size_t n, int year, int single, char *buf,
    size_t len)
{
	size_t	 i, j, o = 0;
	char	 a[32], b[32];

	buf[0] = '\0';
	for (i = 0; i < n && o + 64 < len; i = j + 1) {
		for (j = i; !single && j + 1 < n && v[j + 1] == v[j] + 1; j++)
			;
		ctl_cal_cn(v[i], year, a, sizeof(a));
		if (j == i)
			o += (size_t)snprintf(buf + o, len - o, "%s%s（%s）",
			    o ? "、" : "", a, cal_wd[calendar_weekday(v[i])]);
		else {
			ctl_cal_cn(v[j], year, b, sizeof(b));
			o += (size_t)snprintf(buf + o, len - o, "%s%s至%s",
			    o ? "、" : "", a, b);
		}
	}
}

/* s, then blanks to cols display columns (at least one). */
static void
ctl_cal_pad(const char *s, size_t cols)
{
	size_t w = width_str(s);

	printf("%s%*s", s, (int)(w < cols ? cols - w : 1), "");
}

static json_t *
ctl_cal_days_json(const int64_t *v, size_t n)
{
	json_t	*a = json_array();
	char	 buf[16];
	size_t	 i;

	for (i = 0; i < n; i++) {
		ctl_cal_iso(v[i], buf, sizeof(buf));
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static int
ctl_cal_show(struct ctl *c, const struct calendar *cal, int year)
{
	const struct cal_year		*y;
	const struct cal_holiday	*h;
	const struct cal_notice		*no;
	json_t				*o, *ns, *hs, *e;
	char				 buf[1024], known[256];
	size_t				 i, j, w = 8;
	int				 wd, off = 0, offwd = 0, work = 0;

	if ((y = calendar_year(cal, year)) == NULL) {
		ctl_cal_years_str(cal, known, sizeof(known));
		ctl_usage_die(c, "%d 年没有节假日数据（国务院办公厅的通知尚未"
		    "加入），该年的期限按周一至周五计算。已有数据的年份：%s。"
		    "加入一年：把 %d.conf 放进 %s%s", year, known, year,
		    c->cf.calendar_dir[0] ? c->cf.calendar_dir : c->cf.root,
		    c->cf.calendar_dir[0] ? "" : "/holidays");
	}
	wd = calendar_count_workdays(cal, cndate_days_from_civil(year, 1, 1) -
	    1, cndate_days_from_civil(year, 12, 31), NULL);
	if (c->json) {
		ns = json_array();
		for (i = 0; i < y->nnotices; i++) {
			no = &y->notices[i];
			e = json_pack("{s:s, s:s, s:s}", "title", no->title,
			    "docno", no->docno, "date", no->date);
			if (no->url != NULL)
				json_object_set_new(e, "url",
				    json_string(no->url));
			json_array_append_new(ns, e);
		}
		hs = json_array();
		for (i = 0; i < y->nholidays; i++) {
			h = &y->holidays[i];
			e = json_pack("{s:s, s:o, s:o}", "name", h->name, "off",
			    ctl_cal_days_json(h->off, h->noff), "work",
			    ctl_cal_days_json(h->work, h->nwork));
			if (h->note != NULL)
				json_object_set_new(e, "note",
				    json_string(h->note));
			json_array_append_new(hs, e);
		}
		o = json_pack("{s:i, s:s?, s:o, s:o, s:i}", "year", year,
		    "source", y->source, "notices", ns, "holidays", hs,
		    "workdays", wd);
		ctl_print_json(o);
		json_decref(o);
		return EX_OK;
	}
	printf("%d 年节假日和调休安排（数据：%s）\n", year,
	    y->source == NULL ? "-" : strcmp(y->source, "built-in") == 0 ?
	    "内置" : y->source);
	for (i = 0; i < y->nnotices; i++) {
		no = &y->notices[i];
		cndate_format_cn(no->date, buf, sizeof(buf));
		printf("%s《%s》（%s，%s）\n", i ? "      " : "依据：",
		    no->title, no->docno, buf);
		if (no->url != NULL)
			printf("      %s\n", no->url);
	}
	printf("\n");
	for (i = 0; i < y->nholidays; i++)
		if (width_str(y->holidays[i].name) + 2 > w)
			w = width_str(y->holidays[i].name) + 2;
	ctl_cell("节日", w, 0);
	ctl_cal_pad("放假", 34);
	ctl_cell("调休上班", 0, 1);
	for (i = 0; i < y->nholidays; i++) {
		h = &y->holidays[i];
		ctl_cell(h->name, w, 0);
		ctl_cal_runs(h->off, h->noff, year, 0, buf, sizeof(buf));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "，共 %zu 天", h->noff);
		ctl_cal_pad(buf, 34);
		ctl_cal_runs(h->work, h->nwork, year, 1, buf, sizeof(buf));
		ctl_cell(h->nwork ? buf : "—", 0, 1);
		if (h->note != NULL)
			printf("%*s注：%s\n", (int)w, "", h->note);
		off += (int)h->noff;
		work += (int)h->nwork;
		for (j = 0; j < h->noff; j++)
			offwd += calendar_weekday(h->off[j]) < 5;
	}
	printf("\n放假 %d 天（其中 %d 天是周一至周五），调休上班 %d 天；"
	    "全年工作日 %d 天。\n", off, offwd, work, wd);
	return EX_OK;
}

static int
ctl_cal_list(struct ctl *c, const struct calendar *cal)
{
	int		 ys[256];
	size_t		 n, i;
	json_t		*o, *a;
	const struct cal_year *y;

	n = calendar_years(cal, ys, 256);
	if (n > 256)
		n = 256;
	if (c->json) {
		a = json_array();
		for (i = 0; i < n; i++) {
			y = calendar_year(cal, ys[i]);
			json_array_append_new(a, json_pack("{s:i, s:s?}",
			    "year", ys[i], "source", y->source));
		}
		o = json_pack("{s:s, s:o}", "dir", c->cf.calendar_dir, "years",
		    a);
		ctl_print_json(o);
		json_decref(o);
		return EX_OK;
	}
	printf("有节假日数据的年份（其余年份按周一至周五计算）：\n");
	for (i = 0; i < n; i++) {
		y = calendar_year(cal, ys[i]);
		printf("  %d  %s\n", ys[i], y->source == NULL ? "-" :
		    strcmp(y->source, "built-in") == 0 ? "内置" : y->source);
	}
	printf("站点目录：%s\n", c->cf.calendar_dir[0] ? c->cf.calendar_dir :
	    "（无，只用内置数据）");
	return EX_OK;
}

static int
ctl_calendar(struct ctl *c, int argc, char **argv)
{
	struct calendar	*cal;
	int		 rc, year = 0;

	/* Check the arguments before reading any file. */
	if (argc >= 1 && strcmp(argv[0], "add") == 0) {
		if (argc != 3)
			ctl_usage_die(c, "add 需要 DATE 和 N（如 calendar add "
			    "2025-09-26 20）");
		(void)ctl_cal_date(c, argv[1]);
	} else if (argc == 1)
		year = ctl_cal_year(c, argv[0]);
	else if (argc > 1)
		ctl_usage_die(c, "'%s' 不是 add；用法：calendar [YEAR | add "
		    "DATE N]", argv[0]);
	cal = ctl_cal_open(c);
	if (argc == 3)
		rc = ctl_cal_add(c, cal, argv[1], argv[2]);
	else if (argc == 1)
		rc = ctl_cal_show(c, cal, year);
	else
		rc = ctl_cal_list(c, cal);
	calendar_free(cal);
	return rc;
}

const struct ctl_cmd ctl_cmd_calendar = {
	"calendar", NULL, "[YEAR | add DATE N]",
	"法定期限所依据的工作日历：add 给出 DATE 之后第 N 个工作日（当日"
	"不计入）及其间的节假日和调休；YEAR 列出该年的节假日、调休上班日和"
	"国务院办公厅的通知；不带参数时列出有数据的年份（没有数据的年份按"
	"周一至周五计算）",
	NULL, NULL, 0, 3, 0, ctl_calendar
};
