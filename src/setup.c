/*
 * setup: prepare and check the root, and drop privileges.
 *
 * Every check names the path and the reason, at start-up, in the
 * terminal: a daemon that only discovers in its first batch that it
 * cannot rename from intake/ to spool/ (EXDEV) or write its vault has
 * already detached and gone quiet.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "setup.h"

int
setup_user(const char *name, struct setup_user *u, char *err, size_t errlen)
{
	struct passwd	*pw;

	memset(u, 0, sizeof(*u));
	if (name == NULL)
		return 0;
	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		snprintf(err, errlen, "-u %s: no such user%s%s", name,
		    errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	if (geteuid() != 0 && pw->pw_uid != geteuid()) {
		snprintf(err, errlen, "-u %s: only root can change to another "
		    "user", name);
		return -1;
	}
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->set = 1;
	return 0;
}

int
setup_chown(const char *path, const struct setup_user *u)
{
	if (u == NULL || !u->set || geteuid() != 0)
		return 0;
	return lchown(path, u->uid, u->gid);
}

static int
setup_mkdir(const char *path, mode_t mode, const struct setup_user *u,
    char *err, size_t errlen)
{
	char	buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		int last = *p == '\0';

		*p = '\0';
		if (mkdir(buf, mode) == 0) {
			if (setup_chown(buf, u) == -1) {
				snprintf(err, errlen, "%s: chown to %s: %s",
				    buf, u->name, strerror(errno));
				return -1;
			}
		} else if (errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create: %s", buf,
			    strerror(errno));
			return -1;
		}
		if (last)
			break;
		*p = '/';
	}
	return 0;
}

/* The directory must be writable by whoever docketd will run as. */
static int
setup_writable(const char *path, const struct setup_user *u, char *err,
    size_t errlen)
{
	struct stat	sb;
	uid_t		uid = (u != NULL && u->set) ? u->uid : geteuid();
	int		ok;

	if (stat(path, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", path);
		return -1;
	}
	if (u == NULL || !u->set)
		ok = access(path, W_OK | X_OK) == 0;
	else	/* we are root now; judge for the user we become */
		ok = uid == 0 || (sb.st_uid == uid && (sb.st_mode & S_IWUSR)) ||
		    (sb.st_gid == u->gid && (sb.st_mode & S_IWGRP)) ||
		    (sb.st_mode & S_IWOTH);
	if (ok)
		return 0;
	snprintf(err, errlen, "%s: not writable by uid %u (owner uid %u, "
	    "mode %03o)", path, (unsigned)uid, (unsigned)sb.st_uid,
	    (unsigned)(sb.st_mode & 0777));
	return -1;
}

/* State that another user owns would fail half-way (git and LMDB create
 * files inside); refuse it up front. */
static int
setup_owner(const char *path, const struct setup_user *u, char *err,
    size_t errlen)
{
	struct stat	sb;
	uid_t		uid = (u && u->set) ? u->uid : geteuid();

	if (stat(path, &sb) == -1)
		return errno == ENOENT ? 0 : -1;
	if (sb.st_uid != uid) {
		snprintf(err, errlen, "%s is owned by uid %u, but docketd "
		    "runs as uid %u", path, (unsigned)sb.st_uid,
		    (unsigned)uid);
		return -1;
	}
	return 0;
}

#define SETUP_PROBE	".docketd-probe."

/*
 * Is the docketd that made probe file NAME gone?  A probe lives for the
 * instant of setup_probe; one left behind is a kill -9's.  The probe of a
 * live docketd starting beside us (it will lose the root's lock, but must
 * not fail its probe first) is left alone; our own pid's is stale (pids
 * are reused, e.g. pid 1 in a container), and so is a live process that
 * is not a docketd.
 */
static int
setup_probe_stale(const char *name)
{
	char	*end, path[64], comm[64];
	long	 pid;
	FILE	*fp;
	int	 stale = 0;

	errno = 0;
	pid = strtol(name + strlen(SETUP_PROBE), &end, 10);
	if (errno != 0 || *end != '\0' || pid <= 0 || pid == (long)getpid())
		return 1;
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if ((fp = fopen(path, "re")) != NULL) {
		if (fgets(comm, sizeof(comm), fp) != NULL) {
			comm[strcspn(comm, "\n")] = '\0';
			stale = strcmp(comm, "docketd") != 0 &&
			    strncmp(comm, "lt-docketd", 10) != 0;
		}
		fclose(fp);
	}
	return stale;
}

/* Remove the probe files a killed docketd left in dir (intake never
 * takes dot-names, but they would pile up); each removal is logged. */
static void
setup_clear_probes(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, SETUP_PROBE, strlen(SETUP_PROBE)) != 0 ||
		    !setup_probe_stale(de->d_name))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			log_info("removed stale %s", path);
	}
	closedir(d);
}

