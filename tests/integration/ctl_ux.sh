#!/bin/bash
# ctl_ux.sh: what docketctl shows a person (issue 13), against the real
# binaries and the corpus in tests/data/corpus:
#  - help: `docketctl help CMD`, `CMD --help` and `CMD -h` print that
#    command's usage only, for every command `docketctl help` lists;
#    `docketctl help` (in Chinese) wraps at 78 columns; an
#    unknown option or command is one line with a hint, exit 2; --version
#    on both programs; docketd -h exits 0;
#  - human output in Chinese: list, show, history, status carry the agreed
#    labels and never on_request, in_force, "registered from"; --json
#    keeps the English values;
#  - list: status and hold columns, a count line equal to the JSON length,
#    --status and --held filter, the due date with --review-due-before;
#    an unknown --agency (list and report) exits 3 naming the known ones;
#  - show: the hold reason, the repeal reason and the repealing document,
#    every marking and the decision when they conflict; --version N of
#    show and text, exit 3 for a version that is not there;
#  - history names the related document once per line;
#  - a hex prefix shorter than 8 digits: exit 2 and says so;
#  - CSV starts with a UTF-8 BOM;
#  - --json on every read command, verify, schedule and reindex, with no
#    epoch numbers; reindex's count equals status's;
#  - report --mail that queues nothing exits 1;
#  - a user who is neither root nor in the admin group gets "权限不足：
#    仅限 root 或 … 组的成员" and exit 4 for a change, and a word on
#    the group (not a raw EACCES) for a read (a real user, useradd).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init ctl_ux

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"
CORPUS=$DOCKET_TEST_DATA/corpus
[ -d "$CORPUS" ] || fail "no corpus in $CORPUS"
ENGLISH='on_request|in_force|undetermined|withheld|registered from|review_keep|no_marking'

# english FILE [EXTRA]: FILE, less the corpus' file names (which have
# English words), has an English value.
english() {
	sed -E 's/[0-9]{2}-[a-z0-9-]+\.[a-z]+//g' "$1" | grep -qE "$ENGLISH${2:+|$2}"
}

# one_line FILE: the file is exactly one line.
one_line() {
	[ "$(wc -l <"$1" | tr -d ' ')" -eq 1 ]
}

step "help, per command and for all"
assert_rc 0 "docketctl help" "$DOCKETCTL" help
cp "$T_TMP/out" "$T_TMP/help"
assert_rc 0 "docketctl -h" "$DOCKETCTL" -h
cmp -s "$T_TMP/out" "$T_TMP/help" || fail "docketctl -h differs from docketctl help"
CMDS=$(sed -n 's/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p' "$T_TMP/help")
[ "$(echo "$CMDS" | wc -w)" -ge 15 ] || fail "docketctl help lists too few commands: $CMDS"
for c in $CMDS; do
	assert_rc 0 "help $c" "$DOCKETCTL" help "$c"
	cp "$T_TMP/out" "$T_TMP/h1"
	assert_match "$(head -n 1 "$T_TMP/h1")" "^用法：docketctl $c( |\$)" "help $c: usage line"
	assert_eq 1 "$(grep -c '^用法：' "$T_TMP/h1")" "help $c: one usage"
	for o in $CMDS; do
		[ "$o" = "$c" ] && continue
		! grep -q "^用法：docketctl $o\\b" "$T_TMP/h1" || fail "help $c shows $o"
	done
	for h in --help -h; do
		assert_rc 0 "$c $h" "$DOCKETCTL" "$c" "$h"
		cmp -s "$T_TMP/out" "$T_TMP/h1" || fail "$c $h differs from help $c"
	done
done

