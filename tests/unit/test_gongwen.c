/*
 * Unit tests for gongwen (and marking, which it uses): docno forms,
 * titles, issuers, the 成文日期, the disclosure rules of the 附注, the
 * other elements of GB/T 9704 (份号, 密级, 紧急程度, 发文机关标志, 签发人,
 * 主送, 附件说明, 抄送, 印发) and the lifecycle the text states (施行,
 * 有效期, 废止), with their traps.
 * The documents are invented for these tests, in the shape of real ones.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gongwen.h"
#include "fixture.h"

static struct gongwen	gw;

static void
parse(const char *text)
{
	gongwen_free(&gw);
	assert_int_equal(gongwen_parse(text, &gw), 0);
}

static int
teardown(void **state)
{
	gongwen_free(&gw);
	return 0;
}

static char *
fixture(const char *name)
{
	size_t len;

	return fixture_read(name, &len);
}

/* ---- docno ---- */

static void
test_docno_normalize_brackets(void **state)
{
	static const char *forms[] = {
		"南水发〔2021〕7号", "南水发[2021]7号", "南水发【2021】7号",
		"南水发（2021）7号", "南水发(2021)7号", "南水发［2021］7号",
		"南水发〔2021〕7 号", "南水发 〔 2021 〕 7号",
		"  南水发（ 2021 ）7 号 ", "南水发〔２０２１〕７号",
		"南水发〔20217号",	/* closing bracket lost */
	};
	size_t	i;
	char	*s;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		s = gongwen_docno_normalize(forms[i]);
		if (s == NULL)
			fail_msg("not a docno: %s", forms[i]);
		assert_string_equal(s, "南水发〔2021〕7号");
		free(s);
	}
}

static void
test_docno_normalize_rejects(void **state)
{
	static const char *bad[] = {
		"〔2021〕7号",		/* no agency code */
		"南水发〔2021〕第7号",	/* 发文字号 has no 第 */
		"南水发〔21〕7号", "南水发〔2021〕号", "南水发〔2021〕7",
		"见南水发〔2021〕7号文件", "第十五条", "", "南水发\xff〔2021〕7号",
	};
	size_t	i;
	char	*s;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((s = gongwen_docno_normalize(bad[i])) != NULL)
			fail_msg("took %s as docno %s", bad[i], s);
	}
	assert_null(gongwen_docno_normalize(NULL));
}

static void
test_docno_header_not_body(void **state)
{
	/* The only docnos are references in the body. */
	parse("南湖市水利局\n\n"
	    "关于做好2021年汛期值守工作的通知\n\n"
	    "各县区水利局：\n\n"
	    "根据《防汛工作规定》（水防〔2019〕12号）要求，现通知如下。\n"
	    "原《值守办法》（南水发〔2018〕3号）同时废止。\n"
	    "南水发〔2018〕4号\n\n"
	    "南湖市水利局\n2021年5月6日\n（此件公开发布）\n");
	assert_null(gw.docno);
	assert_true(gw.flags & GW_FLAG_NO_DOCNO);
	assert_string_equal(gw.title, "关于做好2021年汛期值守工作的通知");
}

static void
test_docno_after_wrapped_title(void **state)
{
	/* Docno between a wrapped title and the 主送, spaces inside. */
	parse("北山县人民政府办公室\n"
	    "关于做好2022年度森林防火\n"
	    "工作的通知\n"
	    "北政办字（ 2022 ）10 号\n"
	    "各乡镇人民政府，县直各部门:\n"
	    "请于2022年3月1日前报送方案，参照北政办字〔2021〕3号执行。\n"
	    "北山县人民政府办公室\n"
	    "2022年2月8日\n"
	    "(此件公开发布)\n");
	assert_string_equal(gw.docno, "北政办字〔2022〕10号");
	assert_string_equal(gw.title, "关于做好2022年度森林防火工作的通知");
	assert_string_equal(gw.doc_type, "通知");
	assert_string_equal(gw.signed_on, "2022-02-08");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_string_equal(gw.marking, "此件公开发布");
	assert_int_equal(gw.flags, 0);
}

static void
test_docno_bracket_forms_in_header(void **state)
{
	static const char *docnos[] = {
		"西林字[2020]5号", "西林字【2020】5号", "西林字（2020）5号",
		"西林字(2020)5号", "西林字〔2020〕 5 号",
	};
	char	text[1024];
	size_t	i;

	for (i = 0; i < sizeof(docnos) / sizeof(docnos[0]); i++) {
		snprintf(text, sizeof(text), "西岭县林业局文件\n\n%s\n\n"
		    "关于开展林木采伐检查的通知\n\n各乡镇林业站：\n\n"
		    "现开展检查。\n\n西岭县林业局\n2020年4月9日\n", docnos[i]);
		parse(text);
		assert_non_null(gw.docno);
		assert_string_equal(gw.docno, "西林字〔2020〕5号");
	}
}

/* ---- title, issuers ---- */

static void
test_letterhead_and_title_prefix(void **state)
{
	parse("南湖市统计局文件\n\n"
	    "南统字〔2021〕6号\n\n"
	    "南湖市统计局关于开展2021年统计执法检查的通知\n\n"
	    "各县区统计局：\n\n现将有关事项通知如下：\n\n"
	    "一、检查时间。2021年6月1日至6月30日。\n\n"
	    "南湖市统计局\n2021年5月12日\n（此件主动公开）\n");
	assert_string_equal(gw.issuer, "南湖市统计局");
	assert_int_equal(gw.nissuers, 1);
	assert_string_equal(gw.issuers[0], "南湖市统计局");
	assert_null(gw.issuers[1]);
	/* The issuer is not part of the title. */
	assert_string_equal(gw.title, "关于开展2021年统计执法检查的通知");
	assert_string_equal(gw.signed_on, "2021-05-12");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_string_equal(gw.marking, "此件主动公开");
}

static void
test_issuer_line_above_title(void **state)
{
	parse("\n\n北山市交通运输局\n"
	    "关于印发《北山市农村公路养护\n"
	    "管理办法》的通知\n\n"
	    "北交发〔2023〕2号\n\n"
	    "各县区交通运输局：\n\n现印发给你们。\n\n"
	    "北山市交通运输局\n\n2023年1月9日\n");
	assert_string_equal(gw.issuer, "北山市交通运输局");
	assert_string_equal(gw.title,
	    "关于印发《北山市农村公路养护管理办法》的通知");
	assert_string_equal(gw.docno, "北交发〔2023〕2号");
	assert_string_equal(gw.signed_on, "2023-01-09");
	assert_int_equal(gw.disclosure, DISCLOSURE_UNDETERMINED);
	assert_true(gw.flags & GW_FLAG_NO_MARKING);
	assert_null(gw.marking);
}

static void
test_three_line_title(void **state)
{
	parse("东川市应急管理局\n\n东应急发〔2023〕8号\n\n"
	    "东川市应急管理局\n"
	    "关于进一步加强全市危险化学品\n"
	    "企业安全生产隐患排查治理\n"
	    "工作的决定\n\n"
	    "各县区应急管理局：\n\n经研究，决定如下。\n\n"
	    "东川市应急管理局\n2023年6月2日\n（此件公开发布）\n");
	assert_string_equal(gw.title, "关于进一步加强全市危险化学品企业安全"
	    "生产隐患排查治理工作的决定");
	assert_string_equal(gw.doc_type, "决定");
}

static void
test_joint_issuers(void **state)
{
	parse("西岭县教育局\n西岭县财政局\n西岭县人力资源和社会保障局\n\n"
	    "西教发〔2021〕21号\n\n"
	    "西岭县教育局 西岭县财政局 西岭县人力资源和社会保障局\n"
	    "关于调整乡村教师生活补助标准的意见\n\n"
	    "各乡镇中心学校：\n\n现提出如下意见。\n\n"
	    "西岭县教育局        西岭县财政局\n"
	    "西岭县人力资源和社会保障局\n"
	    "2021年9月1日\n（此件公开发布）\n");
	assert_int_equal(gw.nissuers, 3);
	assert_string_equal(gw.issuer, "西岭县教育局");
	assert_string_equal(gw.issuers[0], "西岭县教育局");
	assert_string_equal(gw.issuers[1], "西岭县财政局");
	assert_string_equal(gw.issuers[2], "西岭县人力资源和社会保障局");
	assert_null(gw.issuers[3]);
	assert_string_equal(gw.title, "关于调整乡村教师生活补助标准的意见");
	assert_string_equal(gw.doc_type, "意见");
	assert_string_equal(gw.docno, "西教发〔2021〕21号");
}

static void
test_joint_letterhead_layouts(void **state)
{
	/* 文件 spans the rows on paper; extraction puts it on the middle. */
	parse("南湖市民政局\n南湖市财政局        文件\n南湖市卫生健康委员会\n\n"
	    "南民发〔2022〕3号\n\n关于做好医疗救助工作的意见\n\n"
	    "各县区民政局：\n\n现提出如下意见。\n\n2022年1月2日\n");
	assert_int_equal(gw.nissuers, 3);
	assert_string_equal(gw.issuers[1], "南湖市财政局");
	assert_string_equal(gw.issuers[2], "南湖市卫生健康委员会");

	/* Rows apart, tied together by the 文件 below them. */
	parse("南湖市民政局\n\n南湖市财政局\n\n文 件\n\n"
	    "南民发〔2022〕4号\n\n关于做好医疗救助工作的意见\n\n"
	    "各县区民政局：\n\n现提出如下意见。\n\n2022年1月3日\n");
	assert_int_equal(gw.nissuers, 2);
	assert_string_equal(gw.issuer, "南湖市民政局");
	assert_string_equal(gw.issuers[1], "南湖市财政局");
}

