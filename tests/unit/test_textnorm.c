/*
 * Unit tests for textnorm: the blanks pdftotext leaves between CJK text
 * and digits or brackets go, the blanks that mean something stay, lines
 * are never joined, and page breaks, line ends, trailing blanks and bad
 * bytes are cleaned up.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "textnorm.h"

static void
check(const char *in, const char *want)
{
	char	*out;
	size_t	 len = 12345;

	out = textnorm_cjk_spaces(in, &len);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void
test_dates_docnos(void **state)
{
	check("2022 年 3 月 15 日", "2022年3月15日\n");
	check("〔 2022 〕 10 号", "〔2022〕10号\n");
	check("淄建字〔 2023 〕 52 号", "淄建字〔2023〕52号\n");
	check("青环发〔2024〕17 号\n", "青环发〔2024〕17号\n");
	check("青环发 [2024] 17 号", "青环发[2024] 17号\n");
	check("青环发（ 2024 ）17 号", "青环发（2024）17号\n");
	check("关于开展 2024 年入河排污口排查整治工作的通知",
	    "关于开展2024年入河排污口排查整治工作的通知\n");
	check("决定于 2024 年 7 月至 9 月开展", "决定于2024年7月至9月开展\n");
	check("联系电话 0839-1234567。", "联系电话0839-1234567。\n");
	check("— 2 —", "—2—\n");
	check("２０２４ 年", "２０２４年\n");
}

static void
test_cjk_pairs(void **state)
{
	check("关 于", "关于\n");
	check("关 于 开 展", "关于开展\n");
	check("通 知", "通知\n");
	check("青川市人民政府 文 件", "青川市人民政府文件\n");
	check("（ 此件依申请公开 ）", "（此件依申请公开）\n");
	check("《条例》 第十六条", "《条例》第十六条\n");
	check("附件： 1. 清单", "附件：1. 清单\n");
	/* Two CJK words side by side: joint issuers, a label and a name. */
	check("青川市民政局 青川市财政局", "青川市民政局 青川市财政局\n");
	check("签发人： 张三", "签发人： 张三\n");
}

static void
test_kept(void **state)
{
	check("ISO 9001", "ISO 9001\n");
	check("1 000 元", "1 000元\n");
	check("Windows 10 Pro", "Windows 10 Pro\n");
	check("see (a) and [b]", "see (a) and [b]\n");
	check("开展 ISO 认证", "开展 ISO 认证\n");
	check("合计 50 %", "合计50 %\n");
	/* Runs of blanks: columns of -layout output. */
	check("青川市民政局      2024 年", "青川市民政局      2024年\n");
	check("关  于", "关  于\n");
	/* Tabs, U+3000 and no-break spaces are not touched. */
	check("关\t于 年", "关\t于年\n");
	check("张\xe3\x80\x80三 1", "张\xe3\x80\x80三1\n");
	check("1\xc2\xa0年", "1\xc2\xa0年\n");
	/* Leading blanks stay (indentation in -layout output). */
	check("    关于 2024 年", "    关于2024年\n");
}

static void
test_lines(void **state)
{
	check("2024\n年", "2024\n年\n");
	check("第一行 \n第二行\t\n\n第四行", "第一行\n第二行\n\n第四行\n");
	check("a\r\nb\rc", "a\nb\nc\n");
	/* Page breaks: at a line start dropped, inside a line a newline. */
	check("一页末行\n\f二页首行\n", "一页末行\n二页首行\n");
	check("一页末行\f二页首行", "一页末行\n二页首行\n");
	check("末行\n\n\f", "末行\n");
	check("a\n\f\f\fb", "a\nb\n");
	check("a\n   \fb", "a\nb\n");
	/* Trailing blank lines go, leading ones stay. */
	check("\n\na\n\n\n", "\n\na\n");
	check("", "");
	check(" \n\t\n\f", "");
}

static void
test_bad_bytes(void **state)
{
	check("a\xff" "b", "a\xef\xbf\xbd" "b\n");
	check("\xe4\xb8 年", "\xef\xbf\xbd\xef\xbf\xbd 年\n");
	check("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd\n");
	check("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n");
	check("\xf0\x9f\x98\x80 1", "\xf0\x9f\x98\x80 1\n");
}

static void
test_pdftotext_sample(void **state)
{
	/* What pdftotext makes of a LibreOffice 公文 (invented). */
	check("青川市生态环境局文件\n"
	    "青环发〔2024〕17 号\n"
	    "青川市生态环境局\n"
	    "关于开展 2024 年入河排污口排查整治工作的通知\n"
	    "各区县生态环境分局，局属各单位：\n"
	    "为落实水污染防治工作要求，决定于 2024 年 7 月至 9 月开展"
	    "入河排污口排查整治。请\n"
	    "各单位于 2024 年 7 月 15 日前报送排查方案。\n"
	    "青川市生态环境局\n"
	    "2024 年 6 月 18 日\n"
	    "（此件依申请公开）\n"
	    "\n\f",
	    "青川市生态环境局文件\n"
	    "青环发〔2024〕17号\n"
	    "青川市生态环境局\n"
	    "关于开展2024年入河排污口排查整治工作的通知\n"
	    "各区县生态环境分局，局属各单位：\n"
	    "为落实水污染防治工作要求，决定于2024年7月至9月开展"
	    "入河排污口排查整治。请\n"
	    "各单位于2024年7月15日前报送排查方案。\n"
	    "青川市生态环境局\n"
	    "2024年6月18日\n"
	    "（此件依申请公开）\n");
}

static void
test_api(void **state)
{
	char	*out;

	out = textnorm_cjk_spaces("2024 年", NULL);
	assert_non_null(out);
	assert_string_equal(out, "2024年\n");
	free(out);
	out = textnorm_cjk_spaces(NULL, NULL);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_docnos),
		cmocka_unit_test(test_cjk_pairs),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_pdftotext_sample),
		cmocka_unit_test(test_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
