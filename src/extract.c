/*
 * extract: choose the extractor for a document from its content and its
 * file name.
 *
 * Each format is one entry in a table: extension, format name, function.
 * Built-in readers cover what drafting systems hand over (plain text in
 * any of its encodings, .docx, .ofd, .html); any other extension can be
 * given an external command in [extract] of docketd.conf (by default
 * pdftotext for .pdf, catdoc for .doc, .wps and .rtf).  A command may
 * name alternatives, "a %f || b %f": the first that yields text wins.
 *
 * The content decides before the name where the two disagree, as they
 * do in offices: a compound document (D0 CF 11 E0) named .doc, .wps or
 * nothing is read as Word/WPS, an RTF or a zip (docx) saved as .doc is
 * read as what it is, and PDF and image magic are believed.  A PDF with
 * no text layer and an image go to OCR (ocr.c; in docketd through the
 * worker queue of ocrq.c, which may answer "pending"), and the OCR text
 * is repaired (ocrfix.c) before the reader sees it.  A document that
 * yields no text at all is refused with the reason, never stored empty.
 * A file without an extension is tried as text; an unknown extension is
 * refused with a reason, never guessed at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "config.h"
#include "docx.h"
#include "exttool.h"
#include "errbuf.h"
#include "extract.h"
#include "html.h"
#include "ocr.h"
#include "ocrfix.h"
#include "ocrq.h"
#include "ofd.h"
#include "textdec.h"
#include "textnorm.h"
#include "xalloc.h"

/* Characters a page of a PDF has at least, unless it is a scanned one. */
#define EXTRACT_PAGE_INK	16

typedef int (*extract_fn)(const unsigned char *, size_t,
    const struct extract_ctx *, struct extract_result *, char *, size_t);

