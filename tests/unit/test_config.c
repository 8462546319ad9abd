/* Unit tests for config: defaults, -r ROOT, -c FILE, errors with lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "config_annual.h"
#include "gongwen_kind.h"

static char *
write_conf(const char *text)
{
	static char	path[64];
	FILE		*fp;
	int		 fd;

	snprintf(path, sizeof(path), "/tmp/docket-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_root_defaults(void **state)
{
	struct config	cf;
	char		err[256];

	assert_int_equal(config_load(&cf, NULL, "/srv/d", err, sizeof(err)),
	    0);
	assert_string_equal(cf.intake, "/srv/d/intake");
	assert_string_equal(cf.spool, "/srv/d/spool");
	assert_string_equal(cf.quarantine, "/srv/d/quarantine");
	assert_string_equal(cf.db, "/srv/d/db");
	assert_string_equal(cf.vault, "/srv/d/vault.git");
	assert_string_equal(cf.sock, "/srv/d/docketd.sock");
	assert_int_equal(cf.rescan, 60);
	assert_int_equal(cf.settle_ms, 1000);
	assert_true(cf.max_size == 64ULL << 20);
	/* No ROOT/negative-list.conf: the built-in list. */
	assert_string_equal(cf.negative_list, "");
}

/* negative_list: as given (under ROOT with -r), and a relative path under
 * the root. */
static void
test_negative_list(void **state)
{
	struct config	 cf;
	char		 err[256];
	char		*p = write_conf("root = /var/lib/x\n"
	    "negative_list = /etc/docket/neg.conf\n");

	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.negative_list, "/etc/docket/neg.conf");
	assert_int_equal(config_load(&cf, p, "/tmp/r", err, sizeof(err)), 0);
	assert_string_equal(cf.negative_list, "/tmp/r/etc/docket/neg.conf");
	unlink(p);
	p = write_conf("root = /var/lib/x\nnegative_list = neg.conf\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.negative_list, "/var/lib/x/neg.conf");
	unlink(p);
	p = write_conf("negative_list =\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad path"));
	unlink(p);
}

static void
test_file_values_and_root(void **state)
{
	struct config	 cf;
	char		 err[256];
	char		*p = write_conf("; comment\nroot = /var/lib/x\n"
	    "intake = /var/spool/docket/intake\nsettle = 250ms\n"
	    "rescan = 2m\nmax_size = 1K\n");

	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.intake, "/var/spool/docket/intake");
	assert_string_equal(cf.db, "/var/lib/x/db");
	assert_int_equal(cf.settle_ms, 250);
	assert_int_equal(cf.rescan, 120);
	assert_true(cf.max_size == 1024);
	/* -c with -r: the config's paths are taken under ROOT. */
	assert_int_equal(config_load(&cf, p, "/tmp/r", err, sizeof(err)), 0);
	assert_string_equal(cf.intake, "/tmp/r/var/spool/docket/intake");
	assert_string_equal(cf.db, "/tmp/r/db");
	unlink(p);
}