# The help is wrapped at 78 display columns (CJK two), also between
# Chinese characters, never before closing punctuation nor after opening;
# the synopsis lines (usage) are as the table has them.
python3 - "$T_TMP/help" <<'PY' || fail "docketctl help wrapping: $(cat "$T_TMP/help")"
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
bad = [l for l in lines if w(l) > 78]
bad += [l for l in lines if l.lstrip()[:1] in tuple("，。、；：）》〕】")]
bad += [l for l in lines if l.rstrip()[-1:] in tuple("（《〔【")]
for l in bad:
    print("bad line:", l, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

step "unknown options and commands: one line and a hint, exit 2"
for c in $CMDS; do
	assert_rc 2 "$c --no-such-option" "$DOCKETCTL" "$c" --no-such-option
	one_line "$T_TMP/err" || fail "$c --no-such-option: not one line: $(cat "$T_TMP/err")"
	assert_contains "$(cat "$T_TMP/err")" "没有选项 --no-such-option" "$c: message"
	assert_contains "$(cat "$T_TMP/err")" "docketctl help $c" "$c: hint"
	[ -s "$T_TMP/out" ] && fail "$c --no-such-option printed on stdout"
done
assert_rc 2 "list -Z" "$DOCKETCTL" list -Z
one_line "$T_TMP/err" || fail "list -Z: not one line"
assert_rc 2 "an unknown command" "$DOCKETCTL" no-such-command
one_line "$T_TMP/err" || fail "unknown command: not one line: $(cat "$T_TMP/err")"
assert_contains "$(cat "$T_TMP/err")" "docketctl help" "unknown command: hint"
assert_rc 2 "help of an unknown command" "$DOCKETCTL" help no-such-command
one_line "$T_TMP/err" || fail "help no-such-command: not one line"
assert_rc 2 "a missing argument" "$DOCKETCTL" show
one_line "$T_TMP/err" || fail "show without DOC: not one line"
assert_contains "$(cat "$T_TMP/err")" "docketctl help show" "show without DOC: hint"

step "--version on both programs; docketd -h exits 0"
assert_rc 0 "docketctl --version" "$DOCKETCTL" --version
V=$(cat "$T_TMP/out")
assert_match "$V" '^docket [0-9]' "docketctl --version"
assert_rc 0 "docketd --version" "$DOCKETD" --version
assert_eq "$V" "$(cat "$T_TMP/out")" "docketd --version"
assert_rc 0 "docketd -h" "$DOCKETD" -h
assert_contains "$(cat "$T_TMP/out")" "usage: docketd" "docketd -h on stdout"
assert_rc 2 "docketd --no-such-option" "$DOCKETD" --no-such-option
# The default configuration both print is the same file (docketctl's help
# is in Chinese: "（默认 FILE）").
d1=$("$DOCKETD" -h | sed -n 's/.*(default \([^)]*docketd\.conf\)).*/\1/p')
d2=$("$DOCKETCTL" -h | sed -n 's/.*（默认 \(.*docketd\.conf\)）.*/\1/p')
[ -n "$d1" ] && assert_eq "$d1" "$d2" "default configuration of docketd and docketctl"

step "register the corpus"
put() {	# put FILE [AGENCY]
	local dir=$INTAKE

	[ -n "${2:-}" ] && dir=$INTAKE/$2
	mkdir -p "$dir"
	cp "$CORPUS/$1" "$dir/.$1" && mv "$dir/.$1" "$dir/$1" || fail "cannot drop $1"
}
start_daemon
put 02-finance-budget-public.txt zbfin
for f in 03-land-expropriation-on-request.txt 04-internal-workflow-withheld.txt \
    05-classified-urgent.txt 07-old-interim-measures.txt 11-conflicting-markings.txt \
    14-validity-years.txt; do
	put "$f"
done
wait_for "seven documents" records_are 7
put 06-regulation-validity-repeal.txt
wait_for "eight documents" records_are 8
wait_for "spool/ to be empty" spool_empty
ctl list --all --json >"$T_TMP/all.json" || fail "list --all --json"
id_of() {	# id_of DOCNO
	jq -r --arg d "$1" '.[] | select(.docno == $d) | .id' "$T_TMP/all.json"
}
NEW=$(id_of 淄政办发〔2021〕6号)
OLD=$(id_of 淄政办发〔2016〕12号)
[ -n "$NEW" ] && [ -n "$OLD" ] || fail "06 or 07 not registered"
assert_eq repealed "$(field "$OLD" status)" "$OLD repealed by $NEW"
P=$(jq -r '[.[] | select(.disclosure == "public" and .status == "in_force")][0].id' "$T_TMP/all.json")
[ "$P" != null ] || fail "no public document in force"

step "changes: hold, a manual repeal"
HOLD_WHY="行政复议期间暂停清理"
ctl hold "$P" --reason "$HOLD_WHY" >"$T_TMP/out" || fail "hold $P"
! english "$T_TMP/out" '\bhold\b' || fail "hold output in English: $(cat "$T_TMP/out")"
M=$(jq -r --arg p "$P" '[.[] | select(.status == "in_force" and .id != $p
    and .hold == false and .docno != null)][0].id' "$T_TMP/all.json")
