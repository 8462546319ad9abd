#!/bin/bash
# apply.sh: disclosure applications (依申请公开) through a running docketd,
# under faketime (today is Friday 2026-12-04), with the built-in calendar.
#  - one application from receipt to answer: new (prints A2026-00001; due
#    the 20th working day, 2026-12-18), correct (the clock stops), corrected
#    (a new day of receipt: due 2026-12-24), consult/consulted (2 working
#    days paused: 2026-12-28), extend (+20: 2027-01-25; a second one is
#    refused, exit 5), fee by count and paid, answer granted with a
#    document (which gets an apply_answer event on its own history),
#    appeal and appeal-result; explain quotes the articles day by day;
#  - a late answer is flagged answered_late; list --overdue, --open,
#    --due-before and --agency; an expired correction period and the
#    answer other/withdrawn_no_correction;
#  - show --json has the stable English keys; event times are RFC 3339;
#  - bad inputs: a Chinese message and exit 2 (unknown ids exit 3);
#  - uid 65534 can neither read nor change an application, through a 0660
#    or a 0666 socket (raw requests get code denied), and cannot read the
#    index or the vault files;
#  - reindex keeps applications equal; so do kill -9 and a restart, and an
#    index that missed a vault commit (an old db/ put back) is caught up;
#  - fees by volume once [applications] fee_method = pages is reloaded;
#  - the due index (app_due) holds the due date, the consultation's and
#    the fee's deadline of an open application, no deadline of answered
#    ones.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init apply

[ "$(id -u)" -eq 0 ] ||
    skip "needs root (the admin on the socket, setpriv to uid 65534)"
need python3
need setpriv util-linux
need mdb_dump lmdb-utils

mkdir -p "$ROOT" || fail "mkdir $ROOT"
write_config "$ROOT/docketd.conf" \
    "[applications]" \
    "fee_method = count" \
    "due_soon = 5"
export FAKE_TIME="2026-12-04 10:00:00"
start_daemon

# apply_field ID KEY: one field of show --json (jq -c).
apply_field() {
	ctl apply show "$1" --json | jq -c --arg k "$2" '.[$k]'
}

# ok DESC ARGS...: docketctl apply ARGS must exit 0.
ok() {
	local d=$1

	shift
	assert_rc 0 "$d" ctl apply "$@"
}

# bad RC DESC ARGS...: docketctl apply ARGS exits RC with a Chinese
# message (some CJK character on stderr).
bad() {
	local rc=$1 d=$2

	shift 2
	assert_rc "$rc" "$d" ctl apply "$@"
	LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$T_TMP/err" ||
	    fail "$d: the message is not Chinese: $(cat "$T_TMP/err")"
}

step "a document to answer with"
drop_doc a1.txt
wait_for "a1.txt to be registered" has_sha "$DOC_SHA"
doc=$(field "$DOC_SHA" id)

step "one application from receipt to answer"
ok "apply new" new --received 2026-11-20 --channel in_person \
    --applicant 张三 --applicant-type person --contact 13800000000 \
    --request "2025 年度部门预算" --agency 教育局
id=$(cat "$T_TMP/out")
assert_eq A2026-00001 "$id" "the new id"
assert_eq '"2026-12-18"' "$(apply_field "$id" due)" "due (20th working day)"
assert_eq 10 "$(apply_field "$id" working_days_left)" "working days left"
assert_eq '"open"' "$(apply_field "$id" state)" "state"
ctl apply show "$id" --json >"$T_TMP/show.json"
jq -e 'has("id") and has("agency") and has("applicant") and
    has("applicant_type") and has("channel") and has("received") and
    has("due") and has("extended") and has("state") and has("flags") and
    has("paused_working_days") and has("working_days_left") and
    has("answer") and has("events")' "$T_TMP/show.json" >/dev/null ||
    fail "show --json keys: $(cat "$T_TMP/show.json")"
jq -e '.events[0].time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([+-][0-9:]{5}|Z)$")' \
    "$T_TMP/show.json" >/dev/null || fail "event time not RFC 3339"
assert_eq '"art31_1"' "$(jq -c .receipt_rule "$T_TMP/show.json")" "receipt rule"
ok "apply show" show "$id"
assert_contains "$(cat "$T_TMP/out")" "当面提交" "show: the channel in Chinese"
assert_contains "$(cat "$T_TMP/out")" "办理中" "show: the state in Chinese"

