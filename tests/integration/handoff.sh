#!/bin/bash
# handoff.sh: the ways a drafting system hands a document to docketd.
#  - a file already in intake/ when docketd starts is taken;
#  - dot-name, then rename (the documented hand-off);
#  - link(2) into intake/ of a file written elsewhere on the same fs;
#  - written in place (taken once settled);
#  - intake/<agency>/NAME: the record's agency is the folder name, and
#    `list --agency` finds it (ASCII, CJK, and # % in folder names);
#  - ignored names (.x x.tmp x.part x~, dot folders) are left alone, even
#    when renamed in or present with an old mtime at start-up;
#  - a name without an extension; GB18030/CRLF and UTF-16LE/BOM files:
#    fields parsed, text in UTF-8, original.txt in the vault byte-exact.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init handoff

# check_record SHA NAME AGENCY: the record holding SHA came from NAME (and
# agency folder AGENCY, "null" for none: no [agency] section maps its
# issuer, so it has no agency) and has the generated fields.
check_record() {
	local sha=$1 name=$2 agency=$3 j

	j=$(ctl show "$sha" --json) || fail "$name: no record for sha256 $sha"
	assert_eq "$sha" "$(jq -r .sha256 <<<"$j")" "$name: sha256"
	assert_eq "$name" "$(jq -r .source_name <<<"$j")" "$name: source_name"
	assert_eq "$agency" "$(jq -r .agency <<<"$j")" "$name: agency"
	assert_eq txt "$(jq -r .format <<<"$j")" "$name: format"
	assert_eq 1 "$(jq -r .version <<<"$j")" "$name: version"
	assert_match "$(jq -r .id <<<"$j")" '^D[0-9]{6}$' "$name: id"
}

# check_fields SHA: docno, issuer, title and date as make_doc wrote them
# (DOC_* of the last make_doc).
check_fields() {
	local j

	j=$(ctl show "$1" --json) || fail "no record for $1"
	assert_eq "$DOC_DOCNO" "$(jq -r .docno <<<"$j")" "docno"
	assert_eq "$DOC_ISSUER" "$(jq -r .issuer <<<"$j")" "issuer"
	assert_eq "$DOC_TITLE" "$(jq -r .title <<<"$j")" "title"
	assert_eq "$DOC_DATE" "$(jq -r .signed_on <<<"$j")" "signed_on"
	assert_eq public "$(jq -r .disclosure <<<"$j")" "disclosure"
	assert_eq "$DOC_SIZE" "$(jq -r .size <<<"$j")" "size"
}

expected=0

step "files present before start-up (ignored names with an old mtime too)"
mkdir -p "$INTAKE" "$INTAKE/.staging"
make_doc "$INTAKE/before.txt"
sha_before=$DOC_SHA
ignored=".hidden.txt draft.txt.tmp upload.txt.part backup.txt~"
for n in $ignored; do
	make_doc "$INTAKE/$n"
	echo "$DOC_SHA" >"$T_TMP/sha.$n"
