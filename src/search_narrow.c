/*
 * search_narrow: filtered phrase queries by rare terms and the rows' own
 * text (search_narrow.h).
 *
 * Only queries whose every piece is one run of CJK characters come here
 * (search_tok_han): such a piece, tokenized in the query layout, is the
 * phrase of its bigrams, and it matches a column exactly where its bytes
 * occur in it (characters of a run are never folded, and a run of CJK
 * bytes never straddles a separator).  So a row's check is memmem over
 * its four columns (docno, title, body, tags, from doc_content), the
 * count of places per piece and column is what docket_rank reads through
 * xInst, and the columns' sizes are FTS5's own (doc_docsize, what
 * xColumnSize reads).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_fts.h"
#include "search_narrow.h"
#include "search_tok.h"
#include "xalloc.h"

#define SN_COLS		4		/* docno, title, body, tags */
#define SN_PROBE	64		/* newest matches a probe reads */

/* The weights of docket_rank in search.c's schema. */
static const double sn_w[SN_COLS] = { 8.0, 4.0, 1.0, 0.0 };

struct sn_tok {
	size_t	 off, len;		/* in the owner's byte buffer */
	int	 pos;
};

/* A list of tokens with their bytes. */
struct sn_list {
	struct sn_tok	*t;
	size_t		 n, cap;
	char		*b;
	size_t		 blen, bcap;
	int		 pos;		/* FTS5's szCol */
};

struct sn_piece {
	struct sn_list	 q;		/* its tokens, positions 0.. */
	size_t		 rare;		/* the token the candidates need */
	double		 d;		/* its rows, roughly (-1: none) */
	char		*raw;		/* the piece as typed */
	size_t		 rawlen;
	int		 han;		/* one run of CJK (search_tok_han) */
};

static void
sn_add(struct sn_list *l, int colocated, const char *tok, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->t = xreallocarray(l->t, l->cap, sizeof(*l->t));
	}
	if (l->blen + len > l->bcap) {
		l->bcap = (l->blen + len) * 2 + 256;
		l->b = xrealloc(l->b, l->bcap);
	}
	if (!colocated || l->pos == 0)
		l->pos++;
	memcpy(l->b + l->blen, tok, len);
	l->t[l->n].off = l->blen;
	l->t[l->n].len = len;
	l->t[l->n].pos = l->pos - 1;
	l->blen += len;
	l->n++;
}

static int
sn_tok_cb(void *arg, int colocated, const char *tok, size_t len,
    size_t start, size_t end)
{
	(void)start;
	(void)end;
	sn_add(arg, colocated, tok, len);
	return 0;
}

static void
sn_free(struct sn_list *l)
{
	free(l->t);
	free(l->b);
}

static int
sn_eq(const struct sn_list *a, size_t i, const struct sn_list *b, size_t j)
{
	return a->t[i].len == b->t[j].len && memcmp(a->b + a->t[i].off,
	    b->b + b->t[j].off, a->t[i].len) == 0;
}

/* Split search_expr's "piece" "piece" ... (with "" for a quote). */
static int
sn_pieces(const char *e, struct sn_piece **out, size_t *n)
{
	struct sn_piece	*p = NULL;
	char		*buf;
	size_t		 np = 0, bl, len = strlen(e);

	buf = xmalloc(len + 1);
	*out = NULL;
	*n = 0;
	while (*e != '\0') {
		if (*e == ' ') {
			e++;
			continue;
		}
		if (*e++ != '"')
			goto bad;
		bl = 0;
		for (;;) {
			if (*e == '\0')
				goto bad;
			if (*e == '"' && e[1] == '"') {
				buf[bl++] = '"';
				e += 2;
			} else if (*e == '"') {
				e++;
				break;
			} else
				buf[bl++] = *e++;
		}
		if (*e != '\0' && *e != ' ')
			goto bad;
		p = xreallocarray(p, np + 1, sizeof(*p));
		memset(&p[np], 0, sizeof(p[np]));
		(void)search_tokenize(buf, bl, 1, sn_tok_cb, &p[np].q);
		if (p[np].q.n == 0) {
			sn_free(&p[np].q);
			continue;
		}
		p[np].han = search_tok_han(buf, bl);
		p[np].raw = xmalloc(bl + 1);
		memcpy(p[np].raw, buf, bl);
		p[np].raw[bl] = '\0';
		p[np].rawlen = bl;
		np++;
	}
	free(buf);
	*out = p;
	*n = np;
	return 0;
bad:
	free(buf);
	while (np > 0) {
		sn_free(&p[--np].q);
		free(p[np].raw);
	}
	free(p);
	return -1;
}

