#!/bin/bash
# quarantine_cmd.sh: docketctl quarantine.  Three refusals — a document
# over max_size (2K) dropped in intake/财政局/, one with an extension
# nothing reads (.xyz), one junk file — are listed (number, name, agency,
# reason, time; --json with stable keys) and shown by number or name; an
# unknown N exits 3, drop without --reason 2.  After the causes are fixed
# (max_size raised, an [extract] tool for .xyz; docketd restarted),
# retry N moves each back to intake/ — the big one into intake/财政局/ —
# and both get registered (the first with agency 财政局); drop N --reason
# removes the junk file and its reason.  Each action is one commit that
# appends one event (seq, actor root, action, reason, sha256, agency,
# cause) to the vault's quarantine/log.jsonl, committed before the file
# moved.  A drop recorded but cut short (the file back in quarantine with
# the same bytes, as after a crash between the commit and the unlink) is
# finished without a second event; a retry of a name that is gone exits
# 3.  A user outside the admin group gets exit 4 for retry and drop.  Reindex and verify are untroubled by the log.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init quarantine_cmd

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"

Q=$ROOT/quarantine
CONF=$T_TMP/q.conf
write_config "$CONF" "max_size = 2K" "settle = 200ms"
start_daemon -c "$CONF"
CTL_CONF=$CONF

qlog() {
	vault show main:quarantine/log.jsonl
}

# qn NAME: the number list gives NAME.
qn() {
	ctl quarantine list --json | jq -r --arg n "$1" '.[] | select(.name == $n) | .n'
}

step "three refusals"
make_doc "$STAGE/big.txt" body="$(printf '为进一步规范管理，加强统筹协调%.0s' $(seq 80))"
sha_big=$DOC_SHA
[ "$DOC_SIZE" -gt 2048 ] || fail "big.txt is only $DOC_SIZE bytes"
mkdir -p "$INTAKE/财政局"
mv "$STAGE/big.txt" "$INTAKE/财政局/big.txt"
make_doc "$STAGE/notice.xyz"
sha_xyz=$DOC_SHA
mv "$STAGE/notice.xyz" "$INTAKE/notice.xyz"
printf 'junk\n' >"$STAGE/junk.bin"
sha_junk=$(sha_of "$STAGE/junk.bin")
mv "$STAGE/junk.bin" "$INTAKE/junk.bin"
for f in big.txt notice.xyz junk.bin; do
	wait_for "$f in quarantine" test -f "$Q/$f.reason"
done
records_are 0 || fail "records: $(rec_count), expected 0"

step "list and show"
ctl quarantine list >"$T_TMP/list" || fail "quarantine list"
note "$(cat "$T_TMP/list")"
assert_contains "$(cat "$T_TMP/list")" "共 3 个隔离文件" "list's count line"
grep -F big.txt "$T_TMP/list" | grep -qF 财政局 ||
    fail "list: big.txt's line does not name 财政局"
ctl quarantine --json >"$T_TMP/lj" || fail "quarantine --json (list by default)"
assert_eq 3 "$(jq length "$T_TMP/lj")" "entries in list --json"
assert_eq "1 2 3" "$(jq -r '[.[].n] | join(" ")' "$T_TMP/lj")" "numbers"
assert_eq "财政局 big.txt" \
    "$(jq -r '.[] | select(.name == "big.txt") | "\(.agency) \(.source_name)"' "$T_TMP/lj")" \
    "agency and source of big.txt"
assert_eq null "$(jq -r '.[] | select(.name == "junk.bin") | .agency' "$T_TMP/lj")" \
    "agency of junk.bin"
assert_match "$(jq -r '.[] | select(.name == "big.txt") | .reason' "$T_TMP/lj")" \
    '文件过大' "reason of big.txt"
assert_match "$(jq -r '.[0].time' "$T_TMP/lj")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)$' \
    "time is RFC 3339"
nb=$(qn big.txt)
ctl quarantine show "$nb" >"$T_TMP/show" || fail "quarantine show $nb"
assert_contains "$(cat "$T_TMP/show")" "intake/财政局/big.txt" "show: where it came from"
assert_contains "$(cat "$T_TMP/show")" "文件过大" "show: the reason"
assert_contains "$(cat "$T_TMP/show")" "$(size_of "$Q/big.txt") 字节" "show: the size"
assert_eq "$nb" "$(ctl quarantine show big.txt --json | jq .n)" "show by name"
assert_rc 3 "show of an unknown N" ctl quarantine show 99
assert_rc 2 "drop without --reason" ctl quarantine drop "$(qn junk.bin)"
assert_rc 2 "an unknown subcommand" ctl quarantine frobnicate 1
assert_rc 2 "-o goes with export, not quarantine" ctl quarantine list -o x