static int	extract_plain(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_docx(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_ofd(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);
static int	extract_html(const unsigned char *, size_t,
		    const struct extract_ctx *, struct extract_result *,
		    char *, size_t);

static const struct extractor {
	const char	*ext;
	const char	*format;
	extract_fn	 fn;
} extractors[] = {
	{ "txt",	"txt",	extract_plain },
	{ "text",	"txt",	extract_plain },
	{ "",		"txt",	extract_plain },	/* no extension */
	{ "docx",	"docx",	extract_docx },
	{ "ofd",	"ofd",	extract_ofd },
	{ "html",	"html",	extract_html },
	{ "htm",	"html",	extract_html },
	{ "shtml",	"html",	extract_html },
};

static const char *
extract_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return (dot == NULL || dot == name) ? "" : dot + 1;
}

static const struct extractor *
extract_lookup(const char *name)
{
	const char	*ext = extract_ext(name);
	size_t		 i;

	for (i = 0; i < sizeof(extractors) / sizeof(extractors[0]); i++)
		if (strcasecmp(extractors[i].ext, ext) == 0)
			return &extractors[i];
	return NULL;
}

static int
extract_plain(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	r->text = textdec_decode(buf, len, &r->len, &r->charset, err, errlen);
	/* textdec gives valid UTF-8 without NUL, or nothing. */
	r->utf8 = r->text != NULL;
	return r->text == NULL ? -1 : 0;
}

static int
extract_docx(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return docx_extract(buf, len, &r->text, &r->len, err, errlen);
}

static int
extract_ofd(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return ofd_extract(buf, len, &r->text, &r->len, err, errlen);
}

static int
extract_html(const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	return html_extract(buf, len, &r->text, &r->len, err, errlen);
}

/* Non-blank characters of text, counting stops at max: ASCII blanks,
 * U+3000, U+FEFF and U+00A0 do not count. */
static size_t
extract_inked(const char *t, size_t n, size_t max)
{
	const unsigned char	*s = (const unsigned char *)t;
	size_t			 i, k = 0;

	for (i = 0; i < n && k < max; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\f' || s[i] == '\v')
			continue;
		if (i + 2 < n && ((s[i] == 0xe3 && s[i + 1] == 0x80 &&
		    s[i + 2] == 0x80) || (s[i] == 0xef && s[i + 1] == 0xbb &&
		    s[i + 2] == 0xbf))) {
			i += 2;
			continue;
		}
		if (i + 1 < n && s[i] == 0xc2 && s[i + 1] == 0xa0) {
			i++;
			continue;
		}
		if ((s[i] & 0xc0) != 0x80)
			k++;
	}
	return k;
}

/*
 * Table rows a text tool draws with bars (antiword: "|cell |cell |"):
 * the outer bars go, and a bar between cells becomes a wide gap, which
 * is how the reader knows columns (印发机关 … 印发日期).  A new string.
 */
static char *
extract_unbar(const char *t, size_t len, size_t *outlen)
{
	char	*out = xmalloc(len * 4 + 1);
	size_t	 i = 0, o = 0, b, e, k;

	while (i < len) {
		for (e = i; e < len && t[e] != '\n'; e++)
			;
		for (b = i; b < e && t[b] == ' '; b++)
			;
		k = e;
		while (k > b && t[k - 1] == ' ')
			k--;
		if (k - b >= 2 && t[b] == '|' && t[k - 1] == '|') {
			for (i = b + 1; i < k - 1; i++)
				if (t[i] == '|') {
					memcpy(out + o, "    ", 4);
					o += 4;
				} else
					out[o++] = t[i];
			while (o > 0 && out[o - 1] == ' ')
				o--;
		} else {
			memcpy(out + o, t + i, e - i);
			o += e - i;
		}
		if (e < len)
			out[o++] = '\n';
		i = e + 1;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* One external command: no shell, a timeout, an output cap; its output
 * is decoded like plain text and the spaces it puts around CJK undone.
 * pages[0]: form feeds + 1 (pdftotext ends each page with one);
 * pages[1]: those of them with almost no text (a scanned page). */
static int
extract_tool1(const char *cmd, const struct extract_ctx *ctx,
    struct extract_result *r, size_t *pages, char *err, size_t errlen)
{
	const char *pg;
	char	**argv, *out, *text;
	size_t	  outlen, textlen, i;
	int	  rc;

	if (exttool_argv(cmd, ctx->path, &argv) == -1) {
		snprintf(err, errlen, "[extract] 的读取命令有误：'%.200s'",
		    cmd);
		return -1;
	}
	rc = exttool_run(argv, ctx->cf->tool_timeout_ms,
	    (size_t)ctx->cf->max_text, &out, &outlen, err, errlen);
	exttool_argv_free(argv);
	if (rc == -1)
		return -1;
	pages[0] = 1;
	pages[1] = 0;
	for (i = 0, pg = out; i < outlen; i++)
		if (out[i] == '\f' || i + 1 == outlen) {
			if (extract_inked(pg, (size_t)(out + i + 1 - pg),
			    EXTRACT_PAGE_INK) < EXTRACT_PAGE_INK)
				pages[1]++;
			if (out[i] == '\f' && i + 1 < outlen)
				pages[0]++;
			pg = out + i + 1;
		}
	/* A tool that writes HTML (unrtf --html): the HTML reader. */
	for (i = 0; i < outlen && i < 64 && (out[i] == ' ' || out[i] == '\n' ||
	    out[i] == '\r' || out[i] == '\t'); i++)
		;
	if (outlen - i > 5 && (strncasecmp(out + i, "<!doctype html", 14) ==
	    0 || strncasecmp(out + i, "<html", 5) == 0)) {
		rc = html_extract((unsigned char *)out, outlen, &r->text,
		    &r->len, err, errlen);
		free(out);
		return rc;
	}
	text = textdec_decode((unsigned char *)out, outlen, &textlen,
	    &r->charset, err, errlen);
	free(out);
	if (text == NULL)
		return -1;
	out = extract_unbar(text, textlen, &outlen);
	free(text);
	r->text = textnorm_cjk_spaces(out, &r->len);
	free(out);
	if (r->text == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* A configured command, or alternatives "a %f || b %f": the first that
 * yields text.  When all fail, the reasons of each, joined. */
static int
extract_tool(const char *cmd, const struct extract_ctx *ctx,
    struct extract_result *r, size_t *pages, char *err, size_t errlen)
{
	char	 one[sizeof(((struct config_tool *)0)->cmd)], why[1024];
	const char *p = cmd, *bar;
	size_t	 n, used = 0;

	if (ctx != NULL && ctx->pure)
		return EXTRACT_DEFER;
	if (ctx == NULL || ctx->path == NULL || ctx->cf == NULL) {
		snprintf(err, errlen, "外部读取工具需要磁盘上的文件");
		return -1;
	}
	err[0] = '\0';
	for (;;) {
		bar = strstr(p, "||");
		n = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, p, n);
		one[n] = '\0';
		if (extract_tool1(one, ctx, r, pages, why, sizeof(why)) == 0) {
			if (bar == NULL || extract_inked(r->text, r->len, 1) > 0)
				return 0;
			snprintf(why, sizeof(why), "%.200s: no text", one);
			extract_result_free(r);
		}
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used,
			    "%s%s", used ? "; " : "", why);
		if (bar == NULL)
			return -1;
		p = bar + 2;
	}
}

/* A scan: OCR (in the worker queue when there is one), then the repair
 * of what OCR does to 公文 marks.  *ran: OCR itself was asked (its
 * failure is OCR's; one before it, OCR off, is whole as it is). */
static int
extract_ocr(const struct extract_ctx *ctx, int is_pdf,
    struct extract_result *r, int *ran, char *err, size_t errlen)
{
	struct ocr_result	 o;
	char			*raw = NULL;
	const char		*tmp;
	size_t			 rawlen = 0;
	double			 conf = 0;

	if (ctx != NULL && ctx->pure)
		return EXTRACT_DEFER;
	if (ctx == NULL || ctx->cf == NULL || ctx->path == NULL) {
		snprintf(err, errlen, "文字识别（OCR）需要磁盘上的文件");
		return -1;
	}
	if (!ctx->cf->ocr.enabled) {
		snprintf(err, errlen, "%s，需要文字识别，但 OCR 未开启"
		    "（[ocr] ocr = no）", is_pdf ?
		    "PDF 没有文字层（可能是扫描件）" : "是图片");
		return -1;
	}
	*ran = 1;
	if (ctx->ocr != NULL && ctx->sha != NULL) {
		switch (ocrq_get(ctx->ocr, ctx->sha, ctx->path, is_pdf, &raw,
		    &rawlen, &conf, err, errlen)) {
		case OCRQ_DONE:
			break;
		case OCRQ_FAILED:
			return -1;
		case OCRQ_PENDING:
			return EXTRACT_PENDING;
		}
	} else {
		if ((tmp = getenv("TMPDIR")) == NULL || tmp[0] == '\0')
			tmp = "/tmp";
		if (ocr_file(ctx->cf, ctx->path, is_pdf, tmp, &o, err,
		    errlen) == -1)
			return -1;
		raw = o.text;
		rawlen = o.len;
		conf = o.confidence;
	}
	r->text = ocrfix_text(raw, rawlen, &r->len);
	free(raw);
	r->text_source = "ocr";
	r->ocr_confidence = conf;
	r->charset = NULL;
	return 0;
}

/* What the first bytes say the file is, or NULL. */
static const char *
extract_sniff(const unsigned char *b, size_t n)
{
	size_t	i;

	if (n >= 8 && memcmp(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return "ole2";
	if (n >= 5 && memcmp(b, "{\\rtf", 5) == 0)
		return "rtf";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 3 && memcmp(b, "\xff\xd8\xff", 3) == 0)
		return "jpeg";
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 ||
	    memcmp(b, "MM\0*", 4) == 0))
		return "tiff";
	if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
		return "zip";
	/* %PDF- within the first KiB, as readers allow. */
	for (i = 0; i + 5 <= n && i < 1024; i++)
		if (b[i] == '%' && memcmp(b + i, "%PDF-", 5) == 0)
			return "pdf";
	return NULL;
}

/* An HTML page, by its first tag (after blanks and a BOM). */
static int
extract_looks_html(const unsigned char *b, size_t n)
{
	size_t	i = 0;

	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && i < 1024 && (b[i] == ' ' || b[i] == '\t' ||
	    b[i] == '\r' || b[i] == '\n'))
		i++;
	return n - i >= 5 && (strncasecmp((const char *)b + i, "<html", 5) ==
	    0 || (n - i >= 9 && strncasecmp((const char *)b + i, "<!doctype",
	    9) == 0) || (n - i >= 5 && strncasecmp((const char *)b + i,
	    "<?xml", 5) == 0 && n - i >= 64 && memmem(b + i, n - i < 1024 ?
	    n - i : 1024, "<html", 5) != NULL));
}

static int
extract_is(const char *ext, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcasecmp(ext, *set) == 0)
			return 1;
	return 0;
}

