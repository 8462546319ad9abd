#!/bin/bash
# mail.sh: reports mailed to agency secretaries, end to end, against a
# local SMTP server (aiosmtpd, storing each message's raw bytes and its
# SMTP envelope) and msmtp as the sendmail command.
#  1. a [report] on a cron schedule (0 8 * * *, catch_up = no) mails the
#     review report by itself: docketd restarted at 07:59:45 sends, at
#     08:00 and with no command, one message to the secretary of 财政局
#     only.  Parsed with Python's email package: the decoded Subject
#     names 财政局 and 定期审查提醒, From's display name is 政务公开办公室,
#     To is li@czj.example.gov.cn (and so is the envelope), Date (08:00,
#     docketd's clock) and Message-ID are there, the header set is the
#     expected one, CRLF throughout, RFC 2047 words of at most 75
#     characters; the decoded body lists each withheld 财政局 document's
#     id and docno, no docketctl command (what to ask the 档案管理员 for), neither the public
#     one nor 教育局's (no secretary: the log says so, nothing is sent);
#  2. the outbox: with the server down `report review --mail` queues 1
#     message (exit 0), `outbox --json` shows attempts >= 1 and last_error
#     once docketd tried; the server back on the same port, the message
#     arrives exactly once and the outbox empties.  A message waiting when
#     docketd stops is still in the outbox after a restart, tried again,
#     and delivered once the server is back;
#  3. header injection: a document in intake/$'财政局\nBcc: evil@…'/ and a
#     [report] with a list of recipients: the compliance report (whole,
#     and that agency's part, whose subject names the agency) reaches only
#     boss@example.gov.cn, with exactly the expected headers;
#  4. report --format json is JSON, --format csv a CSV with a header row
#     (CRLF, every row as wide as the header), an unknown kind exits 2,
#     --mail with --format exits 2 (and, at the end, --mail without
#     docketd exits 1);
#  5. transport = sendmail through msmtp: the message arrives and parses
#     the same way, and the injection attempt adds no recipient even
#     though msmtp -t takes them from the headers; the scheduled run at
#     08:00 next day arrives through msmtp too.  sendmail = /bin/false
#     leaves the message in the outbox with an error naming the exit
#     status; back on SMTP it is delivered; one dropped with `outbox
#     drop N` never is;
#  6. 商务局 has a secretary and nothing due: no run mails it, until
#     send_empty = yes, when it gets its (empty) part;
#  7. with catch_up = yes, two missed daily runs make one run at start-up;
#     a [report] of kind cleanup mails the result after `cleanup run`;
#  and no message went to any other address; the vault passes git fsck
#  --strict.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init mail
export TZ=UTC

. "$(dirname "${TESTLIB:-$0}")/smtp.sh"
MSMTP=/usr/bin/msmtp


# mailinfo.py FILE: one stored message as JSON, decoded with the email
# package's default policy (RFC 2047 words decoded).
cat >"$PYDIR/mailinfo.py" <<'EOF'
import email, email.policy, email.utils, json, os, re, sys

