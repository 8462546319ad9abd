#!/bin/bash
# lifecycle.sh: the disclosure lifecycle through docketctl against a
# running docketd, with docketd's clock moved by libfaketime.
#  - ingest copies files into intake/AGENCY/ by write-then-rename;
#  - registration: a withheld document gets next_review = registration
#    date + 12 months, a public one none; the first event is "register";
#  - list --review-due-before finds it by the due index (strictly before);
#  - mark: a reason is required for withheld; the change is an event by
#    the caller and starts a review;
#  - mark --kind sets doc_kind (an event doc_kind, 变更文件类别 in history),
#    auto removes it; a disclosure with --kind is a usage error;
#  - after a downtime past due + 30 days, docketd flags review_overdue at
#    start-up without any command;
#  - review keep moves next_review on by 12 months from the decision and
#    clears the flag; review release makes it public and ends the review;
#    review of a public document is refused (exit 5);
#  - hold blocks disclosure changes and cleanup; unhold lets cleanup run;
#  - cleanup run commits cleanup/DATE.json and .md (readable with git
#    show); cleaned documents leave list unless --all or --status cleaned;
#  - reindex rebuilds LMDB from the vault alone to the same state: list
#    --all --json, every history and the schedule are identical;
#  - verify passes, and the vault's events.jsonl equals history --json;
#  - with db/ removed, docketd rebuilds the same state at start-up.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init lifecycle
export TZ=UTC

hist() {
	ctl history "$1" --json
}

last_event() {
	# The catalog's own events (publish, unpublish) follow the change
	# that causes them: the last event of the change is the one before.
	hist "$1" | jq -c '[.[] | select(.action != "publish" and
	    .action != "unpublish")] | .[-1] | {actor, action, from, to}'
}

has_flag() {
	ctl show "$1" --json | jq -e --arg f "$2" '.flags | index($f)' >/dev/null
}

lacks_flag() {
	! has_flag "$@"
}

FAKE_TIME="2026-01-10 09:00:00" start_daemon

step "registration schedules a review of withheld documents only"
drop_doc w.txt docno=淄教发〔2026〕1号 \
    marking="（此件不予公开，理由：属于内部事务信息）"
W_SHA=$DOC_SHA
drop_doc p.txt docno=淄教发〔2026〕2号
P_SHA=$DOC_SHA
drop_doc u.txt docno=淄教发〔2026〕3号 marking=none
U_SHA=$DOC_SHA
wait_for "three documents to be registered" records_are 3
W=$(field "$W_SHA" id)
P=$(field "$P_SHA" id)
U=$(field "$U_SHA" id)
assert_eq withheld "$(field "$W" disclosure)" "disclosure of w.txt"
assert_eq 2027-01-10 "$(field "$W" next_review)" "next_review of $W"
assert_eq null "$(ctl show "$P" --json | jq -r .next_review)" "next_review of public $P"
assert_eq false "$(ctl show "$W" --json | jq -r .hold)" "hold of $W"
assert_eq '{"actor":"docketd","action":"register","from":null,"to":"withheld"}' \
    "$(last_event "$W")" "first event of $W"
assert_eq 1 "$(hist "$W" | jq length)" "events of $W"

step "docketctl ingest hands files to the intake"
make_doc "$T_TMP/handed.txt" docno=淄财发〔2026〕9号
I_SHA=$DOC_SHA
ctl ingest --agency 财政局 "$T_TMP/handed.txt" >"$T_TMP/out" || fail "ingest"
assert_contains "$(cat "$T_TMP/out")" "intake/财政局/handed.txt" "ingest output"
wait_for "handed.txt to be registered" has_sha "$I_SHA"
assert_eq 财政局 "$(field "$I_SHA" agency)" "agency of the handed file"
assert_rc 1 "ingest of a missing file" ctl ingest "$T_TMP/missing.txt"
assert_rc 2 "ingest without files" ctl ingest
assert_rc 2 "ingest into a nested folder" ctl ingest --agency a/b "$T_TMP/handed.txt"

step "list --review-due-before uses the due index"
assert_eq "$W" "$(ctl list --review-due-before 2027-01-11 --json | jq -r '[.[].id] | join(" ")')" \
    "reviews due before 2027-01-11"
