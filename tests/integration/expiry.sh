#!/bin/bash
# expiry.sh: docketd's clock (libfaketime) expires documents and runs the
# cleanup on its own, with no docketctl command.
#  - a document valid until 2026-03-31 (有效期至2026年3月31日) registers
#    in_force on its last day and, while docketd runs, turns expired just
#    after midnight: status_on 2026-04-01, an "expire" event by docketd
#    (in_force -> expired, "valid until 2026-03-31"), its own vault commit
#    with record.json showing expired;
#  - docketctl schedule lists pending expiries; after a downtime past
#    valid_until the document is expired at start-up (status_on the day
#    after valid_until).  That restart uses [cleanup] catch_up = no: the
#    cleanups scheduled since the clock first ran (clock_since) are not
#    run, so the expiry is seen on its own;
#  - docketctl cleanup --as-of previews what a cleanup on that day would
#    clean (documents already expired, and those expiring before it, with
#    kind 失效), changes nothing; an invalid date exits 2;
#  - with the default schedule (0 6 1 * *) and catch_up, a restart at
#    2026-09-01 05:59:50 runs the missed 2026-08-01 06:00 cleanup at once
#    (never run since clock_since), then the 06:00 one: both in
#    cleanup/2026-09-01.json (.runs, actor docketd) and .md; cleaned
#    documents leave list unless --all or --status cleaned;
#  - with catch_up = no a restart past a scheduled time (after a previous
#    run) runs no cleanup; a document stored with a valid_until already
#    past expires at once; cleanup run still works by hand;
#  - the vault passes git fsck --strict.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export TZ=UTC
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init expiry

hist() {
	ctl history "$1" --json
}

last_event() {
	# The catalog's own events (publish, unpublish) follow the change
	# that causes them: the last event of the change is the one before.
	hist "$1" | jq -c '[.[] | select(.action != "publish" and
	    .action != "unpublish")] | .[-1] | {actor, action, from, to, reason}'
}

status_is() {
	[ "$(field "$1" status)" = "$2" ]
}

# cleanup_commits: commits on main touching cleanup/.
cleanup_commits() {
	vault log --oneline main -- cleanup/ | wc -l | tr -d ' '
}

# result DATE: the published cleanup/DATE.json at main.
result() {
	vault show "main:cleanup/$1.json"
}

in_vault() {
	vault cat-file -e "main:$1" 2>/dev/null
}

not_in_vault() {
	! in_vault "$1"
}

# runs_are DATE N: cleanup/DATE.json records N runs.
runs_are() {
	[ "$(result "$1" | jq '.runs | length')" = "$2" ]
}

# ids JQFILTER FILE: the ids a filter selects, sorted, space-separated.
ids_of() {
	jq -r "[$1 | .id] | sort | join(\" \")" "$2"
}

epoch() {
	date -u -d "$1" +%s
}

NOCATCH=$T_TMP/nocatch.conf
write_config "$NOCATCH" "[cleanup]" "catch_up = no"

# --- 1 -------------------------------------------------------------------

step "1. a document expires at midnight while docketd runs"
t0=$(now_ms)
FAKE_TIME="2026-03-31 23:59:45" start_daemon
drop_doc e1.txt docno=淄教发〔2026〕11号 title=关于做好春季学校安全检查工作的通知 \
    body="为做好春季学校安全检查工作，现将有关事项通知如下。本通知自2026年1月1日起施行，有效期至2026年3月31日。"
E1_SHA=$DOC_SHA
E1_DOCNO=$DOC_DOCNO
wait_for "e1.txt to be registered" has_sha "$E1_SHA"
E1=$(field "$E1_SHA" id)
live=$(field "$E1" status)
sched=$(ctl schedule --json)
elapsed=$(( $(now_ms) - t0 ))
assert_eq 2026-03-31 "$(field "$E1" valid_until)" "valid_until of $E1"
assert_eq 2026-01-01 "$(field "$E1" effective_from)" "effective_from of $E1"
# docketd's clock started at 23:59:45 no earlier than t0: within 14 s it
# cannot have reached midnight, so the record must still be in force.
if [ "$elapsed" -lt 14000 ]; then
	assert_eq in_force "$live" "status of $E1 on its last day (before midnight)"
	assert_eq "2026-03-31 2026-04-01" \
	    "$(jq -r --arg i "$E1" '.expiries[] | select(.id == $i) | "\(.valid_until) \(.expires_on)"' <<<"$sched")" \
	    "schedule .expiries entry of $E1 before midnight"
