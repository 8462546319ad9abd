#!/bin/bash
# ocr.sh: scanned documents through the real daemon.
#  - a PDF without a text layer (a fixture printed by LibreOffice, scanned
#    at 200 dpi, rebuilt as an image-only PDF) is read by tesseract in an
#    OCR worker: text_source ocr, a mean confidence, the fields (OCR's
#    damage to 〔〕, item numbers and dates repaired), flag ocr_check, and
#    the review report lists it for a person to confirm;
#  - docketctl ocr-checked DOC --reason TEXT (by docno, by sha256 prefix)
#    records that a person checked the fields: flag ocr_check goes, the
#    history has an event ocr_checked (actor, reason, the fields), the
#    review report no longer lists it, a reindex keeps it so and verify
#    finds the vault and the index agree; a second call, or a document
#    not read by OCR, is refused with exit 5, no reason with exit 2, a
#    user who is not admin (uid 65534, when run as root) with exit 4;
#  - while it is read, docketd answers and other documents are stored;
#  - images (PNG, TIFF, JPEG) go the same way;
#  - a blank scan goes to quarantine with the reason, not into the record;
#  - with [ocr] ocr = no, a scan is refused with that reason.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init ocr
for t in tesseract pdftoppm pdfinfo pdftotext; do
	command -v $t >/dev/null 2>&1 || fail "$t is not installed (.ci/setup installs it)"
done
tesseract --list-langs 2>&1 | grep -qx chi_sim ||
    fail "tesseract has no chi_sim (tesseract-ocr-chi-sim)"
F=$DOCKET_TEST_DATA/formats
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
	wait_for -t 120 "quarantine/$1" test -f "$Q/$1.reason"
	grep -qE -- "$2" "$Q/$1.reason" ||
	    fail "$1.reason does not match /$2/: $(cat "$Q/$1.reason")"
}

write_config "$T_TMP/docketd.conf" "settle = 200ms" "[ocr]" "workers = 1" \
    "dpi = 200"
start_daemon -c "$T_TMP/docketd.conf"

step "a scanned PDF is read in a worker while other documents flow"
drop "$F/budget-scan-200dpi.pdf" scan.pdf
wait_for "the OCR worker starts" log_has "ocr: reading"
make_doc "$STAGE/plain.txt" >/dev/null
drop "$STAGE/plain.txt"
wait_for "plain.txt registered" registered plain.txt
# Stored while the scan is still being read: the batch did not wait.
registered scan.pdf && note "the scan was read before plain.txt was stored (fast machine)"
ctl status >/dev/null || fail "docketctl status during OCR"
wait_for -t 180 "scan.pdf registered" registered scan.pdf
expect scan.pdf format '"pdf"'
expect scan.pdf text_source '"ocr"'
ctl list --json | jq -e '.[] | select(.source_name == "scan.pdf") |
    .ocr_confidence > 60 and .ocr_confidence <= 100' >/dev/null ||
    fail "scan.pdf: no plausible ocr_confidence"
expect scan.pdf docno '"淄财预〔2021〕15号"'
expect scan.pdf issuer '"淄博市财政局"'
expect scan.pdf title '"关于做好2021年部门预算公开工作的通知"'
expect scan.pdf signed_on '"2021-02-03"'
expect scan.pdf disclosure '"public"'
expect scan.pdf attachments '["部门预算公开参考格式","部门预算公开情况统计表"]'
expect scan.pdf printed_by '"淄博市财政局办公室"'
ctl list --json | jq -e '.[] | select(.source_name == "scan.pdf") |
    (.flags | index("ocr_check")) and (.ocr_fields | index("docno"))' \
    >/dev/null || fail "scan.pdf: no ocr_check flag or ocr_fields"
assert_eq 1 "$(ctl list --flag ocr_check --json | jq length)" "list --flag ocr_check"
out=$(ctl report review) || fail "report review"
printf '%s\n' "$out" | grep -q 'OCR 识别登记' ||
    fail "the review report does not list the scan for checking: $out"
printf '%s\n' "$out" | grep -q '淄财预〔2021〕15号' ||
    fail "the review report does not name the scan's docno: $out"
ctl report review --json | jq -e '[.agencies[] | .ocr_check // [] | .[] |
    select(.docno == "淄财预〔2021〕15号")] | length == 1' >/dev/null ||
    fail "report review --json: no ocr_check item"
[ -z "$(ls "$ROOT/spool/.ocr" 2>/dev/null)" ] ||
    fail "OCR sidecars left after the scan was stored: $(ls "$ROOT/spool/.ocr")"

