#!/bin/bash
# apply_art35.sh: Art. 35 of the 条例 (requests clearly beyond reason in
# number or frequency) through a running docketd, under faketime (today
# is Friday 2026-12-04), built-in calendar, [applications] due_soon = 5:
#  - A1 received 2026-11-20 (Art. 33: due 2026-12-18): ask-reason on
#    11-25 (recorded, the due date stays), set-due on 12-03 to 2026-12-31:
#    due, next_check (12-24, the due_soon day), working_days_left (19), the
#    app_due index (D2026-12-31) and explain (Art. 35 quoted, Art. 33's day
#    shown) follow the new date; show prints both steps in Chinese, --json
#    has reasons {asked_on, what, set_due {on, due, reason, due_before}};
#    a second set-due exits 2, an extension after it 5, a second
#    ask-reason 5;
#  - A2: ask-reason, then answer not_processed/abusive closes it and
#    explain quotes Art. 35;
#  - bad inputs exit 2 with a Chinese message: set-due before ask-reason,
#    a due not later than the one in force, a bad date, an --on after
#    today, a missing --what or --reason;
#  - uid 65534 can do neither;
#  - reindex keeps them equal;
#  - after a restart at 2026-12-23 23:59:52, docketd sets due_soon on A1 just
#    after midnight (a flags event on 12-24), not overdue though Art. 33's
#    day (12-18) is past.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export TZ=UTC
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init apply_art35

[ "$(id -u)" -eq 0 ] ||
    skip "needs root (the admin on the socket, setpriv to uid 65534)"
need setpriv util-linux
need mdb_dump lmdb-utils

mkdir -p "$ROOT" || fail "mkdir $ROOT"
write_config "$ROOT/docketd.conf" \
    "[applications]" \
    "fee_method = count" \
    "due_soon = 5"

af() {
	ctl apply show "$1" --json | jq -c --arg k "$2" '.[$k]'
}

ok() {
	local d=$1

	shift
	assert_rc 0 "$d" ctl apply "$@"
}

# bad RC DESC ARGS...: exits RC with a Chinese message.
bad() {
	local rc=$1 d=$2

	shift 2
	assert_rc "$rc" "$d" ctl apply "$@"
	LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$T_TMP/err" ||
	    fail "$d: the message is not Chinese: $(cat "$T_TMP/err")"
}

new_app() {
	ctl apply new --received 2026-11-20 --channel in_person \
	    --applicant "$1" --applicant-type person --request "$2" ||
	    fail "apply new $*"
}

has_flag() {
	ctl apply show "$1" --json | jq -e --arg f "$2" \
	    '[.events[] | select(.action == "flags") | .set[]] | index($f)' >/dev/null
}

step "1. ask-reason and set-due on 2026-12-04"
FAKE_TIME="2026-12-04 10:00:00" start_daemon
A1=$(new_app 张三 "本机关 2000 年以来的全部文件")
A2=$(new_app 张三 "本机关 2000 年以来的全部会议纪要")
A3=$(new_app 张三 "本机关 2000 年以来的全部通知")
assert_eq '"2026-12-18"' "$(af "$A1" due)" "Art. 33 due of A1"
assert_eq '"2026-12-11"' "$(af "$A1" next_check)" "next_check before set-due"

ok "ask-reason" ask-reason "$A1" --on 2026-11-25 --what "请说明申请用途及数量"
assert_contains "$(cat "$T_TMP/out")" "要求说明理由" "ask-reason output"
assert_eq '"2026-12-18"' "$(af "$A1" due)" "the clock runs on after ask-reason"
assert_eq '"open"' "$(af "$A1" state)" "state after ask-reason"
assert_eq '{"asked_on":"2026-11-25","what":"请说明申请用途及数量","set_due":null}' \
    "$(af "$A1" reasons)" "reasons after ask-reason"

ok "set-due" set-due "$A1" --on 2026-12-03 --due 2026-12-31 --reason "理由合理，数量大"
assert_contains "$(cat "$T_TMP/out")" "2026-12-31（第三十五条" "set-due output"
ctl apply show "$A1" --json >"$T_TMP/a1.json"
assert_eq '["2026-12-31","2026-12-24",19,[]]' \
    "$(jq -c '[.due, .next_check, .working_days_left, (.flags - ["estimated"])]' "$T_TMP/a1.json")" \
    "due, next_check, working days left and flags follow the new date"
assert_eq '{"on":"2026-12-03","due":"2026-12-31","reason":"理由合理，数量大","due_before":"2026-12-18"}' \
    "$(jq -c '.reasons.set_due' "$T_TMP/a1.json")" "reasons.set_due"
assert_eq '["ask_reason","set_due","2026-12-31","2026-12-18"]' \
    "$(jq -c '[.events[-2].action, .events[-1].action, .events[-1].due, .events[-1].due_before]' "$T_TMP/a1.json")" \
    "the events"
mdb_dump -p -s app_due "$ROOT/db" >"$T_TMP/due" || fail "mdb_dump app_due"
grep -qF " D2026-12-31$A1" "$T_TMP/due" || fail "app_due lacks D2026-12-31$A1: $(cat "$T_TMP/due")"
grep -qF " D2026-12-18$A1" "$T_TMP/due" && fail "app_due keeps the old due date of $A1"
vault show "main:applications/2026/000/$A1.json" | jq -e '.due == "2026-12-31"' >/dev/null ||
    fail "the vault holds the new due date"

