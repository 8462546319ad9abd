/*
 * ingest_prep: read, hash, extract and parse one spool file, with no
 * shared state, so that reader threads (ingest_pool.c) may do it ahead of
 * the committer (ingest.c).  What may run on a reader thread, audited:
 * open/fstat/read/close and lstat; sha256 (no static state);
 * extract_text with ctx->pure, which stops with EXTRACT_DEFER before any
 * external command or OCR (exttool forks, ocrq is the main loop's), and
 * whose readers (textdec, docx and ofd over zipread/libzip and expat,
 * html) keep their state on the stack or the heap: iconv handles are
 * opened and closed per call, libzip and expat objects are per call;
 * gongwen_parse and domains_apply read the rules (const while the pool
 * runs: ingest_set_domains drains it first) and allocate their results;
 * spoolmeta_read (jansson: no mutable global state once its hash seed is
 * set, which the main thread does long before); error texts from
 * strerror, which glibc (>= 2.32) makes thread-safe, and esc's ring is
 * _Thread_local.  None of them logs; xalloc only logs before abort().
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest_prep.h"
#include "spoolmeta.h"
#include "spoolname.h"
#include "spoolread.h"

void
ingest_prep_init(struct ingest_prep *p)
{
	memset(p, 0, sizeof(*p));
	p->xrc = INGEST_PREP_NOTYET;
	p->prc = INGEST_PREP_NOTYET;
}

void
ingest_prep_free(struct ingest_prep *p)
{
	free(p->buf);
	p->buf = NULL;
	packw_pre_free(&p->zbuf);
	packw_pre_free(&p->ztext);
	if (p->xrc == 0)
		extract_result_free(&p->x);
	if (p->prc != INGEST_PREP_NOTYET)
		gongwen_free(&p->gw);
	p->xrc = p->prc = INGEST_PREP_NOTYET;
}

int
ingest_prep_name(const char *spooldir, const char *spool, int64_t *ms,
    char *agency, size_t alen, char *name, size_t nlen)
{
	if (spoolname_parse(spool, ms, agency, alen, name, nlen) == -1) {
		/* Not ours: someone put it in spool/ by hand. */
		snprintf(name, nlen, "%s", spool);
		agency[0] = '\0';
		*ms = (int64_t)time(NULL) * 1000;
	}
	/* The whole agency and name when the spool name had to cut them. */
	return spoolmeta_read(spooldir, spool, agency, alen, name, nlen) ==
	    -1 ? -1 : 0;
}

static const char *
ingest_prep_filetype(mode_t m)
{
	if (S_ISFIFO(m))
		return "命名管道（FIFO）";
	if (S_ISCHR(m))
		return "字符设备";
	if (S_ISBLK(m))
		return "块设备";
	if (S_ISSOCK(m))
		return "套接字（socket）";
	if (S_ISDIR(m))
		return "目录";
	if (S_ISLNK(m))
		return "符号链接";
	return "特殊文件";
}

