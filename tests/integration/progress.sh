#!/bin/bash
# progress.sh: `verify` and `reindex` show progress on a terminal, like
# git, and nothing when stderr is not one.  On a terminal (script(1)),
# verify's stderr has a line per phase ending with its total and 完成
# (校验记录：100% (N/N 件)，完成。 with N the records), while its stdout
# (--json too) is what it is without a terminal; reindex's last line
# counts every commit of the vault (重建索引：100% (C/C 个提交)，完成。).
# Piped, both write nothing to stderr.  On the socket: a reindex request
# with "progress": true gets progress lines before its one answer, the
# last with done = total; without it, only the answer.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init progress
need script bsdutils
need python3

script -qec true /dev/null >/dev/null 2>&1 ||
    skip "script(1) cannot make a terminal here"

# tty CMD: run CMD (a shell command line) with a terminal as stdin,
# stdout and stderr; what the terminal showed, CRs kept, into $T_TMP/tty.
tty() {
	TERM=xterm script -qec "$1" /dev/null </dev/null >"$T_TMP/tty" ||
	    fail "under script(1): $1"
}
# last_line: the last state of the terminal's progress lines, each redraw
# (CR) on a line of its own, escape sequences removed.
lines() {
	tr '\r' '\n' <"$T_TMP/tty" | sed 's/\x1b\[K//g' | grep -v '^$'
}

start_daemon
step "an archive of several batches"
for i in $(seq 1 12); do
	drop_doc "p$i.txt"
	[ $((i % 4)) -eq 0 ] && wait_for "p$i.txt to be registered" has_sha "$DOC_SHA"
done
wait_for "p12.txt to be registered" has_sha "$DOC_SHA"
drop_doc p13.txt docno="$DOC_DOCNO" issuer="$DOC_ISSUER" body="补充通知如下。"
wait_for "p13.txt to be a new version" has_sha "$DOC_SHA"
n=$(rec_count)
commits=$(vault rev-list --count main)
assert_eq 12 "$n" "records"

step "verify, piped: no progress"
run_rc ctl verify
assert_eq 0 "$RC" "verify: exit status"
[ ! -s "$T_TMP/err" ] || fail "verify wrote to a piped stderr: $(cat "$T_TMP/err")"
cp "$T_TMP/out" "$T_TMP/verify.out"
ctl verify --json 2>"$T_TMP/err" | jq -S 'del(.messages)' >"$T_TMP/verify.json" ||
    fail "verify --json"
[ ! -s "$T_TMP/err" ] || fail "verify --json wrote to a piped stderr"

step "verify on a terminal"
tty "$DOCKETCTL -r $ROOT verify >$T_TMP/verify.tty.out"
lines >"$T_TMP/l"
grep -qxF "校验记录：100% ($n/$n 件)，完成。" "$T_TMP/l" ||
    fail "no final record line: $(cat -v "$T_TMP/l")"
grep -qxF "校验档案目录：100% ($n/$n 件)，完成。" "$T_TMP/l" ||
    fail "no final record directory line: $(cat -v "$T_TMP/l")"
grep -qxF "git fsck：完成。" "$T_TMP/l" || fail "no git fsck line: $(cat -v "$T_TMP/l")"
grep -q "校验记录：  0% (0/$n 件)" "$T_TMP/l" || fail "no first record line"
assert_same_file "$T_TMP/verify.out" "$T_TMP/verify.tty.out" "verify's stdout on a terminal"
tty "$DOCKETCTL -r $ROOT verify --json >$T_TMP/verify.tty.json"
jq -S 'del(.messages)' "$T_TMP/verify.tty.json" >"$T_TMP/vj" || fail "verify --json on a terminal is not JSON"
assert_same_file "$T_TMP/verify.json" "$T_TMP/vj" "verify --json with a terminal"
grep -qF "校验记录：100%" "$T_TMP/tty" || fail "no progress beside --json on a terminal"

step "reindex, piped: no progress"
ctl list --all --json >"$T_TMP/list.before" || fail "list before"
run_rc ctl reindex
assert_eq 0 "$RC" "reindex: exit status"
[ ! -s "$T_TMP/err" ] || fail "reindex wrote to a piped stderr: $(cat "$T_TMP/err")"
grep -q "^重建索引：从档案库重建 [0-9]* 件记录$" "$T_TMP/out" || fail "reindex's result line: $(cat "$T_TMP/out")"

step "reindex on a terminal"
tty "$DOCKETCTL -r $ROOT reindex"
lines >"$T_TMP/l"
grep -qxF "重建索引：100% ($commits/$commits 个提交)，完成。" "$T_TMP/l" ||
    fail "no final reindex line with $commits commits: $(cat -v "$T_TMP/l")"
grep -q "^重建索引：从档案库重建 [0-9]* 件记录$" "$T_TMP/l" || fail "the result after the progress"
ctl list --all --json >"$T_TMP/list.after" || fail "list after"
assert_same_file "$T_TMP/list.before" "$T_TMP/list.after" "list after a reindex with progress"

step "the socket: progress lines only when asked for"
sock=$ROOT/docketd.sock
[ -S "$sock" ] || fail "no control socket under $ROOT"
python3 - "$sock" >"$T_TMP/sock" <<'EOF' || fail "the socket exchange: $(cat "$T_TMP/sock")"
import json, socket, sys
def ask(args):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall((json.dumps({"proto": 1, "cmd": "reindex", "args": args}) + "\n").encode())
    f = s.makefile("rb")
    out = []
    while True:
        line = f.readline()
        if not line:
            break
        m = json.loads(line)
        out.append(m)
        if "ok" in m:
            break
    s.close()
    return out
with_p = ask({"progress": True})
prog = [m["progress"] for m in with_p[:-1]]
assert all("progress" in m and "ok" not in m for m in with_p[:-1]), with_p
assert with_p[-1].get("ok") is True, with_p[-1]
assert prog and prog[-1]["done"] == prog[-1]["total"] > 0, prog
assert all(a["done"] <= b["done"] for a, b in zip(prog, prog[1:])), prog
without = ask({})
assert len(without) == 1 and without[0].get("ok") is True, without
print(prog[-1]["total"])
EOF
assert_eq "$commits" "$(cat "$T_TMP/sock")" "total commits in the last progress line"

stop_daemon
assert_fsck
note "ok"
