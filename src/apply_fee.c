/*
 * apply_fee: STAND-IN on branch `apply` until helper `cal` lands the real
 * src/apply_fee.c (TEAM.md); at merge, take cal's file.  Implements the
 * two rates of 国办函〔2020〕109号 with a short derivation.
 */
#include <stdio.h>
#include <string.h>

#include "apply_fee.h"

static void
apply_fee_say(struct strbuf *sb, const char *s)
{
	if (sb != NULL)
		strbuf_add(sb, s, strlen(s));
}

long
apply_fee_by_count(int nth, struct strbuf *sb)
{
	char	line[256];
	long	fee;

	if (nth <= 10)
		fee = 0;
	else if (nth <= 30)
		fee = 100;
	else
		fee = 100 + 100L * ((nth - 31) / 10 + 1);
	snprintf(line, sizeof(line), "按件计收：本申请人本月第 %d 件申请；"
	    "每月 10 件以内免费，第 11–30 件每件 100 元，此后每增加 10 件每件"
	    "加收 100 元；本件 %ld 元。", nth, fee);
	apply_fee_say(sb, line);
	return fee;
}

long
apply_fee_by_pages(int pages, struct strbuf *sb)
{
	char	line[320];
	long	a = 0, b = 0, c = 0;

	if (pages > 30)
		a = 10L * ((pages > 100 ? 100 : pages) - 30);
	if (pages > 100)
		b = 20L * ((pages > 200 ? 200 : pages) - 100);
	if (pages > 200)
		c = 40L * (pages - 200);
	snprintf(line, sizeof(line), "按量计收：共 %d 页；30 页以内免费，"
	    "第 31–100 页每页 10 元（%ld 元），第 101–200 页每页 20 元（%ld "
	    "元），200 页以上每页 40 元（%ld 元）；合计 %ld 元。", pages, a, b,
	    c, a + b + c);
	apply_fee_say(sb, line);
	return a + b + c;
}
