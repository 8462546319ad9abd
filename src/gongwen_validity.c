/*
 * gongwen_validity: what the body says of the document's own life:
 * when it takes effect (自…起施行) and until when it is valid (有效期至…,
 * 有效期N年).  Clauses count only when their subject is the document
 * itself (本办法, 本通知 …): the 施行 date of a 条例 or the validity of a
 * 登记证 named in the body are not the document's.  Repeals are read in
 * gongwen_repeal.c from the same sentences.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "gongwen_impl.h"
#include "textblank.h"

static size_t gw_self_prefix(const char *, size_t);
static int gw_self_subject(const char *, size_t);
static int gw_effective_clause(const char *, size_t, struct cndate *, int *, size_t *);
static int gw_validity_clause(const char *, size_t, struct cndate *, int *, int *, size_t *);
static int gw_life_sentence(struct gw_life *, const char *, size_t, int *);
static int gw_life_scan(struct gw_life *, const char *, size_t);

/* ---- lifecycle: 施行, 有效期, 废止 ---- */

/* Nouns that name a document: 本办法, 本通知, 本实施细则 … */
static const char *gw_doc_nouns[] = {
	"办法", "通知", "方案", "规定", "细则", "意见", "决定", "规则",
	"制度", "标准", "条例", "公告", "通告", "政策", "措施", "文件",
	"规划", "计划", "指引", "指南", "要点", "批复", "纪要", "决议",
	"命令", "公报", "通报", "报告", "准则", "守则", "章程", "规范",
	"导则", "须知", "目录", "清单", "函", "令",
};

/*
 * Length of the 本办法 (本实施细则, 此通知) that opens p[0..n): 本 or 此 and
 * a few Han characters ending with a document noun; 0 when none.
 */
static size_t
gw_self_prefix(const char *p, size_t n)
{
	size_t		i, k, c, j;

	if (!gw_starts(p, n, "本") && !gw_starts(p, n, "此"))
		return 0;
	for (i = strlen("本"), c = 0; c < GW_SELF_CHARS && i < n; c++) {
		if (!gw_han(gw_u8(p + i, n - i, &k)))
			break;
		i += k;
		for (j = 0; j < nitems(gw_doc_nouns); j++)
			if (gw_ends(p, i, gw_doc_nouns[j]))
				return i;
	}
	return 0;
}

/*
 * What the subject p[0..n) of a clause (the words before 自…起施行 or
 * 有效期) is: 2 when there is none, 1 when it is the document itself
 * (本办法, 本实施细则（试行）), 0 for anything else (登记证).
 */
static int
gw_self_subject(const char *p, size_t n)
{
	static const char	*trial[] = { "（试行）", "(试行)", "（暂行）",
				    "(暂行)" };
	size_t			 k, i, c;

	k = gw_enum_len(p, n);
	p += k;
	n -= k;
	if (n == 0)
		return 2;
	for (i = 0; i < nitems(trial); i++)
		if (gw_ends(p, n, trial[i])) {
			n -= strlen(trial[i]);
			break;
		}
	if (!gw_starts(p, n, "本") && !gw_starts(p, n, "此"))
		return 0;
	for (i = 0, c = 0; i < n; i += k, c++)
		if (!gw_han(gw_u8(p + i, n - i, &k)) || c > GW_SELF_CHARS)
			return 0;
	for (i = 0; i < nitems(gw_doc_nouns); i++)
		if (gw_ends(p, n, gw_doc_nouns[i]))
			return 1;
	return 0;
}

/*
 * A 施行 clause: 自2021年3月1日起施行 (于 or 从 for 自; 执行, 实施, 生效,
 * 试行 for 施行, maybe after 开始 or 正式), or 自印发之日起施行 (发布, 公布
 * …).  Returns 1 and sets *d or *on_signing, and *subj to the length of
 * the words before 自; else 0.
 */