step "ocr-checked: a person confirmed the fields against the paper"
sid=$(ctl list --json | jq -r '.[] | select(.source_name == "scan.pdf") | .id')
pid=$(ctl list --json | jq -r '.[] | select(.source_name == "plain.txt") | .id')
commits=$(vault rev-list --count main)
assert_rc 2 "ocr-checked without --reason" ctl ocr-checked "$sid"
assert_rc 2 "ocr-checked with a blank --reason" ctl ocr-checked "$sid" --reason " "
assert_contains "$(cat "$T_TMP/err")" "--reason" "ocr-checked without a reason: the message"
assert_rc 5 "ocr-checked on a document not read by OCR" \
    ctl ocr-checked "$pid" --reason "核对"
assert_contains "$(cat "$T_TMP/err")" "不是由扫描件经 OCR 识别登记的" \
    "ocr-checked on plain.txt: the message"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	note "not root or no setpriv: ocr-checked by a user who is not admin not tried"
elif ! $NOBODY "$DOCKETCTL" --version >/dev/null 2>&1; then
	note "uid 65534 cannot run $DOCKETCTL: ocr-checked by a user who is not admin not tried"
elif getent group docket | cut -d: -f4 | tr ',' '\n' |
    grep -qx "$(getent passwd 65534 | cut -d: -f1)"; then
	note "uid 65534 is in the admin group docket: not tried as a user who is not admin"
else
	assert_rc 4 "ocr-checked as uid 65534" \
	    $NOBODY "$DOCKETCTL" -r "$ROOT" ocr-checked "$sid" --reason "核对"
	assert_contains "$(cat "$T_TMP/err")" "权限不足" \
	    "ocr-checked as uid 65534: the message"
fi
assert_eq "$commits" "$(vault rev-list --count main)" "commits after the refused ocr-checked"
assert_eq 0 "$(ctl show "$sid" --json | jq '.flags | index("ocr_check")')" \
    "flag ocr_check after the refusals (its place in flags)"
# By docno, as other commands resolve DOC.
assert_rc 0 "ocr-checked by docno" ctl ocr-checked '淄财预〔2021〕15号' \
    --reason "已对照纸质原件核对文号、标题、日期" --json
cp "$T_TMP/out" "$T_TMP/checked.json"
assert_eq "$sid ocr_checked root 已对照纸质原件核对文号、标题、日期" \
    "$(jq -r '"\(.id) \(.event.action) \(.event.actor) \(.event.reason)"' "$T_TMP/checked.json")" \
    "ocr-checked --json: id and event"
jq -e '(.commit | test("^[0-9a-f]{40}$")) and (.record.flags | index("ocr_check") == null)
    and (.event.fields == .record.ocr_fields) and (.event.fields | index("docno"))' \
    "$T_TMP/checked.json" >/dev/null ||
    fail "ocr-checked --json: commit, record or fields: $(cat "$T_TMP/checked.json")"
assert_eq $((commits + 1)) "$(vault rev-list --count main)" "commits after ocr-checked"
assert_match "$(vault log -1 --format=%s main)" "^ocr_checked $sid by root" \
    "the vault commit of ocr-checked"
assert_eq null "$(ctl show "$sid" --json | jq '.flags | index("ocr_check")')" \
    "flag ocr_check after ocr-checked"
assert_eq '"ocr"' "$(jfield "$sid" text_source)" "text_source after ocr-checked"
ctl show "$sid" --json | jq -e '.ocr_fields | index("docno")' >/dev/null ||
    fail "ocr_fields are gone after ocr-checked"
ctl history "$sid" --json | jq -e 'last | .action == "ocr_checked" and
    .actor == "root" and .reason == "已对照纸质原件核对文号、标题、日期"' \
    >/dev/null || fail "history: no ocr_checked event: $(ctl history "$sid" --json | jq -c last)"
out=$(ctl history "$sid") || fail "history $sid"
assert_contains "$out" "OCR识别已核对" "history: the event in Chinese"
assert_eq 0 "$(ctl list --flag ocr_check --json | jq length)" "list --flag ocr_check after ocr-checked"
out=$(ctl report review) || fail "report review"
case $out in
*'OCR 识别登记'*) fail "the review report still lists the checked scan: $out" ;;
esac
ctl report review --json | jq -e '[.agencies[] | .ocr_check // [] | .[]] |
    length == 0' >/dev/null ||
    fail "report review --json: the checked scan is still an ocr_check item"
# Checked twice: refused, nothing recorded.
assert_rc 5 "ocr-checked a second time" ctl ocr-checked "$sid" --reason "再次核对"
assert_contains "$(cat "$T_TMP/err")" "已经核对过" "a second ocr-checked: the message"
assert_eq "" "$(cat "$T_TMP/out")" "stdout of the refused ocr-checked"
assert_eq $((commits + 1)) "$(vault rev-list --count main)" "commits after the second ocr-checked"
assert_eq 1 "$(ctl history "$sid" --json | jq '[.[] | select(.action == "ocr_checked")] | length')" \
    "ocr_checked events after the second call"
