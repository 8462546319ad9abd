/*
 * svgchart: small bar charts as inline SVG, for pages that must work
 * without JavaScript (the annual report on the public site), and the same
 * data as an HTML <table> to put beside each chart for readers who cannot
 * see it.  Pure: the chart is appended to a strbuf, and every string
 * (title, labels, series names, id) goes through the caller's escaper.
 * The SVG has role="img", a <title> it is labelled by, a value label over
 * every bar and bars whose heights are proportional to their values;
 * data that is all zero draws an empty axis, never a division by zero.
 */
#ifndef DOCKET_SVGCHART_H
#define DOCKET_SVGCHART_H

#include <stddef.h>

#include "strbuf.h"

/*
 * n categories (labels[n]), nseries series (series[nseries] names; NULL
 * with one series: no legend), values[s * n + i] the value of category i
 * in series s (negative values are drawn as 0).  id names the chart in
 * the page ([A-Za-z0-9_-] is safe; it is escaped anyway); width and
 * height in px, 0 for the defaults.
 */
struct svgchart {
	const char		*id;
	const char		*title;
	size_t			 n;
	size_t			 nseries;
	const char *const	*labels;
	const char *const	*series;
	const long		*values;	/* nseries × n */
	int			 width;
	int			 height;
};

typedef void	(*svgchart_esc)(struct strbuf *, const char *);

/* The chart as one <svg> element; 0, or -1 when the chart is not valid
 * (NULL fields, nseries 0) or memory ran out (sb->nomem). */
int	svgchart_bars(struct strbuf *sb, const struct svgchart *,
	    svgchart_esc esc);
/* The chart's data as a <table> with a <caption> (the title): a row per
 * category, a column per series ("数量" for a single unnamed one). */
int	svgchart_table(struct strbuf *sb, const struct svgchart *,
	    svgchart_esc esc);

#endif