static const char *const word_exts[] = { "doc", "wps", "dot", "wpt", "",
	NULL };
static const char *const image_exts[] = { "png", "jpg", "jpeg", "tif",
	"tiff", NULL };

static void
extract_set_format(struct extract_result *r, const char *f)
{
	size_t	i;

	for (i = 0; f[i] != '\0' && i + 1 < sizeof(r->formatbuf); i++)
		r->formatbuf[i] = (char)((f[i] >= 'A' && f[i] <= 'Z') ?
		    f[i] - 'A' + 'a' : f[i]);
	r->formatbuf[i] = '\0';
	errbuf_cut(r->formatbuf);	/* a long extension, cut whole */
	r->format = r->formatbuf;
}

/* The [extract] command for ext, or NULL when none (or turned off). */
static const char *
extract_cmd(const struct extract_ctx *ctx, const char *ext)
{
	const char *cmd;

	if (ctx == NULL || ctx->cf == NULL)
		return NULL;
	cmd = config_tool(ctx->cf, ext);
	return cmd != NULL && cmd[0] != '\0' ? cmd : NULL;
}

static int
extract_unsupported(const char *ext, char *err, size_t errlen)
{
	snprintf(err, errlen, "不支持的文件格式 .%s：没有它的读取程序，"
	    "[extract] 中也没有配置读取命令", ext);
	return -1;
}

