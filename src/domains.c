/*
 * domains: sort a 公文 into one of the 试点领域 by keyword rules read from
 * a small line-based file (conf/domains.conf documents the format).
 *
 * A domain is guessed only with evidence, and the evidence is the title
 * and the issuer.  The title is the strongest signal: the domain with the
 * longest title keyword found wins (so 养老保险 beats 养老, 集体土地征收
 * beats 征收).  The issuing agency is a fallback and a tie-break: an
 * agency may guide several domains (住房和城乡建设局: five), so on its own
 * it decides only when it maps to one domain.  Body keywords are weak:
 * they only choose among the domains the title or the agency already
 * point to (a tie in the title, an agency guiding several).  A body alone
 * never decides: a document whose title and issuer point to no domain
 * gets none, however often its body names one.  A body that touches more
 * than a few domains (a plan that lists all 26) is about many things and
 * is ignored even as a tie-break.
 *
 * Matching is plain substring search on text with blanks removed, over a
 * bounded prefix of the body, so the work per document is bounded.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"
#include "multifind.h"
#include "textfile.h"
#include "textblank.h"
#include "textdec.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define DM_MAX_DOMAINS		64
#define DM_MAX_WORDS		256	/* per domain and kind */
#define DM_WORD_MAX		64	/* bytes of a keyword */
#define DM_NAME_MAX		64	/* bytes of a domain name */
#define DM_LINE_MAX		8192	/* bytes of a rule line */
#define DM_FILE_MAX		(1 << 20)
#define DM_BODY_MAX		(128 * 1024)	/* bytes of body searched */
#define DM_HITS_MAX		50	/* hits counted per body keyword */
#define DM_SETTING_MAX		1000

enum dm_kind {
	DM_TITLE,
	DM_AGENCY,
	DM_BODY,
	DM_KINDS
};

static const char *dm_kind_names[DM_KINDS] = { "title", "agency", "body" };

struct dm_words {
	char		**v;
	size_t		  n;
};

struct dm_domain {
	char		*name;
	struct dm_words	 w[DM_KINDS];
};

struct domains {
	struct dm_domain *v;
	size_t		  n;
	const char	**body;		/* every body keyword, domain by domain */
	size_t		  nbody;
	struct multifind *bodyfind;	/* ... counted in one pass */
	int		  body_max_domains;
	int		  body_tiebreak_hits;
};

/* A domain's showing on one signal: best (longest keyword, or hits),
 * hits (keywords or occurrences found), and the keyword to name. */
struct dm_score {
	size_t		 best;
	size_t		 hits;
	const char	*word;
};

/*
 * The settings.  body_min_hits (the hits a body needed to decide alone)
 * is obsolete: a body no longer decides alone.  It is still accepted, and
 * ignored, so that a site copy written for an older docket still loads.
 */
static const struct {
	const char	*name;
	size_t		 off;
	int		 def;
	int		 obsolete;
} dm_settings[] = {
	{ "body_max_domains", offsetof(struct domains, body_max_domains), 3,
	    0 },
	{ "body_tiebreak_hits", offsetof(struct domains, body_tiebreak_hits),
	    2, 0 },
	{ "body_min_hits", 0, 0, 1 },
};

static size_t	 dm_blank_len(const char *, size_t);
static char	*dm_dup(const char *, size_t);
static int	 dm_add_word(struct dm_words *, const char *, size_t);
static int	 dm_parse_words(struct dm_words *, const char *, size_t,
		    const char **);
static int	 dm_parse_setting(struct domains *, const char *, size_t,
		    const char *, size_t, const char **);
static int	 dm_parse_line(struct domains *, const char *, size_t,
		    struct dm_domain **, const char **, char *, size_t);
static void	 dm_title_scores(const struct domains *, const char *,
		    struct dm_score *);
static void	 dm_agency_scores(const struct domains *,
		    const struct gongwen *, struct dm_score *);
static size_t	 dm_body_scores(const struct domains *, const char *,
		    struct dm_score *);
static size_t	 dm_top(const struct domains *, const struct dm_score *,
		    const unsigned char *, size_t *, size_t *);

/* A blank (textblank.h) or a line end: keywords may wrap over lines. */
static size_t
dm_blank_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '\n')
		return 1;
	return textblank_len(s, n);
}

