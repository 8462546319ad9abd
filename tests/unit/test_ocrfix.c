/*
 * Unit tests for ocrfix: the OCR damage to 发文字号, item numbers, dates
 * and the lines under a seal is repaired by rules about each kind of
 * mark, and text that is not damaged comes out as it went in.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ocrfix.h"

static void
check(const char *in, const char *want)
{
	char	*out;
	size_t	 len = 12345;

	out = ocrfix_text(in, strlen(in), &len);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void
test_docnos(void **state)
{
	(void)state;
	check("淄财预 (2021] 15 号", "淄财预〔2021〕15号");
	check("淄财预〔2021〕15号", "淄财预〔2021〕15号");
	check("青环发 【2024】 17 号\n", "青环发〔2024〕17号\n");
	check("鲁政办字[2O19]3号", "鲁政办字〔2019〕3号");
	check("济卫规（2018）2号", "济卫规〔2018〕2号");
	check("南环发2024〕27号", "南环发〔2024〕27号");
	/* In a sentence, the quoted docno too; a year alone is not one. */
	check("根据《某某办法》（淄政发 (2020] 9 号）规定",
	    "根据《某某办法》（淄政发〔2020〕9号）规定");
	check("（2021年）", "（2021年）");
	check("第 (2021) 号", "第(2021)号");
}

static void
test_numbers(void **state)
{
	(void)state;
	check("2O21 年 3 月 l5 日", "2021年3月15日");
	check("ISO9001 标准", "ISO9001标准");
	check("Hello world", "Hello world");
	check("二〇二一年二月三日", "二〇二一年二月三日");
	/* A year of three Chinese numerals lost its leading 二. */
	check("〇二五年一月六日", "二〇二五年一月六日");
	check("一九〇五年", "一九〇五年");
}

static void
test_attachments(void **state)
{
	(void)state;
	check("附件：工.部门预算公开参考格式\n      2.部门预算公开情况统计表",
	    "附件：1.部门预算公开参考格式\n      2.部门预算公开情况统计表");
	check("附件: l, 甲表\n  Z. 乙表\n  3、丙表",
	    "附件: 1.甲表\n  2.乙表\n  3、丙表");
	check("附件: 1 .甲表\n2 ,乙表", "附件: 1.甲表\n2.乙表");
	/* After a bullet; a number that is the next item before digits. */
	check("- 附件：1. 甲表\n2，26个领域名单\n4，5项",
	    "-附件：1.甲表\n2.26个领域名单\n4，5项");
	/* Outside an attachment list 工 is a word. */
	check("工.作要求", "工.作要求");
	/* A year after the number is not the number. */
	check("附件：1．2024年度检查表\n2.2023年名单",
	    "附件：1．2024年度检查表\n2.2023年名单");
	/* The list ends at the first line that is no item. */
	check("附件：1.表\n工.人", "附件：1.表\n工.人");
}

static void
test_seal(void **state)
{
	(void)state;
	check("淄博市财政局\n蕊 2021 年 2 月 3 日 i\n",
	    "淄博市财政局\n2021年2月3日\n");
	check("  @ 2021年2月3日 &", "  2021年2月3日");
	check("~ | ;\n2021年2月3日", "\n2021年2月3日");
	/* Dates with a meaning around them stay. */
	check("淄博市财政局办公室    2021年2月3日印发",
	    "淄博市财政局办公室    2021年2月3日印发");
	check("自2021年3月1日起施行", "自2021年3月1日起施行");
	check("有效期至2026年2月28日", "有效期至2026年2月28日");
	check("（2021年2月3日）", "（2021年2月3日）");
	/* A rule line and a page number are not junk. */
	check("- 2 -", "- 2 -");
	check("———", "———");
}

static void
test_marks(void **state)
{
	(void)state;
	check("机密女5年", "机密★5年");
	check("绝密 * 10年", "绝密★10年");
	check("秘密★1年", "秘密★1年");
	check("机密文件", "机密文件");
	check("《此件依申请公开，理由:涉及个人隐私)",
	    "（此件依申请公开，理由:涉及个人隐私）");
	check("(此件公开发布)", "（此件公开发布）");
	check("《中华人民共和国预算法》", "《中华人民共和国预算法》");
}

static void
test_blanks(void **state)
{
	(void)state;
	check("关 于 做 好 预 算 公 开 的 通 知", "关于做好预算公开的通知");
	check("印发机关      2021年2月3日印发", "印发机关      2021年2月3日印发");
	check("PM2.5 and PM10", "PM2.5 and PM10");
	check("bad \xff byte", "bad \xef\xbf\xbd byte");
	check("", "");
	check("\n\n", "\n\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docnos),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_blanks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
