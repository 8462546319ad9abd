/*
 * zipread: a zip reader for containers that arrive from strangers (docx,
 * ofd).  A zip is an index (the central directory) that points at local
 * headers and compressed data, and every attack on zip readers lies in
 * what the index claims: more entries than memory allows, sizes that are
 * lies, entries that share compressed bytes (the overlapping zip bomb),
 * names that climb out of a directory.  So the central directory is read
 * here first, by our own small parser, and checked: entry count, names,
 * encryption, and that no two entries' local ranges overlap.  Only then
 * is libzip given the buffer (from memory; nothing touches the disk), and
 * it must agree with what we read.  Entries are inflated in chunks, and
 * the bytes that actually come out are counted against a per-entry cap, a
 * total cap and a compression ratio; a declared size is a reason to
 * refuse early, never a reason to trust.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "textdec.h"
#include "errbuf.h"
#include "zipread.h"

#define ZR_SIG_LOCAL	0x04034b50u
#define ZR_SIG_CENTRAL	0x02014b50u
#define ZR_SIG_EOCD	0x06054b50u
#define ZR_SIG_EOCD64	0x06064b50u
#define ZR_SIG_LOC64	0x07064b50u
#define ZR_EOCD_LEN	22
#define ZR_EOCD64_LEN	56
#define ZR_LOC64_LEN	20
#define ZR_CENTRAL_LEN	46
#define ZR_LOCAL_LEN	30
#define ZR_DESC_MIN	12	/* data descriptor without signature */
#define ZR_CHUNK	65536
#define ZR_NAME_SHOW	80	/* bytes of a name quoted in a reason */

#define ZR_FLAG_ENCRYPTED	0x0001u
#define ZR_FLAG_DESCRIPTOR	0x0008u
#define ZR_METHOD_STORE		0
#define ZR_METHOD_DEFLATE	8
#define ZR_METHOD_AES		99

struct zr_entry {
	char		*name;		/* NUL-terminated copy */
	size_t		 namelen;
	uint64_t	 comp_size;
	uint64_t	 size;		/* declared, inflated */
	uint64_t	 offset;	/* of the local header */
	uint64_t	 end;		/* past the data (and descriptor) */
	unsigned int	 flags;
	unsigned int	 method;
};

struct zipread {
	zip_t			*za;
	struct zipread_limits	 lim;
	struct zr_entry		*ent;
	size_t			 nent;
	struct zr_entry		**byname;	/* sorted by name */
	uint64_t		 total;		/* inflated by all reads */
};

struct zr_dir {
	uint64_t	nent;
	uint64_t	cd_off;
	uint64_t	cd_size;
	uint64_t	cd_end;		/* where the (zip64) end record starts */
};

static unsigned int zr_get16(const unsigned char *);
static uint32_t	 zr_get32(const unsigned char *);
static uint64_t	 zr_get64(const unsigned char *);
static const char *zr_show(const char *, size_t, char *, size_t);
static int	 zr_find_end(const unsigned char *, size_t, struct zr_dir *,
		    char *, size_t);
static int	 zr_zip64_extra(const unsigned char *, size_t,
		    struct zr_entry *, int, int, int);
static int	 zr_name_check(const struct zr_entry *, char *, size_t);
static int	 zr_read_central(struct zipread *, const unsigned char *,
		    const struct zr_dir *, char *, size_t);
static int	 zr_check_local(struct zipread *, const unsigned char *,
		    const struct zr_dir *, char *, size_t);
static int	 zr_check_libzip(struct zipread *, char *, size_t);
static int	 zr_over_ratio(uint64_t, uint64_t, unsigned int);
static int	 zr_cmp_offset(const void *, const void *);
static int	 zr_cmp_name(const void *, const void *);
static const struct zr_entry *zr_lookup(const struct zipread *,
		    const char *);
static int	 zr_path_add(char *, size_t, size_t *, const char *,
		    size_t);

static unsigned int
zr_get16(const unsigned char *p)
{
	return (unsigned int)p[0] | (unsigned int)p[1] << 8;
}