REP_WHY="已被新规定替代"
ctl repeal "$M" --reason "$REP_WHY" >/dev/null || fail "repeal $M"
ctl list --all --json >"$T_TMP/all.json" || fail "list --all --json"
ctl status >"$T_TMP/st" || fail "status"
! english "$T_TMP/st" '\bby\b|document|\b(repeal|hold|register)\b' ||
    fail "status in English: $(cat "$T_TMP/st")"
grep -qF "$M" "$T_TMP/st" || fail "status: the last commit (the repeal of $M) not named"

step "list: labels, columns, count line"
ctl list >"$T_TMP/list" || fail "list"
ctl list --json >"$T_TMP/list.json" || fail "list --json"
head -n 1 "$T_TMP/list" | grep -q 状态 || fail "list has no status column: $(head -n 1 "$T_TMP/list")"
head -n 1 "$T_TMP/list" | grep -q 冻结 || fail "list has no hold column"
assert_eq "共 $(jq length "$T_TMP/list.json") 件" "$(tail -n 1 "$T_TMP/list")" "list count line"
assert_eq $(($(jq length "$T_TMP/list.json") + 2)) "$(wc -l <"$T_TMP/list" | tr -d ' ')" \
    "list lines: header, rows, count"
! english "$T_TMP/list" '\brepealed\b' || fail "English values in list: $(cat "$T_TMP/list")"
for l in 公开 依申请公开 不予公开 在用 已废止; do
	grep -q "$l" "$T_TMP/list" || fail "list lacks the label $l"
done
jq -e 'map(.disclosure) | index("on_request")' "$T_TMP/list.json" >/dev/null ||
    fail "list --json lost the English value on_request"
grep -q "^$P .*是" "$T_TMP/list" || fail "the held $P is not marked in list"

step "list --status, --held, --review-due-before"
for s in in_force repealed; do
	want=$(jq -r --arg s "$s" '[.[] | select(.status == $s) | .id] | join(" ")' "$T_TMP/all.json")
	assert_eq "$want" "$(ctl list --status "$s" --json | jq -r '[.[].id] | join(" ")')" "list --status $s"
	ctl list --status "$s" >"$T_TMP/ls" || fail "list --status $s"
	assert_eq "共 $(echo "$want" | wc -w) 件" "$(tail -n 1 "$T_TMP/ls")" "list --status $s: count"
done
assert_eq "$P" "$(ctl list --held --json | jq -r '[.[].id] | join(" ")')" "list --held"
ctl list --held >"$T_TMP/lh" || fail "list --held"
assert_eq "共 1 件" "$(tail -n 1 "$T_TMP/lh")" "list --held: count"
ctl list --review-due-before 2200-01-01 --json >"$T_TMP/due.json" || fail "list --review-due-before --json"
ctl list --review-due-before 2200-01-01 >"$T_TMP/due" || fail "list --review-due-before"
head -n 1 "$T_TMP/due" | grep -q 审查到期 || fail "no due column: $(head -n 1 "$T_TMP/due")"
[ "$(jq length "$T_TMP/due.json")" -gt 0 ] || fail "nothing due before 2200"
for id in $(jq -r '.[].id' "$T_TMP/due.json"); do
	d=$(jq -r --arg i "$id" '.[] | select(.id == $i) | .next_review' "$T_TMP/due.json")
	grep -q "^$id .*$d" "$T_TMP/due" || fail "due date $d of $id not in the row"
done
assert_eq "共 $(jq length "$T_TMP/due.json") 件" "$(tail -n 1 "$T_TMP/due")" "due list count"