static void
test_joint_from_signature(void **state)
{
	/* Letterhead of the lead agency only; the 署名 names all three. */
	parse("南湖市农业农村局文件\n\n南农发〔2022〕5号\n\n"
	    "关于做好耕地地力保护补贴发放工作的通知\n\n"
	    "各县区农业农村局、财政局：\n\n现通知如下。\n\n"
	    "南湖市农业农村局  南湖市财政局  南湖市自然资源局\n"
	    "2022年4月6日\n（此件公开发布）\n");
	assert_int_equal(gw.nissuers, 3);
	assert_string_equal(gw.issuer, "南湖市农业农村局");
	assert_string_equal(gw.issuers[2], "南湖市自然资源局");
}

static void
test_signature_differs_from_letterhead(void **state)
{
	/*
	 * The letterhead gives the full name; the 署名 a short one.  The
	 * 发文机关标志 wins, and the title carries no issuer.
	 */
	parse("北山市住房和城乡建设局文件\n\n北建字〔2023〕31号\n\n"
	    "关于开展物业服务质量检查的通知\n\n"
	    "各县区住房城乡建设局：\n\n现开展检查。\n\n"
	    "北山市住建局\n2023年8月1日\n（此件公开发布）\n");
	assert_string_equal(gw.issuer, "北山市住房和城乡建设局");
	assert_int_equal(gw.nissuers, 1);

	/* Without letterhead or title prefix the 署名 names the issuer. */
	parse("北建字〔2023〕32号\n\n"
	    "关于开展物业服务质量复查的通知\n\n"
	    "各县区住房城乡建设局：\n\n现开展复查。\n\n"
	    "北山市住房和城乡建设局\n2023年9月1日\n（此件公开发布）\n");
	assert_string_equal(gw.issuer, "北山市住房和城乡建设局");
	assert_string_equal(gw.docno, "北建字〔2023〕32号");
}

static void
test_spaces_in_issuer_name(void **state)
{
	/* A PDF put a blank inside the name; it is one agency. */
	parse("东川市 市场监督管理局\n关于开展电梯安全检查的通报\n\n"
	    "各县区市场监管局：\n\n现将检查情况通报如下。\n\n"
	    "东川市市场监督管理局\n2022年10月10日\n");
	assert_string_equal(gw.issuer, "东川市市场监督管理局");
	assert_int_equal(gw.nissuers, 1);
	assert_string_equal(gw.doc_type, "通报");
}

static void
test_doc_types(void **state)
{
	static const struct {
		const char	*title;
		const char	*type;
	} cases[] = {
		{ "关于西岭县2022年财政决算的报告", "报告" },
		{ "关于申请防汛经费的请示", "请示" },
		{ "关于同意设立西岭县图书馆分馆的批复", "批复" },
		{ "关于商请协助开展人口调查的函", "函" },
		{ "关于西岭县第三次文物普查的公报", "公报" },
		{ "关于实施交通管制的通告", "通告" },
		{ "关于征收土地的公告", "公告" },
		{ "关于县政府常务会议的纪要", "纪要" },
		{ "关于批准西岭县国土空间规划的决议", "决议" },
		{ "关于提请审议西岭县河道管理条例的议案", "议案" },
		{ "关于发布禁渔期的命令", "命令" },
	};
	char	text[512];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "西岭县人民政府\n%s\n\n"
		    "县直各部门：\n\n正文。\n\n西岭县人民政府\n"
		    "2022年1月5日\n", cases[i].title);
		parse(text);
		assert_non_null(gw.title);
		assert_string_equal(gw.title, cases[i].title);
		assert_non_null(gw.doc_type);
		assert_string_equal(gw.doc_type, cases[i].type);
	}
}

static void
test_no_title(void **state)
{
	parse("南湖市林业局\n\n各县区林业局：\n\n现将有关事项说明如下。\n\n"
	    "南湖市林业局\n2022年3月3日\n");
	assert_null(gw.title);
	assert_null(gw.doc_type);
	assert_true(gw.flags & GW_FLAG_NO_TITLE);
	assert_string_equal(gw.signed_on, "2022-03-03");
	assert_string_equal(gw.issuer, "南湖市林业局");
}

static void
test_quoted_title_in_body_not_title(void **state)
{
	parse("南湖市民政局\n\n南民字〔2022〕9号\n\n"
	    "南湖县民政局：\n\n"
	    "你局《关于申请养老机构补助资金的请示》收悉。\n"
	    "关于补助标准，按规定执行。\n\n"
	    "南湖市民政局\n2022年7月7日\n");
	assert_null(gw.title);
	assert_true(gw.flags & GW_FLAG_NO_TITLE);
}

static void
test_letter_spaced_pdf(void **state)
{
	/* A PDF extractor spaced out every character of the header. */
	parse("南 湖 市 文 化 和 旅 游 局 文 件\n\n"
	    "南 文 旅 发 〔 2023 〕 9 号\n\n"
	    "关 于 公 布 2023 年 度 免 费 开 放 场 馆\n"
	    "名 录 的 通 知\n\n"
	    "各 县 区 文 化 和 旅 游 局 ：\n\n"
	    "现 将 名 录 予 以 公 布 ， 请 于 2 0 2 3 年 2 月 1 日 前 公 示 。\n\n"
	    "南 湖 市 文 化 和 旅 游 局\n"
	    "2 0 2 3 年 1 月 1 2 日\n"
	    "（ 此 件 公 开 发 布 ）\n");
	assert_string_equal(gw.docno, "南文旅发〔2023〕9号");
	assert_string_equal(gw.issuer, "南湖市文化和旅游局");
	assert_string_equal(gw.title, "关于公布2023年度免费开放场馆名录的通知");
	assert_string_equal(gw.signed_on, "2023-01-12");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_string_equal(gw.marking, "此件公开发布");
}

static void
test_fuller_name_wins(void **state)
{
	/* Title and 署名 use the short name the letterhead spells out. */
	parse("北山市云溪区人民政府办公室\n\n云政办字〔2023〕4号\n\n"
	    "云溪区人民政府办公室\n关于调整值班制度的通知\n\n"
	    "区政府各部门：\n\n现通知如下。\n\n"
	    "云溪区人民政府办公室\n2023年3月6日\n");
	assert_string_equal(gw.issuer, "北山市云溪区人民政府办公室");
	assert_int_equal(gw.nissuers, 1);
}

static void
test_forwarding_title(void **state)
{
	parse("西岭县人民政府办公室转发县财政局关于加强\n"
	    "国有资产管理意见的通知\n"
	    "西政办发〔2019〕12号\n"
	    "各乡镇人民政府，县政府各部门：\n"
	    "现转发给你们。\n"
	    "西岭县人民政府办公室\n2019年6月3日\n");
	assert_string_equal(gw.issuer, "西岭县人民政府办公室");
	assert_string_equal(gw.title, "转发县财政局关于加强国有资产管理意见的通知");
	assert_string_equal(gw.docno, "西政办发〔2019〕12号");
}


/* ---- 成文日期 ---- */

static void
test_chinese_numeral_date(void **state)
{
	parse("西岭县财政局文件\n\n西财发〔2016〕3号\n\n"
	    "西岭县财政局\n关于印发县级专项资金管理办法的通知\n\n"
	    "各乡镇财政所：\n\n"
	    "请于二〇一六年四月一日前报送资金使用计划。\n\n"
	    "西岭县财政局\n二〇一六年三月十日\n（此件公开发布）\n");
	assert_string_equal(gw.signed_on, "2016-03-10");
}

static void
test_deadlines_and_print_date(void **state)
{
	/* Deadlines in the body, the 印发 date in the 版记: neither. */
	parse("北山市财政局文件\n\n北财预〔2024〕2号\n\n"
	    "北山市财政局\n关于做好2024年部门决算工作的通知\n\n"
	    "市直各部门：\n\n"
	    "请于2024年3月20日前报送决算报表，\n"
	    "2024年4月1日\n"
	    "前完成审核。\n\n"
	    "北山市财政局\n2024年2月26日\n（此件公开发布）\n\n"
	    "抄送：市审计局。\n"
	    "北山市财政局办公室          2024年2月27日印发\n");
	assert_string_equal(gw.signed_on, "2024-02-26");
}

static void
test_print_date_last_resort(void **state)
{
	parse("北山市财政局\n关于做好2024年部门决算工作的通知\n\n"
	    "市直各部门：\n\n请于2024年3月20日前报送。\n\n"
	    "抄送：市审计局。\n"
	    "北山市财政局办公室          2024年2月27日印发\n");
	assert_string_equal(gw.signed_on, "2024-02-27");
	assert_false(gw.flags & GW_FLAG_NO_DATE);
}

static void
test_date_without_signature(void **state)
{
	/*
	 * No 署名 above the date (the seal stood there); the 附注 below it
	 * still marks the 成文日期, not the attachment's dated signature.
	 */
	parse("南湖市司法局\n关于印发法律援助工作规范的通知\n\n"
	    "各县区司法局：\n\n现印发给你们。\n\n"
	    "附件：法律援助工作规范\n\n"
	    "2022年5月9日\n（此件公开发布）\n\n"
	    "法律援助工作规范\n\n第一条 为规范法律援助工作，制定本规范。\n\n"
	    "南湖市法律援助中心\n2022年4月1日\n");
	assert_string_equal(gw.signed_on, "2022-05-09");
}

static void
test_no_date(void **state)
{
	parse("北山市财政局\n关于做好决算工作的通知\n\n市直各部门：\n\n"
	    "请于3月20日前报送。\n\n北山市财政局\n");
	assert_null(gw.signed_on);
	assert_true(gw.flags & GW_FLAG_NO_DATE);
	assert_false(gw.flags & GW_FLAG_INVALID_DATE);
}

