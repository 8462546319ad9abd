/*
 * Unit tests for domains: the rule file format and its errors, the
 * built-in conf/domains.conf (all 26 pilot domains), and the scoring:
 * the title first, the agency only when it guides one domain or breaks a
 * tie, the body as a weak signal that only chooses among the domains the
 * title or the agency point to (never alone) and that a text about many
 * domains loses.
 * The documents are invented for these tests.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domains.h"
#include "gongwen.h"
#include "fixture.h"

static const char *pilot[] = {
	"城乡规划", "农村集体土地征收", "重大建设项目", "公共资源交易",
	"财政预决算", "安全生产", "救灾", "税收管理",
	"国有土地上房屋征收与补偿", "保障性住房", "农村危房改造",
	"城市综合执法", "市政服务", "生态环境", "公共文化服务",
	"公共法律服务", "扶贫", "社会救助", "养老服务", "食品药品监管",
	"就业", "社会保险", "户籍管理", "涉农补贴", "义务教育", "卫生健康",
};

/* The shipped rules: conf/domains.conf beside tests/data. */
static char *
conf_path(void)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	static char	 path[1024];

	if (dir == NULL || *dir == '\0')
		dir = "tests/data";
	snprintf(path, sizeof(path), "%s/../../conf/domains.conf", dir);
	return path;
}

