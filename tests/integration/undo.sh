#!/bin/bash
# undo.sh: the ways back from a mistake, and a review that is not due.
#  - repeal DOC --on DATE --reason T (manual): status_on is DATE,
#    repeal_reason T; unrepeal without a reason exits 2; unrepeal DOC
#    --reason T puts it back in force (status_on, repealed_by and
#    repeal_reason null) with an "unrepeal" event by root from repealed
#    to in_force, in the vault's events.jsonl too; a second unrepeal, and
#    restore of a document in force, exit 5 with no commit.
#  - hold and unhold work on a repealed document before the cleanup.
#  - after a cleanup run, unrepeal exits 5 and names restore; restore
#    DOC --reason T returns it to force with a "restore" event, and the
#    next published cleanup result carries a correction line (更正)
#    naming it.
#  - a document repealed by another (by its text) and unrepealed stays
#    in force when a new version of either arrives.
#  - review DOC keep before the review is due exits 5 with the due date
#    (下次审查日期为 YYYY-MM-DD，尚未到期) and makes no commit.
#  - a non-admin's unrepeal exits 4 with "权限不足：仅限 root 或 docket
#    组的成员".
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init undo

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"

last_ev() {
	# The catalog's events (publish, unpublish) follow the change that
	# causes them, in its commit: the change's own event is before them.
	ctl history "$1" --json | jq -r "[.[] | select(.action != \"publish\"
	    and .action != \"unpublish\")] | .[-1] | $2"
}

later_than() {
	[ "$(date +%s)" -gt "$1" ]
}

commits() {
	vault rev-list --count main
}

# vault_last_ev ID: the last line of ID's events.jsonl in the vault.
vault_last_ev() {
	vault show "main:$(vault_dir "$1")/events.jsonl" |
	    jq -c 'select(.action != "publish" and .action != "unpublish")' |
	    tail -n 1
}

start_daemon

step "two documents: A public, W withheld"
drop_doc a.txt
sha_a=$DOC_SHA
drop_doc w.txt marking="（此件不予公开，理由：属于内部事务信息）"
sha_w=$DOC_SHA
wait_for "a.txt registered" has_sha "$sha_a"
wait_for "w.txt registered" has_sha "$sha_w"
A=$(field "$sha_a" id)
W=$(field "$sha_w" id)
assert_eq withheld "$(field "$W" disclosure)" "disclosure of $W"

step "a manual repeal on a given day"
assert_rc 2 "repeal --on a bad date" ctl repeal "$A" --on 2026-02-30 --reason x
assert_rc 2 "--on with another command" ctl hold "$A" --on 2026-01-15 --reason x
assert_rc 2 "repeal --on a day still to come" ctl repeal "$A" --on 2999-01-01 --reason x
assert_contains "$(cat "$T_TMP/err")" "晚于今天" "the refusal of a future --on"
assert_rc 2 "repeal --on before the document was made" ctl repeal "$A" --on 2000-01-01 --reason x
assert_contains "$(cat "$T_TMP/err")" "成文日期" "the refusal of an --on before the signing"
ctl repeal "$A" --on 2026-01-15 --reason "已被新规定替代" >/dev/null ||
    fail "repeal $A --on"
assert_eq repealed "$(field "$A" status)" "status of $A"
assert_eq 2026-01-15 "$(field "$A" status_on)" "status_on of $A (--on)"
assert_eq "已被新规定替代" "$(field "$A" repeal_reason)" "repeal_reason of $A"

step "hold and unhold before the cleanup"
ctl hold "$A" --reason "复核中" >/dev/null || fail "hold $A"
ctl unhold "$A" --reason "复核结束" >/dev/null || fail "unhold $A"
assert_eq false "$(field "$A" hold)" "hold of $A after unhold"
assert_eq "unhold" "$(last_ev "$A" .action)" "last event of $A"

step "unrepeal"
assert_rc 2 "unrepeal without a reason" ctl unrepeal "$A"
n=$(commits)
ctl unrepeal "$A" --reason "废止有误" >"$T_TMP/un" || fail "unrepeal $A"
assert_contains "$(cat "$T_TMP/un")" "撤销废止" "docketctl unrepeal's output (the action's label)"
assert_eq $((n + 1)) "$(commits)" "commits after unrepeal"
assert_eq "in_force null null null" \
    "$(ctl show "$A" --json | jq -r '"\(.status) \(.status_on) \(.repealed_by) \(.repeal_reason)"')" \
    "$A after unrepeal"
assert_eq "unrepeal root repealed in_force 废止有误" \
    "$(last_ev "$A" '"\(.action) \(.actor) \(.from) \(.to) \(.reason)"')" \
    "the unrepeal event of $A"
assert_eq "unrepeal 废止有误" \
    "$(vault_last_ev "$A" | jq -r '"\(.action) \(.reason)"')" \
    "the vault's last event of $A"
assert_eq "$(ctl history "$A" --json | jq length)" \
    "$(vault show "main:$(vault_dir "$A")/events.jsonl" | wc -l | tr -d ' ')" \
    "events of $A: index and vault"
n=$(commits)
assert_rc 5 "a second unrepeal" ctl unrepeal "$A" --reason x
assert_rc 5 "restore of a document in force" ctl restore "$A" --reason x
assert_eq "$n" "$(commits)" "commits after refused undos"

