/*
 * record: build and serialise a document record.
 *
 * An unknown value is JSON null, never "": consumers test for null, and an
 * empty string would pass for a value.  Key order is fixed (insertion
 * order, dumped with JSON_PRESERVE_ORDER) so record.json diffs in the
 * vault show what changed and nothing else.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marking.h"
#include "record.h"

static json_t *
record_strval(const char *s)
{
	return (s != NULL && s[0] != '\0') ? json_string(s) : json_null();
}

void
record_rfc3339(int64_t t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	char		z[8];

	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);	/* +0800 -> +08:00 */
	if (strlen(z) == 5 && strlen(buf) + 7 < len) {
		size_t n = strlen(buf);

		buf[n] = z[0];
		buf[n + 1] = z[1];
		buf[n + 2] = z[2];
		buf[n + 3] = ':';
		buf[n + 4] = z[3];
		buf[n + 5] = z[4];
		buf[n + 6] = '\0';
	}
}

static json_t *
record_list(const struct gongwen_list *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; a != NULL && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/*
 * A record read from a scan: where its text came from, OCR's mean
 * confidence, the fields read from that text (for a person to confirm
 * against the paper) and the ocr_check flag that puts it on the list.
 */
static void
record_ocr(json_t *r, const struct record_origin *o)
{
	static const char *const fields[] = { "docno", "issuer", "title",
	    "doc_type", "signed_on", "signer", "addressees", "attachments",
	    "cc", "printed_by", "printed_on", "effective_from", "valid_until",
	    "repeals", "marking", NULL };
	json_t	*read = json_array(), *v;
	size_t	 i;

	for (i = 0; fields[i] != NULL; i++) {
		v = json_object_get(r, fields[i]);
		if (json_is_string(v) || (json_is_array(v) &&
		    json_array_size(v) > 0))
			json_array_append_new(read, json_string(fields[i]));
	}
	json_object_set_new(r, "text_source", json_string(o->text_source));
	json_object_set_new(r, "ocr_confidence",
	    json_real((double)(long)(o->ocr_confidence * 10 + 0.5) / 10));
	json_object_set_new(r, "ocr_fields", read);
	json_array_append_new(json_object_get(r, "flags"),
	    json_string("ocr_check"));
}

json_t *
record_build(const struct gongwen *gw, const struct record_origin *o)
{
	json_t		*r, *issuers, *flags, *markings;
	char		 ts[64];
	size_t		 i;
	unsigned int	 bit;

	if ((r = json_object()) == NULL)
		return NULL;
	issuers = json_array();
	for (i = 0; i < gw->nissuers; i++)
		json_array_append_new(issuers, json_string(gw->issuers[i]));
	flags = json_array();
	for (bit = 1; bit < (1u << GW_FLAG_COUNT); bit <<= 1)
		if (gw->flags & bit)
			json_array_append_new(flags,
			    json_string(gongwen_flag_name(bit)));
	record_rfc3339(o->received_at, ts, sizeof(ts));

	json_object_set_new(r, "id", json_string(o->id));
	json_object_set_new(r, "docno", record_strval(gw->docno));
	json_object_set_new(r, "issuer", record_strval(gw->issuer));
	json_object_set_new(r, "issuers", issuers);
	json_object_set_new(r, "title", record_strval(gw->title));
	json_object_set_new(r, "doc_type", record_strval(gw->doc_type));
	json_object_set_new(r, "signed_on", record_strval(gw->signed_on));
	json_object_set_new(r, "copy_no", record_strval(gw->copy_no));
	json_object_set_new(r, "secrecy", record_strval(gw->secrecy));
	json_object_set_new(r, "secrecy_term", record_strval(gw->secrecy_term));
	json_object_set_new(r, "urgency", record_strval(gw->urgency));
	json_object_set_new(r, "letterhead", record_strval(gw->letterhead));
	json_object_set_new(r, "signer", record_strval(gw->signer));
	json_object_set_new(r, "addressees", record_list(&gw->addressees));
	json_object_set_new(r, "attachments", record_list(&gw->attachments));
	json_object_set_new(r, "cc", record_list(&gw->cc));
	json_object_set_new(r, "printed_by", record_strval(gw->printed_by));
	json_object_set_new(r, "printed_on", record_strval(gw->printed_on));
	json_object_set_new(r, "effective_from",
	    record_strval(gw->effective_from));
	json_object_set_new(r, "valid_until", record_strval(gw->valid_until));
	json_object_set_new(r, "repeals", record_list(&gw->repeals));
	json_object_set_new(r, "domain", record_strval(gw->domain));
	json_object_set_new(r, "domain_rule", record_strval(gw->domain_rule));
	json_object_set_new(r, "disclosure",
	    json_string(gongwen_disclosure_name(gw->disclosure)));
	json_object_set_new(r, "marking", record_strval(gw->marking));
	markings = json_array();
	for (i = 0; i < gw->markings.n; i++)
		json_array_append_new(markings, json_pack("{s:s, s:s}",
		    "phrase", gw->markings.v[i], "disclosure",
		    gongwen_disclosure_name(marking_phrase_disclosure(
		    gw->markings.v[i]))));
	json_object_set_new(r, "markings", markings);
	json_object_set_new(r, "marking_decision",
	    record_strval(gw->marking_decision));
	json_object_set_new(r, "disclosure_reason",
	    record_strval(gw->disclosure_reason));
	json_object_set_new(r, "flags", flags);
	json_object_set_new(r, "status", json_string("in_force"));
	json_object_set_new(r, "status_on", json_null());
	json_object_set_new(r, "repealed_by", json_null());
	json_object_set_new(r, "repeal_reason", json_null());
	json_object_set_new(r, "hold", json_false());
	json_object_set_new(r, "next_review", json_null());
	/* The public catalog (publish.c): set when it first appears. */
	json_object_set_new(r, "published", json_false());
	json_object_set_new(r, "index_no", json_null());
	json_object_set_new(r, "published_on", json_null());
	json_object_set_new(r, "publish_lag", json_null());
	json_object_set_new(r, "negative_item", json_null());
	json_object_set_new(r, "interprets", json_null());
	/* 政策解读 (interp.c): what an interpretation names; the day a
	 * policy's first interpretation linked. */
	json_object_set_new(r, "interprets_ref", json_null());
	json_object_set_new(r, "interpreted_on", json_null());
	json_object_set_new(r, "version", json_integer(o->version));
	json_object_set_new(r, "commit", json_null());
	json_object_set_new(r, "sha256", json_string(o->sha256));
	json_object_set_new(r, "source_name", record_strval(o->source_name));
	json_object_set_new(r, "agency", record_strval(o->agency));
	json_object_set_new(r, "format", record_strval(o->format));
	json_object_set_new(r, "size", json_integer((json_int_t)o->size));
	json_object_set_new(r, "received_at", json_string(ts));
	if (o->text_source != NULL)
		record_ocr(r, o);
	return r;
}

char *
record_vault_json(json_t *rec, size_t *len)
{
	json_t	*copy;
	char	*s, *out;
	size_t	 n;

	/* A shallow copy (the values are shared, not copied): only the
	 * copy loses "commit"; the keys keep their order. */
	if ((copy = json_copy(rec)) == NULL)
		return NULL;
	json_object_del(copy, "commit");
	s = json_dumps(copy, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(copy);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((out = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	*len = n + 1;
	return out;
}

const char *
record_str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

json_t *
record_from_vault(json_t *vrec, const char *commit)
{
	json_t		*r, *v;
	const char	*k;
	int		 done = 0;

	if ((r = json_object()) == NULL)
		return NULL;
	json_object_foreach(vrec, k, v) {
		if (strcmp(k, "commit") == 0)
			continue;
		json_object_set(r, k, v);
		if (strcmp(k, "version") == 0) {
			json_object_set_new(r, "commit", json_string(commit));
			done = 1;
		}
	}
	if (!done)
		json_object_set_new(r, "commit", json_string(commit));
	return r;
}
