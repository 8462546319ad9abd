/*
 * bench/fields: the record fields docketd would read from each file —
 * extraction (OCR inline for scans), the reader, the domain rules —
 * as one JSON object per line, without git or LMDB.  Used to measure
 * the fields OCR gets right against the same documents' text:
 *     tests/bench/fields [-t] FILE...
 * -t prints the extracted text instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "domains.h"
#include "domains_default.h"
#include "extract.h"
#include "gongwen.h"
#include "record.h"

int
main(int argc, char *argv[])
{
	struct config		 cf;
	struct extract_ctx	 ctx;
	struct extract_result	 r;
	struct record_origin	 o;
	struct gongwen		 gw;
	struct domains		*dom;
	json_t			*rec;
	char			 err[512], *s;
	unsigned char		*buf;
	long			 len;
	int			 f, rc = 0, text = 0;
	FILE			*fp;

	if (config_load(&cf, NULL, "/tmp", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	dom = domains_load_buf(domains_default, "<built-in>", err,
	    sizeof(err));
	if (argc > 1 && strcmp(argv[1], "-t") == 0)
		text = 1;
	for (f = 1 + text; f < argc; f++) {
		if ((fp = fopen(argv[f], "rb")) == NULL) {
			perror(argv[f]);
			return 1;
		}
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		buf = malloc((size_t)len + 1);
		if (buf == NULL || fread(buf, 1, (size_t)len, fp) !=
		    (size_t)len)
			return 1;
		fclose(fp);
		memset(&ctx, 0, sizeof(ctx));
		ctx.path = argv[f];
		ctx.cf = &cf;
		if (extract_text(argv[f], buf, (size_t)len, &ctx, &r, err,
		    sizeof(err)) != 0) {
			printf("{\"file\": \"%s\", \"error\": \"%s\"}\n",
			    argv[f], err);
			free(buf);
			rc = 1;
			continue;
		}
		if (text) {
			fwrite(r.text, 1, r.len, stdout);
			extract_result_free(&r);
			free(buf);
			continue;
		}
		gongwen_parse(r.text, &gw);
		if (dom != NULL)
			(void)domains_apply(dom, &gw, r.text);
		memset(&o, 0, sizeof(o));
		o.id = "D000000";
		o.version = 1;
		o.sha256 = "-";
		o.source_name = argv[f];
		o.format = r.format;
		o.text_source = r.text_source;
		o.ocr_confidence = r.ocr_confidence;
		rec = record_build(&gw, &o);
		s = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(rec);
		gongwen_free(&gw);
		extract_result_free(&r);
		free(buf);
	}
	domains_free(dom);
	config_free(&cf);
	return rc;
}
