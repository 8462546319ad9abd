/*
 * sha256: a thin wrapper over nettle's SHA-256, so that the rest of
 * docket names one small API (dsha256_*, sha256_hex) and nettle's own
 * macros stay in this file and its header.
 */
#include <string.h>

#include "sha256.h"

void
dsha256_init(struct dsha256 *c)
{
	sha256_init(&c->n);
}

void
dsha256_update(struct dsha256 *c, const void *data, size_t len)
{
	sha256_update(&c->n, len, data);
}

void
dsha256_final(struct dsha256 *c, uint8_t out[SHA256_DIGEST_LEN])
{
	sha256_digest(&c->n, SHA256_DIGEST_LEN, out);
}

void
sha256_hex(const void *buf, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	static const char	 digits[] = "0123456789abcdef";
	struct dsha256		 c;
	uint8_t			 d[SHA256_DIGEST_LEN];
	int			 i;

	dsha256_init(&c);
	dsha256_update(&c, buf, len);
	dsha256_final(&c, d);
	for (i = 0; i < SHA256_DIGEST_LEN; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0xf];
	}
	hex[SHA256_HEX_LEN] = '\0';
}
