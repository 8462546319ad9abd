/*
 * svgchart: inline SVG bar charts and their data tables (see svgchart.h).
 * Every coordinate is an integer computed in long long, so the same data
 * gives the same bytes on every machine (the golden tests compare them),
 * and a bar's height is its value × the plot's height / the largest
 * value, rounded; with no value above zero every bar is 0 high and
 * nothing is divided.  Labels too long for their slot are turned 40°,
 * with room made for them below the axis.
 */
#include <stdio.h>
#include <string.h>

#include "svgchart.h"

/* "" lit "": only a string literal compiles, never a pointer */
#define SC_LIT(sb, lit)	strbuf_add(sb, "" lit "", sizeof(lit) - 1)

#define SC_WIDTH	640
#define SC_HEIGHT	260
#define SC_LEFT		44
#define SC_RIGHT	12
#define SC_TOP		24
#define SC_LEGEND	22	/* more on top for a legend */
#define SC_BOTTOM	26
#define SC_BOTTOM_TURNED 96
#define SC_FONT		12
#define SC_BAR_MAX	48	/* the widest a bar gets */

static const char *const sc_colors[] = {
	"#9e1b1b", "#0b4a8b", "#176b21", "#8a6d00", "#5b2c83", "#555555"
};
#define SC_NCOLORS	(sizeof(sc_colors) / sizeof(sc_colors[0]))

static int
sc_valid(const struct svgchart *c, svgchart_esc esc)
{
	if (c == NULL || esc == NULL || c->nseries == 0 ||
	    (c->nseries > 1 && c->series == NULL))
		return 0;
	if (c->n > 0 && (c->labels == NULL || c->values == NULL))
		return 0;
	return 1;
}

static long
sc_value(const struct svgchart *c, size_t s, size_t i)
{
	long	v = c->values[s * c->n + i];

	return v < 0 ? 0 : v;
}

/* The width a label takes, roughly: a full-width character a font size,
 * anything else 0.6 of it. */
static long long
sc_text_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	long long		 w = 0;

	for (; p != NULL && *p; p++) {
		if (*p < 0x80)
			w += SC_FONT * 6 / 10;
		else if ((*p & 0xc0) != 0x80)
			w += SC_FONT;
	}
	return w;
}

/* The escaped id, then suffix. */
static void
sc_id(struct strbuf *sb, const struct svgchart *c, svgchart_esc esc,
    const char *suffix)
{
	esc(sb, c->id != NULL && *c->id != '\0' ? c->id : "chart");
	strbuf_puts(sb, suffix);
}

static void
sc_legend(struct strbuf *sb, const struct svgchart *c, svgchart_esc esc)
{
	long long	x = SC_LEFT;
	size_t		s;

	for (s = 0; s < c->nseries; s++) {
		SC_LIT(sb, "<rect x=\"");
		strbuf_int(sb, x);
		SC_LIT(sb, "\" y=\"6\" width=\"12\" height=\"12\" fill=\"");
		strbuf_puts(sb, sc_colors[s % SC_NCOLORS]);
		SC_LIT(sb, "\"/><text x=\"");
		strbuf_int(sb, x + 16);
		SC_LIT(sb, "\" y=\"16\" font-size=\"12\">");
		esc(sb, c->series[s] != NULL ? c->series[s] : "");
		SC_LIT(sb, "</text>\n");
		x += 24 + sc_text_width(c->series[s] != NULL ? c->series[s] :
		    "");
	}
}