assert_eq 0 "$(ctl list --review-due-before 2027-01-10 --json | jq length)" \
    "reviews due before 2027-01-10 (strictly before)"
assert_rc 2 "a bad --review-due-before" ctl list --review-due-before 2027-02-30

step "mark: a reason is required for withheld, and the change is an event"
assert_rc 2 "mark withheld without a reason" ctl mark "$U" withheld
assert_contains "$(ctl mark "$U" withheld 2>&1)" "reason" "the usage message"
ctl mark "$U" withheld --reason "涉及个人隐私" >"$T_TMP/out" || fail "mark $U withheld"
# Human output in Chinese: the id, and no English value left.
assert_contains "$(cat "$T_TMP/out")" "$U" "mark output"
! grep -qE 'withheld|undetermined|mark' "$T_TMP/out" ||
    fail "mark output has English values: $(cat "$T_TMP/out")"
assert_eq withheld "$(field "$U" disclosure)" "disclosure of $U after mark"
assert_eq "涉及个人隐私" "$(field "$U" disclosure_reason)" "reason of $U"
assert_eq 2027-01-10 "$(field "$U" next_review)" "next_review of $U from the decision date"
assert_eq '{"actor":"root","action":"mark","from":"undetermined","to":"withheld"}' \
    "$(last_event "$U")" "mark event of $U"
assert_rc 5 "marking the same disclosure again" ctl mark "$U" withheld --reason "涉及个人隐私"
assert_rc 3 "mark an unknown document" ctl mark D999999 public
assert_rc 2 "mark to an unknown disclosure" ctl mark "$U" secret --reason x

step "mark --kind: the document's kind for the annual report, with an event"
assert_rc 2 "mark --kind bogus" ctl mark "$U" --kind bogus --reason x
assert_rc 2 "mark --kind without a reason" ctl mark "$U" --kind normative
assert_rc 2 "mark with a disclosure and --kind" ctl mark "$U" public --kind normative --reason x
assert_contains "$(ctl mark "$U" public --kind normative --reason x 2>&1)" \
    "不能同时变更公开属性" "the usage message"
ctl mark "$U" --kind regulation --reason 以政府令发布 >"$T_TMP/out" ||
    fail "mark $U --kind regulation"
assert_contains "$(cat "$T_TMP/out")" "变更文件类别 自动判断 → 规章" "mark --kind output"
assert_eq "regulation 2026-01-10" "$(ctl show "$U" --json | jq -r '"\(.doc_kind) \(.doc_kind_on)"')" \
    "doc_kind and doc_kind_on of $U"
assert_eq '{"actor":"root","action":"doc_kind","from":"auto","to":"regulation"}' \
    "$(last_event "$U")" "doc_kind event of $U"
assert_contains "$(ctl history "$U")" "变更文件类别" "history of $U"
assert_contains "$(ctl show "$U")" "文件类别" "show $U"
assert_contains "$(ctl show "$U" | grep 文件类别)" "规章" "show $U: the kind in Chinese"
assert_rc 5 "the same kind again" ctl mark "$U" --kind regulation --reason x
ctl mark "$U" --kind auto --reason 按文号判断 >/dev/null || fail "mark $U --kind auto"
assert_eq "null" "$(ctl show "$U" --json | jq -c .doc_kind)" "doc_kind of $U after auto"
assert_rc 5 "auto without an override" ctl mark "$U" --kind auto --reason x
ctl mark "$U" --kind normative --reason 规范性文件 >/dev/null || fail "mark $U --kind normative"

step "a review past due + 30 days is flagged overdue at start-up"
stop_daemon
FAKE_TIME="2027-02-15 10:00:00" start_daemon
wait_for "review_overdue on $W" has_flag "$W" review_overdue
wait_for "review_overdue on $U" has_flag "$U" review_overdue
assert_eq '{"actor":"docketd","action":"review_overdue","from":"2027-01-10","to":null}' \
    "$(last_event "$W")" "overdue event of $W"
