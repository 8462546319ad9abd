#!/bin/bash
# apply_clock.sh: docketd sets the flags of disclosure applications on
# time, with no command, under faketime (built-in 2026 calendar,
# [applications] due_soon = 5):
#  - A1 received 2026-11-20 (due 2026-12-18): due_soon appears just after
#    midnight on 2026-12-11 (5 working days left) while docketd runs, and
#    overdue (due_soon cleared) just after midnight on 2026-12-19;
#  - A2 asked to correct on 2026-12-02 within 5 working days (to 12-09):
#    correction_expired at a start on 2026-12-10 (caught up);
#  - A3 consulting since 2026-12-03 (15 working days to 12-24): its due
#    date moves while the pause runs; consult_expired on 2026-12-25;
#  - A4 fee notice on 2026-12-04, unpaid 20 working days later (2027-01-01,
#    2027 counted Monday to Friday): fee_unpaid and closed by docketd as
#    other/fee_unpaid on 2027-01-02;
#  - each change is a "flags" event by docketd with set/cleared, committed
#    to the vault (applications/…) before LMDB; next_check says when
#    docketd looks again; an answer recorded late may be dated before a
#    flags event; reindex keeps applications equal.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export TZ=UTC
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init apply_clock

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on the socket)"

mkdir -p "$ROOT" || fail "mkdir $ROOT"
write_config "$ROOT/docketd.conf" \
    "[applications]" \
    "fee_method = pages" \
    "due_soon = 5"

af() {
	ctl apply show "$1" --json | jq -c --arg k "$2" '.[$k]'
}

flags_of() {
	ctl apply show "$1" --json | jq -r '.flags - ["estimated"] | join(",")'
}

state_is() {
	[ "$(af "$1" state)" = "\"$2\"" ]
}

# has_flag ID FLAG: docketd has set FLAG (a flags event; show itself
# derives the flags as of today).
has_flag() {
	ctl apply show "$1" --json | jq -e --arg f "$2" \
	    '[.events[] | select(.action == "flags") | .set[]] | index($f)' >/dev/null
}

last_ev() {
	ctl apply show "$1" --json | jq -c '.events[-1] | {actor, action, on, set, cleared}'
}

new_app() {
	ctl apply new --received "$1" --channel in_person --applicant "$2" \
	    --applicant-type person --request "$3" --agency 教育局 ||
	    fail "apply new $*"
}

step "1. four applications on 2026-12-04"
FAKE_TIME="2026-12-04 10:00:00" start_daemon
A1=$(new_app 2026-11-20 张三 "2025 年度部门预算")
A2=$(new_app 2026-12-01 李四 "学校布局调整方案")
A3=$(new_app 2026-12-01 王五 "某项目环评材料")
A4=$(new_app 2026-12-01 赵六 "全部会议纪要")
assert_rc 0 "correct A2" ctl apply correct "$A2" --on 2026-12-02 --what "请写明文件名称" --within 5
assert_rc 0 "consult A3" ctl apply consult "$A3" --party 某公司 --on 2026-12-03
assert_rc 0 "fee A4" ctl apply fee "$A4" --pages 40
assert_eq '"2026-12-18"' "$(af "$A1" due)" "due of A1"
assert_eq '"2026-12-11"' "$(af "$A1" next_check)" "next_check of A1 (due_soon day)"
assert_eq '"2026-12-10"' "$(af "$A2" next_check)" "next_check of A2"
assert_eq '"2026-12-25"' "$(af "$A3" next_check)" "next_check of A3"
assert_eq '"2027-01-02"' "$(af "$A4" next_check)" "next_check of A4"
for a in "$A1" "$A2" "$A3" "$A4"; do
	assert_eq "" "$(flags_of "$a")" "no flag on $a yet"
done
a3due=$(af "$A3" due)
assert_eq "$A1 2026-12-11,$A2 2026-12-10,$A3 2026-12-25,$A4 2027-01-02" \
    "$(ctl schedule --json | jq -r '[.applications[] | "\(.id) \(.next_check)"] | sort_by(.) | join(",")')" \
    "schedule --json .applications"
assert_contains "$(ctl schedule)" "政府信息公开申请" "schedule lists the applications"
stop_daemon

