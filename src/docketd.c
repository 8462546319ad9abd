/*
 * docketd: the records daemon.  Sets up the root, takes the root's lock,
 * opens the vault and the store, finishes what a crash left (vault commits
 * not yet indexed, files in spool/), then runs the event loop: intake
 * claims files, and batches of them are registered by ingest.
 *
 * The lifecycle clock (schedule.c) and the control socket (control.c,
 * command.c) run in the same loop, so the daemon is the single writer of
 * the vault and LMDB and needs no locks of its own.
 *
 * SIGTERM and SIGINT let the current batch finish and exit 0 (batches run
 * inside one callback, so the loop only stops between them).  SIGHUP
 * reloads the configuration.
 */
#include <errno.h>
#include <getopt.h>
#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply_cmd.h"
#include "calendar.h"
#include "apply_intake.h"
#include "calendar_load.h"
#include "change.h"
#include "publish_backfill.h"
#include "command.h"
#include "config.h"
#include "control.h"
#include "docket.h"
#include "docketd_impl.h"
#include "domains.h"
#include "domains_default.h"
#include "neglist.h"
#include "ingest.h"
#include "intake.h"
#include "log.h"
#include "mailer.h"
#include "memtrim.h"
#include "mirror.h"
#include "notify.h"
#include "ocrq.h"
#include "replay.h"
#include "schedule.h"
#include "setup.h"
#include "search.h"
#include "search_feed.h"
#include "search_proc.h"
#include "site.h"
#include "spoolmeta.h"
#include "store.h"
#include "vault.h"
#include "vault_gc.h"
#include "vault_opts.h"
#include "vault_repack.h"
#include "xalloc.h"

#define RETRY_SECONDS	5
/*
 * memtrim's cadence.  Each madvise(MADV_DONTNEED) flushes the TLB of the
 * reader threads' CPUs (an IPI each) and the next batch refaults what it
 * dropped: run after every batch it was 8-15 % of the committer's time.
 * So it runs once the spool is drained and nothing came for TRIM_IDLE_MS,
 * and during a burst when the resident memory grew by TRIM_GROWTH since
 * the last one, or after TRIM_BATCHES batches, whichever comes first;
 * the heap's free pages only when idle (the next batch reuses them: the
 * heap stays as large as one batch needs).  A batch of tiny documents
 * maps a few MB of data.mdb and the packs at 20k records, ~60 MB at a
 * million (each fault maps 64 KB around it, the kernel's fault-around):
 * so within a batch the committer checks every MEMTRIM_TICKS documents
 * and records (memtrim_tick) and drops the file maps when the resident
 * size grew by TRIM_GROWTH since the last trim (doc/ARCHITECTURE.md,
 * "What still grows": 32 MB measured 7.2 faults a document instead of
 * 8.5 at 1.1 M records, and a peak of 80 MB).
 */
#define TRIM_BATCHES	16
#define TRIM_GROWTH	(16UL * 1024 * 1024)
#define TRIM_IDLE_MS	500

/* Until the event loop owns the signals, a stop request waits here. */
static volatile sig_atomic_t early_stop;

static void
docketd_early_signal(int sig)
{
	early_stop = sig;
}

static __attribute__((noreturn)) void
usage(int code)
{
	FILE *fp = code == 0 ? stdout : stderr;

	if (code != 0) {
		fprintf(fp, "docketd: see 'docketd -h'\n");
		exit(code);
	}
	fprintf(fp, "usage: docketd [-fhnv] [-c FILE] [-p PIDFILE] "
	    "[-r ROOT] [-u USER]\n"
	    "  -f          stay in the foreground, log to stderr\n"
	    "  -n          check the configuration and exit\n"
	    "  -v          verbose (debug) logging\n"
	    "  -c FILE     configuration file (default %s)\n"
	    "  -p PIDFILE  where a detached docketd writes its pid "
	    "(default ROOT/docketd.pid)\n"
	    "  -r ROOT     keep everything under ROOT (intake, spool, "
	    "quarantine, db, vault.git)\n"
	    "  -u USER     run as USER once the root is prepared\n"
	    "  -h, --help  this help\n"
	    "  --version   print the version and exit\n",
	    CONFIG_DEFAULT_FILE);
	exit(code);
}

