/*
 * ctl_read: docketctl's read commands — list, show, history, versions,
 * text (status is in ctl_status.c).  They read LMDB (read-only) and the
 * vault directly (the vault through docketctl-full: see ctl_vault_file), so
 * they work whether docketd runs or not.  Human output is Chinese (the
 * labels of label.c); --json keeps the English keys and values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gongwen.h"
#include "label.h"
#include "lifecycle.h"
#include "record.h"
#include "store.h"
#include "termtext.h"
#include "vault.h"
#include "width.h"

#include "docketctl.h"

/* The docno (else the id) of the record an id names, into buf. */
static const char *
ctl_docno_of(struct ctl *c, const char *id, char *buf, size_t len,
    json_t **recp)
{
	json_t		*rec;
	uint64_t	 n;

	if (recp != NULL)
		*recp = NULL;
	if (id == NULL)
		return NULL;
	if (store_id_parse(id, &n) != 0 ||
	    store_get_record(c->st, c->txn, n, &rec) != 0) {
		snprintf(buf, len, "%s", id);
		return buf;
	}
	snprintf(buf, len, "%s", record_str(rec, "docno") ?
	    record_str(rec, "docno") : id);
	if (recp != NULL)
		*recp = rec;
	else
		json_decref(rec);
	return buf;
}

/* --- list --------------------------------------------------------------- */

/*
 * list streams: each record is printed as the index walk reaches it, so
 * the first lines appear at once and a million records never sit in
 * memory.  The table's columns have fixed widths (list_w: an id of up to
 * 7 digits, the widest label, a date); a longer docno is cut to its
 * column, as before; --json prints the array element by element.
 */
enum { L_ID, L_DOCNO, L_DISCL, L_STATUS, L_HOLD, L_SIGNED, L_DUE, L_NCOLS };

struct list_ctx {
	const char	*disclosure, *status, *agency, *flag, *due_before;
	int		 all, held;	/* cleaned ones too; held only */
	int		 json;
	const char	*due;		/* the due date of this row */
	struct ctl	*c;
	size_t		 n;
};

static const char *list_hdr[L_NCOLS] = { "编号", "发文字号", "公开属性",
	"状态", "冻结", "成文日期", "审查到期" };
/* Display columns: D + 7 digits, a usual docno (淄政办字〔2020〕79号 is 20),
 * 依申请公开, 已失效, the header 冻结, YYYY-MM-DD twice. */
static const size_t list_w[L_NCOLS] = { 8, 24, 10, 6, 4, 10, 10 };

static const char *
ctl_list_val(struct list_ctx *l, json_t *rec, int col)
{
	switch (col) {
	case L_ID:	return record_str(rec, "id");
	case L_DOCNO:	return record_str(rec, "docno");
	case L_DISCL:	return label_disclosure(record_str(rec, "disclosure"));
	case L_STATUS:	return label_status(record_str(rec, "status"));
	case L_HOLD:	return json_is_true(json_object_get(rec, "hold")) ?
			    "是" : "";
	case L_SIGNED:	return record_str(rec, "signed_on");
	case L_DUE:	return l->due;
	}
	return NULL;
}

static int
ctl_list_cb(json_t *rec, void *arg)
{
	struct list_ctx	*l = arg;
	const char	*v;
	char		*js;
	int		 j;

	if (l->disclosure && ((v = record_str(rec, "disclosure")) == NULL ||
	    strcmp(v, l->disclosure) != 0))
		return 0;
	if (l->status && ((v = record_str(rec, "status")) == NULL ||
	    strcmp(v, l->status) != 0))
		return 0;
	if (l->agency && ((v = record_str(rec, "agency")) == NULL ||
	    strcmp(v, l->agency) != 0))
		return 0;
	if (l->flag && !lc_has_flag(rec, l->flag))
		return 0;
	if (l->held && !json_is_true(json_object_get(rec, "hold")))
		return 0;
	/* Cleaned documents have left the active catalog. */
	if (!l->all && l->status == NULL && (v = record_str(rec, "status"))
	    != NULL && strcmp(v, "cleaned") == 0)
		return 0;
	if (l->json) {
		if ((js = json_dumps(rec, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER)) == NULL)
			ctl_die(EX_ERR, "out of memory");
		/* Indent the object as an array element. */
		printf("%s  ", l->n ? ",\n" : "");
		for (v = js; *v; v++) {
			putchar(*v);
			if (*v == '\n')
				fputs("  ", stdout);
		}
		free(js);
	} else {
		for (j = 0; j < L_NCOLS; j++)
			if (j != L_DUE || l->due_before != NULL)
				ctl_cell(ctl_list_val(l, rec, j), list_w[j], 0);
		ctl_cell(record_str(rec, "title"), 0, 1);
	}
	l->n++;
	return 0;
}

