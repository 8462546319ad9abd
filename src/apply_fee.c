/*
 * apply_fee: the two national fee scales of 国办函〔2020〕109号 and their
 * derivations.  Per count, the nth request of a month falls in a band:
 * 1-10 free, 11-30 ¥100, and from the 31st each band of 10 costs ¥100
 * more than the one before.  Per volume, a request's pages are charged
 * band by band: 1-30 free, 31-100 ¥10, 101-200 ¥20, 201- ¥40 a page.
 */
#include <stdarg.h>
#include <stdio.h>

#include "apply_fee.h"

#define FEE_BASIS	"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

static void
fee_add(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fee_add(struct strbuf *b, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;
	int	 n;

	if (b == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		strbuf_add(b, buf, (size_t)n < sizeof(buf) ? (size_t)n :
		    sizeof(buf) - 1);
}

long
apply_fee_by_count(int nth, struct strbuf *d)
{
	long	 fee;
	int	 lo, hi;

	if (nth < 1 || nth > APPLY_FEE_COUNT_MAX) {
		fee_add(d, "按件计收：申请序号 %d 无效（应为本月第 1 至 %d 件）。",
		    nth, APPLY_FEE_COUNT_MAX);
		return -1;
	}
	if (nth <= 10) {
		fee = 0;
		lo = 1;
		hi = 10;
	} else if (nth <= 30) {
		fee = 100;
		lo = 11;
		hi = 30;
	} else {
		/* 31-40: ¥200, 41-50: ¥300, ... */
		lo = 31 + (nth - 31) / 10 * 10;
		hi = lo + 9;
		fee = 100L * (2 + (nth - 31) / 10);
	}
	fee_add(d, "按件计收：同一申请人本自然月第 %d 件申请，属第 %d 至 %d "
	    "件一档，", nth, lo, hi);
	if (fee == 0)
		fee_add(d, "每月 10 件以下（含 10 件）不收费；本件收费 0 元。");
	else if (nth <= 30)
		fee_add(d, "每件 100 元；本件收费 100 元。");
	else
		fee_add(d, "第 31 件起每 10 件为一档、每档每件比上一档提高 100 "
		    "元，本档每件 %ld 元；本件收费 %ld 元。", fee, fee);
	fee_add(d, FEE_BASIS);
	return fee;
}

long
apply_fee_by_pages(int pages, struct strbuf *d)
{
	static const struct {
		int	 lo, hi;	/* pages, inclusive; hi 0: no end */
		long	 rate;		/* yuan a page */
	} band[] = {
		{ 1, 30, 0 }, { 31, 100, 10 }, { 101, 200, 20 }, { 201, 0, 40 }
	};
	long	 fee = 0, part;
	int	 i, n, first = 1;

	if (pages < 0 || pages > APPLY_FEE_PAGES_MAX) {
		fee_add(d, "按量计收：页数 %d 无效（应为 0 至 %d）。", pages,
		    APPLY_FEE_PAGES_MAX);
		return -1;
	}
	fee_add(d, "按量计收：本件申请共 %d 页，", pages);
	if (pages <= 30) {
		fee_add(d, "30 页以下（含 30 页）不收费；本件收费 0 元。"
		    FEE_BASIS);
		return 0;
	}
	fee_add(d, "前 30 页不收费；");
	for (i = 1; i < 4; i++) {
		if (pages < band[i].lo)
			break;
		n = (band[i].hi == 0 || pages < band[i].hi ? pages :
		    band[i].hi) - band[i].lo + 1;
		part = (long)n * band[i].rate;
		fee += part;
		fee_add(d, "%s第 %d 至 %d 页每页 %ld 元，%d 页 %ld 元",
		    first ? "" : "；", band[i].lo, band[i].lo + n - 1,
		    band[i].rate, n, part);
		first = 0;
	}
	fee_add(d, "；合计 %ld 元。" FEE_BASIS, fee);
	return fee;
}