step "2. a start on 2026-12-10 catches A2 up; due_soon of A1 at midnight"
FAKE_TIME="2026-12-10 23:59:50" start_daemon
wait_for "A2 correction_expired at start" has_flag "$A2" correction_expired
assert_eq '{"actor":"docketd","action":"flags","on":"2026-12-10","set":["correction_expired"],"cleared":[]}' \
    "$(last_ev "$A2")" "the flags event of A2"
assert_eq '"awaiting_correction"' "$(af "$A2" state)" "A2 still awaiting correction"
assert_eq null "$(af "$A2" next_check)" "nothing more to wake A2 for"
assert_contains "$(vault log -3 --format=%s main)" "apply clock 2026-12-10: 1 application" \
    "the clock's vault commit"
vault show "main:applications/2026/000/$A2.json" | jq -e '.flags | index("correction_expired")' >/dev/null ||
    fail "A2's flag is in the vault"
# Before midnight: A1 has 6 working days left.
if ! has_flag "$A1" due_soon; then
	assert_eq 6 "$(af "$A1" working_days_left)" "A1 left on 2026-12-10"
fi
assert_ne "$a3due" "$(af "$A3" due)" "A3's due date moves while the consultation runs"
wait_for -t 60 "A1 due_soon after midnight" has_flag "$A1" due_soon
assert_eq '{"actor":"docketd","action":"flags","on":"2026-12-11","set":["due_soon"],"cleared":[]}' \
    "$(last_ev "$A1")" "the flags event of A1"
assert_eq '"2026-12-19"' "$(af "$A1" next_check)" "A1 looked at again the day after its due date"
stop_daemon

step "3. overdue at midnight on 2026-12-19"
FAKE_TIME="2026-12-18 23:59:52" start_daemon
assert_eq due_soon "$(flags_of "$A1")" "A1 on its due date"
has_flag "$A1" overdue && fail "A1 overdue on its due date"
wait_for -t 60 "A1 overdue after midnight" has_flag "$A1" overdue
assert_eq '{"actor":"docketd","action":"flags","on":"2026-12-19","set":["overdue"],"cleared":["due_soon"]}' \
    "$(last_ev "$A1")" "the overdue event of A1"
ctl apply show "$A1" >"$T_TMP/show" || fail "apply show $A1"
grep -q '2026-12-19  标记变更：已逾期；解除：即将到期  docketd' "$T_TMP/show" ||
    fail "show: the overdue event of A1: $(grep 标记变更 "$T_TMP/show")"
assert_eq false "$(has_flag "$A3" consult_expired && echo true || echo false)" \
    "A3 not expired before 2026-12-25"
stop_daemon

step "4. consult_expired on 2026-12-25"
FAKE_TIME="2026-12-25 09:00:00" start_daemon
wait_for "A3 consult_expired" has_flag "$A3" consult_expired
assert_eq '"2026-12-25"' "$(ctl apply show "$A3" --json | jq -c '.events[-1].on')" "day of A3's event"
# An answer recorded late may be dated before docketd's flags event.
assert_rc 0 "answer A1 dated 2026-12-18" ctl apply answer "$A1" --on 2026-12-18 \
    --type granted --reason "予以公开"
assert_eq "" "$(flags_of "$A1")" "A1 answered in time: its flags go"
stop_daemon

step "5. an unpaid fee closes A4 on 2027-01-02"
FAKE_TIME="2027-01-02 09:00:00" start_daemon
wait_for "A4 closed" state_is "$A4" answered
ctl apply show "$A4" --json >"$T_TMP/a4.json"
assert_eq '{"type":"other","sub":"fee_unpaid","on":"2027-01-02"}' \
    "$(jq -c '.answer | {type, sub, on}' "$T_TMP/a4.json")" "A4's answer"
assert_eq '["docketd","flags",["fee_unpaid"]]' \
    "$(jq -c '.events[-2] | [.actor, .action, .set]' "$T_TMP/a4.json")" "A4's flags event"
assert_eq '["docketd","answer"]' "$(jq -c '.events[-1] | [.actor, .action]' "$T_TMP/a4.json")" \
    "A4's answer by docketd"
assert_contains "$(jq -r '.answer.reason' "$T_TMP/a4.json")" "第四十二条" "the reason quotes Art. 42"

step "6. reindex keeps applications equal"
ctl apply list --json | jq -S . >"$T_TMP/before.json"
assert_rc 0 "reindex" ctl reindex
ctl apply list --json | jq -S . >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "applications changed by reindex: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head)"
stop_daemon
