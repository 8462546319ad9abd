#!/bin/bash
# formats_office.sh: Word 97-2003 (.doc), WPS (.wps, a compound document
# like .doc) and RTF through the real daemon with the shipped extractors
# (antiword, else catdoc; unrtf to HTML):
#  - each is read, with its fields, 版记 (a table in the file) included;
#  - the content decides over the name: an RTF saved as .doc is RTF, an
#    HTML page saved as .doc is HTML, and a .wps that is none of these
#    (WPS 2000's own format, damage) is refused, not read as text;
#  - a compound document the tools cannot read, and a document with no
#    text, go to quarantine with the reason.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init formats_office
for t in antiword catdoc unrtf; do
	command -v $t >/dev/null 2>&1 || fail "$t is not installed (.ci/setup installs it)"
done
F=$DOCKET_TEST_DATA/formats
CONF=$DOCKET_TEST_DATA/../../conf/docketd.conf
Q=$ROOT/quarantine

drop() {
	local name=${2:-$(basename "$1")}

	cp "$1" "$INTAKE/.$name" || fail "copy $1"
	mv "$INTAKE/.$name" "$INTAKE/$name" || fail "rename $name"
}
registered() {
	ctl list --json | jq -e --arg n "$1" \
	    'map(select(.source_name == $n)) | length == 1' >/dev/null
}
expect() {
	local got

	got=$(ctl list --json | jq -c --arg n "$1" --arg k "$2" \
	    '.[] | select(.source_name == $n) | .[$k]')
	assert_eq "$3" "$got" "$1: $2"
}
quarantined() {
	wait_for "quarantine/$1" test -f "$Q/$1.reason"
	grep -qE -- "$2" "$Q/$1.reason" ||
	    fail "$1.reason does not match /$2/: $(cat "$Q/$1.reason")"
}

# The shipped configuration's [extract] section, as installed.
write_config "$T_TMP/docketd.conf" "settle = 200ms" "[extract]" \
    "$(grep -E '^doc +=' "$CONF")" \
    "$(grep -E '^wps +=' "$CONF")" \
    "$(grep -E '^rtf +=' "$CONF")"
grep -q antiword "$T_TMP/docketd.conf" || fail "conf/docketd.conf ships no doc extractor"
start_daemon -c "$T_TMP/docketd.conf"

step ".doc (Word 97-2003, from LibreOffice): fields and the 版记 table"
drop "$F/gongwen-lo.doc" notice.doc
wait_for "notice.doc registered" registered notice.doc
expect notice.doc format '"doc"'
expect notice.doc docno '"南环发〔2024〕27号"'
expect notice.doc issuer '"南湖市生态环境局"'
expect notice.doc title '"关于开展2024年度重点排污单位自行监测质量检查的通知"'
expect notice.doc signed_on '"2024-05-20"'
expect notice.doc disclosure '"public"'
expect notice.doc attachments '["2024年度自行监测质量检查表"]'
expect notice.doc printed_by '"南湖市生态环境局办公室"'
expect notice.doc printed_on '"2024-05-20"'
expect notice.doc text_source null

step ".wps (a compound document; small: catdoc after antiword)"
drop "$F/budget-wps.wps" budget.wps
wait_for "budget.wps registered" registered budget.wps
expect budget.wps format '"wps"'
expect budget.wps docno '"淄财预〔2021〕15号"'
expect budget.wps issuer '"淄博市财政局"'
expect budget.wps signed_on '"2021-02-03"'
expect budget.wps attachments '["部门预算公开参考格式","部门预算公开情况统计表"]'
expect budget.wps printed_by '"淄博市财政局办公室"'

step ".rtf through unrtf and the HTML reader"
drop "$F/gongwen-lo.rtf" notice.rtf
wait_for "notice.rtf registered" registered notice.rtf
expect notice.rtf format '"rtf"'
expect notice.rtf version 2
expect notice.rtf signed_on '"2024-05-20"'
expect notice.rtf printed_by '"南湖市生态环境局办公室"'
expect notice.rtf cc '["南湖市人民政府办公室"]'

step "an RTF named .doc is read as RTF (content over name)"
drop "$F/regulation-rtf-as.doc" regulation.doc
wait_for "regulation.doc registered" registered regulation.doc
expect regulation.doc format '"rtf"'
expect regulation.doc docno '"淄政办发〔2021〕6号"'
expect regulation.doc valid_until '"2026-02-28"'
expect regulation.doc repeals '["淄政办发〔2016〕12号"]'

step "HTML saved as .doc (web systems do) is read as HTML"
drop "$F/html-gb2312-housing.html" housing.doc
wait_for "housing.doc registered" registered housing.doc
expect housing.doc format '"html"'
expect housing.doc docno '"青建发〔2023〕9号"'

step "unreadable and empty documents: quarantine with the reason"
printf '\320\317\021\340\241\261\032\341%0500d' 0 >"$STAGE/broken.doc"
drop "$STAGE/broken.doc"
quarantined broken.doc 'antiword: .*catdoc'
printf 'WPS2000\001\002\003 not a compound document' >"$STAGE/old.wps"
drop "$STAGE/old.wps"
quarantined old.wps '不是 Word 97-2003/WPS 文档'
printf '   \n\t\n' >"$STAGE/blank.txt"
drop "$STAGE/blank.txt"
quarantined blank.txt '没有可读取的文字'
assert_daemon_alive "after refused documents"
assert_fsck
stop_daemon