/* A 成文日期 line that is no calendar date: no date, and the record says
 * why; a deadline in a sentence with such a date says nothing. */
static void
test_invalid_date(void **state)
{
	(void)state;
	parse("北山市财政局\n关于做好决算工作的通知\n\n市直各部门：\n\n"
	    "请于2026年13月1日前报送。\n\n北山市财政局\n2026年2月30日\n");
	assert_null(gw.signed_on);
	assert_true(gw.flags & GW_FLAG_NO_DATE);
	assert_true(gw.flags & GW_FLAG_INVALID_DATE);
	assert_string_equal(gongwen_flag_name(GW_FLAG_INVALID_DATE),
	    "invalid_date");
	parse("北山市财政局\n关于做好决算工作的通知\n\n市直各部门：\n\n"
	    "请于2026年13月1日前报送。\n\n北山市财政局\n"
	    "二〇二六年二月三十日\n");
	assert_true(gw.flags & GW_FLAG_INVALID_DATE);
	parse("北山市财政局\n关于做好决算工作的通知\n\n市直各部门：\n\n"
	    "请于2026年13月1日前报送。\n\n北山市财政局\n");
	assert_true(gw.flags & GW_FLAG_NO_DATE);
	assert_false(gw.flags & GW_FLAG_INVALID_DATE);
	/* with a 版记: the 印发 date does not stand in for it */
	parse("北山市财政局\n关于做好决算工作的通知\n\n市直各部门：\n\n"
	    "请按时报送。\n\n北山市财政局\n2026年2月30日\n\n"
	    "北山市财政局办公室        2026年3月2日印发\n");
	assert_null(gw.signed_on);
	assert_true(gw.flags & GW_FLAG_INVALID_DATE);
}

static void
test_spaced_date_with_signature_on_line(void **state)
{
	parse("南湖市审计局\n关于开展经济责任审计的通知\n\n各被审计单位：\n\n"
	    "请配合审计。\n\n南湖市审计局      2022 年 11 月 3 日\n");
	assert_string_equal(gw.signed_on, "2022-11-03");
	assert_string_equal(gw.issuer, "南湖市审计局");
}

static void
test_fixture_with_attachment(void **state)
{
	char	*text = fixture("gongwen-measures-attached.txt");

	parse(text);
	free(text);
	assert_string_equal(gw.docno, "东政办发〔2022〕14号");
	assert_string_equal(gw.issuer, "东川市人民政府办公室");
	assert_string_equal(gw.title,
	    "关于印发《东川市城乡居民临时救助资金管理办法》的通知");
	assert_string_equal(gw.signed_on, "2022-03-18");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_int_equal(gw.flags, 0);
}

/* ---- disclosure ---- */

/* A short notice ending with tail (the 附注 and what follows). */
static void
parse_tail(const char *head, const char *tail)
{
	char	text[2048];

	snprintf(text, sizeof(text), "%s东川市审计局\n\n东审发〔2023〕5号\n\n"
	    "东川市审计局\n关于开展2023年审计整改检查的通知\n\n"
	    "各被审计单位：\n\n"
	    "印发公文时要明确标注“此件公开发布”“此件依申请公开”等字样。\n\n"
	    "东川市审计局\n2023年5月8日\n%s", head, tail);
	parse(text);
}

static void
test_quoted_marking_not_marking(void **state)
{
	parse_tail("", "");
	assert_int_equal(gw.disclosure, DISCLOSURE_UNDETERMINED);
	assert_true(gw.flags & GW_FLAG_NO_MARKING);
	assert_null(gw.marking);

	/* Words in a sentence, even in parentheses, are not the 附注. */
	parse_tail("", "本件按（此件公开发布）处理。\n");
	assert_true(gw.flags & GW_FLAG_NO_MARKING);
}

static void
test_marking_forms(void **state)
{
	static const struct {
		const char	*line;
		enum disclosure	 d;
		const char	*phrase;
	} cases[] = {
		{ "（此件公开发布）\n", DISCLOSURE_PUBLIC, "此件公开发布" },
		{ "(此件公开发布)\n", DISCLOSURE_PUBLIC, "此件公开发布" },
		{ "（此件主动公开）\n", DISCLOSURE_PUBLIC, "此件主动公开" },
		{ "（此件公开发布。联系人：李明，电话：1234567）\n",
		    DISCLOSURE_PUBLIC, "此件公开发布" },
		{ "　　（ 此件公开发布 ）　\n", DISCLOSURE_PUBLIC,
		    "此件公开发布" },
		{ "（此件可依申请公开，理由：涉及商业秘密）\n",
		    DISCLOSURE_ON_REQUEST, "此件可依申请公开" },
		{ "（此件不公开，理由：内部事务）\n", DISCLOSURE_WITHHELD,
		    "此件不公开" },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_tail("", cases[i].line);
		assert_int_equal(gw.disclosure, cases[i].d);
		assert_string_equal(gw.marking, cases[i].phrase);
		assert_int_equal(gw.flags, 0);
		if (cases[i].d == DISCLOSURE_PUBLIC)
			assert_null(gw.disclosure_reason);
	}
}

