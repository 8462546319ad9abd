#!/bin/bash
# neglist.sh: the 负面清单 and 政策解读 (issue 17).
#  - a withheld document whose stated reason names a 商业秘密 is registered
#    citing item trade-secret (negative_item; the register event names it);
#  - one whose reason matches no item gets flag reason_unlisted, and the
#    review report (text, for the secretary) lists it with its title and
#    reason;
#  - `mark DOC withheld --item process` (same marking) cites the item, the
#    flag goes, the event says so; an unknown item exits 2; --item with
#    public exits 2; marking it public clears the item;
#  - show names the item; SIGHUP with a broken site list keeps the old
#    list (the log names FILE:LINE), a good one takes effect, removing it
#    brings back the built-in one;
#  - `docketctl negative-list --json` counts the documents per item (and
#    the human table shows the 依据); a site file replaces the built-in
#    list (negative_list = PATH), a broken one is refused with FILE:LINE at
#    start (docketd -n);
#  - an interpretation (《…办法》政策解读) registered after its policy (a
#    关于印发《…办法》的通知 with a 规 docno) gets interprets = the policy,
#    and the policy interpreted_on; an interpretation naming a docno that
#    is not there yet waits (flag interpretation_unlinked) and is linked
#    when its policy arrives;
#  - docketctl schedule lists the public 规范性文件 waiting for one, with
#    its due_on (published_on + interpretation_days);
#  - restarted 5 days later (libfaketime), a public 规范性文件 without an
#    interpretation gets flag no_interpretation with an event by docketd;
#    the interpreted ones do not.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init neglist

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"

id_of() {	# id_of DOCNO
	ctl list --all --json | jq -r --arg d "$1" '.[] | select(.docno == $d) | .id'
}
id_by_title() {	# id_by_title TITLE
	ctl list --all --json | jq -r --arg t "$1" '.[] | select(.title == $t) | .id'
}
has_flag() {	# has_flag DOC FLAG
	ctl show "$1" --json | jq -e --arg f "$2" '.flags | index($f)' >/dev/null
}
events_of() {	# events_of DOC ACTION: that action's events, compact
	ctl history "$1" --json | jq -c --arg a "$2" '[.[] | select(.action == $a)]'
}

CONF=$T_TMP/docketd.conf
write_config "$CONF" "[agency 淄博市财政局]" "secretary = 财政秘书 <cz@example.gov.cn>"
CTL_CONF=$CONF

step "a broken site list is refused with FILE:LINE"
mkdir -p "$ROOT"
printf '[ok]\nmatter = 事项\nbasis = 第十五条\n[bad id]\n' >"$ROOT/bad.conf"
write_config "$T_TMP/badconf" "negative_list = bad.conf"
assert_rc 1 "docketd -n with a broken negative list" \
    "$DOCKETD" -n -c "$T_TMP/badconf" -r "$ROOT"
assert_contains "$(cat "$T_TMP/err")" "bad.conf:4: bad item id" "the refusal"

start_daemon -c "$CONF"

step "a withheld document cites the item its reason names"
drop_doc w1.txt issuer=淄博市财政局 docno=淄财〔2024〕71号 \
    title=关于某企业财务数据的报告 marking=（此件不予公开） \
    extra="不予公开理由：涉及第三方商业秘密，依据《中华人民共和国政府信息公开条例》第十五条。"
drop_doc w2.txt issuer=淄博市财政局 docno=淄财〔2024〕72号 \
    title=关于信息系统建设方案的请示 marking=（此件依申请公开） \
    extra="依申请公开理由：涉及尚未完成的系统建设方案。"
W2_TITLE=$DOC_TITLE
wait_for "two documents" records_are 2
W1=$(id_of 淄财〔2024〕71号)
W2=$(id_of 淄财〔2024〕72号)
[ -n "$W1" ] && [ -n "$W2" ] || fail "w1 or w2 not registered"
assert_eq withheld "$(field "$W1" disclosure)" "disclosure of $W1"
assert_eq trade-secret "$(field "$W1" negative_item)" "negative_item of $W1"
has_flag "$W1" reason_unlisted && fail "$W1 has flag reason_unlisted"
assert_eq trade-secret "$(events_of "$W1" register | jq -r '.[0].negative_item')" \
    "the register event names the item"

step "a reason that matches no item: flag reason_unlisted, in the review report"
assert_eq on_request "$(field "$W2" disclosure)" "disclosure of $W2"
assert_eq null "$(field "$W2" negative_item)" "negative_item of $W2"
has_flag "$W2" reason_unlisted || fail "$W2 has no flag reason_unlisted"
ctl list --flag reason_unlisted --json | jq -e --arg i "$W2" \
    'length == 1 and .[0].id == $i' >/dev/null ||
    fail "list --flag reason_unlisted is not just $W2"
ctl report review --json >"$T_TMP/review.json" || fail "report review --json"
jq -e --arg i "$W2" '[.. | objects | .reason_unlisted? // empty | .[] |
    select(.id == $i)] | length == 1' "$T_TMP/review.json" >/dev/null ||
    fail "the review report's JSON has no reason_unlisted item $W2"
