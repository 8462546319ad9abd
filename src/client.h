/*
 * client: docketctl's side of the control socket.  One blocking call
 * sends a request line and reads its response line (control.h describes
 * the protocol; both sides share CONTROL_PROTO from there).
 */
#ifndef DOCKET_CLIENT_H
#define DOCKET_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "control.h"

/*
 * Send cmd with args (NULL for none) to the docketd listening at path
 * and wait for its answer.  0 with *result (a new reference) on ok:true;
 * otherwise -1 with the reason in err and a code: the response's own, or
 * "connect" (docketd not reachable), "proto" (version mismatch),
 * "io" (broken, short or garbled answer), "too_big" (request too long).
 */
int	client_call(const char *path, const char *cmd, json_t *args,
	    json_t **result, char *code, size_t codelen, char *err,
	    size_t errlen);

/* Progress a long command reports before its answer (control.h). */
typedef void (*client_progress_cb)(uint64_t done, uint64_t total,
	    void *arg);
/* client_call, with progress lines (asked for with "progress": true in
 * args) passed to progress. */
int	client_call_progress(const char *path, const char *cmd, json_t *args,
	    client_progress_cb progress, void *parg, json_t **result,
	    char *code, size_t codelen, char *err, size_t errlen);

#endif