else
	note "start-up took ${elapsed} ms: the live in_force check is left out"
fi
# Whenever it is read, registration itself was in force, on 2026-03-31.
c_reg=$(ctl versions "$E1" --json | jq -r '.[0].commit')
vault show "$c_reg:$(vault_dir "$E1")/record.json" >"$T_TMP/e1.reg" ||
    fail "record.json of $E1 at its registration commit"
assert_eq "in_force null" "$(jq -r '"\(.status) \(.status_on)"' "$T_TMP/e1.reg")" \
    "status and status_on of $E1 at registration (vault)"
assert_match "$(hist "$E1" | jq -r '.[0].time')" '^2026-03-31T23:59:[45][0-9]\+00:00$' \
    "time of $E1's register event"

wait_for -t 60 "$E1 to expire after midnight, without any command" status_is "$E1" expired
assert_eq 2026-04-01 "$(field "$E1" status_on)" "status_on of $E1"
assert_eq '{"actor":"docketd","action":"expire","from":"in_force","to":"expired","reason":"valid until 2026-03-31"}' \
    "$(last_event "$E1")" "last event of $E1"
assert_eq "register expire" "$(hist "$E1" | jq -r '[.[].action] | join(" ")')" \
    "events of $E1 (register, expire)"
assert_eq "$(field "$E1" index_no)" "$(hist "$E1" | jq -r '.[0].publish')" \
    "the register event of $E1 notes its entry into the catalog"
assert_match "$(hist "$E1" | jq -r '.[-1].time')" '^2026-04-01T' "time of the expire event"
vault show "main:$(vault_dir "$E1")/record.json" >"$T_TMP/e1.main" ||
    fail "record.json of $E1 at main"
assert_eq "expired 2026-04-01" "$(jq -r '"\(.status) \(.status_on)"' "$T_TMP/e1.main")" \
    "status and status_on of $E1 in the vault at main"
assert_eq "$(field "$E1" commit)" "$(vault rev-parse main)" "commit of $E1 is the vault head"
assert_eq "expire: 1 document" "$(vault log -1 --format=%s main)" "message of the expiry commit"
assert_eq expire "$(vault show "main:$(vault_dir "$E1")/events.jsonl" | tail -n 1 | jq -r .action)" \
    "last line of events.jsonl of $E1"
assert_log "schedule: expire: 1 document" "the expiry in docketd's log"
assert_eq 0 "$(cleanup_commits)" "cleanup commits after the expiry"

# --- 2 -------------------------------------------------------------------

step "2. a document expires at start-up after a downtime"
drop_doc e2.txt docno=淄财发〔2026〕12号 title=关于加强财政预算执行管理工作的通知 \
    body="为加强财政预算执行管理，现将有关事项通知如下。本通知自2026年4月1日起施行，有效期至2026年6月30日。"
E2_SHA=$DOC_SHA
E2_DOCNO=$DOC_DOCNO
wait_for "e2.txt to be registered" has_sha "$E2_SHA"
E2=$(field "$E2_SHA" id)
assert_ne "$E1" "$E2" "id of e2.txt"
assert_eq in_force "$(field "$E2" status)" "status of $E2"
assert_eq 2026-06-30 "$(field "$E2" valid_until)" "valid_until of $E2"
ctl schedule --json >"$T_TMP/sched2" || fail "docketctl schedule --json"
assert_eq "$E2 2026-06-30 2026-07-01" \
    "$(jq -r '[.expiries[] | "\(.id) \(.valid_until) \(.expires_on)"] | join(",")' "$T_TMP/sched2")" \
    "schedule .expiries (only $E2; $E1 has expired)"
