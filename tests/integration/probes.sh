#!/bin/bash
# probes.sh: the probe files docketd renames intake/ -> spool/ ->
# quarantine/ at start (setup.c) are never left behind for good.  A kill -9
# between the probe's rename and its unlink leaves .docketd-probe.PID in
# spool/ or quarantine/ (made here by failing the unlink with the fault
# shim, and by hand with the pid of a process that has exited).  The next
# start removes every probe whose docketd is gone, and none is ever taken
# as a document or listed in quarantine.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init probes

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v cc >/dev/null 2>&1 || fail "no cc to build the fault shim"
SHIM=$T_TMP/faultshim.so
cc -shared -fPIC -O2 -o "$SHIM" "$here/../fault/faultshim.c" -ldl \
    2>"$T_TMP/cc.err" || fail "cannot build the fault shim: $(cat "$T_TMP/cc.err")"

probes() {
	find "$ROOT/intake" "$ROOT/spool" "$ROOT/quarantine" \
	    -name '.docketd-probe.*' | wc -l | tr -d ' '
}

step "a start whose probe unlinks fail (as if killed between rename and unlink)"
if ldd "$DOCKETD" 2>/dev/null | grep -q libasan; then
	# A sanitizer build cannot take the shim: leave probes by hand.
	mkdir -p "$ROOT/spool" "$ROOT/quarantine"
	: >"$ROOT/spool/.docketd-probe.$$"
	: >"$ROOT/quarantine/.docketd-probe.$$"
	start_daemon
else
	LD_PRELOAD=$SHIM FS_FUNCS=unlink FS_PATH=quarantine/.docketd-probe. \
	    FS_COUNT=-1 start_daemon
	assert_eq 1 "$(probes)" "probes left in quarantine/"
fi
drop_doc a.txt
wait_for "the document" records_are 1
stop_daemon

step "probes of processes that are gone, in each directory"
( exit 0 ) &
dead=$!
wait "$dead"
kill -0 "$dead" 2>/dev/null && fail "pid $dead is still alive"
for d in intake spool quarantine; do
	: >"$ROOT/$d/.docketd-probe.$dead"
done
mkdir -p "$INTAKE/财政局"
: >"$INTAKE/.docketd-probe.x"   # not a pid: stale too
# A live process that is not a docketd.
sleep 300 &
live=$!
T_PIDS="$T_PIDS $live"
: >"$ROOT/spool/.docketd-probe.$live"
assert_ne 0 "$(probes)" "probes before the restart"
start_daemon
assert_eq 0 "$(probes)" "probes after the restart"
assert_log "removed stale"
drop_doc b.txt
wait_for "the second document" records_are 2
wait_for "spool/ to empty" spool_empty
assert_eq 0 "$(ctl quarantine list --json | jq 'length')" \
    "files in quarantine"
assert_eq 2 "$(rec_count)" "records"
stop_daemon
kill "$live" 2>/dev/null
exit 0
