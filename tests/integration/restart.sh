#!/bin/bash
# restart.sh: docketd across stops, restarts and crashes.
#  - SIGTERM and SIGINT exit 0; a restart keeps every record, id, version
#    and commit;
#  - files found in spool/ at start-up (a crash after the claim; a spool
#    name as docketd makes it, and a foreign name) are registered before
#    anything in intake/;
#  - a crash between the vault commit and the LMDB commit (index rolled
#    back, the claimed file still in spool/) is recovered: the record comes
#    back from the vault with its id and commit, the spool file is a
#    duplicate, and later ids do not reuse it;
#  - a stale refs/heads/main.lock of a crashed libgit2 is removed;
#  - a second docketd on the same root is refused ("already running",
#    with the first one's pid) and the first keeps working;
#  - SIGTERM and SIGKILL in the middle of a burst: after a restart every
#    document is registered exactly once;
#  - without -f docketd detaches; docketd.lock and status give its pid.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init restart

# snapshot FILE: id, version, sha256, commit of every record.
snapshot() {
	ctl list --json | jq -c '[.[] | {id, version, sha256, commit}]' >"$1" ||
	    fail "docketctl list --json"
}

idnum() {
	echo $((10#${1#D}))
}

step "register two documents, stop with SIGTERM"
start_daemon
drop_doc one.txt
sha_one=$DOC_SHA
drop_doc two.txt
sha_two=$DOC_SHA
wait_for "one.txt to be registered" has_sha "$sha_one"
wait_for "two.txt to be registered" has_sha "$sha_two"
snapshot "$T_TMP/snap1"
stop_daemon TERM

step "restart: records kept"
start_daemon
snapshot "$T_TMP/snap2"
assert_same_file "$T_TMP/snap1" "$T_TMP/snap2" "records across a restart"
assert_eq "$DPID" "$(ctl status --json | jq -r .pid)" "status .pid"
assert_eq "$DPID" "$(head -n 1 "$ROOT/docketd.lock")" "pid in docketd.lock"
stop_daemon INT

step "files left in spool/ are registered first, at start-up"
ms=1700000000000
mkdir -p "$INTAKE"
make_doc "$ROOT/spool/$(printf '%013d-%06d' "$ms" 7)#zbedu#claimed.txt"
sha_claimed=$DOC_SHA
spool_claimed=$DOC_PATH
make_doc "$ROOT/spool/by-hand.txt"
sha_byhand=$DOC_SHA
spool_byhand=$DOC_PATH
make_doc "$INTAKE/waiting.txt"
sha_waiting=$DOC_SHA
touch -d '-1 hour' "$INTAKE/waiting.txt"
start_daemon
# docketd answers at once and stores spool/ from its event loop; intake/
# is read only once spool/ is done (startup_answer.sh checks the order).
wait_for "the old files in spool/ to be registered" \
    eval 'gone "$spool_claimed" && gone "$spool_byhand"'
has_sha "$sha_claimed" || fail "the claimed file in spool/ was not registered at start-up"
has_sha "$sha_byhand" || fail "the foreign file in spool/ was not registered at start-up"
assert_eq claimed.txt "$(field "$sha_claimed" source_name)" "source_name from the spool name"
assert_eq zbedu "$(field "$sha_claimed" agency)" "agency from the spool name"
assert_eq "$(date -u -d @$((ms / 1000)) +%Y-%m-%dT%H:%M:%S+00:00)" \
    "$(field "$sha_claimed" received_at)" "received_at from the spool name's time"
assert_eq by-hand.txt "$(field "$sha_byhand" source_name)" "source_name of a foreign spool name"
assert_eq null "$(field "$sha_byhand" agency)" \
    "agency of a foreign spool name (none: no folder, no [agency])"
wait_for "waiting.txt in intake/ to be registered" has_sha "$sha_waiting"
id_claimed=$(field "$sha_claimed" id)
id_byhand=$(field "$sha_byhand" id)
id_waiting=$(field "$sha_waiting" id)
assert_lt "$(idnum "$id_claimed")" "$(idnum "$id_waiting")" "spool before intake ($id_claimed, $id_waiting)"
assert_lt "$(idnum "$id_byhand")" "$(idnum "$id_waiting")" "spool before intake ($id_byhand, $id_waiting)"
stop_daemon

step "a crash between the vault commit and the LMDB commit"
cp -a "$ROOT/db" "$T_TMP/db.before" || fail "copy db/"
start_daemon
drop_doc crash.txt
sha_crash=$DOC_SHA
wait_for "crash.txt to be registered" has_sha "$sha_crash"
id_crash=$(field "$sha_crash" id)
c_crash=$(field "$sha_crash" commit)
snapshot "$T_TMP/snap3"
stop_daemon
ncommits=$(vault rev-list --count main)
# Back to the index as it was before the batch, and the claimed file back
# in spool/ (it is removed only after the LMDB commit).
rm -rf "$ROOT/db"
cp -a "$T_TMP/db.before" "$ROOT/db"
crashname="$(printf '%013d-%06d' "$(now_ms)" 0)##crash.txt"
vault show "$c_crash:$(vault_dir "$id_crash")/original.txt" >"$ROOT/spool/$crashname" ||
    fail "crash.txt from the vault"
st=$(ctl status --json)
assert_eq "$c_crash" "$(jq -r .last_commit.commit <<<"$st")" "vault head before recovery"
assert_eq false "$(jq -r .last_commit.indexed <<<"$st")" "indexed before recovery"
assert_rc 3 "show crash.txt before recovery" ctl show "$sha_crash"
start_daemon
assert_log "replay: vault head" "recovery at start-up"
wait_for "spool/ to be empty after recovery" spool_empty
assert_log "duplicate: crash.txt" "the spool file after recovery"
snapshot "$T_TMP/snap4"
assert_same_file "$T_TMP/snap3" "$T_TMP/snap4" "records after recovery"
assert_eq "$ncommits" "$(vault rev-list --count main)" "commits after recovery"
assert_eq true "$(ctl status --json | jq -r .last_commit.indexed)" "indexed after recovery"
assert_eq 1 "$(ctl history "$id_crash" --json | jq '[.[] | select(.action ==
    "register" or .action == "version")] | length')" "versions of $id_crash"