static int
ctl_list_due_cb(uint64_t id, const char *date, void *arg)
{
	struct list_ctx	*l = arg;
	json_t		*rec;
	int		 stop;

	if (store_get_record(l->c->st, l->c->txn, id, &rec) != 0)
		return 0;
	l->due = date;
	stop = ctl_list_cb(rec, l);
	l->due = NULL;
	json_decref(rec);
	return stop;
}

/* Walk the narrowest index the filters allow. */
static int
ctl_list_walk(struct ctl *c, struct list_ctx *l)
{
	char upto[11];

	l->c = c;
	if (l->due_before) {
		/* Reviews due before DATE: the due index, oldest first. */
		if (lc_date_add(l->due_before, 0, -1, upto) == -1)
			return EINVAL;
		return store_each_due(c->st, c->txn, STORE_DUE_REVIEW, upto,
		    ctl_list_due_cb, l);
	}
	if (l->disclosure)
		return store_each_indexed(c->st, c->txn, STORE_IDX_DISCLOSURE,
		    l->disclosure, ctl_list_cb, l);
	if (l->flag)
		return store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
		    l->flag, ctl_list_cb, l);
	if (l->agency)
		return store_each_indexed(c->st, c->txn, STORE_IDX_AGENCY,
		    l->agency, ctl_list_cb, l);
	if (l->status)
		return store_each_indexed(c->st, c->txn, STORE_IDX_STATUS,
		    l->status, ctl_list_cb, l);
	return store_each_record(c->st, c->txn, ctl_list_cb, l);
}

static int
ctl_list(struct ctl *c, int argc, char **argv)
{
	struct list_ctx		 lc, *l = &lc;
	int			 j, rc;

	(void)argc;
	(void)argv;
	memset(l, 0, sizeof(*l));
	l->disclosure = c->disclosure;
	l->status = c->status;
	l->agency = c->agency;
	l->flag = c->flag;
	l->due_before = c->due_before;
	l->all = c->all;
	l->held = c->held;
	ctl_check_filters(c, l->disclosure, l->status);
	if (l->flag && !label_flag_known(l->flag))
		ctl_usage_die(c, "--flag：没有标记“%s”", l->flag);
	ctl_check_date(c, "--review-due-before", l->due_before);
	ctl_open(c);
	ctl_check_agency(c, l->agency);
	l->json = c->json;
	if (l->json) {
		fputs("[\n", stdout);
		if ((rc = ctl_list_walk(c, l)) != 0)
			ctl_die(EX_ERR, "list: %s", store_strerror(rc));
		fputs(l->n ? "\n]\n" : "]\n", stdout);
		return EX_OK;
	}
	for (j = 0; j < L_NCOLS; j++)
		if (j != L_DUE || l->due_before != NULL)
			ctl_cell(list_hdr[j], list_w[j], 0);
	ctl_cell("标题", 0, 1);
	if ((rc = ctl_list_walk(c, l)) != 0)
		ctl_die(EX_ERR, "list: %s", store_strerror(rc));
	printf("共 %zu 件\n", l->n);
	return EX_OK;
}

/* --- show --------------------------------------------------------------- */

enum show_kind { SK_TEXT, SK_DISCL, SK_STATUS, SK_FLAGS, SK_BOOL, SK_REF,
	SK_HIDE, SK_KIND, SK_RULE };

