#!/bin/bash
# catalog.sh: the public catalog's record facts (issue 17), through a
# running docketd with its clock at 2026-03-16 (libfaketime):
#  - a public document gets published, a 索引号 CODE/YYYY-NNNNN (its
#    agency's [agency] code, else [publish] code; the year of its 成文日期;
#    numbered from 1 per code and year, no gaps, no duplicates) and
#    published_on = the day it entered, noted on the event of the change
#    that made it public ("publish": the 索引号; one change, one event);
#    on_request, withheld and undetermined ones get none;
#  - one made more than 20 working days before (per the holiday
#    calendar) gets flag published_late with the cause late_intake; one
#    that waited undetermined and is then marked public, cause
#    undetermined; one released after being withheld counts from the
#    release (not late);
#  - list --flag published_late finds them; the compliance report has the
#    section with the cause; show prints 索引号 and 发布日期;
#  - marking a public document on_request takes it out (published false,
#    "unpublish": the reason on the mark event, in the mark's commit; the
#    human history says 撤出公开目录)
#    and keeps its 索引号; marking it public again gives the same 索引号
#    and the first published_on;
#  - a new version keeps the 索引号;
#  - reindex rebuilds the same catalog from the vault.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init catalog
export TZ=Asia/Shanghai

mkdir -p "$ROOT" || fail "mkdir $ROOT"
# Under -r ROOT the site stays inside the root: no way out through "..".
write_config "$ROOT/docketd.conf" "[publish]" "dir = ../elsewhere"
run_rc "$DOCKETD" -n -r "$ROOT"
[ "$RC" -ne 0 ] || fail "docketd -n accepted [publish] dir = ../elsewhere under -r"
assert_contains "$(cat "$T_TMP/err")" "'..' would leave it" "the refusal of dir = ../elsewhere"
write_config "$ROOT/docketd.conf" \
    "[publish]" "code = 11370300004326123X" \
    "[agency 财政局]" "code = 113703000043261A"

hist() {
	ctl history "$1" --json
}

has_flag() {
	ctl show "$1" --json | jq -e --arg f "$2" '.flags | index($f)' >/dev/null
}

FAKE_TIME="2026-03-16 09:00:00" start_daemon

step "public documents enter the catalog with a 索引号; others do not"
# On time: 2026-03-02 + 10 working days.
drop_doc a.txt agency=财政局 date=2026-03-02 docno=淄财发〔2026〕1号
A_SHA=$DOC_SHA
drop_doc b.txt agency=财政局 date=2026-03-03 docno=淄财发〔2026〕2号
B_SHA=$DOC_SHA
# Late: 2026-01-05 is 46 working days before 2026-03-16 (春节 in between).
drop_doc c.txt agency=教育局 date=2026-01-05 docno=淄教发〔2026〕3号
C_SHA=$DOC_SHA
drop_doc r.txt agency=教育局 date=2026-03-02 docno=淄教发〔2026〕4号 \
    marking="（此件依申请公开）" extra="理由：涉及个人隐私"
R_SHA=$DOC_SHA
drop_doc w.txt agency=教育局 date=2025-06-02 docno=淄教发〔2025〕5号 \
    marking="（此件不予公开，理由：属于内部事务信息）"
W_SHA=$DOC_SHA
drop_doc u.txt agency=教育局 date=2026-01-06 docno=淄教发〔2026〕6号 \
    marking=none
U_SHA=$DOC_SHA
wait_for "six documents to be registered" records_are 6
A=$(field "$A_SHA" id); B=$(field "$B_SHA" id); C=$(field "$C_SHA" id)
R=$(field "$R_SHA" id); W=$(field "$W_SHA" id); U=$(field "$U_SHA" id)

for x in "$A" "$B" "$C"; do
	ctl show "$x" --json | jq -e '.published == true and
	    .published_on == "2026-03-16"' >/dev/null ||
	    fail "$x: public but not in the catalog on 2026-03-16"
	assert_eq "register $(field "$x" index_no)" \
	    "$(hist "$x" | jq -r '.[] | select(.publish) |
	    "\(.action) \(.publish)"')" \
	    "the register event of $x notes its 索引号"
done
for x in "$R" "$W" "$U"; do
	ctl show "$x" --json | jq -e '.published == false and
	    .index_no == null and .published_on == null' >/dev/null ||
	    fail "$x: not public but in the catalog"
	assert_eq 0 "$(hist "$x" | jq '[.[] | select(.publish or
	    .action == "publish")] | length')" "no entry into the catalog for $x"
done
# The agency's code, then the site's; numbered from 1 per code and year.
assert_eq "113703000043261A/2026-00001 113703000043261A/2026-00002" \
    "$(printf '%s\n' "$(field "$A" index_no)" "$(field "$B" index_no)" |
    sort | tr '\n' ' ' | sed 's/ $//')" "索引号 of the 财政局 documents"
assert_eq "11370300004326123X/2026-00001" "$(field "$C" index_no)" \
    "索引号 of a document of an agency without a code"

