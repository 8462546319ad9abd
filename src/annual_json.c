/*
 * annual_json: the model's keys in the order (see annual_json.h).
 * Each object of the model is copied with its known keys first, in the
 * listed order: year, agency, documents, applications, appeals, fees,
 * checks, notes, then the model's other keys in a fixed order and any
 * key nobody listed after them, sorted.  Inside, table 三's rows follow
 * apply.c's answer types and sub-types, and each count row the applicant
 * columns then total.  Values are shared, not copied.
 */
#include <stdlib.h>
#include <string.h>

#include "annual_json.h"
#include "annual_labels.h"
#include "apply.h"

static const char *const aj_top[] = {
	"year", "agency", "documents", "applications", "appeals", "fees",
	"checks", "notes", "as_of", "entered", "problems", "charts",
	"last_year", "explain", NULL
};
static const char *const aj_apps[] = {
	"new", "carried_in", "carried_out", "results", NULL
};
static const char *const aj_fees[] = {
	"notices", "amount", "paid", "amount_paid", NULL
};
static const char *const aj_check[] = { "name", "ok", "detail", NULL };
static const char *const aj_entered[] = {
	"permits", "penalties", "enforcement", "charges", NULL
};
static const char *const aj_problems[] = {
	"late_answers", "published_late", "review_overdue", NULL
};
static const char *const aj_charts[] = {
	"by_month", "by_type", "by_domain", NULL
};
static const char *const aj_month[] = { "received", "answered", NULL };
static const char *const aj_last[] = {
	"source", "year", "published_on", "in_force", NULL
};
static const char *const aj_notes[] = {
	"file", "overview", "problems", "other", "placeholder", NULL
};

static int
aj_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A new object with src's keys in the order of a (then b, for the
 * keys of an answer type's map: its sub-types then total), then the
 * others sorted.  Values shared.  Not an object: a new reference to src.
 */