/* Rename a probe file from one directory to the other. */
static int
setup_probe(const char *from, const char *to, const struct setup_user *u,
    char *err, size_t errlen)
{
	char	src[PATH_MAX], dst[PATH_MAX];
	int	fd, saved;

	snprintf(src, sizeof(src), "%s/" SETUP_PROBE "%ld", from,
	    (long)getpid());
	snprintf(dst, sizeof(dst), "%s/" SETUP_PROBE "%ld", to,
	    (long)getpid());
	if ((fd = open(src, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		snprintf(err, errlen, "%s: cannot create a file: %s", from,
		    strerror(errno));
		return -1;
	}
	close(fd);
	if (rename(src, dst) == -1) {
		saved = errno;
		unlink(src);
		snprintf(err, errlen, "%s -> %s: rename fails (%s)%s", from, to,
		    strerror(saved), saved == EXDEV ? ": they must be on one "
		    "file system (and one mount)" : "");
		return -1;
	}
	unlink(dst);
	(void)u;
	return 0;
}

int
setup_dirs(const struct config *cf, const struct setup_user *u, char *err,
    size_t errlen)
{
	const char	*dirs[] = { cf->root, cf->intake, cf->spool,
	    cf->quarantine };
	size_t		 i;

	char		 sockdir[PATH_MAX], *slash;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (setup_mkdir(dirs[i], 0750, u, err, errlen) == -1 ||
		    setup_writable(dirs[i], u, err, errlen) == -1)
			return -1;
	/* The control socket's directory: made 0750 when missing, so it is
	 * not open to others (an existing one is left as it is). */
	snprintf(sockdir, sizeof(sockdir), "%s", cf->sock);
	if ((slash = strrchr(sockdir, '/')) != NULL && slash != sockdir) {
		*slash = '\0';
		if (setup_mkdir(sockdir, 0750, u, err, errlen) == -1 ||
		    setup_writable(sockdir, u, err, errlen) == -1)
			return -1;
	}
	/* Files move intake -> spool -> quarantine by rename: try it.  A
	 * shared st_dev is not enough (bind mounts, as systemd's
	 * ReadWritePaths= makes, give EXDEV too).  First the probes a kill
	 * left behind. */
	setup_clear_probes(cf->intake);
	setup_clear_probes(cf->spool);
	setup_clear_probes(cf->quarantine);
	if (setup_probe(cf->intake, cf->spool, u, err, errlen) == -1 ||
	    setup_probe(cf->spool, cf->quarantine, u, err, errlen) == -1)
		return -1;
	if (setup_owner(cf->vault, u, err, errlen) == -1 ||
	    setup_owner(cf->db, u, err, errlen) == -1)
		return -1;
	return 0;
}

int
setup_drop(const struct setup_user *u, char *err, size_t errlen)
{
	if (u == NULL || !u->set || geteuid() == u->uid)
		return 0;
	if (initgroups(u->name, u->gid) == -1 || setgid(u->gid) == -1 ||
	    setuid(u->uid) == -1) {
		snprintf(err, errlen, "dropping privileges to %s: %s", u->name,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		snprintf(err, errlen, "dropping privileges to %s: root could "
		    "be regained", u->name);
		return -1;
	}
	return 0;
}