/* One token as an FTS5 string, when the tokenizer gives it back alone. */
static char *
sn_quote(const struct sn_list *l, size_t i)
{
	struct sn_list	 back = { 0 };
	const char	*t = l->b + l->t[i].off;
	char		*q;
	size_t		 k, n = 0;
	int		 ok;

	(void)search_tokenize(t, l->t[i].len, 1, sn_tok_cb, &back);
	ok = back.n == 1 && sn_eq(&back, 0, l, i);
	sn_free(&back);
	if (!ok)
		return NULL;
	q = xmalloc(l->t[i].len * 2 + 3);
	q[n++] = '"';
	for (k = 0; k < l->t[i].len; k++) {
		if (t[k] == '"')
			q[n++] = '"';
		q[n++] = t[k];
	}
	q[n++] = '"';
	q[n] = '\0';
	return q;
}

/* How many rows a term is in, roughly: from its newest SN_PROBE. */
static double
sn_probe(sqlite3 *db, const char *term, sqlite3_int64 top)
{
	sqlite3_stmt	*q;
	sqlite3_int64	 last = top;
	int		 n = 0;

	if (sqlite3_prepare_v2(db, "SELECT rowid FROM doc WHERE doc MATCH ?1 "
	    "ORDER BY rowid DESC LIMIT 64", -1, &q, NULL) != SQLITE_OK)
		return 1e18;
	sqlite3_bind_text(q, 1, term, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		last = sqlite3_column_int64(q, 0);
		n++;
	}
	sqlite3_finalize(q);
	if (n < SN_PROBE)
		return n;
	return (double)SN_PROBE * (double)top / (double)(top - last + 1);
}

/* The table's rows and column sizes, as docket_rank reads them: 0, 1
 * when nothing matches, -1. */
static int
sn_totals(sqlite3 *db, const char *match, sqlite3_int64 *nrow,
    sqlite3_int64 *total)
{
	sqlite3_stmt	*q;
	const char	*v;
	char		*end;
	int		 ic, rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT docket_totals(doc) FROM doc "
	    "WHERE doc MATCH ?1 LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	    (v = (const char *)sqlite3_column_text(q, 0)) != NULL) {
		*nrow = strtoll(v, &end, 10);
		for (ic = 0; ic < SN_COLS; ic++)
			total[ic] = strtoll(end, &end, 10);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 1 : -1;
	sqlite3_finalize(q);
	return rc;
}

/* The places of a CJK piece in column c of the row: its occurrences. */
static int
sn_bytes(sqlite3_stmt *get, int c, const struct sn_piece *p)
{
	const char	*t = (const char *)sqlite3_column_text(get, c), *h;
	size_t		 n = (size_t)sqlite3_column_bytes(get, c);
	int		 k = 0;

	if (t == NULL)
		return 0;
	while ((h = memmem(t, n, p->raw, p->rawlen)) != NULL) {
		k++;
		/* Overlapping places count too (预预 in 预预预). */
		n -= (size_t)(h - t) + 1;
		t = h + 1;
	}
	return k;
}

/* The columns' sizes from doc_docsize's varints (SQLite's format). */
static void
sn_sizes(sqlite3_stmt *get, int ncol, int *len)
{
	const unsigned char	*b = sqlite3_column_blob(get, SN_COLS);
	int			 n = sqlite3_column_bytes(get, SN_COLS), i = 0;
	int			 c, k;
	unsigned		 v;

	for (c = 0; c < ncol; c++) {
		v = 0;
		for (k = 0; i < n && k < 5; k++) {
			v = (v << 7) | (b[i] & 0x7f);
			if ((b[i++] & 0x80) == 0)
				break;
		}
		len[c] = b != NULL ? (int)v : 0;
	}
}

/* Check one row: 1 and its score when every piece occurs, else 0.
 * Runs of CJK: their places are where their bytes are; the columns'
 * sizes are FTS5's own (doc_docsize). */
static int
sn_row(sqlite3_stmt *get, sqlite3_int64 id, const struct sn_piece *pc,
    size_t np, sqlite3_int64 nrow, const sqlite3_int64 *total, double *score)
{
	double	tf[SEARCH_RANK_MAXPH][SEARCH_RANK_MAXCOL];
	int	len[SEARCH_RANK_MAXCOL], found, c, n, rc = 0;
	size_t	i;

	sqlite3_bind_int64(get, 1, id);
	if (sqlite3_step(get) != SQLITE_ROW)
		goto out;
	memset(tf, 0, sizeof(tf));
	for (i = 0; i < np; i++) {
		found = 0;
		for (c = 0; c < SN_COLS; c++) {
			n = sn_bytes(get, c, &pc[i]);
			if (i < SEARCH_RANK_MAXPH)
				tf[i][c] = n;
			found += n;
		}
		if (found == 0)
			goto out;
	}
	sn_sizes(get, SN_COLS, len);
	*score = search_fts_score(tf, np < SEARCH_RANK_MAXPH ? (int)np :
	    SEARCH_RANK_MAXPH, SN_COLS, sn_w, len, nrow, total);
	rc = 1;
out:
	sqlite3_reset(get);
	return rc;
}