ctl report review >"$T_TMP/review.txt" || fail "report review"
assert_contains "$(cat "$T_TMP/review.txt")" "未对应" "the review report's section"
assert_contains "$(cat "$T_TMP/review.txt")" "$W2_TITLE" "the review report names the title"
assert_contains "$(cat "$T_TMP/review.txt")" "尚未完成的系统建设方案" "the stated reason"

step "mark --item cites an item: the flag goes"
assert_rc 2 "an unknown item" ctl mark "$W2" on_request --item nope
assert_contains "$(cat "$T_TMP/err")" "nope" "the message"
assert_rc 2 "--item with public" ctl mark "$W2" public --item process
assert_eq on_request "$(field "$W2" disclosure)" "disclosure of $W2 after refusals"
assert_rc 0 "mark --item process" ctl mark "$W2" on_request --item process
assert_contains "$(cat "$T_TMP/out")" "负面清单事项：process" "mark's output"
assert_eq process "$(field "$W2" negative_item)" "negative_item of $W2"
has_flag "$W2" reason_unlisted && fail "$W2 still has flag reason_unlisted"
assert_eq '[{"from":null,"to":"process"}]' \
    "$(events_of "$W2" negative_item | jq -c '[.[] | select(.to == "process") | {from, to}]')" \
    "the event of mark --item"
assert_rc 5 "the same item again" ctl mark "$W2" on_request --item process
ctl report review --json >"$T_TMP/review.json" || fail "report review --json"
jq -e '[.. | objects | .reason_unlisted? // empty | .[]] | length == 0' \
    "$T_TMP/review.json" >/dev/null || fail "the review report still lists reason_unlisted"

step "a new marking with a new reason is matched again; the mark event names the item"
assert_rc 0 "mark withheld with a reason" ctl mark "$W2" withheld \
    --reason "属于行政机关内部事务信息"
assert_eq internal "$(field "$W2" negative_item)" "negative_item after a new reason"
assert_eq internal "$(ctl history "$W2" --json | jq -r '[.[] | select(.action == "mark")][-1].negative_item')" \
    "the mark event's negative_item"

step "show names the item"
ctl show "$W2" >"$T_TMP/show.txt" || fail "show $W2"
assert_contains "$(cat "$T_TMP/show.txt")" "负面清单事项" "show's line"

step "a reload with a broken list keeps the old one; a good one takes effect"
printf '[ok]\nmatter = 事项\n' >"$ROOT/negative-list.conf"
kill -HUP "$DPID"
wait_for "the reload to be refused" log_has "negative-list.conf:1: item has no basis"
assert_rc 0 "mark --item with the old list" ctl mark "$W2" withheld --item privacy
assert_eq privacy "$(field "$W2" negative_item)" "negative_item after a refused reload"
printf '[extra]\nmatter = 专项事项\nbasis = 第十五条\n' >"$ROOT/negative-list.conf"
kill -HUP "$DPID"
wait_for "the reload" eval '[ "$(grep -c "configuration reloaded" "$LOG")" -ge 1 ]'
assert_rc 0 "mark --item with the new list" ctl mark "$W2" withheld --item extra
assert_rc 2 "an item the new list lost" ctl mark "$W2" withheld --item internal
rm -f "$ROOT/negative-list.conf"
kill -HUP "$DPID"
wait_for "the second reload" eval '[ "$(grep -c "configuration reloaded" "$LOG")" -ge 2 ]'
assert_rc 0 "mark --item with the built-in list again" ctl mark "$W2" withheld --item internal

step "negative-list counts documents per item"
ctl negative-list --json >"$T_TMP/nl.json" || fail "negative-list --json"
assert_eq 8 "$(jq '.items | length' "$T_TMP/nl.json")" "items"
assert_eq 1 "$(jq '.items[] | select(.id == "trade-secret") | .count' "$T_TMP/nl.json")" "trade-secret count"
assert_eq 1 "$(jq '.items[] | select(.id == "internal") | .count' "$T_TMP/nl.json")" "internal count"
assert_eq 0 "$(jq '.items[] | select(.id == "process") | .count' "$T_TMP/nl.json")" "process count"
assert_eq 0 "$(jq .reason_unlisted "$T_TMP/nl.json")" "reason_unlisted count"
jq -e '.items[0] | keys == ["agency","basis","count","id","matter"]' "$T_TMP/nl.json" >/dev/null ||
    fail "negative-list item keys: $(jq -c '.items[0] | keys' "$T_TMP/nl.json")"
ctl negative-list >"$T_TMP/nl.txt" || fail "negative-list"
assert_contains "$(cat "$T_TMP/nl.txt")" "第十五条" "the human table's 依据"
assert_contains "$(cat "$T_TMP/nl.txt")" "trade-secret" "the human table's ids"

step "marking it public clears the item"
assert_rc 0 "mark public" ctl mark "$W1" public
assert_eq null "$(field "$W1" negative_item)" "negative_item of $W1 once public"
assert_eq '{"to":"public","negative_item":null}' \
    "$(events_of "$W1" mark | jq -c '.[-1] | {to, negative_item}')" "the mark event"