static struct domains *
load_conf(void)
{
	struct domains	*d;
	char		 err[256];

	if ((d = domains_load(conf_path(), err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return d;
}

static struct domains *
load_text(const char *text)
{
	struct domains	*d;
	char		 err[256];

	if ((d = domains_load_buf(text, "t.conf", err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return d;
}

/* The error loading text gives, or "" when it loads. */
static const char *
load_error(const char *text)
{
	static char	 err[256];
	struct domains	*d;

	err[0] = '\0';
	if ((d = domains_load_buf(text, "t.conf", err, sizeof(err))) != NULL) {
		domains_free(d);
		return "";
	}
	return err;
}

/* Classify a document given by its title, issuers and body. */
static const char *
classify(const struct domains *d, const char *title, const char *issuers,
    const char *body, char *rule, size_t rulelen)
{
	struct gongwen	 gw;
	char		 buf[512], title_buf[512], *p, *q;
	size_t		 n = 0;

	memset(&gw, 0, sizeof(gw));
	if (title != NULL) {
		snprintf(title_buf, sizeof(title_buf), "%s", title);
		gw.title = title_buf;
	}
	snprintf(buf, sizeof(buf), "%s", issuers != NULL ? issuers : "");
	/* issuers: names separated by '|'. */
	for (p = buf; *p != '\0' && n < GONGWEN_MAX_ISSUERS - 1; p = q) {
		if ((q = strchr(p, '|')) == NULL)
			q = p + strlen(p);
		else
			*q++ = '\0';
		gw.issuers[n++] = p;
	}
	gw.nissuers = n;
	gw.issuer = n > 0 ? gw.issuers[0] : NULL;
	return domains_classify(d, &gw, body, rule, rulelen);
}

/* ---- the rule file ---- */

static void
test_conf_has_26(void **state)
{
	struct domains	*d = load_conf();
	size_t		 i;

	assert_int_equal(domains_count(d), 26);
	for (i = 0; i < 26; i++)
		assert_string_equal(domains_name(d, i), pilot[i]);
	assert_null(domains_name(d, 26));
	domains_free(d);
}

static void
test_load_buf_same_as_file(void **state)
{
	struct domains	*a = load_conf(), *b;
	char		*text;
	size_t		 len, i;
	FILE		*f;
	long		 n;

	assert_non_null(f = fopen(conf_path(), "rb"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((n = ftell(f)) > 0);
	rewind(f);
	assert_non_null(text = malloc((size_t)n + 1));
	len = fread(text, 1, (size_t)n, f);
	fclose(f);
	text[len] = '\0';
	b = load_text(text);
	free(text);
	assert_int_equal(domains_count(a), domains_count(b));
	for (i = 0; i < domains_count(a); i++)
		assert_string_equal(domains_name(a, i), domains_name(b, i));
	domains_free(a);
	domains_free(b);
}

static void
test_format(void **state)
{
	struct domains	*d;
	char		 rule[128];

	/* BOM, CRLF, comments, separators, repeated keys, settings. */
	d = load_text("\xef\xbb\xbf# rules\r\n; also a comment\r\n"
	    "body_min_hits = 1\r\n\r\n[甲]\r\ntitle = 苹果，香蕉、樱桃;梨 桃\r\n"
	    "title=葡萄\r\n  agency = 果品局  \r\n[ 乙 ]\nbody = 白菜");
	assert_int_equal(domains_count(d), 2);
	assert_string_equal(domains_name(d, 1), "乙");
	assert_string_equal(classify(d, "关于桃的通知", NULL, NULL, rule,
	    sizeof(rule)), "甲");
	assert_string_equal(rule, "title:桃");
	assert_string_equal(classify(d, "关于葡萄的通知", NULL, NULL, rule,
	    sizeof(rule)), "甲");
	assert_string_equal(classify(d, "关于工作的通知", "某市果品局", NULL,
	    rule, sizeof(rule)), "甲");
	assert_string_equal(rule, "agency:果品局");
	/* body_min_hits is obsolete: accepted, and the body still does not
	 * decide alone. */
	assert_null(classify(d, "关于工作的通知", NULL, "种白菜。白菜。白菜。",
	    rule, sizeof(rule)));
	assert_string_equal(rule, "");
	domains_free(d);
}

static void
test_errors(void **state)
{
	char	long_word[200];

	assert_string_equal(load_error("[甲]\ntitle = 苹果\n"), "");
	assert_string_equal(load_error("[甲\ntitle = 苹果\n"),
	    "t.conf:1: section header without a closing ]");
	assert_string_equal(load_error("# x\n[甲]\ncolour = 红\n"),
	    "t.conf:3: unknown key 'colour' (title, agency or body)");
	assert_string_equal(load_error("title = 苹果\n[甲]\n"),
	    "t.conf:1: unknown setting (body_max_domains, "
	    "body_tiebreak_hits) or a keyword outside a [domain]");
	assert_string_equal(load_error("colour = 3\n[甲]\n"),
	    "t.conf:1: unknown setting (body_max_domains, "
	    "body_tiebreak_hits) or a keyword outside a [domain]");
	/* The obsolete body_min_hits still loads, and is still checked. */
	assert_string_equal(load_error("body_min_hits = 3\n[甲]\n"), "");
	assert_string_equal(load_error("[甲]\ntitle = 苹果\n\n[甲]\n"),
	    "t.conf:4: domain [甲] defined twice");
	assert_string_equal(load_error("[甲]\n苹果\n"),
	    "t.conf:2: expected [domain] or KEY = VALUE");
	assert_string_equal(load_error("[]\n"), "t.conf:1: bad domain name");
	assert_string_equal(load_error("[甲]\ntitle = \xff\xfe\n"),
	    "t.conf:2: not UTF-8");
	assert_string_equal(load_error("body_min_hits = many\n[甲]\n"),
	    "t.conf:1: setting needs a number from 0 to 1000");
	assert_string_equal(load_error("body_max_domains = 5000\n[甲]\n"),
	    "t.conf:1: setting needs a number from 0 to 1000");
	assert_string_equal(load_error("# nothing\n"),
	    "t.conf:1: no [domain] defined");
	assert_string_equal(load_error(""), "t.conf:0: no [domain] defined");
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	{
		char	text[300];

		snprintf(text, sizeof(text), "[甲]\nbody = %s\n", long_word);
		assert_string_equal(load_error(text),
		    "t.conf:2: keyword too long");
	}
	/* A missing file names the file. */
	{
		char	err[256];

		assert_null(domains_load("/nonexistent/domains.conf", err,
		    sizeof(err)));
		assert_non_null(strstr(err, "/nonexistent/domains.conf:"));
	}
	/* No room for a message is no crash. */
	assert_null(domains_load_buf("[", "x", NULL, 0));
}

/* ---- scoring, on small rules ---- */

static const char *rules =
    "[甲]\ntitle = 养老, 养老服务\nagency = 民政局\nbody = 养老机构, 敬老院\n"
    "[乙]\ntitle = 养老保险\nagency = 社保中心, 人社局\nbody = 参保\n"
    "[丙]\ntitle = 救助\nagency = 民政局\nbody = 低保, 特困\n"
    "[丁]\ntitle = 就业\nagency = 人社局\nbody = 招聘, 失业\n";

static void
test_title_longest(void **state)
{
	struct domains	*d = load_text(rules);
	char		 rule[128];

	/* 养老保险 is longer than 养老. */
	assert_string_equal(classify(d, "关于城乡居民养老保险的通知",
	    "某市民政局", NULL, rule, sizeof(rule)), "乙");
	assert_string_equal(rule, "title:养老保险");
	/* The title beats the agency and the body. */
	assert_string_equal(classify(d, "关于做好就业工作的通知", "某市民政局",
	    "低保低保低保特困特困", rule, sizeof(rule)), "丁");
	assert_string_equal(rule, "title:就业");
	domains_free(d);
}

static void
test_title_tie(void **state)
{
	struct domains	*d = load_text(rules);
	char		 rule[128];

	/* 救助 and 就业 tie; the agency guides only one of them. */
	assert_string_equal(classify(d, "关于就业救助的通知", "某市民政局",
	    NULL, rule, sizeof(rule)), "丙");
	assert_string_equal(rule, "title:救助+agency:民政局");
	/* No agency: the body, two hits at least, breaks the tie. */
	assert_string_equal(classify(d, "关于就业救助的通知", "某市政府",
	    "低保对象和特困人员优先。", rule, sizeof(rule)), "丙");
	assert_string_equal(rule, "title:救助+body:低保");
	/* Not enough: no domain. */
	assert_null(classify(d, "关于就业救助的通知", "某市政府", "低保。",
	    rule, sizeof(rule)));
	assert_string_equal(rule, "");
	domains_free(d);
}

static void
test_agency(void **state)
{
	struct domains	*d = load_text(rules);
	char		 rule[128];

	/* An agency that guides one domain decides alone. */
	assert_string_equal(classify(d, "关于调整工作制度的通知", "某市社保中心",
	    NULL, rule, sizeof(rule)), "乙");
	assert_string_equal(rule, "agency:社保中心");
	/* One that guides two needs the body. */
	assert_null(classify(d, "关于调整工作制度的通知", "某市民政局", NULL,
	    rule, sizeof(rule)));
	assert_string_equal(classify(d, "关于调整工作制度的通知", "某市民政局",
	    "各敬老院、养老机构要做好值守。敬老院负责人…", rule,
	    sizeof(rule)), "甲");
	assert_string_equal(rule, "agency:民政局+body:敬老院");
	/* Joint issuers guiding different domains: ambiguous. */
	assert_null(classify(d, "关于调整工作制度的通知",
	    "某市社保中心|某市民政局", NULL, rule, sizeof(rule)));
	/* The body may only choose among the agency's domains. */
	assert_null(classify(d, "关于调整工作制度的通知", "某市民政局",
	    "招聘招聘招聘失业失业", rule, sizeof(rule)));
	domains_free(d);
}

static void
test_body(void **state)
{
	struct domains	*d = load_text(rules);
	char		 rule[128];

	/* Alone, the body never decides, however much it says. */
	assert_null(classify(d, "关于调整工作制度的通知", NULL,
	    "招聘会、招聘岗位、失业登记", rule, sizeof(rule)));
	assert_string_equal(rule, "");
	assert_null(classify(d, "关于调整工作制度的通知", "某市政府",
	    "招聘招聘招聘招聘招聘招聘招聘招聘招聘招聘失业失业失业失业",
	    rule, sizeof(rule)));
	assert_string_equal(rule, "");
	assert_null(classify(d, NULL, NULL, "招聘招聘招聘失业失业", rule,
	    sizeof(rule)));
	/* The same body picks among the domains the agency guides (人社局:
	 * 乙 and 丁), and blanks and line ends inside a word do not hide it. */
	assert_string_equal(classify(d, "关于调整工作制度的通知", "某市人社局",
	    "招 聘、招\n聘、失　业", rule, sizeof(rule)), "丁");
	assert_string_equal(rule, "agency:人社局+body:招聘");
	/* A body touching every domain says nothing. */
	assert_null(classify(d, "关于调整工作制度的通知", "某市民政局",
	    "养老机构敬老院敬老院参保参保低保特困招聘失业", rule,
	    sizeof(rule)));
	/* No title, no issuers, no body. */
	assert_null(classify(d, NULL, NULL, NULL, rule, sizeof(rule)));
	assert_null(domains_classify(NULL, NULL, NULL, rule, sizeof(rule)));
	assert_null(classify(d, NULL, NULL, NULL, NULL, 0));
	domains_free(d);
}

/* text with every from replaced by to (malloc'd). */
static char *
replace_all(const char *text, const char *from, const char *to)
{
	const char	*p, *q;
	char		*out, *o;
	size_t		 n = 0, fl = strlen(from), tl = strlen(to);

	for (p = text; (q = strstr(p, from)) != NULL; p = q + fl)
		n++;
	assert_non_null(out = malloc(strlen(text) + n * tl + 1));
	for (o = out, p = text; (q = strstr(p, from)) != NULL; p = q + fl) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, tl);
		o += tl;
	}
	strcpy(o, p);
	return out;
}

/* ---- the shipped rules on whole documents ---- */

/* Parse and classify a fixture; returns the domain or NULL. */
static const char *
classify_doc(const struct domains *d, const char *text, struct gongwen *gw)
{
	gongwen_free(gw);
	assert_int_equal(gongwen_parse(text, gw), 0);
	assert_int_equal(domains_apply(d, gw, text), 0);
	return gw->domain;
}

static void
test_conf_on_documents(void **state)
{
	struct domains	*d = load_conf();
	struct gongwen	 gw;
	char		*text, *swapped, *at;
	size_t		 len;

	memset(&gw, 0, sizeof(gw));
	text = fixture_read("fields/classified-joint.txt", &len);
	assert_string_equal(classify_doc(d, text, &gw), "社会救助");
	assert_string_equal(gw.domain_rule, "title:低保");
	free(text);

	/* 住房和城乡建设局 guides five domains; the body picks one. */
	text = fixture_read("fields/housing-agency.txt", &len);
	assert_string_equal(classify_doc(d, text, &gw), "保障性住房");
	assert_string_equal(gw.domain_rule,
	    "agency:住房和城乡建设+body:公租房");
	free(text);

	/* A plan that names every domain: none.  Its issuer, 人民政府办公室,
	 * holds 民政 but is no 民政局. */
	text = fixture_read("fields/plan-all-domains.txt", &len);
	assert_null(classify_doc(d, text, &gw));
	assert_null(gw.domain_rule);
	/* The same plan from a 住房和城乡建设局: still none. */
	assert_non_null(swapped = malloc(len + 64));
	at = strstr(text, "东川市人民政府办公室\n关于");
	assert_non_null(at);
	snprintf(swapped, len + 64, "%.*s东川市住房和城乡建设局\n%s",
	    (int)(at - text), text, at + strlen("东川市人民政府办公室\n"));
	assert_null(classify_doc(d, swapped, &gw));
	free(swapped);
	free(text);

	/* A body all about 义务教育 (义务教育, 中小学, 入学, 学籍 again and
	 * again) under a title and issuer that point to no domain: none. */
	text = fixture_read("fields/body-only-education.txt", &len);
	assert_null(classify_doc(d, text, &gw));
	assert_null(gw.domain_rule);
	/* The same text from a 教育局: the issuer is the evidence. */
	swapped = replace_all(text, "东川市人民政府办公室", "东川市教育局");
	assert_string_equal(classify_doc(d, swapped, &gw), "义务教育");
	assert_string_equal(gw.domain_rule, "agency:教育局");
	free(swapped);
	/* The same text under a title that names the subject: the title. */
	swapped = replace_all(text, "关于做好2024年第三季度重点工作的通知",
	    "关于做好2024年秋季义务教育招生入学工作的通知");
	assert_string_equal(classify_doc(d, swapped, &gw), "义务教育");
	assert_string_equal(gw.domain_rule, "title:义务教育");
	free(swapped);
	free(text);

	/* A 税务局 guides one domain. */
	assert_string_equal(classify_doc(d, "国家税务总局南湖市税务局\n"
	    "关于调整办公时间的通知\n各县区税务局：\n现通知如下。\n"
	    "国家税务总局南湖市税务局\n2023年1月3日\n", &gw), "税收管理");
	assert_string_equal(gw.domain_rule, "agency:税务局");

	/* An 应急管理局 guides two; a short body picks none of them. */
	assert_null(classify_doc(d, "南湖市应急管理局\n"
	    "关于调整办公时间的通知\n各县区应急管理局：\n现通知如下。\n"
	    "南湖市应急管理局\n2023年1月3日\n", &gw));

	/* Title words inside longer words do not count: 市政府, 健康发展. */
	assert_null(classify_doc(d, "南湖市人民政府办公室\n"
	    "关于印发市政府2023年工作要点的通知\n各县区人民政府：\n"
	    "现印发给你们。\n南湖市人民政府办公室\n2023年1月3日\n", &gw));
	assert_null(classify_doc(d, "南湖市人民政府办公室\n"
	    "关于促进房地产业平稳健康发展的通知\n各县区人民政府：\n"
	    "现通知如下。\n南湖市人民政府办公室\n2023年1月3日\n", &gw));

	/* domains_apply replaces what was there. */
	assert_string_equal(classify_doc(d, "南湖市人民政府办公室\n"
	    "关于做好高校毕业生就业工作的通知\n各县区人民政府：\n"
	    "现通知如下。\n南湖市人民政府办公室\n2023年1月3日\n", &gw),
	    "就业");
	assert_int_equal(domains_apply(d, &gw, NULL), 0);
	assert_string_equal(gw.domain, "就业");
	free(gw.title);
	gw.title = NULL;
	assert_int_equal(domains_apply(d, &gw, NULL), 0);
	assert_null(gw.domain);
	assert_null(gw.domain_rule);
	gongwen_free(&gw);
	domains_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_has_26),
		cmocka_unit_test(test_load_buf_same_as_file),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_title_longest),
		cmocka_unit_test(test_title_tie),
		cmocka_unit_test(test_agency),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_conf_on_documents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
