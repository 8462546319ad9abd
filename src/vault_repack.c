/*
 * vault_repack: a geometric repack of the vault's packs, in a forked
 * child (vault_repack.h).
 *
 * docketd writes one pack per commit (vault.c, packwrite.c), so without
 * a repack the packs grow with every batch, and with them what every
 * object lookup and every odb refresh costs.  After each commit the
 * parent looks at the packs of each group — main's, and the public
 * branch's (a commit whose message begins "site: ", vault_public.c),
 * merged apart so a site pack never holds main's objects — sorted by
 * object count, and when a group has VAULT_REPACK_MIN packs or more and
 * the counts are not a geometric progression of factor 2, the smallest
 * ones are merged (vault_repack_plan, as `git repack --geometric=2`).
 * Each object is then copied O(log n) times over the archive's life,
 * and a group holds O(log n) packs: some 20 at a million records.
 *
 * Up to VAULT_REPACK_SLOTS merges run at once, each in its own child
 * with its own manifest, over packs no other merge holds (rp_busy).  A
 * merge of the largest packs copies gigabytes at a million records and
 * takes minutes; with one child at a time every commit meanwhile added a
 * pack, and the vault held 80 and more until it ended.  The other slot
 * merges those small packs beside it.
 *
 * The merge itself, the manifest and the recovery are vault_merge.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exttool.h"
#include "log.h"
#include "packwrite.h"
#include "vault_repack.h"
#include "xalloc.h"

enum rp_group {
	RP_OTHER,	/* no commit at an end, a .keep: never merged */
	RP_MAIN,
	RP_SITE,
	RP_NGROUPS
};

struct rp_pack {
	char		name[PACKW_NAME];
	uint64_t	count;
	int64_t		mtime;		/* of the .pack, ns */
	int		group;
	int		last_commit;	/* its last entry is a commit */
	int		seen;
};

/* A merge under way: its child and its sources. */
struct rp_slot {
	pid_t		 pid;
	char		(*src)[PACKW_NAME];
	size_t		 nsrc;
};

/* docketd's own binary (vault_repack_set_exe), for argv[0]: merges are
 * spawned from /proc/self/exe, the running binary even once an upgrade
 * replaced or removed its file; without one (tests, other programs), or
 * where posix_spawn cannot close descriptors (glibc < 2.34), forked. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || \
    (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define RP_SPAWN	1
#else
#define RP_SPAWN	0
#endif
static char	rp_exe[PATH_MAX];

extern char	**environ;

struct vault_repack {
	char		 gitdir[PATH_MAX];
	struct rp_slot	 slot[VAULT_REPACK_SLOTS];
	struct rp_pack	*p;
	size_t		 np;
};

static uint32_t
rp_be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}


size_t
vault_repack_plan(const uint64_t *c, size_t n)
{
	size_t		i, k;
	uint64_t	sum;

	if (n < 2)
		return 0;
	/* From the largest down, the packs already in progression. */
	for (i = n - 1; i > 0 && c[i] >= 2 * c[i - 1]; i--)
		;
	if (i == 0)
		return 0;
	/* c[i] is too small beside c[i-1]: merge [0..i] */
	k = i + 1;
	for (i = 0, sum = 0; i < k; i++)
		sum += c[i];
	/* and the next while the merged pack would not be half of it */
	while (k < n && c[k] < 2 * sum)
		sum += c[k++];
	return k >= 2 ? k : 0;
}

/* --- the parent ----------------------------------------------------------- */

struct vault_repack *
vault_repack_new(const char *gitdir)
{
	struct vault_repack	*rp = xcalloc(1, sizeof(*rp));
	size_t			 l;

	snprintf(rp->gitdir, sizeof(rp->gitdir), "%s", gitdir);
	l = strlen(rp->gitdir);
	while (l > 1 && rp->gitdir[l - 1] == '/')
		rp->gitdir[--l] = '\0';
	return rp;
}

