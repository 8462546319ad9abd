#!/bin/bash
# formats.sh: every format through the real daemon.
#  - .docx, .ofd, .html (GB2312) and .pdf (pdftotext) are read, with their
#    fields; the same document in another format becomes the next version;
#  - an external extractor that is missing, fails or hangs sends the file
#    to quarantine with a reason naming the tool, and the daemon stays up;
#  - hostile containers (zip bomb, XML external entity, billion laughs,
#    entry named ../) go to quarantine with a reason;
#  - a .docx whose name is 255 bytes is read as docx (the spool name that
#    must shorten it keeps the extension).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init formats
need python3
need pdftotext poppler-utils
F=$DOCKET_TEST_DATA/formats
Q=$ROOT/quarantine

# drop FILE [NAME]: hand FILE over (copy to a dot-name, rename).
drop() {
	local name=${2:-$(basename "$1")}

	cp "$1" "$INTAKE/.$name" || fail "copy $1"
	mv "$INTAKE/.$name" "$INTAKE/$name" || fail "rename $name"
}

# registered NAME: a record's current version came from NAME.
registered() {
	ctl list --json | jq -e --arg n "$1" \
	    'map(select(.source_name == $n)) | length == 1' >/dev/null
}

# expect NAME KEY VALUE: field KEY of the record from NAME, jq -c style.
expect() {
	local got

	got=$(ctl list --json | jq -c --arg n "$1" --arg k "$2" \
	    '.[] | select(.source_name == $n) | .[$k]')
	assert_eq "$3" "$got" "$1: $2"
}

# quarantined NAME REGEX: NAME is in quarantine with a reason matching.
quarantined() {
	wait_for "quarantine/$1" test -f "$Q/$1.reason"
	assert_eq 1 "$(wc -l <"$Q/$1.reason" | tr -d ' ')" "lines of $1.reason"
	grep -qE -- "$2" "$Q/$1.reason" ||
	    fail "$1.reason does not match /$2/: $(cat "$Q/$1.reason")"
}

write_config "$T_TMP/docketd.conf" "settle = 200ms" "[extract]" \
    "pdf = pdftotext -enc UTF-8 %f -" "xps = /nonexistent/xpstool %f" \
    'slow = sh -c "sleep 30" %f' 'bad = sh -c "echo cannot read it >&2 && exit 3" %f' \
    "timeout = 1s"
start_daemon -c "$T_TMP/docketd.conf"

step "docx"
drop "$F/gongwen-pandoc.docx" notice.docx
wait_for "notice.docx registered" registered notice.docx
expect notice.docx format '"docx"'
expect notice.docx docno '"南环发〔2024〕27号"'
expect notice.docx issuer '"南湖市生态环境局"'
expect notice.docx title '"关于开展2024年度重点排污单位自行监测质量检查的通知"'
expect notice.docx signed_on '"2024-05-20"'
expect notice.docx disclosure '"public"'
expect notice.docx attachments '["2024年度自行监测质量检查表"]'
expect notice.docx domain '"生态环境"'
id=$(ctl list --json | jq -r '.[] | select(.source_name == "notice.docx") | .id')

step "the same document as OFD: version 2 of the same record"
drop "$F/gongwen.ofd" notice.ofd
wait_for "notice.ofd registered" registered notice.ofd
expect notice.ofd id "\"$id\""
expect notice.ofd version 2
expect notice.ofd format '"ofd"'
expect notice.ofd signed_on '"2024-05-20"'
expect notice.ofd disclosure '"public"'
assert_eq 2 "$(ctl history "$id" --json | jq '[.[] | select(.action ==
    "register" or .action == "version")] | length')" "versions of $id"

step "html in GB2312"
drop "$F/html-gb2312-housing.html" housing.html
wait_for "housing.html registered" registered housing.html
expect housing.html format '"html"'
expect housing.html docno '"青建发〔2023〕9号"'
expect housing.html issuer '"青川市住房和城乡建设局"'
expect housing.html signed_on '"2023-04-10"'
expect housing.html disclosure '"public"'
ctl text "$(ctl list --json | jq -r '.[] | select(.source_name == "housing.html") | .id')" |
    grep -q '老旧小区' || fail "housing.html: extracted text is not UTF-8 Chinese"

step "pdf through pdftotext (spaces around CJK undone)"
drop "$F/pdf-qc-notice.pdf" qc.pdf
wait_for "qc.pdf registered" registered qc.pdf
expect qc.pdf format '"pdf"'
expect qc.pdf docno '"青环发〔2024〕17号"'
expect qc.pdf issuer '"青川市生态环境局"'
expect qc.pdf signed_on '"2024-06-18"'
expect qc.pdf disclosure '"on_request"'
expect qc.pdf attachments '["排查整治工作方案"]'
ctl list --json | jq -e '.[] | select(.source_name == "qc.pdf") |
    .flags | index("missing_reason")' >/dev/null ||
    fail "qc.pdf: on_request without a reason is not flagged"

step "external extractors that fail: quarantine naming the tool"
printf 'x\n' >"$STAGE/a.xps"; drop "$STAGE/a.xps"
printf 'x\n' >"$STAGE/b.slow"; drop "$STAGE/b.slow"
printf 'x\n' >"$STAGE/c.bad"; drop "$STAGE/c.bad"
quarantined a.xps 'xpstool.*not found'
quarantined b.slow 'sh: timed out'
quarantined c.bad 'sh: exit status 3.*cannot read it'
assert_daemon_alive "after failing extractors"

step "hostile containers"
python3 - "$STAGE" <<'PY' || fail "making hostile fixtures"
import sys, zipfile, io
d = sys.argv[1]
def docx(path, xml, extra=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)
        for n, data in (extra or {}).items():
            z.writestr(n, data)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# 1 GiB of zeros inflating from about 1 MiB
with zipfile.ZipFile(d + "/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(1024):
            f.write(chunk)
docx(d + "/xxe.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document %s><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>' % W)
lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) + ']><w:document %s><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>' % W
docx(d + "/laughs.docx", lol)
docx(d + "/escape.docx", '<w:document %s/>' % W, {"../evil.txt": "x"})
PY
for f in bomb xxe laughs escape; do drop "$STAGE/$f.docx"; done
quarantined bomb.docx 'bomb|inflate|ratio|too large'
quarantined xxe.docx 'DTD|DOCTYPE|entit'
quarantined laughs.docx 'DTD|DOCTYPE|entit'
quarantined escape.docx '\.\./evil'
assert_daemon_alive "after hostile containers"
for f in bomb xxe laughs escape; do
	[ -f "$Q/$f.docx" ] || fail "quarantine/$f.docx is missing"
done
wait_for "spool/ empty" spool_empty

step "a .docx with a 255-byte name: the shortened spool name keeps .docx"
long=$(printf 'n%.0s' $(seq 250)).docx
assert_eq 255 "${#long}" "length of the long name"
cp "$F/gongwen-lo.docx" "$STAGE/long.docx" || fail "copy gongwen-lo.docx"
mv "$STAGE/long.docx" "$INTAKE/$long" || fail "rename to the 255-byte name"
long_is() {
	ctl list --json | jq -e --arg k "$1" --arg v "$2" \
	    'map(select(.source_name | startswith("nnnnnnnnnn") and
	    endswith(".docx"))) | length == 1 and .[0][$k] == $v' >/dev/null
}
wait_for "the 255-byte .docx to be registered" long_is format docx
[ ! -f "$Q/$long.reason" ] || fail "quarantined: $(cat "$Q/$long.reason")"
assert_fsck
stop_daemon
