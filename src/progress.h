/*
 * progress: a progress line on a terminal, as git shows one
 * (`索引：45% (450000/1000000)`), redrawn in place with CR at most ten
 * times a second, ended by a line with the total and 完成.  Only when the
 * stream is a terminal (isatty): piped or redirected, nothing is written,
 * so logs and scripts never see it.  The formatting and the rate limit are
 * pure functions (progress_format, progress_due), tested on their own.
 */
#ifndef DOCKET_PROGRESS_H
#define DOCKET_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_INTERVAL_MS	100

struct progress {
	FILE		*fp;		/* NULL: nothing is shown */
	const char	*title;
	const char	*unit;		/* after the counts (" 个提交"), or "" */
	uint64_t	 total;		/* 0: not known (no percentage) */
	uint64_t	 done;
	uint64_t	 last_ms;	/* when a line was last drawn */
	int		 shown;		/* a line is on the terminal */
};

/* Begin; shown on fp only when fp (stderr, usually) is a terminal.  A
 * NULL fp never shows anything. */
void	progress_start(struct progress *, FILE *fp, const char *title,
	    const char *unit, uint64_t total);
/* done of total so far: redrawn when PROGRESS_INTERVAL_MS have passed. */
void	progress_update(struct progress *, uint64_t done);
/* Erase the line, before other output goes to the same terminal; the next
 * update draws it again. */
void	progress_clear(struct progress *);
/* The last line, with the final count and 完成, and a newline. */
void	progress_end(struct progress *);

/* "TITLE：P% (DONE/TOTAL UNIT)", with "，完成。" when final; with no total,
 * "TITLE：DONE UNIT", or "TITLE：进行中…" / "TITLE：完成。" when nothing is
 * counted either.  Into buf, always NUL-terminated.  Returns buf. */
char	*progress_format(char *buf, size_t len, const char *title,
	    const char *unit, uint64_t done, uint64_t total, int final);
/* 1 when a line drawn at last_ms (0: never) is due again at now_ms. */
int	 progress_due(uint64_t last_ms, uint64_t now_ms);

#endif