# The vault holds it: a reindex does not bring the flag back.
ctl reindex >/dev/null || fail "reindex"
assert_eq null "$(ctl show "$sid" --json | jq '.flags | index("ocr_check")')" \
    "flag ocr_check after a reindex"
ctl verify >/dev/null || fail "verify after ocr-checked: $(ctl verify 2>&1)"

step "an image"
drop "$F/withheld-scan-100dpi.png" page.png
wait_for -t 120 "page.png registered" registered page.png
expect page.png format '"png"'
expect page.png text_source '"ocr"'
expect page.png docno '"青政办字〔2025〕3号"'
# ocr-checked by a sha256 prefix, human output.
psha=$(ctl list --json | jq -r '.[] | select(.source_name == "page.png") | .sha256')
pgid=$(ctl list --json | jq -r '.[] | select(.source_name == "page.png") | .id')
out=$(ctl ocr-checked "${psha:0:12}" --reason "已核对") || fail "ocr-checked ${psha:0:12}"
assert_match "$out" "^$pgid：OCR识别已核对，已取消“OCR识别待核对”标记（核对字段 [0-9]+ 项；提交 [0-9a-f]{12}）\$" \
    "ocr-checked's human output"
assert_eq null "$(ctl show "$pgid" --json | jq '.flags | index("ocr_check")')" \
    "page.png: flag ocr_check after ocr-checked"

step "a blank scan: quarantine with the reason"
drop "$F/blank-scan.pdf" blank.pdf
quarantined blank.pdf 'OCR found no text'
registered blank.pdf && fail "blank.pdf was stored"
assert_daemon_alive "after OCR"
stop_daemon

step "OCR off: a scan is refused with that reason"
new_root root2
Q=$ROOT/quarantine
write_config "$T_TMP/off.conf" "settle = 200ms" "[ocr]" "ocr = no"
start_daemon -c "$T_TMP/off.conf"
drop "$F/budget-scan-200dpi.pdf" scan2.pdf
quarantined scan2.pdf 'OCR 未开启'
assert_fsck
stop_daemon

step "a long scan does not hold up the batches (4 pages, one worker)"
command -v pdfunite >/dev/null 2>&1 || fail "pdfunite is not installed (poppler-utils)"
new_root root3
Q=$ROOT/quarantine
write_config "$T_TMP/long.conf" "settle = 200ms" "[ocr]" "workers = 1"
start_daemon -c "$T_TMP/long.conf"
pdfunite "$F/budget-scan-200dpi.pdf" "$F/budget-scan-200dpi.pdf" \
    "$F/budget-scan-200dpi.pdf" "$F/budget-scan-200dpi.pdf" "$STAGE/long.pdf" ||
    fail "pdfunite"
drop "$STAGE/long.pdf"
wait_for "the OCR worker starts" log_has "ocr: reading"
for i in 1 2 3 4 5; do
	make_doc "$STAGE/flow$i.txt" >/dev/null
	drop "$STAGE/flow$i.txt"
done
t0=$(now_ms)
ctl status >/dev/null || fail "docketctl status during OCR"
t1=$(now_ms)
[ $((t1 - t0)) -lt 5000 ] || fail "docketctl status took $((t1 - t0)) ms during OCR"
for i in 1 2 3 4 5; do
	wait_for "flow$i.txt registered" registered flow$i.txt
done
registered long.pdf && fail "long.pdf was stored before the documents behind it: the batch waited"
[ -e "$ROOT/spool/.ocr" ] || fail "no OCR sidecar directory while a scan is read"
wait_for -t 300 "long.pdf registered" registered long.pdf
expect long.pdf text_source '"ocr"'

step "TIFF and JPEG scans (each a new version of the same document)"
pdftoppm -r 150 -gray -tiff -singlefile -f 1 -l 1 "$F/budget-scan-200dpi.pdf" \
    "$STAGE/page" || fail "pdftoppm -tiff"
pdftoppm -r 150 -jpeg -singlefile -f 1 -l 1 "$F/budget-scan-200dpi.pdf" \
    "$STAGE/photo" || fail "pdftoppm -jpeg"
drop "$STAGE/page.tif"
wait_for -t 120 "page.tif registered" registered page.tif
expect page.tif format '"tiff"'
expect page.tif text_source '"ocr"'
expect page.tif docno '"淄财预〔2021〕15号"'
drop "$STAGE/photo.jpg" photo.jpeg
wait_for -t 120 "photo.jpeg registered" registered photo.jpeg
expect photo.jpeg format '"jpeg"'
expect photo.jpeg docno '"淄财预〔2021〕15号"'
assert_fsck
stop_daemon
