/*
 * search_fts: the FTS5 tokenizer "docket" — search_tok.c behind FTS5's
 * fts5_tokenizer interface.  Documents get the index layout (bigrams
 * with their unigrams colocated), queries the query layout
 * (FTS5_TOKENIZE_QUERY), so a two-character word is one term and a
 * docno one term.  The index keeps no positions (detail=column,
 * search.c): where a phrase's terms follow each other is read from the
 * row's text (search_narrow.c).
 *
 * And the rank function docket_rank(w0, w1, ...): BM25's term frequency
 * and length normalisation per column (weights w), without its inverse
 * document frequency.  FTS5's bm25() computes that by counting every
 * match of each phrase once per query, which at a million documents
 * costs 25 ms for a word in most of them before a single row is ranked;
 * every hit contains every phrase, so the IDF only weighs phrases against
 * each other, and dropping it keeps a query's cost to the rows it ranks.
 * Queries rank with its formula (search_fts_score) in search_narrow.c,
 * on counts read from the rows' text: FTS5's xInst on a detail=column
 * table would tokenize every row it ranks.  docket_rank is the same
 * formula through FTS5's own counts: test_search ranks a table with
 * positions with it, the reference search_narrow.c must equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_fts.h"
#include "search_tok.h"

struct fts_call {
	void	*ctx;
	int	(*xToken)(void *, int, const char *, int, int, int);
};

static int
fts_tok(void *arg, int colocated, const char *tok, size_t len, size_t start,
    size_t end)
{
	struct fts_call	*c = arg;

	return c->xToken(c->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok,
	    (int)len, (int)start, (int)end);
}

static int
fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int	one;

	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&one;
	return SQLITE_OK;
}

static void
fts_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
    int len, int (*xToken)(void *, int, const char *, int, int, int))
{
	struct fts_call	c = { ctx, xToken };

	(void)t;
	if (len <= 0)
		return SQLITE_OK;
	return search_tokenize(text, (size_t)len,
	    (flags & FTS5_TOKENIZE_QUERY) != 0, fts_tok, &c);
}

#define RANK_K1		1.2
#define RANK_B		0.75

double
search_fts_score(double tf[][SEARCH_RANK_MAXCOL], int nph, int ncol,
    const double *w, const int *len, sqlite3_int64 nrow,
    const sqlite3_int64 *total)
{
	double	avg, score = 0;
	int	ic, ip;

	if (nrow < 1)
		nrow = 1;
	for (ic = 0; ic < ncol; ic++) {
		if (w[ic] == 0)
			continue;
		avg = total[ic] > 0 ? (double)total[ic] / (double)nrow : 1.0;
		for (ip = 0; ip < nph; ip++)
			if (tf[ip][ic] > 0)
				score += w[ic] * tf[ip][ic] * (RANK_K1 + 1) /
				    (tf[ip][ic] + RANK_K1 * (1 - RANK_B +
				    RANK_B * (double)len[ic] / avg));
	}
	return score;
}

static void
fts_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	double		 tf[SEARCH_RANK_MAXPH][SEARCH_RANK_MAXCOL];
	double		 w[SEARCH_RANK_MAXCOL];
	sqlite3_int64	 nrow = 0, total[SEARCH_RANK_MAXCOL];
	int		 ncol, nph, ninst, i, ip, ic, io, len[SEARCH_RANK_MAXCOL];

	ncol = api->xColumnCount(fts);
	nph = api->xPhraseCount(fts);
	if (ncol > SEARCH_RANK_MAXCOL)
		ncol = SEARCH_RANK_MAXCOL;
	if (nph > SEARCH_RANK_MAXPH)
		nph = SEARCH_RANK_MAXPH;
	memset(tf, 0, sizeof(tf));
	if (api->xRowCount(fts, &nrow) != SQLITE_OK || nrow < 1)
		nrow = 1;
	for (ic = 0; ic < ncol; ic++) {
		if (api->xColumnTotalSize(fts, ic, &total[ic]) != SQLITE_OK)
			total[ic] = 0;
		w[ic] = ic < nval ? sqlite3_value_double(val[ic]) : 1.0;
		len[ic] = 0;
		if (w[ic] != 0 && api->xColumnSize(fts, ic, &len[ic]) !=
		    SQLITE_OK)
			len[ic] = 0;
	}
	if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
		sqlite3_result_error(ctx, "docket_rank: no instances", -1);
		return;
	}
	for (i = 0; i < ninst; i++)
		if (api->xInst(fts, i, &ip, &ic, &io) == SQLITE_OK &&
		    ip < nph && ic < ncol)
			tf[ip][ic] += 1;
	/* FTS5 orders rank ascending, as bm25() does. */
	sqlite3_result_double(ctx, -search_fts_score(tf, nph, ncol, w, len,
	    nrow, total));
}

/* docket_totals(): "NROW TOTAL0 TOTAL1 ...", what docket_rank's length
 * normalisation reads (search_narrow.c ranks rows itself with it). */
static void
fts_totals(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	char		 buf[32 * (SEARCH_RANK_MAXCOL + 1)];
	sqlite3_int64	 v;
	size_t		 n;
	int		 ic, ncol;

	(void)nval;
	(void)val;
	if (api->xRowCount(fts, &v) != SQLITE_OK)
		v = 0;
	n = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)v);
	ncol = api->xColumnCount(fts);
	for (ic = 0; ic < ncol && ic < SEARCH_RANK_MAXCOL; ic++) {
		if (api->xColumnTotalSize(fts, ic, &v) != SQLITE_OK)
			v = 0;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %lld",
		    (long long)v);
	}
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

int
search_fts_register(sqlite3 *db)
{
	static fts5_tokenizer	 tok = { fts_create, fts_delete, fts_tokenize };
	fts5_api		*api = NULL;
	sqlite3_stmt		*st;
	int			 rc;

	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(st);
	rc = sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	if (api == NULL || api->iVersion < 2)
		return SQLITE_ERROR;
	if ((rc = api->xCreateTokenizer(api, "docket", NULL, &tok, NULL)) !=
	    SQLITE_OK)
		return rc;
	if ((rc = api->xCreateFunction(api, "docket_rank", NULL, fts_rank,
	    NULL)) != SQLITE_OK)
		return rc;
	return api->xCreateFunction(api, "docket_totals", NULL, fts_totals,
	    NULL);
}
