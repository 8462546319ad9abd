#!/bin/bash
# quarantine.sh: what docketd must refuse lands in quarantine/NAME with a
# NAME.reason of exactly one line naming the cause, and nothing is
# registered for it: a symbolic link (its target untouched), a FIFO, an
# empty file, a file over max_size (1K from a config file; exactly 1K is
# still taken), an unsupported .docx, a file nested below an agency
# folder; two refused files of the same name are kept apart.  The daemon
# stays up and goes on registering documents.
# (rescan = 1s: a file nested too deep is found by the rescan.)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init quarantine

Q=$ROOT/quarantine
CONF=$T_TMP/q.conf
write_config "$CONF" "max_size = 1K" "rescan = 1s" "settle = 300ms"

# check_q NAME ERE...: NAME and NAME.reason in quarantine/, the reason one
# line matching every ERE (case-insensitive).
check_q() {
	local name=$1 r re

	shift
	wait_for "quarantine/$name" exists "$Q/$name"
	wait_for "quarantine/$name.reason" test -f "$Q/$name.reason"
	r=$Q/$name.reason
	assert_eq 1 "$(wc -l <"$r" | tr -d ' ')" "newlines in $name.reason"
	[ -z "$(tail -c 1 "$r" | tr -d '\n')" ] ||
	    fail "$name.reason does not end with its one newline"
	for re; do
		grep -qiE -- "$re" "$r" ||
		    fail "$name.reason does not match /$re/: $(cat "$r")"
	done
	note "$name: $(cat "$r")"
}

start_daemon -c "$CONF"

step "a valid document first (the control)"
drop_doc control.txt
sha_control=$DOC_SHA
wait_for "control.txt to be registered" has_sha "$sha_control"

step "drop the refusals"
# symbolic link to a valid document outside intake/
stage_doc target.txt
sha_target=$DOC_SHA
ln -s "$STAGE/target.txt" "$INTAKE/link.txt" || fail "ln -s"
# FIFO
mkfifo "$INTAKE/pipe.txt" || fail "mkfifo"
# empty file, written in place
: >"$INTAKE/empty.txt"
# over max_size (1K), handed off by rename
make_doc "$STAGE/big.txt" body="$(printf '为进一步规范管理%.0s' $(seq 60))"
sha_big=$DOC_SHA
[ "$DOC_SIZE" -gt 1024 ] || fail "big.txt is only $DOC_SIZE bytes"
mv "$STAGE/big.txt" "$INTAKE/big.txt"
# a docx that is no zip
printf 'PK\003\004 not really a docx\n' >"$STAGE/report.docx"
sha_docx=$(sha_of "$STAGE/report.docx")
mv "$STAGE/report.docx" "$INTAKE/report.docx"
# a format nobody reads (no reader, no [extract] command)
printf 'binary\n' >"$STAGE/drawing.dwg"
sha_dwg=$(sha_of "$STAGE/drawing.dwg")
mv "$STAGE/drawing.dwg" "$INTAKE/drawing.dwg"
# nested below an agency folder
mkdir -p "$INTAKE/zbedu/sub"
make_doc "$INTAKE/zbedu/sub/deep.txt"
sha_deep=$DOC_SHA
# the same name refused twice (the second from an agency folder)
: >"$STAGE/empty.txt"
mkdir -p "$INTAKE/zbfin"
mv "$STAGE/empty.txt" "$INTAKE/zbfin/empty.txt"

step "each lands in quarantine with its reason"
check_q link.txt '符号链接'
check_q pipe.txt 'FIFO|named pipe'
check_q big.txt '文件过大' '1024'
check_q report.docx 'zip'
check_q drawing.dwg '不支持的文件格式' '\.dwg'
check_q deep.txt '目录层级过深' 'zbedu/sub/deep\.txt'
check_q empty.txt '空文件'
check_q empty.txt.1 '空文件'

step "what was quarantined is kept as it was"
[ -L "$Q/link.txt" ] || fail "quarantine/link.txt is not the symbolic link itself"
assert_eq "$STAGE/target.txt" "$(readlink "$Q/link.txt")" "target of the quarantined link"
assert_file "$STAGE/target.txt" "the link's target"
assert_eq "$sha_target" "$(sha_of "$STAGE/target.txt")" "content of the link's target"
[ -p "$Q/pipe.txt" ] || fail "quarantine/pipe.txt is not the FIFO"
[ -f "$Q/empty.txt" ] && [ ! -s "$Q/empty.txt" ] || fail "quarantine/empty.txt"
[ -f "$Q/empty.txt.1" ] && [ ! -s "$Q/empty.txt.1" ] || fail "quarantine/empty.txt.1"
assert_eq "$sha_big" "$(sha_of "$Q/big.txt")" "content of quarantined big.txt"
assert_eq "$sha_docx" "$(sha_of "$Q/report.docx")" "content of quarantined report.docx"
assert_eq "$sha_dwg" "$(sha_of "$Q/drawing.dwg")" "content of quarantined drawing.dwg"
assert_eq "$sha_deep" "$(sha_of "$Q/deep.txt")" "content of quarantined deep.txt"

step "nothing registered for them; intake/ and spool/ empty"
for s in "$sha_target" "$sha_big" "$sha_docx" "$sha_dwg" "$sha_deep"; do
	has_sha "$s" && fail "a refused file was registered (sha256 $s)"
done
assert_eq 1 "$(rec_count)" "records (only control.txt)"
assert_eq 0 "$(find "$INTAKE" ! -type d | wc -l)" "files left under intake/"
wait_for "spool/ to be empty" spool_empty
assert_eq 8 "$(ctl status --json | jq .waiting.quarantine)" \
    "status .waiting.quarantine (reasons not counted)"

step "max_size is inclusive: exactly 1024 bytes is taken"
make_doc "$STAGE/exact.txt" body="按规定办理。"
[ "$DOC_SIZE" -le 1024 ] || fail "exact.txt is already $DOC_SIZE bytes"
head -c $((1024 - DOC_SIZE)) /dev/zero | tr '\0' '\n' >>"$STAGE/exact.txt"
assert_eq 1024 "$(size_of "$STAGE/exact.txt")" "size of exact.txt"
sha_exact=$(sha_of "$STAGE/exact.txt")
mv "$STAGE/exact.txt" "$INTAKE/exact.txt"

step "the daemon is still up and registering"
assert_daemon_alive "after the refusals"
drop_doc after.txt
wait_for "after.txt to be registered" has_sha "$DOC_SHA"
wait_for "exact.txt to be registered" has_sha "$sha_exact"
assert_eq 1024 "$(field "$sha_exact" size)" "size of the exact.txt record"
assert_eq 3 "$(rec_count)" "records at the end"
assert_eq 0 "$(find "$Q" -name 'exact.txt*' | wc -l)" "exact.txt in quarantine/"
stop_daemon
assert_fsck
note "ok"
