/*
 * config: docketd.conf, read with inih.  Resolves every path docket uses
 * under one root, so docketd and docketctl agree on where things live.
 */
#ifndef DOCKET_CONFIG_H
#define DOCKET_CONFIG_H

#include <limits.h>
#include <stdint.h>

#include "config_mirror.h"
#include "config_value.h"
#include "lifecycle.h"

#define CONFIG_DEFAULT_FILE	SYSCONFDIR "/docket/docketd.conf"
#define CONFIG_DEFAULT_ROOT	"/var/lib/docket"
#define CONFIG_DEFAULT_DOMAINS	SYSCONFDIR "/docket/domains.conf"
#define CONFIG_DEFAULT_NEGLIST	SYSCONFDIR "/docket/negative-list.conf"
#define CONFIG_DEFAULT_HOLIDAYS	SYSCONFDIR "/docket/holidays"
#define CONFIG_MAX_TOOLS	16
#define CONFIG_MAX_READERS	64
/* .doc and .wps by default: antiword, else catdoc (small files). */
#define CONFIG_DOC_TOOL \
	"antiword -w 0 -m UTF-8.txt %f || catdoc -d utf-8 -w %f"
#define CONFIG_ROOT_FILE	"docketd.conf"	/* ROOT/docketd.conf */
#define CONFIG_RECORD_NAME	"docketd.conf.path"	/* docketd's record */

/* An external text extractor for one file name extension. */
struct config_tool {
	char		 ext[16];	/* lower case, no dot: "pdf" */
	char		 cmd[512];	/* "pdftotext -enc UTF-8 %f -"; "" = off */
};

/* [agency NAME]: which issuers are the agency's, and where its reports
 * go. */
struct config_agency {
	char		 name[256];	/* intake folder name, or issuer */
	char		 secretary[1024];	/* address list; "" none */
	char		 issuers[2048];	/* "A, B": issuer names mapped here */
	char		 code[64];	/* organisation code for 索引号; "" */
};

/* [publish]: the public catalog (site_*.c). */
struct config_publish {
	char		 dir[PATH_MAX];		/* the static site; "" = none */
	char		 base_url[512];		/* https://…/gongkai/, or "" */
	char		 site_name[256];	/* 政府信息公开 */
	char		 code[64];		/* 索引号 code of the whole
						 * government; "" */
	unsigned int	 interpretation_days;	/* 政策解读 due (default 3) */
};

/* [annual_report AGENCY]: an agency's own deadline (its docno prefix
 * rules are in struct config_annual's rules, with their agency). */
struct config_annual_agency {
	char		 name[256];
	char		 due[6];	/* MM-DD; "" = [annual_report] agency_due */
};

/* [annual_report] and [annual_report AGENCY]: the annual report
 * (config_annual.c). */
struct gongwen_kind_rule;
struct config_annual {
	char		 notes_dir[PATH_MAX];	/* the operators' paragraphs:
						 * YEAR-AGENCY.md, YEAR.md;
						 * resolved like the paths */
	char		 agency_due[6];		/* MM-DD of the next year:
						 * 01-31 */
	char		 government_due[6];	/* 03-31 */
	struct config_annual_agency *agencies;	/* malloc'd: config_free */
	size_t		 nagencies;
	struct gongwen_kind_rule *rules;	/* docno prefixes, global
						 * ones with agency ""; malloc'd */
	size_t		 nrules;
};

/* [report NAME]: a scheduled report. */
struct config_report {
	char		 name[64];
	char		 kind[16];	/* review cleanup compliance summary */
	char		 schedule[128];	/* cron; "" for cleanup: after each run */
	int		 within_days;	/* review look-ahead */
	char		 recipients[1024];	/* "agency", or addresses */
	int		 send_empty;
	int		 attach_csv;
	int		 catch_up;	/* run a missed one at start */
};

/* [mail] */
struct config_mail {
	char		 transport[512];	/* "sendmail", smtp://, smtps:// */
	char		 sendmail[512];	/* command line */
	char		 from[512];
	int		 starttls;
	char		 user[128];
	char		 password[256];
	uint64_t	 retry_initial_ms;
	uint64_t	 retry_max_ms;
	uint64_t	 timeout_ms;
	int		 configured;	/* the file has a [mail] section */
};

