#!/bin/bash
# docketctl.sh: docketctl against a stopped daemon.
#  - status (text and --json: running false, pid null, counts, last commit,
#    files waiting);
#  - list (--json: the documented fields in order, null never "", id
#    order; the table (编号 发文字号 公开属性 状态 冻结 成文日期 标题) aligned by
#    display width, CJK counting two columns,
#    also when a long docno is cut);
#  - show by id, by docno in every bracket form, by sha256 prefix;
#    history; text (the extracted text);
#  - filters --disclosure --status --agency --flag, and the disclosure
#    fields of public, on_request, withheld, undetermined documents;
#  - human output in Chinese (status, list, show): the agreed labels, a
#    count line under the list;
#  - exit codes: 3 unknown DOC, 2 usage errors and a hex prefix shorter
#    than 8 digits, 1 no database.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init docketctl

FIELDS='["id","docno","issuer","issuers","title","doc_type","signed_on","copy_no","secrecy","secrecy_term","urgency","letterhead","signer","addressees","attachments","cc","printed_by","printed_on","effective_from","valid_until","repeals","domain","domain_rule","disclosure","marking","markings","marking_decision","disclosure_reason","flags","status","status_on","repealed_by","repeal_reason","hold","next_review","published","index_no","published_on","publish_lag","negative_item","interprets","interprets_ref","interpreted_on","version","commit","sha256","source_name","agency","format","size","received_at"]'

# keep KEY: remember DOC_SHA as SHA_KEY and the file's bytes as doc.KEY.
keep() {
	eval "SHA_$1=\$DOC_SHA"
	cp "$DOC_PATH" "$T_TMP/doc.$1" || fail "keep $1"
}

step "register documents of every disclosure"
start_daemon
# The files are written beside intake/ and renamed in, so their bytes can
# be kept for comparison.
dropk() {
	local key=$1 dir=$INTAKE

	shift
	case $1 in agency=*) dir=$INTAKE/${1#agency=}; shift ;; esac
	mkdir -p "$dir"
	make_doc "$STAGE/$key.txt" "$@"
	keep "$key"
	mv "$STAGE/$key.txt" "$dir/$key.txt" || fail "mv $key.txt"
}
dropk P agency=zbfin docno="淄财预〔2024〕15号" issuer="淄博市财政局" \
    title="关于下达2024年市级部门预算的通知"
dropk R docno="淄民发〔2024〕3号" issuer="淄博市民政局" \
    marking="（此件依申请公开，理由：涉及内部管理事项）"
dropk W docno="淄卫健发〔2024〕8号" issuer="淄博市卫生健康委员会" \
    marking="（此件不予公开）" extra="不予公开理由：涉及个人隐私。"
dropk M docno="淄商发〔2024〕9号" issuer="淄博市商务局" marking="（此件依申请公开）"
dropk N docno="淄农发〔2024〕10号" issuer="淄博市农业农村局" marking=none
dropk C docno="淄交发〔2024〕11号" issuer="淄博市交通运输局" \
    marking="（此件公开发布）" extra="（此件不予公开）"
dropk S docno="淄公发〔2024〕12号" issuer="淄博市公安局" marking=none \
    header="$(printf '000123\n机密★5年\n淄博市公安局文件')"
dropk X docno=none issuer="淄博市统计局"
ALL="P R W M N C S X"
for k in $ALL; do
	eval "s=\$SHA_$k"
	wait_for "document $k to be registered" has_sha "$s"
done
wait_for "spool/ to be empty" spool_empty
stop_daemon
for k in $ALL; do
	eval "ID_$k=\$(field \"\$SHA_$k\" id)"
done
# Something waiting, for status: a file in intake/ (and an ignored one),
# one in quarantine/ with its reason.
make_doc "$INTAKE/waiting.txt"
make_doc "$INTAKE/.ignored.txt"
echo junk >"$ROOT/quarantine/junk.bin"
echo "test (at now)" >"$ROOT/quarantine/junk.bin.reason"