/* The site's domain rules, or the built-in ones. */
static struct domains *
docketd_domains(const struct config *cf, char *err, size_t errlen)
{
	if (cf->domains[0] != '\0')
		return domains_load(cf->domains, err, errlen);
	return domains_load_buf(domains_default, "<built-in domains.conf>",
	    err, errlen);
}

/* The 索引号 code of an agency: its own, else [publish] code. */
static const char *
docketd_code(void *arg, const char *agency)
{
	struct docketd			*d = arg;
	const struct config_agency	*a;

	if (agency != NULL && (a = config_agency(&d->cf, agency)) != NULL &&
	    a->code[0] != '\0')
		return a->code;
	return d->cf.publish.code[0] != '\0' ? d->cf.publish.code : NULL;
}

/* The built-in holiday years, then those of [calendar] dir. */
static struct calendar *
docketd_calendar(const struct config *cf, char *err, size_t errlen)
{
	return calendar_open(cf->calendar_dir, !cf->calendar_dir_set, err,
	    errlen);
}

/* In December, say when next year's holiday file is missing: its
 * deadlines would be counted Monday to Friday.  At start and daily. */
static void
docketd_calendar_check(evutil_socket_t fd, short ev, void *arg)
{
	struct docketd	*d = arg;
	time_t		 now = time(NULL);
	struct tm	 tm;

	(void)fd;
	(void)ev;
	if (localtime_r(&now, &tm) == NULL || tm.tm_mon != 11 ||
	    calendar_has_year(d->cal, tm.tm_year + 1901))
		return;
	log_warnx("calendar: no holiday file for %d: deadlines in %d are "
	    "counted Monday to Friday until %d.conf (from the 国务院办公厅 "
	    "notice) is added to %s%s", tm.tm_year + 1901, tm.tm_year + 1901,
	    tm.tm_year + 1901, d->cf.calendar_dir[0] ? d->cf.calendar_dir :
	    d->cf.root, d->cf.calendar_dir[0] ? "" : "/holidays");
}

static void
docketd_batch_schedule(struct docketd *d, unsigned int ms)
{
	struct timeval tv;

	if (evtimer_pending(d->ev_batch, NULL))
		return;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(d->ev_batch, &tv);
}

/* A spool file whose read failed (EIO…), or an unreadable spool/, is
 * tried again after its backoff. */
static void
docketd_retry_schedule(struct docketd *d)
{
	int64_t ms = ingest_retry_ms(d->ing);

	if (ms >= 0)
		docketd_batch_schedule(d, (unsigned int)(ms + 10));
}

/* STATUS= for systemctl status: counts, and how the last batch went. */
static void
docketd_status(struct docketd *d, int handled, size_t left)
{
	MDB_txn	*txn;
	size_t	 records = 0;

	if (store_txn_read(d->st, &txn) == 0) {
		if (store_count_records(d->st, txn, &records) != 0)
			records = 0;
		store_txn_end(txn);
	}
	if (handled == -1)
		notify_status("%zu records; last batch failed, retrying in "
		    "%d s; %zu waiting in spool", records, RETRY_SECONDS, left);
	else if (d->ocr != NULL && ocrq_pending(d->ocr) > 0)
		notify_status("%zu records; last batch %d file(s); %zu waiting "
		    "in spool; %zu scan(s) queued or being read by OCR",
		    records, handled, left, ocrq_pending(d->ocr));
	else
		notify_status("%zu records; last batch %d file(s); %zu waiting "
		    "in spool", records, handled, left);
}

/*
 * After a batch: drop the pages of the index and the vault this process
 * still maps, and the heap's free memory (memtrim.c), so that private
 * memory stays flat whatever the size of the archive.
 */
static void
docketd_trim_heap(struct docketd *d, int heap)
{
	if (memtrim_watched(heap) == -1)
		log_debug("memtrim: /proc/self/maps: %s", strerror(errno));
	d->untrimmed = 0;
	if (d->ev_trim != NULL)
		evtimer_del(d->ev_trim);
}

static void
docketd_trim(struct docketd *d)
{
	docketd_trim_heap(d, 1);
}

static void
docketd_trim_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	docketd_trim(arg);
}