static uint32_t
zr_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
zr_get64(const unsigned char *p)
{
	return (uint64_t)zr_get32(p) | (uint64_t)zr_get32(p + 4) << 32;
}

/*
 * A name as it may appear in a one-line reason: control bytes become
 * '?', so do all high bytes when the name is not UTF-8, and a long name
 * is cut (on a character boundary) with "...".
 */
static const char *
zr_show(const char *name, size_t len, char *buf, size_t bufsz)
{
	size_t	i, n;
	int	utf8;

	utf8 = textdec_is_utf8((const unsigned char *)name, len);
	n = len;
	if (n > ZR_NAME_SHOW)
		n = ZR_NAME_SHOW;
	if (n > bufsz - 4)
		n = bufsz - 4;
	if (utf8 && n < len)
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
			c = '?';
		buf[i] = (char)c;
	}
	if (n < len) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Find the end of central directory record: the last signature whose
 * comment runs exactly to the end of the buffer.  Follow the zip64
 * locator when there is one, and require the central directory to end
 * where the end records start.
 */
static int
zr_find_end(const unsigned char *p, size_t len, struct zr_dir *d,
    char *err, size_t errlen)
{
	const unsigned char	*e, *l, *z;
	size_t			 off, lo;
	uint64_t		 n16, size32, off32, z64;

	if (len < ZR_EOCD_LEN) {
		errbuf_set(err, errlen, "not a zip: only %zu bytes", len);
		return -1;
	}
	lo = len - ZR_EOCD_LEN > 65535 ? len - ZR_EOCD_LEN - 65535 : 0;
	for (off = len - ZR_EOCD_LEN; ; off--) {
		e = p + off;
		if (zr_get32(e) == ZR_SIG_EOCD &&
		    off + ZR_EOCD_LEN + zr_get16(e + 20) == len)
			break;
		if (off == lo) {
			errbuf_set(err, errlen, "not a zip: no end of central "
			    "directory record");
			return -1;
		}
	}
	if (zr_get16(e + 4) != 0 || zr_get16(e + 6) != 0 ||
	    zr_get16(e + 8) != zr_get16(e + 10)) {
		errbuf_set(err, errlen, "multi-volume zip is not read");
		return -1;
	}
	n16 = zr_get16(e + 10);
	size32 = zr_get32(e + 12);
	off32 = zr_get32(e + 16);
	d->nent = n16;
	d->cd_size = size32;
	d->cd_off = off32;
	d->cd_end = off;

	if (off >= ZR_LOC64_LEN && zr_get32(p + off - ZR_LOC64_LEN) ==
	    ZR_SIG_LOC64) {
		l = p + off - ZR_LOC64_LEN;
		z64 = zr_get64(l + 8);
		if (zr_get32(l + 4) != 0 || zr_get32(l + 16) > 1) {
			errbuf_set(err, errlen, "multi-volume zip is not read");
			return -1;
		}
		if (z64 > off - ZR_LOC64_LEN ||
		    off - ZR_LOC64_LEN - z64 < ZR_EOCD64_LEN ||
		    zr_get32(p + z64) != ZR_SIG_EOCD64) {
			errbuf_set(err, errlen, "corrupt zip: bad zip64 end of "
			    "central directory record");
			return -1;
		}
		z = p + z64;
		if (zr_get32(z + 16) != 0 || zr_get32(z + 20) != 0 ||
		    zr_get64(z + 24) != zr_get64(z + 32)) {
			errbuf_set(err, errlen, "multi-volume zip is not read");
			return -1;
		}
		d->nent = zr_get64(z + 32);
		d->cd_size = zr_get64(z + 40);
		d->cd_off = zr_get64(z + 48);
		d->cd_end = z64;
		if ((n16 != 0xffff && n16 != d->nent) ||
		    (size32 != 0xffffffff && size32 != d->cd_size) ||
		    (off32 != 0xffffffff && off32 != d->cd_off)) {
			errbuf_set(err, errlen, "corrupt zip: zip64 end record "
			    "disagrees with the end record");
			return -1;
		}
	} else if (n16 == 0xffff || size32 == 0xffffffff ||
	    off32 == 0xffffffff) {
		errbuf_set(err, errlen, "corrupt zip: zip64 end record missing");
		return -1;
	}
	if (d->cd_off > d->cd_end || d->cd_size != d->cd_end - d->cd_off) {
		errbuf_set(err, errlen, "corrupt zip: central directory is not "
		    "where the end record says");
		return -1;
	}
	return 0;
}