# ids KEY...: the ids of the documents, sorted, space-separated.
ids() {
	local k

	for k; do
		eval "echo \$ID_$k"
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

# listed ARGS...: the ids `list ARGS --json` prints, in its order.
listed() {
	ctl list "$@" --json | jq -r '[.[].id] | join(" ")'
}

step "status with the daemon stopped"
assert_rc 0 "status" ctl status
grep -q "未运行" "$T_TMP/out" || fail "status does not say 未运行 (not running): $(cat "$T_TMP/out")"
assert_rc 0 "status --json" ctl status --json
S=$T_TMP/status.json
cp "$T_TMP/out" "$S"
jq -e . "$S" >/dev/null || fail "status --json is not JSON"
assert_eq "$ROOT" "$(jq -r .root "$S")" "status .root"
assert_eq false "$(jq -r .running "$S")" "status .running"
assert_eq null "$(jq -c .pid "$S")" "status .pid"
assert_eq 8 "$(jq .records "$S")" "status .records"
assert_eq '{"public":2,"on_request":2,"withheld":2,"undetermined":2}' \
    "$(jq -c .disclosure "$S")" "status .disclosure"
assert_eq '{"in_force":8,"expired":0,"repealed":0,"cleaned":0}' \
    "$(jq -c .status "$S")" "status .status"
assert_eq "$(vault rev-parse main)" "$(jq -r .last_commit.commit "$S")" "status .last_commit.commit"
assert_eq true "$(jq -r .last_commit.indexed "$S")" "status .last_commit.indexed"
assert_match "$(jq -r .last_commit.time "$S")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)$' \
    "status .last_commit.time"
assert_eq "$(vault log -1 --format=%s main)" "$(jq -r .last_commit.summary "$S")" \
    "status .last_commit.summary"
assert_eq '{"intake":1,"spool":0,"quarantine":1}' "$(jq -c .waiting "$S")" "status .waiting"
# The same numbers in the text form.
ctl status >"$T_TMP/status.txt"
grep -qE "共 $(jq .records "$S") 件" "$T_TMP/status.txt" || fail "status text: records"
grep -q "公开 $(jq .disclosure.public "$S")，依申请公开 $(jq .disclosure.on_request "$S")，不予公开 $(jq .disclosure.withheld "$S")，待定 $(jq .disclosure.undetermined "$S")" "$T_TMP/status.txt" ||
    fail "status text: disclosure counts"
grep -q "收件箱 $(jq .waiting.intake "$S")，暂存 $(jq .waiting.spool "$S")，隔离 $(jq .waiting.quarantine "$S")" "$T_TMP/status.txt" || fail "status text: waiting"
! grep -qE 'on_request|withheld|undetermined|in_force' "$T_TMP/status.txt" ||
    fail "status text has English values: $(cat "$T_TMP/status.txt")"

step "list --json"
L=$T_TMP/list.json
ctl list --json >"$L" || fail "list --json"
jq -e 'type == "array"' "$L" >/dev/null || fail "list --json is not an array"
assert_eq 8 "$(jq length "$L")" "records listed"
assert_eq 0 "$(jq --argjson f "$FIELDS" '[.[] | select((keys_unsorted) != $f)] | length' "$L")" \
    "records whose fields are not exactly the documented ones, in order"
assert_eq 0 "$(jq '[.. | strings | select(. == "")] | length' "$L")" "empty strings in list --json"
assert_eq "$(jq -r '[.[].id] | sort | join(" ")' "$L")" "$(jq -r '[.[].id] | join(" ")' "$L")" \
    "list in id order"
assert_eq 0 "$(jq '[.[] | select((.issuers | type) != "array" or (.flags | type) != "array"
    or (.version | type) != "number" or (.size | type) != "number"
    or (.commit | type) != "string" or (.sha256 | test("^[0-9a-f]{64}$") | not)
    or (.received_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([+-][0-9]{2}:[0-9]{2}|Z)$") | not))] | length' "$L")" \
    "records with a field of the wrong type"

step "the disclosure fields"
# jrec KEY: the record of document KEY from list --json.
jrec() {
	eval "jq -c --arg id \"\$ID_$1\" '.[] | select(.id == \$id)' \"\$L\""
}
check() {	# KEY FIELD EXPECTED-JSON
	assert_eq "$3" "$(jrec "$1" | jq -c ".$2")" "$1: $2"
}
check P disclosure '"public"'
check P marking '"此件公开发布"'
check P disclosure_reason null
# Made in 2024, in the catalog today: more than 20 working days late.
check P flags '["published_late"]'
check P published true
check P publish_lag.cause '"late_intake"'
check P published_on "\"$(date +%F)\""
check P agency '"zbfin"'
check P docno '"淄财预〔2024〕15号"'
check P issuer '"淄博市财政局"'
check P issuers '["淄博市财政局"]'
check P title '"关于下达2024年市级部门预算的通知"'
check P doc_type '"通知"'
check P source_name '"P.txt"'
check P format '"txt"'
check R disclosure '"on_request"'
check R marking '"此件依申请公开"'
check R disclosure_reason '"涉及内部管理事项"'
check R flags '[]'
# No intake folder: the agency is the issuer (no [agency] maps it).
check R agency null
check W disclosure '"withheld"'
check W marking '"此件不予公开"'
check W disclosure_reason '"涉及个人隐私"'
check W flags '[]'
check M disclosure '"on_request"'
check M disclosure_reason null
# No reason: it cites no item of the 负面清单 either.
check M flags '["missing_reason","reason_unlisted"]'
check M negative_item null
check R negative_item '"internal"'
check W negative_item '"privacy"'
check S negative_item '"state-secret"'
check P negative_item null
check N disclosure '"undetermined"'
check N marking null
check N disclosure_reason null
check N flags '["no_marking"]'
check C disclosure '"undetermined"'
check C flags '["conflicting_markings"]'
check S disclosure '"withheld"'
check S marking null
assert_contains "$(jrec S | jq -r .disclosure_reason)" "国家秘密" "S: disclosure_reason"
assert_contains "$(jrec S | jq -r .disclosure_reason)" "机密★5年" "S: disclosure_reason"
check X docno null
assert_contains "$(jrec X | jq -c .flags)" '"no_docno"' "X: flags"
for k in $ALL; do
	check "$k" sha256 "\"$(eval echo \$SHA_$k)\""
	check "$k" size "$(size_of "$T_TMP/doc.$k")"
done

step "filters"
assert_eq "$(ids P X)" "$(listed --disclosure public)" "list --disclosure public"
assert_eq "$(ids R M)" "$(listed --disclosure on_request)" "list --disclosure on_request"
assert_eq "$(ids W S)" "$(listed --disclosure withheld)" "list --disclosure withheld"
assert_eq "$(ids N C)" "$(listed --disclosure undetermined)" "list --disclosure undetermined"
assert_eq "$(ids N)" "$(listed --flag no_marking)" "list --flag no_marking"
assert_eq "$(ids C)" "$(listed --flag conflicting_markings)" "list --flag conflicting_markings"
assert_eq "$(ids M)" "$(listed --flag missing_reason)" "list --flag missing_reason"
assert_eq "$(ids X)" "$(listed --flag no_docno)" "list --flag no_docno"
assert_eq "$(ids M)" "$(listed --flag reason_unlisted)" "list --flag reason_unlisted"
assert_eq "$(ids P)" "$(listed --agency zbfin)" "list --agency zbfin"
assert_eq "$(ids $ALL)" "$(listed --status in_force)" "list --status in_force"
assert_eq "" "$(listed --status repealed)" "list --status repealed"
assert_eq "$(ids M)" "$(listed --disclosure on_request --flag missing_reason)" \
    "list --disclosure on_request --flag missing_reason"
assert_eq "" "$(listed --disclosure withheld --agency zbfin)" \
    "list --disclosure withheld --agency zbfin"
assert_eq "$(ids P)" "$(listed --agency zbfin --status in_force)" \
    "list --agency zbfin --status in_force"
ctl list --flag no_marking >"$T_TMP/t" || fail "list --flag no_marking"
n=$(listed --flag no_marking | wc -w)
assert_eq $((n + 2)) "$(wc -l <"$T_TMP/t" | tr -d ' ')" "lines of list --flag no_marking (header + $n + count line)"
assert_eq "共 $n 件" "$(tail -n 1 "$T_TMP/t")" "count line of list --flag no_marking"
grep -q "^$ID_N " "$T_TMP/t" || fail "list --flag no_marking lacks $ID_N"

step "show by id, docno, sha256 prefix"
for doc in "$ID_P" "$(echo "$ID_P" | tr D d)" "淄财预〔2024〕15号" "淄财预[2024]15号" \
    "淄财预【2024】15号" "淄财预（2024）15号" "淄财预(2024)15号" "淄财预 [2024] 15号" \
    "${SHA_P:0:8}" "${SHA_P:0:20}" "$SHA_P" "$(echo "${SHA_P:0:10}" | tr a-f A-F)"; do
	assert_rc 0 "show $doc" ctl show "$doc" --json
	assert_eq "$ID_P" "$(jq -r .id "$T_TMP/out")" "show $doc"
done
assert_eq "$(jrec P | jq -S -c .)" "$(ctl show "$ID_P" --json | jq -S -c .)" \
    "show --json vs the list entry"
ctl show "$ID_N" >"$T_TMP/show.txt" || fail "show $ID_N"
grep -qE "^发文字号 +$(jrec N | jq -r .docno)\$" "$T_TMP/show.txt" || fail "show: docno line"
grep -qE "^公开属性 +待定\$" "$T_TMP/show.txt" || fail "show: disclosure as its label"
grep -qE '^标记 +无公开属性标注$' "$T_TMP/show.txt" || fail "show: flags line"
! grep -qE 'undetermined|no_marking|in_force' "$T_TMP/show.txt" ||
    fail "show: English values in the human output"
# One issuer: 发文机关, and no 联合发文机关 line (it is no joint document).
ctl show "$ID_P" >"$T_TMP/show.txt" || fail "show $ID_P"
grep -qE '^发文机关 +淄博市财政局$' "$T_TMP/show.txt" || fail "show: issuer line"
! grep -q '^联合发文机关' "$T_TMP/show.txt" ||
    fail "show: 联合发文机关 for a document of one issuer"

step "versions"
ctl versions "$ID_R" --json >"$T_TMP/h" || fail "versions --json"
assert_eq 1 "$(jq length "$T_TMP/h")" "versions of $ID_R"
assert_eq '["commit","received_at","sha256","source_name","version"]' \
    "$(jq -c '.[0] | keys' "$T_TMP/h")" "fields of a version"
assert_eq "$SHA_R" "$(jq -r '.[0].sha256' "$T_TMP/h")" "history sha256"
assert_eq "$(jrec R | jq -r .commit)" "$(jq -r '.[0].commit' "$T_TMP/h")" "history commit"
assert_eq R.txt "$(jq -r '.[0].source_name' "$T_TMP/h")" "history source_name"
ctl versions '淄民发[2024]3号' >"$T_TMP/h.txt" || fail "versions by docno"
head -n 1 "$T_TMP/h.txt" | grep -q "^$ID_R " || fail "history header line"
grep -qE "^1 +$(jrec R | jq -r .commit | cut -c1-12) " "$T_TMP/h.txt" ||
    fail "history row: $(cat "$T_TMP/h.txt")"

step "text"
for k in $ALL; do
	eval "id=\$ID_$k"
	ctl text "$id" >"$T_TMP/text" || fail "text $id"
	assert_same_file "$T_TMP/doc.$k" "$T_TMP/text" "text of $k ($id)"
done
ctl text "$ID_W" --json >"$T_TMP/tj" || fail "text --json"
assert_eq "$ID_W" "$(jq -r .id "$T_TMP/tj")" "text --json .id"
jq -j .text "$T_TMP/tj" >"$T_TMP/tjt"
assert_same_file "$T_TMP/doc.W" "$T_TMP/tjt" "text --json .text"

step "exit codes"
# A prefix shorter than 8 hex digits is a usage error when it cannot be an
# id (has a letter), else an id that is not there.
short=${SHA_P:0:7}
case $short in
*[a-f]*) assert_rc 2 "show $short (short prefix)" ctl show "$short"
	grep -q 'at least 8 hex digits' "$T_TMP/err" ||
	    fail "show $short: no word on the 8 digits" ;;
*) assert_rc 3 "show $short (digits: an id)" ctl show "$short" ;;
esac
for doc in D999999 "淄财预〔1999〕1号" "淄无此发[2024]1号" deadbeef00; do
	assert_rc 3 "show $doc" ctl show "$doc"
	[ -s "$T_TMP/out" ] && fail "show $doc printed on stdout"
	grep -q . "$T_TMP/err" || fail "show $doc: no message"
