/*
 * mirror_status: what `docketctl status` shows of the mirrors, from the
 * configuration and the state file docketd's pushes keep
 * (ROOT/mirrors.json), with any password in a url hidden.  Apart from
 * mirror.c (libgit2, libevent), so the light docketctl links it alone.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_mirror.h"
#include "mirror.h"
#include "xalloc.h"

/* scheme://user:password@host/… → scheme://user:***@host/… */
char *
mirror_hide_password(const char *url)
{
	const char	*s, *at, *colon;
	char		*out;

	if ((s = strstr(url, "://")) == NULL)
		return xstrdup(url);
	s += 3;
	at = strchr(s, '@');
	colon = strchr(s, ':');
	if (at == NULL || colon == NULL || colon > at ||
	    memchr(s, '/', (size_t)(at - s)) != NULL)
		return xstrdup(url);
	(void)xasprintf(&out, "%.*s***%s", (int)(colon + 1 - url), url, at);
	return out;
}

json_t *
mirror_status(const struct config *cf)
{
	json_t	*arr, *all, *st, *o, *v;
	char	 path[PATH_MAX + 32], *url;
	size_t	 i;
	static const char *keys[] = { "last_success", "last_error",
	    "next_try", "pushing_since", NULL };
	int	 k;

	arr = json_array();
	if (cf->nmirrors == 0)
		return arr;
	snprintf(path, sizeof(path), "%s/%s", cf->root, MIRROR_STATE_FILE);
	all = json_load_file(path, 0, NULL);
	for (i = 0; i < cf->nmirrors; i++) {
		const struct config_mirror *m = &cf->mirrors[i];
		const char *surl, *srefs;

		o = json_object();
		json_object_set_new(o, "name", json_string(m->name));
		url = mirror_hide_password(m->url);
		json_object_set_new(o, "url", json_string(url));
		json_object_set_new(o, "refs",
		    json_string(config_mirror_refs_name(m->refs)));
		st = json_object_get(all, m->name);
		surl = json_string_value(json_object_get(st, "url"));
		srefs = json_string_value(json_object_get(st, "refs"));
		/* A state of another url or refs is not this mirror's. */
		if (surl == NULL || srefs == NULL || strcmp(surl, url) != 0 ||
		    strcmp(srefs, config_mirror_refs_name(m->refs)) != 0)
			st = NULL;
		for (k = 0; keys[k] != NULL; k++) {
			v = json_object_get(st, keys[k]);
			json_object_set_new(o, keys[k], json_is_string(v) ?
			    json_string(json_string_value(v)) : json_null());
		}
		json_array_append_new(arr, o);
		free(url);
	}
	json_decref(all);
	return arr;
}
