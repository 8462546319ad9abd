#!/bin/bash
# mail2.sh: what docket mails and prints for secretaries is right, against
# a local SMTP server (aiosmtpd keeping each message's bytes and envelope):
#  1. one configuration per root: docketd -c FILE -r ROOT records FILE in
#     ROOT/docketd.conf.path, and `docketctl -r ROOT` (no -c) reads it:
#     `report review --json` equals the one with -c FILE ([report] within
#     = 400d, so a review a year away is in it), and differs from the
#     defaults; a root with its own ROOT/docketd.conf is read by both;
#  2. agency = intake folder, else the issuer mapped by [agency X]
#     issuers = …: a document from the top of intake/ whose issuer is
#     listed is the agency's in show --json, report --agency and its mail;
#  3. report --mail: skipped agencies (no_secretary, nothing_due) in the
#     reply and in the log, exit 1 when nothing was queued;
#  4. each message is multipart/alternative: text/plain and text/html
#     (UTF-8, base64), the HTML has a <table> with every row, values
#     escaped; no body names a docketctl command; the CSV attachment and
#     report --format csv start with a UTF-8 BOM; a classified notice
#     (corpus 05) is listed by its number only, never by docno or title;
#  5. cleanup: a second `cleanup run` the same day mails only what is new,
#     a third with nothing new mails nothing; report cleanup --as-of D
#     shows the latest cleanup on or before D, never a later one.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init mail2
export TZ=UTC

. "$(dirname "${TESTLIB:-$0}")/smtp.sh"


# mailparts.py FILE: the message's structure and decoded parts as JSON.
cat >"$PYDIR/mailparts.py" <<'EOF'
import email, email.policy, json, os, sys
from html.parser import HTMLParser