int
svgchart_bars(struct strbuf *sb, const struct svgchart *c, svgchart_esc esc)
{
	long long	w, h, top, bottom, left, pw, ph, slot, gw, bw, max = 0;
	long long	x, y, bh, cx, ly, lw, maxw = 0, need;
	size_t		i, s;
	int		turn = 0;

	if (!sc_valid(c, esc))
		return -1;
	w = c->width > 0 ? c->width : SC_WIDTH;
	h = c->height > 0 ? c->height : SC_HEIGHT;
	top = SC_TOP + (c->nseries > 1 ? SC_LEGEND : 0);
	left = SC_LEFT;
	pw = w - left - SC_RIGHT;
	slot = c->n > 0 ? pw / (long long)c->n : pw;
	if (slot < 1)
		slot = 1;
	for (i = 0; i < c->n; i++) {
		if ((lw = sc_text_width(c->labels[i])) > slot - 4)
			turn = 1;
		if (lw > maxw)
			maxw = lw;
		for (s = 0; s < c->nseries; s++)
			if (sc_value(c, s, i) > max)
				max = sc_value(c, s, i);
	}
	bottom = SC_BOTTOM;
	if (turn) {
		/*
		 * A label turned 40° reaches cos 40° ≈ 0.77 of its width to
		 * the left of its slot's middle and sin 40° ≈ 0.64 of it
		 * down: the first slot moves right and the chart grows
		 * taller to make room, the plot keeping its height.
		 */
		need = maxw * 77 / 100 + 4;
		if (need > left + slot / 2) {
			left = need - slot / 2;
			pw = w - left - SC_RIGHT;
			if (pw < (long long)c->n)
				pw = (long long)c->n;
			slot = pw / (long long)c->n;
			if (need > left + slot / 2)
				left = need - slot / 2;
		}
		bottom = maxw * 64 / 100 + 24;
		if (bottom < SC_BOTTOM_TURNED)
			bottom = SC_BOTTOM_TURNED;
		h += bottom - SC_BOTTOM;
	}
	if (h < top + bottom + 20)
		h = top + bottom + 20;
	ph = h - top - bottom;
	gw = slot * 8 / 10;
	if (gw > SC_BAR_MAX * (long long)c->nseries)
		gw = SC_BAR_MAX * (long long)c->nseries;
	bw = gw / (long long)c->nseries;
	if (bw < 1)
		bw = 1;

	SC_LIT(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	    "role=\"img\" aria-labelledby=\"");
	sc_id(sb, c, esc, "-t");
	SC_LIT(sb, "\" width=\"");
	strbuf_int(sb, w);
	SC_LIT(sb, "\" height=\"");
	strbuf_int(sb, h);
	SC_LIT(sb, "\" viewBox=\"0 0 ");
	strbuf_int(sb, w);
	SC_LIT(sb, " ");
	strbuf_int(sb, h);
	SC_LIT(sb, "\" style=\"max-width:100%;height:auto\" "
	    "font-family=\"sans-serif\">\n<title id=\"");
	sc_id(sb, c, esc, "-t");
	SC_LIT(sb, "\">");
	esc(sb, c->title != NULL ? c->title : "");
	SC_LIT(sb, "</title>\n");
	if (c->nseries > 1)
		sc_legend(sb, c, esc);

	/* the axes, and the largest value at the top of the y axis */
	SC_LIT(sb, "<line x1=\"");
	strbuf_int(sb, left);
	SC_LIT(sb, "\" y1=\"");
	strbuf_int(sb, top);
	SC_LIT(sb, "\" x2=\"");
	strbuf_int(sb, left);
	SC_LIT(sb, "\" y2=\"");
	strbuf_int(sb, top + ph);
	SC_LIT(sb, "\" stroke=\"#999\"/>\n<line x1=\"");
	strbuf_int(sb, left);
	SC_LIT(sb, "\" y1=\"");
	strbuf_int(sb, top + ph);
	SC_LIT(sb, "\" x2=\"");
	strbuf_int(sb, w - SC_RIGHT);
	SC_LIT(sb, "\" y2=\"");
	strbuf_int(sb, top + ph);
	SC_LIT(sb, "\" stroke=\"#999\"/>\n<text x=\"");
	strbuf_int(sb, left - 4);
	SC_LIT(sb, "\" y=\"");
	strbuf_int(sb, top + 4);
	SC_LIT(sb, "\" font-size=\"11\" text-anchor=\"end\">");
	strbuf_int(sb, max);
	SC_LIT(sb, "</text>\n<text x=\"");
	strbuf_int(sb, left - 4);
	SC_LIT(sb, "\" y=\"");
	strbuf_int(sb, top + ph);
	SC_LIT(sb, "\" font-size=\"11\" text-anchor=\"end\">0</text>\n");

	for (i = 0; i < c->n; i++) {
		x = left + (long long)i * slot + (slot - gw) / 2;
		for (s = 0; s < c->nseries; s++, x += bw) {
			/* max 0: every value is 0, and so is every bar */
			bh = max > 0 ? (sc_value(c, s, i) * ph + max / 2) /
			    max : 0;
			y = top + ph - bh;
			SC_LIT(sb, "<rect x=\"");
			strbuf_int(sb, x);
			SC_LIT(sb, "\" y=\"");
			strbuf_int(sb, y);
			SC_LIT(sb, "\" width=\"");
			strbuf_int(sb, bw > 2 ? bw - 1 : bw);
			SC_LIT(sb, "\" height=\"");
			strbuf_int(sb, bh);
			SC_LIT(sb, "\" fill=\"");
			strbuf_puts(sb, sc_colors[s % SC_NCOLORS]);
			SC_LIT(sb, "\"/>\n<text x=\"");
			strbuf_int(sb, x + bw / 2);
			SC_LIT(sb, "\" y=\"");
			strbuf_int(sb, y - 3);
			SC_LIT(sb, "\" font-size=\"11\" "
			    "text-anchor=\"middle\">");
			strbuf_int(sb, c->values[s * c->n + i]);
			SC_LIT(sb, "</text>\n");
		}
		cx = left + (long long)i * slot + slot / 2;
		ly = top + ph + 16;
		SC_LIT(sb, "<text x=\"");
		strbuf_int(sb, cx);
		SC_LIT(sb, "\" y=\"");
		strbuf_int(sb, ly);
		SC_LIT(sb, "\" font-size=\"12\" text-anchor=\"");
		if (turn) {
			SC_LIT(sb, "end\" transform=\"rotate(-40 ");
			strbuf_int(sb, cx);
			SC_LIT(sb, " ");
			strbuf_int(sb, ly);
			SC_LIT(sb, ")\">");
		} else
			SC_LIT(sb, "middle\">");
		esc(sb, c->labels[i] != NULL ? c->labels[i] : "");
		SC_LIT(sb, "</text>\n");
	}
	SC_LIT(sb, "</svg>\n");
	return sb->nomem ? -1 : 0;
}

