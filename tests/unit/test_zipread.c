/*
 * Unit tests for zipread: reading zips made by libzip and by hand, and
 * the hostile ones it must refuse, all built in memory at run time: a
 * 1 GiB zip bomb (honest and lying about its size), overlapping entries,
 * every truncation and every one-byte corruption of a small zip, names
 * that escape, encryption, duplicates, 100k entries, unknown methods.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zip.h>
#include <zlib.h>

#include "zipread.h"
#include "fixture.h"

#define MiB	(1024u * 1024u)

/* --- zips built with libzip, in memory ------------------------------ */

struct lz {
	zip_source_t	*src;
	zip_t		*za;
};

static void
lz_begin(struct lz *l)
{
	zip_error_t	e;

	zip_error_init(&e);
	l->src = zip_source_buffer_create(NULL, 0, 0, &e);
	assert_non_null(l->src);
	zip_source_keep(l->src);
	l->za = zip_open_from_source(l->src, ZIP_TRUNCATE, &e);
	assert_non_null(l->za);
	zip_error_fini(&e);
}

static void
lz_add(struct lz *l, const char *name, const void *data, size_t len,
    int store)
{
	zip_source_t	*s;
	zip_int64_t	 i;
	void		*copy;

	copy = NULL;
	if (len > 0) {
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, data, len);
	}
	s = zip_source_buffer(l->za, copy, len, 1);
	assert_non_null(s);
	i = zip_file_add(l->za, name, s, ZIP_FL_ENC_UTF_8);
	assert_true(i >= 0);
	if (store)
		assert_int_equal(zip_set_file_compression(l->za, (zip_uint64_t)i,
		    ZIP_CM_STORE, 0), 0);
}

static unsigned char *
lz_end(struct lz *l, size_t *len)
{
	zip_stat_t	 st;
	unsigned char	*buf;

	assert_int_equal(zip_close(l->za), 0);
	assert_int_equal(zip_source_open(l->src), 0);
	zip_stat_init(&st);
	assert_int_equal(zip_source_stat(l->src, &st), 0);
	buf = malloc(st.size);
	assert_non_null(buf);
	assert_int_equal(zip_source_read(l->src, buf, st.size),
	    (zip_int64_t)st.size);
	zip_source_close(l->src);
	zip_source_free(l->src);
	*len = st.size;
	return buf;
}

/* --- zips written byte by byte ------------------------------------- */

struct rawent {
	const char	*name;
	const void	*data;		/* as stored */
	size_t		 len;
	uint32_t	 size;		/* declared, inflated */
	uint32_t	 crc;
	unsigned	 method;
	unsigned	 flags;
	int		 same_as;	/* >= 0: point at that entry's header */
	uint32_t	 comp_extra;	/* added to the declared compressed size */
};

