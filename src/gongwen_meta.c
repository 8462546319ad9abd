/*
 * gongwen_meta: what a government web site puts around a document: the
 * metadata table (索引号, 发文机关, 成文日期 …), whose values may stand in
 * for a field the document lacks but whose rows are never the document's
 * lines, and the page furniture (版权所有, ICP备…) that is never part of a
 * field.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

static int gw_meta_label(const char *, size_t, int *, size_t *);

/*
 * Labels of the metadata table a government site shows above a document
 * (索引号, 发文机关, 成文日期 …).  Their rows are the site's, not the
 * document's lines: a value may stand in for a field the document lacks,
 * the label never becomes part of an issuer, a title or a date line.
 */
static const struct {
	const char	*label;
	int		 kind;
} gw_meta_labels[] = {
	{ "发文机关", GW_META_ISSUER }, { "发布机关", GW_META_ISSUER },
	{ "发文单位", GW_META_ISSUER }, { "发布单位", GW_META_ISSUER },
	{ "发文机构", GW_META_ISSUER }, { "发布机构", GW_META_ISSUER },
	{ "成文日期", GW_META_DATE }, { "发文日期", GW_META_DATE },
	{ "标题", GW_META_TITLE }, { "文件名称", GW_META_TITLE },
	{ "信息名称", GW_META_TITLE }, { "名称", GW_META_TITLE },
	{ "发文字号", GW_META_OTHER }, { "文号", GW_META_OTHER },
	{ "发布日期", GW_META_OTHER }, { "发布时间", GW_META_OTHER },
	{ "生成日期", GW_META_OTHER }, { "公开日期", GW_META_OTHER },
	{ "实施日期", GW_META_OTHER }, { "施行日期", GW_META_OTHER },
	{ "生效日期", GW_META_OTHER }, { "失效日期", GW_META_OTHER },
	{ "废止日期", GW_META_OTHER }, { "索引号", GW_META_OTHER },
	{ "主题分类", GW_META_OTHER }, { "体裁分类", GW_META_OTHER },
	{ "组配分类", GW_META_OTHER }, { "服务对象分类", GW_META_OTHER },
	{ "主题词", GW_META_OTHER }, { "关键词", GW_META_OTHER },
	{ "公开方式", GW_META_DISC }, { "公开范围", GW_META_OTHER },
	{ "公开时限", GW_META_OTHER }, { "公开形式", GW_META_DISC },
	{ "公开属性", GW_META_DISC }, { "有效性", GW_META_OTHER },
	{ "时效性", GW_META_OTHER }, { "效力状态", GW_META_OTHER },
	{ "是否有效", GW_META_OTHER }, { "信息来源", GW_META_OTHER },
	{ "所属机构", GW_META_OTHER }, { "文种", GW_META_OTHER },
	{ "公文种类", GW_META_OTHER }, { "信息分类", GW_META_OTHER },
	{ "统一编号", GW_META_OTHER }, { "登记号", GW_META_OTHER },
};

/* Lines of a site's footer and page furniture, never a document's text. */
static const char *gw_chrome_starts[] = {
	"版权所有", "Copyright", "copyright", "COPYRIGHT", "©", "主办单位",
	"主办：", "承办单位", "协办单位", "网站标识码", "网站地图", "联系我们",
	"技术支持", "分享到", "打印本页", "【打印", "[打印", "关闭窗口",
	"【关闭", "扫一扫", "上一篇", "下一篇", "相关链接", "相关文件",
	"相关阅读", "政府网站找错", "网站纠错", "浏览次数", "访问量",
	"【字体", "[字体", "字体：", "字号：", "首页", "当前位置", "您现在的位置",
	"您当前的位置",
};

static const char *const gw_chrome_finds[] = {
	"ICP备", "ICP证", "公网安备", "网站标识码", "版权所有", "主办单位：",
	"浏览次数", "打印本页", "关闭窗口", "【打印】", "【关闭】",
};

/*
 * A metadata label at the start of p[0..n) (发文机关, 成文日期：, 标　题),
 * followed by a tab, blanks, a colon or the end of the line.  *kind gets
 * its GW_META_*, *vo the offset of the value (n when it is on the next
 * line).  1 when p starts so.
 */
