#!/bin/bash
# reliability_eio.sh: docketd while storage calls fail with EIO, by the
# LD_PRELOAD shim in tests/fault/faultshim.c (built here with the system
# cc; the test fails without one).  Each scenario: docketd under the
# shim registers a few documents, then the trigger file appears and the
# chosen call fails once on the chosen path while more documents arrive;
# the running docketd must register every one of them exactly once, with
# no restart:
#  - the fsync of refs/heads fails after refs/heads/main was moved to the
#    new commit: the commit happened, so no second commit of the same
#    files (vault registrations == records == documents dropped);
#  - the pwrite of an LMDB meta page (data.mdb below 8 KiB) fails: the env
#    is in MDB_PANIC; docketd reopens it in-process, replays the vault and
#    registers the waiting files (the log says it reopened the index).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init reliability_eio

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shim_src=$here/../fault/faultshim.c
[ -f "$shim_src" ] || fail "no $shim_src"
need cc build-essential
SHIM=$T_TMP/faultshim.so
cc -shared -fPIC -O2 -o "$SHIM" "$shim_src" -ldl 2>"$T_TMP/cc.err" ||
    fail "cannot build the fault shim: $(head -c 300 "$T_TMP/cc.err")"
# A sanitizer build cannot take a preloaded library before its runtime.
if ldd "$DOCKETD" 2>/dev/null | grep -q 'libasan'; then
	skip "docketd is built with ASan; the shim cannot be preloaded"
fi

# vault_versions: document versions the vault history registers (one
# "Dnnnnnnn vN" line per document in each ingest commit's message).
vault_versions() {
	vault log --format=%b refs/heads/main | grep -cE '^D[0-9]+ v[0-9]+ '
}

# vault_records: record directories the vault history ever added.
vault_records() {
	vault log --diff-filter=A --name-only --format= refs/heads/main |
	    grep -c '/record.json$'
}

# injected: failures the shim injected so far.
injected() {
	grep -c ' INJECTED ' "$SHIMLOG" 2>/dev/null || echo 0
}

# any_injected: the shim has failed a call (evaluated at every poll).
any_injected() {
	[ "$(injected)" -ge 1 ]
}

# scenario NAME FUNCS PATH [OFFSET_BELOW]: see the top of this file.
scenario() {
	local name=$1 funcs=$2 fpath=$3 below=${4:-0} i n0=4 n1=6

	step "$name"
	new_root "$name"
	TRIG=$T_TMP/$name.trigger
	SHIMLOG=$T_TMP/$name.shim
	LD_PRELOAD=$SHIM FS_FUNCS=$funcs FS_PATH=$fpath FS_ERRNO=EIO \
	    FS_COUNT=1 FS_OFFSET_BELOW=$below FS_TRIGGER=$TRIG FS_LOG=$SHIMLOG \
	    FS_LOGPATHS='/spool/|db/data.mdb|vault.git/' start_daemon
	for i in $(seq $n0); do
		drop_doc "a$i.txt"
	done
	wait_for "the first $n0 documents" records_are $n0
	touch "$TRIG"
	for i in $(seq $n1); do
		drop_doc "b$i.txt"
	done
	wait_for "the shim to fail $funcs on $fpath" any_injected
	rm -f "$TRIG"
	wait_for "the running docketd to register all $((n0 + n1))" \
	    records_are $((n0 + n1))
	wait_for "spool/ to empty" spool_empty
	assert_daemon_alive "after the fault"
	[ "$name" != metapage ] || log_has "reopened" ||
	    fail "docketd did not log that it reopened the index"
	assert_eq 1 "$(injected)" "failures injected"
	assert_eq $((n0 + n1)) "$(vault_versions)" \
	    "document versions in the vault history"
	assert_eq $((n0 + n1)) "$(vault_records)" \
	    "records added in the vault history"
	assert_eq $((n0 + n1)) "$(rec_count)" "records in the index"
	stop_daemon
	step "$name: after a restart nothing changes"
	start_daemon
	assert_eq $((n0 + n1)) "$(rec_count)" "records after a restart"
	assert_eq $((n0 + n1)) "$(vault_versions)" \
	    "vault versions after a restart"
	ctl verify >/dev/null 2>&1 || fail "docketctl verify after $name"
	assert_fsck
	stop_daemon
}

scenario refsdir fsync 'refs/heads$'
# LMDB's meta pages are the first two pages: never a data page's offset.
scenario metapage pwrite 'db/data.mdb' 8192