assert_eq "$E2_DOCNO" "$(jq -r '.expiries[0].docno' "$T_TMP/sched2")" "schedule .expiries[0].docno"
assert_eq "0 6 1 * *" "$(jq -r .cleanup_schedule "$T_TMP/sched2")" "schedule .cleanup_schedule"
assert_eq 2026-04-01T06:00:00+00:00 "$(jq -r .next_cleanup "$T_TMP/sched2")" "schedule .next_cleanup"
assert_eq null "$(jq -r .last_cleanup "$T_TMP/sched2")" "schedule .last_cleanup"
ctl schedule >"$T_TMP/sched2.txt" || fail "docketctl schedule"
grep -q "^$E2 .*2026-06-30" "$T_TMP/sched2.txt" || fail "schedule table lacks $E2: $(cat "$T_TMP/sched2.txt")"
stop_daemon

FAKE_TIME="2026-08-01 10:00:00" start_daemon -c "$NOCATCH"
wait_for "$E2 to be expired after start-up" status_is "$E2" expired
assert_eq 2026-07-01 "$(field "$E2" status_on)" "status_on of $E2"
assert_eq '{"actor":"docketd","action":"expire","from":"in_force","to":"expired","reason":"valid until 2026-06-30"}' \
    "$(last_event "$E2")" "last event of $E2"
assert_match "$(hist "$E2" | jq -r '.[-1].time')" '^2026-08-01T10:' "time of $E2's expire event"
assert_eq "expired 2026-07-01" \
    "$(vault show "main:$(vault_dir "$E2")/record.json" | jq -r '"\(.status) \(.status_on)"')" \
    "status and status_on of $E2 in the vault at main"
assert_eq expired "$(field "$E1" status)" "status of $E1 after the restart"
assert_eq 0 "$(cleanup_commits)" "cleanup commits after a start with catch_up = no"
log_has "was missed" && fail "catch_up = no, yet docketd ran a missed cleanup: $(grep 'was missed' "$LOG")"
ctl schedule --json >"$T_TMP/sched2b" || fail "docketctl schedule --json"
assert_eq 0 "$(jq '.expiries | length' "$T_TMP/sched2b")" "schedule .expiries after the expiry"
assert_eq 2026-09-01T06:00:00+00:00 "$(jq -r .next_cleanup "$T_TMP/sched2b")" \
    "schedule .next_cleanup after the restart"

# --- 3 -------------------------------------------------------------------

step "3. cleanup --as-of previews what a cleanup on that day would clean"
drop_doc e3.txt docno=淄民发〔2026〕13号 title=关于做好社会救助资金发放工作的通知 \
    body="为做好社会救助资金发放工作，现将有关事项通知如下。本通知自2026年8月1日起施行，有效期至2026年12月31日。"
E3_SHA=$DOC_SHA
E3_DOCNO=$DOC_DOCNO
wait_for "e3.txt to be registered" has_sha "$E3_SHA"
E3=$(field "$E3_SHA" id)
assert_eq in_force "$(field "$E3" status)" "status of $E3"
assert_eq 2026-12-31 "$(field "$E3" valid_until)" "valid_until of $E3"
head_before=$(vault rev-parse main)

ctl cleanup --as-of 2027-01-01 --json >"$T_TMP/pre1" || fail "cleanup --as-of 2027-01-01 --json"
assert_eq 2027-01-01 "$(jq -r .as_of "$T_TMP/pre1")" "preview .as_of"
assert_eq "$(printf '%s\n' "$E1" "$E2" "$E3" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(ids_of '.clean[]' "$T_TMP/pre1")" "preview 2027-01-01: .clean"
assert_eq 0 "$(jq '.held | length' "$T_TMP/pre1")" "preview 2027-01-01: .held"
for p in "$E1 失效 2026-04-01 expired" "$E2 失效 2026-07-01 expired" \
    "$E3 失效 2027-01-01 expired"; do
	grep -qxF "$p" <(jq -r '.clean[] | "\(.id) \(.kind) \(.date) \(.status)"' "$T_TMP/pre1") ||
	    fail "preview 2027-01-01 lacks '$p': $(jq -c .clean "$T_TMP/pre1")"
