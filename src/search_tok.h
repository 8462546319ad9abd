/*
 * search_tok: the words of a text for the full-text index, pure.
 *
 * Chinese has no spaces, and the words that matter are often two
 * characters long (预算, 征收), which a trigram index cannot find.  So a
 * run of CJK characters gives, at each character's position, the bigram
 * that starts there (with the next character) and, at the same position,
 * the unigram of the character alone; the run's last character gives its
 * unigram only.  A run of ASCII letters and digits (full-width ones
 * folded to ASCII, letters lowercased) is one word.  Everything else —
 * punctuation, brackets, spaces — separates words and is not indexed, so
 * the docno 测财〔2015〕1号 is the phrase 测财 财 2015 1 号 and is found
 * however its brackets were typed.
 *
 * A query is tokenized so that its tokens, taken as a phrase of
 * consecutive positions, match that layout: a run of n >= 2 CJK
 * characters gives its n-1 bigrams, then the last character's unigram
 * only when more words follow in the same phrase (it stands for the
 * position the run's last character takes in the text); a run of one
 * character gives its unigram.  So 预算 is one bigram term, and 预算管理
 * is the phrase 预算 算管 管理.
 *
 * Docnos: a run of CJK followed by 〔YYYY〕N号 (any of the bracket forms
 * 〔〕 [] 【】 () （）, blanks allowed) also gives, at the run's last
 * position, one token per suffix of the run's last 8 characters with
 * the tail in its canonical form (财〔2015〕1号, 测财〔2015〕1号, …): where
 * the issuer's code begins in running text is not known.  A query that
 * is a docno and nothing else is the one token of its whole code, so a
 * docno is found by one term, not by a phrase of common ones (号, 1).
 */
#ifndef DOCKET_SEARCH_TOK_H
#define DOCKET_SEARCH_TOK_H

#include <stddef.h>

#define SEARCH_TOK_MAX		64	/* bytes of one token (longer ASCII
					 * words are cut) */

/* A token: its bytes, whether it shares the position of the token before
 * it, and the byte range of the input it covers.  Non-zero stops. */
typedef int (*search_tok_cb)(void *arg, int colocated, const char *tok,
	    size_t len, size_t start, size_t end);

/* Tokenize text (UTF-8; invalid bytes separate words).  query selects
 * the query layout.  Returns 0 or what cb returned. */
int	search_tokenize(const char *text, size_t len, int query,
	    search_tok_cb cb, void *arg);

/*
 * Whether s is one run of CJK characters and nothing else.  Such a run's
 * tokens (query layout) match a text exactly where its bytes occur in
 * it: characters of a run are taken as they are, never folded.
 */
int	search_tok_han(const char *s, size_t n);

/* The ASCII words of text only, as search_tokenize gives them (folded,
 * cut at SEARCH_TOK_MAX), without the CJK terms around them: what a
 * query of one word needs to count its places.  0 or what cb returned. */
int	search_tok_words(const char *text, size_t len, search_tok_cb cb,
	    void *arg);

#endif