int
svgchart_table(struct strbuf *sb, const struct svgchart *c, svgchart_esc esc)
{
	size_t	i, s;

	if (!sc_valid(c, esc))
		return -1;
	SC_LIT(sb, "<table class=\"chart-data\">\n<caption>");
	esc(sb, c->title != NULL ? c->title : "");
	SC_LIT(sb, "</caption>\n<thead><tr><th scope=\"col\">项目</th>");
	for (s = 0; s < c->nseries; s++) {
		SC_LIT(sb, "<th scope=\"col\">");
		if (c->series != NULL && c->series[s] != NULL)
			esc(sb, c->series[s]);
		else
			SC_LIT(sb, "数量");
		SC_LIT(sb, "</th>");
	}
	SC_LIT(sb, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < c->n; i++) {
		SC_LIT(sb, "<tr><th scope=\"row\">");
		esc(sb, c->labels[i] != NULL ? c->labels[i] : "");
		SC_LIT(sb, "</th>");
		for (s = 0; s < c->nseries; s++) {
			SC_LIT(sb, "<td>");
			strbuf_int(sb, c->values[s * c->n + i]);
			SC_LIT(sb, "</td>");
		}
		SC_LIT(sb, "</tr>\n");
	}
	SC_LIT(sb, "</tbody>\n</table>\n");
	return sb->nomem ? -1 : 0;
}
