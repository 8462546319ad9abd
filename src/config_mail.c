/*
 * config_mail: the section handlers of docketd.conf for the reports
 * mailed to agency secretaries — [mail], [agency NAME] and [report NAME]
 * — registered with config.c as a table {section, argument, handler}.
 * Only struct config (config.h) and the value syntax (config_value.h)
 * are used here; config.c owns the file and calls in, never the reverse.
 * Every value is checked here, at load and at reload, so a bad address
 * or schedule is a configuration error with its line, not a failed send
 * weeks later.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_mail.h"
#include "config_publish.h"
#include "config_value.h"
#include "cron.h"
#include "lifecycle.h"
#include "mailmsg.h"
#include "mailsend.h"
#include "report.h"

void
config_mail_defaults(struct config *cf)
{
	struct config_mail *m = &cf->mail;

	strcpy(m->transport, "sendmail");
	strcpy(m->sendmail, "/usr/sbin/sendmail -t -oi");
	strcpy(m->from, "docket <docket@localhost>");
	m->retry_initial_ms = 60 * 1000;
	m->retry_max_ms = 3600 * 1000;
	m->timeout_ms = 30 * 1000;
}

static int
config_mail_str(char *dst, size_t len, const char *name, const char *value,
    char *err, size_t errlen)
{
	if (strlen(value) >= len) {
		snprintf(err, errlen, "%s: value too long", name);
		return 0;
	}
	strcpy(dst, value);
	return 1;
}

/* Addresses: one or a comma-separated list, each checked. */
static int
config_mail_addrs(const char *name, const char *value, char *err,
    size_t errlen)
{
	struct mail_addr	*a = NULL;
	size_t			 n = 0;
	char			 why[256];

	if (mail_addr_list(value, &a, &n, why, sizeof(why)) == -1 || n == 0) {
		snprintf(err, errlen, "%s: '%s': %s", name, value,
		    n == 0 && why[0] == '\0' ? "no address" : why);
		free(a);
		return 0;
	}
	free(a);
	return 1;
}

static int
config_mail_duration(uint64_t *dst, const char *name, const char *value,
    uint64_t min, uint64_t max, char *err, size_t errlen)
{
	uint64_t v;

	if (config_parse_duration_ms(value, &v) == -1 || v < min || v > max) {
		snprintf(err, errlen, "%s: '%s' is not a duration from %llus "
		    "to %llus", name, value, (unsigned long long)(min / 1000),
		    (unsigned long long)(max / 1000));
		return 0;
	}
	*dst = v;
	return 1;
}

static int
config_mail_key(struct config *cf, const char *name, const char *value,
    char *err, size_t errlen)
{
	struct config_mail	*m = &cf->mail;
	struct mail_transport	 t;
	char			 why[256];

	if (strcmp(name, "transport") == 0) {
		if (mail_transport_parse(value, &t, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "transport: %s", why);
			return 0;
		}
		return config_mail_str(m->transport, sizeof(m->transport),
		    name, value, err, errlen);
	}
	if (strcmp(name, "sendmail") == 0)
		return config_mail_str(m->sendmail, sizeof(m->sendmail), name,
		    value, err, errlen);
	if (strcmp(name, "from") == 0)
		return config_mail_addrs(name, value, err, errlen) &&
		    config_mail_str(m->from, sizeof(m->from), name, value, err,
		    errlen);
	if (strcmp(name, "user") == 0)
		return config_mail_str(m->user, sizeof(m->user), name, value,
		    err, errlen);
	if (strcmp(name, "password") == 0)
		return config_mail_str(m->password, sizeof(m->password), name,
		    value, err, errlen);
	if (strcmp(name, "starttls") == 0) {
		if (config_parse_bool(value, &m->starttls) == -1) {
			snprintf(err, errlen, "starttls: '%s' is not yes or no",
			    value);
			return 0;
		}
		return 1;
	}
	if (strcmp(name, "retry_initial") == 0)
		return config_mail_duration(&m->retry_initial_ms, name, value,
		    1000, 86400 * 1000ULL, err, errlen);
	if (strcmp(name, "retry_max") == 0)
		return config_mail_duration(&m->retry_max_ms, name, value,
		    1000, 7 * 86400 * 1000ULL, err, errlen);
	/* Delivery runs in the event loop: stay well inside the watchdog's
	 * 60 s (docketd.service). */
	if (strcmp(name, "timeout") == 0)
		return config_mail_duration(&m->timeout_ms, name, value,
		    1000, 45 * 1000ULL, err, errlen);
	snprintf(err, errlen, "unknown key '%s' in [mail]", name);
	return 0;
}