static json_t *
aj_order2(json_t *src, const char *const *a, const char *const *b)
{
	const char	**rest, *k;
	const char	*const *lists[2] = { a, b };
	json_t		*o, *v;
	size_t		 n = 0, i, l;

	if (!json_is_object(src))
		return json_incref(src);
	if ((o = json_object()) == NULL)
		return NULL;
	for (l = 0; l < 2; l++)
		for (i = 0; lists[l] != NULL && lists[l][i] != NULL; i++)
			if ((v = json_object_get(src, lists[l][i])) != NULL &&
			    json_object_get(o, lists[l][i]) == NULL &&
			    json_object_set(o, lists[l][i], v) == -1)
				goto fail;
	if ((rest = calloc(json_object_size(src) + 1, sizeof(*rest))) == NULL)
		goto fail;
	json_object_foreach(src, k, v)
		if (json_object_get(o, k) == NULL)
			rest[n++] = k;
	qsort(rest, n, sizeof(*rest), aj_strcmp);
	for (i = 0; i < n; i++)
		if (json_object_set(o, rest[i], json_object_get(src,
		    rest[i])) == -1) {
			free(rest);
			goto fail;
		}
	free(rest);
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
aj_order(json_t *src, const char *const *keys)
{
	return aj_order2(src, keys, NULL);
}

/* o[key] = f(o[key]) when present; -1 when f failed. */
static int
aj_fix(json_t *o, const char *key, json_t *(*f)(json_t *, const char *const *),
    const char *const *keys)
{
	json_t	*v, *n;

	if ((v = json_object_get(o, key)) == NULL)
		return 0;
	if ((n = f(v, keys)) == NULL)
		return -1;
	return json_object_set_new(o, key, n);
}

/* A count row: the applicant columns, then total. */
static json_t *
aj_row(json_t *src, const char *const *unused)
{
	static const char *const total[] = { "total", NULL };

	(void)unused;
	return aj_order2(src, apply_applicant_types, total);
}

/* Each member of an object through f. */
static json_t *
aj_each(json_t *o, json_t *(*f)(json_t *, const char *const *),
    const char *const *keys)
{
	const char	*k;
	json_t		*v;

	json_object_foreach(o, k, v)
		if (aj_fix(o, k, f, keys) == -1)
			return NULL;
	return o;
}

static json_t *
aj_results(json_t *src, const char *const *unused)
{
	static const char *const total[] = { "total", NULL };
	const char *const	*subs;
	json_t			*o, *v;
	size_t			 i;
	int			 known;

	(void)unused;
	if ((o = aj_order2(src, apply_answer_types, total)) == NULL ||
	    !json_is_object(o))
		return o;
	for (i = 0; apply_answer_types[i] != NULL; i++) {
		subs = apply_answer_subs(apply_answer_types[i], &known);
		v = json_object_get(o, apply_answer_types[i]);
		if (v == NULL)
			continue;
		if (subs == NULL) {
			if (aj_fix(o, apply_answer_types[i], aj_row,
			    NULL) == -1)
				goto fail;
			continue;
		}
		if ((v = aj_order2(v, subs, total)) == NULL)
			goto fail;
		if (json_object_set_new(o, apply_answer_types[i], v) == -1 ||
		    (json_is_object(v) && aj_each(v, aj_row, NULL) == NULL))
			goto fail;
	}
	if (aj_fix(o, "total", aj_row, NULL) == -1)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
aj_apps_fn(json_t *src, const char *const *unused)
{
	json_t	*o;

	(void)unused;
	if ((o = aj_order(src, aj_apps)) == NULL || !json_is_object(o))
		return o;
	if (aj_fix(o, "new", aj_row, NULL) == -1 ||
	    aj_fix(o, "carried_in", aj_row, NULL) == -1 ||
	    aj_fix(o, "carried_out", aj_row, NULL) == -1 ||
	    aj_fix(o, "results", aj_results, NULL) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* An object whose members are all ordered by keys (documents, appeals). */
static json_t *
aj_blocks(json_t *src, const char *const *outer, const char *const *inner)
{
	json_t	*o;

	if ((o = aj_order(src, outer)) == NULL || !json_is_object(o))
		return o;
	if (aj_each(o, aj_order, inner) == NULL) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
aj_docs(json_t *src, const char *const *unused)
{
	(void)unused;
	return aj_blocks(src, annual_doc_kinds, annual_doc_cols);
}

static json_t *
aj_appeals(json_t *src, const char *const *unused)
{
	(void)unused;
	return aj_blocks(src, annual_appeal_blocks, annual_appeal_cols);
}

static json_t *
aj_checks(json_t *src, const char *const *unused)
{
	json_t	*a, *v, *n;
	size_t	 i;

	(void)unused;
	if (!json_is_array(src))
		return json_incref(src);
	if ((a = json_array()) == NULL)
		return NULL;
	json_array_foreach(src, i, v)
		if ((n = aj_order(v, aj_check)) == NULL ||
		    json_array_append_new(a, n) == -1) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
aj_charts_fn(json_t *src, const char *const *unused)
{
	json_t	*o;

	(void)unused;
	if ((o = aj_order(src, aj_charts)) == NULL || !json_is_object(o))
		return o;
	if (aj_fix(o, "by_month", aj_order, aj_month) == -1 ||
	    aj_fix(o, "by_type", aj_order, apply_answer_types) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
aj_last_fn(json_t *src, const char *const *unused)
{
	json_t	*o;

	(void)unused;
	if ((o = aj_order(src, aj_last)) == NULL || !json_is_object(o))
		return o;
	if (aj_fix(o, "in_force", aj_order, annual_doc_kinds) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
annual_json_ordered(json_t *model)
{
	json_t	*o;

	if (!json_is_object(model) || (o = aj_order(model, aj_top)) == NULL)
		return NULL;
	if (aj_fix(o, "documents", aj_docs, NULL) == -1 ||
	    aj_fix(o, "applications", aj_apps_fn, NULL) == -1 ||
	    aj_fix(o, "appeals", aj_appeals, NULL) == -1 ||
	    aj_fix(o, "fees", aj_order, aj_fees) == -1 ||
	    aj_fix(o, "checks", aj_checks, NULL) == -1 ||
	    aj_fix(o, "notes", aj_order, aj_notes) == -1 ||
	    aj_fix(o, "entered", aj_order, aj_entered) == -1 ||
	    aj_fix(o, "problems", aj_order, aj_problems) == -1 ||
	    aj_fix(o, "charts", aj_charts_fn, NULL) == -1 ||
	    aj_fix(o, "last_year", aj_last_fn, NULL) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

char *
annual_json_render(json_t *model, size_t *len)
{
	json_t	*o;
	char	*s, *t;
	size_t	 n;

	if ((o = annual_json_ordered(model)) == NULL)
		return NULL;
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((t = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	t[n++] = '\n';
	t[n] = '\0';
	if (len != NULL)
		*len = n;
	return t;
}
