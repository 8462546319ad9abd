/*
 * mirror: push the vault to the [mirror NAME]s, in the background.
 *
 * The event loop never touches the network.  A push is a forked docketd
 * (as an OCR worker: its own process group, killed with docketd by
 * PR_SET_PDEATHSIG, only stdin/stdout/stderr and its result pipe kept)
 * that opens the vault read-only with its own libgit2 repository, pushes
 * with git_remote_create_anonymous + git_remote_push, writes one line on
 * the pipe — "ok\tTIPS", "none\t" (nothing to push yet) or "err\tTEXT" —
 * and _exits.  The loop reads that line when the pipe closes, reaps the
 * child and decides the next try; a push past [mirror] timeout is killed.
 * Several mirrors push at once, each on its own; one mirror has at most
 * one push running.
 *
 * What is pushed: refs = all, every local branch; refs = public,
 * refs/heads/public only (the site's branch: never main, and refused
 * when it shares history with main, which would carry main's objects).  main is
 * append-only and pushed without force, so a mirror whose main diverged
 * is reported ("non-fast-forward"), never overwritten; public is pushed
 * with force (a hand-made rebuild of it must not be refused).  public
 * keeps its history: a page withdrawn from the site is gone from its tip,
 * not from its earlier commits (docketd.conf(5), [mirror] refs).
 *
 * When: mirror_kick (vault_on_commit, and whoever commits another branch)
 * arms a short timer, so a burst of commits is one push; a push that ends
 * while commits arrived pushes again.  After a failure the next try waits
 * 5 s, doubling to 30 min, whatever the commits do; the try after it
 * pushes everything.  Every minute the branch tips are compared with what
 * each mirror last took, which catches commits nobody kicked for.
 *
 * State: ROOT/mirrors.json, {NAME: {url (a password hidden), refs, last_success, last_error,
 * last_error_at, next_try, failures, pushed}}, rewritten (temporary file,
 * rename) when a push begins and ends; docketctl status reads it.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "config_mirror.h"
#include "esc.h"
#include "exttool.h"
#include "log.h"
#include "mirror.h"
#include "record.h"
#include "sha256.h"
#include "utf8.h"
#include "vault_opts.h"
#include "xalloc.h"

#define MIRROR_TIPS	2048		/* "refs/heads/main=HEX;…" */
#define MIRROR_MAX_REFS	32

struct mirror_one {
	struct mirror		*mr;
	struct config_mirror	 cm;
	char			 shown[1024];	/* url, a password hidden */
	struct event		*timer;		/* next push */
	struct event		*ev;		/* the child's pipe */
	struct event		*tmo;		/* the child's deadline */
	pid_t			 pid;		/* 0: no push running */
	char			 since[64];	/* when it began */
	int			 fd;
	char			 buf[1200];	/* the child's line */
	size_t			 len;
	int			 dirty;		/* commits since the push began */
	int			 force;		/* push even if tips match */
	unsigned int		 failures;	/* in a row */
	int64_t			 next_try;	/* 0: none planned */
	char			 last_success[64];
	char			 last_error[1024];
	char			 last_error_at[64];
	char			 pushed[MIRROR_TIPS];	/* tips last taken */
};

struct mirror {
	struct event_base	*base;
	char			 vault[PATH_MAX];
	char			 state[PATH_MAX];
	git_repository		*repo;		/* for reading the tips */
	struct event		*poll;
	struct mirror_one	 m[CONFIG_MAX_MIRRORS];
	size_t			 n;
};

static struct mirror	*mirror_the;	/* the one mirror_kick wakes */

static void	mirror_schedule(struct mirror_one *, unsigned int ms);

/* --- the branch tips --------------------------------------------------- */

/*
 * The refs a mirror takes, with their commits: "NAME=HEX;NAME=HEX" in the
 * order of the refdb, and each name in names[] (at most MIRROR_MAX_REFS).
 * "" when there is nothing (refs = public before the site made it).
 * 0, or -1 with a message.
 */