assert_eq 0 "$(ctl negative-list --json | jq '.items[] | select(.id == "trade-secret") | .count')" \
    "trade-secret count once public"

step "--item without --reason: the item's 事项 and 依据 are the reason"
assert_rc 2 "withheld with neither --reason nor --item" ctl mark "$W1" withheld
assert_rc 0 "mark withheld --item privacy" ctl mark "$W1" withheld --item privacy
assert_eq privacy "$(field "$W1" negative_item)" "negative_item of $W1"
assert_contains "$(field "$W1" disclosure_reason)" "个人隐私" "the reason given by the item"
assert_contains "$(field "$W1" disclosure_reason)" "第十五条" "the item's 依据 in the reason"
has_flag "$W1" reason_unlisted && fail "$W1 has flag reason_unlisted"
assert_rc 0 "mark $W1 public again" ctl mark "$W1" public

step "an interpretation is linked to the policy it names"
drop_doc p1.txt issuer=淄博市民政局 docno=淄政办规〔2024〕3号 \
    title=关于印发《淄博市养老服务补贴办法》的通知
wait_for "the policy" records_are 3
P1=$(id_of 淄政办规〔2024〕3号)
drop_doc i1.txt issuer=淄博市民政局 docno=none \
    title=关于《淄博市养老服务补贴办法》的政策解读
wait_for "the interpretation" records_are 4
I1=$(id_by_title 关于《淄博市养老服务补贴办法》的政策解读)
[ -n "$P1" ] && [ -n "$I1" ] || fail "p1 or i1 not registered (titles: $(ctl list --all --json | jq -c '[.[].title]'))"
assert_eq "$P1" "$(field "$I1" interprets)" "interprets of $I1"
assert_eq "$(date +%F)" "$(field "$P1" interpreted_on)" "interpreted_on of $P1"
assert_eq "$P1" "$(events_of "$I1" interprets | jq -r '.[0].related')" "the interprets event"
assert_eq "$I1" "$(events_of "$P1" interpretation | jq -r '.[0].related')" "the policy's event"

step "an interpretation that came first waits for its policy"
drop_doc i2.txt issuer=淄博市民政局 docno=none \
    title=关于淄政办规〔2024〕9号文件的解读
wait_for "the second interpretation" records_are 5
I2=$(id_by_title 关于淄政办规〔2024〕9号文件的解读)
[ -n "$I2" ] || fail "i2 not registered"
assert_eq null "$(field "$I2" interprets)" "interprets of $I2 before its policy"
has_flag "$I2" interpretation_unlinked || fail "$I2 has no flag interpretation_unlinked"
drop_doc p2.txt issuer=淄博市民政局 docno=淄政办规〔2024〕9号 \
    title=关于进一步加强养老机构管理的实施意见
wait_for "its policy" records_are 6
P2=$(id_of 淄政办规〔2024〕9号)
wait_for "$I2 to be linked" eval '[ "$(field "$I2" interprets)" = "$P2" ]'
has_flag "$I2" interpretation_unlinked && fail "$I2 still has flag interpretation_unlinked"
[ "$(field "$P2" interpreted_on)" != null ] || fail "$P2 has no interpreted_on"

step "a 规范性文件 with no interpretation is flagged after interpretation_days"
drop_doc p3.txt issuer=淄博市民政局 docno=淄民规〔2024〕5号 \
    title=关于印发《淄博市社区养老服务设施管理细则》的通知
wait_for "a third policy" records_are 7
P3=$(id_of 淄民规〔2024〕5号)
assert_eq true "$(field "$P3" published)" "published of $P3"
has_flag "$P3" no_interpretation && fail "$P3 is flagged at once"
ctl schedule --json >"$T_TMP/sched.json" || fail "schedule --json"
assert_eq "[\"$P3\"]" "$(jq -c '[.interpretations[].id]' "$T_TMP/sched.json")" \
    "the policies waiting for an interpretation"
assert_eq "$(date -d "$(field "$P3" published_on) + 3 days" +%F)" \
    "$(jq -r '.interpretations[0].due_on' "$T_TMP/sched.json")" "its due_on"
stop_daemon
FAKE_TIME=$(date -d "+5 days" "+%F %T") start_daemon -c "$CONF"
wait_for "$P3 to be flagged no_interpretation" has_flag "$P3" no_interpretation
assert_eq docketd "$(events_of "$P3" no_interpretation | jq -r '.[0].actor')" "the clock's event"
for d in "$P1" "$P2"; do
	has_flag "$d" no_interpretation && fail "$d has an interpretation yet is flagged"
done
# A withheld document is no 规范性文件 on the site: never flagged.
has_flag "$W2" no_interpretation && fail "$W2 (withheld) is flagged"
stop_daemon

step "a site list replaces the built-in one"
printf '[only]\nmatter = 唯一事项\nbasis = 第十六条\nmatch = 系统建设\n' >"$ROOT/negative-list.conf"
assert_eq '["only"]' "$(ctl negative-list --json | jq -c '[.items[].id]')" "the site list's items"
assert_eq internal "$(ctl negative-list --json | jq -r '.not_in_list[0].id')" \
    "an item still cited that the list lost"
exit 0
