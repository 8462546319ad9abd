/*
 * intake: watch the drop folder (inotify plus periodic rescans), wait
 * until a file written in place has settled, and claim it by renaming it
 * into spool/.
 */
#ifndef DOCKET_INTAKE_H
#define DOCKET_INTAKE_H

#include <event2/event.h>

#include "config.h"

struct intake;

/* ready is called after one or more files were claimed into spool/. */
struct intake	*intake_new(struct event_base *, const struct config *,
		    void (*ready)(void *), void *arg);
int		 intake_start(struct intake *);
void		 intake_rescan(struct intake *);
void		 intake_reconfigure(struct intake *);
void		 intake_free(struct intake *);

/* 1 when intake must ignore this name (.x, x.tmp, x.part, x~). */
int		 intake_ignored(const char *name);

#endif