static int
gw_meta_label(const char *p, size_t n, int *kind, size_t *vo)
{
	const char	*lab;
	size_t		 i, k, ml, at;
	int		 sep;

	for (i = 0; i < nitems(gw_meta_labels); i++) {
		lab = gw_meta_labels[i].label;
		/* Every label opens with a three-byte character. */
		if (n < 3 || memcmp(p, lab, 3) != 0 || (ml = gw_spaced_at(p,
		    n < 48 ? n : 48, lab, strlen(lab))) == 0)
			continue;
		at = ml;
		sep = 0;
		while (at < n && (k = textblank_len(p + at, n - at)) > 0) {
			at += k;
			sep = 1;
		}
		if (gw_starts(p + at, n - at, "：")) {
			at += strlen("：");
			sep = 1;
		} else if (gw_starts(p + at, n - at, ":")) {
			at++;
			sep = 1;
		}
		if (!sep && at < n)
			continue;
		at = gw_skip_blanks(p, n, at);
		*kind = gw_meta_labels[i].kind;
		*vo = at;
		return 1;
	}
	return 0;
}

/* Mark the metadata rows (see gw_meta_labels) of doc. */
void
gw_meta_scan(struct gw_doc *doc)
{
	struct gw_line	*l;
	size_t		 i, j, vo;
	int		 kind;

	for (i = 0; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->n == 0 || l->meta != 0 || l->n > GW_TITLE_LINE_MAX ||
		    !gw_meta_label(l->p, l->n, &kind, &vo))
			continue;
		l->meta = kind;
		l->v = l->p + vo;
		l->vn = l->n - vo;
		if (l->vn > 0)
			continue;
		/* A lone label: its value is the next line (a table cell). */
		for (j = i + 1; j < doc->nlines && j <= i + 2 &&
		    doc->lines[j].n == 0; j++)
			;
		if (j >= doc->nlines || doc->lines[j].n == 0 ||
		    doc->lines[j].n > GW_TITLE_LINE_MAX ||
		    (doc->lines[j].flags & GW_LF_STOP) ||
		    gw_meta_label(doc->lines[j].p, doc->lines[j].n, &kind, &vo))
			continue;
		doc->lines[j].meta = GW_META_VALUE;
		doc->lines[j].v = doc->lines[j].p;
		doc->lines[j].vn = doc->lines[j].n;
		l->v = doc->lines[j].p;
		l->vn = doc->lines[j].n;
	}
}

/*
 * The value of the first metadata label of kind: label and value in
 * cells of one row (several pairs may share a row), or label：value.
 */
int
gw_meta_value(const struct gw_doc *doc, int kind, struct gw_span *out)
{
	const struct gw_line	*l;
	const char		*c, *e, *t;
	size_t			 i, cn, vo;
	int			 k;

	for (i = 0; i < doc->nlines; i++) {
		l = &doc->lines[i];
		if (l->meta == 0 || l->meta == GW_META_VALUE)
			continue;
		/* Cells split on tabs. */
		for (c = l->p, e = l->p + l->n; c < e;) {
			t = memchr(c, '\t', (size_t)(e - c));
			cn = (size_t)((t != NULL ? t : e) - c);
			if (gw_meta_label(c, cn, &k, &vo) && k == kind) {
				out->p = c + vo;
				out->n = cn - vo;
				if (out->n == 0 && t != NULL) {
					/* The value is the next cell. */
					c = t + 1;
					t = memchr(c, '\t', (size_t)(e - c));
					out->p = c;
					out->n = (size_t)((t != NULL ? t :
					    e) - c);
				} else if (out->n == 0 && l->v != l->p + vo) {
					out->p = l->v;
					out->n = l->vn;
				}
				textblank_trim(&out->p, &out->n);
				if (out->n > 0)
					return 1;
			}
			if (t == NULL)
				break;
			c = t + 1;
		}
	}
	return 0;
}

/* 1 for the text of a line of a web page's footer or furniture
 * (版权所有, ICP备…). */
int
gw_chrome_text(const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (gw_match_any(p, n, gw_chrome_starts,
	    nitems(gw_chrome_starts)) > 0)
		return 1;
	return gw_find_any(p, n, gw_chrome_finds,
	    nitems(gw_chrome_finds)) != NULL;
}

/* 1 for a line of page furniture. */
int
gw_chrome_line(const struct gw_line *l)
{
	struct gw_line	*w = (struct gw_line *)(uintptr_t)l;

	if (!(l->known & GW_LC_CHROME_SET))
		w->known |= GW_LC_CHROME_SET |
		    (gw_chrome_text(l->p, l->n) ? GW_LC_CHROME : 0);
	return (l->known & GW_LC_CHROME) != 0;
}
