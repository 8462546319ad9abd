/*
 * ctl_neglist: docketctl negative-list — the 负面清单 docketd uses (the
 * site file named by negative_list, else the built-in one), each item
 * with how many documents cite it (idx_neg_item), how many withheld or
 * on_request documents cite none (flag reason_unlisted), and the ids
 * documents still cite that the list no longer has.  Counts only: the
 * same figures the public site shows (neglist_counts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neglist.h"
#include "record.h"
#include "width.h"

#include "docketctl.h"

struct nl_other {
	const struct neglist	*nl;
	json_t			*list;
};

/* Item ids in the index that the list does not have. */
static int
ctl_nl_other_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct nl_other	*o = arg;
	char		 id[NEGLIST_ID_MAX * 4 + 1];

	if (len >= sizeof(id))
		len = sizeof(id) - 1;
	memcpy(id, key, len);
	id[len] = '\0';
	if (neglist_find(o->nl, id) == NULL)
		json_array_append_new(o->list, json_pack("{s:s, s:I}", "id",
		    id, "count", (json_int_t)count));
	return 0;
}

/* reason_unlisted, counted as `list --flag reason_unlisted` lists:
 * without the cleaned documents (nothing is left to decide of them). */
static int
ctl_nl_unlisted_cb(json_t *rec, void *arg)
{
	const char	*st = record_str(rec, "status");

	if (st == NULL || strcmp(st, "cleaned") != 0)
		(*(size_t *)arg)++;
	return 0;
}

static int
ctl_negative_list(struct ctl *c, int argc, char **argv)
{
	struct neglist	*nl;
	struct nl_other	 o;
	json_t		*items, *out, *e;
	size_t		 i, unlisted = 0, wid = width_str("编号"), w;
	size_t		 wb = width_str("依据");
	char		 err[1024], n[32], matter[1200];
	int		 rc;

	(void)argc;
	(void)argv;
	if ((nl = neglist_open(c->cf.negative_list, err, sizeof(err))) ==
	    NULL)
		ctl_die(EX_ERR, "负面清单有误: %s", err);
	ctl_open(c);
	if ((rc = neglist_counts(nl, c->st, c->txn, &items)) != 0 ||
	    (rc = store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
	    NEGLIST_FLAG, ctl_nl_unlisted_cb, &unlisted)) != 0)
		ctl_die(EX_ERR, "%s: %s", c->cf.db, store_strerror(rc));
	o.nl = nl;
	o.list = json_array();
	if ((rc = store_each_key(c->st, c->txn, STORE_IDX_NEG_ITEM,
	    ctl_nl_other_cb, &o)) != 0)
		ctl_die(EX_ERR, "%s: %s", c->cf.db, store_strerror(rc));
	out = json_pack("{s:s, s:o, s:I, s:o}", "file",
	    c->cf.negative_list[0] ? c->cf.negative_list : "<built-in>",
	    "items", items, "reason_unlisted", (json_int_t)unlisted,
	    "not_in_list", o.list);
	if (out == NULL)
		ctl_die(EX_ERR, "out of memory");
	if (c->json) {
		ctl_print_json(out);
		json_decref(out);
		neglist_free(nl);
		return EX_OK;
	}
	printf("负面清单（%s）：%zu 项\n\n", c->cf.negative_list[0] ?
	    esc(c->cf.negative_list) : "内置", json_array_size(items));
	json_array_foreach(items, i, e) {
		if ((w = width_str(record_str(e, "id"))) > wid)
			wid = w;
		if ((w = width_str(record_str(e, "basis"))) > wb)
			wb = w;
	}
	ctl_cell("编号", wid, 0);
	ctl_cell("件数", 4, 0);
	ctl_cell("依据", wb, 0);
	ctl_cell("事项", 0, 1);
	json_array_foreach(items, i, e) {
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(
		    json_object_get(e, "count")));
		if (record_str(e, "agency") != NULL)
			snprintf(matter, sizeof(matter), "%s（%s）",
			    record_str(e, "matter"), record_str(e, "agency"));
		else
			snprintf(matter, sizeof(matter), "%s",
			    record_str(e, "matter"));
		ctl_cell(record_str(e, "id"), wid, 0);
		ctl_cell(n, 4, 0);
		ctl_cell(record_str(e, "basis"), wb, 0);
		ctl_cell(matter, 0, 1);
	}
	printf("\n理由未对应清单事项（reason_unlisted）：%zu 件", unlisted);
	if (unlisted > 0)
		printf("（docketctl list --flag reason_unlisted）");
	printf("\n");
	json_array_foreach(o.list, i, e)
		printf("清单中已没有的事项 %s：仍有 %lld 件引用\n",
		    esc(record_str(e, "id")), (long long)json_integer_value(
		    json_object_get(e, "count")));
	json_decref(out);
	neglist_free(nl);
	return EX_OK;
}

const struct ctl_cmd ctl_cmd_negative_list = {
	"negative-list", NULL, "",
	"负面清单：每个事项、其法律依据和引用它的文件数",
	NULL, NULL, 0, 0, 0, ctl_negative_list
};
