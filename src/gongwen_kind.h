/*
 * gongwen_kind: the kind of an official document for the annual report's
 * table 二 — regulation (规章), normative (行政规范性文件) or other —
 * inferred from the docno and title, overridden by docketd.conf's docno
 * prefix rules and by a record's own doc_kind (docketctl mark --kind).
 */
#ifndef DOCKET_GONGWEN_KIND_H
#define DOCKET_GONGWEN_KIND_H

#include <stddef.h>

#include <jansson.h>

enum gw_kind { GW_KIND_OTHER, GW_KIND_REGULATION, GW_KIND_NORMATIVE };

const char	*gongwen_kind_name(enum gw_kind);
int		 gongwen_kind_parse(const char *, enum gw_kind *);

struct gongwen_kind_rule {
	char		 agency[256];	/* "" all */
	char		 prefix[128];
	enum gw_kind	 kind;
};

enum gw_kind	 gongwen_kind_of(json_t *rec, const struct gongwen_kind_rule *,
		    size_t, const char **why);

#endif