static const struct show_field {
	const char	*key, *name;
	enum show_kind	 kind;
} show_fields[] = {
	{ "id", "编号", SK_TEXT },
	{ "docno", "发文字号", SK_TEXT },
	{ "title", "标题", SK_TEXT },
	{ "issuer", "发文机关", SK_TEXT },
	{ "issuers", "联合发文机关", SK_TEXT },
	{ "agency", "所属单位", SK_TEXT },
	{ "doc_type", "文种", SK_TEXT },
	{ "signed_on", "成文日期", SK_TEXT },
	{ "copy_no", "份号", SK_TEXT },
	{ "secrecy", "密级", SK_TEXT },
	{ "secrecy_term", "保密期限", SK_TEXT },
	{ "urgency", "紧急程度", SK_TEXT },
	{ "letterhead", "版头", SK_TEXT },
	{ "signer", "签发人", SK_TEXT },
	{ "addressees", "主送机关", SK_TEXT },
	{ "attachments", "附件", SK_TEXT },
	{ "cc", "抄送机关", SK_TEXT },
	{ "printed_by", "印发机关", SK_TEXT },
	{ "printed_on", "印发日期", SK_TEXT },
	{ "effective_from", "施行日期", SK_TEXT },
	{ "valid_until", "有效期至", SK_TEXT },
	{ "repeals", "废止文件", SK_TEXT },
	{ "domain", "领域", SK_TEXT },
	{ "domain_rule", "领域依据", SK_RULE },
	{ "disclosure", "公开属性", SK_DISCL },
	{ "marking", "公开属性标注", SK_TEXT },
	{ "markings", NULL, SK_HIDE },
	{ "marking_decision", NULL, SK_HIDE },
	{ "disclosure_reason", "公开属性理由", SK_TEXT },
	{ "flags", "标记", SK_FLAGS },
	{ "status", "状态", SK_STATUS },
	{ "status_on", "状态生效日期", SK_TEXT },
	{ "repealed_by", NULL, SK_HIDE },
	{ "repeal_reason", NULL, SK_HIDE },
	{ "doc_kind", "文件类别", SK_KIND },	/* set by mark --kind only */
	{ "doc_kind_on", "文件类别变更日期", SK_TEXT },
	{ "doc_kind_was", "原文件类别", SK_KIND },
	{ "hold", "冻结", SK_BOOL },
	{ "next_review", "下次审查", SK_TEXT },
	{ "published", "在公开目录", SK_BOOL },
	{ "index_no", "索引号", SK_TEXT },
	{ "published_on", "发布日期", SK_TEXT },
	{ "publish_lag", NULL, SK_HIDE },
	{ "negative_item", "负面清单事项", SK_TEXT },
	{ "interprets", "解读的政策", SK_TEXT },
	{ "interprets_ref", "解读所指", SK_TEXT },
	{ "interpreted_on", "政策解读关联日期", SK_TEXT },
	{ "version", "版本", SK_TEXT },
	{ "commit", "提交", SK_TEXT },
	{ "sha256", "SHA-256", SK_TEXT },
	{ "source_name", "来源文件", SK_TEXT },
	{ "format", "格式", SK_TEXT },
	{ "size", "大小（字节）", SK_TEXT },
	{ "received_at", "接收时间", SK_TEXT },
	{ NULL, NULL, SK_TEXT }
};

static void
ctl_show_line(const char *name, const char *val)
{
	ctl_cell(name, 14, 0);
	ctl_cell(val != NULL && *val ? val : "-", 0, 1);
}

/* A JSON value as human text, each element labelled by kind. */
static void
ctl_show_value(json_t *v, enum show_kind kind, char *buf, size_t len)
{
	const char	*s;
	json_t		*e;
	size_t		 i, o = 0;

	buf[0] = '\0';
	if (json_is_null(v) || v == NULL)
		return;
	if (json_is_boolean(v)) {
		snprintf(buf, len, "%s", json_is_true(v) ? "是" : "否");
		return;
	}
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return;
	}
	if (json_is_string(v) && kind == SK_RULE) {
		label_domain_rule(json_string_value(v), buf, len);
		return;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		snprintf(buf, len, "%s", kind == SK_DISCL ?
		    label_disclosure(s) : kind == SK_STATUS ? label_status(s) :
		    kind == SK_FLAGS ? label_flag(s) : kind == SK_KIND ?
		    label_doc_kind(s) : s);
		return;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				continue;
			s = json_string_value(e);
			if (kind == SK_FLAGS)
				s = label_flag(s);
			o += (size_t)snprintf(buf + o, o < len ? len - o : 0,
			    "%s%s", o ? "，" : "", s);
			if (o >= len)
				break;
		}
		return;
	}
	snprintf(buf, len, "?");
}

