/*
 * ctl_full: the light docketctl hands a command it does not have (or a
 * case one of its commands cannot serve without libgit2) to the full
 * one, docketctl-full, with the same arguments: execv, so the exit code,
 * output and errors are the full program's own.  docketctl-full is
 * looked for next to this program (the build tree), then under the
 * prefix this program runs from (make install DESTDIR=…, a relocated
 * tree), then at the configured $(pkglibexecdir).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "docketctl.h"

#define CTL_FULL_NAME	"docketctl-full"

/* The path of docketctl-full, or -1. */
static int
ctl_full_path(char *buf, size_t len)
{
	char	 self[PATH_MAX], *slash;
	size_t	 bl = strlen(CTL_BINDIR);
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, len, "%s/%s", self, CTL_FULL_NAME);
			if (access(buf, X_OK) == 0)
				return 0;
			n = (ssize_t)strlen(self);
			if ((size_t)n >= bl &&
			    strcmp(self + n - bl, CTL_BINDIR) == 0) {
				snprintf(buf, len, "%.*s%s/%s",
				    (int)((size_t)n - bl), self,
				    CTL_PKGLIBEXECDIR, CTL_FULL_NAME);
				if (access(buf, X_OK) == 0)
					return 0;
			}
		}
	}
	snprintf(buf, len, "%s/%s", CTL_PKGLIBEXECDIR, CTL_FULL_NAME);
	return access(buf, X_OK) == 0 ? 0 : -1;
}

void
ctl_full_exec(struct ctl *c)
{
#ifdef CTL_LIGHT
	char	path[PATH_MAX + 64];

	fflush(NULL);
	if (ctl_full_path(path, sizeof(path)) == -1)
		ctl_die(EX_ERR, "找不到 %s（docketctl 所在目录和 %s 中都没有）："
		    "请重新安装 docket", CTL_FULL_NAME, CTL_PKGLIBEXECDIR);
	execv(path, c->argv);
	ctl_die(EX_ERR, "无法运行 %s：%s", path, strerror(errno));
#else
	(void)ctl_full_path;
	ctl_die(EX_ERR, "internal error: %s handed to itself",
	    c->cmd != NULL ? c->cmd->name : "a command");
#endif
}