/* After a batch: memtrim now when memory grew by TRIM_GROWTH or
 * TRIM_BATCHES passed without one, else once the spool is drained and
 * stays quiet for TRIM_IDLE_MS. */
static void
docketd_trim_after_batch(struct docketd *d, size_t left)
{
	struct timeval	tv = { TRIM_IDLE_MS / 1000,
	    (TRIM_IDLE_MS % 1000) * 1000 };

	if (++d->untrimmed >= TRIM_BATCHES || d->ev_trim == NULL ||
	    memtrim_grown())
		docketd_trim_heap(d, left == 0);
	else if (left == 0)
		evtimer_add(d->ev_trim, &tv);	/* re-armed by each batch */
	else
		evtimer_del(d->ev_trim);
}

/* memtrim's directories: the real paths of the index and the vault (one
 * that cannot be resolved is left out). */
static void
docketd_trim_watch(struct docketd *d)
{
	const char	*paths[2] = { d->cf.db, d->cf.vault }, *dirs[2];
	char		 real[2][PATH_MAX];
	size_t		 i, n = 0;

	for (i = 0; i < 2; i++)
		if (realpath(paths[i], real[n]) != NULL) {
			dirs[n] = real[n];
			n++;
		}
	memtrim_watch(dirs, n, TRIM_GROWTH);
}

static void
docketd_batch_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct docketd	*d = arg;
	size_t		 left;
	int		 n;

	n = ingest_run(d->ing, &left);
	docketd_status(d, n, left);
	docketd_trim_after_batch(d, n == -1 ? 0 : left);
	if (n == -1) {
		log_warnx("batch failed; retrying in %d s", RETRY_SECONDS);
		docketd_batch_schedule(d, RETRY_SECONDS * 1000);
	} else if (left > 0)
		docketd_batch_schedule(d, 0);
	docketd_retry_schedule(d);
}

/* An OCR worker ended: its document (or its reason) is ready. */
static void
docketd_ocr_done(void *arg)
{
	struct docketd *d = arg;

	if (d->ev_batch != NULL)
		docketd_batch_schedule(d, 0);
}

/* The index broke (MDB_PANIC): the next batch reopens and replays it. */
void
docketd_store_broken(void *arg)
{
	struct docketd *d = arg;

	if (d->ev_batch != NULL)
		docketd_batch_schedule(d, RETRY_SECONDS * 1000);
}

/* After a batch: what it stored may already be due (a valid_until in the
 * past, a repeal), and due dates may have moved. */
static void
docketd_changed(void *arg)
{
	struct docketd *d = arg;

	if (d->sched != NULL)
		schedule_kick(d->sched);
}

static void
docketd_site_env(struct docketd *d, struct site_env *e)
{
	e->cf = &d->cf;
	e->st = d->st;
	e->vt = d->vt;
	e->domains = d->domains;
	e->neg = neglist_active();
}

/*
 * The static site follows the index: after every commit (and at start)
 * the sync runs from the loop, never inside the change.  A failure is
 * logged and tried again (5 s doubling to 5 min); intake goes on.
 */
static void
docketd_site_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct docketd	*d = arg;
	struct site_env	 e;
	struct timeval	 tv = { 0, 0 };
	char		 err[512];
	int		 n;

	(void)fd;
	(void)ev;
	if (d->cf.publish.dir[0] == '\0' || d->st == NULL)
		return;
	docketd_site_env(d, &e);
	if (d->site_rebuild) {
		n = site_rebuild(&e, NULL, NULL, err, sizeof(err));
		if (n >= 0)
			d->site_rebuild = 0;
	} else
		n = site_sync(&e, err, sizeof(err));
	if (n == -1) {
		d->site_retry = d->site_retry ? d->site_retry * 2 :
		    RETRY_SECONDS;
		if (d->site_retry > 300)
			d->site_retry = 300;
		log_warnx("site %s: %s; trying again in %u s",
		    d->cf.publish.dir, err, d->site_retry);
		(void)site_note_error(&e, err);
		tv.tv_sec = d->site_retry;
		evtimer_add(d->ev_site, &tv);
		return;
	}
	if (d->site_retry != 0)
		log_info("site %s: in step again", d->cf.publish.dir);
	d->site_retry = 0;
	if (n > 0)
		log_debug("site: %d file(s) written or removed", n);
}