static int
mirror_tips(git_repository *repo, enum config_mirror_refs refs, char *tips,
    size_t len, char names[][256], size_t *nnames, char *err, size_t errlen)
{
	git_branch_iterator	*it = NULL;
	git_reference		*ref;
	git_branch_t		 type;
	git_oid			 id;
	const git_error		*e;
	char			 hex[GIT_OID_HEXSZ + 1];
	size_t			 n = 0, used = 0;
	int			 rc;

	tips[0] = '\0';
	git_error_clear();
	if (refs == CONFIG_MIRROR_PUBLIC) {
		rc = git_reference_name_to_id(&id, repo, "refs/heads/public");
		if (rc == GIT_ENOTFOUND) {
			*nnames = 0;
			return 0;
		}
		if (rc != 0)
			goto giterr;
		git_oid_tostr(hex, sizeof(hex), &id);
		snprintf(tips, len, "refs/heads/public=%s", hex);
		snprintf(names[0], 256, "refs/heads/public");
		*nnames = 1;
		return 0;
	}
	if (git_branch_iterator_new(&it, repo, GIT_BRANCH_LOCAL) != 0)
		goto giterr;
	while ((rc = git_branch_next(&ref, &type, it)) == 0) {
		const git_oid	*t = git_reference_target(ref);
		const char	*name = git_reference_name(ref);

		if (t != NULL && n < MIRROR_MAX_REFS && strlen(name) < 256 &&
		    used < len) {
			git_oid_tostr(hex, sizeof(hex), t);
			used += (size_t)snprintf(tips + used, len - used,
			    "%s%s=%s", used ? ";" : "", name, hex);
			snprintf(names[n++], 256, "%s", name);
		}
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	if (rc != GIT_ITEROVER)
		goto giterr;
	if (used >= len) {
		snprintf(err, errlen, "too many branches to mirror");
		return -1;
	}
	*nnames = n;
	return 0;
giterr:
	e = git_error_last();
	snprintf(err, errlen, "reading the vault's branches: %s",
	    e != NULL ? e->message : "unknown error");
	return -1;
}

/* --- the child --------------------------------------------------------- */

struct mirror_push {
	char		 rejected[1024];	/* the first ref the mirror
						 * refused, or its host key */
	int		 tries;			/* credential callbacks so far */
	const char	*host_key;		/* [mirror] host_key */
};

/* "SHA256:" and the digest in base64 without padding, as ssh-keygen. */
static void
mirror_fingerprint(const unsigned char d[32], char out[64])
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned int		 v;
	size_t			 i, o = 7;

	memcpy(out, "SHA256:", 7);
	for (i = 0; i < 32; i += 3) {
		v = (unsigned int)d[i] << 16;
		if (i + 1 < 32)
			v |= (unsigned int)d[i + 1] << 8;
		if (i + 2 < 32)
			v |= d[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		if (i + 2 < 32)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';		/* 32 bytes: 43 characters */
}

/* ssh: the host key must be the configured one; https: libgit2's own
 * verdict on the certificate stands. */
static int
mirror_cert(git_cert *cert, int valid, const char *host, void *data)
{
	struct mirror_push	*p = data;
	git_cert_hostkey	*hk = (git_cert_hostkey *)cert;
	unsigned char		 d[32];
	char			 fp[64];

	(void)valid;
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return 1;
	if (hk->type & GIT_CERT_SSH_SHA256)
		memcpy(d, hk->hash_sha256, sizeof(d));
	else if (hk->type & GIT_CERT_SSH_RAW) {
		struct dsha256 c;

		dsha256_init(&c);
		dsha256_update(&c, hk->hostkey, hk->hostkey_len);
		dsha256_final(&c, d);
	} else {
		snprintf(p->rejected, sizeof(p->rejected), "ssh host %s: no "
		    "SHA-256 fingerprint of its key to check", host);
		return -1;
	}
	mirror_fingerprint(d, fp);
	if (p->host_key == NULL || strcmp(fp, p->host_key) != 0) {
		snprintf(p->rejected, sizeof(p->rejected), "ssh host %s "
		    "offers the key %s, not host_key %s: not pushed", host, fp,
		    p->host_key != NULL ? p->host_key : "(none)");
		return -1;
	}
	return 0;
}

static int
mirror_ref_cb(const char *refname, const char *status, void *data)
{
	struct mirror_push *p = data;

	if (status != NULL && p->rejected[0] == '\0')
		snprintf(p->rejected, sizeof(p->rejected), "%s: refused by "
		    "the mirror: %s%s", refname, status,
		    strcmp(refname, "refs/heads/main") == 0 ? " (its main has "
		    "diverged from the vault's; docket never overwrites main)" :
		    "");
	return 0;
}

/* ssh: the agent first, then ~/.ssh/id_ed25519 and id_rsa; the rest
 * (https with user:password in the url) is libgit2's own business. */
static int
mirror_cred(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *data)
{
	struct mirror_push	*p = data;
	const char		*home = getenv("HOME"), *u;
	static const char	*keys[] = { "id_ed25519", "id_rsa", NULL };
	char			 priv[PATH_MAX], pub[PATH_MAX + 8];
	int			 i;

	(void)url;
	u = user != NULL ? user : "git";
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY) || p->tries > 3)
		return GIT_PASSTHROUGH;
	if (p->tries++ == 0)
		return git_credential_ssh_key_from_agent(out, u);
	for (i = 0; home != NULL && keys[i] != NULL; i++) {
		if (p->tries != i + 2)
			continue;
		snprintf(priv, sizeof(priv), "%s/.ssh/%s", home, keys[i]);
		snprintf(pub, sizeof(pub), "%s.pub", priv);
		if (access(priv, R_OK) == 0)
			return git_credential_ssh_key_new(out, u,
			    access(pub, R_OK) == 0 ? pub : NULL, priv, NULL);
	}
	return GIT_PASSTHROUGH;
}