step "the 20-working-day rule"
has_flag "$C" published_late || fail "$C (2026-01-05) not flagged late"
ctl show "$C" --json | jq -e '.publish_lag.cause == "late_intake" and
    .publish_lag.from == "2026-01-05" and .publish_lag.workdays > 20' \
    >/dev/null || fail "publish_lag of $C: $(ctl show "$C" --json |
    jq -c .publish_lag)"
for x in "$A" "$B"; do
	! has_flag "$x" published_late || fail "$x flagged late"
done
# It waited undetermined from 2026-01-06: marked public now, late, and
# the cause says why.
ctl mark "$U" public >/dev/null || fail "mark $U public"
ctl show "$U" --json | jq -e '.published == true and
    .publish_lag.cause == "undetermined" and
    (.flags | index("published_late"))' >/dev/null ||
    fail "$U: $(ctl show "$U" --json | jq -c '{published, publish_lag, flags}')"
# Withheld since 2025, released now: the count starts at the release.
ctl review "$W" release --to public --reason "已过保密期" >/dev/null ||
    fail "review $W release"
ctl show "$W" --json | jq -e '.published == true and .publish_lag == null
    and (.flags | index("published_late") | not) and
    (.index_no | startswith("11370300004326123X/2025-"))' >/dev/null ||
    fail "$W released: $(ctl show "$W" --json | jq -c '{published, index_no, publish_lag, flags}')"
assert_eq "$C $U" "$(ctl list --flag published_late --json |
    jq -r '[.[].id] | sort | join(" ")')" "list --flag published_late"
out=$(ctl report compliance 2>&1) || fail "report compliance: $out"
assert_contains "$out" "主动公开超过二十个工作日" "compliance report section"
assert_contains "$out" "报送迟" "the cause late_intake in the report"
assert_contains "$out" "待定" "the cause undetermined in the report"
out=$(ctl show "$C") || fail "show $C"
assert_contains "$out" "索引号" "show prints the 索引号"
assert_contains "$out" "$(field "$C" index_no)" "show prints the 索引号"
assert_contains "$out" "公开超期" "show prints the lateness"

step "leaving the catalog keeps the 索引号"
ino=$(field "$A" index_no)
head_before=$(vault rev-parse main)
ctl mark "$A" on_request --reason "涉及第三方合法权益" >/dev/null ||
    fail "mark $A on_request"
ctl show "$A" --json | jq -e '.published == false' >/dev/null ||
    fail "$A on_request but still published"
assert_eq "$ino" "$(field "$A" index_no)" "索引号 of $A after it left"
ev=$(hist "$A" | jq -c '.[-1] | {actor, action, from, to, unpublish}')
assert_eq '{"actor":"root","action":"mark","from":"public","to":"on_request","unpublish":"依申请公开，不主动公开"}' \
    "$ev" "the mark event of $A notes its exit from the catalog"
# One commit, one event.
assert_eq 1 "$(vault rev-list --count "$head_before..main")" \
    "commits for the mark that took $A out"
assert_eq "$ev" "$(vault show "main:$(vault_dir "$A")/events.jsonl" |
    tail -n 1 | jq -c '{actor, action, from, to, unpublish}')" \
    "the vault's last event of $A"
ctl history "$A" | grep -q '撤出公开目录：依申请公开，不主动公开' ||
    fail "history of $A does not say it left the catalog: $(ctl history "$A")"
ctl history "$A" | grep -q "进入公开目录，索引号 $ino" ||
    fail "history of $A does not say it entered the catalog"
ctl mark "$A" public >/dev/null || fail "mark $A public"
ctl show "$A" --json | jq -e --arg i "$ino" '.published == true and
    .index_no == $i and .published_on == "2026-03-16"' >/dev/null ||
    fail "$A back in the catalog: $(ctl show "$A" --json | jq -c '{published, index_no, published_on}')"

step "a new version keeps the 索引号"
ino=$(field "$B" index_no)
drop_doc b2.txt agency=财政局 date=2026-03-03 docno=淄财发〔2026〕2号 \
    issuer="$(field "$B" issuer)" body="根据工作需要，对原通知第二条作如下修改。"
B2_SHA=$DOC_SHA
wait_for "b2.txt to be registered" has_sha "$B2_SHA"
assert_eq "$B" "$(field "$B2_SHA" id)" "b2.txt is a new version of $B"
assert_eq 2 "$(field "$B" version)" "version of $B"
assert_eq "$ino" "$(field "$B" index_no)" "索引号 of $B's version 2"
ctl show "$B" --json | jq -e '.published == true' >/dev/null ||
    fail "$B v2 not published"

step "reindex rebuilds the same catalog"
before=$(ctl list --all --json | jq -c 'map({id, index_no, published,
    published_on, publish_lag, flags})')
ctl reindex >/dev/null || fail "reindex"
after=$(ctl list --all --json | jq -c 'map({id, index_no, published,
    published_on, publish_lag, flags})')
assert_eq "$before" "$after" "the catalog after reindex"
# Numbering goes on from the index after a reindex: no duplicate.
drop_doc d.txt agency=财政局 date=2026-03-10 docno=淄财发〔2026〕9号
D_SHA=$DOC_SHA
wait_for "the next document" records_are 7
assert_eq "113703000043261A/2026-00003" "$(field "$D_SHA" index_no)" \
    "the next 索引号 after a reindex"
stop_daemon
note "ok"
