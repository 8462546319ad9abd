#!/bin/bash
# longname.sh: a file's original name and its agency folder survive
# whatever their length.  A spool name is "<ms>-<seq>#<agency>#<name>"
# and must fit 255 bytes, so for a long name the claim first writes a
# note of the whole name (spool/.meta/, spoolmeta.c).  Checked: a 255-byte
# .docx name in a 240-byte agency folder is read as docx and registered
# with its whole name and agency; a bad file of such a name is
# quarantined, its reason names the whole path, and a retry puts it back
# under that path; no note is left behind; a note without its file (a
# crash between the note and the rename) is removed at start.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init longname

CONF=$T_TMP/l.conf
write_config "$CONF" "settle = 300ms"
start_daemon -c "$CONF"

# NAME_OF BYTES EXT: a name of CJK characters padded with ASCII to BYTES.
name_of() {
	python3 -c '
import sys
n, ext = int(sys.argv[1]), sys.argv[2]
s = "关于印发政务公开工作要点的通知"
out = ""
while len((out + s[len(out) % len(s)] + ext).encode()) <= n:
    out += s[len(out) % len(s)]
out += "x" * (n - len((out + ext).encode()))
print(out + ext)' "$1" "$2"
}
AG=$(name_of 240 "")
NAME=$(name_of 255 .docx)
assert_eq 255 "$(printf %s "$NAME" | wc -c | tr -d ' ')" "name length"
assert_eq 240 "$(printf %s "$AG" | wc -c | tr -d ' ')" "agency length"

step "a 255-byte .docx name in a 240-byte agency folder"
mkdir -p "$INTAKE/$AG"
cp "$DOCKET_TEST_DATA/formats/gongwen-pandoc.docx" "$STAGE/d.docx"
sha=$(sha_of "$STAGE/d.docx")
mv "$STAGE/d.docx" "$INTAKE/$AG/$NAME"
wait_for "the docx to be registered" has_sha "$sha"
assert_eq "$NAME" "$(field "$sha" source_name)" "source_name"
assert_eq "$AG" "$(field "$sha" agency)" "agency"
assert_eq docx "$(field "$sha" format)" "format"
wait_for "spool/ to empty" spool_empty
[ -z "$(ls -A "$ROOT/spool/.meta" 2>/dev/null)" ] ||
    fail "notes left in spool/.meta: $(ls -A "$ROOT/spool/.meta")"

step "a bad file of a long name: quarantined, and retried to its place"
BAD=$(name_of 255 .txt)
printf 'a\0b' >"$STAGE/bad"
mv "$STAGE/bad" "$INTAKE/$AG/$BAD"
wait_for "the bad file in quarantine" sh -c "ls '$ROOT/quarantine' | grep -q '\.reason\$'"
r=$(cat "$ROOT"/quarantine/*.reason)
assert_contains "$r" "from intake/$AG/$BAD" "reason names the whole path"
[ -z "$(ls -A "$ROOT/spool/.meta" 2>/dev/null)" ] ||
    fail "notes left in spool/.meta after quarantine"
ctl quarantine list --json | jq -e --arg n "$BAD" \
    'map(select(.source_name == $n)) | length == 1' >/dev/null ||
    fail "quarantine list does not show the whole name: $(ctl quarantine list --json)"

n=$(ctl quarantine list --json | jq -r '.[0].n')
assert_rc 0 "quarantine retry" ctl quarantine retry "$n"
# Back under its whole name, then refused again with the same path.
wait_for "the retried file refused again" sh -c \
    "grep -qF 'from intake/$AG/$BAD' '$ROOT'/quarantine/*.reason 2>/dev/null"

step "a note without its file is removed at start"
stop_daemon
mkdir -p "$ROOT/spool/.meta"
echo '{"agency":"x","name":"y"}' >"$ROOT/spool/.meta/0000000000001-000001#x#y"
echo '{}' >"$ROOT/spool/.meta/.tmp-1"
start_daemon -c "$CONF"
wait_for "stale notes to go" gone "$ROOT/spool/.meta"
assert_log "removed 2 stale name note"
assert_daemon_alive
stop_daemon
assert_fsck
note "ok"