static void
mirror_say(int fd, const char *what, const char *text)
{
	char	line[1100];
	size_t	i, n;

	n = (size_t)snprintf(line, sizeof(line), "%s\t%s", what, text);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	for (i = strlen(what) + 1; i < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	(void)write(fd, line, n);
}

/*
 * refs = public: the push sends every object reachable from public that
 * the mirror lacks, so public must share no history with main (the site
 * commits it as a branch of its own).  A public branch that reaches a
 * commit of main would carry what is not public: refused.  0, or -1 with
 * the reason.
 */
static int
mirror_public_apart(git_repository *repo, char *err, size_t errlen)
{
	git_oid		 pub, mainid, base;
	const git_error	*e;
	char		 hex[GIT_OID_HEXSZ + 1];
	int		 rc;

	git_error_clear();
	if (git_reference_name_to_id(&mainid, repo, "refs/heads/main") != 0 ||
	    git_reference_name_to_id(&pub, repo, "refs/heads/public") != 0)
		return 0;	/* no main: nothing to keep apart */
	if ((rc = git_merge_base(&base, repo, &pub, &mainid)) == 0) {
		git_oid_tostr(hex, sizeof(hex), &base);
		snprintf(err, errlen, "refs/heads/public shares history with "
		    "main (commit %.12s): not pushed, a mirror of public "
		    "never receives what main holds", hex);
		return -1;
	}
	if (rc == GIT_ENOTFOUND)
		return 0;
	e = git_error_last();
	snprintf(err, errlen, "refs/heads/public: %s", e != NULL ?
	    e->message : "cannot compare its history with main's");
	return -1;
}

/* In the child: push, say how it went, exit. */
static __attribute__((noreturn)) void
mirror_child(struct mirror_one *o, int statw)
{
	struct mirror_push	 p;
	git_push_options	 opts;
	git_repository		*repo = NULL;
	git_remote		*remote = NULL;
	git_strarray		 specs;
	const git_error		*e;
	char			 names[MIRROR_MAX_REFS][256];
	char			*spec[MIRROR_MAX_REFS];
	char			 tips[MIRROR_TIPS], err[1024];
	size_t			 i, n = 0;

	exttool_child_setup(statw);
	signal(SIGPIPE, SIG_IGN);	/* a dropped connection is an error */

	memset(&p, 0, sizeof(p));
	if (vault_opts_child(err, sizeof(err)) == -1) {
		mirror_say(3, "err", err);
		_exit(0);
	}
	if (git_repository_open_bare(&repo, o->mr->vault) != 0) {
		e = git_error_last();
		mirror_say(3, "err", e != NULL ? e->message :
		    "cannot open the vault");
		_exit(0);
	}
	if (mirror_tips(repo, o->cm.refs, tips, sizeof(tips), names, &n, err,
	    sizeof(err)) == -1) {
		mirror_say(3, "err", err);
		_exit(0);
	}
	if (n == 0) {
		mirror_say(3, "none", "");
		_exit(0);
	}
	if (o->cm.refs == CONFIG_MIRROR_PUBLIC &&
	    mirror_public_apart(repo, err, sizeof(err)) == -1) {
		mirror_say(3, "err", err);
		_exit(0);
	}
	for (i = 0; i < n; i++)
		/* public: forced (a rebuilt branch is accepted); the rest
		 * never. */
		(void)xasprintf(&spec[i], "%s%s:%s",
		    strcmp(names[i], "refs/heads/public") == 0 ? "+" : "",
		    names[i], names[i]);
	specs.strings = spec;
	specs.count = n;
	{
		/* A local mirror that is not there: libgit2 would say
		 * "unsupported URL protocol", which sends one looking at
		 * the url's form. */
		const char	*path = o->cm.url;

		if (strncmp(path, "file://", 7) == 0)
			path += 7;
		if (path[0] == '/' && access(path, F_OK) == -1) {
			/* (A long url is cut: the message stays a line.) */
			if (snprintf(err, sizeof(err), "%s: %s (create it: "
			    "git init --bare)", path, strerror(errno)) < 0)
				err[0] = '\0';
			mirror_say(3, "err", err);
			_exit(0);
		}
	}
	if (git_remote_create_anonymous(&remote, repo, o->cm.url) != 0)
		goto giterr;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	opts.pb_parallelism = 1;
	opts.callbacks.credentials = mirror_cred;
	opts.callbacks.push_update_reference = mirror_ref_cb;
	opts.callbacks.certificate_check = mirror_cert;
	opts.callbacks.payload = &p;
	p.host_key = o->cm.host_key[0] != '\0' ? o->cm.host_key : NULL;
	git_error_clear();
	if (git_remote_push(remote, &specs, &opts) != 0)
		goto giterr;
	if (p.rejected[0] != '\0') {
		mirror_say(3, "err", p.rejected);
		_exit(0);
	}
	mirror_say(3, "ok", tips);
	_exit(0);
giterr:
	e = git_error_last();
	if (p.rejected[0] != '\0')
		mirror_say(3, "err", p.rejected);
	else {
		/* Name what was pushed: "refs/heads/main: cannot push
		 * because a reference … contains commits that are not
		 * present locally" is a diverged main. */
		size_t used = 0;

		err[0] = '\0';
		for (i = 0; i < n && used < sizeof(err); i++)
			used += (size_t)snprintf(err + used, sizeof(err) - used,
			    "%s%s", i ? ", " : "", names[i]);
		if (used < sizeof(err))
			snprintf(err + used, sizeof(err) - used, ": %s",
			    e != NULL && e->message != NULL ? e->message :
			    "push failed");
		mirror_say(3, "err", err);
	}
	_exit(0);
}

/* --- the state file ---------------------------------------------------- */

static void
mirror_now(char *buf, size_t len)
{
	record_rfc3339((int64_t)time(NULL), buf, len);
}

static json_t *
mirror_str_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

static void
mirror_save(struct mirror *mr)
{
	json_t	*all, *o;
	char	 tmp[PATH_MAX + 8], ts[64];
	size_t	 i;

	all = json_object();
	for (i = 0; i < mr->n; i++) {
		struct mirror_one *m = &mr->m[i];

		o = json_object();
		json_object_set_new(o, "url", json_string(m->shown));
		json_object_set_new(o, "refs",
		    json_string(config_mirror_refs_name(m->cm.refs)));
		json_object_set_new(o, "last_success",
		    mirror_str_or_null(m->last_success));
		json_object_set_new(o, "last_error",
		    mirror_str_or_null(m->last_error));
		json_object_set_new(o, "last_error_at",
		    mirror_str_or_null(m->last_error_at));
		ts[0] = '\0';
		if (m->next_try != 0)
			record_rfc3339(m->next_try, ts, sizeof(ts));
		json_object_set_new(o, "next_try", mirror_str_or_null(ts));
		json_object_set_new(o, "failures", json_integer(m->failures));
		json_object_set_new(o, "pushing_since", m->pid != 0 ?
		    json_string(m->since) : json_null());
		json_object_set_new(o, "pushed", json_string(m->pushed));
		json_object_set_new(all, m->cm.name, o);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", mr->state);
	if (json_dump_file(all, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) == -1 ||
	    rename(tmp, mr->state) == -1) {
		log_warn("mirror: cannot write %s", mr->state);
		(void)unlink(tmp);
	}
	json_decref(all);
}

static void
mirror_copy(char *dst, size_t len, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(dst, len, "%s", s != NULL ? s : "");
}

/* What the last run knew: kept across a restart (same url and refs). */
static void
mirror_load(struct mirror *mr)
{
	json_t	*all, *o;
	size_t	 i;

	if ((all = json_load_file(mr->state, 0, NULL)) == NULL)
		return;
	for (i = 0; i < mr->n; i++) {
		struct mirror_one *m = &mr->m[i];
		const char *url, *refs;

		o = json_object_get(all, m->cm.name);
		url = json_string_value(json_object_get(o, "url"));
		refs = json_string_value(json_object_get(o, "refs"));
		if (url == NULL || refs == NULL || strcmp(url, m->shown) != 0 ||
		    strcmp(refs, config_mirror_refs_name(m->cm.refs)) != 0)
			continue;
		mirror_copy(m->last_success, sizeof(m->last_success), o,
		    "last_success");
		mirror_copy(m->last_error, sizeof(m->last_error), o,
		    "last_error");
		mirror_copy(m->last_error_at, sizeof(m->last_error_at), o,
		    "last_error_at");
		mirror_copy(m->pushed, sizeof(m->pushed), o, "pushed");
		m->failures = (unsigned int)json_integer_value(
		    json_object_get(o, "failures"));
	}
	json_decref(all);
}

/* --- the loop's side --------------------------------------------------- */

static unsigned int
mirror_backoff_ms(unsigned int failures)
{
	uint64_t ms = MIRROR_RETRY_MIN_MS;

	while (--failures > 0 && ms < MIRROR_RETRY_MAX_MS)
		ms *= 2;
	return ms > MIRROR_RETRY_MAX_MS ? MIRROR_RETRY_MAX_MS :
	    (unsigned int)ms;
}

/* The tips this mirror would take now; "" on error (logged). */
static void
mirror_current(struct mirror_one *o, char *tips, size_t len)
{
	char	names[MIRROR_MAX_REFS][256], err[512];
	size_t	n;

	if (mirror_tips(o->mr->repo, o->cm.refs, tips, len, names, &n, err,
	    sizeof(err)) == -1) {
		log_warnx("mirror %s: %s", o->cm.name, err);
		tips[0] = '\0';
	}
}

/* An error text for JSON and a terminal: UTF-8 without control
 * characters, else masked. */
static void
mirror_text(const char *s, char *buf, size_t len)
{
	size_t	i, n = strlen(s);

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	if (i == n && utf8_valid_prefix((const unsigned char *)s, n) == n) {
		snprintf(buf, len, "%s", s);
		/* cut, maybe inside a character: to what is whole */
		buf[utf8_valid_prefix((const unsigned char *)buf,
		    strlen(buf))] = '\0';
	} else
		esc_mask(s, buf, len);
}

static void
mirror_done(struct mirror_one *o, int timedout)
{
	char	*tab, tips[MIRROR_TIPS];
	int	 st = 0;
	unsigned int ms;

	if (timedout) {
		(void)kill(-o->pid, SIGKILL);
		(void)kill(o->pid, SIGKILL);
	}
	while (waitpid(o->pid, &st, 0) == -1 && errno == EINTR)
		;
	event_del(o->ev);
	event_del(o->tmo);
	event_free(o->ev);
	event_free(o->tmo);
	o->ev = o->tmo = NULL;
	close(o->fd);
	o->pid = 0;
	o->buf[o->len] = '\0';
	tab = strchr(o->buf, '\t');
	if (!timedout && tab != NULL && (strncmp(o->buf, "ok\t", 3) == 0 ||
	    strncmp(o->buf, "none\t", 5) == 0)) {
		if (o->buf[0] == 'o') {
			mirror_now(o->last_success, sizeof(o->last_success));
			if (o->failures > 0 || o->last_error[0] != '\0')
				log_info("mirror %s: pushed again after %u "
				    "failure(s)", o->cm.name, o->failures);
			else
				log_debug("mirror %s: pushed", o->cm.name);
		}
		snprintf(o->pushed, sizeof(o->pushed), "%s", tab + 1);
		o->failures = 0;
		o->next_try = 0;
		o->last_error[0] = '\0';
		o->last_error_at[0] = '\0';
		mirror_current(o, tips, sizeof(tips));
		if (o->dirty || strcmp(tips, o->pushed) != 0)
			mirror_schedule(o, MIRROR_COALESCE_MS);
		o->dirty = 0;
	} else {
		if (timedout)
			snprintf(o->last_error, sizeof(o->last_error),
			    "push timed out after %llu s ([mirror] timeout)",
			    (unsigned long long)(o->cm.timeout_ms / 1000));
		else if (tab != NULL)
			mirror_text(tab + 1, o->last_error,
			    sizeof(o->last_error));
		else
			snprintf(o->last_error, sizeof(o->last_error),
			    "push ended without a result (%s %d)",
			    WIFSIGNALED(st) ? "signal" : "exit status",
			    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		mirror_now(o->last_error_at, sizeof(o->last_error_at));
		o->failures++;
		ms = mirror_backoff_ms(o->failures);
		o->next_try = (int64_t)time(NULL) + ms / 1000;
		log_warnx("mirror %s: %s; trying again in %u s", o->cm.name,
		    o->last_error, ms / 1000);
		o->dirty = 0;
		o->force = 1;
		mirror_schedule(o, ms);
	}
	mirror_save(o->mr);
}

static void
mirror_ev_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mirror_one	*o = arg;
	ssize_t			 r;

	if (what & EV_TIMEOUT) {
		mirror_done(o, 1);
		return;
	}
	r = read(fd, o->buf + o->len, sizeof(o->buf) - 1 - o->len);
	if (r > 0) {
		o->len += (size_t)r;
		if (o->len < sizeof(o->buf) - 1)
			return;
	} else if (r == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	mirror_done(o, 0);
}

static void
mirror_spawn(struct mirror_one *o)
{
	struct timeval	 tv;
	int		 rfd = -1, wfd = -1;
	pid_t		 pid;

	if ((pid = exttool_fork_piped(&rfd, &wfd)) == 0)
		mirror_child(o, wfd);
	if (pid == -1) {
		log_warn("mirror %s: fork", o->cm.name);
		mirror_schedule(o, MIRROR_RETRY_MIN_MS);
		return;
	}
	o->pid = pid;
	o->fd = rfd;
	o->len = 0;
	o->dirty = 0;
	o->force = 0;
	o->ev = event_new(o->mr->base, o->fd, EV_READ | EV_PERSIST,
	    mirror_ev_cb, o);
	o->tmo = evtimer_new(o->mr->base, mirror_ev_cb, o);
	if (o->ev == NULL || o->tmo == NULL)
		fatalx("mirror: out of memory for events");
	tv.tv_sec = (time_t)(o->cm.timeout_ms / 1000);
	tv.tv_usec = (suseconds_t)(o->cm.timeout_ms % 1000) * 1000;
	event_add(o->ev, NULL);
	evtimer_add(o->tmo, &tv);
	mirror_now(o->since, sizeof(o->since));
	mirror_save(o->mr);
	log_debug("mirror %s: pushing to %s (pid %ld)", o->cm.name,
	    o->shown, (long)pid);
}

/* The timer: push now, unless nothing moved since the last push. */
static void
mirror_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mirror_one	*o = arg;
	char			 tips[MIRROR_TIPS];

	(void)fd;
	(void)what;
	if (o->pid != 0) {
		o->dirty = 1;	/* mirror_done pushes again */
		return;
	}
	if (!o->force && o->failures == 0) {
		mirror_current(o, tips, sizeof(tips));
		if (strcmp(tips, o->pushed) == 0)
			return;
	}
	mirror_spawn(o);
}

static void
mirror_schedule(struct mirror_one *o, unsigned int ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(o->timer, &tv);
}

void
mirror_kick(void *unused)
{
	struct mirror	*mr = mirror_the;
	size_t		 i;

	(void)unused;
	if (mr == NULL)
		return;
	for (i = 0; i < mr->n; i++) {
		struct mirror_one *o = &mr->m[i];

		if (o->pid != 0)
			o->dirty = 1;
		else if (o->failures == 0 &&
		    !evtimer_pending(o->timer, NULL))
			mirror_schedule(o, MIRROR_COALESCE_MS);
	}
}

/* Every minute: a branch someone moved without a kick. */
static void
mirror_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mirror	*mr = arg;
	size_t		 i;

	(void)fd;
	(void)what;
	for (i = 0; i < mr->n; i++)
		if (mr->m[i].pid == 0 && mr->m[i].failures == 0 &&
		    !evtimer_pending(mr->m[i].timer, NULL))
			mirror_timer_cb(-1, 0, &mr->m[i]);
}

struct mirror *
mirror_new(struct event_base *base, const struct config *cf, char *err,
    size_t errlen)
{
	struct mirror	*mr;
	struct timeval	 tv = { MIRROR_POLL_MS / 1000, 0 };
	char		*url;
	size_t		 i;

	mr = xcalloc(1, sizeof(*mr));
	mr->base = base;
	snprintf(mr->vault, sizeof(mr->vault), "%s", cf->vault);
	if (snprintf(mr->state, sizeof(mr->state), "%s/%s", cf->root,
	    MIRROR_STATE_FILE) >= (int)sizeof(mr->state)) {
		snprintf(err, errlen, "mirror state path too long");
		free(mr);
		return NULL;
	}
	mr->n = cf->nmirrors;
	if (mr->n == 0) {
		(void)unlink(mr->state);
		mirror_the = mr;
		return mr;
	}
	git_error_clear();
	if (git_repository_open_bare(&mr->repo, mr->vault) != 0) {
		snprintf(err, errlen, "%s: %s", mr->vault,
		    git_error_last() != NULL ? git_error_last()->message :
		    "cannot open");
		free(mr);
		return NULL;
	}
	for (i = 0; i < mr->n; i++) {
		struct mirror_one *o = &mr->m[i];

		o->mr = mr;
		o->cm = cf->mirrors[i];
		url = mirror_hide_password(o->cm.url);
		snprintf(o->shown, sizeof(o->shown), "%s", url);
		free(url);
		if ((o->timer = evtimer_new(base, mirror_timer_cb, o)) == NULL)
			fatalx("mirror: out of memory for events");
	}
	mirror_load(mr);
	for (i = 0; i < mr->n; i++) {
		/* One push at start: the mirror may have lost what it had. */
		mr->m[i].force = 1;
		mr->m[i].next_try = 0;
		mirror_schedule(&mr->m[i], 0);
	}
	mirror_save(mr);
	if ((mr->poll = event_new(base, -1, EV_PERSIST, mirror_poll_cb,
	    mr)) == NULL)
		fatalx("mirror: out of memory for events");
	event_add(mr->poll, &tv);
	mirror_the = mr;
	log_info("mirror: %zu mirror(s): pushing after each commit", mr->n);
	return mr;
}

void
mirror_free(struct mirror *mr)
{
	size_t	i;

	if (mr == NULL)
		return;
	if (mirror_the == mr)
		mirror_the = NULL;
	for (i = 0; i < mr->n; i++) {
		struct mirror_one *o = &mr->m[i];

		if (o->pid != 0) {
			(void)kill(-o->pid, SIGKILL);
			(void)kill(o->pid, SIGKILL);
			while (waitpid(o->pid, NULL, 0) == -1 && errno == EINTR)
				;
			event_free(o->ev);
			event_free(o->tmo);
			close(o->fd);
		}
		if (o->timer != NULL)
			event_free(o->timer);
	}
	if (mr->poll != NULL)
		event_free(mr->poll);
	git_repository_free(mr->repo);
	free(mr);
}