/* Take the 64-bit values a zip64 extra field holds for this entry. */
static int
zr_zip64_extra(const unsigned char *x, size_t xlen, struct zr_entry *ze,
    int need_size, int need_comp, int need_off)
{
	unsigned int	id, sz;
	size_t		want;

	while (xlen >= 4) {
		id = zr_get16(x);
		sz = zr_get16(x + 2);
		if (sz > xlen - 4)
			return -1;
		if (id == 0x0001) {
			want = 8 * (size_t)(need_size + need_comp + need_off);
			if (sz < want)
				return -1;
			x += 4;
			if (need_size) {
				ze->size = zr_get64(x);
				x += 8;
			}
			if (need_comp) {
				ze->comp_size = zr_get64(x);
				x += 8;
			}
			if (need_off)
				ze->offset = zr_get64(x);
			return 0;
		}
		x += 4 + sz;
		xlen -= 4 + sz;
	}
	return need_size || need_comp || need_off ? -1 : 0;
}

/* Names that could leave a directory refuse the whole container. */
static int
zr_name_check(const struct zr_entry *ze, char *err, size_t errlen)
{
	const char	*s = ze->name, *c;
	char		 show[ZR_NAME_SHOW + 8];
	size_t		 n;

	if (ze->namelen == 0) {
		errbuf_set(err, errlen, "entry with an empty name");
		return -1;
	}
	if (memchr(s, '\0', ze->namelen) != NULL) {
		errbuf_set(err, errlen, "entry name has a NUL byte: %s",
		    zr_show(s, strlen(s), show, sizeof(show)));
		return -1;
	}
	if (strchr(s, '\\') != NULL) {
		errbuf_set(err, errlen, "entry name has a backslash: %s",
		    zr_show(s, ze->namelen, show, sizeof(show)));
		return -1;
	}
	if (s[0] == '/' || (ze->namelen >= 2 && s[1] == ':'))
		goto escapes;
	for (c = s; *c != '\0'; c += n + (c[n] == '/')) {
		n = strcspn(c, "/");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			goto escapes;
	}
	return 0;
escapes:
	errbuf_set(err, errlen, "entry name escapes: %s",
	    zr_show(s, ze->namelen, show, sizeof(show)));
	return -1;
}