/*
 * The temporary pack of a merge killed above: nothing else writes one
 * now (docketd's own packs are finished or removed before their commit
 * returns), so every tmp_pack_ in objects/pack is the child's.  Left,
 * vault_gc would remove it at the next start.
 */
static void
rp_remove_tmp(const char *gitdir)
{
	char		 dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	DIR		*d;
	struct dirent	*de;

	snprintf(dir, sizeof(dir), "%s/objects/pack", gitdir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "tmp_pack_", 9) == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			(void)unlink(path);
		}
	closedir(d);
}

void
vault_repack_free(struct vault_repack *rp)
{
	int	s, killed = 0;

	if (rp == NULL)
		return;
	for (s = 0; s < VAULT_REPACK_SLOTS; s++) {
		if (rp->slot[s].pid > 0) {
			(void)kill(rp->slot[s].pid, SIGKILL);
			while (waitpid(rp->slot[s].pid, NULL, 0) == -1 &&
			    errno == EINTR)
				;
			killed = 1;
		}
		free(rp->slot[s].src);
	}
	if (killed)
		rp_remove_tmp(rp->gitdir);
	free(rp->p);
	free(rp);
}

/*
 * The object count and the ids of the first and the last entry (by
 * offset) of a pack, from its .idx read in pieces (a merged pack's .idx
 * may be a hundred megabytes: never read whole in docketd).  0 or -1;
 * an end not found stays zero (have[0]: last, have[1]: first).
 */
static int
rp_idx_ends(const char *path, uint64_t *count, unsigned char ends[2][20],
    int have[2])
{
	unsigned char	 hdr[8 + 1024], buf[65536];
	uint32_t	 n, i, k, o, ilast = 0, ifirst = 0, nlarge = 0;
	uint64_t	 max = 0;
	size_t		 chunk;
	int		 fd, rc = -1;

	have[0] = have[1] = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    memcmp(hdr, "\377tOc", 4) != 0 || rp_be32(hdr + 4) != 2)
		goto out;
	n = rp_be32(hdr + 8 + 255 * 4);
	*count = n;
	for (i = 0; i < n; i += k) {
		k = n - i < sizeof(buf) / 4 ? n - i : (uint32_t)(sizeof(buf) / 4);
		chunk = (size_t)k * 4;
		if (pread(fd, buf, chunk, (off_t)(sizeof(hdr) + (size_t)n * 24 +
		    (size_t)i * 4)) != (ssize_t)chunk)
			goto out;
		for (o = 0; o < k; o++) {
			uint32_t v = rp_be32(buf + (size_t)o * 4);

			if (v == 12) {
				ifirst = i + o;
				have[1] = 1;
			}
			if (v & 0x80000000U)
				nlarge++;
			else if (v >= max) {
				max = v;
				ilast = i + o;
				have[0] = 1;
			}
		}
	}
	/* Offsets past 2 GiB (past any small one): the largest in their
	 * table, then whose it is. */
	if (nlarge > 0) {
		uint64_t	lmax = 0, lv;
		uint32_t	li = 0;

		for (i = 0; i < nlarge; i += k) {
			k = nlarge - i < sizeof(buf) / 8 ? nlarge - i :
			    (uint32_t)(sizeof(buf) / 8);
			chunk = (size_t)k * 8;
			if (pread(fd, buf, chunk, (off_t)(sizeof(hdr) +
			    (size_t)n * 28 + (size_t)i * 8)) != (ssize_t)chunk)
				goto out;
			for (o = 0; o < k; o++) {
				lv = (uint64_t)rp_be32(buf + (size_t)o * 8) << 32 |
				    rp_be32(buf + (size_t)o * 8 + 4);
				if (lv >= lmax) {
					lmax = lv;
					li = i + o;
				}
			}
		}
		have[0] = 0;
		for (i = 0; i < n && !have[0]; i += k) {
			k = n - i < sizeof(buf) / 4 ? n - i :
			    (uint32_t)(sizeof(buf) / 4);
			chunk = (size_t)k * 4;
			if (pread(fd, buf, chunk, (off_t)(sizeof(hdr) +
			    (size_t)n * 24 + (size_t)i * 4)) != (ssize_t)chunk)
				goto out;
			for (o = 0; o < k; o++)
				if (rp_be32(buf + (size_t)o * 4) ==
				    (0x80000000U | li)) {
					ilast = i + o;
					have[0] = 1;
					break;
				}
		}
	}
	if ((have[0] && pread(fd, ends[0], 20, (off_t)(sizeof(hdr) +
	    (size_t)ilast * 20)) != 20) || (have[1] && pread(fd, ends[1], 20,
	    (off_t)(sizeof(hdr) + (size_t)ifirst * 20)) != 20))
		goto out;
	rc = 0;