ok "apply correct" correct "$id" --on 2026-11-24 --what "请写明文件名称"
assert_eq '"awaiting_correction"' "$(apply_field "$id" state)" "state after correct"
assert_eq null "$(apply_field "$id" due)" "no due while awaiting correction"
bad 5 "a second correction request" correct "$id" --on 2026-11-25 --what x
ok "apply corrected" corrected "$id" --on 2026-11-26
assert_eq '"2026-11-26"' "$(apply_field "$id" received)" "new day of receipt"
assert_eq '"2026-12-24"' "$(apply_field "$id" due)" "due after correction"

ok "apply consult" consult "$id" --party 某公司 --on 2026-11-30
assert_eq '"consulting"' "$(apply_field "$id" state)" "state while consulting"
ok "apply consulted" consulted "$id" --on 2026-12-02
assert_eq 2 "$(apply_field "$id" paused_working_days)" "paused working days"
assert_eq '"2026-12-28"' "$(apply_field "$id" due)" "due after the pause"

ok "apply extend" extend "$id" --on 2026-12-03 --approved-by 王主任 \
    --reason "涉及文件较多"
assert_eq true "$(apply_field "$id" extended)" "extended"
assert_eq '"2027-01-25"' "$(apply_field "$id" due)" "due after the extension"
bad 5 "a second extension" extend "$id" --on 2026-12-04 --approved-by 王主任 \
    --reason again
assert_contains "$(cat "$T_TMP/err")" "只能延长一次" "second extension message"

bad 2 "fee by pages when the office counts" fee "$id" --pages 40
# The applicant's first request this month is free: no notice, no pause.
bad 5 "a fee notice of 0 yuan" fee "$id" --count
assert_contains "$(cat "$T_TMP/err")" "不收费" "no fee message"
assert_contains "$(cat "$T_TMP/err")" "按件计收" "fee derivation"
assert_eq '"open"' "$(apply_field "$id" state)" "state after a free request"
bad 5 "apply paid with no fee" paid "$id" --on 2026-12-04

bad 3 "--docs naming no document" answer "$id" --on 2026-12-04 --type granted \
    --docs D000099 --reason "予以公开"
ok "apply answer" answer "$id" --on 2026-12-04 --type granted --docs "$DOC_DOCNO" \
    --reason "予以公开"
assert_eq '"answered"' "$(apply_field "$id" state)" "state after answer"
assert_eq '"granted"' "$(ctl apply show "$id" --json | jq -c .answer.type)" \
    "answer type"
assert_eq "[\"$doc\"]" "$(ctl apply show "$id" --json | jq -c .answer.docs)" \
    "answer docs"
assert_eq false "$(ctl apply show "$id" --json | jq '.flags | index("answered_late") != null')" \
    "not late"
ctl history "$doc" --json >"$T_TMP/hist.json" || fail "history $doc"
jq -e --arg id "$id" 'map(select(.action == "apply_answer" and
    .related == $id)) | length == 1' "$T_TMP/hist.json" >/dev/null ||
    fail "the document has no apply_answer event: $(cat "$T_TMP/hist.json")"
ctl history "$doc" >"$T_TMP/hist" || fail "history $doc"
assert_contains "$(cat "$T_TMP/hist")" "依申请公开答复 $id：予以公开" \
    "the document's history names the application"
grep -q 张三 "$T_TMP/hist" && fail "the document's history names the applicant"
bad 5 "a second answer" answer "$id" --on 2026-12-04 --type granted --reason x
ok "apply appeal" appeal "$id" --kind review --on 2026-12-04
ok "apply appeal-result" appeal-result "$id" --result upheld
assert_eq '[{"kind":"review","result":"upheld"}]' \
    "$(ctl apply show "$id" --json | jq -c '[.appeals[] | {kind, result}]')" \
    "appeals"
# (no fee and no payment: the request was free)
assert_eq 9 "$(ctl apply show "$id" --json | jq '.events | length')" \
    "events from receipt to appeal result"