static int
gw_effective_clause(const char *c, size_t n, struct cndate *d,
    int *on_signing, size_t *subj)
{
	static const char	*verbs[] = { "施行", "执行", "实施", "生效",
				    "试行" };
	static const char	*preps[] = { "自", "于", "从" };
	static const char	*acts[] = { "印发", "发布", "公布", "下发",
				    "签发", "颁布", "公告", "发文", "发出" };
	const char		*b;
	size_t			 i, v, j, prep, bn, end;
	long			 at;

	/* From one 起 to the next. */
	for (i = 0; i < n; i += strlen("起")) {
		if ((b = gw_find(c + i, n - i, "起")) == NULL)
			break;
		i = (size_t)(b - c);
		v = i + strlen("起");
		if (gw_starts(c + v, n - v, "开始") ||
		    gw_starts(c + v, n - v, "正式"))
			v += strlen("开始");
		if (gw_match_any(c + v, n - v, verbs, nitems(verbs)) == 0)
			continue;
		for (j = i, prep = SIZE_MAX; j > 0 && i - j < GW_EFF_SPAN;) {
			j -= gw_u8_back(c, j);
			if (gw_match_any(c + j, n - j, preps,
			    nitems(preps)) > 0) {
				prep = j;
				break;
			}
		}
		if (prep == SIZE_MAX)
			continue;
		b = c + prep + strlen("自");
		bn = i - prep - strlen("自");
		if (bn > 0 && (at = cndate_find(b, bn, d, &end)) == 0 &&
		    end == bn)
			*on_signing = 0;
		else if (gw_ends(b, bn, "之日")) {
			bn -= strlen("之日");
			for (j = 0; j < nitems(acts); j++)
				if (gw_ends(b, bn, acts[j]))
					break;
			if (j == nitems(acts))
				continue;
			*on_signing = 1;
		} else
			continue;
		*subj = prep;
		return 1;
	}
	return 0;
}

/*
 * A validity clause: 有效期至2026年2月28日 (有效期限, 实施期限, 执行期限,
 * 试行期; 截至, 到; 为), 有效期5年, 有效期为三年, 有效期为6个月.
 * Returns 1 with *d for a last day, 2 with *years and *months for a
 * period, 0 when none; *subj gets the length of the words before it.
 */
static int
gw_validity_clause(const char *c, size_t n, struct cndate *d, int *years,
    int *months, size_t *subj)
{
	static const char	*kws[] = { "有效期限", "有效期", "试行期限",
				    "试行期", "实施期限", "执行期限", "执行期",
				    "实施期" };
	static const char	*links[] = { "截止至", "截止到", "截至", "截止",
				    "至", "到", "为", "是", "：", ":" };
	const char		*q;
	size_t			 i, k, at, end, j, m;
	long			 found;
	int			 v;

	*years = *months = 0;
	/*
	 * Every keyword has 期 for its third character: from one 期 to the
	 * next, the keyword would start two characters before it.
	 */
	for (i = 0; i < n; i += k) {
		if ((q = gw_find(c + i, n - i, "期")) == NULL)
			break;
		if ((size_t)(q - c) < i + 2 * strlen("期") ||
		    (m = gw_match_any(q - 2 * strlen("期"), (size_t)(c + n - q) +
		    2 * strlen("期"), kws, nitems(kws))) == 0) {
			k = (size_t)(q - c) + strlen("期") - i;
			continue;
		}
		i = (size_t)(q - c) - 2 * strlen("期");
		k = m;
		at = i + m;
		/* 有效期自2021年1月1日至2025年12月31日: the end date. */
		if (gw_starts(c + at, n - at, "自") ||
		    gw_starts(c + at, n - at, "从")) {
			for (j = at; j < n && j - at < 40; j += m) {
				if (gw_starts(c + j, n - j, "至") ||
				    gw_starts(c + j, n - j, "到"))
					break;
				gw_u8(c + j, n - j, &m);
			}
			if (j >= n || j - at >= 40)
				continue;
			at = j;
		}
		while ((m = gw_match_any(c + at, n - at, links,
		    nitems(links))) > 0)
			at += m;
		/* The date must start right here: no need to look further
		 * than the longest date (二〇二一年十二月三十一日) runs. */
		if ((found = cndate_find(c + at, n - at < GW_DATE_MAX ? n - at :
		    GW_DATE_MAX, d, &end)) == 0) {
			*subj = i;
			return 1;
		}
		if ((m = cndate_number(c + at, n - at, &v)) == 0 || v <= 0 ||
		    v > 100)
			continue;
		at += m;
		if (gw_starts(c + at, n - at, "年"))
			*years = v;
		else if (gw_starts(c + at, n - at, "个月"))
			*months = v;
		else
			continue;
		*subj = i;
		return 2;
	}
	return 0;
}