done
assert_rc 3 "history D999999" ctl history D999999
assert_rc 3 "text D999999" ctl text D999999
assert_rc 3 "show --json D999999" ctl show D999999 --json
assert_rc 2 "list --disclosure bogus" ctl list --disclosure bogus
assert_contains "$(cat "$T_TMP/err")" "bogus" "message of --disclosure bogus"
assert_rc 2 "list --status bogus" ctl list --status bogus
assert_rc 2 "list --flag bogus" ctl list --flag bogus
assert_rc 2 "show without DOC" ctl show
assert_rc 2 "history without DOC" ctl history
assert_rc 2 "text without DOC" ctl text
assert_rc 2 "show with two DOCs" ctl show "$ID_P" "$ID_R"
assert_rc 2 "status with an argument" ctl status extra
assert_rc 2 "list with an argument" ctl list extra
assert_rc 2 "an unknown command" ctl frobnicate
assert_rc 2 "no command" ctl
assert_rc 2 "an unknown option" ctl list --bogus
assert_rc 2 "--disclosure with show" ctl show "$ID_P" --disclosure public
assert_rc 0 "-h" "$DOCKETCTL" -h
grep -q "退出码" "$T_TMP/out" || fail "-h does not print the exit codes"
mkdir "$T_TMP/empty"
assert_rc 1 "status on a root without a database" "$DOCKETCTL" -r "$T_TMP/empty" status
grep -q . "$T_TMP/err" || fail "no message for a root without a database"
assert_rc 1 "list on a root without a database" "$DOCKETCTL" -r "$T_TMP/empty" list --json
assert_rc 1 "show on a root without a database" "$DOCKETCTL" -r "$T_TMP/empty" show D000001
assert_rc 1 "status on a missing root" "$DOCKETCTL" -r "$T_TMP/nonexistent" status
dir_empty "$T_TMP/empty" || fail "docketctl created files in a root without a database"
gone "$T_TMP/nonexistent" || fail "docketctl created a missing root"

