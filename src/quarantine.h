/*
 * quarantine: where docket puts what it will not store, with a reason.
 * Nothing is deleted behind anyone's back: a bad file is moved aside with
 * NAME.reason, and leaves only through an administrator's retry (back to
 * intake/) or drop, each recorded as an event in the vault first
 * (command.c).
 */
#ifndef DOCKET_QUARANTINE_H
#define DOCKET_QUARANTINE_H

#include <stddef.h>

#include <jansson.h>

/* Why the files of an agency folder with a hostile name are refused: its
 * name would reach every docketctl table and report. */
#define QUARANTINE_WHY_AGENCY	"机关目录名含控制字符或非 UTF-8 编码，" \
	"不能作为机关名称"

/* The vault file that records what left quarantine, one event a line. */
#define QUARANTINE_LOG	"quarantine/log.jsonl"

/* Move src (a path) to dir/NAME (NAME.1, NAME.2… when taken) and write
 * dir/NAME.reason holding one line: the reason and the time.  The final
 * name goes to out (may be NULL).  0, or -1 with errno set. */
int	quarantine_move(const char *dir, const char *src, const char *name,
	    const char *reason, char *out, size_t outlen);
/* The same, remembering where the file came from: from is its path
 * under intake/ ("NAME", "AGENCY/NAME", "AGENCY/SUB/NAME"), written into
 * the reason line as ", from intake/FROM" so that a retry can put it
 * back.  from NULL: name. */
int	quarantine_move_from(const char *dir, const char *src,
	    const char *name, const char *from, const char *reason,
	    char *out, size_t outlen);

/*
 * What quarantine/ holds, oldest first (then by name): an array of
 * {"n", "name", "agency", "source_name", "reason", "time", "size"}; n
 * counts from 1 and is what `docketctl quarantine list` shows.  agency
 * is null when the file came from intake/ itself.  NULL with a message
 * when dir cannot be read.
 */
json_t	*quarantine_list(const char *dir, char *err, size_t errlen);
/* One entry of the list by its n ("3") or its name; NULL when none. */
json_t	*quarantine_find(json_t *list, const char *which);
/* 1 if name may name a quarantined file (no '/', no dot-name, not a
 * .reason or .tmp file). */
int	quarantine_name_ok(const char *name);
/* SHA-256 (hex) of dir/name; -1 with errno. */
int	quarantine_sha256(const char *dir, const char *name, char hex[65]);

/*
 * Put dir/NAME back in intake/[agency/]source_name (the agency folder is
 * made when missing) and remove NAME.reason; to gets the path under
 * intake/.  -1 with errno: ENOENT (not in quarantine), EEXIST (intake
 * already holds that name).
 */
int	quarantine_retry(const char *dir, const char *intake, json_t *entry,
	    char *to, size_t tolen);
/* Remove dir/NAME and NAME.reason.  -1 with errno. */
int	quarantine_drop(const char *dir, const char *name);

/* fsync a directory by path. */
int	fsync_dir(const char *path);

#endif
