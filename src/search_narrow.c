/*
 * search_narrow: every query of the full-text index (search_narrow.h).
 *
 * The index keeps which columns a term is in, not where (FTS5's
 * detail=column, search.c): FTS5 then finds the rows that hold terms, and
 * the rows' own text says where.  The candidates, newest first, are the
 * rows with the rarest term of each phrase (a probe of its newest
 * matches tells), the words rarer still (every word when there is no
 * phrase), and the filter's terms: a superset, without seeking through
 * the long doclists of common words.
 * Each is checked against its own text (doc_content) and counted per
 * piece and column:
 *   - a piece that is one run of CJK characters (search_tok_han),
 *     tokenized in the query layout, is the phrase of its bigrams, and it
 *     matches a column exactly where its bytes occur in it (characters of
 *     a run are never folded, and a run of CJK bytes never straddles a
 *     separator): memmem;
 *   - any other piece (ASCII words, docnos, a mix): the column tokenized
 *     in the index layout, where the piece's tokens follow each other at
 *     their own distances, as in FTS5's phrase match (a piece of one
 *     ASCII word reads only the column's words, search_tok_words).
 * The counts go into docket_rank's formula (search_fts_score) with the
 * columns' sizes FTS5 keeps (doc_docsize, what xColumnSize reads).
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
#define SN_PROBE_SQL	"64"

/* The columns' weights: docno and title weigh more than the body. */
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
	int		 word;		/* one ASCII word */
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

/* Whether token i is an ASCII word (letters and digits). */
static int
sn_ascii(const struct sn_list *l, size_t i)
{
	const char	*t = l->b + l->t[i].off;
	size_t		 k;

	for (k = 0; k < l->t[i].len; k++)
		if (!((t[k] >= '0' && t[k] <= '9') ||
		    (t[k] >= 'a' && t[k] <= 'z')))
			return 0;
	return l->t[i].len > 0;
}

static void
sn_pieces_free(struct sn_piece *pc, size_t np)
{
	size_t	i;

	for (i = 0; i < np; i++) {
		sn_free(&pc[i].q);
		free(pc[i].raw);
	}
	free(pc);
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
		p[np].word = p[np].q.n == 1 && sn_ascii(&p[np].q, 0);
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
	sn_pieces_free(p, np);
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
	    "ORDER BY rowid DESC LIMIT " SN_PROBE_SQL, -1, &q, NULL) !=
	    SQLITE_OK)
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

/* A column's tokens that are tokens of a piece: where, and which. */
struct sn_at {
	int	pos;
	size_t	j;
	size_t	start, end;		/* its bytes in the column */
};

struct sn_scan {
	const struct sn_list	*q;
	struct sn_at		*at;
	size_t			 n, cap;
	int			 pos;		/* FTS5's szCol */
};

/* A query parsed once: its pieces, and the scan's buffer. */
struct search_q {
	struct sn_piece	*pc;
	size_t		 np;
	struct sn_scan	 sc;
};

struct search_q *
search_q_new(const char *expr)
{
	struct search_q	*q = xcalloc(1, sizeof(*q));

	if (sn_pieces(expr, &q->pc, &q->np) == -1) {
		free(q);
		return NULL;
	}
	return q;
}

void
search_q_free(struct search_q *q)
{
	if (q == NULL)
		return;
	sn_pieces_free(q->pc, q->np);
	free(q->sc.at);
	free(q);
}

static int
sn_scan_cb(void *arg, int colocated, const char *tok, size_t len,
    size_t start, size_t end)
{
	struct sn_scan	*sc = arg;
	size_t		 j;

	if (!colocated || sc->pos == 0)
		sc->pos++;
	for (j = 0; j < sc->q->n; j++) {
		if (sc->q->t[j].len != len || memcmp(sc->q->b +
		    sc->q->t[j].off, tok, len) != 0)
			continue;
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 64;
			sc->at = xreallocarray(sc->at, sc->cap,
			    sizeof(*sc->at));
		}
		sc->at[sc->n].pos = sc->pos - 1;
		sc->at[sc->n].start = start;
		sc->at[sc->n].end = end;
		sc->at[sc->n++].j = j;
	}
	return 0;
}

/* Whether the scan saw token j of the piece at position pos (its tokens
 * come in the order of their positions): its index + 1, or 0. */
static size_t
sn_scan_has(const struct sn_scan *sc, int pos, size_t j)
{
	size_t	lo = 0, hi = sc->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sc->at[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sc->n && sc->at[lo].pos == pos; lo++)
		if (sc->at[lo].j == j)
			return lo + 1;
	return 0;
}