path = sys.argv[1]
raw = open(path, "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)

def addrs(name):
    v = m[name]
    if v is None:
        return None
    return [{"name": a.display_name, "addr": a.addr_spec} for a in v.addresses]

head = raw.split(b"\r\n\r\n", 1)[0]
lines = head.split(b"\r\n")
words = re.findall(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=", head)
defects = [type(d).__name__ for d in m.defects]
for k, v in m.items():
    defects += ["%s: %s" % (k, type(d).__name__) for d in getattr(v, "defects", ())]
body = m.get_body(preferencelist=("plain",))
date_utc = None
if m["Date"] is not None:
    try:
        date_utc = email.utils.parsedate_to_datetime(str(m["Date"])).astimezone(
            __import__("datetime").timezone.utc).isoformat()
    except Exception as e:
        date_utc = "unparsable: %s" % e
envf = os.path.join(os.path.dirname(os.path.dirname(path)), "env",
    os.path.basename(path)[:-4] + ".json")
env = json.load(open(envf)) if os.path.exists(envf) else None
print(json.dumps({
    "file": os.path.basename(path),
    "headers": sorted(k.lower() for k in m.keys()),
    "subject": None if m["Subject"] is None else str(m["Subject"]),
    "from": addrs("From"),
    "to": addrs("To"),
    "cc": addrs("Cc"),
    "bcc": addrs("Bcc"),
    "date": None if m["Date"] is None else str(m["Date"]),
    "date_utc": date_utc,
    "message_id": None if m["Message-ID"] is None else str(m["Message-ID"]).strip(),
    "content_type": m.get_content_type(),
    "charset": None if body is None else body.get_content_charset(),
    "body": None if body is None else body.get_content(),
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    "bare_cr": b"\r" in raw.replace(b"\r\n", b""),
    "max_header_line": max(len(l) for l in lines),
    "max_word": max([len(w) for w in words] or [0]),
    "defects": defects,
    "envelope": env,
}, ensure_ascii=False))
EOF


# info FILE OUT: mailinfo.py FILE > OUT.
info() {
	"$PY" "$PYDIR/mailinfo.py" "$1" >"$2" || fail "cannot parse $1"
}

# Headers docketd's messages carry, and nothing else.
HEADERS='["content-type","date","from","message-id","mime-version","subject","to"]'

# check_form INFO WHAT: what every message must be: the header set,
# From, Date, Message-ID, CRLF, encoded words and line lengths.
check_form() {
	local f=$1 w=$2

	assert_eq "$HEADERS" "$(jq -c .headers "$f")" "$w: header names"
	assert_eq '[]' "$(jq -c .defects "$f")" "$w: parser defects"
	assert_eq '[{"name":"政务公开办公室","addr":"gongkai@example.gov.cn"}]' \
	    "$(jq -c .from "$f")" "$w: From (decoded)"
	assert_match "$(jq -r .date "$f")" \
	    '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$' \
	    "$w: Date"
	assert_match "$(jq -r .message_id "$f")" '^<[^<>@ ]+@[^<>@ ]+>$' "$w: Message-ID"
	assert_eq "multipart/alternative utf-8" "$(jq -r '"\(.content_type) \(.charset | ascii_downcase)"' "$f")" \
	    "$w: Content-Type (text/plain and text/html; the charset of the text)"
	assert_eq "false false" "$(jq -r '"\(.bare_lf) \(.bare_cr)"' "$f")" \
	    "$w: a bare LF or CR in the message (lines must end CRLF)"
	[ "$(jq .max_word "$f")" -le 75 ] ||
	    fail "$w: an RFC 2047 word of $(jq .max_word "$f") characters (at most 75)"
	[ "$(jq .max_header_line "$f")" -le 78 ] ||
	    fail "$w: a header line of $(jq .max_header_line "$f") characters"
	assert_eq null "$(jq -c .bcc "$f")" "$w: Bcc"
	assert_eq null "$(jq -c .cc "$f")" "$w: Cc"
	assert_eq gongkai@example.gov.cn "$(jq -r .envelope.mail_from "$f")" \
	    "$w: envelope sender"
}

# check_review_li INFO WHAT: the 财政局 part of the review report, to 李秘书.
check_review_li() {
	local f=$1 w=$2 day=${3:-2027年1月10日} body subj id

	NLI=$((NLI + 1))
	check_form "$f" "$w"
	assert_eq '[{"name":"李秘书","addr":"li@czj.example.gov.cn"}]' \
	    "$(jq -c .to "$f")" "$w: To (decoded)"
	assert_eq '["li@czj.example.gov.cn"]' "$(jq -c .envelope.rcpt_tos "$f")" \
	    "$w: envelope recipients"
	subj=$(jq -r .subject "$f")
	assert_contains "$subj" "财政局" "$w: Subject"
	assert_contains "$subj" "定期审查提醒" "$w: Subject"
	assert_contains "$subj" "待审查 2 件" "$w: Subject"
	assert_contains "$subj" "$day" "$w: Subject (the report's date)"
	body=$(jq -r .body "$f")
	for id in "$W1" "$W2"; do
		printf '%s\n' "$body" | grep -qw -- "$id" ||
		    fail "$w: the body lacks $id: $body"
	done
	# A secretary cannot run docketctl: what to ask for, not a command.
	case $body in *docketctl*) fail "$w: the body names a docketctl command: $body" ;; esac
	assert_contains "$body" "档案管理员" "$w: body (whom to ask)"
	assert_contains "$body" "$W1_DOCNO" "$w: body"
	assert_contains "$body" "$W2_DOCNO" "$w: body"
	assert_contains "$body" "2027-01-20" "$w: body (the review date)"
	for id in "$P1" "$E1"; do
		printf '%s\n' "$body" | grep -qw -- "$id" &&
		    fail "$w: the body lists $id, which is not 财政局's withheld: $body"
	done
	case $body in
	*"$P1_DOCNO"*) fail "$w: the body lists the public $P1_DOCNO" ;;
	*"$E1_DOCNO"*) fail "$w: the body lists 教育局's $E1_DOCNO" ;;
	*教育局*) fail "$w: the body mentions 教育局: $body" ;;
	esac
}