int
search_narrow(sqlite3 *db, const char *expr, const char *tags,
    size_t window, search_narrow_fn push, void *arg, size_t *seen, int *cut,
    char *err, size_t errlen)
{
	struct sn_piece	*pc = NULL;
	sqlite3_stmt	*q = NULL, *get = NULL;
	sqlite3_int64	 top = 0, nrow = 0, total[SN_COLS] = { 0 };
	size_t		 np = 0, i, k, mlen;
	double		 dmin, d, score;
	char		*match = NULL, *w;
	int		 rc = 0, c, multi = 0, han;

	*seen = 0;
	*cut = 0;
	if (tags == NULL || *tags == '\0' || sn_pieces(expr, &pc, &np) == -1)
		return 0;
	han = 1;
	for (i = 0; i < np; i++) {
		multi |= pc[i].q.n > 1;
		han &= pc[i].han;
	}
	/* Words alone: FTS5's own walk is as cheap as it gets; only a
	 * phrase of them makes it seek through long doclists.  Pieces other
	 * than runs of CJK (ASCII words, docnos, punctuation inside quotes)
	 * would need the rows tokenized, which costs more than it saves. */
	if (!multi || !han)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM doc ORDER BY rowid DESC "
	    "LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		goto sqlerr;
	if (sqlite3_step(q) == SQLITE_ROW)
		top = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	/* The candidates: the rarest term of each phrase (and of a word
	 * when it is rarer still), and the filter's terms.  A common word
	 * is left to the check: seeking through its doclist is the cost. */
	dmin = -1;
	for (i = 0; i < np; i++) {
		pc[i].d = -1;
		for (k = 0; k < pc[i].q.n; k++) {
			if ((w = sn_quote(&pc[i].q, k)) == NULL)
				continue;
			d = sn_probe(db, w, top);
			free(w);
			if (pc[i].d < 0 || d < pc[i].d) {
				pc[i].d = d;
				pc[i].rare = k;
			}
		}
		if (pc[i].q.n > 1 && pc[i].d < 0)
			goto out;	/* no term of it stands alone */
		if (pc[i].q.n > 1 && (dmin < 0 || pc[i].d < dmin))
			dmin = pc[i].d;
	}
	mlen = strlen(tags) + 1;
	match = xmalloc(mlen);
	match[0] = '\0';
	for (i = 0; i < np; i++) {
		if (pc[i].d < 0 || (pc[i].q.n == 1 && pc[i].d > dmin))
			continue;
		w = sn_quote(&pc[i].q, pc[i].rare);
		mlen += strlen(w) + 8;
		match = xrealloc(match, mlen);
		strcat(match, w);
		strcat(match, " AND ");
		free(w);
	}
	strcat(match, tags);
	if ((c = sn_totals(db, match, &nrow, total)) != 0) {
		if (c == -1)
			goto sqlerr;
		rc = 1;		/* no candidate at all */
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM doc WHERE doc MATCH ?1 "
	    "ORDER BY rowid DESC", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT c.c0, c.c1, c.c2, c.c3, s.sz FROM "
	    "doc_content c, doc_docsize s WHERE c.id = ?1 AND s.id = ?1", -1,
	    &get, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
	while ((c = sqlite3_step(q)) == SQLITE_ROW) {
		if (sn_row(get, sqlite3_column_int64(q, 0), pc, np, nrow,
		    total, &score) != 1)
			continue;
		if (window > 0 && *seen == window) {
			*cut = 1;
			break;
		}
		(*seen)++;
		push(arg, (uint64_t)sqlite3_column_int64(q, 0), score);
	}
	if (c != SQLITE_ROW && c != SQLITE_DONE)
		goto sqlerr;
	rc = 1;
	goto out;
sqlerr:
	snprintf(err, errlen, "query: %s", sqlite3_errmsg(db));
	rc = -1;
out:
	sqlite3_finalize(q);
	sqlite3_finalize(get);
	free(match);
	for (i = 0; i < np; i++) {
		sn_free(&pc[i].q);
		free(pc[i].raw);
	}
	free(pc);
	return rc;
}
