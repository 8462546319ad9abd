#!/bin/bash
# publish.sh: what docket publishes (the cleanup result on the vault's
# main branch) names only public documents, and each with its own legal
# date.  With the corpus documents in tests/data/corpus:
#  - a 机密★5年 notice is registered withheld with flag classified; it
#    cannot be marked public (exit 5);
#  - it, a withheld and an on_request document are repealed and cleaned:
#    none of their docnos or titles is in cleanup/DATE.md or .json on
#    main; they are counted (不予公开 2 件, 依申请公开 1 件); their full
#    lines are in internal/cleanup/DATE.json only;
#  - 淄政办发〔2021〕6号 takes effect on 2021-03-01 and repeals the 2016
#    淄政办发〔2016〕12号: that one's legal date is 2021-03-01, not the day
#    docket saw it, and its basis names the repealing document;
#  - 淄政办发〔2021〕6号 itself is valid until 2026-02-28: it lapsed on
#    2026-03-01, the day after; its basis says so;
#  - a manual repeal's basis is the reason given; no basis is empty;
#  - the closing sentence says each document lost effect on its own date;
#  - a second run the same day adds to the same result, still naming
#    only public documents;
#  - every mail (review, compliance, summary and cleanup reports, to each
#    agency's secretary, through a sendmail that keeps what it is given)
#    holds no byte of the classified notice's docno or title, decoded;
#    the cleanup mail names no withheld or on_request document either;
#  - [intake] classified = refuse quarantines the classified notice with a
#    reason that cites the confidentiality rules.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init publish

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"
CORPUS=$DOCKET_TEST_DATA/corpus
[ -d "$CORPUS" ] || fail "no corpus in $CORPUS"

put() {	# put FILE: the drafting system's hand-off of a corpus file
	cp "$CORPUS/$1" "$INTAKE/.$1" && mv "$INTAKE/.$1" "$INTAKE/$1" ||
	    fail "cannot drop $1"
}

