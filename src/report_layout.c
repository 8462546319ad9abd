/*
 * report_layout: how reports read.  Text is for people: Chinese, one
 * line per row, tables padded by display width (width.h: CJK is two
 * columns), every data field on one line (CR, LF and other control
 * characters become spaces), long titles cut with "…".  HTML is the same
 * text, escaped, with each table a real <table> (mail readers such as
 * Foxmail and Coremail use proportional fonts, where padding does not
 * line up).  CSV is RFC 4180 with CRLF line ends after a UTF-8 BOM (so
 * Excel on Chinese Windows reads it as UTF-8); JSON is the report.
 *
 * The kinds write their text once, through struct report_out; the
 * renderer decides whether that is text or HTML.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "errbuf.h"
#include "record.h"
#include "csvrow.h"
#include "report.h"
#include "report_kind.h"
#include "width.h"

/* A string literal into a strbuf. */
#define ADDLIT(sb, lit)	strbuf_add(sb, lit, sizeof(lit) - 1)
#define HTML_TABLE	"<table border=\"1\" cellspacing=\"0\" " \
	"cellpadding=\"4\" style=\"border-collapse:collapse\">\n"
#define HTML_HEAD	"<!DOCTYPE html>\n<html><head>" \
	"<meta charset=\"utf-8\"></head>\n<body>\n"
#define HTML_DIV	"<div style=\"white-space:pre-wrap\">"

/* --- running text ------------------------------------------------------- */

/* HTML: s with & < > " ' as entities. */
static void
report_html_escape(struct strbuf *sb, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		switch (*p) {
		case '&': strbuf_add(sb, "&amp;", 5); break;
		case '<': strbuf_add(sb, "&lt;", 4); break;
		case '>': strbuf_add(sb, "&gt;", 4); break;
		case '"': strbuf_add(sb, "&quot;", 6); break;
		case '\'': strbuf_add(sb, "&#39;", 5); break;
		default: strbuf_add(sb, p, 1); break;
		}
}

void
report_add(struct report_out *o, const char *s)
{
	if (!o->html) {
		strbuf_add(&o->sb, s, strlen(s));
		return;
	}
	if (!o->in_text) {
		ADDLIT(&o->sb, HTML_DIV);
		o->in_text = 1;
	}
	report_html_escape(&o->sb, s);
}

void
report_addf(struct report_out *o, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[512], *big;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		report_add(o, small);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		o->sb.nomem = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	report_add(o, big);
	free(big);
}

/*
 * A data field for one line: control characters (CR, LF, tab ...)
 * become spaces; with cols, cut to that display width with "…".
 * malloc'd; NULL in gives "—".
 */