ok "show" show "$A1"
for s in "说明理由" "请说明申请用途及数量" "延迟答复" "确定延迟答复期限至 2026-12-31" \
    "原期限 2026-12-18" "要求说明理由" "确定延迟答复期限"; do
	assert_contains "$(cat "$T_TMP/out")" "$s" "show"
done
ok "explain" explain "$A1"
for s in "2026年11月25日 要求申请人说明理由" "数量、频次明显超过合理范围" \
    "按第三十三条的答复期限为 2026年12月18日" \
    "可以确定延迟答复的合理期限并告知申请人" "答复期限：2026年12月31日"; do
	assert_contains "$(cat "$T_TMP/out")" "$s" "explain"
done

bad 2 "set-due twice" set-due "$A1" --on 2026-12-04 --due 2027-01-08 --reason r
bad 5 "extend after set-due" extend "$A1" --on 2026-12-04 --approved-by 王主任 --reason r
bad 5 "ask-reason twice" ask-reason "$A1" --on 2026-12-04 --what again

step "2. reasons not reasonable: not processed (abusive)"
ok "ask-reason (2)" ask-reason "$A2" --on 2026-11-25 --what "请说明理由"
ok "answer abusive" answer "$A2" --on 2026-12-04 --type not_processed \
    --sub abusive --reason "申请理由不合理，不予处理"
assert_eq '"answered"' "$(af "$A2" state)" "A2 answered"
assert_eq '{"type":"not_processed","sub":"abusive"}' \
    "$(ctl apply show "$A2" --json | jq -c '.answer | {type, sub}')" "A2's answer"
ok "explain (2)" explain "$A2"
assert_contains "$(cat "$T_TMP/out")" "告知申请人不予处理（第三十五条" "explain of A2"

step "3. bad inputs"
bad 2 "set-due before ask-reason" set-due "$A3" --on 2026-12-03 --due 2026-12-31 --reason r
bad 2 "ask-reason with --on after today" ask-reason "$A3" --on 2026-12-05 --what x
bad 2 "ask-reason with a bad date" ask-reason "$A3" --on 2026-13-01 --what x
bad 2 "ask-reason without --what" ask-reason "$A3" --on 2026-11-25
bad 2 "ask-reason with --due" ask-reason "$A3" --on 2026-11-25 --what x --due 2026-12-31
ok "ask-reason (3)" ask-reason "$A3" --on 2026-11-25 --what x
bad 2 "a due not later" set-due "$A3" --on 2026-12-03 --due 2026-12-18 --reason r
bad 2 "a due earlier" set-due "$A3" --on 2026-12-03 --due 2026-12-10 --reason r
bad 2 "a bad due" set-due "$A3" --on 2026-12-03 --due 2026-12-40 --reason r
bad 2 "set-due without --reason" set-due "$A3" --on 2026-12-03 --due 2026-12-31
bad 2 "set-due with --on after today" set-due "$A3" --on 2026-12-07 --due 2026-12-31 --reason r
assert_eq '"2026-12-18"' "$(af "$A3" due)" "A3 unchanged by the bad inputs"
assert_eq null "$(ctl apply show "$A3" --json | jq -c .reasons.set_due)" "A3 has no set_due"

step "4. a user who is not admin"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod o+x "$T_TMP" "$ROOT" || fail "chmod o+x"
commits=$(vault rev-list --count main)
assert_rc 4 "ask-reason as uid 65534" $NOBODY "$DOCKETCTL" -r "$ROOT" \
    apply ask-reason "$A3" --on 2026-11-26 --what x
assert_rc 4 "set-due as uid 65534" $NOBODY "$DOCKETCTL" -r "$ROOT" \
    apply set-due "$A3" --on 2026-12-03 --due 2026-12-31 --reason r
assert_eq "$commits" "$(vault rev-list --count main)" "no commit by uid 65534"

step "5. reindex keeps them equal"
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/before.json"
assert_rc 0 "docketctl reindex" ctl reindex
ctl apply list --json | jq -S 'map(del(.working_days_left))' >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "applications changed by reindex: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head -20)"
stop_daemon

step "6. docketd's clock follows the new date"
FAKE_TIME="2026-12-23 23:59:52" start_daemon
has_flag "$A1" overdue && fail "A1 overdue: Art. 33's day is replaced"
has_flag "$A3" overdue || wait_for -t 30 "A3 overdue (its Art. 33 due 12-18 stands)" \
    has_flag "$A3" overdue
wait_for -t 60 "A1 due_soon after midnight" has_flag "$A1" due_soon
assert_eq '{"actor":"docketd","action":"flags","on":"2026-12-24","set":["due_soon"],"cleared":[]}' \
    "$(ctl apply show "$A1" --json | jq -c '.events[-1] | {actor, action, on, set, cleared}')" \
    "the flags event of A1"
assert_eq '"2027-01-01"' "$(af "$A1" next_check)" "A1 looked at again the day after its new due date"
stop_daemon