int
ingest_prep_read(struct ingest_prep *p, const char *spooldir,
    const char *spool, uint64_t max_size, int (*reserve)(void *, size_t),
    void *arg)
{
	char		 path[PATH_MAX + NAME_MAX + 2];
	struct stat	*sb = &p->sb;
	char		*why = p->why;
	size_t		 whylen = sizeof(p->why), off = 0;
	ssize_t		 r;
	int		 fd;

	p->read = 1;
	p->vanished = 0;
	snprintf(path, sizeof(path), "%s/%s", spooldir, spool);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY);
	if (fd == -1) {
		if (errno == ENOENT)
			p->vanished = 1;
		else if (errno == ELOOP)
			snprintf(why, whylen, "是符号链接，不是文件（docket "
			    "从不跟随符号链接）");
		else {
			p->vanished = spoolread_transient(errno) ? 2 : 0;
			snprintf(why, whylen, "无法打开文件：%s",
			    strerror(errno));
		}
		return -1;
	}
	if (fstat(fd, sb) == -1) {
		p->vanished = spoolread_transient(errno) ? 2 : 0;
		snprintf(why, whylen, "无法读取文件信息：%s",
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb->st_mode)) {
		snprintf(why, whylen, "是%s，不是文件",
		    ingest_prep_filetype(sb->st_mode));
		goto fail;
	}
	if (sb->st_size == 0) {
		snprintf(why, whylen, "空文件（0 字节）");
		goto fail;
	}
	if ((uint64_t)sb->st_size > max_size) {
		snprintf(why, whylen, "文件过大：%jd 字节，超过 max_size（%"
		    PRIu64 " 字节）", (intmax_t)sb->st_size, max_size);
		goto fail;
	}
	if (reserve != NULL && reserve(arg, (size_t)sb->st_size) == -1) {
		p->vanished = 2;
		snprintf(why, whylen, "未读取：读取线程已停止");
		goto fail;
	}
	if ((p->buf = malloc((size_t)sb->st_size + 1)) == NULL) {
		p->vanished = 2;
		snprintf(why, whylen, "内存不足，无法读入 %jd 字节",
		    (intmax_t)sb->st_size);
		goto fail;
	}
	/* Read what fstat promised, and notice if it grew meanwhile. */
	while (off <= (size_t)sb->st_size) {
		r = read(fd, p->buf + off, (size_t)sb->st_size + 1 - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			p->vanished = spoolread_transient(errno) ? 2 : 0;
			snprintf(why, whylen, "读取出错：%s",
			    strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	if (off != (size_t)sb->st_size) {
		snprintf(why, whylen, "读取期间文件大小改变（先是 %jd "
		    "字节，后是 %zu 字节）", (intmax_t)sb->st_size, off);
		free(p->buf);
		p->buf = NULL;
		return -1;
	}
	p->len = off;
	sha256_hex(p->buf, p->len, p->sha);
	return 0;
fail:
	free(p->buf);
	p->buf = NULL;
	close(fd);
	return -1;
}

int
ingest_prep_extract(struct ingest_prep *p, const char *name,
    const struct extract_ctx *xctx, const struct domains *d)
{
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->xrc = extract_text(name, p->buf, p->len, xctx, &p->x, p->why,
	    sizeof(p->why));
	if (p->xrc != 0)
		return p->xrc;
	if ((p->x.utf8 ? gongwen_parse_utf8(p->x.text, p->x.len, &p->gw) :
	    gongwen_parse(p->x.text, &p->gw)) == -1 || (d != NULL &&
	    domains_apply(d, &p->gw, p->x.text) == -1))
		p->prc = -1;
	else
		p->prc = 0;
	return 0;
}

/* The extracted text is the file's bytes, and they were deflated. */
static int
ingest_prep_same_text(const struct ingest_prep *p)
{
	return p->zbuf.z != NULL && p->x.len == p->len &&
	    (p->len == 0 || memcmp(p->x.text, p->buf, p->len) == 0);
}

size_t
ingest_prep_deflate(struct ingest_prep *p, struct packw_z *z)
{
	unsigned char	*zt;

	if (z == NULL)
		return 0;
	if (p->buf != NULL && p->zbuf.z == NULL &&
	    packw_prepare(z, PACKW_BLOB, p->buf, p->len, &p->zbuf) == -1)
		packw_pre_free(&p->zbuf);
	if (p->xrc == 0 && p->ztext.z == NULL &&
	    ingest_prep_same_text(p)) {
		/* A plain UTF-8 text is its own text: one blob, deflated
		 * once (the vault writes it once too).  Out of memory, the
		 * committer stages the text itself. */
		if ((zt = malloc(p->zbuf.zlen)) != NULL) {
			p->ztext = p->zbuf;
			p->ztext.z = zt;
			memcpy(zt, p->zbuf.z, p->zbuf.zlen);
		}
	} else if (p->xrc == 0 && p->ztext.z == NULL &&
	    packw_prepare(z, PACKW_BLOB, p->x.text, p->x.len, &p->ztext) == -1)
		packw_pre_free(&p->ztext);
	return p->zbuf.zlen + p->ztext.zlen;
}

int
ingest_prep_same(const struct ingest_prep *p, const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) == -1)
		return 0;
	return sb.st_dev == p->sb.st_dev && sb.st_ino == p->sb.st_ino &&
	    sb.st_size == p->sb.st_size &&
	    sb.st_mtim.tv_sec == p->sb.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == p->sb.st_mtim.tv_nsec &&
	    sb.st_ctim.tv_sec == p->sb.st_ctim.tv_sec &&
	    sb.st_ctim.tv_nsec == p->sb.st_ctim.tv_nsec;
}
