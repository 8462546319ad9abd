/*
 * apply_fee: the fee for information disclosed on application (依申请公开)
 * under the national rules, 《政府信息公开信息处理费管理办法》
 * (国办函〔2020〕109号).  The office charges one way, per count or per
 * volume.  Pure functions: the amount in yuan, and the derivation in
 * Chinese for the fee notice and `apply explain`.
 */
#ifndef DOCKET_APPLY_FEE_H
#define DOCKET_APPLY_FEE_H

#include "strbuf.h"

#define APPLY_FEE_COUNT_MAX	100000	/* requests in a month */
#define APPLY_FEE_PAGES_MAX	10000000

/*
 * Per count (按件计收), per applicant per calendar month: the fee of the
 * applicant's nth request of the month — the 1st to 10th free, the 11th
 * to 30th ¥100 each, then ¥100 more for each further band of 10 (31st to
 * 40th ¥200, 41st to 50th ¥300, ...).  Returns yuan, or -1 when nth is
 * not 1..APPLY_FEE_COUNT_MAX.  The derivation is appended to derivation
 * when it is not NULL.
 */
long	apply_fee_by_count(int nth_request_in_month,
	    struct strbuf *derivation);

/*
 * Per volume (按量计收), per request: up to 30 pages free, ¥10 a page for
 * pages 31-100, ¥20 a page for 101-200, ¥40 a page past 200.  Returns
 * yuan, or -1 when pages is not 0..APPLY_FEE_PAGES_MAX.
 */
long	apply_fee_by_pages(int pages, struct strbuf *derivation);

#endif