ok "apply explain" explain "$id"
for s in "第三十一条第一项" "第三十条" "第三十二条" "第 1 个工作日" \
    "第 20 个工作日" "第三十三条第二款" "休息日，不计" "征求意见期间，不计" \
    "2027年1月25日"; do
	assert_contains "$(cat "$T_TMP/out")" "$s" "explain"
done
ok "apply explain --json" explain "$id" --json
jq -e '.text | length > 100' "$T_TMP/out" >/dev/null || fail "explain --json"

assert_eq true "$(ctl status --json | jq .last_commit.indexed)" \
    "the index is at the vault's head"
assert_rc 0 "docketctl verify" ctl verify
# the full-text index is not behind for commits that change no record
assert_not_contains "$(cat "$T_TMP/out")" "落后" "verify after applications"
assert_contains "$(cat "$T_TMP/out")" "全文索引" "verify checks the index"

step "late answers, lists, an expired correction"
ok "apply new (2)" new --received 2026-10-16 --channel online \
    --applicant 某研究所 --applicant-type research --request "统计数据" \
    --agency 统计局
id2=$(cat "$T_TMP/out")
assert_eq A2026-00002 "$id2" "the second id"
assert_eq '"2026-11-13"' "$(apply_field "$id2" due)" "due of the second"
ok "apply list --overdue" list --overdue --json
assert_eq "[\"$id2\"]" "$(jq -c 'map(.id)' "$T_TMP/out")" "list --overdue"
# Registered overdue (received long before): its log says so at once,
# as the daily tick says it of the others, and show names the flag.
assert_eq '{"actor":"docketd","action":"flags","set":["overdue"],"cleared":[]}' \
    "$(ctl apply show "$id2" --json | jq -c '.events[1] | {actor, action, set, cleared}')" \
    "the overdue event of an application registered overdue"
ok "apply show (2)" show "$id2"
grep -qE '^  2  [0-9-]+  标记变更：已逾期  docketd ' "$T_TMP/out" ||
    fail "show: the flags event does not say which: $(grep 标记变更 "$T_TMP/out")"
bad 5 "extend after due" extend "$id2" --on 2026-11-16 --approved-by 王主任 \
    --reason late
ok "apply new (3)" new --received 2026-11-02 --channel post \
    --applicant 李四 --applicant-type person --request "某文件"
id3=$(cat "$T_TMP/out")
ok "apply correct (3)" correct "$id3" --on 2026-11-03 --what "说明用途" --within 5
assert_eq true "$(ctl apply show "$id3" --json | jq '.flags | index("correction_expired") != null')" \
    "correction_expired"
ok "apply list --open" list --open --json
assert_eq "[\"$id2\",\"$id3\"]" "$(jq -c 'map(.id)' "$T_TMP/out")" "list --open"
ok "apply list --agency" list --agency 统计局 --json
assert_eq "[\"$id2\"]" "$(jq -c 'map(.id)' "$T_TMP/out")" "list --agency"
ok "apply list --due-before" list --due-before 2026-12-01 --json
assert_eq "[\"$id2\"]" "$(jq -c 'map(.id)' "$T_TMP/out")" "list --due-before"
ok "apply list" list
assert_contains "$(cat "$T_TMP/out")" "已逾期" "list: flags in Chinese"
ok "answer late" answer "$id2" --on 2026-11-20 --type unavailable \
    --sub not_held --refer 市统计局 --reason "本机关不掌握"
assert_contains "$(cat "$T_TMP/out")" "逾期答复" "late answer is said"
assert_eq true "$(ctl apply show "$id2" --json | jq '.flags | index("answered_late") != null')" \
    "answered_late"
ok "answer withdrawn_no_correction" answer "$id3" --on 2026-12-04 \
    --type other --sub withdrawn_no_correction --reason "逾期未补正"

step "bad inputs"
bad 2 "no subcommand" bogus
bad 2 "new without --request" new --received 2026-11-20 --channel post \
    --applicant x --applicant-type person
bad 2 "a bad channel" new --received 2026-11-20 --channel pigeon \
    --applicant x --applicant-type person --request r
bad 2 "a bad applicant type" new --received 2026-11-20 --channel post \
    --applicant x --applicant-type alien --request r
bad 2 "a bad date" new --received 2026-02-30 --channel post \
    --applicant x --applicant-type person --request r