step "an unknown agency: exit 3, the known ones listed"
assert_eq 1 "$(ctl list --agency zbfin --json | jq length)" "list --agency zbfin (the intake folder)"
assert_rc 3 "list --agency 无此单位" ctl list --agency 无此单位
assert_contains "$(cat "$T_TMP/err")" zbfin "list --agency 无此单位: known agencies"
one_line "$T_TMP/err" || fail "unknown agency: not one line"
assert_rc 3 "report review --agency 无此单位" ctl report review --agency 无此单位
assert_contains "$(cat "$T_TMP/err")" zbfin "report --agency 无此单位: known agencies"

step "show: labels, hold reason, repeal reason and repealing document"
for id in $(jq -r '.[].id' "$T_TMP/all.json"); do
	ctl show "$id" >"$T_TMP/show" || fail "show $id"
	! english "$T_TMP/show" || fail "English values in show $id: $(grep -E "$ENGLISH" "$T_TMP/show")"
	grep -q "$(label() { case $1 in public) echo 公开;; on_request) echo 依申请公开;;
	    withheld) echo 不予公开;; *) echo 待定;; esac; }; label "$(jq -r --arg i "$id" \
	    '.[] | select(.id == $i) | .disclosure' "$T_TMP/all.json")")" "$T_TMP/show" ||
	    fail "show $id lacks its disclosure label"
done
ctl show "$P" >"$T_TMP/show" || fail "show $P"
grep -qF "$HOLD_WHY" "$T_TMP/show" || fail "show $P lacks the hold reason"
ctl show "$M" >"$T_TMP/show" || fail "show $M"
grep -qF "$REP_WHY" "$T_TMP/show" || fail "show $M lacks the repeal reason"
ctl show "$OLD" >"$T_TMP/show" || fail "show $OLD"
grep -qF "$(field "$NEW" docno)" "$T_TMP/show" || fail "show $OLD lacks the repealing docno"
grep -qF "$(field "$NEW" title)" "$T_TMP/show" || fail "show $OLD lacks the repealing title"
C=$(jq -r '[.[] | select((.markings // []) | length > 1)][0].id' "$T_TMP/all.json")
if [ "$C" != null ]; then
	ctl show "$C" >"$T_TMP/show" || fail "show $C"
	for ph in $(ctl show "$C" --json | jq -r '.markings[].phrase'); do
		grep -qF "$ph" "$T_TMP/show" || fail "show $C lacks the marking $ph"
	done
	dec=$(field "$C" marking_decision)
	[ "$dec" = null ] || grep -qF "$dec" "$T_TMP/show" || fail "show $C lacks the marking decision"
else
	note "no record with conflicting markings (the reader's markings field): not checked"
fi

step "show and text --version N"
assert_eq 1 "$(ctl show "$P" --version 1 --json | jq .version)" "show --version 1"
assert_eq "$(field "$P" sha256)" "$(ctl show "$P" --version 1 --json | jq -r .sha256)" "show --version 1: sha256"
ctl text "$P" >"$T_TMP/t0" || fail "text $P"
ctl text "$P" --version 1 >"$T_TMP/t1" || fail "text $P --version 1"
cmp -s "$T_TMP/t0" "$T_TMP/t1" || fail "text --version 1 of a one-version document differs"
assert_rc 3 "show --version 99" ctl show "$P" --version 99
assert_rc 3 "text --version 99" ctl text "$P" --version 99
assert_rc 2 "show --version x" ctl show "$P" --version x

step "history: Chinese, each document named once a line"
for id in $(jq -r '.[].id' "$T_TMP/all.json"); do
	ctl history "$id" >"$T_TMP/hist" || fail "history $id"
	! english "$T_TMP/hist" '\b(register|repeal|hold)\b' ||
	    fail "English in history $id: $(cat "$T_TMP/hist")"
	grep -q 登记 "$T_TMP/hist" || fail "history $id has no 登记"
	! grep -qE '(D[0-9]{6}) / \1|- / D[0-9]' "$T_TMP/hist" || fail "history $id names a document twice: $(cat "$T_TMP/hist")"