static char *
dm_dup(const char *p, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static int
dm_add_word(struct dm_words *w, const char *p, size_t n)
{
	char	**v;

	if ((v = realloc(w->v, (w->n + 1) * sizeof(*v))) == NULL)
		return -1;
	w->v = v;
	if ((v[w->n] = dm_dup(p, n)) == NULL)
		return -1;
	w->n++;
	return 0;
}

/*
 * Add the keywords of a value (separated by , ， 、 ; ； or blanks) to w.
 * Returns 0, -1 on allocation failure, -2 with *why on a bad keyword.
 */
static int
dm_parse_words(struct dm_words *w, const char *p, size_t n, const char **why)
{
	static const char	*seps[] = { ",", "，", "、", ";", "；" };
	size_t			 i = 0, start, k, j;

	while (i < n) {
		for (k = 0, j = 0; j < nitems(seps); j++)
			if (n - i >= strlen(seps[j]) &&
			    memcmp(p + i, seps[j], strlen(seps[j])) == 0) {
				k = strlen(seps[j]);
				break;
			}
		if (k == 0)
			k = dm_blank_len(p + i, n - i);
		if (k > 0) {
			i += k;
			continue;
		}
		for (start = i; i < n; i++) {
			for (k = 0, j = 0; j < nitems(seps); j++)
				if (n - i >= strlen(seps[j]) &&
				    memcmp(p + i, seps[j], strlen(seps[j])) ==
				    0) {
					k = 1;
					break;
				}
			if (k > 0 || dm_blank_len(p + i, n - i) > 0)
				break;
		}
		if (i - start > DM_WORD_MAX) {
			*why = "keyword too long";
			return -2;
		}
		if (w->n >= DM_MAX_WORDS) {
			*why = "too many keywords";
			return -2;
		}
		if (dm_add_word(w, p + start, i - start) == -1)
			return -1;
	}
	return 0;
}

/* A setting (before the first [domain]): KEY = number. */
static int
dm_parse_setting(struct domains *d, const char *key, size_t kn,
    const char *val, size_t vn, const char **why)
{
	size_t	i;
	long	v = 0;

	for (i = 0; i < nitems(dm_settings); i++)
		if (strlen(dm_settings[i].name) == kn &&
		    memcmp(dm_settings[i].name, key, kn) == 0)
			break;
	if (i == nitems(dm_settings)) {
		*why = "unknown setting (body_max_domains, "
		    "body_tiebreak_hits) or a keyword outside a [domain]";
		return -2;
	}
	if (vn == 0 || vn > 4) {
		*why = "setting needs a number from 0 to 1000";
		return -2;
	}
	for (; vn > 0; val++, vn--) {
		if (*val < '0' || *val > '9') {
			*why = "setting needs a number from 0 to 1000";
			return -2;
		}
		v = v * 10 + (*val - '0');
	}
	if (v > DM_SETTING_MAX) {
		*why = "setting needs a number from 0 to 1000";
		return -2;
	}
	if (!dm_settings[i].obsolete)
		*(int *)(void *)((char *)d + dm_settings[i].off) = (int)v;
	return 0;
}

/*
 * One non-comment line: [name], KEY = VALUE.  Returns 0, -1 on
 * allocation failure, -2 with *why (or a message in msg) on an error.
 */
static int
dm_parse_line(struct domains *d, const char *p, size_t n,
    struct dm_domain **cur, const char **why, char *msg, size_t msglen)
{
	struct dm_domain	*v;
	const char		*eq, *key, *val;
	size_t			 kn, vn, i;

	if (p[0] == '[') {
		if (p[n - 1] != ']') {
			*why = "section header without a closing ]";
			return -2;
		}
		key = p + 1;
		kn = n - 2;
		textblank_trim(&key, &kn);
		if (kn == 0 || kn > DM_NAME_MAX || memchr(key, '[', kn) ||
		    memchr(key, ']', kn)) {
			*why = "bad domain name";
			return -2;
		}
		for (i = 0; i < d->n; i++)
			if (strlen(d->v[i].name) == kn &&
			    memcmp(d->v[i].name, key, kn) == 0) {
				snprintf(msg, msglen, "domain [%.*s] defined "
				    "twice", (int)kn, key);
				*why = msg;
				return -2;
			}
		if (d->n >= DM_MAX_DOMAINS) {
			*why = "too many domains";
			return -2;
		}
		if ((v = realloc(d->v, (d->n + 1) * sizeof(*v))) == NULL)
			return -1;
		d->v = v;
		memset(&v[d->n], 0, sizeof(v[d->n]));
		if ((v[d->n].name = dm_dup(key, kn)) == NULL)
			return -1;
		*cur = &v[d->n++];
		return 0;
	}
	if ((eq = memchr(p, '=', n)) == NULL) {
		*why = "expected [domain] or KEY = VALUE";
		return -2;
	}
	key = p;
	kn = (size_t)(eq - p);
	val = eq + 1;
	vn = n - kn - 1;
	textblank_trim(&key, &kn);
	textblank_trim(&val, &vn);
	if (*cur == NULL)
		return dm_parse_setting(d, key, kn, val, vn, why);
	for (i = 0; i < DM_KINDS; i++)
		if (strlen(dm_kind_names[i]) == kn &&
		    memcmp(dm_kind_names[i], key, kn) == 0)
			return dm_parse_words(&(*cur)->w[i], val, vn, why);
	snprintf(msg, msglen, "unknown key '%.*s' (title, agency or body)",
	    (int)(kn < 40 ? kn : 40), key);
	*why = msg;
	return -2;
}

/* The body keywords of every domain in one list, in the order the
 * scores are folded (domain by domain, word by word), and their index. */
static int
dm_index_body(struct domains *d)
{
	size_t	i, j, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].w[DM_BODY].n;
	if ((d->body = calloc(n + 1, sizeof(*d->body))) == NULL)
		return -1;
	for (i = 0; i < d->n; i++)
		for (j = 0; j < d->v[i].w[DM_BODY].n; j++)
			d->body[d->nbody++] = d->v[i].w[DM_BODY].v[j];
	if ((d->bodyfind = multifind_new(d->body, d->nbody)) == NULL)
		return -1;
	return 0;
}

