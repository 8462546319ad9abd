#!/bin/bash
# repack.sh: the vault's packs stay few (vault_repack.c, doc/ARCHITECTURE.md
# "Repack"), and a kill -9 during a merge loses nothing.
#  - 48 batches, one commit and one pack each: merges run in the
#    background; the packs stay under 16; git fsck --full, verify-pack and
#    docketctl verify are clean, every record is there;
#  - docketd killed while its child holds the merge before the new pack is
#    in place (DOCKET_REPACK_STALL=manifest): the next start drops the
#    manifest, keeps every source, and all is clean;
#  - while that merge holds, the second slot (VAULT_REPACK_SLOTS) merges
#    the packs the next 24 batches add, and a kill -9 then leaves every
#    manifest finished at the next start;
#  - killed after the new pack is in place, before the sources go
#    (DOCKET_REPACK_STALL=published): the next start removes the sources.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init repack

PACKDIR=$ROOT/vault.git/objects/pack
MANIFEST=$ROOT/vault.git/docket-repack
N=0

packs() {
	ls "$PACKDIR" | grep -c '\.pack$'
}

# the merge child of docketd, if one runs
merging() {
	[ -n "$(ps -o pid= --ppid "$DPID" 2>/dev/null)" ]
}

no_merge() {
	! merging
}

one_more() {
	N=$((N + 1))
	drop_doc "d$N.txt"
	wait_for "document $N" records_are "$N"
}

# The merge held where DOCKET_REPACK_STALL says: its manifest is there.
held() {
	[ -e "$MANIFEST" ] && merging
}

new_in_place() {
	local new

	new=$(sed -n 's/^new //p' "$MANIFEST" 2>/dev/null)
	[ -n "$new" ] && [ -e "$PACKDIR/$new.idx" ]
}

check_all() {
	local idx out

	assert_fsck
	out=$(vault fsck --full --no-progress 2>&1) ||
	    fail "git fsck --full: $out"
	for idx in "$PACKDIR"/*.idx; do
		vault verify-pack "$idx" >/dev/null 2>&1 ||
		    fail "git verify-pack $idx"
	done
	assert_eq "$N" "$(rec_count)" "records"
	ctl verify >/dev/null 2>&1 || fail "docketctl verify"
	# every record's text, from the vault
	for i in $(seq 1 "$N"); do
		ctl show "$(printf 'D%06d' "$i")" >/dev/null 2>&1 ||
		    fail "docketctl show of record $i"
	done
}

held_in_place() {
	held && new_in_place
}

# until_held TEST MESSAGE: one batch at a time (40 at most) until TEST holds.
until_held() {
	local i

	for i in $(seq 1 40); do
		one_more
		if "$1"; then return 0; fi
		sleep 0.2
		if "$1"; then return 0; fi
	done
	fail "$2"
}

kill9() {
	local pid=$DPID c

	c=$(ps -o pid= --ppid "$pid" | tr -d ' ')
	kill -9 "$pid"
	DPID=
	wait "$pid" 2>/dev/null
	# the child dies with its parent (PR_SET_PDEATHSIG)
	for c in $c; do
		wait_for "the merge child to die" not_alive "$c"
	done
}

step "48 batches: the packs are merged in the background"
start_daemon
for i in $(seq 1 48); do
	one_more
done
wait_for -t 60 "the last merge to end" no_merge
one_more		# reaps it, removes its sources
wait_for -t 60 "the merge to end" no_merge
assert_log "merged into pack-"
n=$(packs)
assert_lt "$n" 16 "packs after $N commits"
assert_eq "$((N + 0))" "$(vault rev-list --count refs/heads/main)" \
    "commits on main"
stop_daemon
[ -e "$MANIFEST" ] && fail "a manifest was left"
for m in $(cat "$ROOT/vault.git/docket-merged"); do
	[ -e "$PACKDIR/$m.pack" ] && found=1
done
[ -n "${found:-}" ] || fail "docket-merged names no pack in place"
check_all
step "a restart after merges: vault gc keeps every pack"
n=$(packs)
start_daemon
assert_eq "$n" "$(packs)" "packs after a restart"
stop_daemon

step "kill -9 while the merge holds before its pack is in place"
before=
DOCKET_REPACK_STALL=manifest start_daemon
until_held held "no merge started in 40 batches"
before=$(ls "$PACKDIR" | grep '\.pack$' | sort)
kill9
start_daemon
[ -e "$MANIFEST" ] && fail "the manifest of a cut merge was left"
assert_eq "$before" "$(ls "$PACKDIR" | grep '\.pack$' | sort)" \
    "packs after the cut merge (every source kept, no new one)"
stop_daemon
check_all

step "while one merge holds, the small packs are merged beside it"
DOCKET_REPACK_STALL=manifest start_daemon
until_held held "no merge started in 40 batches"
held_n=$(packs)
merges=$(grep -c "merged into pack-" "$LOG" || true)
for i in $(seq 1 24); do
	one_more
done
held || fail "the first merge no longer holds"
after=$(grep -c "merged into pack-" "$LOG" || true)
assert_lt "$merges" "$after" "merges finished while the first one held"
# without the second slot: one more pack per batch, $((held_n + 24))
assert_lt "$(packs)" "$((held_n + 14))" "packs while the first merge held"
kill9
start_daemon
[ -e "$MANIFEST" ] && fail "the manifest of the held merge was left"
[ -e "$MANIFEST-1" ] && fail "the second slot's manifest was left"
one_more
stop_daemon
check_all

step "kill -9 after the new pack is in place, before the sources go"
DOCKET_REPACK_STALL=published start_daemon
until_held held_in_place "no merge reached its pack in 40 batches"
new=$(sed -n 's/^new //p' "$MANIFEST")
olds=$(sed -n 's/^old //p' "$MANIFEST")
kill9
start_daemon
[ -e "$MANIFEST" ] && fail "the manifest was left"
[ -e "$PACKDIR/$new.pack" ] || fail "the merged pack is gone"
for o in $olds; do
	[ -e "$PACKDIR/$o.idx" ] && fail "source $o.idx was left"
	[ -e "$PACKDIR/$o.pack" ] && fail "source $o.pack was left"
done
one_more
stop_daemon
check_all

step "docketd --repack-merge by hand does nothing and says so"
before=$(ls "$PACKDIR" | sort)
set -- $(ls "$PACKDIR" | sed -n 's/\.pack$//p' | head -2)
for args in "" "x" "$ROOT/vault.git 0 1 stderr $1 $2" \
    "$ROOT/vault.git 9 $PPID stderr $1 $2"; do
	assert_rc 2 "docketd --repack-merge $args" \
	    "$DOCKETD" --repack-merge $args
	assert_contains "$(cat "$T_TMP/err")" "不能手工运行" \
	    "the message of --repack-merge $args"
done
assert_eq "$before" "$(ls "$PACKDIR" | sort)" "packs after --repack-merge by hand"
check_all
exit 0