static void
test_conflicting_markings(void **state)
{
	parse_tail("", "（此件公开发布）\n（此件依申请公开，理由：涉及隐私）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_UNDETERMINED);
	assert_true(gw.flags & GW_FLAG_CONFLICTING_MARKINGS);
	assert_false(gw.flags & GW_FLAG_NO_MARKING);

	/* The same marking twice (also in two spellings) is no conflict. */
	parse_tail("", "（此件公开发布）\n\n抄送：市政府办公室。\n"
	    "(此件主动公开)\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_int_equal(gw.flags, 0);
}

static void
test_reason_in_parens(void **state)
{
	parse_tail("", "（此件依申请公开，理由：涉及第三方商业秘密，依据《条例》"
	    "第十五条）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_ON_REQUEST);
	assert_string_equal(gw.marking, "此件依申请公开");
	assert_string_equal(gw.disclosure_reason,
	    "涉及第三方商业秘密，依据《条例》第十五条");
	assert_int_equal(gw.flags, 0);

	/* Half-width parentheses, the parenthetical wrapped over lines. */
	parse_tail("", "(此件不予公开，理由：属于内部事务信息，依据《中华人民\n"
	    "共和国政府信息公开条例》第十六条)\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_string_equal(gw.disclosure_reason, "属于内部事务信息，依据《中华"
	    "人民共和国政府信息公开条例》第十六条");
}

static void
test_reason_on_line(void **state)
{
	parse_tail("", "（此件不予公开）\n"
	    "不予公开理由：属于行政机关内部事务信息。\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_string_equal(gw.disclosure_reason, "属于行政机关内部事务信息");
	assert_int_equal(gw.flags, 0);

	parse_tail("", "（此件依申请公开）\n"
	    "依申请公开理由: 含有过程性信息\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_ON_REQUEST);
	assert_string_equal(gw.disclosure_reason, "含有过程性信息");

	/* 原因 serves as well as 理由. */
	parse_tail("", "（此件不予公开）\n不予公开原因：涉及内部人事安排\n");
	assert_string_equal(gw.disclosure_reason, "涉及内部人事安排");

	/* A bare 理由： counts right after the marking. */
	parse_tail("", "（此件依申请公开）\n理由：涉及个人隐私。\n");
	assert_string_equal(gw.disclosure_reason, "涉及个人隐私");
	assert_int_equal(gw.flags, 0);
}

static void
test_reason_missing(void **state)
{
	parse_tail("", "（此件依申请公开）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_ON_REQUEST);
	assert_null(gw.disclosure_reason);
	assert_true(gw.flags & GW_FLAG_MISSING_REASON);

	parse_tail("", "（此件不予公开）\n\n抄送：市委办公室。\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_true(gw.flags & GW_FLAG_MISSING_REASON);

	/* A 理由 far from the marking, unlabelled, is not its reason. */
	parse_tail("", "（此件不予公开）\n\n附件说明\n\n理由：见正文。\n");
	assert_true(gw.flags & GW_FLAG_MISSING_REASON);

	/* A public document needs no reason. */
	parse_tail("", "（此件公开发布）\n");
	assert_false(gw.flags & GW_FLAG_MISSING_REASON);
}

static void
test_secrecy(void **state)
{
	/* 密级 and 此件不予公开 without a reason line: the 密级 is it. */
	parse_tail("000017\n机密★5年\n特急\n\n", "（此件不予公开）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_non_null(gw.disclosure_reason);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（机密★5年）");
	assert_int_equal(gw.flags, GW_FLAG_CLASSIFIED);
	assert_int_equal(gw.markings.n, 1);
	assert_string_equal(gw.markings.v[0], "此件不予公开");
	assert_null(gw.marking_decision);
	assert_string_equal(gw.docno, "东审发〔2023〕5号");
	assert_string_equal(gw.issuer, "东川市审计局");

	/* 密级 and no marking at all: withheld, as a state secret. */
	parse_tail("秘密 ★ 1年\n\n", "");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（秘密★1年）");
	assert_false(gw.flags & GW_FLAG_NO_MARKING);
	assert_null(gw.marking);

	/* A stated reason is kept. */
	parse_tail("绝密★长期\n", "（此件不予公开）\n不予公开理由：涉密。\n");
	assert_string_equal(gw.disclosure_reason, "涉密");

	/* A 密级 word in the body is no 密级. */
	parse_tail("", "本通知涉及的机密\n（此件依申请公开）\n");
	assert_true(gw.flags & GW_FLAG_MISSING_REASON);
}

static void
test_secrecy_against_public_marking(void **state)
{
	/* The 密级 wins: a state secret is withheld, whatever the 附注. */
	parse_tail("机密★10年\n", "（此件公开发布）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_true(gw.flags & GW_FLAG_CONFLICTING_MARKINGS);
	assert_true(gw.flags & GW_FLAG_CLASSIFIED);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（机密★10年）");
	assert_int_equal(gw.markings.n, 1);
	assert_string_equal(gw.markings.v[0], "此件公开发布");
	assert_non_null(strstr(gw.marking_decision, "密级"));

	/* Two markings that disagree, no 密级: undecided, both listed. */
	parse_tail("", "（此件公开发布）\n（此件不予公开，理由：内部事务）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_UNDETERMINED);
	assert_false(gw.flags & GW_FLAG_CLASSIFIED);
	assert_int_equal(gw.markings.n, 2);
	assert_string_equal(gw.markings.v[0], "此件公开发布");
	assert_string_equal(gw.markings.v[1], "此件不予公开");
	assert_non_null(gw.marking_decision);
}

/* ---- 版头: 份号, 密级, 紧急程度, 发文机关标志, 签发人 ---- */

/* Assert that list l holds exactly the n strings given. */
static void
assert_list(const struct gongwen_list *l, size_t n, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 i;

	if (l->n != n) {
		for (i = 0; i < l->n; i++)
			print_message("  [%zu] %s\n", i, l->v[i]);
		fail_msg("list has %zu entries, want %zu", l->n, n);
	}
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		s = va_arg(ap, const char *);
		assert_string_equal(l->v[i], s);
	}
	va_end(ap);
	if (n == 0)
		assert_null(l->v);
	else
		assert_null(l->v[n]);
}

static void
test_fields_classified_joint(void **state)
{
	char	*text = fixture("fields/classified-joint.txt");

	parse(text);
	free(text);
	assert_string_equal(gw.copy_no, "000042");
	assert_string_equal(gw.secrecy, "绝密");
	assert_string_equal(gw.secrecy_term, "长期");
	assert_string_equal(gw.urgency, "加急");
	/* 文件 spans the three rows on paper. */
	assert_string_equal(gw.letterhead,
	    "南湖市人民政府办公室 南湖市财政局 南湖市民政局文件");
	/* Three signers, two on the lines below, one letter-spaced. */
	assert_string_equal(gw.signer, "李青山、赵敏、王小燕");
	assert_string_equal(gw.docno, "南政办发〔2023〕7号");
	assert_int_equal(gw.nissuers, 3);
	assert_string_equal(gw.title,
	    "关于印发《南湖市城乡低保资金管理实施细则》的通知");
	/* The 主送 wraps in the middle of a name. */
	assert_list(&gw.addressees, 3, "各县区人民政府", "市政府各部门",
	    "各有关单位");
	/* Numbered, the second wrapped onto an unnumbered line. */
	assert_list(&gw.attachments, 3, "南湖市城乡低保资金管理实施细则",
	    "南湖市城乡低保资金申请审批表（式样）及填写说明",
	    "南湖市城乡低保资金年度绩效目标表");
	assert_string_equal(gw.signed_on, "2023-05-08");
	/* The 抄送 wraps onto a second line. */
	assert_list(&gw.cc, 6, "市委办公室", "市人大常委会办公室",
	    "市政协办公室", "市纪委监委", "市法院", "市检察院");
	assert_string_equal(gw.printed_by, "南湖市人民政府办公室");
	assert_string_equal(gw.printed_on, "2023-05-09");
	/* 有效期为三年 counts from the 施行 date; 低保证有效期 is not it. */
	assert_string_equal(gw.effective_from, "2023-06-01");
	assert_string_equal(gw.valid_until, "2026-05-31");
	/* Four documents joined by 、 和 及; one has no docno. */
	assert_list(&gw.repeals, 4, "南政办发〔2015〕12号", "南民发〔2016〕4号",
	    "《南湖市低保资金发放暂行规定》", "南政办字〔2017〕9号");
	/* A 绝密 document marked for publication: the markings conflict,
	 * and the 密级 wins. */
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_true(gw.flags & GW_FLAG_CONFLICTING_MARKINGS);
	assert_true(gw.flags & GW_FLAG_CLASSIFIED);
	/* domains.c sets these; the parser leaves them alone. */
	assert_null(gw.domain);
	assert_null(gw.domain_rule);
}

static void
test_fields_urgent_secret(void **state)
{
	char	*text = fixture("fields/urgent-secret.txt");

	parse(text);
	free(text);
	/* Labelled 份号, 密级 and 保密期限 on lines of their own. */
	assert_string_equal(gw.copy_no, "000731");
	assert_string_equal(gw.secrecy, "秘密");
	assert_string_equal(gw.secrecy_term, "1年");
	/* Letter-spaced; 特急 in the body is not the 紧急程度. */
	assert_string_equal(gw.urgency, "特急");
	assert_string_equal(gw.letterhead, "北山市应急管理局文件");
	assert_string_equal(gw.signer, "周航");
	assert_string_equal(gw.docno, "北应急字〔2024〕6号");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（秘密★1年）");
	assert_list(&gw.addressees, 1, "各县区应急管理局");
	/* A single attachment, its title wrapped. */
	assert_list(&gw.attachments, 1, "北山市汛期危险化学品企业检查名单");
	/* 抄报 and 抄送 both. */
	assert_list(&gw.cc, 3, "省应急管理厅", "市委办公室", "市政府办公室");
	/* The 印发机关 on the line above the date. */
	assert_string_equal(gw.printed_by, "北山市应急管理局办公室");
	assert_string_equal(gw.printed_on, "2024-06-03");
	assert_string_equal(gw.signed_on, "2024-06-01");
	assert_null(gw.effective_from);
	assert_null(gw.valid_until);
	assert_int_equal(gw.repeals.n, 0);
	assert_null(gw.repeals.v);
}

static void
test_fields_repeal_decision(void **state)
{
	char	*text = fixture("fields/repeal-decision.txt");

	parse(text);
	free(text);
	assert_string_equal(gw.title,
	    "关于废止《西岭县集贸市场管理暂行办法》等规范性文件的决定");
	assert_string_equal(gw.doc_type, "决定");
	/* The list after 下列规范性文件：; the title's 《…》 is the first. */
	assert_list(&gw.repeals, 3, "西政发〔2012〕5号", "西政办发〔2013〕21号",
	    "《西岭县农贸市场收费办法》");
	/* 自印发之日起 is the 成文日期; 实施期限至 is the last day.  The
	 * 条例's 施行 date and the 许可证's validity are not this one's. */
	assert_string_equal(gw.effective_from, "2024-01-15");
	assert_string_equal(gw.valid_until, "2028-12-31");
	/* No letterhead: the name above the title is the title's. */
	assert_null(gw.letterhead);
	assert_string_equal(gw.issuer, "西岭县人民政府");
	assert_null(gw.copy_no);
	assert_null(gw.secrecy);
	assert_null(gw.secrecy_term);
	assert_null(gw.urgency);
	assert_null(gw.signer);
	assert_int_equal(gw.attachments.n, 0);
	assert_int_equal(gw.cc.n, 0);
	assert_null(gw.printed_by);
	assert_null(gw.printed_on);
}

static void
test_fields_period_from_signing(void **state)
{
	char	*text = fixture("fields/housing-agency.txt");

	parse(text);
	free(text);
	/* 本通知有效期两年, no 施行 date: from the 成文日期. */
	assert_null(gw.effective_from);
	assert_string_equal(gw.signed_on, "2022-04-02");
	assert_string_equal(gw.valid_until, "2024-04-01");
	assert_list(&gw.attachments, 1,
	    "东川市2022年城市更新项目清单（第一批）及责任分工表");
	assert_string_equal(gw.letterhead, "东川市住房和城乡建设局文件");
}

static void
test_copy_no_and_urgency_forms(void **state)
{
	/* 份号, 密级 and 紧急程度 on one line. */
	parse("000015　机密★5年　特急\n\n东川市审计局文件\n\n"
	    "东审发〔2023〕9号\n\n关于开展专项审计的通知\n\n"
	    "各被审计单位：\n\n现开展审计。\n\n东川市审计局\n2023年5月8日\n");
	assert_string_equal(gw.copy_no, "000015");
	assert_string_equal(gw.secrecy, "机密");
	assert_string_equal(gw.secrecy_term, "5年");
	assert_string_equal(gw.urgency, "特急");
	assert_string_equal(gw.letterhead, "东川市审计局文件");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（机密★5年）");

	/* 紧急程度：加急, a 密级 with a term in Chinese numerals. */
	parse("密级：机密★十年\n紧急程度：加急\n东川市审计局\n"
	    "东审发〔2023〕10号\n关于开展专项审计的通知\n各被审计单位：\n"
	    "现开展审计。\n东川市审计局\n2023年5月8日\n");
	assert_null(gw.copy_no);
	assert_string_equal(gw.secrecy, "机密");
	assert_string_equal(gw.secrecy_term, "十年");
	assert_string_equal(gw.urgency, "加急");

	/* Five digits are no 份号; a year is none; a body 特急 is none. */
	parse("00015\n2023\n东川市审计局\n\n东审发〔2023〕11号\n\n"
	    "关于开展专项审计的通知\n\n各被审计单位：\n\n特急\n"
	    "请按特急件办理。\n\n东川市审计局\n2023年5月8日\n");
	assert_null(gw.copy_no);
	assert_null(gw.urgency);
	assert_null(gw.secrecy);
	assert_null(gw.secrecy_term);

	/* A 密级 without a term. */
	parse("秘密\n东川市审计局\n东审发〔2023〕12号\n关于开展专项审计的通知\n"
	    "各被审计单位：\n现开展审计。\n东川市审计局\n2023年5月8日\n");
	assert_string_equal(gw.secrecy, "秘密");
	assert_null(gw.secrecy_term);
	assert_string_equal(gw.disclosure_reason, "涉及国家秘密（秘密）");

	/* A 密级 and a marking that discloses on request: a conflict the
	 * 密级 wins. */
	parse("秘密★1年\n东川市审计局\n东审发〔2023〕13号\n"
	    "关于开展专项审计的通知\n各被审计单位：\n现开展审计。\n"
	    "东川市审计局\n2023年5月8日\n（此件依申请公开，理由：涉及隐私）\n");
	assert_int_equal(gw.disclosure, DISCLOSURE_WITHHELD);
	assert_true(gw.flags & GW_FLAG_CONFLICTING_MARKINGS);
	assert_string_equal(gw.secrecy, "秘密");

	/* A 密级 word in a sentence of the 版头 is none. */
	parse("机密文件管理规定如下，请遵照执行\n东川市审计局\n"
	    "关于开展专项审计的通知\n各被审计单位：\n现开展审计。\n"
	    "东川市审计局\n2023年5月8日\n");
	assert_null(gw.secrecy);
}

static void
test_letterhead_forms(void **state)
{
	/* The agency name alone above the docno is the 发文机关标志. */
	parse("南湖市林业局\n\n南林发〔2022〕2号\n\n南湖市林业局\n"
	    "关于开展林木采伐检查的通知\n\n各县区林业局：\n\n现开展检查。\n\n"
	    "南湖市林业局\n2022年3月3日\n");
	assert_string_equal(gw.letterhead, "南湖市林业局");

	/* Letter-spaced, 文件 included. */
	parse("南 湖 市 林 业 局 文 件\n\n南林发〔2022〕3号\n\n"
	    "关于开展林木采伐检查的通知\n\n各县区林业局：\n\n现开展检查。\n\n"
	    "南湖市林业局\n2022年3月3日\n");
	assert_string_equal(gw.letterhead, "南湖市林业局文件");

	/* The issuer's name run into the title, docno below: none. */
	parse("南湖市林业局\n关于开展林木采伐检查的通知\n南林发〔2022〕4号\n"
	    "各县区林业局：\n现开展检查。\n南湖市林业局\n2022年3月3日\n");
	assert_null(gw.letterhead);
	assert_string_equal(gw.issuer, "南湖市林业局");
}

static void
test_signer_forms(void **state)
{
	/* Several on one line, beside the docno; 、 or blanks between. */
	parse("西岭县教育局文件\n\n西教发〔2021〕21号　　签发人：张　伟　李晓红\n\n"
	    "关于调整乡村教师生活补助标准的意见\n\n各乡镇中心学校：\n\n"
	    "现提出如下意见。\n\n西岭县教育局\n2021年9月1日\n");
	assert_string_equal(gw.signer, "张伟、李晓红");
	assert_string_equal(gw.docno, "西教发〔2021〕21号");

	parse("西岭县教育局文件\n\n西教发〔2021〕22号\n签发人:欧阳明、"
	    "阿依古丽·买买提\n\n关于调整乡村教师生活补助标准的意见\n\n"
	    "各乡镇中心学校：\n\n现提出如下意见。\n\n西岭县教育局\n"
	    "2021年9月1日\n");
	assert_string_equal(gw.signer, "欧阳明、阿依古丽·买买提");

	/* A line below that is not all names adds none of them; a docno
	 * after the name ends it. */
	parse("西岭县教育局文件\n\n签发人：王建国　西教发〔2021〕24号\n"
	    "李明　西岭县财政局\n\n关于调整乡村教师生活补助标准的意见\n\n"
	    "各乡镇中心学校：\n\n现提出如下意见。\n\n西岭县教育局\n"
	    "2021年9月1日\n");
	assert_string_equal(gw.signer, "王建国");
	assert_string_equal(gw.docno, "西教发〔2021〕24号");

	/* The word in the body is no 签发人 line. */
	parse("西岭县教育局\n\n西教发〔2021〕23号\n\n关于规范公文签发的通知\n\n"
	    "各乡镇中心学校：\n\n签发人：应为单位主要负责人。\n\n"
	    "西岭县教育局\n2021年9月1日\n");
	assert_null(gw.signer);
}

/* ---- 主体: 主送机关, 附件说明 ---- */

/* A notice whose body ends with tail (the 附件说明 and what follows). */
static void
parse_attach(const char *tail)
{
	char	text[4096];

	snprintf(text, sizeof(text), "北山市统计局文件\n\n北统字〔2023〕4号\n\n"
	    "关于开展经济普查的通知\n\n各县区统计局，市直有关部门：\n\n"
	    "现开展普查，请于2023年3月1日前报送。\n\n%s", tail);
	parse(text);
}

static void
test_attachment_forms(void **state)
{
	/* Numbered; the list ends at the 署名, no blank line between. */
	parse_attach("附件：1.普查方案\n2.普查登记表\n北山市统计局\n"
	    "2023年2月1日\n");
	assert_list(&gw.attachments, 2, "普查方案", "普查登记表");
	assert_string_equal(gw.signed_on, "2023-02-01");

	/* A single unnumbered title, wrapped, then a blank line. */
	parse_attach("附件：北山市第五次全国经济普查\n      实施方案\n\n"
	    "北山市统计局\n2023年2月1日\n");
	assert_list(&gw.attachments, 1, "北山市第五次全国经济普查实施方案");

	/* A leading dash, odd indentation, full-width numbers, and a page
	 * number between; at the end of the text. */
	parse_attach("北山市统计局\n2023年2月1日\n\n"
	    "- 附件：１．普查方案\n2. 普查登记表\n - 2 -\n   3、普查经费\n"
	    "测算表\n");
	assert_list(&gw.attachments, 3, "普查方案", "普查登记表",
	    "普查经费测算表");

	/* 附件： alone, the items below, a blank line inside the list. */
	parse_attach("附件：\n1.普查方案\n\n2.普查登记表\n\n北山市统计局\n"
	    "2023年2月1日\n");
	assert_list(&gw.attachments, 2, "普查方案", "普查登记表");

	/* 附件1：… 附件2：… */
	parse_attach("附件1：普查方案\n附件2：普查登记表\n\n北山市统计局\n"
	    "2023年2月1日\n\n附件1\n\n普查方案\n\n一、普查对象\n");
	assert_list(&gw.attachments, 2, "普查方案", "普查登记表");

	/* The list stops at the date line and at the 附注. */
	parse_attach("附件：普查方案\n2023年2月1日\n（此件公开发布）\n");
	assert_list(&gw.attachments, 1, "普查方案");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);

	/* Several on one line; the short label 附：. */
	parse_attach("附件：1.普查方案　2.普查登记表；3.数据标准2.0版\n\n"
	    "北山市统计局\n2023年2月1日\n");
	assert_list(&gw.attachments, 3, "普查方案", "普查登记表",
	    "数据标准2.0版");
	parse_attach("附：1.普查方案\n    2.普查登记表\n\n北山市统计局\n"
	    "2023年2月1日\n");
	assert_list(&gw.attachments, 2, "普查方案", "普查登记表");

	/* None. */
	parse_attach("北山市统计局\n2023年2月1日\n");
	assert_int_equal(gw.attachments.n, 0);
	assert_null(gw.attachments.v);
	assert_list(&gw.addressees, 2, "各县区统计局", "市直有关部门");
}

static void
test_addressee_forms(void **state)
{
	/* Half-width colon, 、 and ， mixed. */
	parse("西岭县人民政府办公室\n关于做好防汛工作的通知\n"
	    "各乡镇人民政府、街道办事处，县政府有关部门:\n现通知如下。\n"
	    "西岭县人民政府办公室\n2019年3月20日\n");
	assert_list(&gw.addressees, 3, "各乡镇人民政府", "街道办事处",
	    "县政府有关部门");

	/* A 主送 given in the 版记. */
	parse("西岭县人民政府\n关于西岭县2022年财政决算的报告\n"
	    "按照有关规定，现将决算情况报告如下。\n西岭县人民政府\n"
	    "2023年1月5日\n\n主送：县人大常委会。\n"
	    "抄送：县委办公室。\n");
	assert_list(&gw.addressees, 1, "县人大常委会");
	assert_list(&gw.cc, 1, "县委办公室");
}

/* ---- 版记 ---- */

static void
test_printed_and_cc(void **state)
{
	parse("南湖市财政局文件\n\n南财预〔2021〕3号\n\n"
	    "关于做好部门预算公开工作的通知\n\n市直各部门：\n\n现通知如下。\n\n"
	    "南湖市财政局\n2021年2月3日\n（此件公开发布）\n\n"
	    "抄送：市人大常委会预算工作委员会，市审计局，\n"
	    "　　　市统计局。\n"
	    "南湖市财政局办公室　　　　　　　　　　2021 年 2 月 4 日印发\n");
	assert_list(&gw.cc, 3, "市人大常委会预算工作委员会", "市审计局",
	    "市统计局");
	assert_string_equal(gw.printed_by, "南湖市财政局办公室");
	assert_string_equal(gw.printed_on, "2021-02-04");
	assert_string_equal(gw.signed_on, "2021-02-03");

	/* A sentence that ends with 印发 is not the 版记. */
	parse("南湖市财政局\n关于做好部门预算公开工作的通知\n市直各部门：\n"
	    "本通知经局务会研究于2021年2月3日印发\n南湖市财政局\n"
	    "2021年2月3日\n");
	assert_null(gw.printed_by);
	assert_int_equal(gw.cc.n, 0);
}

/* ---- lifecycle ---- */

/* A notice ending with the sentences in body. */
static void
parse_body(const char *body)
{
	char	text[4096];

	snprintf(text, sizeof(text), "东川市民政局文件\n\n东民发〔2021〕8号\n\n"
	    "关于印发东川市养老机构补贴办法的通知\n\n各县区民政局：\n\n"
	    "现印发给你们，请遵照执行。\n\n东川市民政局\n2021年11月8日\n"
	    "（此件公开发布）\n\n东川市养老机构补贴办法\n\n"
	    "第一条 为规范补贴管理，制定本办法。\n%s", body);
	parse(text);
}

static void
test_effective_forms(void **state)
{
	static const struct {
		const char	*body;
		const char	*from;	/* NULL: none */
	} cases[] = {
		{ "第九条 本办法自2021年12月1日起施行。\n", "2021-12-01" },
		{ "第九条　本办法自 2021 年 12 月 1 日起实施。\n",
		    "2021-12-01" },
		{ "本办法（试行）自2022年1月1日起试行。\n", "2022-01-01" },
		{ "九、本办法自印发之日起执行。\n", "2021-11-08" },
		{ "本实施细则自公布之日起施行。\n", "2021-11-08" },
		{ "本办法由市民政局负责解释，自发布之日起施行。\n",
		    "2021-11-08" },
		{ "自二〇二二年一月一日起施行。\n", "2022-01-01" },
		/* Wrapped by the layout. */
		{ "本办法自2022年3月1日起\n施行。\n", "2022-03-01" },
		/* About something else. */
		{ "《东川市养老服务条例》自2022年1月1日起施行。\n", NULL },
		{ "新的补贴标准自2022年1月1日起执行。\n", NULL },
		{ "条例已经修订，自2022年1月1日起施行。\n", NULL },
		{ "本市登记证自2022年1月1日起施行。\n", NULL },
		/* Not a start: a deadline, an event. */
		{ "请于2022年1月1日前报送。\n", NULL },
		{ "本办法自批准之日起施行。\n", NULL },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_body(cases[i].body);
		if (cases[i].from == NULL) {
			if (gw.effective_from != NULL)
				fail_msg("%s: took %s", cases[i].body,
				    gw.effective_from);
		} else {
			if (gw.effective_from == NULL)
				fail_msg("%s: none", cases[i].body);
			assert_string_equal(gw.effective_from, cases[i].from);
		}
	}
}

static void
test_validity_forms(void **state)
{
	static const struct {
		const char	*body;
		const char	*until;	/* NULL: none */
	} cases[] = {
		{ "本办法自2021年3月1日起施行，有效期至2026年2月28日。\n",
		    "2026-02-28" },
		{ "本办法自2021年12月1日起施行，有效期5年。\n", "2026-11-30" },
		{ "本办法自2021年12月1日起施行，有效期为三年。\n",
		    "2024-11-30" },
		{ "本办法自2021年12月1日起施行，有效期限为十年。\n",
		    "2031-11-30" },
		{ "本办法自印发之日起施行，有效期两年。\n", "2023-11-07" },
		{ "本办法有效期为5年。\n", "2026-11-07" },
		{ "本办法实施期限至2025年12月31日。\n", "2025-12-31" },
		{ "本办法自2022年1月1日起施行，实施期限至2025年12月31日止。\n",
		    "2025-12-31" },
		{ "本办法有效期自2022年1月1日至2024年12月31日。\n",
		    "2024-12-31" },
		{ "本办法自2022年1月1日起施行，有效期为6个月。\n",
		    "2022-06-30" },
		/* Another thing's validity; or no subject at all. */
		{ "第二条 养老机构实行备案管理，备案证明有效期为3年。\n"
		    "第三条 本办法自2021年12月1日起施行。\n", NULL },
		{ "登记证有效期为三年。\n", NULL },
		{ "许可证有效期至2025年1月1日。\n", NULL },
		{ "有效期为5年。\n", NULL },
		{ "本办法所称备案证明，有效期为3年。\n", NULL },
		{ "本办法所称补贴资格有效期内，按月发放。\n", NULL },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_body(cases[i].body);
		if (cases[i].until == NULL) {
			if (gw.valid_until != NULL)
				fail_msg("%s: took %s", cases[i].body,
				    gw.valid_until);
		} else {
			if (gw.valid_until == NULL)
				fail_msg("%s: none", cases[i].body);
			assert_string_equal(gw.valid_until, cases[i].until);
		}
	}
	/* The trap first, then the document's own 有效期. */
	parse_body("第二条 备案证明有效期为3年。\n"
	    "第三条 本办法自2021年12月1日起施行，有效期5年。\n");
	assert_string_equal(gw.effective_from, "2021-12-01");
	assert_string_equal(gw.valid_until, "2026-11-30");
}

static void
test_repeal_forms(void **state)
{
	parse_body("本办法自2022年1月1日起施行。原《东川市养老机构补贴暂行"
	    "办法》（东民发〔2016〕3号）同时废止。\n");
	assert_list(&gw.repeals, 1, "东民发〔2016〕3号");

	/* Joined by 和, 、 and 及; bracket forms; one without a docno. */
	parse_body("原《东川市养老补贴办法》（东民发[2016]3号）和《东川市敬老院"
	    "管理办法》(东民发（2017）5 号)、《东川市高龄津贴规定》及《东川市"
	    "居家养老办法》（东政办发【2018】12号）同时废止。\n");
	assert_list(&gw.repeals, 4, "东民发〔2016〕3号", "东民发〔2017〕5号",
	    "《东川市高龄津贴规定》", "东政办发〔2018〕12号");

	/* The verb before the documents. */
	parse_body("市政府决定废止《东川市养老补贴办法》（东民发〔2016〕3号）。\n");
	assert_list(&gw.repeals, 1, "东民发〔2016〕3号");

	/* A list below 下列文件同时废止：, then the body goes on. */
	parse_body("本办法施行后，下列文件同时废止：\n"
	    "1.《东川市养老补贴办法》（东民发〔2016〕3号）；\n"
	    "2.东民发〔2017〕5号。\n"
	    "各单位按照《东川市养老服务条例》做好衔接。\n");
	assert_list(&gw.repeals, 2, "东民发〔2016〕3号", "东民发〔2017〕5号");

	/* References, a repeal already made, 废止 as an adjective. */
	parse_body("根据《关于废止部分规范性文件的决定》（东政发〔2020〕1号），"
	    "对失效、废止的文件定期清理。《东川市养老补贴办法》已废止。\n"
	    "按照《东川市养老服务条例》（东人发〔2019〕2号）执行。\n");
	assert_int_equal(gw.repeals.n, 0);

	/* A decision whose title names what it repeals, no docno. */
	parse("东川市人民政府\n关于废止《东川市养老补贴办法》和《东川市敬老院"
	    "管理办法》的决定\n东政发〔2022〕4号\n各县区人民政府：\n"
	    "经研究，决定予以废止。\n东川市人民政府\n2022年5月6日\n");
	assert_list(&gw.repeals, 2, "《东川市养老补贴办法》",
	    "《东川市敬老院管理办法》");
	/* Its body gives one docno: that one is recorded as a docno. */
	parse("东川市人民政府\n关于废止《东川市养老补贴办法》的决定\n"
	    "东政发〔2022〕5号\n各县区人民政府：\n"
	    "决定废止《东川市养老补贴办法》（东民发〔2016〕3号）。\n"
	    "东川市人民政府\n2022年5月6日\n");
	assert_list(&gw.repeals, 1, "东民发〔2016〕3号");
}

static void
test_lifecycle_bounded(void **state)
{
	const char	*unit = "《（起施行废止有效期5年自";
	size_t		 n = 2 * 1024 * 1024, i;
	char		*s = malloc(n + 1);

	assert_non_null(s);
	/* Openers without closers, 起施行 without 自, 废止 everywhere. */
	for (i = 0; i + strlen(unit) <= n; i += strlen(unit))
		memcpy(s + i, unit, strlen(unit));
	s[i] = '\0';
	parse(s);
	assert_int_equal(gw.repeals.n, 0);
	assert_null(gw.effective_from);
	free(s);
}

/* ---- hostile and degenerate input ---- */

static void
test_empty_and_garbage(void **state)
{
	parse("");
	assert_null(gw.docno);
	assert_null(gw.title);
	assert_null(gw.signed_on);
	assert_null(gw.issuer);
	assert_int_equal(gw.nissuers, 0);
	assert_int_equal(gw.disclosure, DISCLOSURE_UNDETERMINED);
	assert_int_equal(gw.flags, GW_FLAG_NO_MARKING | GW_FLAG_NO_DOCNO |
	    GW_FLAG_NO_TITLE | GW_FLAG_NO_DATE);

	parse("\n\n\n  \n\xe3\x80\x80\n");
	assert_int_equal(gw.flags, GW_FLAG_NO_MARKING | GW_FLAG_NO_DOCNO |
	    GW_FLAG_NO_TITLE | GW_FLAG_NO_DATE);

	parse("〔〔〔2020〕〕号号\n关于\n（\n(此件\n理由：\n机密\n");
	assert_null(gw.docno);
}

static void
test_invalid_utf8(void **state)
{
	/* Broken bytes are replaced, the rest still reads. */
	parse("南湖市\xff档案局\n\n南档发〔2022〕3号\n\n"
	    "关于\xc3档案移交的通\xe4\xbf知\n\n"
	    "各单位：\n\n正文\x80。\n\n南湖市档案局\n2022年1月4日\n"
	    "（此件公开发布）\n");
	assert_string_equal(gw.docno, "南档发〔2022〕3号");
	assert_string_equal(gw.signed_on, "2022-01-04");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_non_null(gw.title);
	/* Whatever was returned is valid UTF-8 with U+FFFD. */
	assert_non_null(strstr(gw.title, "\xef\xbf\xbd"));
	assert_null(strchr(gw.title, '\xff'));
}

static void
test_large_input_bounded(void **state)
{
	size_t	 n = 4 * 1024 * 1024, i;
	char	*s = malloc(n + 1);

	assert_non_null(s);
	/* Brackets, digits and half-dates everywhere, no line ends. */
	for (i = 0; i + 16 <= n; i += 16)
		memcpy(s + i, "字〔2020年1月〕（", 16);
	s[i] = '\0';
	parse(s);
	assert_null(gw.docno);
	free(s);
}

/* ---- names ---- */

static void
test_names(void **state)
{
	enum disclosure	d;
	unsigned int	f;

	assert_string_equal(gongwen_disclosure_name(DISCLOSURE_PUBLIC),
	    "public");
	assert_string_equal(gongwen_disclosure_name(DISCLOSURE_ON_REQUEST),
	    "on_request");
	assert_string_equal(gongwen_disclosure_name(DISCLOSURE_WITHHELD),
	    "withheld");
	assert_string_equal(gongwen_disclosure_name(DISCLOSURE_UNDETERMINED),
	    "undetermined");
	assert_int_equal(gongwen_disclosure_parse("withheld", &d), 0);
	assert_int_equal(d, DISCLOSURE_WITHHELD);
	assert_int_equal(gongwen_disclosure_parse("secret", &d), -1);

	for (f = 1; f < (1u << GW_FLAG_COUNT); f <<= 1) {
		assert_non_null(gongwen_flag_name(f));
		assert_int_equal(gongwen_flag_parse(gongwen_flag_name(f)), f);
	}
	assert_string_equal(gongwen_flag_name(GW_FLAG_NO_MARKING),
	    "no_marking");
	assert_string_equal(gongwen_flag_name(GW_FLAG_CONFLICTING_MARKINGS),
	    "conflicting_markings");
	assert_string_equal(gongwen_flag_name(GW_FLAG_MISSING_REASON),
	    "missing_reason");
	assert_string_equal(gongwen_flag_name(GW_FLAG_NO_DOCNO), "no_docno");
	assert_string_equal(gongwen_flag_name(GW_FLAG_NO_TITLE), "no_title");
	assert_string_equal(gongwen_flag_name(GW_FLAG_NO_DATE), "no_date");
	assert_null(gongwen_flag_name(0));
	assert_null(gongwen_flag_name(GW_FLAG_NO_DOCNO | GW_FLAG_NO_DATE));
	assert_int_equal(gongwen_flag_parse("bogus"), 0);
	assert_int_equal(gongwen_flag_parse(NULL), 0);
}

/* ---- web pages: the site's metadata rows and footer ---- */

static void
test_site_metadata_rows(void **state)
{
	/* html.c joins a table row's cells with a tab. */
	parse("首页\n政务公开\n"
	    "发文机关\t东岭市水务局\n"
	    "发文字号\t东水发〔2025〕14号\n"
	    "索 引 号：\t000211/2025-00031\t主题分类：\t水利\n"
	    "东岭市水务局\n"
	    "东水发〔2025〕14号\n"
	    "关于开展2025年汛前水库安全检查的通知\n"
	    "各县（区）水务局：\n"
	    "现就汛前水库安全检查有关事项通知如下。\n"
	    "东岭市水务局\n"
	    "2025年3月6日\n"
	    "（此件公开发布）\n");
	assert_string_equal(gw.issuer, "东岭市水务局");
	assert_int_equal(gw.nissuers, 1);
	assert_string_equal(gw.docno, "东水发〔2025〕14号");
	assert_string_equal(gw.title, "关于开展2025年汛前水库安全检查的通知");
	assert_string_equal(gw.signed_on, "2025-03-06");

	/* A docx table: every cell a line of its own, labels alone. */
	parse("发文机关\n东岭市水务局\n成文日期\n2025年3月6日\n"
	    "标题\n东岭市水务局关于开展汛前水库安全检查的通知\n"
	    "东岭市水务局\n"
	    "关于开展汛前水库安全检查的通知\n"
	    "各县（区）水务局：\n"
	    "现就有关事项通知如下。\n"
	    "东岭市水务局\n"
	    "2025年3月7日\n");
	assert_string_equal(gw.issuer, "东岭市水务局");
	assert_string_equal(gw.title, "关于开展汛前水库安全检查的通知");
	assert_string_equal(gw.signed_on, "2025-03-07");

	/* Only the metadata names the issuer and the date. */
	parse("发文机关：东岭市水务局\t成文日期：2025年03月06日\n"
	    "公开方式：主动公开\n"
	    "关于开展汛前水库安全检查的通知\n"
	    "各县（区）水务局：\n"
	    "现就有关事项通知如下。\n");
	assert_string_equal(gw.issuer, "东岭市水务局");
	assert_string_equal(gw.signed_on, "2025-03-06");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_false(gw.flags & GW_FLAG_NO_MARKING);

	/* Only the 标题 row gives the title. */
	parse("标　　题：\t东岭市水务局关于公布第一批节水型单位名单的通知\n"
	    "东岭市水务局\n"
	    "2025年3月6日\n");
	assert_string_equal(gw.title, "关于公布第一批节水型单位名单的通知");
	assert_string_equal(gw.doc_type, "通知");
}

static void
test_site_footer_attachments(void **state)
{
	/* The list after the 附注 on a page, then the site's footer. */
	parse("东岭市水务局\n"
	    "关于印发节水型单位评价细则的通知\n"
	    "各县（区）水务局：\n"
	    "现将评价细则印发给你们，请遵照执行。\n"
	    "东岭市水务局\n"
	    "2025年4月2日\n"
	    "（此件公开发布）\n"
	    "附：1.节水型单位评价细则.docx（32KB）\n"
	    "2.节水型单位申报表.xls\n"
	    "分享到：\n"
	    "主办单位：东岭市水务局 网站标识码：1234000001\n"
	    "版权所有 © 东岭市水务局\n");
	assert_int_equal(gw.attachments.n, 2);
	assert_string_equal(gw.attachments.v[0], "节水型单位评价细则");
	assert_string_equal(gw.attachments.v[1], "节水型单位申报表");

	/* A single title, the footer right below it. */
	parse("东岭市水务局\n"
	    "关于印发节水型单位评价细则的通知\n"
	    "各县（区）水务局：\n"
	    "现将评价细则印发给你们，请遵照执行。\n"
	    "东岭市水务局\n"
	    "2025年4月2日\n"
	    "附：节水型单位评价细则\n"
	    "版权所有 © 东岭市大数据中心\n"
	    "东ICP备00000000号\n");
	assert_int_equal(gw.attachments.n, 1);
	assert_string_equal(gw.attachments.v[0], "节水型单位评价细则");
}

static void
test_double_spaced_attachments(void **state)
{
	/* Extraction put a blank line after every line; a title wraps. */
	parse("东岭市水务局\n\n"
	    "东水发〔2025〕20号\n\n"
	    "关于做好农村供水工程维修养护的通知\n\n"
	    "各县（区）水务局：\n\n"
	    "现就维修养护有关事项通知如下。\n\n"
	    "一、摸清工程底数。\n\n"
	    "附件：1.农村供水工程维修养护\n\n"
	    "项目清单\n\n"
	    "2.维修养护资金测算表\n\n"
	    "东岭市水务局\n\n"
	    "2025年5月8日\n\n"
	    "（此件公开发布）\n");
	assert_int_equal(gw.attachments.n, 2);
	assert_string_equal(gw.attachments.v[0], "农村供水工程维修养护项目清单");
	assert_string_equal(gw.attachments.v[1], "维修养护资金测算表");
	assert_string_equal(gw.signed_on, "2025-05-08");
}

static void
test_docno_beside_signer_unspaced(void **state)
{
	/* PDF text loses the blank between the docno and 签发人. */
	parse("东岭市水务局文件\n"
	    "东水发〔2025〕21号签发人：周立\n"
	    "关于加强水库除险加固项目管理的通知\n"
	    "各县（区）水务局：\n"
	    "现就有关事项通知如下。\n"
	    "东岭市水务局\n"
	    "2025年5月9日\n");
	assert_string_equal(gw.docno, "东水发〔2025〕21号");
}

/* 、 inside brackets does not split an addressee: 各县（市、区）… */
static void
test_addressees_brackets(void **state)
{
	struct gongwen	g;
	const char	*doc =
	    "北川市交通运输局文件\n\n北交发〔2024〕5号\n\n"
	    "北川市交通运输局\n关于做好春运安全工作的通知\n\n"
	    "各县（市、区）交通运输局，局属各单位：\n\n"
	    "为做好春运工作，现通知如下。\n\n"
	    "北川市交通运输局\n2024年1月10日\n（此件公开发布）\n\n"
	    "抄送：市公安局、市应急局（市安委办）。\n";

	assert_int_equal(gongwen_parse(doc, &g), 0);
	assert_int_equal(g.addressees.n, 2);
	assert_string_equal(g.addressees.v[0], "各县（市、区）交通运输局");
	assert_string_equal(g.addressees.v[1], "局属各单位");
	assert_int_equal(g.cc.n, 2);
	assert_string_equal(g.cc.v[1], "市应急局（市安委办）");
	gongwen_free(&g);
}

/* ---- classes of documents (issue 16): fixtures in tests/data/reader ---- */

static void
parse_fixture(const char *name)
{
	char	*text = fixture(name);

	parse(text);
	free(text);
}

/* 1: a 转发 notice reproduces the forwarded document, 版头 and all: its
 * docno, date, marking, validity and repeal are not the notice's. */
static void
test_class_forwarded(void **state)
{
	parse_fixture("reader/01-forward.txt");
	assert_string_equal(gw.docno, "某政办发〔2023〕5号");
	assert_string_equal(gw.signed_on, "2023-04-10");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_int_equal(gw.markings.n, 1);
	assert_null(gw.effective_from);
	assert_null(gw.valid_until);
	assert_int_equal(gw.repeals.n, 0);
}

/* 2: items whose names begin with a year are numbered items. */
static void
test_class_attachment_years(void **state)
{
	parse_fixture("reader/02-attach-years.txt");
	assert_list(&gw.attachments, 3, "2024年度部门收支总表",
	    "2023年部门决算说明", "2024年政府采购预算表");
}

/* 3: the 印发 line split by PDF extraction, the 版记's rules between. */
static void
test_class_printed_split(void **state)
{
	parse_fixture("reader/03-printed-split.txt");
	assert_string_equal(gw.printed_by, "某某市民政局办公室");
	assert_string_equal(gw.printed_on, "2021-03-05");
	assert_list(&gw.cc, 2, "市委办公室", "市人大常委会办公室");
	assert_string_equal(gw.signed_on, "2021-03-01");
}

/* 4: clauses broken across lines read as if joined. */
static void
test_class_broken_clauses(void **state)
{
	parse_fixture("reader/04-broken-clauses.txt");
	assert_string_equal(gw.effective_from, "2024-03-01");
	assert_string_equal(gw.valid_until, "2029-02-28");
	assert_int_equal(gw.repeals.n, 1);
	assert_string_equal(gw.repeals.v[0], "某政发〔2021〕18号");
}

/* 5: bare docnos joined by 和 give each docno clean. */
static void
test_class_repeal_bare_docnos(void **state)
{
	parse_fixture("reader/05-repeal-bare.txt");
	assert_list(&gw.repeals, 2, "济卫〔2020〕7号", "济卫规〔2018〕2号");
	assert_string_equal(gw.effective_from, "2022-06-01");
}

/* 6: a 通告 has no 主送; its 通告如下： is no addressee. */
static void
test_class_tonggao_no_addressee(void **state)
{
	parse_fixture("reader/06-tonggao.txt");
	assert_string_equal(gw.doc_type, "通告");
	assert_int_equal(gw.addressees.n, 0);
	assert_string_equal(gw.signed_on, "2022-04-20");
}

/* 7: a portal page's furniture is never part of a field; the title shown
 * twice is one title, and 通  知 under it adds nothing. */
static void
test_class_portal_chrome(void **state)
{
	parse_fixture("reader/07-portal-chrome.txt");
	assert_string_equal(gw.title, "关于加强城市管理工作的通知");
	assert_string_equal(gw.issuer, "某某市人民政府办公室");
	assert_list(&gw.addressees, 2, "各区县人民政府", "市政府各部门");
	assert_string_equal(gw.signed_on, "2023-05-06");
	assert_int_equal(gw.cc.n, 0);
	assert_null(gw.printed_by);
}

/* 9: a 成文日期 flattened onto one line with the next heading is still
 * the date; with no date in the body, the info table's 成文日期 is. */
static void
test_class_flattened_date(void **state)
{
	parse_fixture("reader/09-flattened-web.txt");
	assert_string_equal(gw.signed_on, "2021-03-15");
	assert_string_equal(gw.effective_from, "2021-04-01");
	parse_fixture("reader/09b-info-table.txt");
	assert_string_equal(gw.signed_on, "2022-08-26");
}

/* 10: a 批复 and a 函 carry their docno in other places; docnos quoted in
 * the body (the request answered, the rule applied) are never theirs. */
static void
test_class_letters(void **state)
{
	parse_fixture("reader/10-letter.txt");
	assert_string_equal(gw.docno, "某政办函〔2022〕15号");
	assert_string_equal(gw.doc_type, "批复");
	assert_string_equal(gw.signed_on, "2022-05-10");
	parse_fixture("reader/10b-letter-bottom.txt");
	assert_string_equal(gw.docno, "某财函〔2022〕21号");
	assert_string_equal(gw.doc_type, "函");
	assert_int_equal(gw.disclosure, DISCLOSURE_ON_REQUEST);
}

/* 11: a group named with 、 inside it is one addressee. */
static void
test_class_addressee_groups(void **state)
{
	parse_fixture("reader/11-addressee-groups.txt");
	assert_list(&gw.addressees, 2, "各区县人民政府、管委会",
	    "市直各部门、单位");
	parse("某某市人民政府办公室关于做好统计工作的通知\n\n"
	    "市财政局、市人社局、市医保局：\n　　现将有关事项通知如下。\n\n"
	    "某某市人民政府办公室\n2022年6月1日\n");
	assert_list(&gw.addressees, 3, "市财政局", "市人社局", "市医保局");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addressees_brackets),
		cmocka_unit_test_teardown(test_docno_normalize_brackets,
		    teardown),
		cmocka_unit_test_teardown(test_docno_normalize_rejects,
		    teardown),
		cmocka_unit_test_teardown(test_docno_header_not_body, teardown),
		cmocka_unit_test_teardown(test_docno_after_wrapped_title,
		    teardown),
		cmocka_unit_test_teardown(test_docno_bracket_forms_in_header,
		    teardown),
		cmocka_unit_test_teardown(test_letterhead_and_title_prefix,
		    teardown),
		cmocka_unit_test_teardown(test_issuer_line_above_title,
		    teardown),
		cmocka_unit_test_teardown(test_three_line_title, teardown),
		cmocka_unit_test_teardown(test_joint_issuers, teardown),
		cmocka_unit_test_teardown(test_joint_letterhead_layouts,
		    teardown),
		cmocka_unit_test_teardown(test_joint_from_signature, teardown),
		cmocka_unit_test_teardown(test_signature_differs_from_letterhead,
		    teardown),
		cmocka_unit_test_teardown(test_spaces_in_issuer_name, teardown),
		cmocka_unit_test_teardown(test_doc_types, teardown),
		cmocka_unit_test_teardown(test_no_title, teardown),
		cmocka_unit_test_teardown(test_quoted_title_in_body_not_title,
		    teardown),
		cmocka_unit_test_teardown(test_letter_spaced_pdf, teardown),
		cmocka_unit_test_teardown(test_fuller_name_wins, teardown),
		cmocka_unit_test_teardown(test_forwarding_title, teardown),
		cmocka_unit_test_teardown(test_chinese_numeral_date, teardown),
		cmocka_unit_test_teardown(test_deadlines_and_print_date,
		    teardown),
		cmocka_unit_test_teardown(test_print_date_last_resort,
		    teardown),
		cmocka_unit_test_teardown(test_date_without_signature,
		    teardown),
		cmocka_unit_test_teardown(test_no_date, teardown),
		cmocka_unit_test_teardown(test_invalid_date, teardown),
		cmocka_unit_test_teardown(test_spaced_date_with_signature_on_line,
		    teardown),
		cmocka_unit_test_teardown(test_fixture_with_attachment,
		    teardown),
		cmocka_unit_test_teardown(test_quoted_marking_not_marking,
		    teardown),
		cmocka_unit_test_teardown(test_marking_forms, teardown),
		cmocka_unit_test_teardown(test_conflicting_markings, teardown),
		cmocka_unit_test_teardown(test_reason_in_parens, teardown),
		cmocka_unit_test_teardown(test_reason_on_line, teardown),
		cmocka_unit_test_teardown(test_reason_missing, teardown),
		cmocka_unit_test_teardown(test_secrecy, teardown),
		cmocka_unit_test_teardown(test_secrecy_against_public_marking,
		    teardown),
		cmocka_unit_test_teardown(test_fields_classified_joint,
		    teardown),
		cmocka_unit_test_teardown(test_fields_urgent_secret, teardown),
		cmocka_unit_test_teardown(test_fields_repeal_decision,
		    teardown),
		cmocka_unit_test_teardown(test_fields_period_from_signing,
		    teardown),
		cmocka_unit_test_teardown(test_copy_no_and_urgency_forms,
		    teardown),
		cmocka_unit_test_teardown(test_letterhead_forms, teardown),
		cmocka_unit_test_teardown(test_signer_forms, teardown),
		cmocka_unit_test_teardown(test_attachment_forms, teardown),
		cmocka_unit_test_teardown(test_addressee_forms, teardown),
		cmocka_unit_test_teardown(test_printed_and_cc, teardown),
		cmocka_unit_test_teardown(test_effective_forms, teardown),
		cmocka_unit_test_teardown(test_validity_forms, teardown),
		cmocka_unit_test_teardown(test_repeal_forms, teardown),
		cmocka_unit_test_teardown(test_lifecycle_bounded, teardown),
		cmocka_unit_test_teardown(test_empty_and_garbage, teardown),
		cmocka_unit_test_teardown(test_invalid_utf8, teardown),
		cmocka_unit_test_teardown(test_large_input_bounded, teardown),
		cmocka_unit_test_teardown(test_names, teardown),
		cmocka_unit_test_teardown(test_site_metadata_rows, teardown),
		cmocka_unit_test_teardown(test_site_footer_attachments,
		    teardown),
		cmocka_unit_test_teardown(test_double_spaced_attachments,
		    teardown),
		cmocka_unit_test_teardown(test_docno_beside_signer_unspaced,
		    teardown),
		cmocka_unit_test_teardown(test_class_forwarded, teardown),
		cmocka_unit_test_teardown(test_class_attachment_years, teardown),
		cmocka_unit_test_teardown(test_class_printed_split, teardown),
		cmocka_unit_test_teardown(test_class_broken_clauses, teardown),
		cmocka_unit_test_teardown(test_class_repeal_bare_docnos,
		    teardown),
		cmocka_unit_test_teardown(test_class_tonggao_no_addressee,
		    teardown),
		cmocka_unit_test_teardown(test_class_portal_chrome, teardown),
		cmocka_unit_test_teardown(test_class_flattened_date, teardown),
		cmocka_unit_test_teardown(test_class_letters, teardown),
		cmocka_unit_test_teardown(test_class_addressee_groups, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
