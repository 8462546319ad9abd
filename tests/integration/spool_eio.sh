#!/bin/bash
# spool_eio.sh: spool/ through a disk that hiccups (issue 14, defect 3 and
# "an unreadable spool/ looks empty").
#  - read(2) of a spool file fails once with EIO (tests/fault/faultshim.c):
#    the file is not quarantined; it stays in spool/, is read again after
#    a backoff and registered, and the log says it will be retried;
#  - opendir(3) of spool/ fails with EACCES (a shim built here) while
#    files wait there: docketd logs it (once, not once per batch) and,
#    when spool/ can be read again, registers them with no new event from
#    intake/ (the retry timer).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init spool_eio

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v cc >/dev/null 2>&1 || fail "no cc to build the fault shims"
if ldd "$DOCKETD" 2>/dev/null | grep -q 'libasan'; then
	skip "docketd is built with ASan; a shim cannot be preloaded"
fi
SHIM=$T_TMP/faultshim.so
cc -shared -fPIC -O2 -o "$SHIM" "$here/../fault/faultshim.c" -ldl \
    2>"$T_TMP/cc.err" || fail "cannot build the fault shim: $(cat "$T_TMP/cc.err")"
cat >"$T_TMP/odshim.c" <<'CEOF'
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* opendir(3) of a path ending in $OD_SUFFIX fails with EACCES while the
 * file $OD_TRIGGER exists. */
DIR *
opendir(const char *p)
{
	static DIR *(*real)(const char *);
	const char *t = getenv("OD_TRIGGER"), *s = getenv("OD_SUFFIX");
	size_t n = strlen(p), k = s != NULL ? strlen(s) : 0;

	if (real == NULL)
		real = (DIR *(*)(const char *))dlsym(RTLD_NEXT, "opendir");
	if (t != NULL && s != NULL && n >= k && strcmp(p + n - k, s) == 0 &&
	    access(t, F_OK) == 0) {
		errno = EACCES;
		return NULL;
	}
	return real(p);
}
CEOF
ODSHIM=$T_TMP/odshim.so
cc -shared -fPIC -O2 -o "$ODSHIM" "$T_TMP/odshim.c" -ldl \
    2>"$T_TMP/cc.err" || fail "cannot build the opendir shim: $(cat "$T_TMP/cc.err")"

injected() {
	grep -c ' INJECTED ' "$SHIMLOG" 2>/dev/null || echo 0
}

# some_injected: at least one failure injected (evaluated at each poll).
some_injected() {
	[ "$(injected)" -ge 1 ]
}

quarantined() {
	ctl quarantine list --json | jq 'length'
}

step "a read of a spool file fails once with EIO"
new_root eio
TRIG=$T_TMP/eio.trigger
SHIMLOG=$T_TMP/eio.shim
LD_PRELOAD=$SHIM FS_FUNCS=read FS_PATH=/spool/ FS_ERRNO=EIO FS_COUNT=1 \
    FS_TRIGGER=$TRIG FS_LOG=$SHIMLOG start_daemon
for i in 1 2 3; do
	drop_doc "a$i.txt"
done
wait_for "the first 3 documents" records_are 3
touch "$TRIG"
for i in 1 2 3 4; do
	drop_doc "b$i.txt"
done
wait_for "the shim to fail a read in spool/" some_injected
wait_for "all 7 registered" records_are 7
wait_for "spool/ to empty" spool_empty
rm -f "$TRIG"
assert_eq 1 "$(injected)" "read failures injected"
assert_eq 0 "$(quarantined)" "files in quarantine"
assert_log "is read again in"
assert_log "read after 1 failed attempt"
assert_daemon_alive "after the read error"
stop_daemon

step "spool/ cannot be opened (EACCES) while files wait in it"
new_root eacces
TRIG=$T_TMP/eacces.trigger
LD_PRELOAD=$ODSHIM OD_SUFFIX=/spool OD_TRIGGER=$TRIG start_daemon
drop_doc c1.txt
wait_for "the first document" records_are 1
touch "$TRIG"
for i in 2 3 4; do
	drop_doc "c$i.txt"
done
spool_holds_3() {
	[ "$(entries "$ROOT/spool")" -eq 3 ]
}
wait_for "3 files claimed into spool/" spool_holds_3
wait_for "docketd to log that spool/ cannot be read" \
    log_has "spool: cannot open $ROOT/spool"
assert_eq 1 "$(rec_count)" "records while spool/ cannot be read"
sleep 1
rm -f "$TRIG"
# Nothing new arrives: the retry alone must take them.
wait_for "the 3 waiting files registered" records_are 4
wait_for "spool/ to empty" spool_empty
assert_log "can be read again"
assert_eq 1 "$(log_count "spool: cannot open")" \
    "log lines about spool/ (rate-limited)"
assert_eq 0 "$(quarantined)" "files in quarantine"
stop_daemon
exit 0