# --- the outbox ----------------------------------------------------------

outbox_len() {
	ctl outbox --json | jq length
}

outbox_empty() {
	[ "$(outbox_len)" = 0 ]
}

# outbox_tried ID [N]: entry ID has at least N (1) attempts and an error.
outbox_tried() {
	ctl outbox --json | jq -e --argjson id "$1" --argjson n "${2:-1}" \
	    '.[] | select(.id == $id) | .attempts >= $n and (.last_error | type == "string")' \
	    >/dev/null
}

# queue_mail WHAT ARGS...: `docketctl report ARGS --mail`, exit 0, one
# message queued; sets QID to its outbox id.
queue_mail() {
	local w=$1

	shift
	assert_rc 0 "$w" ctl report "$@" --mail
	assert_contains "$(head -n 1 "$T_TMP/out")" " 1 " "$w: output"
	QID=$(sed -n 's/^  #\([0-9][0-9]*\) .*/\1/p' "$T_TMP/out")
	assert_match "$QID" '^[0-9]+$' "$w: the queued message's id in '$(cat "$T_TMP/out")'"
}

# --- configuration -------------------------------------------------------

FROM="政务公开办公室 <gongkai@example.gov.cn>"
# mail_conf FILE TRANSPORT-LINES...: the shared agency and report sections.
mail_conf() {
	local f=$1

	shift
	write_config "$f" "[mail]" "$@" \
	    "from = $FROM" \
	    "retry_initial = 1s" \
	    "retry_max = 2s" \
	    "timeout = 10s" \
	    "" \
	    "[agency 财政局]" \
	    "secretary = 李秘书 <li@czj.example.gov.cn>" \
	    "" \
	    "[agency 商务局]" \
	    "secretary = 王秘书 <wang@swj.example.gov.cn>" \
	    "" \
	    "[report weekly-review]" \
	    "kind = review" \
	    "schedule = 0 8 * * *" \
	    "within = 30d" \
	    "recipients = agency" \
	    "catch_up = no" \
	    "" \
	    "[report everything]" \
	    "kind = compliance" \
	    "schedule = 0 3 1 1 *" \
	    "recipients = 监督员 <boss@example.gov.cn>" \
	    "catch_up = no"
}

CONF=$T_TMP/smtp.conf
mail_conf "$CONF" "transport = smtp://127.0.0.1:$SMTP_PORT"
SMCONF=$T_TMP/sendmail.conf
mail_conf "$SMCONF" "transport = sendmail" \
    "sendmail = $MSMTP --host=127.0.0.1 --port=$SMTP_PORT --from=gongkai@example.gov.cn -t"
FALSECONF=$T_TMP/false.conf
mail_conf "$FALSECONF" "transport = sendmail" "sendmail = /bin/false"
CTL_CONF=$CONF

WITHHELD="（此件不予公开，理由：属于内部事务信息）"
EVIL=$'财政局\nBcc: evil@example.com'
# An agency folder with a line break is refused (issue 14); the header
# checks use a folder name that is legal but looks like a header.
EVILOK='财政局 Bcc: evil@example.com'

smtp_start
# Messages seen so far (every step checks the total), and those checked
# as 李秘书's and as the list's.
N=0
NLI=0
NBOSS=0

# --- 1 -------------------------------------------------------------------