struct domains *
domains_load_buf(const char *text, const char *name, char *err,
    size_t errlen)
{
	struct domains		*d;
	struct dm_domain	*cur = NULL;
	const char		*p, *end, *nl, *why = NULL;
	char			 msg[160];
	size_t			 n, line = 0, i;
	int			 rc;

	if (name == NULL)
		name = "<rules>";
	if (text == NULL)
		text = "";
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		textfile_error(err, errlen, name, 0, "out of memory");
		return NULL;
	}
	for (i = 0; i < nitems(dm_settings); i++)
		if (!dm_settings[i].obsolete)
			*(int *)(void *)((char *)d + dm_settings[i].off) =
			    dm_settings[i].def;
	p = text;
	end = text + strlen(text);
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; p = nl < end ? nl + 1 : end) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > DM_LINE_MAX) {
			why = "line too long";
			goto bad;
		}
		if (!textdec_is_utf8((const unsigned char *)p, n)) {
			why = "not UTF-8";
			goto bad;
		}
		textblank_trim(&p, &n);
		if (n == 0 || p[0] == '#' || p[0] == ';')
			continue;
		if ((rc = dm_parse_line(d, p, n, &cur, &why, msg,
		    sizeof(msg))) == -1) {
			why = "out of memory";
			goto bad;
		}
		if (rc == -2)
			goto bad;
	}
	if (d->n == 0) {
		why = "no [domain] defined";
		goto bad;
	}
	if (dm_index_body(d) == -1) {
		why = "out of memory";
		goto bad;
	}
	return d;
bad:
	textfile_error(err, errlen, name, line, "%s", why);
	domains_free(d);
	return NULL;
}

struct domains *
domains_load(const char *path, char *err, size_t errlen)
{
	struct domains	*d;
	char		*buf;

	if ((buf = textfile_read(path, DM_FILE_MAX, err, errlen)) == NULL)
		return NULL;
	d = domains_load_buf(buf, path, err, errlen);
	free(buf);
	return d;
}

void
domains_free(struct domains *d)
{
	size_t	i, k, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].name);
		for (k = 0; k < DM_KINDS; k++) {
			for (j = 0; j < d->v[i].w[k].n; j++)
				free(d->v[i].w[k].v[j]);
			free(d->v[i].w[k].v);
		}
	}
	free(d->v);
	free(d->body);
	multifind_free(d->bodyfind);
	free(d);
}

size_t
domains_count(const struct domains *d)
{
	return d != NULL ? d->n : 0;
}

const char *
domains_name(const struct domains *d, size_t i)
{
	return d != NULL && i < d->n ? d->v[i].name : NULL;
}

