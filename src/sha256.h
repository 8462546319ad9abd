/*
 * sha256: SHA-256 for content fixity and duplicate detection, over
 * nettle (hardware SHA instructions where the CPU has them).  docket's
 * names are dsha256_* and struct dsha256, because <nettle/sha2.h> takes
 * sha256_init, sha256_update, sha256_digest and struct sha256_ctx for
 * its own; sha256_hex is the one-call form most callers use.
 */
#ifndef DOCKET_SHA256_H
#define DOCKET_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

#define SHA256_DIGEST_LEN	32
#define SHA256_HEX_LEN		64

struct dsha256 {
	struct sha256_ctx	n;	/* nettle's state */
};

void	dsha256_init(struct dsha256 *);
void	dsha256_update(struct dsha256 *, const void *, size_t);
void	dsha256_final(struct dsha256 *, uint8_t out[SHA256_DIGEST_LEN]);
/* One call: hex digest (65 bytes with NUL) of buf. */
void	sha256_hex(const void *buf, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