step "1. a scheduled review report arrives by itself at 08:00"
FAKE_TIME="2026-01-20 10:00:00" start_daemon -c "$CONF"
drop_doc w1.txt agency=财政局 docno=淄财发〔2026〕1号 marking="$WITHHELD"
W1_SHA=$DOC_SHA W1_DOCNO=$DOC_DOCNO
drop_doc w2.txt agency=财政局 docno=淄财发〔2026〕2号 marking="$WITHHELD"
W2_SHA=$DOC_SHA W2_DOCNO=$DOC_DOCNO
drop_doc p1.txt agency=财政局 docno=淄财发〔2026〕3号
P1_SHA=$DOC_SHA P1_DOCNO=$DOC_DOCNO
drop_doc e1.txt agency=教育局 docno=淄教发〔2026〕4号 marking="$WITHHELD"
E1_SHA=$DOC_SHA E1_DOCNO=$DOC_DOCNO
wait_for "four documents to be registered" records_are 4
W1=$(field "$W1_SHA" id)
W2=$(field "$W2_SHA" id)
P1=$(field "$P1_SHA" id)
E1=$(field "$E1_SHA" id)
for id in "$W1" "$W2" "$E1"; do
	assert_eq "withheld 2027-01-20" "$(ctl show "$id" --json | jq -r '"\(.disclosure) \(.next_review)"')" \
	    "disclosure and next_review of $id"
done
assert_eq "public null" "$(ctl show "$P1" --json | jq -r '"\(.disclosure) \(.next_review)"')" \
    "disclosure and next_review of $P1"
assert_eq "财政局 财政局 财政局 教育局" \
    "$(for id in "$W1" "$W2" "$P1" "$E1"; do field "$id" agency; done | tr '\n' ' ' | sed 's/ $//')" \
    "agencies"
stop_daemon
assert_eq 0 "$(mail_count)" "messages before the restart"

# 2027-01-09 08:00 fell in the downtime, but catch_up = no: the first
# message is the one of 2027-01-10 08:00, 15 s after the start.
FAKE_TIME="2027-01-10 07:59:45" start_daemon -c "$CONF"
wait_for -t 120 "the 08:00 review report to arrive, without any command" mail_count_is 1
wait_for "the outbox to be empty after the delivery" outbox_empty
N=1
info "$(last_mail)" "$T_TMP/m1.json"
check_review_li "$T_TMP/m1.json" "the scheduled message"
assert_match "$(jq -r .date_utc "$T_TMP/m1.json")" '^2027-01-10T08:0[0-4]:' \
    "the scheduled message's Date (docketd's clock at 08:00)"
assert_log "no [agency 教育局] secretary" "the warning about 教育局"
assert_log "weekly-review for 2027-01-10: 1 message(s) queued" "the scheduled run in the log"
grep -q "mailer: report .* was missed" "$LOG" &&
    fail "catch_up = no, yet a missed report run: $(grep 'mailer: report .* was missed' "$LOG")"
assert_eq "$N" "$(mail_count)" "messages after the scheduled run (教育局 gets none)"

# --- 2 -------------------------------------------------------------------

step "2. the outbox keeps a message while the server is down, and sends it once"
smtp_stop
queue_mail "report review --mail with the server down" review
Q1=$QID
wait_for -t 60 "docketd to try message $Q1 and keep the error" outbox_tried "$Q1"
ctl outbox --json >"$T_TMP/ob1" || fail "outbox --json"
assert_eq 1 "$(jq length "$T_TMP/ob1")" "messages in the outbox"
assert_eq "li@czj.example.gov.cn" "$(jq -r '.[0].to' "$T_TMP/ob1" | sed 's/.*<\(.*\)>.*/\1/')" \
    "outbox .to"
