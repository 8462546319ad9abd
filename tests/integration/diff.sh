#!/bin/bash
# diff.sh: `docketctl diff DOC [V1 [V2]]`.  A record with one version has
# nothing to compare (exit 3, said in Chinese); with two, diff shows a
# unified diff of the extracted text between the versions' vault commits
# and the fields that changed (标题：旧 → 新); `diff DOC`, `diff DOC 2` and
# `diff DOC 1 2` are the same comparison, `2 1` the reverse; with three,
# the default is 2..3.  --json has the version rows, the hunks, a patch
# that turns version 1's text (docketctl text --version 1) into version
# 2's, and the changed fields with their raw values.  Bad numbers, a
# missing version and an unknown document are refused with their exit
# codes.  Colour only on a terminal (script(1)), and not with NO_COLOR.
# `text` shows control characters on a terminal (^[), keeps them in a pipe.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init diff
need patch

start_daemon

step "one version: nothing to compare"
drop_doc a1.txt title="关于做好2024年防汛工作的通知" body="请各单位于六月底前完成防汛物资储备。"
sha1=$DOC_SHA
docno=$DOC_DOCNO
issuer=$DOC_ISSUER
wait_for "a1.txt to be registered" has_sha "$sha1"
id=$(field "$sha1" id)
run_rc ctl diff "$id"
assert_eq 3 "$RC" "diff of a record with one version: exit status"
assert_contains "$(cat "$T_TMP/err")" "只有一个版本" "the one-version message"
[ ! -s "$T_TMP/out" ] || fail "diff printed to stdout on an error: $(cat "$T_TMP/out")"

step "a second version: new title, a changed line"
drop_doc a2.txt docno="$docno" issuer="$issuer" title="关于做好2024年防汛抗旱工作的通知" \
    body="请各单位于五月底前完成防汛抗旱物资储备。"
sha2=$DOC_SHA
wait_for "a2.txt to be version 2" has_sha "$sha2"
assert_eq 2 "$(field "$id" version)" "version of $id"
ctl text "$id" --version 1 >"$T_TMP/t1" || fail "text --version 1"
ctl text "$id" --version 2 >"$T_TMP/t2" || fail "text --version 2"

run_rc ctl diff "$id"
assert_eq 0 "$RC" "diff $id: exit status"
cp "$T_TMP/out" "$T_TMP/d"
[ ! -s "$T_TMP/err" ] || fail "diff wrote to stderr: $(cat "$T_TMP/err")"
grep -q "^--- 第 1 版 .*a1.txt" "$T_TMP/d" || fail "no --- line for version 1: $(cat "$T_TMP/d")"
grep -q "^+++ 第 2 版 .*a2.txt" "$T_TMP/d" || fail "no +++ line for version 2"
grep -q "^@@ -[0-9]" "$T_TMP/d" || fail "no hunk header"
grep -qxF -- "-请各单位于六月底前完成防汛物资储备。" "$T_TMP/d" || fail "the old body line is not removed"
grep -qxF -- "+请各单位于五月底前完成防汛抗旱物资储备。" "$T_TMP/d" || fail "the new body line is not added"
grep -qxF -- "  标题：关于做好2024年防汛工作的通知 → 关于做好2024年防汛抗旱工作的通知" "$T_TMP/d" ||
    fail "the title change is not shown: $(cat "$T_TMP/d")"
grep -qF "来源文件：a1.txt → a2.txt" "$T_TMP/d" || fail "the source file change is not shown"
grep -q "版本：\|SHA-256：" "$T_TMP/d" && fail "diff lists the version's own fields"
grep -q $'\033' "$T_TMP/d" && fail "colour codes when stdout is not a terminal"
# Every removed and added line is a line of that version's text.
grep '^-[^-]' "$T_TMP/d" | cut -c2- | while IFS= read -r l; do
	grep -qxF -- "$l" "$T_TMP/t1" || fail "removed line not in version 1: $l"
done
grep '^+[^+]' "$T_TMP/d" | cut -c2- | while IFS= read -r l; do
	grep -qxF -- "$l" "$T_TMP/t2" || fail "added line not in version 2: $l"
done

