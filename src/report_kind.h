/*
 * report_kind: what the files of the report module share.  A report kind
 * (report_review.c, report_cleanup.c, report_compliance.c,
 * report_summary.c, report_apply.c) is one entry of a table {name, titles, part shape,
 * build, text, CSV, subject}; report.c (the model: parts, totals, views)
 * and report_layout.c (text, HTML, CSV and JSON rendering, CJK-aligned
 * tables) work through the table only, so adding a kind is one file and
 * one line in report_kinds[].
 */
#ifndef DOCKET_REPORT_KIND_H
#define DOCKET_REPORT_KIND_H

#include <jansson.h>
#include <stdarg.h>

#include "lifecycle.h"
#include "report.h"
#include "store.h"
#include "strbuf.h"
#include "vault.h"

#define REPORT_TITLE_COLS	60	/* widest title in a text table */
#define REPORT_CELL_COLS	40	/* widest other cell */
#define REPORT_NOVALUE		"—"
#define REPORT_MAXCOLS		10

struct report_ctx {
	struct store			*st;
	MDB_txn				*txn;
	struct vault			*vt;
	const struct report_opts	*o;
	const struct lc_policy		*pol;
	const struct report_kind	*kind;
	long				 today;	/* day number of as_of */
	json_t				*agencies;
	json_t				*seen;	/* compliance: ids counted */
	json_t				*cache;	/* summary: id -> record */
	const void			*sec;	/* compliance: the section */
	int				 rc;	/* an error in a callback */
};

/*
 * Human output being written: plain text, or HTML (running text
 * escaped, white space kept; tables as <table>).  The kinds write the
 * same calls for both.
 */
struct report_out {
	struct strbuf	 sb;
	int		 html;
	int		 in_text;	/* HTML: inside a text <div> */
};

struct report_table {
	size_t		 ncols;
	const char	*hdr[REPORT_MAXCOLS];
	json_t		*rows;		/* [{cells: [...], notes: [...]}] */
};

struct report_kind {
	const char	*name;		/* "review" */
	const char	*title;		/* of the text: 政务公开定期审查提醒 */
	const char	*short_title;	/* of the subject: 定期审查提醒 */
	/* An empty part of an agency, the shape every part has. */
	json_t		*(*new_part)(void);
	/* The number of things a part reports. */
	size_t		 (*part_items)(json_t *part);
	/* Fill c->agencies (report_part) and the report's own fields. */
	int		 (*build)(struct report_ctx *, json_t *report,
			    char *err, size_t errlen);
	/* The whole view as text or HTML; agencies: the parts to show. */
	void		 (*text)(struct report_out *, json_t *view,
			    json_t *agencies);
	/* CSV: the header and the rows of one agency's part. */
	const char	*csv_hdr[REPORT_MAXCOLS];
	size_t		 csv_ncols;
	void		 (*csv)(struct strbuf *, const char *agency,
			    json_t *part);
	/* The subject's own words ("待审查 3 件（逾期 1 件）"); may point
	 * *date at another date than as_of. */
	void		 (*subject)(json_t *view, const char **date, char *buf,
			    size_t len);
};

extern const struct report_kind report_kind_review;
extern const struct report_kind report_kind_cleanup;
extern const struct report_kind report_kind_compliance;
extern const struct report_kind report_kind_summary;
extern const struct report_kind report_kind_applications;

/* report.c: the table, the model's helpers. */
const struct report_kind *report_kind_find(const char *name);
const struct report_kind *report_kind_of(json_t *report);
json_t		*report_part(struct report_ctx *, const char *agency);
/* The list under key in an agency's part, made empty the first time;
 * NULL when out of memory. */
json_t		*report_part_list(struct report_ctx *, const char *agency,
		    const char *key);
/* The view a rendering is for: agency's part alone, or the whole. */
json_t		*report_view(json_t *report, const char *agency);
int		 report_wanted(struct report_ctx *, const char *agency);
int		 report_cleaned(json_t *rec);
/*
 * The docno and title a report may show of rec (new references): a
 * classified document (a state secret) is never named in anything that
 * leaves an administrator's hands, so it gets null and REPORT_SECRET; in
 * a report mailed to a list (report_opts.list), a document that is not
 * public is not named either (REPORT_UNLISTED): a list is no agency's
 * own secretary.
 */
#define REPORT_SECRET	"（涉密文件，不列出文号和标题）"
#define REPORT_UNLISTED	"（不公开文件，不列出文号和标题）"
json_t		*report_docno(const struct report_ctx *, json_t *rec);
json_t		*report_title(const struct report_ctx *, json_t *rec);
int		 report_get(struct report_ctx *, uint64_t id, json_t **rec);
void		 report_inc(json_t *obj, const char *key, json_int_t by);
json_int_t	 report_int(json_t *o, const char *key);
long		 report_days(const char *date);
int		 report_valid_date(const char *s);

/* report_layout.c: text, HTML and CSV pieces. */
void		 report_add(struct report_out *, const char *);
void		 report_addf(struct report_out *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 report_addclean(struct report_out *, const char *);
char		*report_clean(const char *s, size_t cols);
void		 report_time(const char *t, char *buf, size_t len);
void		 report_table_init(struct report_table *, size_t ncols, ...);
void		 report_cell(json_t *row, const char *s, size_t cols);
void		 report_table_row(struct report_table *, json_t *cells,
		    json_t *notes);
void		 report_table_print(struct report_out *,
		    struct report_table *);
void		 report_text_title(struct report_out *, json_t *view,
		    const char *date);
void		 report_text_parts(struct report_out *, json_t *view,
		    json_t *agencies, json_t *parts, int one,
		    void (*part_fn)(struct report_out *, json_t *, json_t *));
void		 report_csv_row(struct strbuf *, size_t n,
		    const char *const *v);

#endif