assert_eq "$W $U" "$(ctl list --flag review_overdue --json | jq -r '[.[].id] | join(" ")')" \
    "list --flag review_overdue"

step "review keep moves the next review on and clears the flag"
assert_rc 2 "review without a reason" ctl review "$W" keep
ctl review "$W" keep --reason "仍属内部事务信息" >/dev/null || fail "review $W keep"
assert_eq 2028-02-15 "$(field "$W" next_review)" "next_review of $W after keep"
lacks_flag "$W" review_overdue || fail "review_overdue still on $W after keep"
assert_eq '{"actor":"root","action":"review_keep","from":"2027-01-10","to":"2028-02-15"}' \
    "$(last_event "$W")" "keep event of $W"

step "review release changes the disclosure and ends the review"
ctl review "$U" release --to public --reason "隐私信息已脱敏" >/dev/null ||
    fail "review $U release"
assert_eq public "$(field "$U" disclosure)" "disclosure of $U after release"
assert_eq null "$(ctl show "$U" --json | jq -r .next_review)" "next_review of $U after release"
lacks_flag "$U" review_overdue || fail "review_overdue still on $U after release"
assert_eq '{"actor":"root","action":"review_release","from":"withheld","to":"public"}' \
    "$(last_event "$U")" "release event of $U"
# Released, it enters the catalog in the same commit, with its 索引号,
# noted on the release event.
assert_eq "$(field "$U" index_no)" "$(hist "$U" | jq -r '.[-1].publish')" \
    "the release event of $U notes its entry into the catalog"
ctl show "$U" --json | jq -e '.published == true and (.index_no |
    test("^[A-Za-z0-9-]+/[0-9]{4}-[0-9]{5}$")) and .published_on != null' \
    >/dev/null || fail "$U released but not in the catalog"
assert_rc 5 "review of a public document" ctl review "$P" keep --reason x
assert_rc 2 "review with --to and keep" ctl review "$W" keep --to public --reason x

step "a hold blocks disclosure changes and cleanup"
ctl hold "$W" --reason "行政复议期间" >/dev/null || fail "hold $W"
assert_eq true "$(ctl show "$W" --json | jq -r .hold)" "hold of $W"
assert_rc 5 "mark under hold" ctl mark "$W" public
assert_rc 5 "release under hold" ctl review "$W" release --reason x
assert_rc 5 "a second hold" ctl hold "$W" --reason again
ctl unhold "$W" --reason "复议结束" >/dev/null || fail "unhold $W"
assert_rc 5 "unhold when not held" ctl unhold "$W" --reason again
ctl repeal "$P" --reason "已被新规定替代" >/dev/null || fail "repeal $P"
ctl hold "$P" --reason "诉讼中" >/dev/null || fail "hold $P"
ctl cleanup --as-of 2027-02-15 --json >"$T_TMP/pre" || fail "cleanup preview"
assert_eq "" "$(jq -r '[.clean[].id] | join(" ")' "$T_TMP/pre")" "preview: nothing to clean"
assert_eq "$P" "$(jq -r '[.held[].id] | join(" ")' "$T_TMP/pre")" "preview: held"
ctl cleanup run --json >"$T_TMP/run1" || fail "cleanup run under hold"
assert_eq 0 "$(jq .cleaned "$T_TMP/run1")" "cleaned under hold"
assert_eq 1 "$(jq .held "$T_TMP/run1")" "held in the run"
assert_eq repealed "$(field "$P" status)" "status of held $P after cleanup"

step "after unhold, cleanup cleans and publishes the result"
ctl unhold "$P" --reason "诉讼结束" >/dev/null || fail "unhold $P"
ctl cleanup run --json >"$T_TMP/run2" || fail "cleanup run"
assert_eq 1 "$(jq .cleaned "$T_TMP/run2")" "cleaned"
assert_eq cleaned "$(ctl show "$P" --json | jq -r .status)" "status of $P"
day=$(jq -r .date "$T_TMP/run2")
assert_eq 2027-02-15 "$day" "the cleanup date (docketd's clock)"
vault show "main:cleanup/$day.json" >"$T_TMP/res.json" || fail "git show cleanup/$day.json"
assert_eq "$P 废止 2027-02-15" \
    "$(jq -r '.documents[] | "\(.id) \(.kind) \(.date)"' "$T_TMP/res.json")" \
    "documents in the published result"
