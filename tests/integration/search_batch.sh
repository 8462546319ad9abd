#!/bin/bash
# search_batch.sh: the full-text index follows ingest batch by batch, in
# docketd's committer (search_feed.c), from the texts the batch staged.
# 1. 120 documents dropped at once, batches of 10 (batch_max = 10):
#    whenever LMDB holds N records the index holds at least N - 20 (two
#    batches, SFQ_DEPTH: read in that order, so the index can only have
#    grown since); at the end it holds them all and finds the last one's
#    words.
# 2. the index's writes held inside their transaction
#    (DOCKET_SEARCH_STALL=batch) while 30 documents come: LMDB takes two
#    batches (the one held and the one queued behind it) and no more,
#    the vault a third that waits before its LMDB write, the index none;
#    killed there with SIGKILL, and after a restart the index holds them
#    all, finds them, and verify is clean.
# 3. an index far behind (an older copy of it put back, as an older
#    docketd that let it lag leaves it), with DOCKET_SEARCH_NEAR=5 as
#    "far", and files waiting in intake: the committer leaves the
#    catching up to the worker (or finds it done: the worker starts
#    first), intake goes on, and the index ends complete, the new
#    batch's texts found.
# 4. a reader holding the index's lock longer than docketd waits for it,
#    while 60 documents come in batches of 5: jobs on the index's thread
#    fail (with the one queued behind, if any), the failure is logged, the index is not thrown away (opening it writes nothing, and
#    a lock is not damage), and it still ends complete, every text found,
#    verify clean.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init search_batch

# indexed: the documents the index holds (-1: no index yet).
indexed() {
	ctl search 号 --json 2>/dev/null | jq -r '.indexed // -1'
}

# hits QUERY: the ids found, one line.
hits() {
	ctl search "$@" --json | jq -r '[.hits[].id] | join(" ")'
}

# idle: no worker of docketd's runs (the index is the committer's alone).
idle() {
	[ -z "$(pgrep -P "$DPID")" ]
}

conf=$T_TMP/docketd.conf
write_config "$conf" "batch_max = 10"
start_daemon -c "$conf"
wait_for "the index to be created" eval '[ "$(indexed)" = 0 ]'
wait_for "the worker to end" idle

step "120 documents: the index is never more than two batches behind"
for i in $(seq 1 120); do
	stage_doc "b$i.txt"
done
LAST=$DOC_DOCNO
# (mv may complain of a file docketd claimed from intake at once)
mv "$STAGE"/b*.txt "$INTAKE/" 2>/dev/null
[ -z "$(ls "$STAGE")" ] || fail "moving into intake"
n=0
while :; do
	r=$(rec_count)
	i=$(indexed)
	[ "$i" -ge $((r - 20)) ] ||
	    fail "LMDB held $r records, the index only $i afterwards"
	[ "$i" = 120 ] && break
	n=$((n + 1))
	[ "$n" -lt 3000 ] || fail "the index did not reach 120 (at $i of $r)"
	sleep 0.05
done
assert_eq 120 "$(rec_count)" "records"
assert_eq 1 "$(ctl search "$LAST" --json | jq '.hits | length')" \
    "the last document's docno"

step "the index held: LMDB two batches ahead at most, then killed"
stop_daemon
DOCKET_SEARCH_STALL=batch start_daemon -c "$conf"
wait_for "the worker to end" idle
for i in $(seq 1 30); do
	stage_doc "k$i.txt" body="第${i}份断电恢复测试文件。"
done
K30=$DOC_DOCNO
commits() {
	git --git-dir="$ROOT/vault.git" rev-list --count main
}
c0=$(commits)
# (mv may complain of a file docketd claimed from intake at once)
mv "$STAGE"/k*.txt "$INTAKE/" 2>/dev/null
[ -z "$(ls "$STAGE")" ] || fail "moving into intake"
wait_for "LMDB to take a batch" eval '[ "$(rec_count)" -gt 120 ]'
# until LMDB stands still for a second
prev=-1
while r=$(rec_count); [ "$r" != "$prev" ]; do
	prev=$r
	sleep 1
done
# one batch held on the index's thread, one queued behind it, both in
# LMDB; the third is in the vault (a batch is one vault commit, however
# many files it has) and waits before its LMDB write
assert_eq 3 "$(($(commits) - c0))" "vault commits past a held index"
assert_eq false "$(ctl status --json | jq .last_commit.indexed)" \
    "the third batch in LMDB"