bad 2 "a date after today" new --received 2026-12-05 --channel post \
    --applicant x --applicant-type person --request r
bad 2 "a bad id" show X42
bad 3 "an unknown id" show A2026-09999
bad 2 "an option of another subcommand" consult "$id3" --party p \
    --on 2026-11-04 --what x
bad 2 "denied without --sub" answer "$id3" --on 2026-11-04 --type denied \
    --reason r
bad 2 "a sub of another type" answer "$id3" --on 2026-11-04 --type denied \
    --sub not_held --reason r
bad 2 "--refer with granted" answer "$id3" --on 2026-11-04 --type granted \
    --refer x --reason r
bad 2 "a bad type" answer "$id3" --on 2026-11-04 --type maybe --reason r
bad 2 "fee with both" fee "$id3" --pages 3 --count
bad 2 "--within 0" correct "$id3" --on 2026-11-04 --what x --within 0
bad 2 "a bad appeal kind" appeal "$id" --kind petition --on 2026-12-04
bad 2 "a bad appeal result" appeal-result "$id" --result maybe
bad 2 "参数过多" show "$id" extra
bad 2 "a date before the last event" appeal "$id" --kind lawsuit --on 2026-12-01
bad 2 "a date before receipt" appeal "$id2" --kind review --on 2026-10-15
n=$(ctl apply list --json | jq length)
assert_eq 3 "$n" "no application from the bad inputs"

step "a user who is not admin"
SOCK=$ROOT/docketd.sock
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod o+x "$T_TMP" "$ROOT" || fail "chmod o+x"
commits=$(vault rev-list --count main)
for a in "show $id" "list" "explain $id" "consult $id3 --party p --on 2026-11-04"; do
	# shellcheck disable=SC2086
	assert_rc 4 "apply $a as uid 65534 (0660 socket)" \
	    $NOBODY "$DOCKETCTL" -r "$ROOT" apply $a
	assert_eq "" "$(cat "$T_TMP/out")" "stdout of a denied apply $a"
done
chmod 666 "$SOCK" || fail "chmod 666 $SOCK"
for a in "show $id" "list"; do
	# shellcheck disable=SC2086
	assert_rc 4 "apply $a as uid 65534 (0666 socket)" \
	    $NOBODY "$DOCKETCTL" -r "$ROOT" apply $a
done
cat >"$T_TMP/raw.py" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
f = s.makefile("rwb")
for cmd in sys.argv[2:]:
    name, _, arg = cmd.partition(" ")
    req = {"proto": 1, "cmd": name, "args": json.loads(arg or "{}")}
    f.write(json.dumps(req).encode() + b"\n")
    f.flush()
    print(f.readline().decode().strip())
EOF
chmod 644 "$T_TMP/raw.py"
PYN=$(command -v python3)
$NOBODY "$PYN" -c '' 2>/dev/null || PYN=/usr/bin/python3
$NOBODY "$PYN" "$T_TMP/raw.py" "$SOCK" \
    "apply_show {\"id\":\"$id\"}" "apply_list" "apply_explain {\"id\":\"$id\"}" \
    "apply_new {\"received\":\"2026-11-20\",\"channel\":\"post\",\"applicant\":\"x\",\"applicant_type\":\"person\",\"request\":\"r\"}" \
    "apply_consult {\"id\":\"$id3\",\"party\":\"p\",\"on\":\"2026-11-04\"}" \
    >"$T_TMP/raw.out" || fail "raw requests as uid 65534"
assert_eq 5 "$(jq -r 'select(.ok == false and .code == "denied") | .code' \
    "$T_TMP/raw.out" | wc -l)" "denied raw requests ($(cat "$T_TMP/raw.out"))"
grep -q 张三 "$T_TMP/raw.out" && fail "an applicant's name reached uid 65534"
chmod 660 "$SOCK"
$NOBODY cat "$ROOT/db/data.mdb" >/dev/null 2>&1 &&
    fail "uid 65534 can read the index"
$NOBODY git --git-dir="$ROOT/vault.git" log >/dev/null 2>&1 &&
    fail "uid 65534 can read the vault"
assert_eq "$commits" "$(vault rev-list --count main)" "no commit by uid 65534"

