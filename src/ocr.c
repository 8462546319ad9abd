/*
 * ocr: the text of a scanned document, page by page, with tesseract.
 *
 * A PDF is rendered one page at a time (pdftoppm -r DPI -gray -png -f N
 * -l N -singlefile) into a scratch directory, so that a 300-page scan
 * never fills the disk with images; an image (PNG, JPEG, TIFF) goes to
 * tesseract as it is.  Every tool runs through exttool_run: no shell,
 * the page timeout, an output cap.  tesseract's TSV output, not its plain
 * text, is read: it gives each word's confidence (their mean is the
 * record's ocr_confidence) and its box, so a wide gap between two words
 * on a line (印发机关 … 印发日期) stays a wide gap for the reader.
 * tesseract is held to one thread (OMP_THREAD_LIMIT=1): the number of
 * OCR workers is what bounds the CPU it takes.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "errbuf.h"
#include "exttool.h"
#include "ocr.h"
#include "xalloc.h"

/* Output of pdfinfo and of tesseract's TSV for one page, at most. */
#define OCR_INFO_MAX		(64 * 1024)
#define OCR_TSV_MAX		(16 * 1024 * 1024)

static void
ocr_append(char **text, size_t *tlen, size_t *tcap, const char *s,
    size_t n)
{
	if (*tlen + n + 1 > *tcap) {
		*tcap = (*tlen + n + 1) * 2;
		*text = xrealloc(*text, *tcap);
	}
	memcpy(*text + *tlen, s, n);
	*tlen += n;
	(*text)[*tlen] = '\0';
}

/* Field i (0-based, tab-separated) of line s[0..n). */
static const char *
ocr_field(const char *s, size_t n, int i, size_t *flen)
{
	const char *e = s + n, *f = s, *t;

	while (i-- > 0) {
		if ((t = memchr(f, '\t', (size_t)(e - f))) == NULL)
			return NULL;
		f = t + 1;
	}
	t = memchr(f, '\t', (size_t)(e - f));
	*flen = (size_t)((t != NULL ? t : e) - f);
	return f;
}

static long
ocr_num(const char *s, size_t n)
{
	char	buf[32];

	if (s == NULL || n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* Column i of a TSV line as a number, -1 when missing. */
static long
ocr_col(const char *s, size_t n, int i)
{
	const char	*f;
	size_t		 fl = 0;

	f = ocr_field(s, n, i, &fl);
	return ocr_num(f, fl);
}

void
ocr_tsv_text(const char *tsv, size_t n, char **text, size_t *tlen,
    size_t *tcap, double *confsum, size_t *nwords)
{
	const char	*p = tsv, *e = tsv + n, *nl, *f;
	long		 block = -1, par = -1, line = -1, b, pa, li;
	long		 left, width, height, right = -1, lineh = 20;
	size_t		 fl, ll;
	char		 cbuf[32];
	double		 conf;

	for (; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		ll = (size_t)(nl - p);
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if ((f = ocr_field(p, ll, 0, &fl)) == NULL || fl != 1)
			continue;		/* the header */
		if (f[0] == '4') {		/* a line: its height */
			lineh = ocr_col(p, ll, 9);
			continue;
		}
		if (f[0] != '5')
			continue;		/* page, block, paragraph */
		if ((f = ocr_field(p, ll, 11, &fl)) == NULL || fl == 0)
			continue;		/* a word without text */
		b = ocr_col(p, ll, 2);
		pa = ocr_col(p, ll, 3);
		li = ocr_col(p, ll, 4);
		left = ocr_col(p, ll, 6);
		width = ocr_col(p, ll, 8);
		height = ocr_col(p, ll, 9);
		if ((f = ocr_field(p, ll, 10, &fl)) != NULL && fl > 0 &&
		    fl < sizeof(cbuf)) {
			memcpy(cbuf, f, fl);
			cbuf[fl] = '\0';
			conf = strtod(cbuf, NULL);
			if (conf >= 0) {
				*confsum += conf;
				(*nwords)++;
			}
		}
		f = ocr_field(p, ll, 11, &fl);
		if (b != block || pa != par || li != line) {
			if (*tlen > 0) {
				ocr_append(text, tlen, tcap, "\n", 1);
				/* A new block is a new paragraph. */
				if (b != block)
					ocr_append(text, tlen, tcap, "\n", 1);
			}
			block = b;
			par = pa;
			line = li;
		} else if (left - right > 3 * (lineh > height ? lineh : height))
			ocr_append(text, tlen, tcap, "    ", 4);
		else
			ocr_append(text, tlen, tcap, " ", 1);
		ocr_append(text, tlen, tcap, f, fl);
		right = left + width;
	}
	if (*tlen > 0 && (*text)[*tlen - 1] != '\n')
		ocr_append(text, tlen, tcap, "\n", 1);
}

/* Pages: from pdfinfo. */
static int
ocr_pdf_pages(const struct config *cf, const char *path, unsigned int *pages,
    char *err, size_t errlen)
{
	char	*argv[] = { "pdfinfo", (char *)path, NULL }, *out, *p;
	size_t	 outlen;

	if (exttool_run(argv, cf->ocr.page_timeout_ms, OCR_INFO_MAX, &out,
	    &outlen, err, errlen) == -1)
		return -1;
	*pages = 0;
	for (p = out; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, "Pages:", 6) == 0) {
			*pages = (unsigned int)strtoul(p + 6, NULL, 10);
			break;
		}
	}
	free(out);
	if (*pages == 0) {
		errbuf_set(err, errlen, "pdfinfo: no page count");
		return -1;
	}
	return 0;
}

