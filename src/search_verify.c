/*
 * search_verify: the full-text index against LMDB (search_verify.h).
 * Read-only, streamed: one record at a time.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "search.h"
#include "search_verify.h"
#include "vault.h"

struct sv {
	struct search			*s;
	FILE				*out;
	struct search_verify_report	*r;
	int				 fail;
};

static int
sv_record(json_t *rec, void *arg)
{
	struct sv	*v = arg;
	char		 sha[SEARCH_SHA_LEN + 1];
	const char	*want = record_str(rec, "sha256");
	uint64_t	 id;
	int		 rc;

	if (store_id_parse(record_str(rec, "id"), &id) == -1)
		return 0;
	if ((rc = search_sha(v->s, id, sha)) == -1) {
		v->fail = 1;
		return 1;
	}
	if (rc == 1) {
		fprintf(v->out, "%s: 不在全文索引中\n", record_str(rec, "id"));
		v->r->problems++;
	} else if (strcmp(sha, want ? want : "") != 0) {
		fprintf(v->out, "%s: 全文索引中的文本不是当前版本\n",
		    record_str(rec, "id"));
		v->r->problems++;
	}
	return 0;
}

int
search_verify(struct store *st, MDB_txn *txn, const char *dbdir, FILE *out,
    struct search_verify_report *r, char *err, size_t errlen)
{
	struct sv	 v;
	char		 path[PATH_MAX + 32], head[VAULT_OID_HEX] = "";
	char		 have[VAULT_OID_HEX] = "", next[32] = "";
	uint64_t	 n = 0;
	size_t		 records = 0;
	int		 rc;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/%s", dbdir, SEARCH_FILE);
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		fprintf(out, "注意：全文索引 %s 尚不存在（docketd 启动后建立）\n",
		    path);
		return 0;
	}
	memset(&v, 0, sizeof(v));
	if ((rc = search_open(&v.s, path, 0, 0, err, errlen)) == -2) {
		fprintf(out, "注意：全文索引 %s 正在建立或修复（由 docketd 完成）\n",
		    path);
		return 0;
	}
	if (rc == -3) {
		fprintf(out, "注意：全文索引 %s 是旧版 docket 的格式（docketd "
		    "启动时重建）\n", path);
		return 0;
	}
	if (rc == -1) {
		fprintf(out, "全文索引 %s 已损坏：%s（docketd 启动时重建）\n",
		    path, err);
		r->present = 1;
		r->problems++;
		return 1;
	}
	r->present = 1;
	if (search_check(v.s, err, errlen) == -1) {
		fprintf(out, "全文索引 %s：%s（删除该文件，docketd 会重建）\n",
		    path, err);
		r->problems++;
		search_close(v.s);
		return 1;
	}
	if (search_count(v.s, &n) == 0)
		r->documents = (size_t)n;
	if (search_meta_get(v.s, "search_head", have, sizeof(have)) != 0)
		have[0] = '\0';
	if (search_meta_get(v.s, "rebuild_next", next, sizeof(next)) != 0)
		next[0] = '\0';
	rc = store_meta_get(st, txn, "vault_head", head, sizeof(head));
	if ((rc != 0 && rc != MDB_NOTFOUND) ||
	    store_count_records(st, txn, &records) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		search_close(v.s);
		return -1;
	}
	if (strcmp(have, head) != 0 || next[0] != '\0') {
		r->behind = 1;
		fprintf(out, "注意：全文索引落后于索引（docketd 正在追上），"
		    "只检查了文件本身\n");
		search_close(v.s);
		return 0;
	}
	v.out = out;
	v.r = r;
	rc = store_each_record(st, txn, sv_record, &v);
	if (rc != 0 || v.fail) {
		snprintf(err, errlen, "search index: reading it failed");
		search_close(v.s);
		return -1;
	}
	if (r->documents > records) {
		fprintf(out, "全文索引有 %zu 份文件，索引只有 %zu 件记录\n",
		    r->documents, records);
		r->problems++;
	}
	search_close(v.s);
	return r->problems > 0;
}