char *
report_clean(const char *s, size_t cols)
{
	char	*out, *p;
	size_t	 cut, n;

	if (s == NULL || *s == '\0')
		s = REPORT_NOVALUE;
	n = strlen(s);
	if ((out = malloc(n + sizeof("…"))) == NULL)
		return NULL;
	memcpy(out, s, n + 1);
	for (p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (cols > 1 && width_str(out) > cols) {
		cut = width_prefix(out, cols - 1);
		memcpy(out + cut, "…", sizeof("…"));
	}
	return out;
}

/* A cleaned-up data field in running text. */
void
report_addclean(struct report_out *sb, const char *s)
{
	char *v = report_clean(s, 0);

	if (v == NULL) {
		sb->sb.nomem = 1;
		return;
	}
	report_add(sb, v);
	free(v);
}

/* 2026-11-20T10:00:00+08:00 -> 2026-11-20 10:00:00 */
void
report_time(const char *t, char *buf, size_t len)
{
	if (t == NULL) {
		snprintf(buf, len, "%s", REPORT_NOVALUE);
		return;
	}
	snprintf(buf, len, "%.19s", t);
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

/* --- tables ------------------------------------------------------------ */

void
report_table_init(struct report_table *t, size_t ncols, ...)
{
	va_list	ap;
	size_t	i;

	t->ncols = ncols;
	va_start(ap, ncols);
	for (i = 0; i < ncols && i < REPORT_MAXCOLS; i++)
		t->hdr[i] = va_arg(ap, const char *);
	va_end(ap);
	t->rows = json_array();
}

/* A cell of the row being built: the field made one line; cols cuts it
 * in text (0: never), HTML shows it whole. */
void
report_cell(json_t *row, const char *s, size_t cols)
{
	char *v = report_clean(s, 0);

	json_array_append_new(row, json_pack("{s:s, s:I}", "s", v ? v : "?",
	    "cols", (json_int_t)cols));
	free(v);
}

/* The text of a cell, cut to its width (malloc'd). */
static char *
report_cell_text(json_t *cell)
{
	const char *s = record_str(cell, "s");

	return report_clean(s ? s : "", (size_t)report_int(cell, "cols"));
}

void
report_table_row(struct report_table *t, json_t *cells, json_t *notes)
{
	json_array_append_new(t->rows, json_pack("{s:o, s:o}", "cells", cells,
	    "notes", notes ? notes : json_array()));
}

static void
report_pad(struct strbuf *sb, const char *s, size_t cols, int last)
{
	size_t w = width_str(s);

	strbuf_add(sb, s, strlen(s));
	if (last)
		return;
	for (; w < cols + 2; w++)
		strbuf_add(sb, " ", 1);
}

static void
report_table_html(struct report_out *o, struct report_table *t)
{
	struct strbuf	*sb = &o->sb;
	json_t		*row, *cell, *note;
	size_t		 i, j;
	char		 span[64];

	if (o->in_text) {
		strbuf_add(sb, "</div>\n", 7);
		o->in_text = 0;
	}
	ADDLIT(sb, HTML_TABLE "<tr>");
	for (j = 0; j < t->ncols; j++) {
		strbuf_add(sb, "<th>", 4);
		report_html_escape(sb, t->hdr[j]);
		strbuf_add(sb, "</th>", 5);
	}
	strbuf_add(sb, "</tr>\n", 6);
	json_array_foreach(t->rows, i, row) {
		strbuf_add(sb, "<tr>", 4);
		for (j = 0; j < t->ncols; j++) {
			cell = json_array_get(json_object_get(row, "cells"), j);
			strbuf_add(sb, "<td>", 4);
			report_html_escape(sb, record_str(cell, "s") ?
			    record_str(cell, "s") : "");
			strbuf_add(sb, "</td>", 5);
		}
		strbuf_add(sb, "</tr>\n", 6);
		json_array_foreach(json_object_get(row, "notes"), j, note) {
			snprintf(span, sizeof(span), "<tr><td colspan=\"%zu\">",
			    t->ncols);
			strbuf_add(sb, span, strlen(span));
			report_html_escape(sb, record_str(note, "s") ?
			    record_str(note, "s") : "");
			strbuf_add(sb, "</td></tr>\n", 11);
		}
	}
	strbuf_add(sb, "</table>\n", 9);
}

void
report_table_print(struct report_out *o, struct report_table *t)
{
	struct strbuf	*sb = &o->sb;
	json_t		*row, *cells, *note;
	char		*v;
	size_t		 w[REPORT_MAXCOLS], i, j, total = 0;

	if (o->html) {
		report_table_html(o, t);
		json_decref(t->rows);
		t->rows = NULL;
		return;
	}
	for (j = 0; j < t->ncols; j++)
		w[j] = width_str(t->hdr[j]);
	json_array_foreach(t->rows, i, row) {
		cells = json_object_get(row, "cells");
		for (j = 0; j < t->ncols; j++) {
			if ((v = report_cell_text(json_array_get(cells, j))) ==
			    NULL)
				continue;
			if (width_str(v) > w[j])
				w[j] = width_str(v);
			free(v);
		}
	}
	for (j = 0; j < t->ncols; j++) {
		report_pad(sb, t->hdr[j], w[j], j + 1 == t->ncols);
		total += w[j] + (j + 1 == t->ncols ? 0 : 2);
	}
	strbuf_add(sb, "\n", 1);
	for (j = 0; j < total; j++)
		strbuf_add(sb, "-", 1);
	strbuf_add(sb, "\n", 1);
	json_array_foreach(t->rows, i, row) {
		cells = json_object_get(row, "cells");
		for (j = 0; j < t->ncols; j++) {
			v = report_cell_text(json_array_get(cells, j));
			report_pad(sb, v ? v : "", w[j], j + 1 == t->ncols);
			free(v);
		}
		strbuf_add(sb, "\n", 1);
		json_array_foreach(json_object_get(row, "notes"), j, note) {
			strbuf_add(sb, "    ", 4);
			v = report_cell_text(note);
			if (v != NULL)
				strbuf_add(sb, v, strlen(v));
			free(v);
			strbuf_add(sb, "\n", 1);
		}
	}
	json_decref(t->rows);
	t->rows = NULL;
}

/* --- parts --------------------------------------------------------------- */

/* The agencies of a view with something to show, sorted; for a view of
 * one agency, that one even when its part is empty. */
static json_t *
report_view_agencies(json_t *view)
{
	const char *one = record_str(view, "generated_for");

	if (one != NULL)
		return json_pack("[s]", one);
	return report_agencies(view);
}

void
report_text_title(struct report_out *sb, json_t *view, const char *date)
{
	const struct report_kind	*kind = report_kind_of(view);
	const char			*one;
	char				 cn[64];

	if ((one = record_str(view, "generated_for")) != NULL) {
		report_addclean(sb, one);
		report_add(sb, " ");
	}
	cndate_format_cn(date, cn, sizeof(cn));
	if (kind == &report_kind_cleanup)
		report_addf(sb, "%s（%s）\n\n", kind->title, cn);
	else
		report_addf(sb, "%s（截至%s）\n\n", kind->title, cn);
}

/* Each agency's part under its 【name】 (no name when the view is one
 * agency's). */
void
report_text_parts(struct report_out *sb, json_t *view, json_t *agencies,
    json_t *parts, int one, void (*part_fn)(struct report_out *, json_t *,
    json_t *))
{
	json_t	*a;
	size_t	 i;

	json_array_foreach(agencies, i, a) {
		if (!one) {
			report_add(sb, "【");
			report_addclean(sb, json_string_value(a));
			report_add(sb, "】");
		}
		part_fn(sb, view, json_object_get(parts, json_string_value(a)));
		report_add(sb, "\n");
	}
}

/* --- csv --------------------------------------------------------------- */

void
report_csv_row(struct strbuf *sb, size_t n, const char *const *v)
{
	csvrow_add(sb, n, v);
}

static void
report_csv(struct strbuf *sb, json_t *view, json_t *agencies,
    const struct report_kind *kind)
{
	json_t		*parts = json_object_get(view, "agencies"), *a;
	const char	*an;
	size_t		 i;

	strbuf_add(sb, CSVROW_BOM, 3);
	report_csv_row(sb, kind->csv_ncols, kind->csv_hdr);
	json_array_foreach(agencies, i, a) {
		an = json_string_value(a);
		kind->csv(sb, an, json_object_get(parts, an));
	}
}

/* --- render ------------------------------------------------------------ */

char *
report_render(json_t *report, const char *agency, const char *format,
    size_t *len, char *err, size_t errlen)
{
	const struct report_kind	*kind = report_kind_of(report);
	struct report_out		 o;
	json_t				*view, *agencies;
	char				*s;

	if (kind == NULL) {
		errbuf_set(err, errlen, "not a report");
		return NULL;
	}
	if (format == NULL || (strcmp(format, "text") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0)) {
		errbuf_set(err, errlen, "unknown format '%s': the formats are "
		    "text, csv, html and json", format ? format : "");
		return NULL;
	}
	if ((view = report_view(report, agency)) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	memset(&o, 0, sizeof(o));
	o.html = strcmp(format, "html") == 0;
	if (strcmp(format, "json") == 0) {
		s = json_dumps(view, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s != NULL) {
			report_add(&o, s);
			report_add(&o, "\n");
			free(s);
		} else
			o.sb.nomem = 1;
	} else if ((agencies = report_view_agencies(view)) == NULL)
		o.sb.nomem = 1;
	else {
		if (strcmp(format, "csv") == 0)
			report_csv(&o.sb, view, agencies, kind);
		else {
			if (o.html)
				ADDLIT(&o.sb, HTML_HEAD);
			kind->text(&o, view, agencies);
			if (o.html) {
				if (o.in_text)
					strbuf_add(&o.sb, "</div>\n", 7);
				strbuf_add(&o.sb, "</body></html>\n",
				    strlen("</body></html>\n"));
			}
		}
		json_decref(agencies);
	}
	json_decref(view);
	if (o.sb.nomem || o.sb.s == NULL) {
		strbuf_free(&o.sb);
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	if (len != NULL)
		*len = o.sb.len;
	return o.sb.s;
}

void
report_subject(json_t *report, const char *agency, char *buf, size_t len)
{
	const struct report_kind	*kind = report_kind_of(report);
	json_t				*view;
	const char			*one, *date;
	char				 cn[64], what[256], *who = NULL, *p;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (kind == NULL || (view = report_view(report, agency)) == NULL)
		return;
	one = record_str(view, "generated_for");
	if (one != NULL && (who = report_clean(one, 0)) == NULL)
		goto out;
	date = record_str(view, "as_of");
	what[0] = '\0';
	kind->subject(view, &date, what, sizeof(what));
	cndate_format_cn(date, cn, sizeof(cn));
	errbuf_set(buf, len, "【政务公开】%s%s%s：%s（%s）", who ? who : "",
	    who ? " " : "", kind->short_title, what, cn);
	/* Nothing in a header line may break it. */
	for (p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
out:
	free(who);
	json_decref(view);
}
