/*
 * apply_fee: the fee for a disclosure application under Art. 42 of the
 * 条例 and 国办函〔2020〕109号 — by count (per applicant per calendar month)
 * or by volume (pages per request).  Pure; the derivation is appended to
 * a strbuf in Chinese.  Amounts are in yuan.
 */
#ifndef DOCKET_APPLY_FEE_H
#define DOCKET_APPLY_FEE_H

#include "strbuf.h"

long	apply_fee_by_count(int nth_request_in_month, struct strbuf *derivation);
long	apply_fee_by_pages(int pages, struct strbuf *derivation);

#endif