static int
ctl_event_cb(uint32_t seq, const char *line, size_t len, void *arg)
{
	json_error_t	 jerr;
	json_t		*ev;

	(void)seq;
	if ((ev = json_loadb(line, len, 0, &jerr)) == NULL)
		ctl_die(EX_ERR, "history: a damaged event: %s", jerr.text);
	json_array_append_new(arg, ev);
	return 0;
}

/* A record's events, oldest first (a new array). */
static json_t *
ctl_events(struct ctl *c, json_t *rec)
{
	json_t		*out = json_array();
	uint64_t	 id;
	int		 rc;

	if (store_id_parse(record_str(rec, "id"), &id) == 0 &&
	    (rc = store_each_event(c->st, c->txn, id, ctl_event_cb, out)) != 0)
		ctl_die(EX_ERR, "history: %s", store_strerror(rc));
	return out;
}

/* The latest event with this action, or NULL (borrowed from evs). */
static json_t *
ctl_last_event(json_t *evs, const char *action)
{
	json_t	*ev, *last = NULL;
	size_t	 i;

	json_array_foreach(evs, i, ev)
		if (record_str(ev, "action") != NULL &&
		    strcmp(record_str(ev, "action"), action) == 0)
			last = ev;
	return last;
}

static void
ctl_show_human(struct ctl *c, json_t *rec, int current)
{
	const struct show_field	*f;
	json_t			*v, *evs, *ev, *m, *by = NULL;
	const char		*k, *st, *why;
	char			 buf[4096], dn[256];
	size_t			 i;

	for (f = show_fields; f->key != NULL; f++) {
		if (f->kind == SK_HIDE)
			continue;
		/* A document of one issuer is no joint one (联合发文): its
		 * issuers are its 发文机关 alone. */
		if (strcmp(f->key, "issuers") == 0 &&
		    json_array_size(json_object_get(rec, f->key)) < 2)
			continue;
		ctl_show_value(json_object_get(rec, f->key), f->kind, buf,
		    sizeof(buf));
		/* What the document does not have is left out, but for the
		 * fields every document should have. */
		if (buf[0] == '\0' && strcmp(f->key, "docno") != 0 &&
		    strcmp(f->key, "title") != 0 &&
		    strcmp(f->key, "signed_on") != 0 &&
		    strcmp(f->key, "disclosure") != 0)
			continue;
		ctl_show_line(f->name, buf);
	}
	/* Fields this table does not know yet, as they are. */
	json_object_foreach(rec, k, v) {
		for (f = show_fields; f->key != NULL; f++)
			if (strcmp(f->key, k) == 0)
				break;
		if (f->key != NULL)
			continue;
		ctl_show_value(v, SK_TEXT, buf, sizeof(buf));
		ctl_show_line(k, buf);
	}
	/* Every marking the reader found, and which one won. */
	m = json_object_get(rec, "markings");
	if (json_array_size(m) > 1 ||
	    record_str(rec, "marking_decision") != NULL) {
		printf("找到的公开属性标注：\n");
		json_array_foreach(m, i, v)
			printf("  %s（%s）\n", record_str(v, "phrase") ?
			    esc(record_str(v, "phrase")) : "-",
			    label_disclosure(record_str(v, "disclosure")) ?
			    label_disclosure(record_str(v, "disclosure")) :
			    "-");
		ctl_show_line("判定", record_str(rec, "marking_decision"));
	}
	if ((m = json_object_get(rec, "publish_lag")) != NULL &&
	    json_is_object(m)) {
		snprintf(buf, sizeof(buf), "自 %s 起 %lld 个工作日%s（%s）",
		    record_str(m, "from") ? record_str(m, "from") : "-",
		    (long long)json_integer_value(json_object_get(m,
		    "workdays")), json_is_true(json_object_get(m,
		    "estimated")) ? "（估算）" : "", record_str(m, "cause") &&
		    strcmp(record_str(m, "cause"), "undetermined") == 0 ?
		    "公开属性待定期间超期" : "起草系统报送时已超期");
		ctl_show_line("公开超期", buf);
	}
	evs = current ? ctl_events(c, rec) : json_array();
	if (json_is_true(json_object_get(rec, "hold")) &&
	    (ev = ctl_last_event(evs, "hold")) != NULL)
		ctl_show_line("冻结原因", record_str(ev, "reason"));
	st = record_str(rec, "status");
	if (st != NULL && (strcmp(st, "repealed") == 0 ||
	    strcmp(st, "cleaned") == 0)) {
		if ((why = record_str(rec, "repeal_reason")) == NULL &&
		    (ev = ctl_last_event(evs, "repeal")) != NULL)
			why = record_str(ev, "reason");
		if (record_str(rec, "repealed_by") != NULL || why != NULL ||
		    strcmp(st, "repealed") == 0)
			ctl_show_line("废止理由", why);
		if (record_str(rec, "repealed_by") != NULL) {
			ctl_docno_of(c, record_str(rec, "repealed_by"), dn,
			    sizeof(dn), &by);
			snprintf(buf, sizeof(buf), "%s%s%s%s（%s）", dn,
			    by && record_str(by, "title") ? "《" : "",
			    by && record_str(by, "title") ?
			    record_str(by, "title") : "",
			    by && record_str(by, "title") ? "》" : "",
			    record_str(rec, "repealed_by"));
			ctl_show_line("废止依据", buf);
			json_decref(by);
		}
	}
	json_decref(evs);
}

