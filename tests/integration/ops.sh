#!/bin/bash
# ops.sh: what an administrator expects of the daemon itself.
#  - docketd -n checks the configuration (0) or names FILE:LINE (1);
#  - without -f it detaches, writes its pidfile, and removes it on SIGTERM;
#  - -u USER: the daemon runs as USER and the state it creates is USER's;
#  - start-up refuses, naming path and reason: a state directory owned by
#    another user, an unwritable directory, intake and spool on different
#    file systems.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init ops

step "-n checks the configuration"
write_config "$T_TMP/good.conf" "settle = 2s" "[extract]" "pdf = pdftotext %f -"
assert_rc 0 "docketd -n on a good file" "$DOCKETD" -n -c "$T_TMP/good.conf" -r "$ROOT"
assert_contains "$(cat "$T_TMP/out")" "is valid" "docketd -n output"
[ ! -e "$ROOT" ] || fail "docketd -n created the root"
write_config "$T_TMP/bad.conf" "settle = 2s" "rescan = often"
assert_rc 1 "docketd -n on a bad file" "$DOCKETD" -n -c "$T_TMP/bad.conf" -r "$ROOT"
assert_contains "$(cat "$T_TMP/err")" "bad.conf:2: rescan" "docketd -n error"

step "detached: pidfile, SIGTERM removes it"
"$DOCKETD" -r "$ROOT" -p "$T_TMP/d.pid" || fail "docketd did not detach cleanly"
wait_for "pidfile" test -s "$T_TMP/d.pid"
pid=$(cat "$T_TMP/d.pid")
T_PIDS="$T_PIDS $pid"
kill -0 "$pid" || fail "pid $pid from the pidfile is not running"
assert_eq "$pid" "$(tr -d '\n' <"$ROOT/docketd.lock")" "pid in docketd.lock"
make_doc "$STAGE/a.txt"
mv "$STAGE/a.txt" "$INTAKE/a.txt"
wait_for "a.txt registered" records_are 1
kill -TERM "$pid"
wait_for "detached docketd to exit" not_alive "$pid"
wait_for "pidfile removed" gone "$T_TMP/d.pid"

step "start-up refusals name the path"
new_root owned
mkdir -p "$ROOT"
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$ROOT/vault.git" && chown 65534:65534 "$ROOT/vault.git"
	assert_rc 1 "vault owned by another user" "$DOCKETD" -f -r "$ROOT"
	assert_contains "$(cat "$T_TMP/err")" "vault.git is owned by uid 65534" \
	    "message for a foreign vault"
	rm -rf "$ROOT/vault.git"
else
	chmod 0500 "$ROOT"
	assert_rc 1 "unwritable root" "$DOCKETD" -f -r "$ROOT"
	assert_contains "$(cat "$T_TMP/err")" "$ROOT" "message for an unwritable root"
	chmod 0750 "$ROOT"
fi

if [ "$(id -u)" -eq 0 ]; then
	need useradd passwd
	mount -t tmpfs -o size=4M tmpfs "$T_TMP/stage" 2>"$T_TMP/mount.err" ||
	    fail "as root, cannot mount a tmpfs on $T_TMP/stage: $(cat "$T_TMP/mount.err")"
	step "intake on another file system than spool"
	new_root xdev
	mkdir -p "$ROOT"
	write_config "$T_TMP/xdev.conf" "intake = $T_TMP/stage/intake"
	assert_rc 1 "intake on a tmpfs" "$DOCKETD" -f -c "$T_TMP/xdev.conf"
	assert_contains "$(cat "$T_TMP/err")" "rename fails" \
	    "message for intake and spool apart"
	umount "$T_TMP/stage"

	step "-u USER: runs as USER, its state belongs to USER"
	u=docket-test-$$
	useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$u" ||
	    fail "useradd $u"
	trap 'rc=$?; userdel "$u" 2>/dev/null; (exit $rc); t_cleanup' EXIT
	new_root priv
	chmod 0755 "$T_TMP"
	start_daemon -u "$u"
	assert_eq "$u" "$(ps -o user= -p "$DPID" | tr -d ' ')" "user of docketd"
	drop_doc p.txt
	wait_for "p.txt registered" records_are 1
	for f in "$ROOT/vault.git" "$ROOT/db/data.mdb" "$ROOT/spool" "$ROOT/intake"; do
		assert_eq "$u" "$(stat -c %U "$f")" "owner of $f"
	done
	stop_daemon
else
	note "not root: -u and cross-device checks skipped"
fi
