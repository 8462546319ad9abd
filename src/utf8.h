/*
 * utf8: decode and encode single UTF-8 scalar values, and tell East Asian
 * wide characters, for the modules that walk text character by character
 * (html, textnorm, width).
 */
#ifndef DOCKET_UTF8_H
#define DOCKET_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one scalar from s[0..n) (n >= 1).  Strict: overlongs,
 * surrogates, values past U+10FFFF and truncated sequences give U+FFFD
 * and consume one byte.  Returns the bytes consumed. */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Length of the valid UTF-8 sequence at s[0..n) (n >= 1), or 0. */
size_t	utf8_valid_len(const unsigned char *s, size_t n);

/* Length of the longest valid UTF-8 prefix of s[0..n): n when all of it
 * is valid. */
size_t	utf8_valid_prefix(const unsigned char *s, size_t n);

/* Encode a scalar value into out[0..4); returns its length. */
size_t	utf8_encode(uint32_t cp, char *out);

/* 1 for East Asian Wide and Fullwidth (CJK ideographs, kana, fullwidth
 * forms, CJK punctuation), not Hangul. */
int	utf8_is_cjk(uint32_t cp);

#endif