static int ctl_row_cb(json_t *, void *);

/* The row of version N of a record (a new reference), or exit 3. */
static json_t *
ctl_version_row(struct ctl *c, json_t *rec, const char *vers)
{
	json_t		*rows = json_array(), *row, *found = NULL;
	uint64_t	 id;
	size_t		 i;
	char		*end;
	long		 n;
	int		 rc;

	n = strtol(vers, &end, 10);
	if (*vers == '\0' || *end != '\0' || n <= 0)
		ctl_usage_die(c, "--version：“%s”不是版本号（版本号是从 1 起的"
		    "正整数）", esc(vers));
	if (store_id_parse(record_str(rec, "id"), &id) == -1)
		ctl_die(EX_ERR, "versions: a record without a valid id");
	if ((rc = store_each_version(c->st, c->txn, id, ctl_row_cb, rows))
	    != 0)
		ctl_die(EX_ERR, "versions: %s", store_strerror(rc));
	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "version")) == n)
			found = json_incref(row);
	json_decref(rows);
	if (found == NULL)
		ctl_die(EX_NOTFOUND, "%s 没有第 %ld 版（共 %lld 版）",
		    record_str(rec, "id"), n, (long long)json_integer_value(
		    json_object_get(rec, "version")));
	return found;
}

/* A file of a record's directory in the vault at a commit (NULL: the
 * record's own); exit 3 when it is not there.  The light docketctl has
 * no libgit2: docketctl-full runs the command instead, nothing printed
 * yet. */
#ifdef CTL_LIGHT
static char *
ctl_vault_file(struct ctl *c, json_t *rec, const char *commit,
    const char *name, size_t *len)
{
	ctl_full_exec(c);
}
#else
static char *
ctl_vault_file(struct ctl *c, json_t *rec, const char *commit,
    const char *name, size_t *len)
{
	struct vault	*vt;
	char		 dir[128], path[160], err[512], *buf;
	int		 rc;

	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	vault_record_dir(store_seq_from(c->st), record_str(rec, "id"), dir,
	    sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = vault_read(vt, commit ? commit : record_str(rec, "commit"), path,
	    &buf, len, err, sizeof(err));
	vault_close(vt);
	if (rc == 1)
		ctl_die(EX_NOTFOUND, "%s：档案库的提交 %.12s 中没有 %s",
		    record_str(rec, "id"), commit ? commit :
		    record_str(rec, "commit"), name);
	if (rc == -1)
		ctl_die(EX_ERR, "%s", err);
	return buf;
}
#endif

static int
ctl_show(struct ctl *c, int argc, char **argv)
{
	json_t		*rec, *row, *old;
	json_error_t	 jerr;
	char		*buf;
	size_t		 len;

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, argv[0]);
	if (c->version != NULL) {
		row = ctl_version_row(c, rec, c->version);
		buf = ctl_vault_file(c, rec, record_str(row, "commit"),
		    "record.json", &len);
		if ((old = json_loadb(buf, len, 0, &jerr)) == NULL)
			ctl_die(EX_ERR, "%s 第 %s 版的 record.json 已损坏：%s",
			    record_str(rec, "id"), c->version, jerr.text);
		free(buf);
		json_decref(rec);
		rec = record_from_vault(old, record_str(row, "commit"));
		json_decref(old);
		json_decref(row);
	}
	if (c->json)
		ctl_print_json(rec);
	else
		ctl_show_human(c, rec, c->version == NULL);
	json_decref(rec);
	return EX_OK;
}

