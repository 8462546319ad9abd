#!/bin/bash
# apply_report.sh: what docketd does with disclosure applications beyond
# the clock, under faketime (2026-12-04), mailed to a local SMTP sink:
#  1. report applications: overdue (财政局 F1, 教育局 E1), consulting (F2),
#     each with the docketctl command that acts on it; --json names the
#     applicant for root; the mail to 财政局's secretary names 张三 and
#     李四 (its own applications) and not 王五, 教育局's names 王五 and
#     neither of the others; with a list of recipients no applicant is
#     named at all;
#  2. compliance counts 财政局's late answer (answered_late) this year;
#     next January it says the 2026 annual report is due (11 days left
#     on the 20th), and flags annual_report_late in February;
#  3. Art. 44: a withheld document named in the answers to three distinct
#     applicants is proposed in the review report (建议主动公开（条例第四
#     十四条）) with the number of applicants, never their names;
#  4. the drop folder intake/applications/: a good JSON file is registered
#     once (by docketd, with source.sha256) and removed, the same content
#     again is not registered twice; bad files (bad JSON, a missing field,
#     a bad date, an unknown channel) go to quarantine with a Chinese
#     reason naming the field; no document is made from any of them.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init apply_report
export TZ=UTC

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on the socket)"
. "$(dirname "${TESTLIB:-$0}")/smtp.sh"

# body FILE: the decoded text/plain part of a stored message.
cat >"$PYDIR/body.py" <<'PYEOF'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print("TO:", m["To"].addresses[0].addr_spec)
print("SUBJECT:", str(m["Subject"]))
print(m.get_body(preferencelist=("plain",)).get_content())
PYEOF

FROM="政务公开办公室 <gongkai@example.gov.cn>"
conf() {
	local f=$1 rcpt=$2

	mkdir -p "$ROOT"
	write_config "$f" "[mail]" "transport = smtp://127.0.0.1:$SMTP_PORT" \
	    "from = $FROM" "retry_initial = 1s" "retry_max = 2s" "timeout = 10s" "" \
	    "[applications]" "fee_method = count" "due_soon = 5" "" \
	    "[agency 财政局]" "secretary = 李秘书 <li@czj.example.gov.cn>" "" \
	    "[agency 教育局]" "secretary = 张秘书 <zhang@jyj.example.gov.cn>" "" \
	    "[report apps]" "kind = applications" "schedule = 0 8 * * *" \
	    "recipients = $rcpt" "catch_up = no"
}
CONF_A=$T_TMP/agency.conf
CONF_L=$T_TMP/list.conf
conf "$CONF_A" agency
conf "$CONF_L" "监督员 <boss@example.gov.cn>"
CTL_CONF=$CONF_A

new_app() {
	ctl apply new --received "$1" --channel in_person --applicant "$2" \
	    --applicant-type person --request "$3" --agency "$4" \
	    --contact "$5" || fail "apply new $*"
}

smtp_start
FAKE_TIME="2026-12-04 10:00:00" start_daemon -c "$CONF_A"

step "applications and a withheld document"
drop_doc w1.txt agency=财政局 docno=淄财发〔2026〕9号 \
    marking="（此件不予公开，理由：属于内部事务信息）"
wait_for "w1.txt to be registered" has_sha "$DOC_SHA"
DOC=$(field "$DOC_SHA" id)
assert_eq withheld "$(field "$DOC" disclosure)" "disclosure of $DOC"
F1=$(new_app 2026-11-05 张三 "财政专项资金分配表" 财政局 13800000001)
F2=$(new_app 2026-12-01 李四 "政府采购合同" 财政局 13800000002)
E1=$(new_app 2026-11-05 王五 "学校布局调整方案" 教育局 13800000003)
assert_rc 0 "consult F2" ctl apply consult "$F2" --party 某供应商 --on 2026-12-02
for who in 甲 乙 丙; do
	a=$(new_app 2026-10-09 "$who" "内部管理办法" 财政局 "")
	assert_rc 0 "answer $a with $DOC" ctl apply answer "$a" --on 2026-12-04 \
	    --type denied --sub internal_affairs --docs "$DOC" --reason "内部事务信息"