path = sys.argv[1]
raw = open(path, "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)

class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = 0
        self.rows = []
        self.cell = None
    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None
    def handle_data(self, d):
        if self.cell is not None:
            self.cell += d

parts = []
for p in m.walk():
    if p.is_multipart():
        parts.append({"type": p.get_content_type()})
        continue
    payload = p.get_payload(decode=True)
    parts.append({"type": p.get_content_type(),
                  "charset": p.get_content_charset(),
                  "cte": str(p["Content-Transfer-Encoding"]).lower(),
                  "filename": p.get_filename(),
                  "bom": payload.startswith(b"\xef\xbb\xbf")})
plain = m.get_body(preferencelist=("plain",))
html = m.get_body(preferencelist=("html",))
cells = Cells()
htmltext = None
if html is not None:
    htmltext = html.get_content()
    cells.feed(htmltext)
envf = os.path.join(os.path.dirname(os.path.dirname(path)), "env",
    os.path.basename(path)[:-4] + ".json")
print(json.dumps({
    "subject": str(m["Subject"]),
    "content_type": m.get_content_type(),
    "parts": parts,
    "plain": None if plain is None else plain.get_content(),
    "html": htmltext,
    "tables": cells.tables,
    "rows": cells.rows,
    "rcpt": json.load(open(envf))["rcpt_tos"],
}, ensure_ascii=False))
EOF

smtp_start

outbox_empty() {
	[ "$(ctl outbox --json | jq length)" = 0 ]
}
# parts N OUT: the Nth message (1 = oldest) parsed into OUT.
parts() {
	"$PY" "$PYDIR/mailparts.py" "$MAILDIR/new/$(mail_files | sed -n "$1p")" >"$2" ||
	    fail "cannot parse message $1"
}

WITHHELD="（此件不予公开，理由：属于内部事务信息）"

# --- 1 -------------------------------------------------------------------

step "1. docketctl -r ROOT reads the configuration docketd of ROOT reads"
CONF=$T_TMP/far.conf
write_config "$CONF" "[report yearly]" "kind = review" \
    "schedule = 0 8 * * *" "within = 400d" "catch_up = no"
CTL_CONF=
start_daemon -c "$CONF"
drop_doc w1.txt agency=财政局 docno=淄财发〔2026〕1号 marking="$WITHHELD"
wait_for "the document to be registered" records_are 1
W1=$(field "$DOC_SHA" id)
assert_eq "$(cd / && realpath "$CONF")" "$(cat "$ROOT/docketd.conf.path")" \
    "the configuration docketd recorded for its root"
"$DOCKETCTL" -r "$ROOT" -c "$CONF" report review --json >"$T_TMP/with_c.json" ||
    fail "report review with -c"
"$DOCKETCTL" -r "$ROOT" report review --json >"$T_TMP/without_c.json" ||
    fail "report review with -r alone"
assert_eq 400 "$(jq .within_days "$T_TMP/with_c.json")" "within_days with -c FILE"
assert_eq "$W1" "$(jq -r '.agencies["财政局"].items[0].id' "$T_TMP/with_c.json")" \
    "the review a year away with within = 400d"
assert_eq "$(jq -cS . "$T_TMP/with_c.json")" "$(jq -cS . "$T_TMP/without_c.json")" \
    "report review --json with -r ROOT alone and with -c FILE -r ROOT"
stop_daemon
# Stopped, the record still says which file the root's docketd reads.
"$DOCKETCTL" -r "$ROOT" report review --json | jq -cS . >"$T_TMP/stopped.json"
assert_eq "$(jq -cS . "$T_TMP/with_c.json")" "$(cat "$T_TMP/stopped.json")" \
    "report review with -r ROOT alone while docketd is stopped"
# A record naming a file that is gone is an error, not the defaults.
mv "$CONF" "$CONF.moved"
assert_rc 1 "report review with the recorded file gone" "$DOCKETCTL" -r "$ROOT" report review
assert_contains "$(cat "$T_TMP/err")" "docketd.conf.path" "the error names the record"
mv "$CONF.moved" "$CONF"
# ROOT/docketd.conf: docketd -r ROOT and docketctl -r ROOT read it.
cp "$CONF" "$ROOT/docketd.conf"
sed -i 's/within = 400d/within = 390d/' "$ROOT/docketd.conf"
start_daemon
assert_eq "$ROOT/docketd.conf" "$(cat "$ROOT/docketd.conf.path")" \
    "the record after docketd -r ROOT with ROOT/docketd.conf"
assert_eq 390 "$("$DOCKETCTL" -r "$ROOT" report review --json | jq .within_days)" \
    "within_days from ROOT/docketd.conf"
stop_daemon
rm "$ROOT/docketd.conf"

# --- 2 -------------------------------------------------------------------

step "2. agency: the intake folder, else the issuer mapped by [agency] issuers"
new_root mroot
CONF=$T_TMP/mail.conf
write_config "$CONF" "[mail]" "transport = smtp://127.0.0.1:$SMTP_PORT" \
    "from = 政务公开办公室 <gongkai@example.gov.cn>" \
    "retry_initial = 1s" "retry_max = 2s" "timeout = 10s" "" \
    "[agency 财政局]" "secretary = 李秘书 <li@czj.example.gov.cn>" \
    "issuers = 淄博市财政局, 淄博市国资委" "" \
    "[agency 商务局]" "secretary = 王秘书 <wang@swj.example.gov.cn>" "" \
    "[agency 教育局]" "issuers = 淄博市教育局" "" \
    "[report yearly]" "kind = review" "schedule = 0 8 1 1 *" \
    "within = 400d" "catch_up = no" "attach_csv = yes" "" \
    "[report cleanups]" "kind = cleanup"
CTL_CONF=
FAKE_TIME="2027-03-01 10:00:00" start_daemon -c "$CONF"
# From the top of intake/: no folder, the issuer decides.
drop_doc m1.txt issuer=淄博市国资委 docno=淄国资发〔2027〕1号 \
    title='关于国有资产<清查>&核实的通知' marking="$WITHHELD"
M1_SHA=$DOC_SHA M1_DOCNO=$DOC_DOCNO
drop_doc m2.txt issuer=淄博市教育局 docno=淄教发〔2027〕2号 marking="$WITHHELD"
M2_SHA=$DOC_SHA M2_DOCNO=$DOC_DOCNO
drop_doc m3.txt issuer=淄博市民政局 docno=淄民发〔2027〕3号 marking="$WITHHELD"
M3_SHA=$DOC_SHA
# A folder wins over the issuer.
drop_doc m4.txt agency=商务局 issuer=淄博市财政局 docno=淄财发〔2027〕4号
M4_SHA=$DOC_SHA
wait_for "four documents to be registered" records_are 4
M1=$(field "$M1_SHA" id) M2=$(field "$M2_SHA" id) M3=$(field "$M3_SHA" id)
M4=$(field "$M4_SHA" id)
assert_eq "淄博市国资委 财政局" "$(ctl show "$M1" --json | jq -r '"\(.issuer) \(.agency)"')" \
    "issuer and agency of $M1 (issuer listed under [agency 财政局])"
assert_eq "教育局" "$(field "$M2" agency)" "agency of $M2"
assert_eq null "$(field "$M3" agency)" "agency of $M3 (an issuer no [agency] lists: none)"
assert_eq "商务局" "$(field "$M4" agency)" "agency of $M4 (its folder)"
ctl report review --as-of 2027-03-01 --agency 财政局 --json >"$T_TMP/ag.json" || fail "report review --agency 财政局"
assert_eq "$M1" "$(jq -r '[.agencies[].items[].id] | join(" ")' "$T_TMP/ag.json")" \
    "report review --agency 财政局 lists the mapped document"

# --- 3 -------------------------------------------------------------------

step "3. report --mail says which agencies got nothing and why"
assert_rc 0 "report review --mail" ctl report review --as-of 2027-03-01 --mail --json
jq -e . "$T_TMP/out" >/dev/null || fail "report --mail --json is not JSON: $(cat "$T_TMP/out")"
assert_eq 1 "$(jq .queued "$T_TMP/out")" "queued (财政局 only)"
assert_eq "li@czj.example.gov.cn" "$(jq -r '.messages[0].to' "$T_TMP/out" | sed 's/.*<\(.*\)>.*/\1/')" \
    "the message's recipient"
assert_eq '商务局:nothing_due,教育局:no_secretary,（未署机关）:no_secretary' \
    "$(jq -r '[.skipped[] | "\(.agency):\(.reason)"] | sort | join(",")' "$T_TMP/out")" \
    "skipped agencies and reasons"
assert_log "no [agency 教育局] secretary" "the log names 教育局's missing secretary"
assert_log "nothing for 商务局" "the log names 商务局's empty part"
assert_rc 1 "report review --agency 教育局 --mail (no secretary)" \
    ctl report review --as-of 2027-03-01 --agency 教育局 --mail
assert_contains "$(cat "$T_TMP/out")" "教育局" "the skipped agency in the output"
assert_contains "$(cat "$T_TMP/out")" "未配置政务公开专员" "the reason in Chinese"
assert_rc 1 "report review --agency 商务局 --mail (nothing due)" \
    ctl report review --as-of 2027-03-01 --agency 商务局 --mail
assert_contains "$(cat "$T_TMP/out")" "没有需要报告的内容" "the reason in Chinese"
wait_for -t 60 "the review message to arrive" mail_count_is 1
wait_for -t 60 "the outbox to be empty" outbox_empty
N=1
# Without [mail]: nothing is queued, and docketctl says so.
stop_daemon
NOMAIL=$T_TMP/nomail.conf
grep -v -e '^transport' -e '^from' -e '^retry_' -e '^timeout' -e '^\[mail\]' "$CONF" >"$NOMAIL"
FAKE_TIME="2027-03-01 11:00:00" start_daemon -c "$NOMAIL"
assert_rc 1 "report review --mail without [mail]" ctl report review --as-of 2027-03-01 --mail --json
assert_eq 0 "$(jq .queued "$T_TMP/out")" "queued without [mail]"
assert_eq '商务局:nothing_due,教育局:mail_not_configured,财政局:mail_not_configured,（未署机关）:mail_not_configured' \
    "$(jq -r '[.skipped[] | "\(.agency):\(.reason)"] | sort | join(",")' "$T_TMP/out")" \
    "skipped without [mail]"
stop_daemon
FAKE_TIME="2027-03-01 12:00:00" start_daemon -c "$CONF"

# --- 4 -------------------------------------------------------------------

step "4. the message: text and HTML alternatives, a real table, no command"
parts 1 "$T_TMP/p1.json"
assert_eq '["li@czj.example.gov.cn"]' "$(jq -c .rcpt "$T_TMP/p1.json")" "the review message's recipient"
assert_eq "multipart/mixed" "$(jq -r .content_type "$T_TMP/p1.json")" \
    "the message with a CSV attachment"
assert_eq "multipart/mixed multipart/alternative text/plain text/html text/csv" \
    "$(jq -r '[.parts[].type] | join(" ")' "$T_TMP/p1.json")" "the MIME structure"
assert_eq "utf-8 base64,utf-8 base64" \
    "$(jq -r '[.parts[] | select(.type == "text/plain" or .type == "text/html") | "\(.charset | ascii_downcase) \(.cte)"] | join(",")' "$T_TMP/p1.json")" \
    "charset and encoding of the two alternatives"
assert_eq true "$(jq '.parts[] | select(.type == "text/csv") | .bom' "$T_TMP/p1.json")" \
    "the CSV attachment starts with a UTF-8 BOM"
[ "$(jq .tables "$T_TMP/p1.json")" -ge 1 ] || fail "the HTML has no <table>: $(jq -r .html "$T_TMP/p1.json")"
# The header row and one row for M1, its title whole and unescaped once parsed.
assert_eq "编号 文号 标题 成文日期 审查期限 逾期天数" "$(jq -r '.rows[0] | join(" ")' "$T_TMP/p1.json")" \
    "the table's header row"
assert_eq "$M1|$M1_DOCNO|关于国有资产<清查>&核实的通知" \
    "$(jq -r --arg id "$M1" '.rows[] | select(.[0] == $id) | .[0:3] | join("|")' "$T_TMP/p1.json")" \
    "M1's row in the HTML table"
assert_contains "$(jq -r .html "$T_TMP/p1.json")" "关于国有资产&lt;清查&gt;&amp;核实的通知" \
    "the title HTML-escaped"
for w in plain html; do
	case $(jq -r ".$w" "$T_TMP/p1.json") in
	*docketctl*) fail "the $w body names a docketctl command" ;;
	esac
	assert_contains "$(jq -r ".$w" "$T_TMP/p1.json")" "档案管理员" "the $w body says whom to ask"
	case $(jq -r ".$w" "$T_TMP/p1.json") in
	*"$M2_DOCNO"*) fail "the $w body names 教育局's $M2_DOCNO" ;;
	esac