assert_contains "$(jq -r '.[0].subject' "$T_TMP/ob1")" "财政局" "outbox .subject"
assert_ne null "$(jq -r '.[0].last_error' "$T_TMP/ob1")" "outbox .last_error"
note "last_error: $(jq -r '.[0].last_error' "$T_TMP/ob1")"
ctl outbox >"$T_TMP/ob1.txt" || fail "outbox"
grep -q "^$Q1 " "$T_TMP/ob1.txt" || fail "outbox table lacks #$Q1: $(cat "$T_TMP/ob1.txt")"
assert_eq "$N" "$(mail_count)" "messages while the server is down"
smtp_start
N=$((N + 1))
wait_for -t 60 "message $Q1 to arrive once the server is back" mail_count_is "$N"
wait_for -t 60 "the outbox to be empty" outbox_empty
assert_eq "$N" "$(mail_count)" "messages after the retry (exactly one more)"
info "$(last_mail)" "$T_TMP/m2.json"
check_review_li "$T_TMP/m2.json" "the retried message"
assert_ne "$(jq -r .message_id "$T_TMP/m1.json")" "$(jq -r .message_id "$T_TMP/m2.json")" \
    "Message-ID of two different messages"
assert_log "message $Q1 to" "delivery of #$Q1 in the log"

step "2b. a waiting message survives a restart of docketd"
smtp_stop
queue_mail "report review --mail before the restart" review
Q2=$QID
wait_for -t 60 "docketd to try message $Q2" outbox_tried "$Q2"
stop_daemon
ctl outbox --json >"$T_TMP/ob2" || fail "outbox --json with docketd stopped"
assert_eq "$Q2" "$(jq -r '[.[].id] | join(" ")' "$T_TMP/ob2")" "the outbox with docketd stopped"
tries=$(jq '.[0].attempts' "$T_TMP/ob2")
FAKE_TIME="2027-01-10 09:00:00" start_daemon -c "$CONF"
wait_for -t 60 "docketd to try message $Q2 again after the restart" \
    outbox_tried "$Q2" $((tries + 1))
assert_eq "$Q2" "$(ctl outbox --json | jq -r '[.[].id] | join(" ")')" \
    "the outbox after the restart (server still down)"
assert_eq "$N" "$(mail_count)" "messages while the server is down"
smtp_start
N=$((N + 1))
wait_for -t 60 "message $Q2 to arrive after the restart" mail_count_is "$N"
wait_for -t 60 "the outbox to be empty" outbox_empty
assert_eq "$N" "$(mail_count)" "messages after the restart (exactly one more)"
info "$(last_mail)" "$T_TMP/m3.json"
check_review_li "$T_TMP/m3.json" "the message kept across the restart"

# --- 3 -------------------------------------------------------------------

step "3. an agency name cannot add a header"
drop_doc x0.txt agency="$EVIL" docno=淄财发〔2026〕8号 marking=none
X0_SHA=$DOC_SHA
wait_for "the file of a folder with a line break in quarantine" \
    sh -c "grep -l '机关目录名含控制字符' '$ROOT'/quarantine/*.reason >/dev/null 2>&1"
has_sha "$X0_SHA" && fail "a file of a folder with a line break was registered"
drop_doc x1.txt agency="$EVILOK" docno=淄财发〔2026〕9号 marking=none
X1_SHA=$DOC_SHA
wait_for "the document in the injected folder to be registered" has_sha "$X1_SHA"
X1=$(field "$X1_SHA" id)
assert_eq "$EVILOK" "$(field "$X1" agency)" "agency of $X1"
assert_eq undetermined "$(field "$X1" disclosure)" "disclosure of $X1"

# check_boss INFO WHAT: a message to the [report everything] list only.
check_boss() {
	NBOSS=$((NBOSS + 1))
	check_form "$1" "$2"
	assert_eq '[{"name":"监督员","addr":"boss@example.gov.cn"}]' "$(jq -c .to "$1")" "$2: To"
	assert_eq '["boss@example.gov.cn"]' "$(jq -c .envelope.rcpt_tos "$1")" \
	    "$2: envelope recipients"
	assert_contains "$(jq -r .subject "$1")" "合规检查" "$2: Subject"
	case $(jq -r .subject "$1") in
	*$'\n'* | *$'\r'*) fail "$2: a line break in the decoded Subject" ;;
	esac
	assert_contains "$(jq -r .body "$1")" "$X1" "$2: body"
	# A list is no agency's own secretary: the undetermined document is
	# named by its id only, never by its title or docno.
	local t d
	t=$(field "$X1" title)
	d=$(field "$X1" docno)
	for s in "$t" "$d"; do
		[ -n "$s" ] && [ "$s" != null ] || continue
		jq -r .body "$1" | grep -qF -- "$s" &&
		    fail "$2: the list's mail names $X1 ($s)"
	done
	assert_contains "$(jq -r .body "$1")" "不公开文件" "$2: the placeholder"
}

