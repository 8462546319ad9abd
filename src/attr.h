/*
 * attr: compiler attributes docket relies on.  DOCKET_WUR marks a
 * function whose status must be looked at: ignoring the result of a
 * store_* or vault_* call is how an LMDB or git failure used to pass for
 * success, so the compiler now refuses it (with --enable-werror).  A
 * caller that really has nothing to do on failure says so with
 * `if (f(...) != 0) { ... }` or a (void) cast plus a comment.
 */
#ifndef DOCKET_ATTR_H
#define DOCKET_ATTR_H

#if defined(__GNUC__) || defined(__clang__)
#define DOCKET_WUR	__attribute__((warn_unused_result))
#else
#define DOCKET_WUR
#endif

#endif