done
assert_eq "$E3_DOCNO" "$(jq -r --arg i "$E3" '.clean[] | select(.id == $i) | .docno' "$T_TMP/pre1")" \
    "preview: docno of $E3"

ctl cleanup --as-of 2026-12-31 --json >"$T_TMP/pre2" || fail "cleanup --as-of 2026-12-31 --json"
assert_eq "$(printf '%s\n' "$E1" "$E2" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(ids_of '.clean[]' "$T_TMP/pre2")" "preview 2026-12-31: .clean (not $E3, valid that day)"

ctl cleanup --as-of 2027-01-01 >"$T_TMP/pre1.txt" || fail "cleanup --as-of 2027-01-01"
n=$(ctl cleanup --as-of 2027-01-01 --json | jq '.clean | length')
assert_contains "$(head -n 1 "$T_TMP/pre1.txt")" " $n " "preview table heading (the count of .clean)"
grep -q "^$E3 .*失效" "$T_TMP/pre1.txt" || fail "preview table lacks $E3: $(cat "$T_TMP/pre1.txt")"

assert_rc 2 "cleanup --as-of 2026-13-01" ctl cleanup --as-of 2026-13-01
assert_contains "$(cat "$T_TMP/err")" "2026-13-01" "the --as-of error message"
assert_rc 2 "cleanup --as-of 2026-02-30" ctl cleanup --as-of 2026-02-30
assert_rc 2 "cleanup run --as-of" ctl cleanup run --as-of 2027-01-01
# A preview changes nothing.
assert_eq in_force "$(field "$E3" status)" "status of $E3 after the previews"
assert_eq expired "$(field "$E1" status)" "status of $E1 after the previews"
assert_eq "$head_before" "$(vault rev-parse main)" "vault head after the previews"
assert_eq 0 "$(cleanup_commits)" "cleanup commits after the previews"

# --- 4 -------------------------------------------------------------------

step "4. the scheduled cleanup runs by itself (a missed one at start-up, then 06:00)"
stop_daemon
# Default configuration: schedule 0 6 1 * *, catch_up = yes.  No cleanup
# has run since the clock first started (2026-03-31), so the one due at
# 2026-08-01 06:00 was missed: it runs at start-up, 2026-09-01 05:59:5x;
# then the 2026-09-01 06:00 run adds to the same day's result.
FAKE_TIME="2026-09-01 05:59:50" start_daemon
wait_for "cleanup/2026-09-01.json in the vault after start-up" in_vault cleanup/2026-09-01.json
assert_log "schedule: the cleanup due at 2026-08-01T06:00:00+00:00 was missed; running it now" \
    "the missed cleanup in docketd's log"
wait_for "$E1 to be cleaned" status_is "$E1" cleaned
wait_for "$E2 to be cleaned" status_is "$E2" cleaned
assert_eq in_force "$(field "$E3" status)" "status of $E3 (valid until 2026-12-31)"
assert_eq 2026-04-01 "$(field "$E1" status_on)" "status_on of $E1 after cleaning"
assert_eq 2026-07-01 "$(field "$E2" status_on)" "status_on of $E2 after cleaning"
for i in "$E1" "$E2"; do
	assert_eq '{"actor":"docketd","action":"clean","from":"expired","to":"cleaned","reason":null}' \
	    "$(last_event "$i")" "last event of $i"
	assert_eq cleaned "$(vault show "main:$(vault_dir "$i")/record.json" | jq -r .status)" \
	    "status of $i in the vault at main"