static void
test_errors_name_the_line(void **state)
{
	struct config	 cf;
	char		 err[256];
	char		*p = write_conf("settle = 1s\nbogus = 3\n");

	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: unknown key 'bogus'"));
	unlink(p);
	p = write_conf("max_size = lots\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: max_size"));
	unlink(p);
	assert_int_equal(config_load(&cf, "/nonexistent/docket.conf", NULL,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
}

static void
test_extract_section(void **state)
{
	struct config	 cf;
	char		 err[256];
	char		*p;

	/* pdftotext is the default extractor for .pdf. */
	assert_int_equal(config_load(&cf, NULL, "/srv/d", err, sizeof(err)),
	    0);
	assert_string_equal(config_tool(&cf, "pdf"),
	    "pdftotext -enc UTF-8 %f -");
	assert_string_equal(config_tool(&cf, "PDF"),
	    "pdftotext -enc UTF-8 %f -");
	/* .doc and .wps: antiword, else catdoc; .rtf: unrtf to HTML. */
	assert_string_equal(config_tool(&cf, "doc"), CONFIG_DOC_TOOL);
	assert_string_equal(config_tool(&cf, "wps"), CONFIG_DOC_TOOL);
	assert_string_equal(config_tool(&cf, "rtf"), "unrtf --html %f");
	assert_null(config_tool(&cf, "xls"));
	assert_int_equal(cf.tool_timeout_ms, 30000);
	/* [ocr] defaults. */
	assert_int_equal(cf.ocr.enabled, 1);
	assert_string_equal(cf.ocr.lang, "chi_sim");
	assert_int_equal(cf.ocr.dpi, 200);
	assert_int_equal(cf.ocr.workers, 1);

	p = write_conf("[extract]\ndoc = antiword -m UTF-8.txt %f\n"
	    "pdf =\ntimeout = 5s\nmax_text = 1M\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(config_tool(&cf, "doc"), "antiword -m UTF-8.txt %f");
	assert_string_equal(config_tool(&cf, "pdf"), "");	/* turned off */
	assert_int_equal(cf.tool_timeout_ms, 5000);
	assert_true(cf.max_text == 1024 * 1024);
	unlink(p);

	p = write_conf("[ocr]\nocr = no\nlang = chi_sim+eng\ndpi = 300\n"
	    "workers = 2\nqueue = 8\ntimeout = 10m\npage_timeout = 30s\n"
	    "min_confidence = 50\nmax_pages = 5\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_int_equal(cf.ocr.enabled, 0);
	assert_string_equal(cf.ocr.lang, "chi_sim+eng");
	assert_int_equal(cf.ocr.dpi, 300);
	assert_int_equal(cf.ocr.workers, 2);
	assert_int_equal(cf.ocr.queue, 8);
	assert_int_equal(cf.ocr.timeout_ms, 600000);
	assert_int_equal(cf.ocr.page_timeout_ms, 30000);
	assert_int_equal(cf.ocr.min_confidence, 50);
	assert_int_equal(cf.ocr.max_pages, 5);
	unlink(p);
	p = write_conf("[ocr]\nlang = ../x\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	unlink(p);
	p = write_conf("[ocr]\ndpi = 5000\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	unlink(p);

	p = write_conf("[extract]\nbad.ext = x\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: [extract]: 'bad.ext'"));
	unlink(p);
}

/* One bad configuration: refused, with a message containing want. */
static void
refused(const char *text, const char *want)
{
	struct config	 cf;
	char		 err[512];
	char		*p = write_conf(text);

	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("'%s' lacks '%s'", err, want);
	unlink(p);
}

static void
test_mail_sections(void **state)
{
	struct config			 cf;
	const struct config_agency	*a;
	char				 err[512];
	char				*p = write_conf(
	    "[mail]\ntransport = smtp://127.0.0.1:2525\n"
	    "from = 政务公开办公室 <gongkai@example.gov.cn>\n"
	    "retry_initial = 5s\nretry_max = 10m\n"
	    "[agency 淄博市财政局]\nsecretary = 李秘书 <li@czj.example.gov.cn>\n"
	    "[report weekly-review]\nkind = review\nschedule = 0 8 * * 1\n"
	    "within = 2w\nrecipients = agency\nsend_empty = yes\n"
	    "[report results]\nkind = cleanup\n"
	    "recipients = a@example.gov.cn, 王 <b@example.gov.cn>\n");

	(void)state;
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.mail.transport, "smtp://127.0.0.1:2525");
	assert_int_equal(cf.mail.retry_initial_ms, 5000);
	assert_int_equal(cf.mail.retry_max_ms, 600000);
	assert_int_equal(cf.mail.timeout_ms, 30000);
	assert_int_equal(cf.nagencies, 1);
	assert_non_null(a = config_agency(&cf, "淄博市财政局"));
	assert_string_equal(a->secretary, "李秘书 <li@czj.example.gov.cn>");
	assert_null(config_agency(&cf, "淄博市教育局"));
	assert_int_equal(cf.nreports, 2);
	assert_string_equal(cf.reports[0].kind, "review");
	assert_int_equal(cf.reports[0].within_days, 14);
	assert_int_equal(cf.reports[0].send_empty, 1);
	assert_int_equal(cf.reports[0].catch_up, 1);
	assert_string_equal(cf.reports[1].schedule, "");
	config_free(&cf);
	unlink(p);

	/* A section no table knows, a typo or a name missing: refused. */
	refused("[mial]\nfrom = a@b.c\n", ":2: unknown section [mial]");
	refused("[agency]\nsecretary = a@b.c\n", ":2: unknown section [agency]");
	refused("[reprot weekly]\nkind = review\n", ":2: unknown section");
	refused("[intake]\nclassified = maybe\n", ":2: classified");
	refused("[mail]\ntransport = pigeon://x\n", ":2: transport");
	refused("[mail]\nfrom = not an address\n", ":2: from");
	refused("[mail]\ntimeout = 2m\n", ":2: timeout");
	refused("[mail]\ntransport = smtp://h:25\nuser = u\npassword = p\n",
	    "starttls");
	refused("[agency X]\nsecretary = nobody\n", ":2: secretary");
	refused("[report r]\nkind = gossip\n", ":2: kind");
	refused("[report r]\nkind = review\nschedule = 0 25 * * *\n",
	    ":3: schedule");
	refused("[report r]\nkind = review\n", "no schedule");
	refused("[report r]\nschedule = @daily\n", "no kind");
	refused("[report r]\nkind = review\nschedule = @daily\n"
	    "recipients = x\n", ":4: recipients");
}

static void
test_mirror_sections(void **state)
{
	struct config	 cf;
	char		 err[512];
	char		*p = write_conf(
	    "[mirror backup]\nurl = ssh://git@backup.example.org/docket.git\n"
	    "refs = all\nhost_key = SHA256:"
	    "FjWOT9YP//79Vg5smheLKenMh/zeHgVnE5UfeD7FkcY\ntimeout = 2m\n"
	    "[mirror portal]\nurl = file:///srv/portal.git\nrefs = public\n"
	    "[mirror disk]\nurl = /srv/docket.git\nrefs = all\n");

	(void)state;
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_int_equal(cf.nmirrors, 3);
	assert_string_equal(cf.mirrors[0].name, "backup");
	assert_int_equal(cf.mirrors[0].refs, CONFIG_MIRROR_ALL);
	assert_int_equal(cf.mirrors[0].timeout_ms, 120000);
	assert_string_equal(cf.mirrors[1].url, "file:///srv/portal.git");
	assert_int_equal(cf.mirrors[1].refs, CONFIG_MIRROR_PUBLIC);
	assert_int_equal(cf.mirrors[2].timeout_ms, 600000);
	assert_true(config_mirror_is_ssh("git@host:docket.git"));
	assert_true(config_mirror_is_ssh("ssh://host/docket.git"));
	assert_false(config_mirror_is_ssh("/srv/docket.git"));
	assert_false(config_mirror_is_ssh("https://host/docket.git"));
	config_free(&cf);
	unlink(p);

	refused("[mirror a]\nurl = /x.git\nrefs = some\n", ":3: refs: 'some'");
	refused("[mirror a]\nurl = x.git\nrefs = all\n", ":2: url: 'x.git'");
	refused("[mirror a]\nurl = ftp://h/x.git\nrefs = all\n", ":2: url");
	refused("[mirror a]\nrefs = all\n", "[mirror a]: no url");
	refused("[mirror a]\nurl = /x.git\n", "[mirror a]: no refs");
	refused("[mirror a]\nurl = h:x.git\nrefs = all\n",
	    "[mirror a]: an ssh url needs host_key");
	refused("[mirror a]\nurl = /x.git\nrefs = all\nhost_key = SHA256:x\n",
	    ":4: host_key");
	refused("[mirror a]\nurl = /x.git\nrefs = all\ntimeout = 1ms\n",
	    ":4: timeout");
	refused("[mirror a b]\nurl = /x.git\n", ":2: [mirror a b]: a name");
	refused("[mirror]\nurl = /x.git\n", ":2: unknown section [mirror]");
}

static void
test_agency_of(void **state)
{
	struct config	 cf;
	char		 err[512];
	char		*p = write_conf(
	    "[agency 财政局]\nsecretary = li@czj.example.gov.cn\n"
	    "issuers = 淄博市财政局 , 淄博市国有资产管理办公室\n"
	    "[agency 教育局]\nissuers = 淄博市教育局\n");

	(void)state;
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	/* The folder first, whatever the issuer. */
	assert_string_equal(config_agency_of(&cf, "商务局", "淄博市财政局"),
	    "商务局");
	/* An issuer listed, blanks around it ignored; the name itself. */
	assert_string_equal(config_agency_of(&cf, "", "淄博市财政局"),
	    "财政局");
	assert_string_equal(config_agency_of(&cf, NULL,
	    "淄博市国有资产管理办公室"), "财政局");
	assert_string_equal(config_agency_of(&cf, NULL, "淄博市教育局"),
	    "教育局");
	assert_string_equal(config_agency_of(&cf, NULL, "教育局"), "教育局");
	/* A prefix is not a match; an issuer no [agency] maps is none. */
	assert_null(config_agency_of(&cf, NULL, "淄博市财政"));
	assert_null(config_agency_of(&cf, NULL, NULL));
	assert_null(config_agency_of(&cf, "", ""));
	assert_string_equal(config_agency(&cf, "教育局")->secretary, "");
	config_free(&cf);
	unlink(p);
	refused("[agency X]\nissuers = , ,\n", ":2: issuers");
	refused("[agency X]\nmembers = a\n", ":2: unknown key");
	/* One code, one agency: the code names its pages' directory. */
	refused("[agency X]\ncode = A1\n[agency Y]\ncode = A1\n",
	    "[agency Y]: code 'A1' is already [agency X]'s");
	refused("[agency X]\ncode = none\n", "[agency X]: code 'none' is "
	    "taken");
}

static void
test_publish_dir_apart(void **state)
{
	struct config	 cf;
	char		 err[512];
	char		*p;

	(void)state;
	/* In the intake, docketd would register its own pages. */
	refused("intake = /srv/in\n[publish]\ndir = /srv/in/site\n",
	    "[publish] dir /srv/in/site is in the intake (/srv/in)");
	refused("intake = /srv/in\n[publish]\ndir = /srv/www/../in\n",
	    "is in the intake");
	refused("vault = /srv/v.git\n[publish]\ndir = /srv/v.git\n",
	    "is in the vault");
	/* Nor may it hold them: a web server would serve the vault. */
	refused("root = /srv/d\nvault = vault.git\n[publish]\ndir = /srv/d\n",
	    "holds the");
	refused("vault = /srv/d/v.git\n[publish]\ndir = /srv\n",
	    "[publish] dir /srv holds the vault (/srv/d/v.git)");
	/* A name that only begins like the intake's is apart. */
	p = write_conf("intake = /srv/in\n[publish]\ndir = /srv/inbox\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.publish.dir, "/srv/inbox");
	config_free(&cf);
	unlink(p);
}

/* [annual_report] and [annual_report AGENCY]: defaults, notes_dir
 * resolved like the paths, deadlines, prefix rules, errors with lines. */
static void
test_annual_report(void **state)
{
	struct config	 cf;
	char		 err[256], due[11];
	char		*p;

	assert_int_equal(config_load(&cf, NULL, "/srv/d", err, sizeof(err)),
	    0);
	assert_string_equal(cf.annual.notes_dir, "/srv/d/annual-notes");
	assert_string_equal(config_annual_due(&cf.annual, "财政局", 2025,
	    due), "2026-01-31");
	assert_string_equal(config_annual_due(&cf.annual, NULL, 2025, due),
	    "2026-03-31");
	assert_int_equal(cf.annual.nrules, 0);
	config_free(&cf);

	p = write_conf("root = /var/lib/x\n[annual_report]\n"
	    "notes_dir = notes\nagency_due = 02-15\n"
	    "regulation = 淄政令\nnormative = 淄财规，淄教规、 鲁政办规\n"
	    "[annual_report 市政府]\ndue = 03-31\nother = 淄政办函\n"
	    "[annual_report 财政局]\nnormative = 淄财规\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), 0);
	assert_string_equal(cf.annual.notes_dir, "/var/lib/x/notes");
	assert_string_equal(config_annual_due(&cf.annual, "市政府", 2025,
	    due), "2026-03-31");
	assert_string_equal(config_annual_due(&cf.annual, "财政局", 2025,
	    due), "2026-02-15");
	assert_int_equal(cf.annual.nrules, 6);
	assert_string_equal(cf.annual.rules[0].prefix, "淄政令");
	assert_string_equal(cf.annual.rules[0].agency, "");
	assert_int_equal(cf.annual.rules[0].kind, GW_KIND_REGULATION);
	assert_string_equal(cf.annual.rules[3].prefix, "鲁政办规");
	assert_int_equal(cf.annual.rules[3].kind, GW_KIND_NORMATIVE);
	assert_string_equal(cf.annual.rules[4].agency, "市政府");
	assert_int_equal(cf.annual.rules[4].kind, GW_KIND_OTHER);
	assert_string_equal(cf.annual.rules[5].agency, "财政局");
	config_free(&cf);
	assert_null(cf.annual.rules);
	/* under -r ROOT, inside it */
	assert_int_equal(config_load(&cf, p, "/tmp/r", err, sizeof(err)), 0);
	assert_string_equal(cf.annual.notes_dir, "/tmp/r/notes");
	config_free(&cf);
	unlink(p);

	p = write_conf("[annual_report]\nagency_due = 1-31\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: agency_due: '1-31' is not a day"));
	unlink(p);
	p = write_conf("[annual_report]\n\ngovernment_due = 02-29\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: government_due"));
	unlink(p);
	p = write_conf("[annual_report]\nnormative = 淄财规\nother = 淄财规\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: other: '淄财规' is a normative "
	    "prefix in [annual_report] already"));
	unlink(p);
	p = write_conf("[annual_report]\nregulation = ,、 \n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: regulation: "));
	unlink(p);
	p = write_conf("[annual_report 财政局]\nnotes_dir = x\n");
	assert_int_equal(config_load(&cf, p, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown key 'notes_dir' in "
	    "[annual_report 财政局]"));
	unlink(p);
}

static void
test_sizes_and_durations(void **state)
{
	uint64_t v;

	assert_int_equal(config_parse_size("64M", &v), 0);
	assert_true(v == 64ULL << 20);
	assert_int_equal(config_parse_size("2GiB", &v), 0);
	assert_true(v == 2ULL << 30);
	assert_int_equal(config_parse_size("-1", &v), -1);
	assert_int_equal(config_parse_size("12Q", &v), -1);
	assert_int_equal(config_parse_duration_ms("100ms", &v), 0);
	assert_true(v == 100);
	assert_int_equal(config_parse_duration_ms("60", &v), 0);
	assert_true(v == 60000);
	assert_int_equal(config_parse_duration_ms("1h", &v), 0);
	assert_true(v == 3600000);
	assert_int_equal(config_parse_duration_ms("soon", &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_defaults),
		cmocka_unit_test(test_negative_list),
		cmocka_unit_test(test_file_values_and_root),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_extract_section),
		cmocka_unit_test(test_sizes_and_durations),
		cmocka_unit_test(test_mail_sections),
		cmocka_unit_test(test_agency_of),
		cmocka_unit_test(test_publish_dir_apart),
		cmocka_unit_test(test_mirror_sections),
		cmocka_unit_test(test_annual_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