/* Per domain: the longest title keyword found in title. */
static void
dm_title_scores(const struct domains *d, const char *title,
    struct dm_score *sc)
{
	const struct dm_words	*w;
	size_t			 i, j, l;

	for (i = 0; i < d->n; i++) {
		w = &d->v[i].w[DM_TITLE];
		for (j = 0; title != NULL && j < w->n; j++) {
			if (strstr(title, w->v[j]) == NULL)
				continue;
			sc[i].hits++;
			if ((l = strlen(w->v[j])) > sc[i].best) {
				sc[i].best = l;
				sc[i].word = w->v[j];
			}
		}
	}
}

/* Per domain: the longest agency keyword found in an issuer's name or
 * the letterhead. */
static void
dm_agency_scores(const struct domains *d, const struct gongwen *gw,
    struct dm_score *sc)
{
	const struct dm_words	*w;
	const char		*names[GONGWEN_MAX_ISSUERS + 2];
	size_t			 nn = 0, i, j, k, l;

	for (k = 0; k < gw->nissuers && k < GONGWEN_MAX_ISSUERS; k++)
		if (gw->issuers[k] != NULL)
			names[nn++] = gw->issuers[k];
	if (nn == 0 && gw->issuer != NULL)
		names[nn++] = gw->issuer;
	if (gw->letterhead != NULL)
		names[nn++] = gw->letterhead;
	for (i = 0; i < d->n; i++) {
		w = &d->v[i].w[DM_AGENCY];
		for (j = 0; j < w->n; j++)
			for (k = 0; k < nn; k++) {
				if (strstr(names[k], w->v[j]) == NULL)
					continue;
				sc[i].hits++;
				if ((l = strlen(w->v[j])) > sc[i].best) {
					sc[i].best = l;
					sc[i].word = w->v[j];
				}
				break;
			}
	}
}

/*
 * Per domain: occurrences of its body keywords in the first DM_BODY_MAX
 * bytes of body (blanks and line ends removed, so wrapped words match).
 * Returns how many domains were hit, or SIZE_MAX on allocation failure.
 */
static size_t
dm_body_scores(const struct domains *d, const char *body, struct dm_score *sc)
{
	const struct dm_words	*w;
	char			*flat;
	size_t			*counts, n, i, j, k, c, fl, hit = 0;

	if (body == NULL)
		return 0;
	n = strlen(body);
	if (n > DM_BODY_MAX) {
		n = DM_BODY_MAX;
		/* Not in the middle of a character. */
		while (n > 0 && ((unsigned char)body[n] & 0xc0) == 0x80)
			n--;
	}
	if ((flat = textblank_dup_strip(body, n, 1)) == NULL)
		return SIZE_MAX;
	fl = strlen(flat);
	if ((counts = calloc(d->nbody + 1, sizeof(*counts))) == NULL ||
	    multifind_count(d->bodyfind, flat, fl, DM_HITS_MAX, counts) == -1) {
		free(counts);
		free(flat);
		return SIZE_MAX;
	}
	for (k = 0, i = 0; i < d->n; i++) {
		w = &d->v[i].w[DM_BODY];
		for (j = 0; j < w->n; j++) {
			c = counts[k++];
			sc[i].best += c;
			if (c > sc[i].hits) {
				sc[i].hits = c;
				sc[i].word = w->v[j];
			}
		}
		if (sc[i].best > 0)
			hit++;
	}
	free(counts);
	free(flat);
	return hit;
}

/*
 * Among the domains in set (all when set is NULL): the one with the
 * highest best (then hits).  *ntop gets how many share the top, *second
 * the best of the others.  Returns the index, or SIZE_MAX when no score
 * is above 0.
 */
static size_t
dm_top(const struct domains *d, const struct dm_score *sc,
    const unsigned char *set, size_t *ntop, size_t *second)
{
	size_t	i, top = SIZE_MAX;

	*ntop = 0;
	*second = 0;
	for (i = 0; i < d->n; i++) {
		if ((set != NULL && !set[i]) || sc[i].best == 0)
			continue;
		if (top == SIZE_MAX || sc[i].best > sc[top].best ||
		    (sc[i].best == sc[top].best && sc[i].hits > sc[top].hits)) {
			if (top != SIZE_MAX && sc[top].best > *second)
				*second = sc[top].best;
			top = i;
			*ntop = 1;
		} else if (sc[i].best == sc[top].best &&
		    sc[i].hits == sc[top].hits) {
			(*ntop)++;
			*second = sc[i].best;
		} else if (sc[i].best > *second)
			*second = sc[i].best;
	}
	return top;
}