/* tesseract on one image; its words appended. */
static int
ocr_image(const struct config *cf, const char *img, char **text,
    size_t *tlen, size_t *tcap, double *confsum, size_t *nwords,
    char *err, size_t errlen)
{
	/* --psm 4: one column of lines of various sizes, as a 公文 page
	 * is; the automatic layout (3) breaks 附件 lines into blocks. */
	char	*argv[] = { "tesseract", (char *)img, "stdout", "-l",
		    (char *)cf->ocr.lang, "--psm", "4", "tsv", NULL };
	char	*out;
	size_t	 outlen;

	if (exttool_run(argv, cf->ocr.page_timeout_ms, OCR_TSV_MAX, &out,
	    &outlen, err, errlen) == -1)
		return -1;
	ocr_tsv_text(out, outlen, text, tlen, tcap, confsum, nwords);
	free(out);
	return 0;
}

static void
ocr_rmdir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[PATH_MAX];

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.') {
				snprintf(p, sizeof(p), "%s/%s", dir,
				    de->d_name);
				(void)unlink(p);
			}
		closedir(d);
	}
	(void)rmdir(dir);
}

int
ocr_file(const struct config *cf, const char *path, int is_pdf,
    const char *tmpdir, struct ocr_result *r, char *err, size_t errlen)
{
	char		 dir[PATH_MAX], base[PATH_MAX + 16], img[PATH_MAX + 16];
	char		 first[16], last[16], dpi[16];
	char		*text = NULL;
	size_t		 tlen = 0, tcap = 0, nwords = 0, i, nonblank = 0;
	double		 confsum = 0;
	unsigned int	 page, n;
	int		 rc = -1;

	memset(r, 0, sizeof(*r));
	/* One thread per tesseract: the workers bound the CPU. */
	(void)setenv("OMP_THREAD_LIMIT", "1", 1);
	if (!is_pdf) {
		if (ocr_image(cf, path, &text, &tlen, &tcap, &confsum, &nwords,
		    err, errlen) == -1)
			goto out;
		r->pages = r->pages_total = 1;
	} else {
		if (ocr_pdf_pages(cf, path, &r->pages_total, err, errlen) ==
		    -1)
			goto out;
		snprintf(dir, sizeof(dir), "%s/ocr.XXXXXX", tmpdir);
		if (mkdtemp(dir) == NULL) {
			errbuf_set(err, errlen, "OCR scratch directory in %s: "
			    "%s", tmpdir, strerror(errno));
			goto out;
		}
		n = r->pages_total < cf->ocr.max_pages ? r->pages_total :
		    cf->ocr.max_pages;
		snprintf(dpi, sizeof(dpi), "%u", cf->ocr.dpi);
		snprintf(base, sizeof(base), "%s/page", dir);
		snprintf(img, sizeof(img), "%s/page.png", dir);
		for (page = 1; page <= n; page++) {
			char *argv[] = { "pdftoppm", "-r", dpi, "-gray",
			    "-png", "-f", first, "-l", last, "-singlefile",
			    (char *)path, base, NULL };
			char	*out;
			size_t	 outlen;

			snprintf(first, sizeof(first), "%u", page);
			snprintf(last, sizeof(last), "%u", page);
			if (exttool_run(argv, cf->ocr.page_timeout_ms, 4096,
			    &out, &outlen, err, errlen) == -1) {
				ocr_rmdir(dir);
				goto out;
			}
			free(out);
			if (ocr_image(cf, img, &text, &tlen, &tcap, &confsum,
			    &nwords, err, errlen) == -1) {
				ocr_rmdir(dir);
				goto out;
			}
			(void)unlink(img);
			r->pages++;
		}
		ocr_rmdir(dir);
	}
	for (i = 0; i < tlen; i++)
		if (text[i] != ' ' && text[i] != '\n')
			nonblank++;
	if (nonblank == 0 || nwords == 0) {
		errbuf_set(err, errlen, "OCR found no text on %u page(s) "
		    "(扫描件未能识别出文字)", r->pages);
		goto out;
	}
	r->confidence = confsum / (double)nwords;
	if (r->confidence < (double)cf->ocr.min_confidence) {
		errbuf_set(err, errlen, "OCR confidence %.1f is below "
		    "min_confidence %u: not a readable text (扫描件文字无法"
		    "可靠识别)", r->confidence, cf->ocr.min_confidence);
		goto out;
	}
	r->text = text;
	r->len = tlen;
	text = NULL;
	rc = 0;
out:
	free(text);
	return rc;
}

void
ocr_result_free(struct ocr_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}
