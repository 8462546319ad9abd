/*
 * progress: a progress line on a terminal for the long commands
 * (`docketctl verify`, `docketctl reindex`), on stderr like git's.  The
 * line is redrawn in place ("\r", the text, "\033[K" to clear what a
 * longer line left), at most every PROGRESS_INTERVAL_MS, and ended with
 * the final count and 完成.  When the stream is not a terminal nothing at
 * all is written.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

static uint64_t
progress_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

char *
progress_format(char *buf, size_t len, const char *title, const char *unit,
    uint64_t done, uint64_t total, int final)
{
	unsigned int	pct;

	if (len == 0)
		return buf;
	if (unit == NULL)
		unit = "";
	if (total > 0) {
		pct = done >= total ? 100 : (unsigned int)(done * 100 / total);
		snprintf(buf, len, "%s：%3u%% (%" PRIu64 "/%" PRIu64 "%s)%s",
		    title, pct, done, total, unit, final ? "，完成。" : "");
	} else if (done == 0)
		/* Nothing to count (git fsck): only that it runs. */
		snprintf(buf, len, "%s：%s", title, final ? "完成。" :
		    "进行中…");
	else
		snprintf(buf, len, "%s：%" PRIu64 "%s%s", title, done, unit,
		    final ? "，完成。" : "");
	return buf;
}

int
progress_due(uint64_t last_ms, uint64_t now_ms)
{
	return last_ms == 0 || now_ms < last_ms ||
	    now_ms - last_ms >= PROGRESS_INTERVAL_MS;
}

static void
progress_draw(struct progress *p, int final)
{
	char	line[256];

	progress_format(line, sizeof(line), p->title, p->unit, p->done,
	    p->total, final);
	fprintf(p->fp, "\r%s\033[K%s", line, final ? "\n" : "");
	fflush(p->fp);
	p->shown = !final;
}

void
progress_start(struct progress *p, FILE *fp, const char *title,
    const char *unit, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->fp = fp != NULL && isatty(fileno(fp)) ? fp : NULL;
	p->title = title;
	p->unit = unit != NULL ? unit : "";
	p->total = total;
	if (p->fp != NULL) {
		progress_draw(p, 0);
		p->last_ms = progress_now_ms();
	}
}

void
progress_update(struct progress *p, uint64_t done)
{
	uint64_t now;

	p->done = done;
	if (p->fp == NULL)
		return;
	now = progress_now_ms();
	if (!p->shown || progress_due(p->last_ms, now)) {
		progress_draw(p, 0);
		p->last_ms = now;
	}
}

void
progress_clear(struct progress *p)
{
	if (p == NULL || p->fp == NULL || !p->shown)
		return;
	fputs("\r\033[K", p->fp);
	fflush(p->fp);
	p->shown = 0;
}

void
progress_end(struct progress *p)
{
	if (p->fp == NULL)
		return;
	progress_draw(p, 1);
	p->fp = NULL;
}