/* Offset just after the last clause comma before at, or 0. */
size_t
gw_clause_start(const char *s, size_t at)
{
	size_t	k;

	while (at > 0) {
		k = gw_u8_back(s, at);
		if ((k == 3 && memcmp(s + at - 3, "，", 3) == 0) ||
		    (k == 1 && s[at - 1] == ','))
			return at;
		at -= k;
	}
	return 0;
}

/* Offset of the next clause comma from at, or n. */
size_t
gw_clause_end(const char *s, size_t n, size_t at)
{
	/* Valid UTF-8: a lead byte never matches inside a character. */
	for (; at < n; at++)
		if (s[at] == ',' || ((unsigned char)s[at] == 0xef &&
		    gw_starts(s + at, n - at, "，")))
			return at;
	return n;
}

/*
 * Read one sentence, clause by clause.  A 施行 clause is the document's
 * when its subject is 本办法 (本通知 …), or when it has none and opens the
 * sentence or follows a first clause that opens with 本办法.
 */
static int
gw_life_sentence(struct gw_life *st, const char *s, size_t n, int *list)
{
	struct cndate	d;
	size_t		cs, ce, k, subj;
	int		ci, self = 0, eff_here = 0, r, on_signing = 0, pass;
	int		years = 0, months = 0;

	if (*list) {
		if ((r = gw_repeal_list_line(st, s, n)) != 0)
			return r == -1 ? -1 : 0;
		*list = 0;
	}
	/*
	 * 施行 clauses first: a 有效期 clause without a subject of its own is
	 * about the document only beside its 施行 clause (…起施行，有效期5年).
	 */
	for (pass = 0; pass < 2; pass++) {
		/* Every 施行 clause has its 起, every 有效期 its 期. */
		if (pass == 0 ? gw_find(s, n, "起") == NULL :
		    st->valid != 0 || gw_find(s, n, "期") == NULL)
			continue;
		for (ci = 0, cs = 0; cs <= n; ci++) {
			ce = gw_clause_end(s, n, cs);
			if (pass == 0 && ci == 0) {
				k = gw_enum_len(s + cs, ce - cs);
				self = gw_self_prefix(s + cs + k,
				    ce - cs - k) > 0;
			}
			if (pass == 0 && gw_effective_clause(s + cs, ce - cs,
			    &d, &on_signing, &subj)) {
				r = gw_self_subject(s + cs, subj);
				if (r == 1 || (r == 2 && (ci == 0 || self))) {
					eff_here = 1;
					if (st->eff == 0) {
						st->eff = on_signing ? 2 : 1;
						st->eff_date = d;
					}
				}
			}
			if (pass == 1 && st->valid == 0 &&
			    (r = gw_validity_clause(s + cs, ce - cs, &d,
			    &years, &months, &subj)) > 0) {
				k = (size_t)gw_self_subject(s + cs, subj);
				if (k == 1 || (k == 2 && eff_here)) {
					st->valid = r;
					st->valid_date = d;
					st->years = years;
					st->months = months;
				}
			}
			if (ce >= n)
				break;
			cs = ce + (s[ce] == ',' ? 1 : strlen("，"));
		}
	}
	if (gw_find(s, n, "废止") != NULL || gw_find(s, n, "同时失效") != NULL ||
	    gw_find(s, n, "同时停止执行") != NULL)
		return gw_repeal_sentence(st, s, n, list);
	return 0;
}