static int
zr_read_central(struct zipread *zr, const unsigned char *p,
    const struct zr_dir *d, char *err, size_t errlen)
{
	const unsigned char	*c, *end;
	struct zr_entry		*ze;
	size_t			 i, nlen, xlen, clen;
	uint32_t		 comp32, size32, off32;
	char			 show[ZR_NAME_SHOW + 8];

	if (d->nent > zr->lim.max_entries) {
		errbuf_set(err, errlen, "too many entries: %llu (limit %zu)",
		    (unsigned long long)d->nent, zr->lim.max_entries);
		return -1;
	}
	if (d->nent > d->cd_size / ZR_CENTRAL_LEN) {
		errbuf_set(err, errlen, "corrupt zip: central directory too "
		    "small for %llu entries", (unsigned long long)d->nent);
		return -1;
	}
	if (d->nent == 0)
		return 0;
	if ((zr->ent = calloc((size_t)d->nent, sizeof(*zr->ent))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	c = p + d->cd_off;
	end = p + d->cd_end;
	for (i = 0; i < d->nent; i++) {
		if ((size_t)(end - c) < ZR_CENTRAL_LEN ||
		    zr_get32(c) != ZR_SIG_CENTRAL) {
			errbuf_set(err, errlen, "corrupt zip: bad central "
			    "directory entry %zu", i);
			return -1;
		}
		nlen = zr_get16(c + 28);
		xlen = zr_get16(c + 30);
		clen = zr_get16(c + 32);
		if ((size_t)(end - c) - ZR_CENTRAL_LEN < nlen + xlen + clen) {
			errbuf_set(err, errlen, "corrupt zip: central directory "
			    "entry %zu runs past its end", i);
			return -1;
		}
		ze = &zr->ent[i];
		zr->nent = i + 1;
		if ((ze->name = malloc(nlen + 1)) == NULL) {
			errbuf_set(err, errlen, "out of memory");
			return -1;
		}
		memcpy(ze->name, c + ZR_CENTRAL_LEN, nlen);
		ze->name[nlen] = '\0';
		ze->namelen = nlen;
		ze->flags = zr_get16(c + 8);
		ze->method = zr_get16(c + 10);
		comp32 = zr_get32(c + 20);
		size32 = zr_get32(c + 24);
		off32 = zr_get32(c + 42);
		ze->comp_size = comp32;
		ze->size = size32;
		ze->offset = off32;
		if (zr_name_check(ze, err, errlen) == -1)
			return -1;
		if (zr_get16(c + 34) != 0 && zr_get16(c + 34) != 0xffff) {
			errbuf_set(err, errlen, "multi-volume zip is not read");
			return -1;
		}
		if (zr_zip64_extra(c + ZR_CENTRAL_LEN + nlen, xlen, ze,
		    size32 == 0xffffffff, comp32 == 0xffffffff,
		    off32 == 0xffffffff) == -1) {
			errbuf_set(err, errlen, "corrupt zip: bad zip64 field "
			    "for entry %s", zr_show(ze->name, nlen, show,
			    sizeof(show)));
			return -1;
		}
		if ((ze->flags & ZR_FLAG_ENCRYPTED) ||
		    ze->method == ZR_METHOD_AES) {
			errbuf_set(err, errlen, "encrypted entry: %s",
			    zr_show(ze->name, nlen, show, sizeof(show)));
			return -1;
		}
		c += ZR_CENTRAL_LEN + nlen + xlen + clen;
	}
	if (c != end) {
		errbuf_set(err, errlen, "corrupt zip: central directory holds "
		    "more than %llu entries", (unsigned long long)d->nent);
		return -1;
	}
	return 0;
}

static int
zr_cmp_offset(const void *a, const void *b)
{
	const struct zr_entry	*x = *(struct zr_entry *const *)a;
	const struct zr_entry	*y = *(struct zr_entry *const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

static int
zr_cmp_name(const void *a, const void *b)
{
	const struct zr_entry	*x = *(struct zr_entry *const *)a;
	const struct zr_entry	*y = *(struct zr_entry *const *)b;

	return strcmp(x->name, y->name);
}

/*
 * Each entry's local header must be where the central directory says,
 * carry the same name, and its header, data and descriptor must end
 * before the next entry's local header starts: entries that share bytes
 * are how one kilobyte of deflate becomes terabytes.  Also sort the
 * name index and refuse duplicate names.
 */
static int
zr_check_local(struct zipread *zr, const unsigned char *p,
    const struct zr_dir *d, char *err, size_t errlen)
{
	struct zr_entry	*ze, *a, *b, **ord;
	size_t		 i;
	uint64_t	 end, room;
	char		 s1[ZR_NAME_SHOW + 8], s2[ZR_NAME_SHOW + 8];

	for (i = 0; i < zr->nent; i++) {
		ze = &zr->ent[i];
		if (ze->offset > d->cd_off ||
		    d->cd_off - ze->offset < ZR_LOCAL_LEN ||
		    zr_get32(p + ze->offset) != ZR_SIG_LOCAL) {
			errbuf_set(err, errlen, "corrupt zip: no local header "
			    "for entry %s", zr_show(ze->name, ze->namelen, s1,
			    sizeof(s1)));
			return -1;
		}
		room = d->cd_off - ze->offset - ZR_LOCAL_LEN;
		end = (uint64_t)zr_get16(p + ze->offset + 26) +
		    zr_get16(p + ze->offset + 28);
		if (zr_get16(p + ze->offset + 26) != ze->namelen ||
		    end > room || memcmp(p + ze->offset + ZR_LOCAL_LEN,
		    ze->name, ze->namelen) != 0) {
			errbuf_set(err, errlen, "corrupt zip: local header does "
			    "not match entry %s", zr_show(ze->name,
			    ze->namelen, s1, sizeof(s1)));
			return -1;
		}
		room -= end;
		end += ze->offset + ZR_LOCAL_LEN;
		if (ze->comp_size > room) {
			errbuf_set(err, errlen, "overlapping entries: %s runs "
			    "into the central directory", zr_show(ze->name,
			    ze->namelen, s1, sizeof(s1)));
			return -1;
		}
		end += ze->comp_size;
		if (ze->flags & ZR_FLAG_DESCRIPTOR)
			end += ZR_DESC_MIN;
		ze->end = end;
	}
	if (zr->nent == 0)
		return 0;
	if ((ord = calloc(zr->nent, sizeof(*ord))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < zr->nent; i++)
		ord[i] = &zr->ent[i];
	qsort(ord, zr->nent, sizeof(*ord), zr_cmp_offset);
	for (i = 0; i + 1 < zr->nent; i++) {
		a = ord[i];
		b = ord[i + 1];
		if (a->end > b->offset) {
			errbuf_set(err, errlen, "overlapping entries: %s and %s",
			    zr_show(a->name, a->namelen, s1, sizeof(s1)),
			    zr_show(b->name, b->namelen, s2, sizeof(s2)));
			free(ord);
			return -1;
		}
	}
	if (ord[zr->nent - 1]->end > d->cd_off) {
		a = ord[zr->nent - 1];
		errbuf_set(err, errlen, "overlapping entries: %s runs into the "
		    "central directory", zr_show(a->name, a->namelen, s1,
		    sizeof(s1)));
		free(ord);
		return -1;
	}
	qsort(ord, zr->nent, sizeof(*ord), zr_cmp_name);
	for (i = 0; i + 1 < zr->nent; i++)
		if (strcmp(ord[i]->name, ord[i + 1]->name) == 0) {
			a = ord[i];
			errbuf_set(err, errlen, "duplicate entry name: %s",
			    zr_show(a->name, a->namelen, s1, sizeof(s1)));
			free(ord);
			return -1;
		}
	zr->byname = ord;
	return 0;
}

/* 1 when out bytes from comp bytes is more than ratio:1 (0 = no cap). */
static int
zr_over_ratio(uint64_t out, uint64_t comp, unsigned int ratio)
{
	if (ratio == 0 || comp > UINT64_MAX / ratio)
		return 0;
	return out > comp * ratio;
}

/* libzip finds its own end record; it must have read what we checked. */
static int
zr_check_libzip(struct zipread *zr, char *err, size_t errlen)
{
	zip_stat_t	 st;
	const char	*name;
	size_t		 i;

	if (zip_get_num_entries(zr->za, 0) != (zip_int64_t)zr->nent)
		goto disagree;
	for (i = 0; i < zr->nent; i++) {
		name = zip_get_name(zr->za, i, ZIP_FL_ENC_RAW);
		zip_stat_init(&st);
		if (name == NULL || strcmp(name, zr->ent[i].name) != 0 ||
		    zip_stat_index(zr->za, i, ZIP_FL_ENC_RAW, &st) == -1 ||
		    !(st.valid & ZIP_STAT_COMP_SIZE) ||
		    st.comp_size != zr->ent[i].comp_size)
			goto disagree;
	}
	return 0;
disagree:
	errbuf_set(err, errlen, "ambiguous zip: libzip reads another central "
	    "directory");
	return -1;
}

void
zipread_limits_init(struct zipread_limits *lim)
{
	lim->max_entries = ZIPREAD_MAX_ENTRIES;
	lim->max_entry_bytes = ZIPREAD_MAX_ENTRY_BYTES;
	lim->max_total_bytes = ZIPREAD_MAX_TOTAL_BYTES;
	lim->max_ratio = ZIPREAD_MAX_RATIO;
}

int
zipread_open(struct zipread **zrp, const void *buf, size_t len,
    const struct zipread_limits *lim, char *err, size_t errlen)
{
	struct zipread	*zr;
	struct zr_dir	 d;
	zip_source_t	*src;
	zip_error_t	 ze;
	int		 zerr;

	*zrp = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (buf == NULL && len > 0) {
		errbuf_set(err, errlen, "no input");
		return -1;
	}
	if ((zr = calloc(1, sizeof(*zr))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	if (lim != NULL)
		zr->lim = *lim;
	else
		zipread_limits_init(&zr->lim);

	if (zr_find_end(buf, len, &d, err, errlen) == -1 ||
	    zr_read_central(zr, buf, &d, err, errlen) == -1 ||
	    zr_check_local(zr, buf, &d, err, errlen) == -1)
		goto fail;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(buf, len, 0, &ze)) == NULL) {
		errbuf_set(err, errlen, "cannot read zip: %s",
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto fail;
	}
	if ((zr->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zerr = zip_error_code_zip(&ze);
		errbuf_set(err, errlen, "%s zip: %s", zerr == ZIP_ER_NOZIP ?
		    "not a" : "corrupt", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(src);
		goto fail;
	}
	zip_error_fini(&ze);
	if (zr_check_libzip(zr, err, errlen) == -1)
		goto fail;
	*zrp = zr;
	return 0;
fail:
	zipread_close(zr);
	return -1;
}

static const struct zr_entry *
zr_lookup(const struct zipread *zr, const char *name)
{
	size_t	lo = 0, hi = zr->nent, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, zr->byname[mid]->name);
		if (c == 0)
			return zr->byname[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
zipread_exists(const struct zipread *zr, const char *name)
{
	return zr_lookup(zr, name) != NULL;
}

size_t
zipread_count(const struct zipread *zr)
{
	return zr->nent;
}

const char *
zipread_name(const struct zipread *zr, size_t i)
{
	return i < zr->nent ? zr->ent[i].name : NULL;
}

int
zipread_read(struct zipread *zr, const char *name, char **out,
    size_t *outlen, char *err, size_t errlen)
{
	const struct zr_entry	*ze;
	const struct zipread_limits *lim = &zr->lim;
	zip_file_t		*zf;
	char			*buf = NULL, *tmp;
	size_t			 cap, len = 0;
	zip_int64_t		 n;
	uint64_t		 total_left;
	char			 show[ZR_NAME_SHOW + 8];

	*out = NULL;
	if (outlen != NULL)
		*outlen = 0;
	if ((ze = zr_lookup(zr, name)) == NULL) {
		errbuf_set(err, errlen, "no entry %s", zr_show(name, strlen(name),
		    show, sizeof(show)));
		return 1;
	}
	zr_show(ze->name, ze->namelen, show, sizeof(show));
	if (ze->method != ZR_METHOD_STORE && ze->method != ZR_METHOD_DEFLATE) {
		errbuf_set(err, errlen, "entry %s uses compression method %u "
		    "(only stored and deflated are read)", show, ze->method);
		return -1;
	}
	total_left = zr->total < lim->max_total_bytes ?
	    lim->max_total_bytes - zr->total : 0;
	/* Declared sizes can only make us refuse sooner. */
	if (ze->size > lim->max_entry_bytes) {
		errbuf_set(err, errlen, "zip bomb: entry %s declares %llu bytes "
		    "(limit %llu)", show, (unsigned long long)ze->size,
		    (unsigned long long)lim->max_entry_bytes);
		return -1;
	}
	if (ze->size > total_left) {
		errbuf_set(err, errlen, "zip bomb: entries inflate past %llu "
		    "bytes in total", (unsigned long long)lim->max_total_bytes);
		return -1;
	}
	if (ze->size > ZIPREAD_RATIO_SLACK &&
	    zr_over_ratio(ze->size, ze->comp_size, lim->max_ratio)) {
		errbuf_set(err, errlen, "zip bomb: entry %s inflates past %u:1",
		    show, lim->max_ratio);
		return -1;
	}

	if ((zf = zip_fopen_index(zr->za, (zip_uint64_t)(ze - zr->ent), 0))
	    == NULL) {
		errbuf_set(err, errlen, "cannot open entry %s: %s", show,
		    zip_strerror(zr->za));
		return -1;
	}
	cap = ze->size < ZIPREAD_RATIO_SLACK ? (size_t)ze->size :
	    (size_t)ZIPREAD_RATIO_SLACK;
	cap += ZR_CHUNK + 1;
	if ((buf = malloc(cap)) == NULL)
		goto nomem;
	for (;;) {
		if (cap - len < ZR_CHUNK + 1) {
			if (cap > SIZE_MAX / 2 ||
			    (tmp = realloc(buf, cap * 2)) == NULL)
				goto nomem;
			buf = tmp;
			cap *= 2;
		}
		if ((n = zip_fread(zf, buf + len, ZR_CHUNK)) < 0) {
			errbuf_set(err, errlen, "cannot read entry %s: %s", show,
			    zip_file_strerror(zf));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > lim->max_entry_bytes) {
			errbuf_set(err, errlen, "zip bomb: entry %s inflates past "
			    "%llu bytes", show,
			    (unsigned long long)lim->max_entry_bytes);
			goto fail;
		}
		if (len > total_left) {
			errbuf_set(err, errlen, "zip bomb: entries inflate past "
			    "%llu bytes in total",
			    (unsigned long long)lim->max_total_bytes);
			goto fail;
		}
		if (len > ZIPREAD_RATIO_SLACK &&
		    zr_over_ratio(len, ze->comp_size, lim->max_ratio)) {
			errbuf_set(err, errlen, "zip bomb: entry %s inflates past "
			    "%u:1", show, lim->max_ratio);
			goto fail;
		}
		if (len > ze->size) {
			errbuf_set(err, errlen, "zip bomb: entry %s inflates past "
			    "its declared %llu bytes", show,
			    (unsigned long long)ze->size);
			goto fail;
		}
	}
	if (len != ze->size) {
		errbuf_set(err, errlen, "corrupt zip: entry %s is shorter than "
		    "declared", show);
		goto fail;
	}
	zip_fclose(zf);
	zr->total += len;
	buf[len] = '\0';
	*out = buf;
	if (outlen != NULL)
		*outlen = len;
	return 0;
nomem:
	errbuf_set(err, errlen, "out of memory reading entry %s", show);
fail:
	zip_fclose(zf);
	free(buf);
	return -1;
}

void
zipread_close(struct zipread *zr)
{
	size_t	i;

	if (zr == NULL)
		return;
	if (zr->za != NULL)
		zip_discard(zr->za);
	for (i = 0; i < zr->nent; i++)
		free(zr->ent[i].name);
	free(zr->ent);
	free(zr->byname);
	free(zr);
}

/* Append the segments of s[0..n) to the path in out (length *len). */
static int
zr_path_add(char *out, size_t outsz, size_t *len, const char *s, size_t n)
{
	size_t	i = 0, k, seg;

	while (i < n) {
		for (k = i; k < n && s[k] != '/' && s[k] != '\\'; k++)
			;
		seg = k - i;
		if (seg == 0 || (seg == 1 && s[i] == '.')) {
			/* "a//b", "./a": nothing to add */
		} else if (seg == 2 && s[i] == '.' && s[i + 1] == '.') {
			if (*len == 0)
				return -1;
			while (*len > 0 && out[*len - 1] != '/')
				(*len)--;
			if (*len > 0)
				(*len)--;
		} else {
			if (memchr(s + i, '\0', seg) != NULL ||
			    *len + 1 + seg >= outsz)
				return -1;
			if (*len > 0)
				out[(*len)++] = '/';
			memcpy(out + *len, s + i, seg);
			*len += seg;
		}
		i = k + 1;
	}
	out[*len] = '\0';
	return 0;
}

int
zipread_path(const char *from, const char *ref, char *out, size_t outsz)
{
	const char	*slash;
	size_t		 len = 0;

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	if (ref[0] != '/' && ref[0] != '\\' && from != NULL &&
	    (slash = strrchr(from, '/')) != NULL &&
	    zr_path_add(out, outsz, &len, from, (size_t)(slash - from)) == -1)
		return -1;
	if (zr_path_add(out, outsz, &len, ref, strlen(ref)) == -1 || len == 0)
		return -1;
	return 0;
}
