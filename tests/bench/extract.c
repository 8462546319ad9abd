/*
 * bench/extract: documents per second through extraction and field
 * parsing, per file, as docketd does them (no git, no LMDB).  Prints the
 * median of 5 runs of N iterations each, per file, then the throughput
 * over all the files: their bytes over the sum of their median times.
 * With -c the times are the process's CPU time, not the wall clock: the
 * figure for one core, also on a machine busy with other work.
 *     tests/bench/extract [-c] [-n N] FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "extract.h"
#include "gongwen.h"

static int	cpu_time;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(cpu_time ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC,
	    &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct config		 cf;
	struct extract_ctx	 ctx;
	struct extract_result	 r;
	struct gongwen		 gw;
	char			 err[512];
	unsigned char		*buf;
	double			 rates[5], t0, total_s = 0, total_b = 0;
	long			 len;
	int			 ch, n = 200, i, run, f;
	FILE			*fp;

	while ((ch = getopt(argc, argv, "cn:")) != -1)
		if (ch == 'n')
			n = atoi(optarg);
		else if (ch == 'c')
			cpu_time = 1;
	if (config_load(&cf, NULL, "/tmp", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (f = optind; f < argc; f++) {
		if ((fp = fopen(argv[f], "rb")) == NULL) {
			perror(argv[f]);
			return 1;
		}
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		buf = malloc((size_t)len);
		if (buf == NULL || fread(buf, 1, (size_t)len, fp) !=
		    (size_t)len)
			return 1;
		fclose(fp);
		memset(&ctx, 0, sizeof(ctx));
		ctx.path = argv[f];
		ctx.cf = &cf;
		for (run = 0; run < 5; run++) {
			t0 = now();
			for (i = 0; i < n; i++) {
				if (extract_text(argv[f], buf, (size_t)len,
				    &ctx, &r, err, sizeof(err)) == -1) {
					fprintf(stderr, "%s: %s\n", argv[f],
					    err);
					return 1;
				}
				if (r.utf8)
					gongwen_parse_utf8(r.text, r.len, &gw);
				else
					gongwen_parse(r.text, &gw);
				gongwen_free(&gw);
				extract_result_free(&r);
			}
			rates[run] = n / (now() - t0);
		}
		qsort(rates, 5, sizeof(double), cmpd);
		printf("%-40s %8ld bytes %10.0f documents/s %8.1f MB/s "
		    "(median of 5 x %d)\n", argv[f], len, rates[2],
		    (double)len * rates[2] / 1e6, n);
		total_b += (double)len;
		total_s += 1.0 / rates[2];
		free(buf);
	}
	if (total_s > 0)
		printf("all %d files: %.0f bytes, %.1f MB/s\n", argc - optind,
		    total_b, total_b / total_s / 1e6);
	return 0;
}
