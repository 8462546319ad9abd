/*
 * recdiff: the fields that changed between two states of a record, for
 * `docketctl diff` (ctl_diff.c), and their values as text people read.
 * A pure core apart from the command's I/O: two record objects in, one
 * array out (recdiff.h gives its shape), so it is tested on its own
 * (tests/unit/test_recdiff.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "recdiff.h"
#include "xalloc.h"

/* What names the version itself rather than the document. */
static const char *const recdiff_skip[] = { "version", "commit", "sha256",
	"received_at", "size", NULL };

int
recdiff_skipped(const char *key)
{
	size_t	i;

	for (i = 0; recdiff_skip[i] != NULL; i++)
		if (strcmp(recdiff_skip[i], key) == 0)
			return 1;
	return 0;
}

/* v, treating JSON null as absent. */
static json_t *
recdiff_get(json_t *rec, const char *key)
{
	json_t	*v = json_object_get(rec, key);

	return v == NULL || json_is_null(v) ? NULL : v;
}

static int
recdiff_add(json_t *out, const char *key, json_t *a, json_t *b)
{
	const char	*change = a == NULL ? "added" : b == NULL ? "removed" :
			    "changed";
	json_t		*e;

	e = json_pack("{s:s, s:s, s:o, s:o}", "field", key, "change", change,
	    "from", a != NULL ? json_deep_copy(a) : json_null(),
	    "to", b != NULL ? json_deep_copy(b) : json_null());
	return e == NULL ? -1 : json_array_append_new(out, e);
}

json_t *
recdiff(json_t *from, json_t *to)
{
	json_t		*out, *a, *b, *v;
	const char	*key;

	if ((out = json_array()) == NULL)
		return NULL;
	json_object_foreach(to, key, v) {
		if (recdiff_skipped(key))
			continue;
		a = recdiff_get(from, key);
		b = recdiff_get(to, key);
		if (a == NULL && b == NULL)
			continue;
		if (a != NULL && b != NULL && json_equal(a, b))
			continue;
		if (recdiff_add(out, key, a, b) == -1)
			goto fail;
	}
	json_object_foreach(from, key, v) {
		if (recdiff_skipped(key) || json_object_get(to, key) != NULL ||
		    recdiff_get(from, key) == NULL)
			continue;
		if (recdiff_add(out, key, v, NULL) == -1)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* One scalar or string element, labelled by its field. */
static char *
recdiff_scalar(const char *key, json_t *v)
{
	const char	*s;
	char		*out;

	if (json_is_string(v)) {
		s = json_string_value(v);
		if (strcmp(key, "disclosure") == 0)
			s = label_disclosure(s);
		else if (strcmp(key, "status") == 0)
			s = label_status(s);
		else if (strcmp(key, "flags") == 0)
			s = label_flag(s);
		return xstrdup(s);
	}
	if (json_is_true(v))
		return xstrdup("是");
	if (json_is_false(v))
		return xstrdup("否");
	if (json_is_integer(v)) {
		xasprintf(&out, "%lld", (long long)json_integer_value(v));
		return out;
	}
	if ((out = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY)) == NULL)
		return xstrdup("?");
	return out;
}

char *
recdiff_text(const char *key, json_t *v)
{
	json_t	*e;
	char	*out, *s, *n;
	size_t	 i;

	if (v == NULL || json_is_null(v))
		return xstrdup("（无）");
	if (json_is_array(v)) {
		if (json_array_size(v) == 0)
			return xstrdup("（无）");
		out = xstrdup("");
		json_array_foreach(v, i, e) {
			s = recdiff_scalar(key, e);
			xasprintf(&n, "%s%s%s", out, i ? "，" : "", s);
			free(s);
			free(out);
			out = n;
		}
	} else
		out = recdiff_scalar(key, v);
	/* One line: a multi-line value (an address list) is joined. */
	for (s = out; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	return out;
}