/* What a failed extraction was doing: the Chinese headline that goes
 * before the technical detail a reader, a tool or OCR gave. */
enum extract_stage {
	XS_OWN,		/* the reason is already whole */
	XS_READER,	/* an in-process reader (docx, ofd, html, ...) */
	XS_TOOL,	/* an [extract] command */
	XS_OCR		/* OCR */
};

/* " docx " for "这份 docx 文件", or "" when the name has no extension. */
static const char *
extract_fmt(const char *format, char *buf, size_t len)
{
	if (format == NULL || format[0] == '\0')
		return "";
	snprintf(buf, len, " %s ", format);
	return buf;
}

/* "<headline>：<detail>" in err, for the person who reads the
 * quarantine; the detail is cut when both do not fit. */
static void
extract_lead(char *err, size_t errlen, enum extract_stage st,
    const char *format)
{
	char	lead[256], f[24], *detail;
	size_t	ll;

	switch (st) {
	case XS_READER:
		snprintf(lead, sizeof(lead), "无法读取这份%s文件（文件已损坏、"
		    "已加密，或内容与扩展名不符）：", extract_fmt(format, f,
		    sizeof(f)));
		break;
	case XS_TOOL:
		snprintf(lead, sizeof(lead), "读取命令没有读出这份%s文件的文字"
		    "（文件可能已损坏或加密；若是命令本身的问题，请检查 "
		    "[extract] 的设置）：", extract_fmt(format, f, sizeof(f)));
		break;
	case XS_OCR:
		snprintf(lead, sizeof(lead), "文字识别（OCR）没有可靠地读出这份"
		    "扫描件（请核对原件，或换一份清晰的扫描件重新提交）：");
		break;
	default:
		return;
	}
	if (errlen == 0 || (ll = strlen(lead)) + 1 >= errlen)
		return;
	if (err[0] == '\0') {		/* no detail: no colon */
		lead[ll - strlen("：")] = '\0';
		snprintf(err, errlen, "%s", lead);
		return;
	}
	if ((detail = strdup(err)) == NULL)
		return;
	errbuf_set(err, errlen, "%s%s", lead, detail);
	free(detail);
}

/* Dispatch: content first where it is sure, then the name. */
static int
extract_dispatch(const char *name, const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r,
    enum extract_stage *st, char *err, size_t errlen)
{
	const struct extractor	*x;
	const char		*ext = extract_ext(name), *cmd, *kind;
	size_t			 pages[2] = { 1, 0 };
	int			 rc, ran = 0;