/* A commit happened (change.c): the site's sync comes next. */
void
docketd_site_kick(void *arg)
{
	struct docketd	*d = arg;
	struct timeval	 tv = { 0, 0 };

	if (d->ev_site == NULL || d->cf.publish.dir[0] == '\0' ||
	    d->site_retry != 0)
		return;
	evtimer_add(d->ev_site, &tv);
}

/* After every change_commit: the site follows. */
static void
docketd_committed(void *arg)
{
	struct docketd	*d = arg;

	docketd_site_kick(d);
}

/* The full-text index follows each commit in the committer
 * (search_feed.c), from the texts ingest staged. */
static void
docketd_index_text(void *arg, const char *id, const char *sha,
    const char *text, size_t len)
{
	search_feed_text(((struct docketd *)arg)->feed, id, sha, text, len);
}

static void
docketd_index_commit(void *arg, const char *parent, const char *commit,
    json_t *recs)
{
	struct docketd	*d = arg;

	search_feed_commit(d->feed, d->st, d->vt, parent, commit, recs);
}

static void
docketd_index_before(void *arg)
{
	search_feed_wait(((struct docketd *)arg)->feed);
}

/* docketctl publish --rebuild / --status. */
static json_t *
docketd_publish(void *arg, const char *cmd, char *err, size_t errlen)
{
	struct docketd	*d = arg;
	struct site_env	 e;
	char		 why[512];
	int		 n;

	docketd_site_env(d, &e);
	if (strcmp(cmd, CONTROL_CMD_PUBLISH_STATUS) == 0)
		return site_status(&e, err, errlen);
	if ((n = site_rebuild(&e, NULL, NULL, why, sizeof(why))) < 0) {
		/* docketctl prints it as it is: the same words as its own
		 * rebuild on a stopped docketd. */
		snprintf(err, errlen, "重建公开网站失败：%s", why);
		return NULL;
	}
	d->site_retry = 0;
	d->site_rebuild = 0;
	return json_pack("{s:s, s:i}", "dir", d->cf.publish.dir, "documents",
	    n);
}

static void
docketd_ready(void *arg)
{
	struct docketd *d = arg;

	docketd_batch_schedule(d, d->cf.batch_ms);
}