struct out {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
put(struct out *o, const void *b, size_t n)
{
	while (o->len + n > o->cap) {
		o->cap = o->cap ? o->cap * 2 : 4096;
		o->p = realloc(o->p, o->cap);
		assert_non_null(o->p);
	}
	memcpy(o->p + o->len, b, n);
	o->len += n;
}

static void
put16(struct out *o, unsigned v)
{
	unsigned char	b[2] = { v & 0xff, (v >> 8) & 0xff };

	put(o, b, 2);
}

static void
put32(struct out *o, uint32_t v)
{
	put16(o, v & 0xffff);
	put16(o, v >> 16);
}

/* A zip of n entries; stored data unless method says otherwise.  nent
 * (when not 0) is what the end record claims. */
static unsigned char *
raw_zip(const struct rawent *e, size_t n, unsigned nent, size_t *len)
{
	struct out	o = { 0 };
	uint32_t	off[64], cd, cdend;
	size_t		i;

	assert_true(n <= 64);
	for (i = 0; i < n; i++) {
		if (e[i].same_as >= 0)
			continue;
		off[i] = (uint32_t)o.len;
		put32(&o, 0x04034b50);
		put16(&o, 20);
		put16(&o, e[i].flags);
		put16(&o, e[i].method);
		put16(&o, 0);
		put16(&o, 0x5821);
		put32(&o, e[i].flags & 8 ? 0 : e[i].crc);
		put32(&o, e[i].flags & 8 ? 0 : (uint32_t)e[i].len +
		    e[i].comp_extra);
		put32(&o, e[i].flags & 8 ? 0 : e[i].size);
		put16(&o, strlen(e[i].name));
		put16(&o, 0);
		put(&o, e[i].name, strlen(e[i].name));
		put(&o, e[i].data, e[i].len);
		if (e[i].flags & 8) {
			put32(&o, 0x08074b50);
			put32(&o, e[i].crc);
			put32(&o, (uint32_t)e[i].len);
			put32(&o, e[i].size);
		}
	}
	cd = (uint32_t)o.len;
	for (i = 0; i < n; i++) {
		put32(&o, 0x02014b50);
		put16(&o, 0x031e);
		put16(&o, 20);
		put16(&o, e[i].flags);
		put16(&o, e[i].method);
		put16(&o, 0);
		put16(&o, 0x5821);
		put32(&o, e[i].crc);
		put32(&o, (uint32_t)e[i].len + e[i].comp_extra);
		put32(&o, e[i].size);
		put16(&o, strlen(e[i].name));
		put16(&o, 0);
		put16(&o, 0);
		put16(&o, 0);
		put16(&o, 0);
		put32(&o, 0);
		put32(&o, off[e[i].same_as >= 0 ? (size_t)e[i].same_as : i]);
		put(&o, e[i].name, strlen(e[i].name));
	}
	cdend = (uint32_t)o.len;
	put32(&o, 0x06054b50);
	put16(&o, 0);
	put16(&o, 0);
	put16(&o, nent ? nent : n);
	put16(&o, nent ? nent : n);
	put32(&o, cdend - cd);
	put32(&o, cd);
	put16(&o, 0);
	*len = o.len;
	return o.p;
}

static struct rawent
stored(const char *name, const char *data)
{
	struct rawent	e;

	memset(&e, 0, sizeof(e));
	e.name = name;
	e.data = data;
	e.len = strlen(data);
	e.size = (uint32_t)e.len;
	e.crc = (uint32_t)crc32(0, (const Bytef *)data, (uInt)e.len);
	e.same_as = -1;
	return e;
}

/*
 * Raw deflate of mib MiB of zeros, about 1 KiB per MiB: one MiB is
 * compressed up to a full flush, which resets the history, so the same
 * bytes can be repeated for every further MiB.  The CRC of the whole is
 * combined, not computed over a GiB.
 */
static unsigned char *
bomb_deflate(unsigned mib, size_t *len, uint32_t *crc)
{
	z_stream	 z;
	unsigned char	*zeros, *blk[2], *out, fin[64];
	size_t		 blen[2], flen, i;
	uLong		 c, c1;
	unsigned	 k;

	zeros = calloc(1, MiB);
	assert_non_null(zeros);
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	for (k = 0; k < 2; k++) {
		blk[k] = malloc(64 * 1024);
		assert_non_null(blk[k]);
		z.next_in = zeros;
		z.avail_in = MiB;
		z.next_out = blk[k];
		z.avail_out = 64 * 1024;
		assert_int_equal(deflate(&z, Z_FULL_FLUSH), Z_OK);
		assert_int_equal(z.avail_in, 0);
		blen[k] = 64 * 1024 - z.avail_out;
	}
	assert_int_equal(blen[0], blen[1]);
	assert_memory_equal(blk[0], blk[1], blen[0]);
	z.next_in = NULL;
	z.avail_in = 0;
	z.next_out = fin;
	z.avail_out = sizeof(fin);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	flen = sizeof(fin) - z.avail_out;
	deflateEnd(&z);

	out = malloc(blen[0] * mib + flen);
	assert_non_null(out);
	for (i = 0; i < mib; i++)
		memcpy(out + i * blen[0], blk[0], blen[0]);
	memcpy(out + mib * blen[0], fin, flen);
	*len = blen[0] * mib + flen;

	c1 = crc32(0, zeros, MiB);
	c = 0;
	for (i = 0; i < mib; i++)
		c = crc32_combine(c, c1, MiB);
	*crc = (uint32_t)c;
	free(zeros);
	free(blk[0]);
	free(blk[1]);
	return out;
}

static struct rawent
bomb_entry(unsigned mib, uint32_t declared, void **data)
{
	struct rawent	e;

	memset(&e, 0, sizeof(e));
	e.name = "word/document.xml";
	e.data = *data = bomb_deflate(mib, &e.len, &e.crc);
	e.size = declared;
	e.method = 8;
	e.same_as = -1;
	return e;
}

/* Open must fail with a reason that contains want. */
static void
refused(const void *buf, size_t len, const struct zipread_limits *lim,
    const char *want)
{
	struct zipread	*zr = (struct zipread *)1;
	char		 err[256];

	assert_int_equal(zipread_open(&zr, buf, len, lim, err, sizeof(err)),
	    -1);
	assert_null(zr);
	if (strstr(err, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", err, want);
	assert_null(strchr(err, '\n'));
}

/* Open must work and reading name must fail with a reason with want. */
static void
read_refused(const void *buf, size_t len, const struct zipread_limits *lim,
    const char *name, const char *want)
{
	struct zipread	*zr;
	char		 err[256], *out = (char *)1;
	size_t		 n;

	if (zipread_open(&zr, buf, len, lim, err, sizeof(err)) == -1)
		fail_msg("open: %s", err);
	assert_int_equal(zipread_read(zr, name, &out, &n, err, sizeof(err)),
	    -1);
	assert_null(out);
	if (strstr(err, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", err, want);
	zipread_close(zr);
}

/* --- tests ---------------------------------------------------------- */

static unsigned char *
small_zip(size_t *len)
{
	struct lz	 l;
	const char	*xml = "<?xml version=\"1.0\"?><a>南湖市</a>";
	char		 big[5000];

	memset(big, 'x', sizeof(big));
	lz_begin(&l);
	lz_add(&l, "a.txt", "hello\n", 6, 1);
	lz_add(&l, "dir/b.xml", xml, strlen(xml), 0);
	lz_add(&l, "dir/big.txt", big, sizeof(big), 0);
	lz_add(&l, "empty", "", 0, 0);
	return lz_end(&l, len);
}

static void
test_read(void **state)
{
	struct zipread	*zr;
	unsigned char	*zip;
	char		 err[256], *out;
	size_t		 len, n;

	zip = small_zip(&len);
	assert_int_equal(zipread_open(&zr, zip, len, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(zipread_count(zr), 4);
	assert_string_equal(zipread_name(zr, 1), "dir/b.xml");
	assert_null(zipread_name(zr, 4));
	assert_true(zipread_exists(zr, "a.txt"));
	assert_false(zipread_exists(zr, "A.txt"));

	assert_int_equal(zipread_read(zr, "a.txt", &out, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 6);
	assert_string_equal(out, "hello\n");
	free(out);
	assert_int_equal(zipread_read(zr, "dir/b.xml", &out, &n, err,
	    sizeof(err)), 0);
	assert_string_equal(out, "<?xml version=\"1.0\"?><a>南湖市</a>");
	free(out);
	assert_int_equal(zipread_read(zr, "dir/big.txt", &out, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 5000);
	free(out);
	assert_int_equal(zipread_read(zr, "empty", &out, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(zipread_read(zr, "missing.xml", &out, &n, err,
	    sizeof(err)), 1);
	assert_null(out);
	assert_string_equal(err, "no entry missing.xml");
	zipread_close(zr);
	free(zip);
}

/* LibreOffice writes data descriptors (flag bit 3). */
static void
test_read_fixture(void **state)
{
	struct zipread	*zr;
	char		*zip, err[256], *out;
	size_t		 len, n, i;

	zip = fixture_read("formats/gongwen-lo.docx", &len);
	assert_int_equal(zipread_open(&zr, zip, len, NULL, err, sizeof(err)),
	    0);
	assert_true(zipread_count(zr) > 5);
	for (i = 0; i < zipread_count(zr); i++) {
		if (zipread_read(zr, zipread_name(zr, i), &out, &n, err,
		    sizeof(err)) != 0)
			fail_msg("%s: %s", zipread_name(zr, i), err);
		free(out);
	}
	zipread_close(zr);
	free(zip);
}

static void
test_descriptor(void **state)
{
	struct rawent	 e[2];
	struct zipread	*zr;
	unsigned char	*zip;
	char		 err[256], *out;
	size_t		 len, n;

	e[0] = stored("one.txt", "first entry");
	e[0].flags = 8;
	e[1] = stored("two.txt", "second");
	e[1].flags = 8;
	zip = raw_zip(e, 2, 0, &len);
	if (zipread_open(&zr, zip, len, NULL, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(zipread_read(zr, "two.txt", &out, &n, err,
	    sizeof(err)), 0);
	assert_string_equal(out, "second");
	free(out);
	zipread_close(zr);
	free(zip);
}

static void
test_not_zip(void **state)
{
	static const char	text[] = "南湖市生态环境局\n这不是压缩包\n";

	refused("", 0, NULL, "not a zip");
	refused(text, strlen(text), NULL, "not a zip");
	refused(NULL, 0, NULL, "not a zip");
}

/* Every prefix of a zip is refused; no prefix crashes. */
static void
test_truncated(void **state)
{
	unsigned char	*zip, *cut;
	size_t		 len, i;
	struct zipread	*zr;
	char		 err[256];

	zip = small_zip(&len);
	for (i = 0; i < len; i++) {
		cut = malloc(i ? i : 1);	/* exact size, for ASan */
		assert_non_null(cut);
		memcpy(cut, zip, i);
		err[0] = '\0';
		assert_int_equal(zipread_open(&zr, cut, i, NULL, err,
		    sizeof(err)), -1);
		assert_true(err[0] != '\0');
		free(cut);
	}
	free(zip);
}

/* Every single-byte corruption gives a result or a reason, no crash. */
static void
test_corrupt(void **state)
{
	unsigned char	*zip, *bad;
	size_t		 len, i, k, n;
	struct zipread	*zr;
	char		 err[256], *out;
	static const unsigned char flips[] = { 0x01, 0x80, 0xff };

	zip = small_zip(&len);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < len; i++)
		for (k = 0; k < sizeof(flips); k++) {
			memcpy(bad, zip, len);
			bad[i] ^= flips[k];
			err[0] = '\0';
			if (zipread_open(&zr, bad, len, NULL, err,
			    sizeof(err)) == -1) {
				assert_true(err[0] != '\0');
				continue;
			}
			for (n = 0; n < zipread_count(zr); n++)
				if (zipread_read(zr, zipread_name(zr, n), &out,
				    NULL, err, sizeof(err)) == 0)
					free(out);
				else
					assert_true(err[0] != '\0');
			zipread_close(zr);
		}
	free(bad);
	free(zip);
}

/* 1 GiB of zeros that says so. */
static void
test_bomb_declared(void **state)
{
	struct zipread_limits	 lim;
	struct rawent		 e;
	unsigned char		*zip;
	void			*data;
	size_t			 len;

	e = bomb_entry(1024, 1024u * MiB, &data);
	assert_true(e.len < 2 * MiB);
	zip = raw_zip(&e, 1, 0, &len);
	read_refused(zip, len, NULL, e.name, "zip bomb: entry "
	    "word/document.xml declares 1073741824 bytes (limit 67108864)");
	zipread_limits_init(&lim);
	lim.max_entry_bytes = 2048ull * MiB;
	lim.max_total_bytes = 4096ull * MiB;
	read_refused(zip, len, &lim, e.name,
	    "zip bomb: entry word/document.xml inflates past 200:1");
	free(zip);
	free(data);
}

/* 1 GiB of zeros that claims to be 1000 bytes, or 60 MiB: the bytes
 * that come out are counted and reading stops at the claim. */
static void
test_bomb_lying(void **state)
{
	struct rawent	 e;
	unsigned char	*zip;
	void		*data;
	size_t		 len;

	e = bomb_entry(1024, 1000, &data);
	zip = raw_zip(&e, 1, 0, &len);
	read_refused(zip, len, NULL, e.name, "zip bomb: entry "
	    "word/document.xml inflates past its declared 1000 bytes");
	free(zip);

	e.size = 60 * MiB;
	zip = raw_zip(&e, 1, 0, &len);
	read_refused(zip, len, NULL, e.name, "zip bomb: entry "
	    "word/document.xml inflates past its declared 62914560 bytes");
	free(zip);
	free(data);
}

/* The total cap counts every read of the handle. */
static void
test_bomb_total(void **state)
{
	struct zipread_limits	 lim;
	struct rawent		 e[2];
	struct zipread		*zr;
	unsigned char		*zip;
	void			*d0, *d1;
	char			 err[256], *out;
	size_t			 len;

	e[0] = bomb_entry(1, MiB, &d0);
	e[0].name = "a.bin";
	e[1] = bomb_entry(1, MiB, &d1);
	e[1].name = "b.bin";
	zip = raw_zip(e, 2, 0, &len);
	zipread_limits_init(&lim);
	lim.max_total_bytes = MiB + MiB / 2;
	assert_int_equal(zipread_open(&zr, zip, len, &lim, err, sizeof(err)),
	    0);
	assert_int_equal(zipread_read(zr, "a.bin", &out, NULL, err,
	    sizeof(err)), 0);
	free(out);
	assert_int_equal(zipread_read(zr, "b.bin", &out, NULL, err,
	    sizeof(err)), -1);
	assert_string_equal(err,
	    "zip bomb: entries inflate past 1572864 bytes in total");
	/* reading the same entry again counts again */
	assert_int_equal(zipread_read(zr, "a.bin", &out, NULL, err,
	    sizeof(err)), -1);
	zipread_close(zr);
	free(zip);
	free(d0);
	free(d1);
}

/* The overlapping zip bomb: an entry's data covers the next entry. */
static void
test_overlap(void **state)
{
	struct rawent	 e[3];
	unsigned char	*zip;
	size_t		 len;

	e[0] = stored("a.xml", "<a/>");
	e[1] = stored("b.xml", "<b/>");
	e[2] = stored("c.xml", "<c/>");
	e[0].comp_extra = 30 + 5 + 4;	/* a's data swallows b */
	zip = raw_zip(e, 3, 0, &len);
	refused(zip, len, NULL, "overlapping entries: a.xml and b.xml");
	free(zip);

	/* the last entry runs into the central directory */
	e[0].comp_extra = 0;
	e[2].comp_extra = 10;
	zip = raw_zip(e, 3, 0, &len);
	refused(zip, len, NULL, "overlapping entries: c.xml runs into the "
	    "central directory");
	free(zip);

	/* two central entries, one local header */
	e[2].comp_extra = 0;
	e[2].same_as = 1;
	zip = raw_zip(e, 3, 0, &len);
	refused(zip, len, NULL, "local header does not match entry c.xml");
	free(zip);
}

static void
test_names(void **state)
{
	static const struct {
		const char	*name;
		const char	*want;
	} bad[] = {
		{ "../evil",		"entry name escapes: ../evil" },
		{ "word/../../evil",	"entry name escapes: word/../../evil" },
		{ "word/..",		"entry name escapes: word/.." },
		{ "/etc/passwd",	"entry name escapes: /etc/passwd" },
		{ "C:/evil",		"entry name escapes: C:/evil" },
		{ "word\\evil.xml",	"entry name has a backslash" },
		{ "../bad\nname",	"entry name escapes: ../bad?name" },
	};
	struct rawent	 e[2];
	struct zipread	*zr;
	unsigned char	*zip;
	char		 err[256];
	size_t		 len, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e[0] = stored("word/document.xml", "<w:document/>");
		e[1] = stored(bad[i].name, "x");
		zip = raw_zip(e, 2, 0, &len);
		refused(zip, len, NULL, bad[i].want);
		free(zip);
	}
	/* "..b" and "dir/" are harmless */
	e[0] = stored("..b", "x");
	e[1] = stored("dir/", "");
	zip = raw_zip(e, 2, 0, &len);
	assert_int_equal(zipread_open(&zr, zip, len, NULL, err, sizeof(err)),
	    0);
	zipread_close(zr);
	free(zip);
}

/* A reason cut short by a small buffer does not end in half a
 * character. */
static void
test_short_reason(void **state)
{
	struct rawent	 e;
	struct zipread	*zr;
	unsigned char	*zip;
	char		 err[28];
	size_t		 len;

	e = stored("../南湖市南湖市", "x");
	zip = raw_zip(&e, 1, 0, &len);
	assert_int_equal(zipread_open(&zr, zip, len, NULL, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "entry name escapes: ../南");
	free(zip);
}

static void
test_encrypted(void **state)
{
	struct rawent	 e[2];
	unsigned char	*zip;
	size_t		 len;

	e[0] = stored("word/document.xml", "<w:document/>");
	e[1] = stored("secret.xml", "<s/>");
	e[1].flags = 1;
	zip = raw_zip(e, 2, 0, &len);
	refused(zip, len, NULL, "encrypted entry: secret.xml");
	free(zip);
	e[1].flags = 0;
	e[1].method = 99;	/* WinZip AES */
	zip = raw_zip(e, 2, 0, &len);
	refused(zip, len, NULL, "encrypted entry: secret.xml");
	free(zip);
}

static void
test_duplicate(void **state)
{
	struct rawent	 e[2];
	unsigned char	*zip;
	size_t		 len;

	e[0] = stored("word/document.xml", "<w:document>one</w:document>");
	e[1] = stored("word/document.xml", "<w:document>two</w:document>");
	zip = raw_zip(e, 2, 0, &len);
	refused(zip, len, NULL, "duplicate entry name: word/document.xml");
	free(zip);
}

static void
test_count_mismatch(void **state)
{
	struct rawent	 e[2];
	unsigned char	*zip;
	size_t		 len;

	e[0] = stored("a", "1");
	e[1] = stored("b", "2");
	zip = raw_zip(e, 2, 1, &len);
	refused(zip, len, NULL, "central directory holds more than 1 "
	    "entries");
	free(zip);
	zip = raw_zip(e, 2, 5000, &len);
	refused(zip, len, NULL, "central directory too small");
	free(zip);
}

static void
test_method(void **state)
{
	struct rawent	 e;
	unsigned char	*zip;
	size_t		 len;

	e = stored("a.xml", "BZh91AY&SY");
	e.method = 12;	/* bzip2 */
	zip = raw_zip(&e, 1, 0, &len);
	read_refused(zip, len, NULL, "a.xml", "entry a.xml uses compression "
	    "method 12");
	free(zip);
}

/* 100k empty entries: more than an end record's 16 bits, so libzip
 * writes zip64 end records. */
static void
test_many_entries(void **state)
{
	struct zipread_limits	 lim;
	struct zipread		*zr;
	struct lz		 l;
	unsigned char		*zip;
	char			 name[32], err[256], *out;
	size_t			 len, i, n;

	lz_begin(&l);
	for (i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), "e/%zu", i);
		lz_add(&l, name, "", 0, 1);
	}
	zip = lz_end(&l, &len);
	refused(zip, len, NULL, "too many entries: 100000 (limit 10000)");

	zipread_limits_init(&lim);
	lim.max_entries = 100000;
	if (zipread_open(&zr, zip, len, &lim, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(zipread_count(zr), 100000);
	assert_int_equal(zipread_read(zr, "e/99999", &out, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 0);
	free(out);
	zipread_close(zr);
	free(zip);
}

static void
test_path(void **state)
{
	char	out[64];

	assert_int_equal(zipread_path("Doc_0/Document.xml",
	    "Pages/Page_0/Content.xml", out, sizeof(out)), 0);
	assert_string_equal(out, "Doc_0/Pages/Page_0/Content.xml");
	assert_int_equal(zipread_path("Doc_0/Document.xml",
	    "/Doc_0/Pages/Page_1/Content.xml", out, sizeof(out)), 0);
	assert_string_equal(out, "Doc_0/Pages/Page_1/Content.xml");
	assert_int_equal(zipread_path("OFD.xml", "./Doc_0//Document.xml",
	    out, sizeof(out)), 0);
	assert_string_equal(out, "Doc_0/Document.xml");
	assert_int_equal(zipread_path("word/document.xml", "../media\\a.png",
	    out, sizeof(out)), 0);
	assert_string_equal(out, "media/a.png");
	assert_int_equal(zipread_path(NULL, "word/document.xml", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "word/document.xml");
	assert_int_equal(zipread_path("a/b.xml", "../../x", out,
	    sizeof(out)), -1);
	assert_int_equal(zipread_path("a.xml", "/..", out, sizeof(out)), -1);
	assert_int_equal(zipread_path("a.xml", "", out, sizeof(out)), -1);
	assert_int_equal(zipread_path("a.xml", "./", out, sizeof(out)), -1);
	assert_int_equal(zipread_path("a.xml", "0123456789012345678901234567"
	    "8901234567890123456789012345678901234567890123456789", out,
	    sizeof(out)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_fixture),
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_not_zip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_bomb_declared),
		cmocka_unit_test(test_bomb_lying),
		cmocka_unit_test(test_bomb_total),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_short_reason),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_count_mismatch),
		cmocka_unit_test(test_method),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