	kind = extract_sniff(buf, len);
	if (kind != NULL && strcmp(kind, "ole2") == 0 &&
	    extract_is(ext, word_exts)) {
		/* Word 97-2003 and WPS: a compound document. */
		extract_set_format(r, ext[0] != '\0' ? ext : "doc");
		if ((cmd = extract_cmd(ctx, ext)) == NULL &&
		    (cmd = extract_cmd(ctx, "doc")) == NULL)
			return extract_unsupported(ext[0] ? ext : "doc", err,
			    errlen);
		*st = XS_TOOL;
		return extract_tool(cmd, ctx, r, pages, err, errlen);
	}
	if (kind != NULL && strcmp(kind, "rtf") == 0 &&
	    (extract_is(ext, word_exts) || strcasecmp(ext, "rtf") == 0)) {
		extract_set_format(r, "rtf");
		if ((cmd = extract_cmd(ctx, "rtf")) == NULL)
			return extract_unsupported("rtf", err, errlen);
		*st = XS_TOOL;
		return extract_tool(cmd, ctx, r, pages, err, errlen);
	}
	if (kind != NULL && strcmp(kind, "zip") == 0 &&
	    extract_is(ext, word_exts) && ext[0] != '\0') {
		r->format = "docx";
		*st = XS_READER;
		return docx_extract(buf, len, &r->text, &r->len, err, errlen);
	}
	if (kind == NULL && extract_is(ext, word_exts) && ext[0] != '\0') {
		/* Named .doc or .wps but none of those: web systems save HTML
		 * as .doc; anything else (WPS 2000's own format, damage) is
		 * refused rather than read as text. */
		if (extract_looks_html(buf, len)) {
			r->format = "html";
			*st = XS_READER;
			return html_extract(buf, len, &r->text, &r->len, err,
			    errlen);
		}
		snprintf(err, errlen, "文件以 .%s 命名，却不是 Word 97-2003/WPS "
		    "文档、RTF、docx 或 HTML：可能是早期 WPS 格式，或文件已损坏，"
		    "请另存为 .doc/.docx 后重新提交", ext);
		return -1;
	}
	if ((kind != NULL && (strcmp(kind, "png") == 0 ||
	    strcmp(kind, "jpeg") == 0 || strcmp(kind, "tiff") == 0) &&
	    (ext[0] == '\0' || extract_is(ext, image_exts))) ||
	    (kind == NULL && extract_is(ext, image_exts))) {
		extract_set_format(r, kind != NULL ? kind : ext);
		rc = extract_ocr(ctx, 0, r, &ran, err, errlen);
		if (ran)
			*st = XS_OCR;
		return rc;
	}
	if ((kind != NULL && strcmp(kind, "pdf") == 0 && (ext[0] == '\0' ||
	    strcasecmp(ext, "pdf") == 0)) || strcasecmp(ext, "pdf") == 0) {
		r->format = "pdf";
		if ((cmd = extract_cmd(ctx, "pdf")) == NULL)
			return extract_unsupported("pdf", err, errlen);
		*st = XS_TOOL;
		if ((rc = extract_tool(cmd, ctx, r, pages, err, errlen)) != 0)
			return rc;
		/* No text layer, a few stray characters a page (a scanner's
		 * stamp), or most pages without text (a typed cover on a
		 * scan): a scan. */
		if (extract_inked(r->text, r->len, EXTRACT_PAGE_INK *
		    pages[0]) >= EXTRACT_PAGE_INK * pages[0] &&
		    pages[1] * 2 <= pages[0])
			return 0;
		extract_result_free(r);
		rc = extract_ocr(ctx, 1, r, &ran, err, errlen);
		*st = ran ? XS_OCR : XS_OWN;
		return rc;
	}
	if ((x = extract_lookup(name)) != NULL) {
		r->format = x->format;
		*st = XS_READER;
		return x->fn(buf, len, ctx, r, err, errlen);
	}
	if ((cmd = extract_cmd(ctx, ext)) != NULL) {
		extract_set_format(r, ext);
		*st = XS_TOOL;
		return extract_tool(cmd, ctx, r, pages, err, errlen);
	}
	return extract_unsupported(ext, err, errlen);
}

int
extract_text(const char *name, const unsigned char *buf, size_t len,
    const struct extract_ctx *ctx, struct extract_result *r, char *err,
    size_t errlen)
{
	enum extract_stage	st = XS_OWN;
	char			f[24];
	int			rc;

	memset(r, 0, sizeof(*r));
	if (errlen > 0)
		err[0] = '\0';
	rc = extract_dispatch(name, buf, len, ctx, r, &st, err, errlen);
	if (rc == -1)
		extract_lead(err, errlen, st, r->format != NULL ? r->format :
		    extract_ext(name));
	if (rc == 0 && extract_inked(r->text, r->len, 1) == 0) {
		/* a text file has no pictures to blame */
		errbuf_set(err, errlen, "这份%s文件中没有可读取的文字（空白%s）",
		    extract_fmt(r->format, f, sizeof(f)), r->format != NULL &&
		    strcmp(r->format, "txt") == 0 ? "" : "，或只有图片");
		rc = -1;
	}
	if (rc == 0 && ctx != NULL && ctx->cf != NULL &&
	    r->len > ctx->cf->max_text) {
		snprintf(err, errlen, "读出的文字过长：%zu 字节，超过 max_text"
		    "（%llu 字节）", r->len,
		    (unsigned long long)ctx->cf->max_text);
		rc = -1;
	}
	if (rc == -1 && errlen > 0)
		errbuf_cut(err);	/* cut to fit here or by a reader */
	if (rc != 0)
		extract_result_free(r);
	return rc;
}

void
extract_result_free(struct extract_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}