step "the same comparison, asked three ways; and the reverse"
ctl diff "$id" 2 >"$T_TMP/d2" || fail "diff $id 2"
assert_same_file "$T_TMP/d" "$T_TMP/d2" "diff DOC vs diff DOC 2"
ctl diff "$id" 1 2 >"$T_TMP/d12" || fail "diff $id 1 2"
assert_same_file "$T_TMP/d" "$T_TMP/d12" "diff DOC vs diff DOC 1 2"
ctl diff "$docno" >"$T_TMP/dn" || fail "diff by docno"
assert_same_file "$T_TMP/d" "$T_TMP/dn" "diff by id vs by docno"
ctl diff "$id" 2 1 >"$T_TMP/d21" || fail "diff $id 2 1"
grep -qxF -- "+请各单位于六月底前完成防汛物资储备。" "$T_TMP/d21" || fail "reverse: the old line is not added"
grep -q "^--- 第 2 版" "$T_TMP/d21" || fail "reverse: --- is version 2"
grep -qF "标题：关于做好2024年防汛抗旱工作的通知 → 关于做好2024年防汛工作的通知" "$T_TMP/d21" ||
    fail "reverse: the title change"

step "--json"
ctl diff "$id" --json >"$T_TMP/j" || fail "diff --json"
assert_eq 1 "$(jq .from.version "$T_TMP/j")" "from.version"
assert_eq 2 "$(jq .to.version "$T_TMP/j")" "to.version"
assert_eq "$id" "$(jq -r .id "$T_TMP/j")" "id"
assert_eq "$docno" "$(jq -r .docno "$T_TMP/j")" "docno"
assert_eq "$(ctl versions "$id" --json | jq -c '.[1]')" "$(jq -c .to "$T_TMP/j")" "to is version 2's row"
assert_eq true "$(jq .text.changed "$T_TMP/j")" "text.changed"
assert_eq "$(grep -c '^+[^+]' "$T_TMP/d")" "$(jq .text.additions "$T_TMP/j")" "additions"
assert_eq "$(grep -c '^-[^-]' "$T_TMP/d")" "$(jq .text.deletions "$T_TMP/j")" "deletions"
assert_eq '"关于做好2024年防汛工作的通知" "关于做好2024年防汛抗旱工作的通知" "changed"' \
    "$(jq -r '.fields[] | select(.field == "title") | "\(.from|tojson) \(.to|tojson) \(.change|tojson)"' "$T_TMP/j")" \
    "the title in fields"
assert_eq 0 "$(jq '[.fields[] | select(.field == "version" or .field == "sha256" or .field == "commit")] | length' "$T_TMP/j")" \
    "the version's own fields are left out"
assert_eq "$(jq '[.text.hunks[].lines[] | select(.origin == "+")] | length' "$T_TMP/j")" \
    "$(jq .text.additions "$T_TMP/j")" "+ lines in hunks"
# The patch turns version 1's text into version 2's.
mkdir -p "$T_TMP/p/v1" && cp "$T_TMP/t1" "$T_TMP/p/text.txt"
jq -r .text.patch "$T_TMP/j" >"$T_TMP/p/patch"
(cd "$T_TMP/p" && patch -s -p1 <patch) || fail "the patch does not apply: $(cat "$T_TMP/p/patch")"
assert_same_file "$T_TMP/t2" "$T_TMP/p/text.txt" "version 1 + patch"

step "errors"
run_rc ctl diff "$id" 5
assert_eq 3 "$RC" "diff $id 5: exit status"
assert_contains "$(cat "$T_TMP/err")" "没有第 5 版（共 2 版" "the missing-version message"
run_rc ctl diff "$id" 1 7
assert_eq 3 "$RC" "diff $id 1 7: exit status"
run_rc ctl diff "$id" 1
assert_eq 2 "$RC" "diff $id 1: exit status"
assert_contains "$(cat "$T_TMP/err")" "第 1 版是最早的版本" "the first-version message"
run_rc ctl diff "$id" -1
assert_eq 2 "$RC" "diff $id -1 (an option to getopt): exit status"
for bad in abc 0 1.5 2x +1 ""; do
	run_rc ctl diff "$id" "$bad"
	assert_eq 2 "$RC" "diff $id '$bad': exit status"
	assert_contains "$(cat "$T_TMP/err")" "不是版本号" "the bad-number message for '$bad'"
done
run_rc ctl diff "$id" 2 2
assert_eq 2 "$RC" "diff $id 2 2: exit status"
assert_contains "$(cat "$T_TMP/err")" "两个版本号相同" "the same-version message"
run_rc ctl diff D999999
assert_eq 3 "$RC" "diff of an unknown document: exit status"
assert_contains "$(cat "$T_TMP/err")" "没有这个文件" "the unknown-document message"
run_rc ctl diff "$id" 1 2 3
assert_eq 2 "$RC" "diff with three versions given: exit status"

step "a third version: the default is 2..3; 1..3 spans both"
drop_doc a3.txt docno="$docno" issuer="$issuer" title="关于做好2024年防汛抗旱工作的通知" \
    body="请各单位于五月底前完成防汛抗旱物资储备。" extra="附件：防汛物资清单"
