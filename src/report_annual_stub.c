/*
 * report_annual_stub: stand-ins, until the merge with branch
 * annual-plumb, for what report_annual.c uses of it: the deadline of a
 * report (config_annual_due: 31 January of the next year for an agency,
 * 31 March for the government, as [annual_report]'s defaults), the
 * report built from the index (annual_build: a model with no checks, so
 * they pass) and the configuration itself (report_annual_conf: a
 * placeholder, never NULL, so the compliance report has its annual part
 * on this branch).  The lead drops this file at the merge and defines
 * report_annual_conf as &cf->annual.
 */
#include <stdio.h>

#include "report_annual.h"

struct config_annual {
	int	unused;
};

static const struct config_annual report_annual_stub_conf;

const struct config_annual *
report_annual_conf(const struct config *cf)
{
	(void)cf;
	return &report_annual_stub_conf;
}

const char *
config_annual_due(const struct config_annual *ca, const char *agency,
    int year, char out[11])
{
	(void)ca;
	if (year < 1000 || year > 9998)
		return NULL;
	snprintf(out, 11, "%04d-%s", year + 1, agency != NULL ? "01-31" :
	    "03-31");
	return out;
}

json_t *
annual_build(struct store *st, MDB_txn *txn, struct vault *vt,
    const struct config_annual *ca, int year, const char *agency,
    const char *as_of, char *err, size_t errlen)
{
	(void)st;
	(void)txn;
	(void)vt;
	(void)ca;
	(void)err;
	(void)errlen;
	return json_pack("{s:i, s:s?, s:s, s:[]}", "year", year, "agency",
	    agency, "as_of", as_of, "checks");
}