done
ctl history "$OLD" >"$T_TMP/hist" || fail "history $OLD"
newdocno=$(field "$NEW" docno)
grep -qF "$newdocno" "$T_TMP/hist" || fail "history $OLD does not name $newdocno"
while IFS= read -r line; do
	n=$(grep -oF "$newdocno" <<<"$line" | wc -l)
	[ "$n" -le 1 ] || fail "history $OLD names $newdocno $n times: $line"
	! grep -qF "$NEW" <<<"${line#*$newdocno}" || fail "history $OLD names $NEW twice: $line"
done <"$T_TMP/hist"

step "a hash prefix shorter than 8 hex digits"
short=
for s in $(jq -r '.[].sha256' "$T_TMP/all.json"); do
	case ${s:0:6} in *[a-f]*) short=${s:0:6}; break ;; esac
done
[ -n "$short" ] || fail "no sha256 with a letter in its first 6 digits"
assert_rc 2 "show $short" ctl show "$short"
assert_contains "$(cat "$T_TMP/err")" "8 hex digits" "show $short: message"
one_line "$T_TMP/err" || fail "show $short: not one line"

step "CSV starts with a UTF-8 BOM"
for k in review compliance; do
	ctl report "$k" --format csv >"$T_TMP/r.csv" || fail "report $k --format csv"
	assert_eq efbbbf "$(head -c 3 "$T_TMP/r.csv" | od -An -tx1 | tr -d ' \n')" "BOM of report $k csv"
	[ "$(grep -c $'\xef\xbb\xbf' "$T_TMP/r.csv")" -eq 1 ] || fail "report $k csv: more than one BOM"
done

step "--json everywhere, RFC 3339 times, no epoch numbers"
for args in status list "list --all" "show $P" "history $P" "versions $P" "text $P" \
    verify schedule cleanup "cleanup --as-of 2100-01-01" "report review" "report compliance" \
    outbox quarantine "export --status in_force" "ingest --agency zbfin $CORPUS/12-joint-issuers.txt"; do
	# shellcheck disable=SC2086
	ctl $args --json >"$T_TMP/j" 2>"$T_TMP/e" || fail "$args --json: $(cat "$T_TMP/e")"
	jq -e . "$T_TMP/j" >/dev/null || fail "$args --json is not JSON: $(head -c 200 "$T_TMP/j")"
	assert_eq 0 "$(jq '[.. | numbers | select(. > 100000000)] | length' "$T_TMP/j")" \
	    "$args --json: epoch-like numbers"
done
wait_for "nine documents" records_are 9
# A joint document (联合发文): all its issuers on the 联合发文机关 line.
ctl show 淄民发〔2022〕33号 >"$T_TMP/joint" || fail "show the joint document"
grep -qE '^联合发文机关 +淄博市民政局.*淄博市财政局.*淄博市卫生健康委员会$' "$T_TMP/joint" ||
    fail "show: 联合发文机关 of the joint document: $(grep 发文机关 "$T_TMP/joint")"
assert_eq true "$(ctl verify --json | jq '.ok and (.problems == 0) and (.records > 0)')" "verify --json"

step "reindex counts what status counts"
ctl reindex --json >"$T_TMP/ri" || fail "reindex --json"
assert_eq "$(ctl status --json | jq .records)" "$(jq .indexed "$T_TMP/ri")" "reindex .indexed vs status .records"
ctl reindex >"$T_TMP/ri.txt" || fail "reindex"
grep -q " $(ctl status --json | jq .records) " "$T_TMP/ri.txt" || fail "reindex text lacks the count: $(cat "$T_TMP/ri.txt")"

step "report --mail that queues nothing exits 1"
assert_rc 1 "report review --mail without [mail]" ctl report review --mail
grep -q . "$T_TMP/err" || fail "report --mail: no word on stderr"