done
LATE=$a

step "1. report applications"
ctl report applications --as-of 2026-12-04 --json >"$T_TMP/r.json" || fail "report applications --json"
assert_eq "$F1" "$(jq -r '.agencies["财政局"].sections.overdue[0].id' "$T_TMP/r.json")" "财政局 overdue"
assert_eq "$F2" "$(jq -r '.agencies["财政局"].sections.consulting[0].id' "$T_TMP/r.json")" "财政局 consulting"
assert_eq "$E1" "$(jq -r '.agencies["教育局"].sections.overdue[0].id' "$T_TMP/r.json")" "教育局 overdue"
assert_eq "docketctl apply answer $F1 --on YYYY-MM-DD --type TYPE --reason '…'" \
    "$(jq -r '.agencies["财政局"].sections.overdue[0].command' "$T_TMP/r.json")" "the command of F1"
assert_eq "docketctl apply consulted $F2 --on YYYY-MM-DD" \
    "$(jq -r '.agencies["财政局"].sections.consulting[0].command' "$T_TMP/r.json")" "the command of F2"
assert_eq 张三 "$(jq -r '.agencies["财政局"].sections.overdue[0].applicant' "$T_TMP/r.json")" \
    "root sees the applicant"
assert_eq 3 "$(jq -r '.totals.applications' "$T_TMP/r.json")" "applications in the report"
# 环节期限: the step's own deadline (a consultation's), none for one that
# waits only for its answer (it would repeat 答复期限).
assert_eq null "$(jq -r '.agencies["财政局"].sections.overdue[0].deadline' "$T_TMP/r.json")" \
    "no step deadline for the overdue F1"
jq -e '.agencies["财政局"].sections.consulting[0].deadline | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")' \
    "$T_TMP/r.json" >/dev/null || fail "the consultation deadline of F2"
ctl report applications --as-of 2026-12-04 --agency 教育局 >"$T_TMP/r.txt" || fail "report applications --agency"
assert_contains "$(cat "$T_TMP/r.txt")" "已超过答复期限" "text: the overdue section"
assert_contains "$(cat "$T_TMP/r.txt")" "环节期限" "text: the step deadline's column"
assert_contains "$(cat "$T_TMP/r.txt")" "docketctl apply answer $E1" "text: the command"
grep -q "$F1" "$T_TMP/r.txt" && fail "--agency 教育局 shows 财政局's $F1"

assert_rc 0 "report applications --mail" ctl report applications --mail
wait_for -t 60 "two messages" mail_count_is 2
for f in $(mail_files); do
	"$PY" "$PYDIR/body.py" "$MAILDIR/new/$f" >"$T_TMP/$f.txt" || fail "parse $f"
	case $(sed -n 1p "$T_TMP/$f.txt") in
	"TO: li@czj.example.gov.cn") LI=$T_TMP/$f.txt ;;
	"TO: zhang@jyj.example.gov.cn") ZHANG=$T_TMP/$f.txt ;;
	*) fail "a message to $(sed -n 1p "$T_TMP/$f.txt")" ;;
	esac
done
[ -n "${LI:-}" ] && [ -n "${ZHANG:-}" ] || fail "one message to each secretary"
assert_contains "$(cat "$LI")" "依申请公开办理提醒" "li's subject"
for s in "$F1" "$F2" 张三 李四 "docketctl apply answer $F1"; do
	assert_contains "$(cat "$LI")" "$s" "财政局's mail"
done
for s in 王五 13800000003 "$E1"; do
	grep -qF "$s" "$LI" && fail "财政局's mail names 教育局's $s"
done
assert_contains "$(cat "$ZHANG")" 王五 "教育局's mail names its applicant"
for s in 张三 李四 13800000001 "$F1" "$F2"; do
	grep -qF "$s" "$ZHANG" && fail "教育局's mail names 财政局's $s"