step "retry and drop are for root or the admin group"
nobody=$(getent passwd 65534 | cut -d: -f1)
need setpriv util-linux
if ! getent group docket | awk -F: -v u="${nobody:-?}" '
    { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) f = 1 }
    $3 == 65534 { f = 1 } END { exit !f }'; then
	chmod o+x "$T_TMP" "$ROOT" && chmod o+r "$CONF" || fail "chmod for uid 65534"
	for a in "retry 1" "drop 1 --reason x"; do
		assert_rc 4 "quarantine $a as uid 65534" setpriv --reuid=65534 \
		    --regid=65534 --clear-groups "$DOCKETCTL" -r "$ROOT" -c "$CONF" \
		    quarantine $a
		assert_contains "$(cat "$T_TMP/err")" \
		    "权限不足：仅限 root 或 docket 组的成员" "quarantine $a as uid 65534"
	done
	assert_eq 3 "$(ctl quarantine list --json | jq length)" "entries after the denied requests"
else
	note "uid 65534 cannot be used here; skipped"
fi

step "fix the causes: max_size raised, an extractor for .xyz"
stop_daemon
write_config "$CONF" "max_size = 1M" "settle = 200ms" "[extract]" "xyz = cat %f"
start_daemon -c "$CONF"
c0=$(vault rev-list --count main)

step "retry both"
ctl quarantine retry "$(qn big.txt)" >"$T_TMP/r1" || fail "retry big.txt: $(cat "$T_TMP/r1")"
assert_contains "$(cat "$T_TMP/r1")" "intake/财政局/big.txt" "retry's output"
wait_for "big.txt registered after the retry" has_sha "$sha_big"
assert_eq 财政局 "$(field "$sha_big" agency)" "agency of the retried big.txt"
assert_gone "$Q/big.txt" "quarantine/big.txt"
assert_gone "$Q/big.txt.reason" "quarantine/big.txt.reason"
ctl quarantine retry notice.xyz --reason "已配置 xyz 读取工具" >/dev/null ||
    fail "retry notice.xyz"
wait_for "notice.xyz registered after the retry" has_sha "$sha_xyz"
# No intake folder and no [agency] mapping its issuer: no agency.
assert_eq null "$(field "$sha_xyz" agency)" "agency of notice.xyz (no folder, no [agency])"

step "drop the junk"
ctl quarantine drop "$(qn junk.bin)" --reason "无用文件" >/dev/null || fail "drop junk.bin"
assert_gone "$Q/junk.bin" "quarantine/junk.bin"
assert_gone "$Q/junk.bin.reason" "quarantine/junk.bin.reason"
assert_eq 0 "$(ctl quarantine list --json | jq length)" "entries after retry and drop"
assert_eq 0 "$(ctl status --json | jq .waiting.quarantine)" "status: quarantine"

step "the events in the vault"
qlog >"$T_TMP/qlog" || fail "no quarantine/log.jsonl in the vault"
assert_eq 3 "$(wc -l <"$T_TMP/qlog" | tr -d ' ')" "lines of quarantine/log.jsonl"
assert_eq "1 2 3" "$(jq -rs '[.[].seq] | map(tostring) | join(" ")' "$T_TMP/qlog")" "seq"
assert_eq "quarantine_retry root big.txt 财政局 $sha_big intake/财政局/big.txt" \
    "$(jq -r 'select(.name == "big.txt") | "\(.action) \(.actor) \(.name) \(.agency) \(.sha256) \(.to)"' "$T_TMP/qlog")" \
    "the retry event of big.txt"
assert_match "$(jq -r 'select(.name == "big.txt") | .cause' "$T_TMP/qlog")" '文件过大' \
    "the cause kept in the event"
assert_eq "quarantine_retry 已配置 xyz 读取工具" \
    "$(jq -r 'select(.name == "notice.xyz") | "\(.action) \(.reason)"' "$T_TMP/qlog")" \
    "the retry event of notice.xyz"
assert_eq "quarantine_drop 无用文件 $sha_junk null" \
    "$(jq -r 'select(.name == "junk.bin") | "\(.action) \(.reason) \(.sha256) \(.to)"' "$T_TMP/qlog")" \
    "the drop event of junk.bin"
vault log --format=%s main | grep -qF "quarantine_drop junk.bin by root" ||
    fail "no commit for the drop"
# one commit per action (besides the registrations)
assert_eq 3 "$(vault log --format=%s "main" -n $(( $(vault rev-list --count main) - c0 )) | grep -c '^quarantine_')" \
    "quarantine commits"

step "a drop cut short by a crash is finished without a second event"
printf 'junk\n' >"$Q/junk.bin"
printf 'refused (at 2026-01-01T00:00:00+0000, from intake/junk.bin)\n' >"$Q/junk.bin.reason"
c1=$(vault rev-list --count main)
ctl quarantine drop junk.bin --reason "无用文件" >/dev/null || fail "drop junk.bin again"
assert_gone "$Q/junk.bin" "quarantine/junk.bin after the second drop"
assert_eq "$c1" "$(vault rev-list --count main)" "commits after finishing the drop"
assert_eq 3 "$(qlog | wc -l | tr -d ' ')" "lines of quarantine/log.jsonl"
assert_rc 3 "retry of a name not in quarantine" ctl quarantine retry big.txt

step "reindex and verify"
ctl reindex >/dev/null || fail "reindex"
assert_eq 2 "$(rec_count)" "records after reindex"
ctl verify >/dev/null || fail "verify: $(ctl verify 2>&1 | tail -3)"
assert_fsck
stop_daemon
