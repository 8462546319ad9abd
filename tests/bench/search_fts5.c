/*
 * search_fts5: index a directory of text files (tests/bench/gendocs.py)
 * with docket's search index (SQLite FTS5 + the "docket" tokenizer) and
 * time queries; the Xapian side of the comparison is search_xapian.cc.
 *
 * usage: search_fts5 DIR INDEX [N]   (N: files to index, default all)
 *        search_fts5 -O INDEX        (FTS5's optimize on INDEX, then query)
 *        search_fts5 -g N SIZE INDEX (N documents of about SIZE bytes made
 *                                     here, as gendocs.py makes them: for a
 *                                     million without a million files)
 * Prints: docs, index seconds (wall and CPU), index bytes, then per query
 * and window (search.h) the matches ranked and the time of the 10 best
 * hits with snippets, median of 5 runs, wall and CPU (this machine is
 * shared: CPU time is the steadier figure).  N = 0 with an existing
 * INDEX only queries it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "search.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* gendocs.py's documents, made in memory (its words, agencies, codes). */
static const char *const gw[] = { "预算", "征收", "补偿", "安置", "管理",
    "办法", "实施", "意见", "通知", "工作", "方案", "财政", "资金", "项目",
    "审批", "监督", "检查", "教育", "卫生", "健康", "交通", "运输", "住房",
    "城乡", "建设", "环境", "保护", "农业", "农村", "水利", "应急", "安全",
    "生产", "市场", "监管", "民政", "社会", "保障", "就业", "人力", "资源",
    "文化", "旅游", "体育", "科技", "创新", "统计", "审计", "税务", "自然",
    "规划", "公共", "服务", "数据", "信息", "公开" };
static const char *const gag[] = { "测试市财政局", "测试市教育局",
    "测试市卫生健康委员会", "测试市交通运输局", "测试市住房和城乡建设局",
    "测试市人民政府办公室" };
static const char *const gcode[] = { "测财", "测教", "测卫", "测交", "测建",
    "测政办" };
static unsigned long long grnd = 88172645463325252ULL;

static unsigned
grand(unsigned n)
{
	grnd ^= grnd << 13;
	grnd ^= grnd >> 7;
	grnd ^= grnd << 17;
	return (unsigned)(grnd % n);
}