drop_doc next.txt
wait_for "next.txt to be registered" has_sha "$DOC_SHA"
id_next=$(field "$DOC_SHA" id)
assert_lt "$(idnum "$id_crash")" "$(idnum "$id_next")" "id after recovery ($id_crash, $id_next)"

step "a second docketd on the same root is refused"
run_rc timeout 20 "$DOCKETD" -f -r "$ROOT"
[ "$RC" -ne 0 ] || fail "a second docketd on $ROOT exited 0"
[ "$RC" -ne 124 ] || fail "a second docketd on $ROOT kept running"
assert_contains "$(cat "$T_TMP/err")" "already running" "the second docketd's message"
assert_contains "$(cat "$T_TMP/err")" "$DPID" "the second docketd's message (first one's pid)"
assert_daemon_alive "after the second docketd was refused"
assert_eq "$DPID" "$(head -n 1 "$ROOT/docketd.lock")" "pid in docketd.lock"
drop_doc after-second.txt
wait_for "after-second.txt to be registered" has_sha "$DOC_SHA"
stop_daemon

step "a stale refs/heads/main.lock is removed at start-up"
echo "0000000000000000000000000000000000000000" >"$ROOT/vault.git/refs/heads/main.lock"
start_daemon
assert_gone "$ROOT/vault.git/refs/heads/main.lock" "refs/heads/main.lock"
assert_log "removed stale" "log of the stale lock"
drop_doc after-lock.txt
wait_for "after-lock.txt to be registered" has_sha "$DOC_SHA"

# burst NAME COUNT: stage COUNT documents, rename them into intake/.
burst() {
	local i

	mkdir -p "$STAGE/$1"
	for i in $(seq 1 "$2"); do
		make_doc "$STAGE/$1/$1-$i.txt"
		echo "$DOC_SHA" >>"$T_TMP/expected"
	done
	for i in $(seq 1 "$2"); do
		mv "$STAGE/$1/$1-$i.txt" "$INTAKE/$1-$i.txt" || fail "mv $1-$i.txt"
	done
}

# all_registered: every sha256 in $T_TMP/expected has a record.
all_registered() {
	ctl list --json | jq -r '.[].sha256' | sort >"$T_TMP/have"
	sort "$T_TMP/expected" | comm -23 - "$T_TMP/have" | grep -q . && return 1
	return 0
}

ctl list --json | jq -r '.[].sha256' >"$T_TMP/expected"

step "SIGTERM in the middle of a burst"
burst term 40
stop_daemon TERM
note "$(rec_count) records, $(entries "$ROOT/spool") in spool/, $(entries "$INTAKE") in intake/ at SIGTERM"
start_daemon
wait_for "every document of the burst to be registered" all_registered
wait_for "spool/ to be empty" spool_empty

step "SIGKILL in the middle of a burst"
burst kill 60
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
note "$(rec_count) records, $(entries "$ROOT/spool") in spool/, $(entries "$INTAKE") in intake/ at SIGKILL"
start_daemon
wait_for "every document of the burst to be registered" all_registered
wait_for "spool/ to be empty" spool_empty
assert_eq 0 "$(entries "$INTAKE")" "files left in intake/"

step "exactly once"
ctl list --json >"$T_TMP/list" || fail "list --json"
assert_eq "$(sort -u "$T_TMP/expected" | wc -l | tr -d ' ')" "$(jq length "$T_TMP/list")" \
    "records (one per document dropped)"
assert_eq "$(jq length "$T_TMP/list")" "$(jq '[.[].sha256] | unique | length' "$T_TMP/list")" \
    "distinct contents"
assert_eq "$(jq length "$T_TMP/list")" "$(jq '[.[].id] | unique | length' "$T_TMP/list")" \
    "distinct ids"
assert_eq 0 "$(entries "$ROOT/quarantine")" "files in quarantine/"
assert_eq true "$(ctl status --json | jq -r .last_commit.indexed)" "vault head indexed"
stop_daemon
assert_fsck

step "without -f: docketd detaches"
# detached_up: status reports a running docketd whose pid is alive and is
# the one in docketd.lock (the parent's pid is there for a moment).
detached_up() {
	local p

	p=$(ctl status --json | jq -r 'select(.running) | .pid')
	[ -n "$p" ] && [ "$p" != null ] && kill -0 "$p" 2>/dev/null &&
	    [ "$p" = "$(head -n 1 "$ROOT/docketd.lock")" ]
}
detached_down() {
	[ "$(ctl status --json | jq -r .running)" = false ]
}
assert_rc 0 "docketd -r ROOT (detaching)" timeout 20 "$DOCKETD" -r "$ROOT"
wait_for "the detached docketd to run" detached_up
pid=$(ctl status --json | jq -r .pid)
T_PIDS="$T_PIDS $pid"
drop_doc detached.txt
wait_for "detached.txt to be registered" has_sha "$DOC_SHA"
run_rc timeout 20 "$DOCKETD" -f -r "$ROOT"
assert_contains "$(cat "$T_TMP/err")" "already running" "a second docketd beside a detached one"
kill -TERM "$pid" || fail "kill the detached docketd"
wait_for "the detached docketd to stop" detached_down
note "ok"