out:
	close(fd);
	return rc;
}

/* Group and ends of a pack (read once per pack and process). */
static void
rp_classify(struct rp_pack *pk, const char *dir, git_repository *repo)
{
	char		 path[2 * PATH_MAX];
	unsigned char	 ends[2][20];
	int		 have[2], k;
	git_odb		*odb = NULL;
	git_odb_object	*obj;
	git_oid		 oid;

	pk->group = RP_OTHER;
	snprintf(path, sizeof(path), "%s/%s.keep", dir, pk->name);
	if (access(path, F_OK) == 0)
		return;
	snprintf(path, sizeof(path), "%s/%s.idx", dir, pk->name);
	if (rp_idx_ends(path, &pk->count, ends, have) == -1)
		return;
	if (git_repository_odb(&odb, repo) != 0)
		return;
	for (k = 0; k < 2 && pk->group == RP_OTHER; k++) {
		if (!have[k])
			continue;
		git_oid_fromraw(&oid, ends[k]);
		if (git_odb_read(&obj, odb, &oid) != 0)
			continue;
		if (git_odb_object_type(obj) == GIT_OBJECT_COMMIT) {
			const char	*d = git_odb_object_data(obj);
			size_t		 len = git_odb_object_size(obj);
			const char	*m = memmem(d, len, "\n\n", 2);

			pk->group = m != NULL && (size_t)(d + len - m) >= 8 &&
			    memcmp(m + 2, "site: ", 6) == 0 ? RP_SITE :
			    RP_MAIN;
			pk->last_commit = k == 0;
		}
		git_odb_object_free(obj);
	}
	git_odb_free(odb);
}

static struct rp_pack *
rp_find(struct vault_repack *rp, const char *name)
{
	size_t i;

	for (i = 0; i < rp->np; i++)
		if (strcmp(rp->p[i].name, name) == 0)
			return &rp->p[i];
	return NULL;
}

/* The pack list, classified; 0 or -1. */
static int
rp_scan(struct vault_repack *rp, const char *dir, git_repository *repo)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	struct rp_pack	*pk;
	char		 name[PACKW_NAME], path[2 * PATH_MAX];
	size_t		 i, j, len;

	if ((d = opendir(dir)) == NULL)
		return -1;
	for (i = 0; i < rp->np; i++)
		rp->p[i].seen = 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len != 5 + PACKW_HEXSZ + 4 ||
		    strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4),
		    de->d_name);
		if (!vault_repack_name_ok(name))
			continue;
		snprintf(path, sizeof(path), "%s/%s.pack", dir, name);
		if (stat(path, &sb) == -1)
			continue;
		if ((pk = rp_find(rp, name)) == NULL) {
			rp->p = xreallocarray(rp->p, rp->np + 1,
			    sizeof(*rp->p));
			pk = &rp->p[rp->np++];
			memset(pk, 0, sizeof(*pk));
			snprintf(pk->name, sizeof(pk->name), "%s", name);
			pk->mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
			    sb.st_mtim.tv_nsec;
			rp_classify(pk, dir, repo);
		}
		pk->seen = 1;
	}
	closedir(d);
	for (i = 0, j = 0; i < rp->np; i++)
		if (rp->p[i].seen)
			rp->p[j++] = rp->p[i];
	rp->np = j;
	return 0;
}