done
stop_daemon

FAKE_TIME="2026-12-04 11:00:00" start_daemon -c "$CONF_L"
CTL_CONF=$CONF_L
assert_rc 0 "report applications --mail to a list" ctl report applications --mail
wait_for -t 60 "the list's message" mail_count_is 3
"$PY" "$PYDIR/body.py" "$(last_mail)" >"$T_TMP/boss.txt" || fail "parse the list's message"
assert_eq "TO: boss@example.gov.cn" "$(sed -n 1p "$T_TMP/boss.txt")" "the list's recipient"
assert_contains "$(cat "$T_TMP/boss.txt")" "$F1" "the list's mail lists the ids"
for s in 张三 李四 王五 13800000001 13800000003 财政专项资金分配表; do
	grep -qF "$s" "$T_TMP/boss.txt" && fail "the list's mail names $s"
done

step "2. compliance counts the late answer"
ctl report compliance --as-of 2026-12-04 --json >"$T_TMP/c.json" || fail "report compliance --json"
assert_eq 3 "$(jq -r '.agencies["财政局"].answered_late' "$T_TMP/c.json")" "late answers of 财政局"
assert_eq "$LATE" "$(jq -r '.agencies["财政局"].late_answers[-1].id' "$T_TMP/c.json")" "the late answer's id"
ctl report compliance --as-of 2026-12-04 --agency 财政局 >"$T_TMP/c.txt" || fail "report compliance"
assert_contains "$(cat "$T_TMP/c.txt")" "逾期答复的政府信息公开申请" "compliance text"
# Next January, the 2026 annual report is due: 11 days left, then late.
ctl report compliance --as-of 2027-01-20 --agency 财政局 >"$T_TMP/c.txt" || fail "report compliance in January"
assert_contains "$(cat "$T_TMP/c.txt")" "2026年政府信息公开工作年度报告：应于 2027-01-31 前发布，还有 11 天；勾稽关系：" \
    "the annual report due"
ctl report compliance --as-of 2027-02-02 --json >"$T_TMP/c.json" || fail "report compliance --json in February"
assert_eq '["annual_report_late"] -2' \
    "$(jq -c -j '.agencies["财政局"].annual_report | .flags, " ", .days_left' "$T_TMP/c.json")" \
    "the annual report late"
assert_eq 2 "$(jq -r '.totals.annual_report_late' "$T_TMP/c.json")" "annual reports late"

step "3. Art. 44 in the review report"
ctl report review --as-of 2026-12-04 --json >"$T_TMP/v.json" || fail "report review --json"
assert_eq "$DOC 3" "$(jq -r '.agencies["财政局"].proposals[0] | "\(.id) \(.applicants)"' "$T_TMP/v.json")" \
    "the proposal"
ctl report review --as-of 2026-12-04 --agency 财政局 >"$T_TMP/v.txt" || fail "report review"
assert_contains "$(cat "$T_TMP/v.txt")" "建议主动公开（条例第四十四条）" "the section"
assert_contains "$(cat "$T_TMP/v.txt")" "淄财发〔2026〕9号" "the document's docno"
for s in 甲 乙 丙; do
	grep -qF "$s" "$T_TMP/v.txt" && fail "the review report names applicant $s"
done

step "4. the drop folder"
n0=$(ctl apply list --json | jq length)
r0=$(rec_count)
mkdir -p "$ROOT/intake/applications"
cat >"$T_TMP/good.json" <<'JEOF'
{"received": "2026-12-03", "channel": "online", "applicant": "钱七",
 "applicant_type": "person", "request": "2026 年部门决算", "contact": "qian@example.com",
 "agency": "财政局", "platform_id": "ZB-2026-000123"}