# check_table FILE JSON: the table's columns start at the same display
# column on every line; each cell holds its field ("-" for null), a docno
# possibly cut to the column's width.
check_table() {
	python3 - "$1" "$2" <<'EOF'
import json, sys, unicodedata

def cols(line):
    """(display column, index) of every character."""
    out, c = [], 0
    for i, ch in enumerate(line):
        out.append((c, i))
        c += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    out.append((c, len(line)))
    return out

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
recs = json.load(open(sys.argv[2], encoding="utf-8"))
head = lines[0]
names = ["编号", "发文字号", "公开属性", "状态", "冻结", "成文日期", "标题"]
# The labels agreed in TEAM.md (label.c).
dl = {"public": "公开", "on_request": "依申请公开", "withheld": "不予公开",
      "undetermined": "待定"}
sl = {"in_force": "在用", "expired": "已失效", "repealed": "已废止",
      "cleaned": "已清理"}
# The last line counts the rows.
if lines[-1] != "共 %d 件" % len(recs):
    sys.exit("no count line for %d records: %r" % (len(recs), lines[-1]))
lines.pop()
hc = dict((i, c) for c, i in cols(head))
starts = []
for n in names:
    i = head.find(n)
    if i < 0:
        sys.exit("header lacks %s: %r" % (n, head))
    starts.append(hc[i])
if len(lines) - 1 != len(recs):
    sys.exit("%d rows for %d records" % (len(lines) - 1, len(recs)))
bad = []
for row, rec in zip(lines[1:], recs):
    at = dict((c, i) for c, i in cols(row))
    want = [rec["id"], rec["docno"], dl.get(rec["disclosure"], rec["disclosure"]),
            sl.get(rec["status"], rec["status"]), "是" if rec["hold"] else "",
            rec["signed_on"], rec["title"]]
    want = ["-" if v is None else v for v in want]
    for k, s in enumerate(starts):
        if s not in at:
            bad.append("%s of %s does not start at column %d: %r"
                       % (names[k], rec["id"], s, row))
            continue
        i = at[s]
        if k > 0 and row[i - 2:i] != "  ":
            bad.append("%s of %s does not start at column %d (no two blanks before it): %r"
                       % (names[k], rec["id"], s, row))
            continue
        if k + 1 < len(starts):
            e = at.get(starts[k + 1], len(row))
            got = row[i:e].rstrip(" ")
        else:
            got = row[i:]
        ok = got == want[k] or (k == 1 and got != "" and want[k].startswith(got))
        if not ok:
            bad.append("%s of %s: %r, expected %r" % (names[k], rec["id"], got, want[k]))
if bad:
    sys.exit("\n".join(bad))
EOF
}