queue_mail "report compliance --mail (the whole report, to a list)" compliance
wait_for -t 60 "the compliance report to arrive" mail_count_is $((N + 1))
N=$((N + 1))
info "$(last_mail)" "$T_TMP/m4.json"
check_boss "$T_TMP/m4.json" "the whole compliance report"

queue_mail "report compliance --agency '财政局 Bcc: …' --mail" compliance --agency "$EVILOK"
wait_for -t 60 "the agency's compliance part to arrive" mail_count_is $((N + 1))
N=$((N + 1))
info "$(last_mail)" "$T_TMP/m5.json"
check_boss "$T_TMP/m5.json" "the compliance part of the injected agency"
assert_contains "$(jq -r .subject "$T_TMP/m5.json")" "财政局 Bcc: evil@example.com" \
    "the agency in the Subject, on one line"
wait_for "the outbox to be empty" outbox_empty

# --- 4 -------------------------------------------------------------------

step "4. report formats and usage"
ctl report review --as-of 2027-01-10 --format json >"$T_TMP/r.json" ||
    fail "report review --format json"
jq -e . "$T_TMP/r.json" >/dev/null || fail "report --format json is not JSON: $(head -c 300 "$T_TMP/r.json")"
assert_eq "review 2027-01-10" "$(jq -r '"\(.kind) \(.as_of)"' "$T_TMP/r.json")" ".kind and .as_of"
assert_eq "$(printf '%s\n' "$W1" "$W2" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(jq -r '[.agencies["财政局"].items[].id] | sort | join(" ")' "$T_TMP/r.json")" \
    "财政局's items in the JSON report"
assert_eq "$E1" "$(jq -r '[.agencies["教育局"].items[].id] | join(" ")' "$T_TMP/r.json")" \
    "教育局's items in the JSON report"
ctl report review --as-of 2027-01-10 --json | jq -e .kind >/dev/null ||
    fail "report review --json is not the JSON report"

ctl report review --as-of 2027-01-10 --format csv >"$T_TMP/r.csv" ||
    fail "report review --format csv"
"$PY" - "$T_TMP/r.csv" >"$T_TMP/r.csv.json" <<'EOF' || fail "report --format csv: $(head -c 300 "$T_TMP/r.csv")"
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
print(json.dumps({"crlf": raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""),
                  "bom": raw.startswith(b"\xef\xbb\xbf"),
                  "header": rows[0] if rows else [],
                  "widths": sorted(set(len(r) for r in rows)),
                  "rows": rows[1:]}, ensure_ascii=False))
EOF
assert_eq true "$(jq .crlf "$T_TMP/r.csv.json")" "CSV lines end CRLF"
assert_eq true "$(jq .bom "$T_TMP/r.csv.json")" "CSV starts with a UTF-8 BOM"
assert_eq "机关 编号 文号" "$(jq -r '.header[:3] | join(" ")' "$T_TMP/r.csv.json")" \
    "the CSV header row"
assert_eq 1 "$(jq '.widths | length' "$T_TMP/r.csv.json")" "every CSV row as wide as the header"
assert_eq "$(printf '%s\n' "$E1" "$W1" "$W2" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(jq -r '[.rows[][1]] | sort | join(" ")' "$T_TMP/r.csv.json")" "ids in the CSV"
grep -qF "docketctl" "$T_TMP/r.csv" && fail "the CSV names a docketctl command"

assert_rc 2 "report nonsense" ctl report nonsense
assert_rc 2 "report review --format xml" ctl report review --format xml
assert_rc 2 "report review --mail --format csv" ctl report review --mail --format csv
assert_eq "$N" "$(mail_count)" "messages after the usage errors"

# --- 5 -------------------------------------------------------------------