/* Read the body sentence by sentence. */
static int
gw_life_scan(struct gw_life *st, const char *flat, size_t len)
{
	const unsigned char	*u = (const unsigned char *)flat;
	size_t			 i = 0, k = 0, start = 0;
	int			 list = 0, any = 0;

	/*
	 * Byte by byte: flat is valid UTF-8, the stops start with a lead
	 * byte or are ASCII, so none matches inside a character.  On the
	 * way, note whether the sentence has one of the characters without
	 * which it says nothing of the document's life: 起 (施行), 期
	 * (有效期), 废 (废止), 同 (同时失效): most sentences have none and are
	 * not read again.
	 */
	for (;;) {
		if (i < len && u[i] < 0xe3 && u[i] != '\n' && u[i] != ';' &&
		    u[i] != '!' && u[i] != '?') {
			i++;
			continue;
		}
		if (i + 2 < len && ((u[i] == 0xe8 && u[i + 1] == 0xb5 &&
		    u[i + 2] == 0xb7) || (u[i] == 0xe6 && u[i + 1] == 0x9c &&
		    u[i + 2] == 0x9f) || (u[i] == 0xe5 && ((u[i + 1] == 0xba &&
		    u[i + 2] == 0x9f) || (u[i + 1] == 0x90 &&
		    u[i + 2] == 0x8c))))) {
			any = 1;
			i += 3;
			continue;
		}
		/* The stops: \n ; ! ?, 。 (e3 80 82), ！ ； ？ (ef bc 81, 9b,
		 * 9f). */
		k = u[i] < 0x80 ? 1 : i + 2 < len && ((u[i] == 0xe3 &&
		    u[i + 1] == 0x80 && u[i + 2] == 0x82) || (u[i] == 0xef &&
		    u[i + 1] == 0xbc && (u[i + 2] == 0x81 || u[i + 2] == 0x9b ||
		    u[i + 2] == 0x9f))) ? 3 : 0;
		if (i >= len || k > 0) {
			if (i > start && (any || list) && gw_life_sentence(st,
			    flat + start, i - start, &list) == -1)
				return -1;
			if (i >= len)
				return 0;
			i += k;
			start = i;
			any = 0;
			continue;
		}
		/* A character that is no stop: its whole length at once. */
		i += u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : 1;
		if (i > len)
			i = len;
	}
}

/*
 * effective_from, valid_until and repeals.  A period (有效期5年) counts
 * from the 施行 date, else from the 成文日期.  A title 关于废止《…》的决定
 * names what it repeals, even when the body gives no docno.
 */
int
gw_lifecycle(const struct gw_doc *doc, struct gongwen *gw)
{
	struct gw_life	 st;
	struct cndate	 base;
	const char	*t;
	char		 buf[16];
	size_t		 i;
	int		 rc = -1, have_base = 0;

	memset(&st, 0, sizeof(st));
	if (gw_life_scan(&st, doc->flat, doc->flat_len) == -1)
		goto out;
	if (gw->title != NULL && (t = strstr(gw->title, "废止")) != NULL &&
	    gw_repeal_items(&st, t, strlen(t)) == -1)
		goto out;
	if (st.eff == 1) {
		base = st.eff_date;
		have_base = 1;
		cndate_format(&base, buf);
		if ((gw->effective_from = gw_strdup(buf)) == NULL)
			goto out;
	} else if (doc->has_signed) {
		base = doc->signed_d;
		have_base = 1;
		if (st.eff == 2 &&
		    (gw->effective_from = gw_strdup(gw->signed_on)) == NULL)
			goto out;
	}
	if (st.valid == 1 || (st.valid == 2 && have_base &&
	    cndate_period_end(&base, st.years, st.months, &st.valid_date) ==
	    0)) {
		cndate_format(&st.valid_date, buf);
		if ((gw->valid_until = gw_strdup(buf)) == NULL)
			goto out;
	}
	for (i = 0; i < st.nrep; i++)
		if (gw_list_take(&gw->repeals, gw_strdup(st.rep[i].docno !=
		    NULL ? st.rep[i].docno : st.rep[i].title), 1) == -1)
			goto out;
	rc = 0;
out:
	for (i = 0; i < st.nrep; i++) {
		free(st.rep[i].title);
		free(st.rep[i].docno);
	}
	return rc;
}
