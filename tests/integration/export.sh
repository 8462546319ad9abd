#!/bin/bash
# export.sh: docketctl export, the ledger (台账).  Six documents (one
# withheld, one from intake/财政局/, one whose title holds an ASCII comma
# and quotes, one repealed and cleaned).  CSV: starts with the UTF-8 BOM,
# CRLF rows, Chinese headers (编号 … 登记时间); parsed as RFC 4180 (python
# csv) it has one row per document of `list --json` (cleaned left out),
# of `list --all --json` with --all, in the same order, with each id,
# docno, title and agency as the index holds them and the disclosure and
# status as Chinese labels; the filters give what list gives; -o FILE
# writes the same bytes as stdout.  xlsx: -o FILE is a valid zip whose
# sheet has a header row and a row per document holding every title;
# to a pipe it is the same workbook.  Errors: an unknown agency exits 3
# and names the known ones, --format pdf 2; --json gives list --json's records.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init export

[ "$(id -u)" -eq 0 ] || skip "needs root (repeal and cleanup run)"
need unzip
need python3
PY=$(command -v python3)

start_daemon

step "six documents"
for i in 1 2 3; do
	drop_doc "p$i.txt"
done
drop_doc w.txt marking="（此件不予公开，理由：属于内部事务信息）"
sha_w=$DOC_SHA
drop_doc f.txt agency=财政局
sha_f=$DOC_SHA
drop_doc q.txt title='关于印发《"放管服",改革实施方案》的通知'
sha_q=$DOC_SHA
wait_for "six records" records_are 6
title_q=$(field "$sha_q" title)
note "title with a comma: $title_q"
P3=$(ctl list --json | jq -r '.[2].id')
ctl repeal "$P3" --reason "已被替代" >/dev/null || fail "repeal $P3"
ctl cleanup run >/dev/null || fail "cleanup run"
assert_eq cleaned "$(field "$P3" status)" "status of $P3"

# rows FILE: the CSV's data rows as JSON arrays, one a line (python csv).
rows() {
	"$PY" -c '
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    r = list(csv.reader(f))
for row in r[1:]:
    print(json.dumps(row, ensure_ascii=False))
' "$1"
}

header() {
	"$PY" -c '
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(",".join(next(csv.reader(f))))
' "$1"
}

step "csv to stdout"
ctl export >"$T_TMP/all.csv" || fail "export"
assert_eq efbbbf "$(head -c 3 "$T_TMP/all.csv" | od -An -tx1 | tr -d ' \n')" "the BOM"
assert_eq "编号,发文字号,标题,发文机关,所属单位,文种,成文日期,施行日期,有效期至,公开属性,公开属性理由,效力状态,状态日期,下次审查日期,冻结,领域,登记时间" \
    "$(header "$T_TMP/all.csv")" "the headers"
head -n 1 "$T_TMP/all.csv" | grep -q $'\r$' || fail "rows do not end in CRLF"
rows "$T_TMP/all.csv" >"$T_TMP/all.rows"
assert_eq "$(ctl list --json | jq length)" "$(wc -l <"$T_TMP/all.rows" | tr -d ' ')" \
    "rows of export vs list --json"
assert_eq 5 "$(wc -l <"$T_TMP/all.rows" | tr -d ' ')" "rows without the cleaned one"
assert_eq "$(ctl list --json | jq -c '[.[].id]')" \
    "$(jq -sc '[.[][0]]' "$T_TMP/all.rows")" "ids, in list's order"
assert_eq "$(ctl list --json | jq -c '[.[] | [.docno // "", .title // "", .agency // ""]]')" \
    "$(jq -sc '[.[] | [.[1], .[2], .[4]]]' "$T_TMP/all.rows")" "docno, title and agency"
assert_eq "$title_q" \
    "$(jq -r --arg id "$(field "$sha_q" id)" 'select(.[0] == $id) | .[2]' "$T_TMP/all.rows")" \
    "the title with a comma and quotes, read back"
assert_eq "不予公开 属于内部事务信息 在用 否" \
    "$(jq -r --arg id "$(field "$sha_w" id)" 'select(.[0] == $id) | "\(.[9]) \(.[10]) \(.[11]) \(.[14])"' "$T_TMP/all.rows")" \
    "the withheld document's labels"
assert_eq "$(field "$sha_w" next_review)" \
    "$(jq -r --arg id "$(field "$sha_w" id)" 'select(.[0] == $id) | .[13]' "$T_TMP/all.rows")" \
    "next_review of the withheld document"
grep -q 'on_request\|in_force\|withheld' "$T_TMP/all.csv" &&
    fail "English values in the ledger"