step "5. transport = sendmail: msmtp -t"
if [ -x "$MSMTP" ]; then
	stop_daemon
	CTL_CONF=$SMCONF
	FAKE_TIME="2027-01-10 10:00:00" start_daemon -c "$SMCONF"
	queue_mail "report review --mail through msmtp" review
	wait_for -t 60 "the message to arrive through msmtp" mail_count_is $((N + 1))
	N=$((N + 1))
	wait_for -t 60 "the outbox to be empty" outbox_empty
	info "$(last_mail)" "$T_TMP/m6.json"
	check_review_li "$T_TMP/m6.json" "the message through msmtp"

	# msmtp -t takes the recipients from the headers: an injected Bcc
	# would be one.
	queue_mail "report compliance --agency … --mail through msmtp" compliance --agency "$EVILOK"
	wait_for -t 60 "the compliance part to arrive through msmtp" mail_count_is $((N + 1))
	N=$((N + 1))
	wait_for -t 60 "the outbox to be empty" outbox_empty
	info "$(last_mail)" "$T_TMP/m7.json"
	check_boss "$T_TMP/m7.json" "the injected agency's part through msmtp"
	assert_eq "$N" "$(mail_count)" "messages after msmtp"

	# On schedule through the sendmail transport too: 08:00 next day.
	stop_daemon
	FAKE_TIME="2027-01-11 07:59:45" start_daemon -c "$SMCONF"
	wait_for -t 90 "the scheduled report to arrive through msmtp" \
	    mail_count_is $((N + 1))
	N=$((N + 1))
	wait_for -t 60 "the outbox to be empty" outbox_empty
	info "$(last_mail)" "$T_TMP/m8s.json"
	check_review_li "$T_TMP/m8s.json" "the scheduled message through msmtp" \
	    "2027年1月11日"
	assert_eq "$N" "$(mail_count)" "messages after the scheduled msmtp run"
else
	note "no $MSMTP: the msmtp part is left out"
fi

step "5b. a failing sendmail command leaves the message in the outbox"
stop_daemon
CTL_CONF=$FALSECONF
FAKE_TIME="2027-01-11 11:00:00" start_daemon -c "$FALSECONF"
queue_mail "report review --mail with sendmail = /bin/false" review
Q3=$QID
wait_for -t 60 "docketd to try message $Q3 with /bin/false" outbox_tried "$Q3"
err=$(ctl outbox --json | jq -r --argjson id "$Q3" '.[] | select(.id == $id) | .last_error')
note "last_error: $err"
assert_match "$err" 'exit status 1([^0-9]|$)' "the error names the exit status"
assert_eq "$N" "$(mail_count)" "messages after /bin/false"
# A second one, given up on by hand: it never goes out.
queue_mail "report review --mail to be dropped" review
QD=$QID
assert_rc 3 "outbox drop of a message that is not there" ctl outbox drop 999999
assert_rc 2 "outbox drop without a number" ctl outbox drop x
assert_rc 0 "outbox drop $QD" ctl outbox drop "$QD"
assert_eq "$Q3" "$(ctl outbox --json | jq -r '[.[].id] | join(" ")')" \
    "the outbox after dropping #$QD"
stop_daemon