step "outbox: no address cut short, RFC 3339 times; a configured agency is known"
LONG="市政府办公室政务公开科（督查） <zhengwu.gongkai.ducha.weiyuanhui@zibo.example.gov.cn>"
CONF=$T_TMP/mail.conf
write_config "$CONF" "[mail]" "transport = sendmail" "sendmail = /bin/false" \
    "from = 政务公开办公室 <gongkai@example.gov.cn>" "retry_initial = 1h" "retry_max = 2h" \
    "" "[agency 财政局]" "secretary = 李秘书 <li@czj.example.gov.cn>" \
    "" "[report all]" "kind = compliance" "schedule = 0 3 1 1 *" \
    "recipients = $LONG" "catch_up = no"
stop_daemon
CTL_CONF=$CONF
start_daemon -c "$CONF"
assert_rc 0 "list --agency 财政局 (configured, no document)" ctl list --agency 财政局 --json
assert_eq 0 "$(jq length "$T_TMP/out")" "list --agency 财政局"
assert_rc 0 "report compliance --mail" ctl report compliance --mail
wait_for "a message in the outbox" eval '[ "$(ctl outbox --json | jq length)" -gt 0 ]'
ctl outbox >"$T_TMP/ob" || fail "outbox"
grep -qF "${LONG##*<}" "$T_TMP/ob" || fail "outbox cuts the address: $(cat "$T_TMP/ob")"
ctl outbox --json >"$T_TMP/ob.json" || fail "outbox --json"
for k in next_try created; do
	jq -e --arg k "$k" 'all(.[]; (.[$k] | type) == "string" and
	    (.[$k] | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)$")))' \
	    "$T_TMP/ob.json" >/dev/null || fail "outbox --json .$k is not RFC 3339: $(cat "$T_TMP/ob.json")"
done
assert_eq 0 "$(jq '[.. | numbers | select(. > 100000000)] | length' "$T_TMP/ob.json")" \
    "outbox --json: epoch-like numbers"

step "the man page has every command of the table"
MAN=$(dirname "${TESTLIB:-$0}")/../../doc/docketctl.8
[ -f "$MAN" ] || MAN=$(dirname "$0")/../../doc/docketctl.8
for c in $CMDS; do
	grep -qE "^\.(It )?(Xo )?Cm $c( |\$)|^\.It Cm $c|^\.Cm $c" "$MAN" || fail "docketctl(8) lacks the command $c"
done
# and every option a command's help lists
for o in $(for c in $CMDS; do "$DOCKETCTL" help "$c"; done |
    sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' | sort -u); do
	grep -qF "Fl \\-$o" "$MAN" || fail "docketctl(8) lacks the option --$o"
done

step "a user who is neither root nor admin"
need useradd passwd
need setpriv util-linux
U=dux$$
useradd -M -N -s /bin/false "$U" 2>/dev/null || skip "useradd $U failed"
trap 'rc=$?; userdel "$U" 2>/dev/null; (exit $rc); t_cleanup' EXIT
AS="setpriv --reuid=$U --regid=$(id -g "$U") --clear-groups"
chmod o+x "$T_TMP" "$ROOT"
if $AS test -x "$ROOT"; then
	assert_rc 4 "mark as $U" $AS "$DOCKETCTL" -r "$ROOT" mark "$P" withheld --reason x
	assert_match "$(cat "$T_TMP/err")" '权限不足：仅限 root 或 [^ ]+ 组的成员' "mark as $U: message"
	! grep -qi 'EACCES\|Permission denied$' "$T_TMP/err" || fail "raw EACCES: $(cat "$T_TMP/err")"
	assert_rc 4 "hold as $U" $AS "$DOCKETCTL" -r "$ROOT" hold "$P" --reason x
	assert_rc 4 "list as $U (no read access to db/)" $AS "$DOCKETCTL" -r "$ROOT" list
	assert_contains "$(cat "$T_TMP/err")" "group" "list as $U: says which group"
	one_line "$T_TMP/err" || fail "list as $U: not one line"
	assert_rc 4 "ingest as $U (no write access to intake/)" \
	    $AS "$DOCKETCTL" -r "$ROOT" ingest "$CORPUS/13-wrapped-halfwidth.txt"
	assert_contains "$(cat "$T_TMP/err")" "group" "ingest as $U: says which group"
else
	note "$U cannot reach $ROOT (a directory above it): not checked"
fi
note ok
