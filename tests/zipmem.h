/*
 * zipmem: build a zip archive in memory with libzip, for the tests and
 * fuzz targets that need a container around their input (docx, ofd).
 * Header-only: each test program takes its own static copy.
 */
#ifndef DOCKET_TEST_ZIPMEM_H
#define DOCKET_TEST_ZIPMEM_H

#include <stdlib.h>
#include <zip.h>

struct zipmem_part {
	const char	*name;
	const void	*data;
	size_t		 len;
};

/* The zip holding parts[0..n), malloc'd, its size in *len; NULL on error. */
static unsigned char *
zipmem_build(const struct zipmem_part *parts, size_t n, size_t *len)
{
	zip_source_t	*src, *s;
	zip_t		*za;
	zip_stat_t	 st;
	unsigned char	*buf = NULL;
	size_t		 i;

	if ((src = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL)
		return NULL;
	zip_source_keep(src);
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, NULL)) == NULL)
		goto done;
	for (i = 0; i < n; i++) {
		if ((s = zip_source_buffer(za, parts[i].data, parts[i].len,
		    0)) == NULL) {
			zip_discard(za);
			goto done;
		}
		if (zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(s);
			zip_discard(za);
			goto done;
		}
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		goto done;
	}
	zip_stat_init(&st);
	if (zip_source_open(src) == 0) {
		if (zip_source_stat(src, &st) == 0 &&
		    (buf = malloc(st.size ? st.size : 1)) != NULL &&
		    zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
			free(buf);
			buf = NULL;
		}
		*len = st.size;
		zip_source_close(src);
	}
done:
	zip_source_free(src);
	return buf;
}

#endif