/* Scan text for the tokens of piece p, into sc. */
static void
sn_scan(const char *t, size_t len, const struct sn_piece *p,
    struct sn_scan *sc)
{
	sc->q = &p->q;
	sc->n = 0;
	sc->pos = 0;
	/* One word: its places are the words equal to it, whatever is
	 * around them; else the positions of every token count. */
	if (p->word)
		(void)search_tok_words(t, len, sn_scan_cb, sc);
	else
		(void)search_tokenize(t, len, 0, sn_scan_cb, sc);
}

/* The places of the scanned piece: where its first token is and each
 * other one follows at its own distance (FTS5's phrase match).  Each
 * place's bytes go to span() when it is not NULL; the count is returned. */
static int
sn_scan_places(const struct sn_scan *sc, void (*span)(void *, size_t,
    size_t), void *arg)
{
	const struct sn_list *q = sc->q;
	size_t		 i, j, at = 0;
	int		 k = 0, base;

	for (i = 0; i < sc->n; i++) {
		if (sc->at[i].j != 0)
			continue;
		base = sc->at[i].pos - q->t[0].pos;
		at = i + 1;
		for (j = 1; j < q->n; j++)
			if ((at = sn_scan_has(sc, base + q->t[j].pos, j)) == 0)
				break;
		if (j < q->n)
			continue;
		k++;
		if (span != NULL)
			span(arg, sc->at[i].start, sc->at[at - 1].end);
	}
	return k;
}

/*
 * The places of piece p in text: a run of CJK where its bytes are
 * (overlapping places count too: 预预 twice in 预预预), any other piece in
 * the text tokenized in the index layout.  Each place's bytes go to span()
 * when it is not NULL; the count is returned.
 */
static int
sn_count(const char *text, size_t len, const struct sn_piece *p,
    struct sn_scan *sc, void (*span)(void *, size_t, size_t), void *arg)
{
	const char	*t = text, *h;
	size_t		 n = len;
	int		 k = 0;

	if (text == NULL)
		return 0;
	if (!p->han) {
		sn_scan(text, len, p, sc);
		return sn_scan_places(sc, span, arg);
	}
	while ((h = memmem(t, n, p->raw, p->rawlen)) != NULL) {
		k++;
		if (span != NULL)
			span(arg, (size_t)(h - text), (size_t)(h - text) +
			    p->rawlen);
		n -= (size_t)(h - t) + 1;
		t = h + 1;
	}
	return k;
}

/* Check one row: 1 and its score when every piece occurs, 0 when not,
 * -1 when it cannot be read. */