done
ctl report review --as-of 2027-03-01 --format csv >"$T_TMP/r.csv" || fail "report --format csv"
assert_eq efbbbf "$(head -c 3 "$T_TMP/r.csv" | od -An -tx1 | tr -d ' \n')" \
    "report --format csv starts with a UTF-8 BOM"
# Every kind's text, as printed and as mailed: no docketctl command.
for k in review cleanup compliance summary; do
	ctl report "$k" --as-of 2027-03-01 >"$T_TMP/k.txt" || fail "report $k"
	grep -q docketctl "$T_TMP/k.txt" && fail "report $k names a docketctl command: $(grep docketctl "$T_TMP/k.txt")"
done
# Something for the compliance report: a document without a marking.
drop_doc m5.txt issuer=淄博市财政局 docno=淄财发〔2027〕5号 marking=none
wait_for "the unmarked document to be registered" records_are 5
assert_rc 0 "report compliance --mail" ctl report compliance --as-of 2027-03-01 --mail
wait_for -t 60 "the compliance messages to arrive" eval '[ "$(mail_count)" -gt 1 ]'
wait_for -t 60 "the outbox to be empty" outbox_empty
N=$(mail_count)
for i in $(seq 2 "$N"); do
	parts "$i" "$T_TMP/pc.json"
	for w in plain html; do
		case $(jq -r ".$w" "$T_TMP/pc.json") in
		*docketctl*) fail "compliance message $i: the $w body names a docketctl command" ;;
		esac
	done
	[ "$(jq .tables "$T_TMP/pc.json")" -ge 1 ] || fail "compliance message $i: no <table>"