step "the table is aligned (CJK is two columns wide)"
need python3
ctl list >"$T_TMP/table" || fail "list"
check_table "$T_TMP/table" "$L" || fail "list table not aligned: $(cat "$T_TMP/table")"
ctl list --disclosure on_request >"$T_TMP/table2" || fail "list --disclosure"
ctl list --disclosure on_request --json >"$T_TMP/l2" || fail "list --disclosure --json"
check_table "$T_TMP/table2" "$T_TMP/l2" || fail "filtered table not aligned"

step "a docno wider than the column (cut inside a CJK character)"
# 15 Han + 〔2024〕 + 1 + 号 is 41 columns: cut at 40, the last column
# would be half of 号.
start_daemon
drop_doc long.txt docno="淄博市人民政府办公厅某某事项发〔2024〕1号" \
    issuer="淄博市人民政府办公厅"
wait_for "long.txt to be registered" has_sha "$DOC_SHA"
assert_eq "淄博市人民政府办公厅某某事项发〔2024〕1号" "$(field "$DOC_SHA" docno)" "docno of long.txt"
stop_daemon
ctl list >"$T_TMP/table3" || fail "list"
ctl list --json >"$T_TMP/l3" || fail "list --json"
check_table "$T_TMP/table3" "$T_TMP/l3" ||
    fail "list table not aligned with a cut docno: $(cat "$T_TMP/table3")"
note "ok"