done
make_doc "$INTAKE/.staging/inside.txt"
touch -d '-1 hour' "$INTAKE"/* "$INTAKE"/.[!.]* "$INTAKE/.staging/inside.txt"
start_daemon
wait_for "before.txt to be registered" has_sha "$sha_before"
expected=$((expected + 1))
check_record "$sha_before" before.txt null
assert_gone "$INTAKE/before.txt" "before.txt after registration"
# The start-up scan saw every file in one pass: had the ignored names been
# candidates, their (old) mtime would have had them claimed with before.txt.
for n in $ignored; do
	assert_file "$INTAKE/$n" "ignored name $n present at start-up"
	assert_eq "$(cat "$T_TMP/sha.$n")" "$(sha_of "$INTAKE/$n")" \
	    "content of ignored $n"
	has_sha "$(cat "$T_TMP/sha.$n")" &&
	    fail "ignored file $n was registered"
done
assert_file "$INTAKE/.staging/inside.txt" "file in a dot folder"

step "dot-name, then rename"
drop_doc notice.txt
sha=$DOC_SHA
wait_for "notice.txt to be registered" has_sha "$sha"
expected=$((expected + 1))
check_record "$sha" notice.txt null
check_fields "$sha"
assert_gone "$INTAKE/notice.txt" "notice.txt after registration"
assert_gone "$INTAKE/.notice.txt" "the dot-name after the rename"
wait_for "spool/ to be empty" spool_empty

step "ignored names renamed into intake/ while running"
ignored_run=".run-hidden.txt run-draft.txt.tmp run-upload.txt.part run-backup.txt~"
for n in $ignored_run; do
	stage_doc "in-$n"
	echo "$DOC_SHA" >"$T_TMP/sha.$n"
	mv "$STAGE/in-$n" "$INTAKE/$n" || fail "mv $n"
done
mkdir "$INTAKE/.upload"
make_doc "$INTAKE/.upload/ready.txt"
sha_dotdir=$DOC_SHA
# A sentinel renamed in after them: once it is registered, the events of
# the ignored files (queued before its own) have been handled.
drop_doc sentinel.txt
wait_for "sentinel.txt to be registered" has_sha "$DOC_SHA"
expected=$((expected + 1))
for n in $ignored_run; do
	assert_file "$INTAKE/$n" "ignored name $n renamed in"
	has_sha "$(cat "$T_TMP/sha.$n")" && fail "ignored file $n was registered"
done
assert_file "$INTAKE/.upload/ready.txt" "file in a dot folder created later"
has_sha "$sha_dotdir" && fail "a file in a dot folder was registered"
assert_eq 0 "$(ctl status --json | jq -r .waiting.intake)" \
    "status .waiting.intake (ignored names do not count)"
assert_eq 0 "$(entries "$ROOT/quarantine")" "quarantine/ after ignored names"

step "link(2) hand-off: written outside intake/, linked in"
stage_doc linked.txt
sha=$DOC_SHA
ln "$STAGE/linked.txt" "$INTAKE/linked.txt" || fail "ln into intake"
wait_for "linked.txt to be registered" has_sha "$sha"
expected=$((expected + 1))
check_record "$sha" linked.txt null
check_fields "$sha"
assert_gone "$INTAKE/linked.txt" "linked.txt in intake/"
assert_file "$STAGE/linked.txt" "the writer's own link"
assert_eq "$sha" "$(sha_of "$STAGE/linked.txt")" "the writer's copy is untouched"
assert_eq 1 "$(stat -c %h "$STAGE/linked.txt")" \
    "link count of the writer's copy once docketd is done"

step "link(2) hand-off of an old file (taken without waiting to settle)"
stage_doc oldlink.txt
sha=$DOC_SHA
touch -d '-1 day' "$STAGE/oldlink.txt"
ln "$STAGE/oldlink.txt" "$INTAKE/oldlink.txt" || fail "ln into intake"
wait_for "oldlink.txt to be registered" has_sha "$sha"
expected=$((expected + 1))
check_record "$sha" oldlink.txt null

step "written in place"
make_doc "$INTAKE/inplace.txt"
sha=$DOC_SHA
wait_for "inplace.txt to be registered" has_sha "$sha"
expected=$((expected + 1))
check_record "$sha" inplace.txt null
check_fields "$sha"

step "agency folders"
# The folder exists before the drop, and one is created just before it.
mkdir "$INTAKE/zbedu"
drop_doc circular.txt agency=zbedu
sha_edu=$DOC_SHA
drop_doc report.txt agency=newfolder
sha_new=$DOC_SHA
drop_doc plan.txt agency=zbedu
sha_edu2=$DOC_SHA
wait_for "circular.txt in intake/zbedu to be registered" has_sha "$sha_edu"
wait_for "report.txt in a new folder to be registered" has_sha "$sha_new"
wait_for "plan.txt in intake/zbedu to be registered" has_sha "$sha_edu2"
expected=$((expected + 3))
check_record "$sha_edu" circular.txt zbedu
check_record "$sha_edu2" plan.txt zbedu
check_record "$sha_new" report.txt newfolder
got=$(ctl list --agency zbedu --json | jq -r '[.[].sha256] | sort | join(" ")')
want=$(printf '%s\n' "$sha_edu" "$sha_edu2" | sort | tr '\n' ' ' | sed 's/ $//')
assert_eq "$want" "$got" "list --agency zbedu"
assert_eq "$sha_new" "$(ctl list --agency newfolder --json | jq -r '.[].sha256')" \
    "list --agency newfolder"
assert_rc 3 "list --agency nosuchagency (unknown: exit 3)" ctl list --agency nosuchagency --json
assert_contains "$(cat "$T_TMP/err")" zbedu "the known agencies listed for nosuchagency"
assert_eq "$expected" "$(ctl list --json | jq '[.[] | select(.agency != "zbedu" and .agency != "newfolder")] | length + 3')" \
    "records with and without an agency folder"

step "agency folders with CJK names and # % in names"
drop_doc 通知.txt agency=淄博市教育局
sha_cjk=$DOC_SHA
drop_doc 'a#b%41.txt' agency='科#技%局'
sha_esc=$DOC_SHA
wait_for "a document in intake/淄博市教育局 to be registered" has_sha "$sha_cjk"
wait_for "a document in intake/科#技%局 to be registered" has_sha "$sha_esc"
expected=$((expected + 2))
check_record "$sha_cjk" 通知.txt 淄博市教育局
check_record "$sha_esc" 'a#b%41.txt' '科#技%局'
# The folder's name is also the generated documents' issuer: list --agency
# gives both, the folder's document among them.
assert_eq "$(ctl list --json | jq -c '[.[] | select(.agency == "淄博市教育局") | .sha256]')" \
    "$(ctl list --agency 淄博市教育局 --json | jq -c '[.[].sha256]')" "list --agency 淄博市教育局"
ctl list --agency 淄博市教育局 --json | jq -e --arg s "$sha_cjk" 'map(.sha256) | index($s)' >/dev/null ||
    fail "list --agency 淄博市教育局 lacks the folder's document"
assert_eq "$sha_esc" "$(ctl list --agency '科#技%局' --json | jq -r '.[].sha256')" \
    "list --agency 科#技%局"

step "a name without an extension, ending in a CJK character"
drop_doc 关于春季开学的通知
sha=$DOC_SHA
wait_for "关于春季开学的通知 to be registered" has_sha "$sha"
expected=$((expected + 1))
check_record "$sha" 关于春季开学的通知 null

step "GB18030 with CRLF, and UTF-16LE with a BOM"
# encoded NAME ENCODING: make_doc in UTF-8, convert it (CRLF line ends, a
# BOM for UTF-16), hand it off; check fields, text and the vault's bytes.
encoded() {
	local name=$1 enc=$2 u8 sha j id

	make_doc "$STAGE/$name.utf8"
	u8=$STAGE/$name.utf8
	if [ "$enc" = UTF-16LE ]; then
		{ printf '\377\376'; sed 's/$/\r/' "$u8" | iconv -f UTF-8 -t "$enc"; } >"$STAGE/$name"
	else
		sed 's/$/\r/' "$u8" | iconv -f UTF-8 -t "$enc" >"$STAGE/$name"
	fi || fail "iconv to $enc"
	sha=$(sha_of "$STAGE/$name")
	cp "$STAGE/$name" "$T_TMP/$name.orig"
	mv "$STAGE/$name" "$INTAKE/$name"
	wait_for "$name ($enc) to be registered" has_sha "$sha"
	expected=$((expected + 1))
	check_record "$sha" "$name" null
	j=$(ctl show "$sha" --json)
	id=$(jq -r .id <<<"$j")
	assert_eq "$DOC_DOCNO" "$(jq -r .docno <<<"$j")" "$name: docno"
	assert_eq "$DOC_TITLE" "$(jq -r .title <<<"$j")" "$name: title"
	assert_eq "$(size_of "$T_TMP/$name.orig")" "$(jq -r .size <<<"$j")" "$name: size"
	ctl text "$id" >"$T_TMP/$name.text" || fail "text of $name"
	assert_same_file "$u8" "$T_TMP/$name.text" "$name: extracted text (UTF-8, LF)"
	vault show "$(jq -r .commit <<<"$j"):$(vault_dir "$id")/original.txt" >"$T_TMP/$name.vault" ||
	    fail "$name: original.txt in the vault"
	assert_same_file "$T_TMP/$name.orig" "$T_TMP/$name.vault" "$name: original.txt (exact bytes)"
}
need iconv libc-bin
encoded gb18030.txt GB18030
encoded utf16.txt UTF-16LE

step "totals"
wait_for "spool/ to be empty" spool_empty
assert_eq "$expected" "$(rec_count)" "number of records"
assert_eq "$expected" "$(ctl list --json | jq '[.[].id] | unique | length')" \
    "distinct ids"
assert_eq 0 "$(entries "$ROOT/quarantine")" "quarantine/ at the end"
assert_daemon_alive
stop_daemon
for n in $ignored $ignored_run; do
	assert_file "$INTAKE/$n" "ignored $n after docketd stopped"
done
assert_fsck
note "ok: $expected documents handed off"