step "restore after a cleanup"
ctl repeal "$A" --reason "确已废止" >/dev/null || fail "repeal $A again"
ctl cleanup run >/dev/null || fail "cleanup run"
t0=$(date +%s)
assert_eq cleaned "$(field "$A" status)" "status of $A after the cleanup"
assert_rc 5 "unrepeal of a cleaned document" ctl unrepeal "$A" --reason x
assert_contains "$(cat "$T_TMP/err")" "restore" "unrepeal's hint after a cleanup"
assert_rc 2 "restore without a reason" ctl restore "$A"
# (a restore in the second of the result counts as before it)
wait_for "the next second" later_than "$t0"
ctl restore "$A" --reason "清理有误，恢复效力" >/dev/null || fail "restore $A"
assert_eq "in_force null" \
    "$(ctl show "$A" --json | jq -r '"\(.status) \(.status_on)"')" \
    "$A after restore"
assert_eq "restore root cleaned in_force 清理有误，恢复效力" \
    "$(last_ev "$A" '"\(.action) \(.actor) \(.from) \(.to) \(.reason)"')" \
    "the restore event of $A"
assert_eq restore "$(vault_last_ev "$A" | jq -r .action)" \
    "the vault's last event of $A"
assert_contains "$(ctl list --json | jq -r '.[].id')" "$A" \
    "$A back in list (no longer cleaned)"
# the next published result corrects the earlier one (更正)
title_a=$(field "$A" title)
ctl cleanup run >/dev/null || fail "the cleanup run after the restore"
md=$(vault show "main:cleanup/$(date +%F).md") || fail "no cleanup result of today"
assert_contains "$md" "更正" "the result after a restore"
grep -F "更正" <<<"$md" | grep -qF "$title_a" ||
    fail "the correction line does not name $A ($title_a): $(grep -F 更正 <<<"$md")"

step "a new version does not redo an undone repeal"
XT="淄教发〔2024〕901号"
repeals_body() {
	printf '为进一步规范相关工作，现将有关事项通知如下。本通知自印发之日起施行，原《关于做好2023年有关工作的通知》（%s）同时废止。' "$1"
}
drop_doc t.txt docno="$XT" issuer=淄博市教育局
sha_t=$DOC_SHA
wait_for "t.txt registered" has_sha "$sha_t"
T=$(field "$sha_t" id)
drop_doc r.txt docno="淄教发〔2024〕950号" issuer=淄博市教育局 body="$(repeals_body "$XT")"
sha_r=$DOC_SHA
wait_for "r.txt registered" has_sha "$sha_r"
R=$(field "$sha_r" id)
wait_for "$T repealed by $R" eval '[ "$(field "$T" repealed_by)" = "$R" ]'
ctl unrepeal "$T" --reason "该文件未被废止" >/dev/null || fail "unrepeal $T"
# a new version of the target, then one of the repealer
drop_doc t2.txt docno="$XT" issuer=淄博市教育局
wait_for "version 2 of $T" has_sha "$DOC_SHA"
assert_eq "$T 2" "$(ctl show "$DOC_SHA" --json | jq -r '"\(.id) \(.version)"')" "t2.txt is version 2 of $T"
drop_doc r2.txt docno="淄教发〔2024〕950号" issuer=淄博市教育局 body="$(repeals_body "$XT")"
wait_for "version 2 of $R" has_sha "$DOC_SHA"
assert_eq "$R 2" "$(ctl show "$DOC_SHA" --json | jq -r '"\(.id) \(.version)"')" "r2.txt is version 2 of $R"
assert_eq "in_force null" "$(ctl show "$T" --json | jq -r '"\(.status) \(.repealed_by)"')" \
    "$T after new versions of both"
assert_eq 1 "$(ctl history "$T" --json | jq '[.[] | select(.action == "repeal")] | length')" \
    "repeal events of $T"
assert_log "stays in force"

step "review keep before the review is due"
due=$(field "$W" next_review)
[ "$due" \> "$(date +%F)" ] || fail "next_review of $W ($due) is not in the future"
n=$(commits)
assert_rc 5 "review keep, not due" ctl review "$W" keep --reason "仍需保密"
assert_contains "$(cat "$T_TMP/err")" "$due" "the refusal names the due date"
assert_contains "$(cat "$T_TMP/err")" "尚未到期" "the refusal says it is not due"
assert_eq "$n" "$(commits)" "commits after the refused keep"
assert_eq "$due" "$(field "$W" next_review)" "next_review of $W unchanged"
# release is a decision at any time
ctl review "$W" release --reason "已公开" >/dev/null || fail "review release"
assert_eq public "$(field "$W" disclosure)" "disclosure of $W after release"

step "a non-admin's undo"
nobody=$(getent passwd 65534 | cut -d: -f1)
need setpriv util-linux
if getent group docket | awk -F: -v u="${nobody:-?}" '
    { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) f = 1 }
    $3 == 65534 { f = 1 } END { exit !f }'; then
	skip "uid 65534 is in the admin group docket on this machine"
fi
chmod o+x "$T_TMP" "$ROOT" && chmod 666 "$ROOT/docketd.sock" ||
    fail "opening the socket to uid 65534"
chmod -R o+rX "$ROOT/db" 2>/dev/null
chmod o+rw "$ROOT/db/lock.mdb" 2>/dev/null
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
$NOBODY test -S "$ROOT/docketd.sock" ||
    skip "uid 65534 cannot reach the socket (a directory above $T_TMP)"
ctl repeal "$A" --reason "再次废止" >/dev/null || fail "repeal $A"
n=$(commits)
assert_rc 4 "unrepeal as uid 65534" $NOBODY "$DOCKETCTL" -r "$ROOT" unrepeal "$A" --reason x
assert_contains "$(cat "$T_TMP/err")" "权限不足：仅限 root 或 docket 组的成员" \
    "the non-admin's message"
assert_eq "$n" "$(commits)" "commits after the denied unrepeal"
assert_eq repealed "$(field "$A" status)" "status of $A after the denied unrepeal"

assert_fsck
ctl verify >/dev/null || fail "verify: $(ctl verify 2>&1 | tail -3)"
stop_daemon