/* --- versions, text ----------------------------------------------------- */

static int
ctl_row_cb(json_t *ver, void *arg)
{
	json_array_append(arg, ver);
	return 0;
}

static void
ctl_head(json_t *rec)
{
	printf("%s  %s  %s\n", esc(record_str(rec, "id")),
	    record_str(rec, "docno") ? esc(record_str(rec, "docno")) :
	    "（无发文字号）",
	    record_str(rec, "title") ? esc(record_str(rec, "title")) : "");
}

static int
ctl_versions(struct ctl *c, int argc, char **argv)
{
	json_t		*rec, *out, *ver;
	uint64_t	 id;
	size_t		 i;
	int		 rc;

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, argv[0]);
	if (store_id_parse(record_str(rec, "id"), &id) == -1)
		ctl_die(EX_ERR, "versions: a record without a valid id");
	out = json_array();
	if ((rc = store_each_version(c->st, c->txn, id, ctl_row_cb, out)) != 0)
		ctl_die(EX_ERR, "versions: %s", store_strerror(rc));
	if (c->json) {
		ctl_print_json(out);
		goto done;
	}
	ctl_head(rec);
	ctl_cell("版本", 4, 0);
	ctl_cell("提交", 12, 0);
	ctl_cell("接收时间", 25, 0);
	ctl_cell("SHA-256", 16, 0);
	ctl_cell("来源文件", 0, 1);
	json_array_foreach(out, i, ver) {
		char	num[16], cm[16], sh[20];

		snprintf(num, sizeof(num), "%lld", (long long)
		    json_integer_value(json_object_get(ver, "version")));
		snprintf(cm, sizeof(cm), "%.12s", record_str(ver, "commit") ?
		    record_str(ver, "commit") : "-");
		snprintf(sh, sizeof(sh), "%.16s", record_str(ver, "sha256") ?
		    record_str(ver, "sha256") : "-");
		ctl_cell(num, 4, 0);
		ctl_cell(cm, 12, 0);
		ctl_cell(record_str(ver, "received_at"), 25, 0);
		ctl_cell(sh, 16, 0);
		ctl_cell(record_str(ver, "source_name"), 0, 1);
	}
done:
	json_decref(out);
	json_decref(rec);
	return EX_OK;
}

/* The text for a terminal: its control characters shown, not sent
 * (termtext.h); a pipe or a file gets the bytes as stored. */
static void
ctl_text_put(const char *s, size_t n)
{
	char	rep[4];
	size_t	k;

	if (!isatty(STDOUT_FILENO)) {
		fwrite(s, 1, n, stdout);
		return;
	}
	while (n > 0) {
		k = termtext_plain(s, n);
		fwrite(s, 1, k, stdout);
		s += k;
		n -= k;
		if (n == 0)
			break;
		k = termtext_mask(s, n, rep);
		fputs(rep, stdout);
		s += k;
		n -= k;
	}
}