static int
rp_countcmp(const void *a, const void *b)
{
	const struct rp_pack	*x = *(const struct rp_pack *const *)a;
	const struct rp_pack	*y = *(const struct rp_pack *const *)b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
rp_agecmp(const void *a, const void *b)
{
	const struct rp_pack	*x = *(const struct rp_pack *const *)a;
	const struct rp_pack	*y = *(const struct rp_pack *const *)b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

static __attribute__((noreturn)) void
rp_child(const char *gitdir, int slot, char *const *names, size_t n,
    pid_t parent)
{
	sigset_t		none;
	char			err[1024];

	exttool_child_reset();
	/* docketd died before that: the root's lock must not outlive it */
	if (getppid() != parent)
		_exit(1);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	/* in the background: intake comes first */
	(void)setpriority(PRIO_PROCESS, 0, 10);
	if (vault_repack_merge_slot(gitdir, slot, names, n, err,
	    sizeof(err)) == -1) {
		log_warnx("vault repack: %s", err);
		_exit(1);
	}
	_exit(0);
}

/*
 * Start the merge as a new process: docketd's binary again, with
 * --repack-merge (vault_repack_main).  posix_spawn shares the address
 * space until the exec (vfork), so nothing of docketd is copied: a fork
 * write-protected every page of docketd's heap, and the committer then
 * took a copy-on-write fault on each page it wrote (10 % of its CPU at a
 * million records, with a merge every second or two), and the fork
 * handlers of the reader pool and the index thread held the committer
 * until their work in flight was done.  Descriptors from 3 up are closed,
 * every signal is at its default and unblocked, the child has its own
 * process group.  Its pid, or -1.
 */
static pid_t
rp_spawn(const char *gitdir, int slot, char *const *names, size_t n,
    pid_t parent)
{
#if RP_SPAWN
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none, all;
	char				 sslot[16], sparent[32], **argv;
	size_t				 i;
	pid_t				 pid = -1;
	int				 rc;

	snprintf(sslot, sizeof(sslot), "%d", slot);
	snprintf(sparent, sizeof(sparent), "%ld", (long)parent);
	argv = xcalloc(n + 7, sizeof(*argv));
	argv[0] = rp_exe;
	argv[1] = (char *)VAULT_REPACK_ARG;
	argv[2] = (char *)gitdir;
	argv[3] = sslot;
	argv[4] = sparent;
	argv[5] = (char *)(log_is_foreground() ? "stderr" : "syslog");
	for (i = 0; i < n; i++)
		argv[6 + i] = names[i];
	sigemptyset(&none);
	sigfillset(&all);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		free(argv);
		errno = rc;
		return -1;
	}
	if ((rc = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		free(argv);
		errno = rc;
		return -1;
	}
	if ((rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
	    O_RDONLY, 0)) == 0 &&
	    (rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0 &&
	    (rc = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (rc = posix_spawnattr_setsigdefault(&at, &all)) == 0 &&
	    (rc = posix_spawnattr_setpgroup(&at, 0)) == 0 &&
	    (rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)) == 0)
		rc = posix_spawn(&pid, "/proc/self/exe", &fa, &at, argv,
		    environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
#else
	(void)gitdir;
	(void)slot;
	(void)names;
	(void)n;
	(void)parent;
	errno = ENOSYS;
	return -1;
#endif
}

void
vault_repack_set_exe(const char *path)
{
	snprintf(rp_exe, sizeof(rp_exe), "%s", path != NULL ? path : "");
}

/* vault_repack_main run by hand: nothing was done. */
static int
rp_main_refuse(void)
{
	fprintf(stderr, "docketd: %s 只由 docketd 自己启动，用于在后台合并仓库的 "
	    "pack 文件，不能手工运行；什么也没有做\n", VAULT_REPACK_ARG);
	return 2;
}

int
vault_repack_main(int argc, char **argv)
{
	char	 err[1024], *end;
	long	 slot, parent;

	if (argc < 8 || strcmp(argv[1], VAULT_REPACK_ARG) != 0)
		return rp_main_refuse();
	/* dies with docketd; docketd died before that: the root's lock
	 * must not outlive it */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	parent = strtol(argv[4], &end, 10);
	if (end == argv[4] || *end != '\0' || getppid() != (pid_t)parent)
		return rp_main_refuse();
	slot = strtol(argv[3], &end, 10);
	if (end == argv[3] || *end != '\0' || slot < 0 ||
	    slot >= VAULT_REPACK_SLOTS)
		return rp_main_refuse();
	log_init(strcmp(argv[5], "syslog") != 0, 0, "docketd");
	/* in the background: intake comes first */
	(void)setpriority(PRIO_PROCESS, 0, 10);
	if (vault_repack_merge_slot(argv[2], (int)slot, argv + 6,
	    (size_t)(argc - 6), err, sizeof(err)) == -1) {
		log_warnx("vault repack: %s", err);
		return 1;
	}
	return 0;
}

/* The packs other slots hold: the sources of their merges, and the new
 * pack each one's manifest names (in place before that merge is
 * reaped).  The directory was listed before this reads the manifests,
 * and a merged .idx appears only after its manifest: none is missed. */
struct rp_held {
	char	newname[VAULT_REPACK_SLOTS][PACKW_NAME];
	int	has_new[VAULT_REPACK_SLOTS];
};

static void
rp_held_read(struct vault_repack *rp, int self, struct rp_held *h)
{
	int	s;

	memset(h, 0, sizeof(*h));
	for (s = 0; s < VAULT_REPACK_SLOTS; s++)
		if (s != self && rp->slot[s].pid > 0)
			h->has_new[s] = vault_repack_manifest_new(rp->gitdir, s,
			    h->newname[s]);
}

static int
rp_busy(struct vault_repack *rp, int self, const struct rp_held *h,
    const char *name)
{
	size_t	i;
	int	s;

	for (s = 0; s < VAULT_REPACK_SLOTS; s++) {
		if (s == self || rp->slot[s].pid <= 0)
			continue;
		for (i = 0; i < rp->slot[s].nsrc; i++)
			if (strcmp(rp->slot[s].src[i], name) == 0)
				return 1;
		if (h->has_new[s] && strcmp(h->newname[s], name) == 0)
			return 1;
	}
	return 0;
}

/* Start a child in slot merging group g when its packs (those no other
 * slot holds) call for it; 1 started. */
static int
rp_start(struct vault_repack *rp, int g, int slot)
{
	struct rp_slot	 *sl = &rp->slot[slot];
	struct rp_held	  held;
	struct rp_pack	**v;
	uint64_t	 *c;
	char		**names;
	sigset_t	  all, old;
	size_t		  i, n = 0, k, last;
	pid_t		  pid, self = getpid();

	rp_held_read(rp, slot, &held);
	v = xcalloc(rp->np ? rp->np : 1, sizeof(*v));
	for (i = 0; i < rp->np; i++)
		if (rp->p[i].group == g &&
		    !rp_busy(rp, slot, &held, rp->p[i].name))
			v[n++] = &rp->p[i];
	if (n < VAULT_REPACK_MIN) {
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(*v), rp_countcmp);
	c = xcalloc(n, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = v[i]->count;
	k = vault_repack_plan(c, n);
	free(c);
	if (k < 2) {
		free(v);
		return 0;
	}
	/* Oldest first; the newest whose last entry is a commit last. */
	qsort(v, k, sizeof(*v), rp_agecmp);
	for (last = k; last > 0 && !v[last - 1]->last_commit; last--)
		;
	if (last > 0 && last < k) {
		struct rp_pack *t = v[last - 1];

		memmove(&v[last - 1], &v[last], (k - last) * sizeof(*v));
		v[k - 1] = t;
	}
	names = xcalloc(k, sizeof(*names));
	for (i = 0; i < k; i++)
		names[i] = v[i]->name;
	pid = -1;
	if (rp_exe[0] != '\0' &&
	    (pid = rp_spawn(rp->gitdir, slot, names, k, self)) == -1 &&
	    (errno == ENOENT || errno == EACCES || errno == ENOEXEC ||
	    errno == ENOSYS)) {
		/* no /proc, or not allowed to run it: fork from now on */
		log_warn("vault repack: cannot run %s; merges are forked "
		    "from now on", rp_exe);
		rp_exe[0] = '\0';
	}
	if (rp_exe[0] == '\0') {
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, &old);
		pid = fork();
		if (pid == 0)
			rp_child(rp->gitdir, slot, names, k, self);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (pid == -1) {
		log_warn("vault repack: starting the merge");
		free(names);
		free(v);
		return 0;
	}
	free(sl->src);
	sl->src = xcalloc(k, sizeof(*sl->src));
	for (i = 0; i < k; i++)
		memcpy(sl->src[i], names[i], PACKW_NAME);
	sl->nsrc = k;
	free(names);
	free(v);
	log_debug("vault repack: merging %zu pack(s) in slot %d (pid %ld)",
	    k, slot, (long)pid);
	sl->pid = pid;
	return 1;
}

/* Reap slot's child if it ended and finish its merge: -1, 0, 1 (packs
 * were removed), 2 (still merging). */
static int
rp_reap(struct vault_repack *rp, int slot)
{
	struct rp_slot	*sl = &rp->slot[slot];
	char		 err[1024];
	int		 st, rc;
	pid_t		 r;

	while ((r = waitpid(sl->pid, &st, WNOHANG)) == -1 && errno == EINTR)
		;
	if (r == 0)
		return 2;
	if (r == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		log_warnx("vault repack: the merge (pid %ld) failed "
		    "(%s %d); the packs stay as they are",
		    (long)sl->pid, r != -1 && WIFSIGNALED(st) ?
		    "signal" : "status", r == -1 ? -1 :
		    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	sl->pid = 0;
	sl->nsrc = 0;
	if ((rc = vault_repack_recover_slot(rp->gitdir, slot, err,
	    sizeof(err))) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	return rc;
}

int
vault_repack_tick(struct vault_repack *rp, git_repository *repo)
{
	char	dir[PATH_MAX + 16], path[2 * PATH_MAX];
	int	g, s, rc, removed = 0, failed = 0, busy = 0;

	if (rp == NULL)
		return 0;
	snprintf(dir, sizeof(dir), "%s/objects/pack", rp->gitdir);
	for (s = 0; s < VAULT_REPACK_SLOTS; s++) {
		if (rp->slot[s].pid <= 0)
			continue;
		if ((rc = rp_reap(rp, s)) == 2)
			busy++;
		else if (rc == -1)
			failed = 1;
		else if (rc == 1)
			removed = 1;
	}
	/* A merge just finished: the caller reopens its repository first
	 * (packs were removed: that comes before a failure of the other
	 * slot, already logged); the merged pack is classified afresh at the
	 * next tick. */
	if (removed)
		return 1;
	if (failed)
		return -1;
	if (busy == VAULT_REPACK_SLOTS)
		return 0;
	snprintf(path, sizeof(path), "%s/multi-pack-index", dir);
	if (access(path, F_OK) == 0)
		return 0;	/* git's own: left to git */
	if (rp_scan(rp, dir, repo) == -1) {
		log_warn("vault repack: %s", dir);
		return -1;
	}
	for (s = 0; s < VAULT_REPACK_SLOTS; s++)
		if (rp->slot[s].pid <= 0)
			break;
	for (g = RP_MAIN; g < RP_NGROUPS; g++)
		if (rp_start(rp, g, s))
			break;
	return 0;
}
