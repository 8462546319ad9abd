/*
 * utf8: one strict decoder and one encoder, shared so that every module
 * agrees on what a valid character is.
 */
#include <string.h>

#include "utf8.h"

size_t
utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned char	c = s[0], lo = 0x80, hi = 0xbf;
	size_t		need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n <= need || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k <= need; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return need + 1;
}

/*
 * The common cases inline: ASCII eight bytes at a time, and the
 * three-byte sequences of CJK text whose lead byte rules out overlongs
 * and surrogates (E1-EC, EE-EF).  The rest by utf8_valid_len.
 */
size_t
utf8_valid_prefix(const unsigned char *s, size_t n)
{
	uint64_t	w;
	size_t		i = 0, k;

	while (i < n) {
		if (s[i] < 0x80) {
			if (n - i >= 8) {
				memcpy(&w, s + i, 8);
				if ((w & 0x8080808080808080ull) == 0) {
					i += 8;
					continue;
				}
			}
			i++;
			continue;
		}
		while (n - i >= 3 && (s[i] & 0xf0) == 0xe0 && s[i] != 0xe0 &&
		    s[i] != 0xed && ((s[i + 1] ^ 0x80) | (s[i + 2] ^ 0x80)) <
		    0x40)
			i += 3;
		if (i >= n || s[i] < 0x80)
			continue;
		if ((k = utf8_valid_len(s + i, n - i)) == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t	k = utf8_valid_len(s, n);

	switch (k) {
	case 0:
		*cp = 0xfffd;
		return 1;
	case 1:
		*cp = s[0];
		break;
	case 2:
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		break;
	case 3:
		*cp = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		break;
	default:
		*cp = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
	return k;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_is_cjk(uint32_t cp)
{
	return (cp >= 0x2e80 && cp <= 0x303e) ||
	    (cp >= 0x3041 && cp <= 0x33ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xa000 && cp <= 0xa4cf) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff01 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x20000 && cp <= 0x3fffd);
}