[ "$r" -le 140 ] || fail "LMDB took $r records past a held index (120)"
assert_eq 120 "$(indexed)" "the index (its writes are held)"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
start_daemon -c "$conf"
wait_for "the index to catch up" eval '[ "$(indexed)" = 150 ]'
assert_eq 150 "$(rec_count)" "records"
assert_eq 30 "$(ctl search 断电恢复测试文件 --limit 50 --json | jq '.hits | length')" \
    "the batches' texts"
assert_eq 1 "$(ctl search "$K30" --json | jq '.hits | length')" "a docno"
assert_rc 0 "verify" ctl verify
assert_contains "$(cat "$T_TMP/out")" "全文索引" "verify checks the index"
stop_daemon

step "an index far behind: the worker catches up while intake goes on"
cp "$ROOT/db/search.sqlite" "$T_TMP/search.old"
start_daemon -c "$conf"
for i in $(seq 1 20); do
	stage_doc "f$i.txt"
done
mv "$STAGE"/f*.txt "$INTAKE/" 2>/dev/null
wait_for "the index to hold 170" eval '[ "$(indexed)" = 170 ]'
stop_daemon
rm -f "$ROOT/db/search.sqlite-wal" "$ROOT/db/search.sqlite-shm" \
    "$ROOT/db/search.sqlite-journal"
cp "$T_TMP/search.old" "$ROOT/db/search.sqlite"
# the files wait in intake: the first batch commits while it is behind
for i in $(seq 1 10); do
	stage_doc "g$i.txt" body="第${i}份远落后索引测试文件。"
done
G10=$DOC_DOCNO
mv "$STAGE"/g*.txt "$INTAKE/"
DOCKET_SEARCH_NEAR=5 start_daemon -c "$conf"
wait_for "LMDB to hold 180 records" records_are 180
wait_for "the index to catch up" eval '[ "$(indexed)" = 180 ]'
assert_eq 10 "$(ctl search 远落后索引测试文件 --json | jq '.hits | length')" \
    "the new batch's texts"
assert_eq 1 "$(ctl search "$G10" --json | jq '.hits | length')" "a docno"
assert_rc 0 "verify" ctl verify
stop_daemon

step "a reader holding the index's lock: jobs fail, nothing is lost"
write_config "$conf" "batch_max = 5"
start_daemon -c "$conf"
wait_for "the worker to end" idle
# A reader's shared lock held 2 s at a time, far longer than docketd
# waits for it (250 ms), and taken again at once: the COMMIT of a job on the
# index's thread fails, and a job queued behind it with it (not at its
# parent).
python3 - "$ROOT/db/search.sqlite" "$T_TMP/locker.stop" \
    "$T_TMP/locker.ready" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True,
    isolation_level=None)
while not os.path.exists(sys.argv[2]):
    try:
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM docs").fetchall()
        open(sys.argv[3], "w").close()
        time.sleep(2)
    except sqlite3.Error:
        pass
    db.execute("ROLLBACK") if db.in_transaction else None
PY
locker=$!
wait_for "the reader to hold the lock" test -e "$T_TMP/locker.ready"
for i in $(seq 1 60); do
	stage_doc "h$i.txt" body="第${i}份索引锁冲突测试文件。"
done
H60=$DOC_DOCNO
mv "$STAGE"/h*.txt "$INTAKE/" 2>/dev/null
wait_for "LMDB to hold 240 records" records_are 240
sleep 1
touch "$T_TMP/locker.stop"
wait "$locker"
assert_log "; the worker catches up"
# (the worker retries after 5 s, then 10, 20)
wait_for -t 60 "the index to catch up" eval '[ "$(indexed)" = 240 ]'
# a lock is no damage: the index is never thrown away and built anew
log_has "building a new one" && fail "the index rebuilt for a reader's lock"
assert_eq 60 "$(ctl search 索引锁冲突测试文件 --limit 100 --json |
    jq '.hits | length')" "the texts of every batch"
assert_eq 1 "$(ctl search "$H60" --json | jq '.hits | length')" "a docno"
assert_rc 0 "verify" ctl verify
assert_contains "$(cat "$T_TMP/out")" "问题 0 个" "verify"
stop_daemon
note ok