# decode_mail: every part of every message sent (base64, RFC 2047)
# decoded into $T_TMP/decoded, one "=== FILE to TO subject SUBJECT" line
# before each message.
decode_mail() {
	ls "$OUTMAIL"/*.eml >/dev/null 2>&1 || fail "no mail was sent"
	/usr/bin/python3 - "$OUTMAIL" >"$T_TMP/decoded" <<'PY' || fail "cannot decode the mail"
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    print("=== " + f + " to " + str(m["To"]) + " subject " + str(m["Subject"]))
    for part in m.walk():
        if part.get_content_maintype() == "multipart":
            continue
        c = part.get_content()
        print(c.decode("utf-8", "replace") if isinstance(c, bytes) else c)
PY
}

id_of() {	# id_of DOCNO
	ctl list --all --json | jq -r --arg d "$1" '.[] | select(.docno == $d) | .id'
}

# A sendmail that keeps every message it is handed, for the checks below.
OUTMAIL=$T_TMP/sent
mkdir -p "$OUTMAIL"
printf '#!/bin/sh\ncat >"%s/$$.$(date +%%s%%N).eml"\n' "$OUTMAIL" >"$T_TMP/sendmail"
chmod +x "$T_TMP/sendmail"
CONF=$T_TMP/docketd.conf
write_config "$CONF" "[mail]" "transport = sendmail" "sendmail = $T_TMP/sendmail" \
    "from = 政务公开办公室 <gongkai@example.gov.cn>" "" \
    "[agency 淄博市应急管理局]" "secretary = 应急秘书 <yj@example.gov.cn>" "" \
    "[agency 淄博市人民政府办公室]" "secretary = 政府办秘书 <zfb@example.gov.cn>" "" \
    "[agency 淄博市财政局]" "secretary = 财政秘书 <cz@example.gov.cn>" "" \
    "[agency 淄博市自然资源局]" "secretary = 资源秘书 <zy@example.gov.cn>" "" \
    "[report reviews]" "kind = review" "schedule = 0 8 1 1 *" "within = 3650d" \
    "send_empty = yes" "catch_up = no" "" \
    "[report checks]" "kind = compliance" "schedule = 0 8 1 1 *" "send_empty = yes" "catch_up = no" "" \
    "[report totals]" "kind = summary" "schedule = 0 8 1 1 *" "send_empty = yes" "catch_up = no" "" \
    "[report cleanups]" "kind = cleanup" "schedule = 0 8 1 1 *" "send_empty = yes" "catch_up = no"
CTL_CONF=$CONF
start_daemon -c "$CONF"
for f in 02-finance-budget-public.txt 03-land-expropriation-on-request.txt \
    04-internal-workflow-withheld.txt 05-classified-urgent.txt \
    07-old-interim-measures.txt; do
	put "$f"
done
wait_for "five documents" records_are 5
put 06-regulation-validity-repeal.txt
wait_for "six documents" records_are 6

SECRET=淄应急字〔2024〕3号
S=$(id_of "$SECRET")
[ -n "$S" ] || fail "the classified notice $SECRET was not registered"
S_TITLE=$(field "$S" title)
NEW=$(id_of 淄政办发〔2021〕6号)
OLD=$(id_of 淄政办发〔2016〕12号)
[ -n "$NEW" ] && [ -n "$OLD" ] || fail "06 or 07 not registered"

step "a document with a 密级 is withheld and flagged classified"
assert_eq withheld "$(field "$S" disclosure)" "disclosure of $S"
ctl show "$S" --json | jq -e '.flags | index("classified")' >/dev/null ||
    fail "$S has no flag classified"
assert_rc 5 "marking a classified document public" \
    ctl mark "$S" public
assert_rc 5 "marking a classified document on_request" \
    ctl mark "$S" on_request --reason 测试

step "no mail names the classified notice"
for k in review compliance summary; do
	ctl report "$k" --as-of 2026-12-31 --mail >/dev/null ||
	    fail "report $k --mail"
done
# every message queued is handed to the sendmail
wait_for "the outbox to empty" eval '[ "$(ctl outbox --json | jq length)" = 0 ]'
decode_mail
assert_contains "$(cat "$T_TMP/decoded")" "$S" "the review mail's line of the classified notice (by id)"
for s in "$SECRET" "$S_TITLE"; do
	grep -qF -- "$s" "$T_TMP/decoded" && fail "a mail names the classified notice: $s"
done
rm -f "$OUTMAIL"/*.eml

step "a repeal takes the repealing document's 施行 date"
wait_for "$OLD to be repealed" eval '[ "$(field "$OLD" status)" = repealed ]'
assert_eq 2021-03-01 "$(field "$OLD" status_on)" "legal date of the repeal of $OLD"
assert_eq "$NEW" "$(field "$OLD" repealed_by)" "repealed_by of $OLD"
wait_for "$NEW to expire" eval '[ "$(field "$NEW" status)" = expired ]'
assert_eq 2026-03-01 "$(field "$NEW" status_on)" "lapse of $NEW (valid until 2026-02-28)"

step "withheld, on_request and classified documents are repealed by hand"
W=$(id_of 淄政办发〔2023〕45号)
R=$(ctl list --disclosure on_request --json | jq -r '.[0].id')
[ -n "$W" ] && [ "$W" != null ] || W=$(ctl list --disclosure withheld --json |
    jq -r --arg s "$S" '[.[] | select(.id != $s)][0].id')
[ -n "$R" ] && [ "$R" != null ] || fail "no on_request document"
for d in "$S" "$W" "$R"; do
	ctl repeal "$d" --reason "已被新制度替代" >/dev/null || fail "repeal $d"
done
W_DOCNO=$(field "$W" docno)
W_TITLE=$(field "$W" title)
R_DOCNO=$(field "$R" docno)
R_TITLE=$(field "$R" title)

step "cleanup run publishes only public documents"
ctl cleanup run >/dev/null || fail "cleanup run"
DAY=$(vault ls-tree --name-only main cleanup/ | sed -n 's|^cleanup/\(.*\)\.md$|\1|p' | tail -1)
[ -n "$DAY" ] || fail "no cleanup/DATE.md on main"
MD=$(vault show "main:cleanup/$DAY.md")
JS=$(vault show "main:cleanup/$DAY.json")
INT=$(vault show "main:internal/cleanup/$DAY.json") ||
    fail "no internal/cleanup/$DAY.json"
for s in "$SECRET" "$S_TITLE" "$W_DOCNO" "$W_TITLE" "$R_DOCNO" "$R_TITLE" "$S" "$W" "$R"; do
	[ -n "$s" ] && [ "$s" != null ] || continue
	case $MD in *"$s"*) fail "cleanup/$DAY.md names a non-public document: $s" ;; esac
	case $JS in *"$s"*) fail "cleanup/$DAY.json names a non-public document: $s" ;; esac
done
assert_contains "$INT" "$SECRET" "the internal list"
assert_contains "$MD" "不予公开 2 件" "counts in the published result"
assert_contains "$MD" "依申请公开 1 件" "counts in the published result"
assert_eq 2 "$(echo "$JS" | jq .withheld_count)" "withheld_count"
assert_eq 1 "$(echo "$JS" | jq .on_request_count)" "on_request_count"
assert_eq 5 "$(echo "$JS" | jq .cleaned)" "cleaned"
assert_eq 2 "$(echo "$JS" | jq '.documents | length')" "public lines"

step "each line carries its own legal date and a basis"
assert_eq 2021-03-01 "$(echo "$JS" | jq -r '.documents[] | select(.docno == "淄政办发〔2016〕12号") | .date')" \
    "published date of the repealed 2016 document"
assert_contains "$(echo "$JS" | jq -r '.documents[] | select(.docno == "淄政办发〔2016〕12号") | .basis')" \
    "淄政办发〔2021〕6号" "basis of the 2016 document"
assert_eq 2026-03-01 "$(echo "$JS" | jq -r '.documents[] | select(.docno == "淄政办发〔2021〕6号") | .date')" \
    "published date of the expired document"
assert_contains "$(echo "$JS" | jq -r '.documents[] | select(.docno == "淄政办发〔2021〕6号") | .basis')" \
    "2026年2月28日" "basis of the expired document"
assert_contains "$MD" "2021年3月1日" "the repeal date in the Markdown"
echo "$MD" | grep '^| [0-9]' | grep -q '| — |$' && fail "an empty basis in: $MD"
assert_contains "$MD" "并不改变其失去效力的日期" "the closing sentence"
assert_eq "已被新制度替代" "$(echo "$INT" | jq -r --arg s "$S" '.documents[] | select(.id == $s) | .repeal_reason')" \
    "the manual repeal's reason in the internal list"

step "a second run the same day keeps naming public documents only"
ctl repeal "$(id_of 淄财预〔2021〕15号)" --reason "年度预算已执行完毕" >/dev/null ||
    ctl repeal "$(ctl list --disclosure public --json | jq -r '.[0].id')" \
    --reason "年度预算已执行完毕" >/dev/null || fail "repeal a public document"
ctl cleanup run >/dev/null || fail "second cleanup run"
MD=$(vault show "main:cleanup/$DAY.md")
JS=$(vault show "main:cleanup/$DAY.json")
assert_eq 2 "$(echo "$JS" | jq '.runs | length')" "runs of the day"
assert_eq 3 "$(echo "$JS" | jq '.documents | length')" "public lines after the second run"
assert_contains "$MD" "年度预算已执行完毕" "a manual repeal's basis"
for s in "$SECRET" "$S_TITLE" "$W_TITLE" "$R_TITLE"; do
	case $MD$JS in *"$s"*) fail "the second result names a non-public document: $s" ;; esac
done

step "a document restored the same day leaves the result; cleaned again, it stands once"
ctl restore "$OLD" --reason "清理有误，仍然有效" >/dev/null || fail "restore $OLD"
ctl cleanup run >/dev/null || fail "third cleanup run"
JS=$(vault show "main:cleanup/$DAY.json")
MD=$(vault show "main:cleanup/$DAY.md")
assert_eq 0 "$(echo "$JS" | jq --arg d "$OLD" '[.documents[] | select(.id == $d)] | length')" \
    "the restored $OLD among the cleaned"
assert_eq 2 "$(echo "$JS" | jq '.documents | length')" "public lines after the restore"
assert_eq 5 "$(echo "$JS" | jq .cleaned)" "cleaned after the restore (6 - 1)"
assert_eq 1 "$(echo "$JS" | jq '.corrections | length')" "corrections"
grep -F "更正" <<<"$MD" | grep -qF "淄政办发〔2016〕12号" ||
    fail "no correction line names the restored document: $MD"
ctl repeal "$OLD" --by "$NEW" --reason "重新确认废止" >/dev/null || fail "repeal $OLD again"
ctl cleanup run >/dev/null || fail "fourth cleanup run"
JS=$(vault show "main:cleanup/$DAY.json")
assert_eq 1 "$(echo "$JS" | jq --arg d "$OLD" '[.documents[] | select(.id == $d)] | length')" \
    "lines of $OLD, cleaned again"
assert_eq 6 "$(echo "$JS" | jq .cleaned)" "cleaned after the second cleaning of $OLD"
assert_eq "$NEW" "$(echo "$JS" | jq -r --arg d "$OLD" '.documents[] | select(.id == $d) | .repealed_by.id')" \
    "the public repealing document in the published line"
assert_fsck

step "no cleanup mail names a non-public document"
wait_for "the outbox to empty" eval '[ "$(ctl outbox --json | jq length)" = 0 ]'
decode_mail
grep -q "^=== .*清理" "$T_TMP/decoded" || fail "no cleanup mail was sent"
for s in "$SECRET" "$S_TITLE" "$W_DOCNO" "$W_TITLE" "$R_DOCNO" "$R_TITLE"; do
	grep -qF -- "$s" "$T_TMP/decoded" && fail "a mail names a non-public document: $s"
done
stop_daemon
CTL_CONF=

step "[intake] classified = refuse quarantines a classified document"
new_root refuse
write_config "$T_TMP/refuse.conf" "[intake]" "classified = refuse"
start_daemon -c "$T_TMP/refuse.conf"
put 05-classified-urgent.txt
put 02-finance-budget-public.txt
wait_for "the public document" records_are 1
wait_for "the classified one in quarantine" exists "$ROOT/quarantine/05-classified-urgent.txt.reason"
assert_contains "$(cat "$ROOT/quarantine/05-classified-urgent.txt.reason")" "保守国家秘密法" \
    "the quarantine reason"
vault log --all -p | grep -q "$SECRET" && fail "the refused document reached the vault"
stop_daemon
write_config "$T_TMP/bad.conf" "[intake]" "classified = maybe"
assert_rc 1 "an unknown classified setting" "$DOCKETD" -n -r "$ROOT" -c "$T_TMP/bad.conf"
exit 0
