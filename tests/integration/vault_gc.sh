#!/bin/bash
# vault_gc.sh: packs no ref reaches are removed at start (issue 14,
# defect 5; vault_gc.c, doc/ARCHITECTURE.md "Pack garbage").
#  - the rename of refs/heads/main.lock fails once (tests/fault/faultshim.c):
#    the batch's pack is written but main never takes its commit, and the
#    batch is committed again; one pack too many, its commit unreachable;
#  - the next start removes that pack and only it: one pack per commit on
#    main, no unreachable commit, git fsck --strict clean, every record and
#    docketctl verify intact;
#  - a pack of two dangling commits made by hand (not docketd's) is kept.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init vault_gc

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v cc >/dev/null 2>&1 || fail "no cc to build the fault shim"
if ldd "$DOCKETD" 2>/dev/null | grep -q 'libasan'; then
	skip "docketd is built with ASan; the shim cannot be preloaded"
fi
SHIM=$T_TMP/faultshim.so
cc -shared -fPIC -O2 -o "$SHIM" "$here/../fault/faultshim.c" -ldl \
    2>"$T_TMP/cc.err" || fail "cannot build the fault shim: $(cat "$T_TMP/cc.err")"

packs() {
	ls "$ROOT/vault.git/objects/pack/" | grep -c '\.pack$'
}

commits() {
	vault rev-list --count refs/heads/main
}

unreachable() {
	vault fsck --unreachable --no-reflogs --no-progress 2>/dev/null |
	    grep -c '^unreachable commit'
}

injected() {
	grep -c ' INJECTED ' "$SHIMLOG" 2>/dev/null || echo 0
}

# some_injected: at least one failure injected (evaluated at each poll).
some_injected() {
	[ "$(injected)" -ge 1 ]
}

step "a ref update fails once: a pack main never took"
TRIG=$T_TMP/trigger
SHIMLOG=$T_TMP/shim.log
LD_PRELOAD=$SHIM FS_FUNCS=rename FS_PATH='refs/heads/main$' FS_COUNT=1 \
    FS_TRIGGER=$TRIG FS_LOG=$SHIMLOG start_daemon
drop_doc a1.txt
wait_for "the first document" records_are 1
touch "$TRIG"
drop_doc a2.txt
drop_doc a3.txt
wait_for "the shim to fail the ref's rename" some_injected
rm -f "$TRIG"
wait_for -t 40 "the batch committed again" records_are 3
wait_for "spool/ to empty" spool_empty
stop_daemon
assert_eq 1 "$(unreachable)" "unreachable commits after the failure"
assert_eq $(( $(commits) + 1 )) "$(packs)" "packs (one too many)"

step "a hand-made pack of two dangling commits (not docketd's)"
tree=$(vault mktree </dev/null)
c1=$(vault commit-tree "$tree" -m "hand 1")
c2=$(vault commit-tree "$tree" -p "$c1" -m "hand 2")
hand=$(printf '%s\n' "$c2" "$c1" "$tree" |
    vault pack-objects "$ROOT/vault.git/objects/pack/pack") ||
    fail "pack-objects"
vault prune-packed
touch -d '2 days ago' "$ROOT/vault.git/objects/pack/pack-$hand".*
n_before=$(packs)
# An .idx whose .pack never came (a kill between the two links).
ORPHAN=$ROOT/vault.git/objects/pack/pack-0123456789abcdef0123456789abcdef01234567.idx
cp "$ROOT/vault.git/objects/pack/pack-$hand.idx" "$ORPHAN"
touch -d '2 days ago' "$ORPHAN"

step "the next start removes the unreachable pack of docketd's"
start_daemon
assert_log "vault gc: removed"
assert_eq $((n_before - 1)) "$(packs)" "packs after the start"
assert_file "$ROOT/vault.git/objects/pack/pack-$hand.pack" "the hand-made pack"
[ -e "$ORPHAN" ] && fail "an .idx without its .pack was left"
rm -f "$ROOT/vault.git/objects/pack/pack-$hand".*
assert_eq "$(commits)" "$(packs)" "packs = commits on main"
assert_eq 0 "$(unreachable)" "unreachable commits"
assert_fsck
assert_eq 3 "$(rec_count)" "records"
ctl verify >/dev/null 2>&1 || fail "docketctl verify"
drop_doc a4.txt
wait_for "a new document after the gc" records_are 4
stop_daemon
assert_fsck
exit 0
