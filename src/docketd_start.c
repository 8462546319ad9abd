/*
 * docketd_start: the checks on the root before docketd opens anything.
 * It takes the root's lock (a second docketd on the same root exits
 * naming the first one's pid), then, under that lock, removes the lock
 * files a crashed libgit2 left in the vault and the packs a kill left
 * that no ref reaches (vault_gc.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "docketd_impl.h"
#include "log.h"
#include "setup.h"
#include "vault_gc.h"

void
docketd_lock(struct docketd *d)
{
	char	buf[32];
	ssize_t	n;
	int	tries;

	d->lockfd = open(d->cf.lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (d->lockfd == -1)
		fatal("%s", d->cf.lock);
	if (setup_chown(d->cf.lock, &d->user) == -1)
		fatal("chown %s", d->cf.lock);
	/* docketctl status holds a shared lock for an instant: retry. */
	for (tries = 0; flock(d->lockfd, LOCK_EX | LOCK_NB) == -1 &&
	    errno == EWOULDBLOCK && tries < 20; tries++)
		usleep(50 * 1000);
	if (flock(d->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK) {
			n = pread(d->lockfd, buf, sizeof(buf) - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			fatalx("another docketd (pid %s) is already running "
			    "on %s", buf[0] ? buf : "?", d->cf.root);
		}
		fatal("lock %s", d->cf.lock);
	}
	snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(d->lockfd, 0) == -1 ||
	    pwrite(d->lockfd, buf, strlen(buf), 0) == -1)
		log_warn("write pid to %s", d->cf.lock);
}

/* Lock files a crashed libgit2 left behind; we hold the root's flock, so
 * nobody else is writing the vault. */
void
docketd_clear_git_locks(struct docketd *d)
{
	static const char	*locks[] = {
		"refs/heads/main.lock", "HEAD.lock", "packed-refs.lock",
		"config.lock", "index.lock"
	};
	char			 path[PATH_MAX + 64];
	size_t			 i;

	for (i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d->cf.vault, locks[i]);
		if (unlink(path) == 0)
			log_info("removed stale %s", path);
	}
}

/* Packs a kill left that no ref reaches (vault_gc.c); before the vault
 * is opened, under the root's lock.  A failure removes nothing and does
 * not stop the start: garbage is harmless, only untidy. */
void
docketd_vault_gc(struct docketd *d)
{
	struct vault_gc_stats	st;
	char			err[512];

	if (vault_gc_packs(d->cf.vault, &st, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return;
	}
	if (st.removed > 0 || st.orphans > 0)
		log_info("vault gc: %zu of %zu pack(s) removed (no ref "
		    "reaches them), %zu leftover file(s)", st.removed,
		    st.packs, st.orphans);
	if (st.kept_unknown > 0)
		log_info("vault gc: %zu unreachable-looking pack(s) kept: "
		    "more than one commit in them (not docketd's)",
		    st.kept_unknown);
}