struct config {
	char		 file[PATH_MAX];	/* "" when none was read */
	char		 root[PATH_MAX];
	char		 intake[PATH_MAX];
	char		 spool[PATH_MAX];
	char		 quarantine[PATH_MAX];
	char		 db[PATH_MAX];
	char		 vault[PATH_MAX];
	char		 sock[PATH_MAX];
	char		 lock[PATH_MAX];
	unsigned int	 rescan;	/* seconds between full rescans */
	unsigned int	 settle_ms;	/* size+mtime unchanged this long */
	uint64_t	 max_size;	/* bytes; larger files are quarantined */
	unsigned int	 batch_max;	/* documents per commit */
	unsigned int	 readers;	/* reader threads; 1: none */
	unsigned int	 batch_ms;	/* wait this long to fill a batch */
	uint64_t	 map_size;	/* initial LMDB map size */
	char		 domains[PATH_MAX];	/* "" = the built-in rules */
	char		 negative_list[PATH_MAX];	/* 负面清单; "" = the
						 * built-in list */
	char		 calendar_dir[PATH_MAX];	/* [calendar] dir: holiday
						 * files over the built-in
						 * ones; "" = built-in only */
	int		 calendar_dir_set;	/* configured: must exist */
	struct config_tool tools[CONFIG_MAX_TOOLS];
	size_t		 ntools;
	unsigned int	 tool_timeout_ms;	/* external extractor timeout */
	uint64_t	 max_text;	/* cap on extracted text */
	struct {				/* [ocr]: scanned documents */
		int		 enabled;	/* ocr = yes */
		char		 lang[64];	/* tesseract -l: chi_sim */
		unsigned int	 dpi;		/* pdftoppm -r */
		unsigned int	 max_pages;	/* pages read of one PDF */
		unsigned int	 workers;	/* worker processes at once */
		unsigned int	 queue;		/* documents waiting, at most */
		unsigned int	 page_timeout_ms;	/* one page's tools */
		unsigned int	 timeout_ms;	/* one document, all pages */
		unsigned int	 min_confidence;	/* mean below: quarantine */
	} ocr;
	char		 admin_group[64];	/* may change things over the socket */
	struct lc_policy review;		/* [review] */
	char		 cleanup_schedule[128];	/* [cleanup] schedule, cron */
	int		 cleanup_catchup;	/* run a missed cleanup at start */
	int		 classified_refuse;	/* [intake] classified = refuse:
						 * quarantine a 密级 document */
	struct {				/* [applications] */
		int	 fee_pages;		/* fee_method = pages */
		int	 due_soon;		/* working days left */
	} apply;
	struct config_mail mail;
	struct config_publish publish;
	struct config_mirror mirrors[CONFIG_MAX_MIRRORS];	/* [mirror NAME] */
	size_t		 nmirrors;
	struct config_agency *agencies;		/* malloc'd: config_free */
	size_t		 nagencies;
	struct config_report *reports;		/* malloc'd: config_free */
	size_t		 nreports;
	struct config_annual annual;		/* [annual_report] */
};

/* Free what config_load allocated (agencies, reports, the annual
 * report's rules and agencies). */
void	config_free(struct config *);
/* Move the mail settings and [annual_report] of src into dst (reload),
 * freeing dst's. */
void	config_take_mail(struct config *dst, struct config *src);
/* The [agency] section of a name, or NULL. */
const struct config_agency *config_agency(const struct config *,
	    const char *name);
/*
 * A document's agency: the intake subfolder when there is one (non-empty),
 * else the [agency NAME] whose name or `issuers` list is the issuer; NULL
 * when neither: an issuer no [agency] maps is no agency (an agency is
 * always a folder or a configured one).  Borrowed from the arguments or
 * cf.
 */
const char *config_agency_of(const struct config *, const char *subfolder,
	    const char *issuer);

/* The command configured for an extension (without dot), or NULL. */
const char *config_tool(const struct config *, const char *ext);

/*
 * Load the configuration.  file may be NULL; root may be NULL (paths as
 * configured), else the configured paths are taken relative to root.
 * Which file is read:
 *   -c FILE (file set)        FILE
 *   -r ROOT alone             the file docketd recorded in
 *                             ROOT/docketd.conf.path, else
 *                             ROOT/docketd.conf when it exists, else none
 *   neither                   CONFIG_DEFAULT_FILE, silently skipped when
 *                             missing
 * so docketctl -r ROOT reads what the docketd of ROOT reads.  cf->file
 * is the absolute path of the file read ("" for none).  On error returns
 * -1 with a message in err ("FILE:LINE: reason").
 */
int	config_load(struct config *, const char *file, const char *root,
	    char *err, size_t errlen);
/* The same for docketd itself: -r ROOT alone never follows the record
 * (docketd is the one who writes it). */
int	config_load_daemon(struct config *, const char *file,
	    const char *root, char *err, size_t errlen);
/* docketd, once it holds the root's lock: record cf->file in
 * ROOT/docketd.conf.path (mode 0644), or remove the record when no file
 * was read.  -1 with err. */
int	config_record(const struct config *, char *err, size_t errlen);

#endif
