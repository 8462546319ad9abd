/*
 * domains: sort a 公文 into one of the 试点领域 (the 26 pilot domains of
 * 基层政务公开标准化规范化) by rules a site edits without recompiling:
 * per domain, keywords for the title, for the issuing agency and for the
 * body.  The title decides; the agency decides only when it guides a
 * single domain or breaks a tie; the body only chooses among the domains
 * the title or the agency point to (never alone), and is ignored when it
 * touches many domains at once.  The rule file format is described in
 * conf/domains.conf itself.  Pure apart from domains_load's read.
 */
#ifndef DOCKET_DOMAINS_H
#define DOCKET_DOMAINS_H

#include <stddef.h>

#include "gongwen.h"

struct domains;

/*
 * Load rules from the file at path, or from text (the file's exact
 * contents, NUL-terminated; name is used in messages, e.g. "<built-in>").
 * Returns NULL with "FILE:LINE: reason" in err (errlen bytes) on a bad
 * file or allocation failure.
 */
struct domains	*domains_load(const char *path, char *err, size_t errlen);
struct domains	*domains_load_buf(const char *text, const char *name,
		    char *err, size_t errlen);
void		 domains_free(struct domains *);

/* The domains defined, in file order. */
size_t		 domains_count(const struct domains *);
const char	*domains_name(const struct domains *, size_t);

/*
 * Classify gw (its title, issuers and letterhead) and body (the whole
 * text, or NULL).  Returns the domain's name (owned by d) or NULL when
 * no rule decides, always when neither the title nor the issuers and
 * letterhead point to a domain, whatever the body says; rule (rulelen
 * bytes, may be NULL) gets what decided, e.g. "title:预算",
 * "agency:税务局", "title:征收+agency:自然资源",
 * "agency:住房和城乡建设+body:公租房", or "" for none.
 */
const char	*domains_classify(const struct domains *d,
		    const struct gongwen *gw, const char *body, char *rule,
		    size_t rulelen);

/* domains_classify into gw->domain and gw->domain_rule (malloc'd, or
 * NULL).  Returns 0, or -1 on allocation failure. */
int		 domains_apply(const struct domains *d, struct gongwen *gw,
		    const char *body);

#endif