sha3=$DOC_SHA
wait_for "a3.txt to be version 3" has_sha "$sha3"
ctl diff "$id" >"$T_TMP/d3" || fail "diff after version 3"
grep -q "^--- 第 2 版" "$T_TMP/d3" || fail "the default is not 2..3"
grep -qF "标题：" "$T_TMP/d3" && fail "2..3 shows a title change"
grep -qxF -- "+附件：防汛物资清单" "$T_TMP/d3" || fail "2..3 lacks the added line: $(cat "$T_TMP/d3")"
ctl diff "$id" 1 3 --json >"$T_TMP/j13" || fail "diff 1 3"
assert_eq "1 3" "$(jq -r '"\(.from.version) \(.to.version)"' "$T_TMP/j13")" "1..3"
assert_eq 1 "$(jq '[.fields[] | select(.field == "title")] | length' "$T_TMP/j13")" "1..3 has the title change"

step "control characters in the text never reach the output raw"
drop_doc a4.txt docno="$docno" issuer="$issuer" title="关于做好2024年防汛抗旱工作的通知" \
    body=$'请各单位\033[2J于五月底前完成防汛抗旱物资储备。' extra="附件：防汛物资清单"
sha4=$DOC_SHA
wait_for "a4.txt to be version 4" has_sha "$sha4"
ctl diff "$id" >"$T_TMP/d4" || fail "diff 3 4"
grep -q $'\033' "$T_TMP/d4" && fail "an escape sequence of the text reached diff's output"
if ctl text "$id" | grep -q $'\033'; then
	grep -qF "+请各单位?[2J于五月底前" "$T_TMP/d4" || fail "the escape is not shown as ?: $(cat -v "$T_TMP/d4")"
	assert_eq 1 "$(ctl diff "$id" --json | jq '[.text.hunks[].lines[] | select(.text | contains("\u001b[2J"))] | length')" \
	    "--json keeps the text as it is"
else
	note "the reader dropped the escape: nothing to mask"
fi

step "text: control characters shown on a terminal, kept in a pipe"
ctl text "$id" >"$T_TMP/t4" || fail "text $id"
grep -q $'请各单位\033\\[2J于五月底前' "$T_TMP/t4" ||
    fail "text through a pipe is not the stored text: $(cat -v "$T_TMP/t4")"
if script -qec true /dev/null >/dev/null 2>&1; then
	TERM=xterm script -qec "$DOCKETCTL -r $ROOT text $id" /dev/null >"$T_TMP/ttyt" </dev/null ||
	    fail "text under script(1)"
	grep -q $'\033' "$T_TMP/ttyt" && fail "an escape sequence of the text reached the terminal: $(cat -v "$T_TMP/ttyt")"
	grep -qF "请各单位^[[2J于五月底前" "$T_TMP/ttyt" ||
	    fail "the escape is not shown as ^[ on a terminal: $(cat -v "$T_TMP/ttyt")"
	grep -qF "附件：防汛物资清单" "$T_TMP/ttyt" || fail "the rest of the text on a terminal"
else
	note "script(1) cannot make a terminal here: text on a terminal not checked"
fi

step "colour on a terminal only"
if script -qec true /dev/null >/dev/null 2>&1; then
	TERM=xterm script -qec "$DOCKETCTL -r $ROOT diff $id 1 2" /dev/null >"$T_TMP/tty" </dev/null ||
	    fail "diff under script(1)"
	grep -q $'\033\\[31m-请各单位于六月底前' "$T_TMP/tty" || fail "no red removed line on a terminal: $(cat -v "$T_TMP/tty")"
	grep -q $'\033\\[32m+请各单位于五月底前' "$T_TMP/tty" || fail "no green added line on a terminal"
	TERM=xterm NO_COLOR=1 script -qec "$DOCKETCTL -r $ROOT diff $id 1 2" /dev/null >"$T_TMP/tty2" </dev/null ||
	    fail "diff under script(1) with NO_COLOR"
	grep -q $'\033\\[3' "$T_TMP/tty2" && fail "colour with NO_COLOR set"
	TERM=xterm script -qec "$DOCKETCTL -r $ROOT diff $id 1 2 --json" /dev/null >"$T_TMP/tty3" </dev/null ||
	    fail "diff --json under script(1)"
	grep -q $'\033' "$T_TMP/tty3" && fail "colour in --json"
else
	note "script(1) cannot make a terminal here: colour not checked"
fi

stop_daemon
note "ok"