JEOF
cp "$T_TMP/good.json" "$ROOT/intake/applications/.good.json.tmp"
mv "$ROOT/intake/applications/.good.json.tmp" "$ROOT/intake/applications/good.json"
has_source() {
	ctl apply list --json | jq -e --arg f "$1" 'any(.[]; .source.file == $f)' >/dev/null
}
wait_for -t 30 "good.json registered" has_source good.json
wait_for "good.json removed" gone "$ROOT/intake/applications/good.json"
G=$(ctl apply list --json | jq -r '.[] | select(.source.file == "good.json") | .id')
ctl apply show "$G" --json >"$T_TMP/g.json"
assert_eq "钱七 online 2026-12-03 财政局" "$(jq -r '"\(.applicant) \(.channel) \(.received) \(.agency)"' "$T_TMP/g.json")" \
    "the registered application"
assert_eq "$(sha256sum "$T_TMP/good.json" | cut -d' ' -f1)" "$(jq -r .source.sha256 "$T_TMP/g.json")" \
    "source.sha256"
assert_eq docketd "$(jq -r '.events[0].actor' "$T_TMP/g.json")" "registered by docketd"
# The same export again (as after a crash before the unlink): not twice.
cp "$T_TMP/good.json" "$ROOT/intake/applications/again.json"
wait_for -t 30 "again.json removed" gone "$ROOT/intake/applications/again.json"
assert_eq $((n0 + 1)) "$(ctl apply list --json | jq length)" "applications after the same file twice"
assert_log "is already $G" "docketd says it was registered"

printf '{"received": "2026-12-03", "channel": ' >"$T_TMP/bad1.json"
printf '{"received": "2026-12-03", "channel": "post", "applicant_type": "person", "request": "x"}' >"$T_TMP/bad2.json"
printf '{"received": "2026-13-45", "channel": "post", "applicant": "孙八", "applicant_type": "person", "request": "x"}' >"$T_TMP/bad3.json"
printf '{"received": "2026-12-03", "channel": "pigeon", "applicant": "孙八", "applicant_type": "person", "request": "x"}' >"$T_TMP/bad4.json"
for i in 1 2 3 4; do
	mv "$T_TMP/bad$i.json" "$ROOT/intake/applications/bad$i.json"
done
reason_of() {
	ctl quarantine list --json | jq -r --arg n "$1" '.[] | select(.name == $n) | .reason'
}
quarantined() {
	[ -n "$(reason_of "$1")" ]
}
for i in 1 2 3 4; do
	wait_for -t 30 "bad$i.json quarantined" quarantined "bad$i.json"
done
assert_contains "$(reason_of bad1.json)" "不是有效的 JSON" "bad1's reason"
assert_contains "$(reason_of bad2.json)" "缺少字段 applicant" "bad2's reason"
assert_contains "$(reason_of bad3.json)" "received" "bad3's reason names the field"
assert_contains "$(reason_of bad3.json)" "不是有效日期" "bad3's reason"
assert_contains "$(reason_of bad4.json)" "channel" "bad4's reason names the field"
assert_eq $((n0 + 1)) "$(ctl apply list --json | jq length)" "applications after the bad files"
assert_eq "$r0" "$(rec_count)" "no document from intake/applications/"

step "reindex keeps applications equal"
ctl apply list --json | jq -S . >"$T_TMP/before.json"
assert_rc 0 "reindex" ctl reindex
ctl apply list --json | jq -S . >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "applications changed by reindex: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head)"

step "an agency with no [agency] section is recorded, with a warning"
assert_rc 0 "apply new --agency 不存在局" ctl apply new --received 2026-12-04 \
    --channel online --applicant 丁 --applicant-type person --request 某文件 \
    --agency 不存在局
assert_contains "$(cat "$T_TMP/err")" "不会有秘书收到" "the warning"
assert_rc 0 "apply new --agency 教育局" ctl apply new --received 2026-12-04 \
    --channel online --applicant 戊 --applicant-type person --request 某文件 \
    --agency 教育局
grep -q "不会有秘书" "$T_TMP/err" && fail "a warning for a configured agency"
stop_daemon
smtp_stop