step "--all and the filters"
ctl export --all >"$T_TMP/every.csv" || fail "export --all"
assert_eq "$(ctl list --all --json | jq length)" "$(rows "$T_TMP/every.csv" | wc -l | tr -d ' ')" \
    "rows of export --all vs list --all --json"
assert_eq "已清理" "$(rows "$T_TMP/every.csv" | jq -r --arg id "$P3" 'select(.[0] == $id) | .[11]')" \
    "status label of the cleaned one"
for f in "--disclosure withheld" "--status cleaned" "--agency 财政局" "--flag no_marking" "--disclosure public"; do
	ctl export $f >"$T_TMP/f.csv" || fail "export $f"
	assert_eq "$(ctl list $f --json | jq -c '[.[].id]')" \
	    "$(rows "$T_TMP/f.csv" | jq -sc '[.[][0]]')" "export $f vs list $f"
done
ctl export -o "$T_TMP/o.csv" 2>"$T_TMP/o.err" || fail "export -o"
assert_same_file "$T_TMP/all.csv" "$T_TMP/o.csv" "-o FILE and stdout"
assert_contains "$(cat "$T_TMP/o.err")" "已导出 5 件" "the count on stderr"

step "xlsx"
ctl export --format xlsx -o "$T_TMP/l.xlsx" 2>/dev/null || fail "export --format xlsx"
unzip -tq "$T_TMP/l.xlsx" >/dev/null || fail "the xlsx is not a valid zip"
# -o FILE.xlsx without --format: xlsx, not CSV Excel would refuse
ctl export -o "$T_TMP/n.XLSX" 2>/dev/null || fail "export -o n.XLSX"
unzip -tq "$T_TMP/n.XLSX" >/dev/null || fail "export -o n.XLSX wrote no workbook"
unzip -p "$T_TMP/l.xlsx" '\[Content_Types\].xml' | grep -q spreadsheetml ||
    fail "no spreadsheetml content type"
unzip -p "$T_TMP/l.xlsx" xl/workbook.xml | grep -qF '<sheet name="台账"' ||
    fail "no sheet 台账 in xl/workbook.xml"
unzip -p "$T_TMP/l.xlsx" xl/worksheets/sheet1.xml >"$T_TMP/sheet.xml" ||
    fail "no xl/worksheets/sheet1.xml"
assert_eq 6 "$(grep -o '<row ' "$T_TMP/sheet.xml" | wc -l | tr -d ' ')" \
    "rows in the sheet (header + 5)"
grep -qF '公开属性' "$T_TMP/sheet.xml" || fail "no header in the sheet"
ctl list --json | jq -r '.[].title // empty' | while IFS= read -r t; do
	x=$(printf '%s' "$t" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')
	grep -qF "$t" "$T_TMP/sheet.xml" || grep -qF "$x" "$T_TMP/sheet.xml" ||
	    fail "the sheet lacks the title $t"
done || exit 1
ctl export --format xlsx --all >"$T_TMP/p.xlsx" || fail "export --format xlsx to a pipe"
unzip -tq "$T_TMP/p.xlsx" >/dev/null || fail "the piped xlsx is not a valid zip"
assert_eq 7 "$(unzip -p "$T_TMP/p.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l | tr -d ' ')" \
    "rows of the --all workbook"

step "errors"
assert_rc 3 "an unknown agency" ctl export --agency 无此单位
assert_contains "$(cat "$T_TMP/err")" "财政局" "the known agencies"
assert_rc 2 "--format pdf" ctl export --format pdf
# --json (every command has it): the records as list --json gives them.
assert_rc 0 "--json" ctl export --json
assert_eq "$(ctl list --json | jq -c '[.[].id]')" "$(jq -c '[.[].id]' "$T_TMP/out")" "export --json vs list --json"
assert_rc 2 "--json with -o" ctl export --json -o "$T_TMP/x.json"
assert_rc 2 "--status bogus" ctl export --status bogus
# A workbook where none can be written: said at once, in Chinese, and no
# file left behind.
assert_rc 1 "xlsx into a missing folder" ctl export --format xlsx -o "$T_TMP/no/such/x.xlsx"
assert_contains "$(cat "$T_TMP/err")" "无法写入" "the reason for the missing folder"
! grep -q 'ERROR\|Error creating' "$T_TMP/err" || fail "libxlsxwriter's English on stderr: $(cat "$T_TMP/err")"
assert_rc 1 "csv into a missing folder" ctl export -o "$T_TMP/no/such/x.csv"
stop_daemon