static void
docketd_reload(struct docketd *d)
{
	struct config	 nc;
	struct domains	*nd;
	struct neglist	*nnl;
	struct calendar	*ncal;
	char		 err[512];

	if (config_load_daemon(&nc, d->cfile, d->root, err, sizeof(err)) ==
	    -1) {
		log_warnx("reload refused, the old configuration stays: %s",
		    err);
		return;
	}
	if ((nd = docketd_domains(&nc, err, sizeof(err))) == NULL) {
		log_warnx("reload refused, the old configuration stays: "
		    "domains: %s", err);
		config_free(&nc);
		return;
	}
	if ((nnl = neglist_open(nc.negative_list, err, sizeof(err))) ==
	    NULL) {
		log_warnx("reload refused, the old configuration stays: "
		    "negative list: %s", err);
		domains_free(nd);
		config_free(&nc);
		return;
	}
	if ((ncal = docketd_calendar(&nc, err, sizeof(err))) == NULL) {
		log_warnx("reload refused, the old configuration stays: "
		    "calendar: %s", err);
		neglist_free(nnl);
		domains_free(nd);
		config_free(&nc);
		return;
	}
	if (strcmp(nc.intake, d->cf.intake) || strcmp(nc.spool, d->cf.spool) ||
	    strcmp(nc.db, d->cf.db) || strcmp(nc.vault, d->cf.vault) ||
	    strcmp(nc.quarantine, d->cf.quarantine))
		log_warnx("reload: changed paths take effect after a restart");
	d->cf.rescan = nc.rescan;
	d->cf.settle_ms = nc.settle_ms;
	d->cf.max_size = nc.max_size;
	d->cf.batch_max = nc.batch_max;
	d->cf.batch_ms = nc.batch_ms;
	memcpy(d->cf.tools, nc.tools, sizeof(nc.tools));
	d->cf.ntools = nc.ntools;
	d->cf.tool_timeout_ms = nc.tool_timeout_ms;
	d->cf.max_text = nc.max_text;
	memcpy(d->cf.domains, nc.domains, sizeof(nc.domains));
	memcpy(d->cf.negative_list, nc.negative_list,
	    sizeof(nc.negative_list));
	neglist_set_active(nnl);
	neglist_free(d->neglist);
	d->neglist = nnl;
	memcpy(d->cf.calendar_dir, nc.calendar_dir, sizeof(nc.calendar_dir));
	d->cf.calendar_dir_set = nc.calendar_dir_set;
	calendar_free(d->cal);
	d->cal = ncal;
	d->site.cal = ncal;
	d->dk.cal = ncal;
	memcpy(d->cf.admin_group, nc.admin_group, sizeof(nc.admin_group));
	d->cf.review = nc.review;
	d->cf.classified_refuse = nc.classified_refuse;
	memcpy(d->cf.cleanup_schedule, nc.cleanup_schedule,
	    sizeof(nc.cleanup_schedule));
	d->cf.cleanup_catchup = nc.cleanup_catchup;
	d->cf.apply = nc.apply;
	/* The site's name, address or codes changed: every page changes. */
	if (memcmp(&nc.publish, &d->cf.publish, sizeof(nc.publish)) != 0) {
		if (strcmp(nc.publish.dir, d->cf.publish.dir) != 0)
			log_info("reload: [publish] dir is now %s",
			    nc.publish.dir[0] ? nc.publish.dir : "(none)");
		d->cf.publish = nc.publish;
		d->site_rebuild = 1;
		d->site_retry = 0;
		docketd_site_kick(d);
	}
	if (d->ctl != NULL)
		control_set_admin_group(d->ctl, d->cf.admin_group);
	if (d->sched != NULL && schedule_reload(d->sched, err,
	    sizeof(err)) == -1)
		log_warnx("reload: cleanup schedule: %s", err);
	config_take_mail(&d->cf, &nc);
	if (d->mailer != NULL)
		mailer_reload(d->mailer);
	ingest_set_domains(d->ing, nd);
	domains_free(d->domains);
	d->domains = nd;
	intake_reconfigure(d->in);
	log_info("configuration reloaded");
}

static void
docketd_watchdog_cb(evutil_socket_t fd, short ev, void *arg)
{
	notify_watchdog();
}

static void
docketd_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct docketd *d = arg;

	switch (sig) {
	case SIGTERM:
	case SIGINT:
		log_info("signal %d: exiting", (int)sig);
		notify_stopping();
		event_base_loopexit(d->base, NULL);
		break;
	case SIGHUP:
		docketd_reload(d);
		break;
	}
}

/*
 * Start-up: what a previous run claimed (spool/) is stored first, one
 * batch per turn of the event loop, so that the control socket answers
 * meanwhile (recovery has run before: docketd answers only from a
 * consistent index).  The event has the lowest priority: a request that
 * came during a batch is served before the next one.  intake/ is read
 * once spool/ is done, or once a batch failed (e.g. a full disk: the
 * batch timer retries), so that what was claimed before still comes first.
 */
#define DOCKETD_PRIORITIES	3	/* events default to 1 (n / 2) */
static struct event *docketd_drain_ev;