static int
ctl_text(struct ctl *c, int argc, char **argv)
{
	json_t		*rec, *row = NULL;
	char		*buf;
	size_t		 len;

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, argv[0]);
	if (c->version != NULL)
		row = ctl_version_row(c, rec, c->version);
	buf = ctl_vault_file(c, rec, row ? record_str(row, "commit") : NULL,
	    "text.txt", &len);
	if (c->json) {
		json_t *o = json_pack("{s:s, s:s%}", "id",
		    record_str(rec, "id"), "text", buf, len);

		if (row != NULL)
			json_object_set(o, "version", json_object_get(row,
			    "version"));
		ctl_print_json(o);
		json_decref(o);
	} else {
		ctl_text_put(buf, len);
		if (len > 0 && buf[len - 1] != '\n')
			putchar('\n');
	}
	free(buf);
	json_decref(row);
	json_decref(rec);
	return EX_OK;
}

/* --- history ------------------------------------------------------------ */

/*
 * What an event says, in Chinese: the reason an administrator gave as it
 * is; the sentences docket writes itself, translated; the related
 * document named once, by its docno.
 */
static void
ctl_ev_desc(struct ctl *c, json_t *ev, char *buf, size_t len)
{
	const char	*r = record_str(ev, "reason");
	const char	*rel = record_str(ev, "related");
	char		 a[64], b[64], dn[256], tail[400] = "";
	size_t		 n;

	buf[0] = '\0';
	if (r != NULL) {
		if (strncmp(r, "registered from ", 16) == 0)
			snprintf(buf, len, "来源文件 %s", r + 16);
		else if (strcmp(r, "registered from") == 0)
			snprintf(buf, len, "登记");
		else if (sscanf(r, "disclosure %63s -> %63s", a, b) == 2)
			snprintf(buf, len, "按本版本的公开属性标注：%s → %s",
			    label_disclosure(a), label_disclosure(b));
		else if (sscanf(r, "on hold: disclosure stays %63s (this "
		    "version is marked %63[^)])", a, b) == 2)
			snprintf(buf, len, "冻结中，公开属性仍为%s（本版本标注为%s）",
			    label_disclosure(a), label_disclosure(b));
		else if (strncmp(r, "valid until ", 12) == 0)
			snprintf(buf, len, "有效期至 %s", r + 12);
		else if (strncmp(r, "review was due on ", 18) == 0)
			snprintf(buf, len, "审查应于 %s 完成", r + 18);
		else
			snprintf(buf, len, "%s", r);
	}
	if (rel != NULL) {
		ctl_docno_of(c, rel, dn, sizeof(dn), NULL);
		/* Named once: not again when the reason names it. */
		if (strstr(buf, dn) == NULL && strstr(buf, rel) == NULL)
			snprintf(tail, sizeof(tail), "%s相关文件 %s", buf[0] ?
			    "；" : "", dn);
		else if (strstr(buf, dn) != NULL && strcmp(dn, rel) != 0 &&
		    (n = strlen(buf)) > strlen(rel) + 1 &&
		    strcmp(buf + n - strlen(rel), rel) == 0 &&
		    buf[n - strlen(rel) - 1] == ' ')
			/* "废止：淄政办发〔2021〕6号 D000007": the docno is
			 * enough. */
			buf[n - strlen(rel) - 1] = '\0';
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s", tail);
	}
	/* The catalog, noted on the event of the change that moved it. */
	n = strlen(buf);
	if (record_str(ev, "publish") != NULL)
		snprintf(buf + n, len - n, "%s进入公开目录，索引号 %s",
		    n ? "；" : "", record_str(ev, "publish"));
	else if (record_str(ev, "unpublish") != NULL)
		snprintf(buf + n, len - n, "%s撤出公开目录：%s", n ? "；" : "",
		    record_str(ev, "unpublish"));
}