static int
sn_row(sqlite3_stmt *get, sqlite3_int64 id, const struct sn_piece *pc,
    size_t np, struct sn_scan *sc, sqlite3_int64 nrow,
    const sqlite3_int64 *total, double *score)
{
	double	tf[SEARCH_RANK_MAXPH][SEARCH_RANK_MAXCOL];
	int	len[SEARCH_RANK_MAXCOL], found, c, n, rc = 0;
	size_t	i;

	sqlite3_bind_int64(get, 1, id);
	if ((c = sqlite3_step(get)) != SQLITE_ROW) {
		rc = c == SQLITE_DONE ? 0 : -1;
		goto out;
	}
	memset(tf, 0, sizeof(tf));
	for (i = 0; i < np; i++) {
		found = 0;
		for (c = 0; c < SN_COLS; c++) {
			n = sn_count((const char *)sqlite3_column_text(get,
			    c), (size_t)sqlite3_column_bytes(get, c), &pc[i], sc,
			    NULL, NULL);
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

/* Append " AND " and w to the expression *m. */
static void
sn_and(char **m, size_t *mlen, const char *w)
{
	size_t	l = *m != NULL ? strlen(*m) : 0, need = l + strlen(w) + 6;

	if (need > *mlen) {
		*mlen = need * 2;
		*m = xrealloc(*m, *mlen);
		if (l == 0)
			(*m)[0] = '\0';
	}
	if (l > 0)
		strcat(*m, " AND ");
	strcat(*m, w);
}

/* The candidates' expression: the rarest term of each phrase, the words
 * (only those rarer than every phrase's rarest, when there are phrases),
 * the filter's terms.  NULL when no term stands alone and there is no
 * filter. */
static char *
sn_match(sqlite3 *db, struct sn_piece *pc, size_t np, const char *tags)
{
	sqlite3_stmt	*q;
	sqlite3_int64	 top = 0;
	char		*m = NULL, *w;
	size_t		 mlen = 0, i, k;
	double		 d, dmin = -1;
	int		 multi = 0;

	for (i = 0; i < np; i++)
		multi |= pc[i].q.n > 1;
	if (multi && sqlite3_prepare_v2(db, "SELECT rowid FROM doc ORDER BY "
	    "rowid DESC LIMIT 1", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			top = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	for (i = 0; i < np; i++) {
		pc[i].d = -1;
		pc[i].rare = 0;
		/* Without phrases every word goes in: nothing to weigh. */
		if (!multi) {
			pc[i].d = 0;
			continue;
		}
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
		if (pc[i].q.n > 1 && pc[i].d >= 0 &&
		    (dmin < 0 || pc[i].d < dmin))
			dmin = pc[i].d;
	}
	for (i = 0; i < np; i++) {
		if (pc[i].d < 0 || (multi && pc[i].q.n == 1 &&
		    dmin >= 0 && pc[i].d > dmin))
			continue;
		if ((w = sn_quote(&pc[i].q, pc[i].rare)) == NULL)
			continue;
		sn_and(&m, &mlen, w);
		free(w);
	}
	if (tags != NULL && *tags != '\0')
		sn_and(&m, &mlen, tags);
	return m;
}

int
search_narrow(sqlite3 *db, struct search_q *sq, const char *tags,
    size_t window, search_narrow_fn push, void *arg, size_t *seen, int *cut,
    char *err, size_t errlen)
{
	sqlite3_stmt	*q = NULL, *get = NULL;
	sqlite3_int64	 nrow = 0, total[SN_COLS] = { 0 };
	double		 score;
	char		*match = NULL;
	int		 rc = 0, c, ok;

	*seen = 0;
	*cut = 0;
	if (sq->np == 0)
		goto out;
	if ((match = sn_match(db, sq->pc, sq->np, tags)) == NULL) {
		/* Every token of the tokenizer stands alone as a query
		 * (sn_quote); this is only the guard. */
		snprintf(err, errlen, "query: no term to look up");
		rc = -1;
		goto out;
	}
	if ((c = sn_totals(db, match, &nrow, total)) != 0) {
		if (c == -1)
			goto sqlerr;
		goto out;	/* no candidate at all */
	}
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM doc WHERE doc MATCH ?1 "
	    "ORDER BY rowid DESC", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT c.c0, c.c1, c.c2, c.c3, s.sz FROM "
	    "doc_content c, doc_docsize s WHERE c.id = ?1 AND s.id = ?1", -1,
	    &get, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
	while ((c = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ok = sn_row(get, sqlite3_column_int64(q, 0), sq->pc,
		    sq->np, &sq->sc, nrow, total, &score)) == -1)
			goto sqlerr;
		if (ok == 0)
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
	goto out;
sqlerr:
	snprintf(err, errlen, "query: %s", sqlite3_errmsg(db));
	c = sqlite3_errcode(db);
	rc = c == SQLITE_CORRUPT || c == SQLITE_NOTADB ? -2 : -1;
out:
	sqlite3_finalize(q);
	sqlite3_finalize(get);
	free(match);
	return rc;
}

struct sn_spans {
	struct search_span	*s;
	size_t			 n, cap;
};

static void
sn_span(void *arg, size_t start, size_t end)
{
	struct sn_spans	*sp = arg;

	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 16;
		sp->s = xreallocarray(sp->s, sp->cap, sizeof(*sp->s));
	}
	sp->s[sp->n].start = start;
	sp->s[sp->n++].end = end;
}

static int
sn_span_cmp(const void *a, const void *b)
{
	const struct search_span	*x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

void
search_places(struct search_q *sq, const char *text, size_t len,
    struct search_span **out, size_t *nout)
{
	struct sn_spans	 sp = { NULL, 0, 0 };
	size_t		 i, k;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < sq->np; i++)
		(void)sn_count(text, len, &sq->pc[i], &sq->sc, sn_span, &sp);
	if (sp.n == 0)
		return;
	/* In order, overlapping places as one. */
	qsort(sp.s, sp.n, sizeof(*sp.s), sn_span_cmp);
	for (i = 1, k = 0; i < sp.n; i++) {
		if (sp.s[i].start < sp.s[k].end) {
			if (sp.s[i].end > sp.s[k].end)
				sp.s[k].end = sp.s[i].end;
		} else
			sp.s[++k] = sp.s[i];
	}
	*out = sp.s;
	*nout = k + 1;
}
