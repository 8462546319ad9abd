#!/bin/bash
# hostile_names.sh: names with control characters never reach a log line
# or a terminal raw (issue 14, defect 7).
#  - a file name with a newline is registered, and the log shows it quoted
#    as git quotes paths ("a\nb.txt"), so no log line is forged;
#  - an agency folder named \x01ag\x1b[31m, or with bytes that are not
#    UTF-8, is no agency: its files go to quarantine with the reason
#    (机关目录名含控制字符或非 UTF-8), and no record names it;
#  - docketctl's human output (list, versions, show, quarantine list and
#    show) prints no control character; --json keeps the exact name.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init hostile_names

# has_ctl FILE: FILE holds a control character other than newline.
has_ctl() {
	LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n' <"$1")
}

start_daemon
step "a file name with a newline"
drop_doc $'a\nb.txt'
wait_for "the document" records_are 1
wait_for "spool/ to empty" spool_empty
assert_log 'a\nb.txt'
# Every line of the log is one of docketd's (starts with a date).
bad=$(grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' "$LOG")
assert_eq 0 "$bad" "log lines that do not start with a time stamp"
id=$(ctl list --json | jq -r '.[0].id')
assert_eq $'a\nb.txt' "$(field "$id" source_name)" "source_name (--json)"
ctl versions "$id" >"$T_TMP/versions" || fail "versions"
grep -qF '"a\nb.txt"' "$T_TMP/versions" ||
    fail "versions does not show the name quoted: $(cat "$T_TMP/versions")"

step "a title with an escape sequence"
drop_doc t.txt title=$'关于\x1b[31m红色\x07的通知'
wait_for "the second document" records_are 2
ctl list >"$T_TMP/list" || fail "list"
has_ctl "$T_TMP/list" && fail "list prints a control character: $(cat -v "$T_TMP/list")"
for d in $(ctl list --json | jq -r '.[].id'); do
	ctl show "$d" >"$T_TMP/show" || fail "show $d"
	has_ctl "$T_TMP/show" &&
	    fail "show $d prints a control character: $(cat -v "$T_TMP/show")"
done

step "agency folders with control characters or bytes that are not UTF-8"
bad1=$'\x01ag\x1b[31m'
bad2=$'\xb9\xab\xce\xc4'
drop_doc x1.txt agency="$bad1"
drop_doc x2.txt agency="$bad2"
drop_doc ok.txt agency=财政局
wait_for "the good agency's document" records_are 3
two_quarantined() {
	[ "$(ctl quarantine list --json | jq length)" -eq 2 ]
}
wait_for "two files in quarantine" two_quarantined
assert_eq 3 "$(rec_count)" "records"
assert_eq '["财政局"]' "$(ctl list --json | jq -c '[.[].agency | select(. != null)] | unique')" \
    "agencies of the records"
ctl quarantine list --json | jq -r '.[].reason' >"$T_TMP/reasons"
assert_eq 2 "$(grep -c '机关目录名含控制字符或非 UTF-8' "$T_TMP/reasons")" \
    "quarantine reasons naming the agency folder"
ctl quarantine list >"$T_TMP/qlist" || fail "quarantine list"
has_ctl "$T_TMP/qlist" &&
    fail "quarantine list prints a control character: $(cat -v "$T_TMP/qlist")"
for n in 1 2; do
	ctl quarantine show "$n" >"$T_TMP/qshow" || fail "quarantine show $n"
	has_ctl "$T_TMP/qshow" &&
	    fail "quarantine show prints a control character: $(cat -v "$T_TMP/qshow")"
done
has_ctl "$LOG" && fail "the log holds a control character: $(cat -v "$LOG")"
assert_log '"\001ag\033[31m"'
assert_daemon_alive
stop_daemon
exit 0