static int
ctl_history(struct ctl *c, int argc, char **argv)
{
	json_t		*rec, *out, *ev;
	const char	*act, *v[4];
	char		 why[1024];
	size_t		 i, j, w[4];

	(void)argc;
	ctl_open(c);
	rec = ctl_resolve(c, argv[0]);
	out = ctl_events(c, rec);
	if (c->json) {
		ctl_print_json(out);
		goto done;
	}
	/* Columns as wide as their widest cell: nothing is cut. */
	w[0] = width_str("操作人");
	w[1] = width_str("操作");
	w[2] = width_str("原值");
	w[3] = width_str("新值");
	json_array_foreach(out, i, ev) {
		act = record_str(ev, "action") ? record_str(ev, "action") : "?";
		v[0] = record_str(ev, "actor");
		v[1] = label_action(act);
		v[2] = ctl_label_value(act, record_str(ev, "from"));
		v[3] = ctl_label_value(act, record_str(ev, "to"));
		for (j = 0; j < 4; j++)
			if (v[j] != NULL && width_str(v[j]) > w[j])
				w[j] = width_str(v[j]);
	}
	ctl_head(rec);
	ctl_cell("时间", 25, 0);
	ctl_cell("操作人", w[0], 0);
	ctl_cell("操作", w[1], 0);
	ctl_cell("原值", w[2], 0);
	ctl_cell("新值", w[3], 0);
	ctl_cell("说明", 0, 1);
	json_array_foreach(out, i, ev) {
		act = record_str(ev, "action") ? record_str(ev, "action") : "?";
		ctl_ev_desc(c, ev, why, sizeof(why));
		ctl_cell(record_str(ev, "time"), 25, 0);
		ctl_cell(record_str(ev, "actor"), w[0], 0);
		ctl_cell(label_action(act), w[1], 0);
		ctl_cell(ctl_label_value(act, record_str(ev, "from")), w[2], 0);
		ctl_cell(ctl_label_value(act, record_str(ev, "to")), w[3], 0);
		ctl_cell(why[0] ? why : "-", 0, 1);
	}
done:
	json_decref(out);
	json_decref(rec);
	return EX_OK;
}

/* --- the entries -------------------------------------------------------- */

static const struct option list_opts[] = {
	{ "disclosure", required_argument, NULL, CTL_O_DISCLOSURE },
	{ "status", required_argument, NULL, CTL_O_STATUS },
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "flag", required_argument, NULL, CTL_O_FLAG },
	{ "review-due-before", required_argument, NULL, CTL_O_DUE },
	{ "held", no_argument, NULL, CTL_O_HELD },
	{ "all", no_argument, NULL, CTL_O_ALL },
	{ NULL, 0, NULL, 0 }
};

static const struct option version_opts[] = {
	{ "version", required_argument, NULL, CTL_O_VERSION },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_list = {
	"list", "ls",
	"[--disclosure public|on_request|withheld|undetermined]\n"
	"      [--status in_force|expired|repealed|cleaned] [--agency A] "
	"[--flag F]\n      [--review-due-before DATE] [--held] [--all]",
	"列出记录，最后一行为件数",
	"  --disclosure D         public（公开）、on_request（依申请公开）、\n"
	"                         withheld（不予公开）、undetermined（待定）\n"
	"  --status S             in_force（在用）、expired（已失效）、\n"
	"                         repealed（已废止）、cleaned（已清理）\n"
	"  --agency A             配置的 [agency]，或索引中已有的机关\n"
	"  --flag F               一个标记（no_marking、classified、\n"
	"                         review_overdue、ocr_check 等）\n"
	"  --review-due-before DATE\n"
	"                         审查到期日早于 DATE 的文件，并列出到期日\n"
	"  --held                 只列冻结的文件\n"
	"  --all                  也列出已清理的文件（否则只在 "
	"--status cleaned\n"
	"                         时列出）\n",
	list_opts, 0, 0, 0, ctl_list
};

const struct ctl_cmd ctl_cmd_show = {
	"show", NULL, "DOC [--version N]",
	"单件记录：字段、公开属性标注、冻结和废止",
	"  --version N            该版本的记录，从档案库读取\n",
	version_opts, 1, 1, 0, ctl_show
};

const struct ctl_cmd ctl_cmd_history = {
	"history", "log", "DOC",
	"文件的事件：登记、新版本、各项决定",
	NULL, NULL, 1, 1, 0, ctl_history
};

const struct ctl_cmd ctl_cmd_versions = {
	"versions", NULL, "DOC",
	"文件的各个版本，及其提交和时间",
	NULL, NULL, 1, 1, 0, ctl_versions
};

const struct ctl_cmd ctl_cmd_text = {
	"text", NULL, "DOC [--version N]",
	"文件提取的文本",
	"  --version N            该版本的文本，从档案库读取\n",
	version_opts, 1, 1, 0, ctl_text
};
