/*
 * sha256: FIPS 180-4 SHA-256, for content fixity and duplicate detection.
 * Small enough to carry rather than pull in a crypto library for one hash.
 */
#ifndef DOCKET_SHA256_H
#define DOCKET_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN	32
#define SHA256_HEX_LEN		64

struct sha256_ctx {
	uint32_t	h[8];
	uint64_t	len;
	uint8_t		buf[64];
	size_t		nbuf;
};

void	sha256_init(struct sha256_ctx *);
void	sha256_update(struct sha256_ctx *, const void *, size_t);
void	sha256_final(struct sha256_ctx *, uint8_t out[SHA256_DIGEST_LEN]);
/* One call: hex digest (65 bytes with NUL) of buf. */
void	sha256_hex(const void *buf, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