static size_t
gendoc(char *buf, size_t cap, size_t k, size_t size)
{
	size_t	n = 0, a = k % 6, i, m;
	int	year = 2015 + (int)(k % 11);
	char	topic[64] = "";

	for (i = 0; i < 3; i++)
		strcat(topic, gw[grand(sizeof(gw) / sizeof(gw[0]))]);
	n += (size_t)snprintf(buf + n, cap - n, "%s文件\n\n%s〔%d〕%zu号\n\n"
	    "%s\n关于印发%s第%zu号工作方案的通知\n\n各区县有关单位：\n\n",
	    gag[a], gcode[a], year, k + 1, gag[a], topic, k + 1);
	while (n + 400 < cap && n + 120 < size) {
		m = 8 + grand(13);
		for (i = 0; i < m; i++)
			n += (size_t)snprintf(buf + n, cap - n, "%s",
			    gw[grand(sizeof(gw) / sizeof(gw[0]))]);
		n += (size_t)snprintf(buf + n, cap - n, "，");
		m = 6 + grand(9);
		for (i = 0; i < m; i++)
			n += (size_t)snprintf(buf + n, cap - n, "%s",
			    gw[grand(sizeof(gw) / sizeof(gw[0]))]);
		n += (size_t)snprintf(buf + n, cap - n, "。");
	}
	n += (size_t)snprintf(buf + n, cap - n, "\n\n%s\n%d年%zu月%zu日\n",
	    gag[a], year, 1 + k % 12, 1 + k % 28);
	return n;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const char *const qs[] = { "预算", "征收", "\"预算管理\"",
	    "测财〔2015〕1号", "测教〔2020〕99992号", "财政资金 审批", "2016",
	    "2016年" };
	static const char *const agencies[] = { "a", "b", "c", "d", "e", "f" };
	struct search_attr attr = { NULL, "public", "in_force", 0 };
	struct search_filter flt = { "b", NULL, NULL, 2016 };
	struct search_result res;
	size_t		 windows[] = { 0, 5000, 2000 }, w;
	struct search	*s;
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, path[4096], err[512], *buf, *expr;
	size_t		 n = 0, cap = 0, i, max = (size_t)-1, q, r;
	double		 t0, c0, t[5], ct[5];
	struct stat	 sb;
	FILE		*f;
	long		 len;

	size_t		 gsize = 0;

	if (argc == 3 && strcmp(argv[1], "-O") == 0) {
		if (search_open(&s, argv[2], 1, 0640, err, sizeof(err)) != 0)
			goto fail;
		t0 = now();
		c0 = cpu();
		if (search_optimize(s, 0, err, sizeof(err)) == -1)
			goto fail;
		stat(argv[2], &sb);
		printf("fts5: optimize in %.1f s (CPU %.1f s), %.1f MB\n",
		    now() - t0, cpu() - c0, (double)sb.st_size / 1e6);
		search_close(s);
		goto query;
	}
	if (argc == 5 && strcmp(argv[1], "-g") == 0) {
		n = strtoul(argv[2], NULL, 10);
		gsize = strtoul(argv[3], NULL, 10);
		argv[2] = argv[4];
		goto index;
	}
	if (argc < 3)
		return 2;
	if (argc > 3)
		max = strtoul(argv[3], NULL, 10);
	if ((d = opendir(argv[1])) == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
			names = realloc(names, (cap = cap ? cap * 2 : 1024) *
			    sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmpstr);
	if (n > max)
		n = max;
	if (n == 0)
		goto query;
index:
	unlink(argv[2]);
	if (search_open(&s, argv[2], 1, 0640, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t0 = now();
	c0 = cpu();
	for (i = 0; i < n; i++) {
		if (i % 1000 == 0 && search_begin(s, err, sizeof(err)) == -1)
			goto fail;
		if (gsize > 0) {
			buf = malloc(gsize + 1024);
			len = (long)gendoc(buf, gsize + 1024, i, gsize);
		} else {
			snprintf(path, sizeof(path), "%s/%s", argv[1],
			    names[i]);
			if ((f = fopen(path, "r")) == NULL)
				continue;
			fseek(f, 0, SEEK_END);
			len = ftell(f);
			rewind(f);
			buf = malloc((size_t)len + 1);
			if (fread(buf, 1, (size_t)len, f) != (size_t)len)
				len = 0;
			fclose(f);
		}
		if (isatty(2) && i % 10000 == 0)
			fprintf(stderr, "\r索引：%zu%% (%zu/%zu)", i * 100 / n,
			    i, n);
		attr.year = 2015 + (int)(i % 11);
		attr.agency = agencies[i % 6];
		if (search_put(s, i + 1, "x", &attr, NULL, NULL, buf,
		    (size_t)len, err, sizeof(err)) == -1)
			goto fail;
		free(buf);
		if ((i % 1000 == 999 || i + 1 == n) &&
		    search_commit(s, err, sizeof(err)) == -1)
			goto fail;
	}
	stat(argv[2], &sb);
	printf("fts5: %zu docs indexed in %.1f s (CPU %.1f s), %.1f MB\n", n,
	    now() - t0, cpu() - c0, (double)sb.st_size / 1e6);
	search_close(s);
query:
	if (search_open(&s, argv[2], 0, 0, err, sizeof(err)) != 0)
		goto fail;
	for (q = 0; q < sizeof(qs) / sizeof(qs[0]); q++) {
		expr = search_expr(qs[q]);
		for (w = 0; w < 4; w++) {
			for (r = 0; r < 5; r++) {
				t0 = now();
				c0 = cpu();
				if (search_query(s, expr, w == 3 ? &flt : NULL,
				    10, w == 3 ? 2000 : windows[w], &res, err,
				    sizeof(err)) == -1)
					goto fail;
				t[r] = now() - t0;
				ct[r] = cpu() - c0;
				if (r < 4)
					search_result_free(&res);
			}
			qsort(t, 5, sizeof(t[0]), cmpd);
			qsort(ct, 5, sizeof(ct[0]), cmpd);
			printf("fts5: %-24s window %6zu%s %7zu%s matches  "
			    "top10 %8.2f ms (CPU %7.2f ms)\n", qs[q], w == 3 ?
			    2000 : windows[w], w == 3 ? " +filter" :
			    "        ", res.seen, res.cut ? "+" : " ",
			    t[2] * 1e3, ct[2] * 1e3);
			search_result_free(&res);
		}
		free(expr);
	}
	search_close(s);
	return 0;
fail:
	fprintf(stderr, "%s\n", err);
	return 1;
}