static void
docketd_drain_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct docketd	*d = arg;
	size_t		 left;
	int		 n;

	notify_status("start-up: storing the files left in spool/");
	n = ingest_run(d->ing, &left);
	docketd_status(d, n, left);
	/* Through the timers (not event_active): the next turn polls the
	 * socket first. */
	if (n != -1 && left > 0 &&
	    evtimer_add(docketd_drain_ev, (&(struct timeval){ 0, 0 })) == 0)
		return;
	if (n == -1) {
		log_warnx("spool/ could not be processed at start-up; "
		    "retrying every %d s", RETRY_SECONDS);
		docketd_batch_schedule(d, RETRY_SECONDS * 1000);
	} else if (left > 0)
		docketd_batch_schedule(d, 0);
	log_debug("start-up: spool/ done, reading intake/");
	intake_start(d->in);
	docketd_retry_schedule(d);
	docketd_trim(d);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct docketd	 d;
	static struct change_index_hook index_hook = { docketd_index_text,
	    docketd_index_commit, NULL, docketd_index_before };
	struct event	*ev_term, *ev_int, *ev_hup;
	char		 err[512];
	const char	*user = NULL;
	size_t		 left;
	FILE		*fp;
	int		 ch, rc, foreground = 0, verbose = 0, check = 0;

	/* A merge of the vault's packs that docketd spawned
	 * (vault_repack.c): nothing else of docketd runs. */
	if (argc > 1 && strcmp(argv[1], VAULT_REPACK_ARG) == 0)
		return vault_repack_main(argc, argv);
	/* One out-of-memory policy, jansson's allocations included. */
	xalloc_install_jansson();
	memset(&d, 0, sizeof(d));
	while ((ch = getopt_long(argc, argv, "c:fhnp:r:u:v", longopts, NULL))
	    != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			exit(0);
		case 'c':
			d.cfile = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			if (snprintf(d.pidfile, sizeof(d.pidfile), "%s",
			    optarg) >= (int)sizeof(d.pidfile))
				usage(2);
			break;
		case 'u':
			user = optarg;
			break;
		case 'r':
			d.root = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	log_init(1, verbose, "docketd");
	umask(027);
	if (config_load_daemon(&d.cf, d.cfile, d.root, err, sizeof(err)) == -1)
		fatalx("configuration: %s", err);
	if ((d.domains = docketd_domains(&d.cf, err, sizeof(err))) == NULL)
		fatalx("domains: %s", err);
	if ((d.neglist = neglist_open(d.cf.negative_list, err,
	    sizeof(err))) == NULL)
		fatalx("negative list: %s", err);
	neglist_set_active(d.neglist);
	if ((d.cal = docketd_calendar(&d.cf, err, sizeof(err))) == NULL)
		fatalx("calendar: %s", err);
	d.dk.cal = d.cal;
	/* The public catalog: every change publishes what may be public. */
	d.site.cal = d.cal;
	d.site.code = docketd_code;
	d.site.arg = &d;
	change_set_site(&d.site);
	if (check) {
		printf("docketd: configuration %s is valid; root %s, intake %s\n",
		    d.cf.file[0] ? d.cf.file : "(defaults)", d.cf.root,
		    d.cf.intake);
		domains_free(d.domains);
		neglist_set_active(NULL);
		neglist_free(d.neglist);
		calendar_free(d.cal);
		config_free(&d.cf);
		return 0;
	}
	if (setup_user(user, &d.user, err, sizeof(err)) == -1 ||
	    setup_dirs(&d.cf, &d.user, err, sizeof(err)) == -1)
		fatalx("%s", err);
	docketd_lock(&d);
	/* docketctl -r ROOT reads the file this docketd reads. */
	if (config_record(&d.cf, err, sizeof(err)) == -1)
		log_warnx("configuration record: %s", err);
	if (!foreground) {
		if (d.pidfile[0] == '\0' && snprintf(d.pidfile,
		    sizeof(d.pidfile), "%s/docketd.pid", d.cf.root) >=
		    (int)sizeof(d.pidfile))
			fatalx("pidfile path too long");
		if (daemon(0, 0) == -1)
			fatal("daemon");
		log_init(0, verbose, "docketd");
		/* flock survives fork; record the daemon's pid */
		snprintf(err, sizeof(err), "%ld\n", (long)getpid());
		if (ftruncate(d.lockfd, 0) == -1 ||
		    pwrite(d.lockfd, err, strlen(err), 0) == -1)
			log_warn("write pid to %s", d.cf.lock);
		if ((fp = fopen(d.pidfile, "w")) == NULL)
			fatal("pidfile %s", d.pidfile);
		fprintf(fp, "%ld\n", (long)getpid());
		if (fclose(fp) == EOF)
			fatal("pidfile %s", d.pidfile);
		setup_chown(d.pidfile, &d.user);
	} else
		d.pidfile[0] = '\0';
	if (setup_drop(&d.user, err, sizeof(err)) == -1)
		fatalx("%s", err);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, docketd_early_signal);
	signal(SIGINT, docketd_early_signal);
	signal(SIGHUP, docketd_early_signal);

	/* LMDB and libgit2 are opened after any fork. */
	if (vault_opts_apply(err, sizeof(err)) == -1)
		log_warnx("%s", err);
	{
		char	exe[PATH_MAX];
		ssize_t	l = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		/* merges spawned from this binary; else forked */
		if (l > 0 && (size_t)l < sizeof(exe) - 1) {
			exe[l] = '\0';
			vault_repack_set_exe(exe);
		}
	}
	docketd_clear_git_locks(&d);
	docketd_vault_gc(&d);
	/* Notes of full names whose claim a crash cut short (spoolmeta.c). */
	if ((rc = spoolmeta_prune(d.cf.spool)) > 0)
		log_info("removed %d stale name note(s) in %s/.meta", rc,
		    d.cf.spool);
	else if (rc == -1)
		log_warn("cannot read %s/.meta", d.cf.spool);
	if (vault_open(&d.vt, d.cf.vault, 1, err, sizeof(err)) == -1)
		fatalx("vault: %s", err);
	d.dk.cf = &d.cf;
	d.dk.vt = d.vt;
	if ((rc = store_open(&d.st, d.cf.db, 0, d.cf.map_size, err,
	    sizeof(err))) == -2) {
		/* An index of another schema: it is derived, rebuild it. */
		log_info("store: %s; rebuilding the index from the vault", err);
		if (docketd_reindex(&d, NULL, NULL, err, sizeof(err)) < 0)
			fatalx("rebuilding the index: %s", err);
	} else if (rc == -1)
		fatalx("store: %s", err);
	d.dk.st = d.st;
	docketd_trim_watch(&d);
	store_on_broken(d.st, docketd_store_broken, &d);
	if ((d.ing = ingest_new(&d.cf, d.st, d.vt)) == NULL)
		fatalx("out of memory");
	ingest_set_domains(d.ing, d.domains);
	if ((d.ocr = ocrq_new(&d.cf, err, sizeof(err))) == NULL)
		fatalx("ocr: %s", err);
	ingest_set_ocr(d.ing, d.ocr);
	if (ingest_recover(d.ing) == -1)
		fatalx("recovery failed: the vault and the index disagree; "
		    "see the messages above");
	if (apply_cmd_recover(&d.dk, 0, err, sizeof(err)) < 0)
		fatalx("recovery failed: applications: %s", err);
	/* Public records from before the catalog: their 索引号, once. */
	if (publish_backfill(d.st, d.vt, err, sizeof(err)) == -1)
		log_warnx("catalog: %s; tried again at the next start", err);

	/* What a previous run claimed is stored from the event loop
	 * (docketd_drain_cb), with the control socket already open. */
	left = 0;
	if (early_stop == SIGTERM || early_stop == SIGINT) {
		log_info("signal %d during start-up: exiting", (int)early_stop);
		ocrq_free(d.ocr);
		store_close(d.st);
		vault_close(d.vt);
		return 0;
	}

	if ((d.base = event_base_new()) == NULL ||
	    event_base_priority_init(d.base, DOCKETD_PRIORITIES) == -1)
		fatalx("event_base_new");
	d.ev_batch = evtimer_new(d.base, docketd_batch_cb, &d);
	d.ev_trim = evtimer_new(d.base, docketd_trim_cb, &d);
	d.ev_site = evtimer_new(d.base, docketd_site_cb, &d);
	d.search = search_proc_new(d.base, d.cf.db, d.cf.vault);
	d.feed = search_feed_new(d.base, d.cf.db, d.cf.vault, d.search);
	index_hook.arg = &d;
	change_on_index(&index_hook);
	change_on_commit(docketd_committed, &d);
	/* A site behind the index (a crash mid-sync, a commit while docketd
	 * was down, a new [publish] dir) catches up first; so does the
	 * full-text index (or it is built, when missing or damaged). */
	docketd_site_kick(&d);
	search_proc_kick(d.search);
	ocrq_attach(d.ocr, d.base, docketd_ocr_done, &d);
	ev_term = evsignal_new(d.base, SIGTERM, docketd_signal, &d);
	ev_int = evsignal_new(d.base, SIGINT, docketd_signal, &d);
	ev_hup = evsignal_new(d.base, SIGHUP, docketd_signal, &d);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_hup, NULL);
	if ((d.in = intake_new(d.base, &d.cf, docketd_ready, &d)) == NULL)
		fatalx("out of memory");
	/* The clock catches up on what fell due while docketd was down. */
	if ((d.sched = schedule_new(d.base, &d.dk, err, sizeof(err))) == NULL)
		fatalx("schedule: %s", err);
	if ((d.mailer = mailer_new(d.base, &d.dk, err, sizeof(err))) == NULL)
		fatalx("mailer: %s", err);
	/* Every commit that moves main wakes the mirrors (in the background). */
	if ((d.mirror = mirror_new(d.base, &d.cf, err, sizeof(err))) == NULL)
		fatalx("mirror: %s", err);
	vault_on_commit(d.vt, mirror_kick, NULL);
	d.dk.after_cleanup = mailer_after_cleanup;
	d.dk.after_cleanup_arg = d.mailer;
	schedule_kick(d.sched);
	ingest_on_change(d.ing, docketd_changed, &d);
	d.cmd.d = &d.dk;
	d.cmd.sched = d.sched;
	d.cmd.mailer = d.mailer;
	d.cmd.reindex = docketd_reindex;
	d.cmd.reindex_arg = &d;
	d.cmd.publish = docketd_publish;
	d.cmd.publish_arg = &d;
	if ((d.ctl = control_new(d.base, d.cf.sock, d.cf.admin_group,
	    command_handle, &d.cmd, err, sizeof(err))) == NULL)
		fatalx("control socket: %s", err);
	d.cmd.ctl = d.ctl;
	log_info("docketd started on %s (intake %s)", d.cf.root, d.cf.intake);
	if ((docketd_drain_ev = evtimer_new(d.base, docketd_drain_cb,
	    &d)) == NULL ||
	    event_priority_set(docketd_drain_ev, DOCKETD_PRIORITIES - 1) ||
	    evtimer_add(docketd_drain_ev, (&(struct timeval){ 0, 0 })))
		fatalx("start-up: cannot schedule spool/");
	d.apin = apply_intake_new(d.base, &d.dk);
	apply_intake_scan(d.apin);
	docketd_retry_schedule(&d);
	if (notify_watchdog_ms() > 0) {
		struct timeval tv;

		tv.tv_sec = (time_t)(notify_watchdog_ms() / 1000);
		tv.tv_usec = (suseconds_t)(notify_watchdog_ms() % 1000) * 1000;
		d.ev_watchdog = event_new(d.base, -1, EV_PERSIST,
		    docketd_watchdog_cb, &d);
		event_add(d.ev_watchdog, &tv);
	}
	docketd_calendar_check(-1, 0, &d);
	{
		struct timeval day = { 86400, 0 };

		d.ev_calendar = event_new(d.base, -1, EV_PERSIST,
		    docketd_calendar_check, &d);
		event_add(d.ev_calendar, &day);
	}
	docketd_status(&d, 0, left);
	docketd_trim(&d);
	notify_ready();

	event_base_dispatch(d.base);

	control_free(d.ctl);
	schedule_free(d.sched);
	mailer_free(d.mailer);
	mirror_free(d.mirror);
	intake_free(d.in);
	apply_intake_free(d.apin);
	if (d.ev_watchdog != NULL)
		event_free(d.ev_watchdog);
	if (d.ev_calendar != NULL)
		event_free(d.ev_calendar);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	event_free(d.ev_batch);
	event_free(d.ev_trim);
	d.ev_trim = NULL;
	change_on_commit(NULL, NULL);
	event_free(d.ev_site);
	change_on_index(NULL);
	search_feed_free(d.feed);
	search_proc_free(d.search);
	event_base_free(d.base);
	ingest_free(d.ing);
	ocrq_free(d.ocr);
	domains_free(d.domains);
	neglist_set_active(NULL);
	neglist_free(d.neglist);
	calendar_free(d.cal);
	store_close(d.st);
	vault_close(d.vt);
	config_free(&d.cf);
	if (d.pidfile[0] != '\0')
		unlink(d.pidfile);
	log_info("docketd stopped");
	return 0;
}