# Back on SMTP, the waiting message goes out.
CTL_CONF=$CONF
FAKE_TIME="2027-01-11 12:00:00" start_daemon -c "$CONF"
wait_for -t 60 "message $Q3 to arrive over SMTP after the restart" mail_count_is $((N + 1))
N=$((N + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
info "$(last_mail)" "$T_TMP/m8.json"
check_review_li "$T_TMP/m8.json" "the message that /bin/false refused" \
    "2027年1月11日"

# --- 6 -------------------------------------------------------------------

step "6. an agency with nothing due gets no mail, unless send_empty = yes"
# 商务局 has a secretary and no document: every run so far left it out.
EMPTYCONF=$T_TMP/empty.conf
cat "$CONF" >"$EMPTYCONF"
printf '%s\n' "" "[report weekly-review]" "send_empty = yes" >>"$EMPTYCONF"
stop_daemon
CTL_CONF=$EMPTYCONF
FAKE_TIME="2027-01-11 13:00:00" start_daemon -c "$EMPTYCONF"
assert_rc 0 "report review --mail with send_empty" ctl report review --mail
assert_contains "$(head -n 1 "$T_TMP/out")" " 2 " \
    "report review --mail with send_empty: output"
wait_for -t 60 "both messages to arrive" mail_count_is $((N + 2))
N=$((N + 2))
NLI=$((NLI + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
wang=
for f in $(mail_files); do
	jq -e '.rcpt_tos | index("wang@swj.example.gov.cn")' \
	    "$MAILDIR/env/${f%.eml}.json" >/dev/null && wang=$MAILDIR/new/$f
done
[ -n "$wang" ] || fail "no message to wang@swj.example.gov.cn"
info "$wang" "$T_TMP/m9.json"
check_form "$T_TMP/m9.json" "the empty part for 商务局"
assert_contains "$(jq -r .subject "$T_TMP/m9.json")" "商务局" "the empty part's Subject"
assert_contains "$(jq -r .body "$T_TMP/m9.json")" "没有待审查的文件" "the empty part's body"

# --- 7 -------------------------------------------------------------------

step "7. a missed run happens once at start-up; a cleanup report follows a cleanup"
CATCHCONF=$T_TMP/catch.conf
cat "$CONF" >"$CATCHCONF"
printf '%s\n' "" "[report weekly-review]" "catch_up = yes" "" \
    "[report cleanup-results]" "kind = cleanup" "recipients = agency" \
    >>"$CATCHCONF"
stop_daemon
CTL_CONF=$CATCHCONF
# The last run was 2027-01-11 08:00: 01-12 and 01-13 08:00 were missed.
FAKE_TIME="2027-01-13 10:00:00" start_daemon -c "$CATCHCONF"
wait_for -t 60 "the missed review report to arrive" mail_count_is $((N + 1))
N=$((N + 1))
NLI=$((NLI + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
assert_eq 1 "$(grep -c 'report weekly-review due at .* was missed' "$LOG")" \
    "catch-up runs logged (once, for two missed runs)"
info "$(last_mail)" "$T_TMP/m10.json"
assert_contains "$(jq -r .subject "$T_TMP/m10.json")" "2027年1月13日" \
    "the caught-up report's date"
ctl repeal "$W1" --reason "被新文件替代" >/dev/null || fail "repeal $W1"
ctl repeal "$P1" --reason "被新文件替代" >/dev/null || fail "repeal $P1"
ctl cleanup run >/dev/null || fail "cleanup run"
wait_for -t 60 "the cleanup report to arrive" mail_count_is $((N + 1))
N=$((N + 1))
NLI=$((NLI + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
info "$(last_mail)" "$T_TMP/m11.json"
check_form "$T_TMP/m11.json" "the cleanup report"
assert_eq '["li@czj.example.gov.cn"]' "$(jq -c .envelope.rcpt_tos "$T_TMP/m11.json")" \
    "the cleanup report's recipient"
assert_contains "$(jq -r .subject "$T_TMP/m11.json")" "清理" "the cleanup report's Subject"
assert_contains "$(jq -r .body "$T_TMP/m11.json")" "$P1_DOCNO" "the cleanup report lists $P1"
# a withheld document is never named in mail, not even to its own agency
case $(jq -r .body "$T_TMP/m11.json") in
*"$W1_DOCNO"*) fail "the cleanup report names the withheld $W1 ($W1_DOCNO)" ;;
esac
assert_contains "$(jq -r .body "$T_TMP/m11.json")" "废止" "the cleanup report says 废止"

# --- the end -------------------------------------------------------------

step "no message went anywhere else, and the vault"
for f in $(mail_files); do
	jq -r '.rcpt_tos[]' "$MAILDIR/env/${f%.eml}.json"
done | sort | uniq -c | sed 's/^ *//' >"$T_TMP/rcpts"
assert_eq "$NBOSS boss@example.gov.cn,$NLI li@czj.example.gov.cn,1 wang@swj.example.gov.cn" \
    "$(tr '\n' ',' <"$T_TMP/rcpts" | sed 's/,$//')" "envelope recipients of all messages"
grep -rl "evil@example.com" "$MAILDIR/env" >/dev/null &&
    fail "a message went to evil@example.com"
assert_eq "$N" "$(mail_count)" "messages in all"
stop_daemon
assert_fsck
assert_rc 1 "report review --mail without docketd" ctl report review --mail
note "ok"