done
result 2026-09-01 >"$T_TMP/res1" || fail "git show main:cleanup/2026-09-01.json"
assert_eq 2026-09-01 "$(jq -r .date "$T_TMP/res1")" "result .date"
assert_eq "docketd 2 0" "$(jq -r '.runs[0] | "\(.actor) \(.cleaned) \(.held)"' "$T_TMP/res1")" \
    "first run (catch-up) in the result"
assert_match "$(jq -r '.runs[0].at' "$T_TMP/res1")" '^2026-09-01T05:59:[56][0-9]\+00:00$' \
    "time of the catch-up run"
assert_eq "$E1 失效 2026-04-01 expired $E1_DOCNO,$E2 失效 2026-07-01 expired $E2_DOCNO" \
    "$(jq -r '[.documents | sort_by(.id)[] | "\(.id) \(.kind) \(.date) \(.status) \(.docno)"] | join(",")' "$T_TMP/res1")" \
    "documents in the published result"
vault show main:cleanup/2026-09-01.md >"$T_TMP/res1.md" || fail "git show main:cleanup/2026-09-01.md"
grep -q "失效" "$T_TMP/res1.md" || fail "the .md lacks 失效: $(cat "$T_TMP/res1.md")"
grep -qF "$E1_DOCNO" "$T_TMP/res1.md" || fail "the .md lacks $E1_DOCNO"
grep -qF "$E2_DOCNO" "$T_TMP/res1.md" || fail "the .md lacks $E2_DOCNO"
grep -q "2026年9月1日" "$T_TMP/res1.md" || fail "the .md lacks the cleanup date"
grep -q "2026年4月1日" "$T_TMP/res1.md" || fail "the .md lacks $E1's date"
grep -q "本次共清理文件 2 件，其中失效 2 件" "$T_TMP/res1.md" ||
    fail "the .md's count: $(head -n 5 "$T_TMP/res1.md")"

ctl list --json >"$T_TMP/list" || fail "list --json"
assert_eq "$E3" "$(ids_of '.[]' "$T_TMP/list")" "list --json (cleaned ones left out)"
ctl list --all --json >"$T_TMP/list.all" || fail "list --all --json"
assert_eq "$(printf '%s\n' "$E1" "$E2" "$E3" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(ids_of '.[]' "$T_TMP/list.all")" "list --all --json"
ctl list --status cleaned --json >"$T_TMP/list.cl" || fail "list --status cleaned --json"
assert_eq "$(printf '%s\n' "$E1" "$E2" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(ids_of '.[]' "$T_TMP/list.cl")" "list --status cleaned --json"
ctl cleanup --as-of 2026-12-31 --json >"$T_TMP/pre3" || fail "cleanup preview after the run"
assert_eq 0 "$(jq '.clean | length' "$T_TMP/pre3")" "preview 2026-12-31 after the run"

wait_for -t 60 "the 06:00 cleanup to add a second run to cleanup/2026-09-01.json" \
    runs_are 2026-09-01 2
result 2026-09-01 >"$T_TMP/res2" || fail "git show main:cleanup/2026-09-01.json"
assert_eq "docketd 0 0" "$(jq -r '.runs[1] | "\(.actor) \(.cleaned) \(.held)"' "$T_TMP/res2")" \
    "second run (06:00) in the result"
assert_match "$(jq -r '.runs[1].at' "$T_TMP/res2")" '^2026-09-01T06:00:[0-9]{2}\+00:00$' \
    "time of the scheduled run"
assert_eq "$(jq -c '.runs[0]' "$T_TMP/res1")" "$(jq -c '.runs[0]' "$T_TMP/res2")" \
    "the first run, kept by the second"
assert_eq "$(jq -c .documents "$T_TMP/res1")" "$(jq -c .documents "$T_TMP/res2")" \
    "documents after the second run"
assert_eq 2 "$(cleanup_commits)" "cleanup commits on 2026-09-01"
assert_eq "cleanup 2026-09-01: 0 documents cleaned by docketd" \
    "$(vault log -1 --format=%s main -- cleanup/)" "message of the 06:00 cleanup commit"