# the catch-up run at start-up (2027-02-01 06:00 was missed), then two by hand
assert_eq "docketd root root" "$(jq -r '[.runs[].actor] | join(" ")' "$T_TMP/res.json")" \
    "runs recorded that day"
vault show "main:cleanup/$day.md" >"$T_TMP/res.md" || fail "git show cleanup/$day.md"
grep -q "淄教发〔2026〕2号" "$T_TMP/res.md" || fail "the .md lacks the docno"
grep -q "废止" "$T_TMP/res.md" || fail "the .md lacks 废止"
grep -q "2027年2月15日" "$T_TMP/res.md" || fail "the .md lacks the date"
assert_eq '{"actor":"root","action":"clean","from":"repealed","to":"cleaned"}' \
    "$(last_event "$P")" "clean event of $P"

step "cleaned documents leave the active catalog"
assert_eq "" "$(ctl list --json | jq -r --arg p "$P" '.[] | select(.id == $p) | .id')" \
    "list without --all"
assert_eq "$P" "$(ctl list --all --json | jq -r --arg p "$P" '.[] | select(.id == $p) | .id')" \
    "list --all"
assert_eq "$P" "$(ctl list --status cleaned --json | jq -r '.[].id')" "list --status cleaned"
assert_rc 5 "hold a cleaned document" ctl hold "$P" --reason x

step "the vault's events.jsonl is the history"
for id in "$W" "$P" "$U"; do
	assert_eq "$(hist "$id" | jq -c '.[]')" \
	    "$(vault show "main:$(vault_dir "$id")/events.jsonl" | jq -c .)" \
	    "events.jsonl of $id"
done

step "reindex rebuilds the same state from the vault alone"
ctl list --all --json >"$T_TMP/before" || fail "list before reindex"
for id in "$W" "$P" "$U"; do hist "$id"; done >"$T_TMP/hbefore"
ctl schedule --json | jq -S 'del(.next_wake)' >"$T_TMP/sbefore" || fail "schedule"
ctl reindex --json >"$T_TMP/out" || fail "reindex"
assert_eq "$(jq length "$T_TMP/before")" "$(jq .indexed "$T_TMP/out")" "reindex --json: .indexed, the records rebuilt"
ctl list --all --json >"$T_TMP/after" || fail "list after reindex"
for id in "$W" "$P" "$U"; do hist "$id"; done >"$T_TMP/hafter"
ctl schedule --json | jq -S 'del(.next_wake)' >"$T_TMP/safter"
diff "$T_TMP/before" "$T_TMP/after" >&2
assert_same_file "$T_TMP/before" "$T_TMP/after" "list --all --json before and after reindex"
assert_same_file "$T_TMP/hbefore" "$T_TMP/hafter" "histories before and after reindex"
assert_same_file "$T_TMP/sbefore" "$T_TMP/safter" "schedule before and after reindex"

step "verify and fsck"
ctl verify >"$T_TMP/verify" || fail "verify: $(cat "$T_TMP/verify")"
ctl verify --json >"$T_TMP/verify.json" || fail "verify --json: $(cat "$T_TMP/verify.json")"
assert_eq "true 0" "$(jq -r '"\(.ok) \(.problems)"' "$T_TMP/verify.json")" "verify --json: ok, no problem"
stop_daemon
assert_fsck

step "without its index, docketd rebuilds the same state from the vault at start"
rm -rf "$ROOT/db"
FAKE_TIME="2027-02-15 11:00:00" start_daemon
assert_log "replay: vault head" "the rebuild at start-up"
ctl list --all --json >"$T_TMP/rebuilt" || fail "list after the rebuild"
assert_same_file "$T_TMP/before" "$T_TMP/rebuilt" "list --all --json after the rebuild"
for id in "$W" "$P" "$U"; do hist "$id"; done >"$T_TMP/hrebuilt"
assert_same_file "$T_TMP/hbefore" "$T_TMP/hrebuilt" "histories after the rebuild"
stop_daemon
note "ok"