step "the vault holds them, on main only under applications/"
vault ls-tree -r --name-only main applications >"$T_TMP/tree"
assert_eq 3 "$(wc -l <"$T_TMP/tree")" "files under applications/"
assert_contains "$(cat "$T_TMP/tree")" "applications/2026/000/$id.json" "path"
assert_eq "main" "$(vault for-each-ref --format='%(refname:short)' refs/heads)" \
    "branches"

step "reindex keeps applications equal"
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/before.json"
assert_rc 0 "docketctl reindex" ctl reindex
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "applications changed by reindex: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head -20)"
ok "apply new after reindex" new --received 2026-12-01 --channel fax \
    --applicant 王五 --applicant-type business --request "x"
assert_eq A2026-00004 "$(cat "$T_TMP/out")" "the next id after reindex"

step "kill -9 and restart lose nothing"
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/before.json"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
start_daemon
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "applications changed by kill -9: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head -20)"

step "an index that missed a vault commit is caught up"
stop_daemon
cp -a "$ROOT/db" "$T_TMP/db.old"
start_daemon
ok "consult (4)" consult A2026-00004 --party 某局 --on 2026-12-02
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/before.json"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
rm -rf "$ROOT/db"
mv "$T_TMP/db.old" "$ROOT/db"
start_daemon
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "a vault commit was lost: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head -20)"
assert_eq '"consulting"' "$(apply_field A2026-00004 state)" "the caught-up change"
assert_fsck

step "fees by volume ([applications] fee_method = pages, on SIGHUP)"
write_config "$ROOT/docketd.conf" \
    "[applications]" \
    "fee_method = pages"
kill -HUP "$DPID"
wait_for "the reload" log_has "configuration reloaded"
bad 2 "fee by count when the office charges by volume" fee A2026-00004 --count
ok "apply fee --pages 150" fee A2026-00004 --pages 150
assert_eq '{"method":"pages","pages":150,"amount":1700}' \
    "$(ctl apply show A2026-00004 --json | jq -c '.fee | {method, pages, amount}')" \
    "fee for 150 pages (70 x 10 + 50 x 20)"

step "the due index"
mdb_dump -p -s app_due "$ROOT/db" >"$T_TMP/due" || fail "mdb_dump app_due"
d4=$(apply_field A2026-00004 due | tr -d '"')
for k in "D${d4}A2026-00004" "Q2026-12-23A2026-00004"; do
	grep -qF " $k" "$T_TMP/due" || fail "app_due lacks $k: $(cat "$T_TMP/due")"
done
grep -q "^ FA2026-\|^ F[0-9-]*A2026-00004" "$T_TMP/due" ||
    fail "app_due lacks the fee key: $(cat "$T_TMP/due")"
# Answered ones keep only their late-answer (L), asked-document (R)
# and drop-folder (H) keys: no deadline, no wake.
grep -q "^ [DCQFW][0-9-]*A2026-0000[123]" "$T_TMP/due" &&
    fail "app_due keeps answered applications: $(cat "$T_TMP/due")"

step "no receipt before the 2019 条例; an estimated deadline warns; closing for no correction is not late"
bad 2 "a receipt before 2019-05-15" new --received 2019-05-14 --channel in_person \
    --applicant 甲 --applicant-type person --request 旧申请
assert_contains "$(cat "$T_TMP/err")" "2019-05-15" "the 条例's date in the message"
ok "apply new (its deadline runs into 2027)" new --received 2026-12-04 \
    --channel online --applicant 乙 --applicant-type person --request 某文件
assert_contains "$(cat "$T_TMP/err")" "按周一至周五估算" "the estimate warning"
ok "apply new (received 2026-10-09)" new --received 2026-10-09 --channel in_person \
    --applicant 丙 --applicant-type person --request 某方案
id6=$(head -1 "$T_TMP/out")
ok "correction asked" correct "$id6" --on 2026-10-12 --what 请写明文件名称
ok "closed: no correction in time" answer "$id6" --on 2026-12-04 --type other \
    --sub withdrawn_no_correction --reason 逾期未补正
assert_eq false "$(ctl apply show "$id6" --json | jq '.flags | index("answered_late") != null')" \
    "closing while a correction was awaited is not late"

stop_daemon