done

step "4b. a classified document is never named in a mail"
mkdir -p "$INTAKE/财政局"
cp "$DOCKET_TEST_DATA/corpus/05-classified-urgent.txt" "$STAGE/secret.txt"
S_SHA=$(sha_of "$STAGE/secret.txt")
mv "$STAGE/secret.txt" "$INTAKE/财政局/secret.txt"
wait_for "the classified notice to be registered" has_sha "$S_SHA"
S=$(field "$S_SHA" id)
S_DOCNO=$(field "$S" docno)
S_TITLE=$(field "$S" title)
ctl show "$S" --json | jq -e '.flags | index("classified")' >/dev/null ||
    fail "$S has no flag classified"
ctl report review --as-of 2027-03-01 --agency 财政局 --json >"$T_TMP/rs.json" ||
    fail "report review --json"
assert_eq "null （涉密文件，不列出文号和标题）" \
    "$(jq -r --arg id "$S" '.agencies[].items[] | select(.id == $id) | "\(.docno) \(.title)"' "$T_TMP/rs.json")" \
    "the classified item in the report: no docno, no title"
N=$(mail_count)
assert_rc 0 "report review --agency 财政局 --mail" ctl report review --as-of 2027-03-01 --agency 财政局 --mail
wait_for -t 60 "the review mail with the classified notice" mail_count_is $((N + 1))
N=$((N + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
parts "$N" "$T_TMP/ps.json"
assert_contains "$(jq -r .plain "$T_TMP/ps.json")" "$S" "the mail lists the classified notice by its number"
assert_contains "$(jq -r .plain "$T_TMP/ps.json")" "涉密文件" "the mail says it is classified"
for w in "$S_DOCNO" "$S_TITLE"; do
	grep -rqF -- "$w" <(jq -r '.subject, .plain, .html' "$T_TMP/ps.json") &&
	    fail "the mail names the classified notice: $w"
done
ctl report review --as-of 2027-03-01 --agency 财政局 --format csv | grep -qF -- "$S_TITLE" &&
    fail "the CSV names the classified notice"

# --- 5 -------------------------------------------------------------------

step "5. cleanup mail: public documents only, never the same result twice"
drop_doc p1.txt issuer=淄博市国资委 docno=淄国资发〔2027〕11号 title=关于第一批公开文件的通知
P1_SHA=$DOC_SHA P1_DOCNO=$DOC_DOCNO
drop_doc p2.txt issuer=淄博市财政局 docno=淄财发〔2027〕12号 title=关于第二批公开文件的通知
P2_SHA=$DOC_SHA P2_DOCNO=$DOC_DOCNO
wait_for "two public documents to be registered" records_are 8
P1=$(field "$P1_SHA" id) P2=$(field "$P2_SHA" id)
assert_eq "public 财政局 public 财政局" \
    "$(field "$P1" disclosure) $(field "$P1" agency) $(field "$P2" disclosure) $(field "$P2" agency)" \
    "disclosure and agency of the two public documents"
ctl repeal "$P1" --reason "被新文件替代" >/dev/null || fail "repeal $P1"
ctl repeal "$M1" --reason "内部文件到期废止" >/dev/null || fail "repeal $M1 (withheld)"
N=$(mail_count)
ctl cleanup run >/dev/null || fail "cleanup run 1"
wait_for -t 60 "the first cleanup mail" mail_count_is $((N + 1))
N=$((N + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
parts "$N" "$T_TMP/c1.json"
assert_eq '["li@czj.example.gov.cn"]' "$(jq -c .rcpt "$T_TMP/c1.json")" "the cleanup mail's recipient"
assert_contains "$(jq -r .plain "$T_TMP/c1.json")" "$P1_DOCNO" "the first cleanup mail lists $P1"
assert_contains "$(jq -r .plain "$T_TMP/c1.json")" "不予公开文件 1 件" "the withheld one is counted"
[ "$(jq '[.rows[] | select(.[0] == "'"$P1"'")] | length' "$T_TMP/c1.json")" = 1 ] ||
    fail "no HTML row for $P1"
for f in "$MAILDIR"/new/*.eml; do
	"$PY" "$PYDIR/mailparts.py" "$f" | jq -r '.plain, .html, .subject' >"$T_TMP/all.txt"
	for w in "$M1_DOCNO" "国有资产" "$M1"; do
		grep -qF -- "$w" "$T_TMP/all.txt" && grep -q "清理" "$T_TMP/all.txt" &&
		    fail "a cleanup mail names the withheld $M1 ($w): $f"
	done
done
# A second run the same day with nothing new: no mail.
ctl cleanup run >/dev/null || fail "cleanup run 2"
wait_for "the second run's cleanup report in the log" eval \
    '[ "$(log_count "cleanup report cleanups")" -ge 2 ]'
sleep 2
assert_eq "$N" "$(mail_count)" "mails after a second run with nothing new"
# A third run with something new: only that.
ctl repeal "$P2" --reason "被新文件替代" >/dev/null || fail "repeal $P2"
ctl cleanup run >/dev/null || fail "cleanup run 3"
wait_for -t 60 "the third run's cleanup mail" mail_count_is $((N + 1))
N=$((N + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
parts "$N" "$T_TMP/c3.json"
assert_contains "$(jq -r .plain "$T_TMP/c3.json")" "$P2_DOCNO" "the third run's mail lists $P2"
case $(jq -r .plain "$T_TMP/c3.json") in
*"$P1_DOCNO"*) fail "the third run's mail repeats $P1, mailed before" ;;
esac
assert_eq "$P2" "$(jq -r '[.rows[1:][][0]] | join(" ")' "$T_TMP/c3.json")" \
    "the HTML rows of the third run's mail"

step "5b. report cleanup --as-of D: the latest cleanup on or before D"
stop_daemon
FAKE_TIME="2027-03-05 09:00:00" start_daemon -c "$CONF"
drop_doc p3.txt issuer=淄博市财政局 docno=淄财发〔2027〕13号
P3_SHA=$DOC_SHA
wait_for "the third public document" has_sha "$P3_SHA"
P3=$(field "$P3_SHA" id)
ctl repeal "$P3" --reason "被新文件替代" >/dev/null || fail "repeal $P3"
ctl cleanup run >/dev/null || fail "cleanup run on 2027-03-05"
wait_for -t 60 "the 03-05 cleanup mail" mail_count_is $((N + 1))
N=$((N + 1))
wait_for -t 60 "the outbox to be empty" outbox_empty
for d in 2027-02-28:null:false 2027-03-01:2027-03-01:false 2027-03-04:2027-03-01:true \
    2027-03-05:2027-03-05:false 2027-03-09:2027-03-05:true; do
	asof=${d%%:*} rest=${d#*:}
	ctl report cleanup --as-of "$asof" --json >"$T_TMP/rc.json" || fail "report cleanup --as-of $asof"
	assert_eq "${rest%%:*} ${rest#*:}" "$(jq -r '"\(.cleanup.date) \(.cleanup.fallback)"' "$T_TMP/rc.json")" \
	    "report cleanup --as-of $asof: the result's date and fallback"
done
ctl report cleanup --as-of 2027-03-04 >"$T_TMP/rc.txt" || fail "report cleanup --as-of 2027-03-04"
grep -qF "$P3" "$T_TMP/rc.txt" && fail "the 03-04 report lists $P3, cleaned on 03-05"
grep -qF "$P1_DOCNO" "$T_TMP/rc.txt" || fail "the 03-04 report lacks $P1 of 03-01"
stop_daemon
assert_fsck
note "ok"