const char *
domains_classify(const struct domains *d, const struct gongwen *gw,
    const char *body, char *rule, size_t rulelen)
{
	struct dm_score	 title[DM_MAX_DOMAINS], agency[DM_MAX_DOMAINS];
	struct dm_score	 text[DM_MAX_DOMAINS];
	unsigned char	 set[DM_MAX_DOMAINS];
	size_t		 i, t, a, b, ntop, second, nbody, nset;
	char		 dummy[1];

	if (rule == NULL || rulelen == 0) {
		rule = dummy;
		rulelen = sizeof(dummy);
	}
	rule[0] = '\0';
	if (d == NULL || gw == NULL || d->n == 0)
		return NULL;
	memset(title, 0, sizeof(title));
	memset(agency, 0, sizeof(agency));
	memset(text, 0, sizeof(text));
	dm_title_scores(d, gw->title, title);
	dm_agency_scores(d, gw, agency);
	/*
	 * Evidence first: a title and issuer that point to no domain give
	 * none (3 below), and the body is not even read.
	 */
	for (i = 0; i < d->n && title[i].best == 0 && agency[i].best == 0; i++)
		continue;
	if (i == d->n)
		return NULL;
	nbody = dm_body_scores(d, body, text);
	/* A body about many domains says nothing about one of them. */
	if (nbody == SIZE_MAX || nbody > (size_t)d->body_max_domains)
		memset(text, 0, sizeof(text));

	/* 1. The title, ties broken by the agency, then by the body. */
	if ((t = dm_top(d, title, NULL, &ntop, &second)) != SIZE_MAX) {
		if (ntop == 1) {
			snprintf(rule, rulelen, "title:%s", title[t].word);
			return d->v[t].name;
		}
		for (i = 0, nset = 0; i < d->n; i++) {
			set[i] = title[i].best == title[t].best &&
			    title[i].hits == title[t].hits;
			if (set[i] && agency[i].best > 0) {
				nset++;
				a = i;
			}
		}
		if (nset == 1) {
			snprintf(rule, rulelen, "title:%s+agency:%s",
			    title[a].word, agency[a].word);
			return d->v[a].name;
		}
		if ((b = dm_top(d, text, set, &ntop, &second)) != SIZE_MAX &&
		    ntop == 1 && text[b].best >= (size_t)d->body_tiebreak_hits &&
		    text[b].best > second) {
			snprintf(rule, rulelen, "title:%s+body:%s",
			    title[b].word, text[b].word);
			return d->v[b].name;
		}
		return NULL;
	}

	/* 2. The agency, when it guides one domain, or the body picks. */
	if ((a = dm_top(d, agency, NULL, &ntop, &second)) != SIZE_MAX) {
		for (i = 0, nset = 0; i < d->n; i++)
			if ((set[i] = agency[i].best > 0))
				nset++;
		if (nset == 1) {
			snprintf(rule, rulelen, "agency:%s", agency[a].word);
			return d->v[a].name;
		}
		if ((b = dm_top(d, text, set, &ntop, &second)) != SIZE_MAX &&
		    ntop == 1 && text[b].best >= (size_t)d->body_tiebreak_hits &&
		    text[b].best > second) {
			snprintf(rule, rulelen, "agency:%s+body:%s",
			    agency[b].word, text[b].word);
			return d->v[b].name;
		}
		return NULL;
	}

	/*
	 * 3. Neither the title nor the agency points to a domain: none.  The
	 * body alone is no evidence (a notice on any subject may talk at
	 * length about schools); it only chooses among the domains the title
	 * or the agency point to, above.
	 */
	return NULL;
}

int
domains_apply(const struct domains *d, struct gongwen *gw, const char *body)
{
	const char	*name;
	char		 rule[256];
	size_t		 n;

	free(gw->domain);
	free(gw->domain_rule);
	gw->domain = gw->domain_rule = NULL;
	if ((name = domains_classify(d, gw, body, rule, sizeof(rule))) == NULL)
		return 0;
	n = strlen(name);
	if ((gw->domain = dm_dup(name, n)) == NULL)
		return -1;
	if (rule[0] != '\0' &&
	    (gw->domain_rule = dm_dup(rule, strlen(rule))) == NULL) {
		free(gw->domain);
		gw->domain = NULL;
		return -1;
	}
	return 0;
}