static int
config_mail_agency(struct config *cf, const char *agency, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_agency	*a = NULL, *na;
	size_t			 i;

	if (strcmp(name, "secretary") != 0 && strcmp(name, "issuers") != 0 &&
	    strcmp(name, "code") != 0) {
		snprintf(err, errlen, "unknown key '%s' in [agency %s]", name,
		    agency);
		return 0;
	}
	if (name[0] == 'c' && !config_publish_code(value, err, errlen))
		return 0;
	if (name[0] == 's' && !config_mail_addrs(name, value, err, errlen))
		return 0;
	if (name[0] == 'i' && (strpbrk(value, "\r\n") != NULL ||
	    strspn(value, " \t,") == strlen(value))) {
		snprintf(err, errlen, "issuers: '%s' is not a list of issuer "
		    "names (A, B)", value);
		return 0;
	}
	for (i = 0; i < cf->nagencies; i++)
		if (strcmp(cf->agencies[i].name, agency) == 0)
			a = &cf->agencies[i];
	if (a == NULL) {
		if (strlen(agency) >= sizeof(a->name)) {
			snprintf(err, errlen, "[agency %s]: name too long",
			    agency);
			return 0;
		}
		if ((na = reallocarray(cf->agencies, cf->nagencies + 1,
		    sizeof(*na))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return 0;
		}
		cf->agencies = na;
		a = &cf->agencies[cf->nagencies++];
		memset(a, 0, sizeof(*a));
		strcpy(a->name, agency);
	}
	if (name[0] == 'i')
		return config_mail_str(a->issuers, sizeof(a->issuers), name,
		    value, err, errlen);
	if (name[0] == 'c')
		return config_mail_str(a->code, sizeof(a->code), name, value,
		    err, errlen);
	return config_mail_str(a->secretary, sizeof(a->secretary), name,
	    value, err, errlen);
}

static struct config_report *
config_mail_report_get(struct config *cf, const char *rname, char *err,
    size_t errlen)
{
	struct config_report	*r, *nr;
	size_t			 i;

	for (i = 0; i < cf->nreports; i++)
		if (strcmp(cf->reports[i].name, rname) == 0)
			return &cf->reports[i];
	if (strlen(rname) >= sizeof(r->name) || rname[0] == '\0') {
		snprintf(err, errlen, "[report %s]: a name of 1 to 63 bytes",
		    rname);
		return NULL;
	}
	if ((nr = reallocarray(cf->reports, cf->nreports + 1,
	    sizeof(*nr))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	cf->reports = nr;
	r = &cf->reports[cf->nreports++];
	memset(r, 0, sizeof(*r));
	strcpy(r->name, rname);
	strcpy(r->recipients, "agency");
	r->within_days = 30;
	r->catch_up = 1;
	return r;
}

static int
config_mail_report(struct config *cf, const char *rname, const char *name,
    const char *value, char *err, size_t errlen)
{
	struct config_report	*r;
	struct cron		 c;
	char			 why[256], kinds[128];
	int			 m, d;

	if ((r = config_mail_report_get(cf, rname, err, errlen)) == NULL)
		return 0;
	if (strcmp(name, "kind") == 0) {
		if (!report_kind_known(value)) {
			report_kind_list(kinds, sizeof(kinds), ", ", " or ");
			snprintf(err, errlen, "kind: '%s' is not %s", value,
			    kinds);
			return 0;
		}
		strcpy(r->kind, value);
		return 1;
	}
	if (strcmp(name, "schedule") == 0) {
		if (cron_parse(&c, value, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "schedule: '%s': %s", value, why);
			return 0;
		}
		return config_mail_str(r->schedule, sizeof(r->schedule), name,
		    value, err, errlen);
	}
	if (strcmp(name, "within") == 0) {
		if (lc_parse_period(value, &m, &d) == -1 || m * 31 + d > 3660) {
			snprintf(err, errlen, "within: '%s' is not a period "
			    "(e.g. 30d, 2w, 1m)", value);
			return 0;
		}
		r->within_days = m * 30 + d;
		return 1;
	}
	if (strcmp(name, "recipients") == 0) {
		if (strcmp(value, "agency") != 0 &&
		    !config_mail_addrs(name, value, err, errlen))
			return 0;
		return config_mail_str(r->recipients, sizeof(r->recipients),
		    name, value, err, errlen);
	}
	if (strcmp(name, "send_empty") == 0 || strcmp(name, "attach_csv") == 0 ||
	    strcmp(name, "catch_up") == 0) {
		int *dst = name[0] == 's' ? &r->send_empty :
		    name[0] == 'a' ? &r->attach_csv : &r->catch_up;

		if (config_parse_bool(value, dst) == -1) {
			snprintf(err, errlen, "%s: '%s' is not yes or no",
			    name, value);
			return 0;
		}
		return 1;
	}
	snprintf(err, errlen, "unknown key '%s' in [report %s]", name, rname);
	return 0;
}

/* [mail] has no argument; [agency NAME] and [report NAME] have one. */
static int
config_mail_section(struct config *cf, const char *arg, const char *name,
    const char *value, char *err, size_t errlen)
{
	(void)arg;
	cf->mail.configured = 1;
	return config_mail_key(cf, name, value, err, errlen);
}

const struct config_section config_mail_sections[] = {
	{ "mail", 0, config_mail_section },
	{ "agency", 1, config_mail_agency },
	{ "report", 1, config_mail_report },
	{ NULL, 0, NULL }
};

int
config_mail_check(struct config *cf, char *err, size_t errlen)
{
	char	kinds[128];
	size_t	i;

	if (cf->mail.user[0] != '\0' &&
	    strncmp(cf->mail.transport, "smtp://", 7) == 0 &&
	    !cf->mail.starttls) {
		snprintf(err, errlen, "[mail]: a user and password over "
		    "smtp:// would cross the network in clear; set "
		    "starttls = yes or use smtps://");
		return -1;
	}

	/* An agency's code names its directory on the site (agency/CODE/):
	 * two agencies with one code would write each other's pages, and
	 * "none" is the directory of the documents of no agency. */
	for (i = 0; i < cf->nagencies; i++) {
		const char	*code = cf->agencies[i].code;
		size_t		 j;

		if (code[0] == '\0')
			continue;
		if (strcmp(code, "none") == 0) {
			snprintf(err, errlen, "[agency %s]: code 'none' is "
			    "taken (the site's agency/none/ holds the "
			    "documents of no agency)", cf->agencies[i].name);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(cf->agencies[j].code, code) == 0) {
				snprintf(err, errlen, "[agency %s]: code '%s' "
				    "is already [agency %s]'s (an agency's code "
				    "is its own: it names its directory "
				    "agency/CODE/ on the site)",
				    cf->agencies[i].name, code,
				    cf->agencies[j].name);
				return -1;
			}
	}

	for (i = 0; i < cf->nreports; i++) {
		if (cf->reports[i].kind[0] == '\0') {
			report_kind_list(kinds, sizeof(kinds), ", ", " or ");
			snprintf(err, errlen, "[report %s]: no kind (%s)",
			    cf->reports[i].name, kinds);
			return -1;
		}
		if (cf->reports[i].schedule[0] == '\0' &&
		    strcmp(cf->reports[i].kind, "cleanup") != 0) {
			snprintf(err, errlen, "[report %s]: no schedule (five "
			    "cron fields)", cf->reports[i].name);
			return -1;
		}
	}
	return 0;
}