ctl schedule --json >"$T_TMP/sched4" || fail "docketctl schedule --json"
assert_match "$(jq -r .last_cleanup "$T_TMP/sched4")" '^2026-09-01T06:00:' "schedule .last_cleanup"
assert_eq 2026-10-01T06:00:00+00:00 "$(jq -r .next_cleanup "$T_TMP/sched4")" "schedule .next_cleanup"
assert_eq in_force "$(field "$E3" status)" "status of $E3 after the 06:00 cleanup"

# --- 5 -------------------------------------------------------------------

step "5. catch_up = no: no cleanup at start-up past a scheduled time"
stop_daemon
n=$(cleanup_commits)
# 2026-10-01 06:00 falls in the downtime, after the last run.
FAKE_TIME="2026-10-15 12:00:00" start_daemon -c "$NOCATCH"
# The start-up pass runs before the control socket opens: schedule
# answering means it is over.
ctl schedule --json >"$T_TMP/sched5" || fail "docketctl schedule --json"
assert_eq "$n" "$(cleanup_commits)" "cleanup commits after a start with catch_up = no"
log_has "was missed" && fail "catch_up = no, yet docketd ran a missed cleanup: $(grep 'was missed' "$LOG")"
assert_match "$(jq -r .last_cleanup "$T_TMP/sched5")" '^2026-09-01T06:00:' \
    "schedule .last_cleanup with catch_up = no"
assert_eq 2026-11-01T06:00:00+00:00 "$(jq -r .next_cleanup "$T_TMP/sched5")" \
    "schedule .next_cleanup with catch_up = no"
not_in_vault cleanup/2026-10-15.json || fail "cleanup/2026-10-15.json exists though catch_up = no"

# A document whose valid_until has already passed expires at once; the
# schedule pass that follows its registration runs no cleanup either.
drop_doc e4.txt docno=淄商发〔2026〕14号 title=关于促进消费工作的通知 \
    body="为促进消费，现将有关事项通知如下。本通知自2026年9月1日起施行，有效期至2026年9月30日。"
E4_SHA=$DOC_SHA
wait_for "e4.txt to be registered" has_sha "$E4_SHA"
E4=$(field "$E4_SHA" id)
wait_for "$E4 (valid until 2026-09-30) to expire at once" status_is "$E4" expired
assert_eq 2026-10-01 "$(field "$E4" status_on)" "status_on of $E4"
assert_eq '{"actor":"docketd","action":"expire","from":"in_force","to":"expired","reason":"valid until 2026-09-30"}' \
    "$(last_event "$E4")" "last event of $E4"
assert_eq "$n" "$(cleanup_commits)" "cleanup commits after $E4 expired"
not_in_vault cleanup/2026-10-15.json || fail "cleanup/2026-10-15.json exists though catch_up = no"

# By hand it still runs.
ctl cleanup run --json >"$T_TMP/run5" || fail "cleanup run"
assert_eq "2026-10-15 1 0" "$(jq -r '"\(.date) \(.cleaned) \(.held)"' "$T_TMP/run5")" \
    "cleanup run --json"
assert_eq $((n + 1)) "$(cleanup_commits)" "cleanup commits after cleanup run"
result 2026-10-15 >"$T_TMP/res5" || fail "git show main:cleanup/2026-10-15.json"
assert_eq "$(id -un) 1" "$(jq -r '[.runs[] | "\(.actor) \(.cleaned)"] | join(",")' "$T_TMP/res5")" \
    "runs in cleanup/2026-10-15.json"
assert_eq "$E4 失效 2026-10-01" \
    "$(jq -r '[.documents[] | "\(.id) \(.kind) \(.date)"] | join(",")' "$T_TMP/res5")" \
    "documents in cleanup/2026-10-15.json"
assert_eq cleaned "$(field "$E4" status)" "status of $E4"
assert_eq in_force "$(field "$E3" status)" "status of $E3"

# --- 6 -------------------------------------------------------------------

step "6. the vault"
stop_daemon
assert_fsck
note "ok"
