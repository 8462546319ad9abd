#!/bin/bash
# control.sh: docketd's control socket and docketctl as its client.  The
# socket is ROOT/docketd.sock, mode 0660; schedule and reindex work for
# root.  A user who is neither root nor in the admin group (uid 65534,
# run by setpriv with no supplementary groups) cannot even connect through a 0660 socket (docketctl: exit 4,
# "权限不足：仅限 root 或 docket 组的成员"); through a socket opened to 0666 it may ping (admin false)
# but every change is refused: docketctl reindex exits 4 with
# "权限不足", a raw mark request gets code "denied", docketd
# logs the denial and the vault gets no commit.  Protocol: a request of
# another protocol version gets code "proto" and the connection goes on;
# docketctl refuses an answer of another protocol version (a fake server)
# with exit 1; malformed lines (not JSON, not an object, no cmd) get
# "malformed", an unknown command "usage", a line over 65536 bytes
# "too_big" and the connection is closed (65536 bytes with the LF still
# pass); pipelined requests are answered in order, also after the peer
# shut down its sending side; docketd survives all of it.
# docketctl usage errors, its own and the daemon's, exit 2.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init control

need python3
[ "$(id -u)" -eq 0 ] ||
    skip "needs root (the admin on the socket, setpriv to uid 65534)"
need setpriv util-linux
PY=$(command -v python3)

# raw.py SOCKET LINE...: one connection; each LINE is sent with an LF and
# one answer line read and printed ("EOF" once the server has closed).
# @big:N sends a ping request padded to N bytes; @pipe:N sends N pings in
# one write, then reads N answers; @shut shuts down the sending side (the
# answers to what was sent must still come); @eof? prints EOF when the
# server has closed the connection, OPEN when it has not (or sent more).
cat >"$T_TMP/raw.py" <<'EOF'
import os, socket, sys

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(float(os.environ.get("RAW_TIMEOUT", "20")))
s.connect(sys.argv[1])
buf = b""

def readline():
    global buf
    while b"\n" not in buf:
        try:
            d = s.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            d = b""
        if not d:
            rest, buf = buf, b""
            return rest.decode("utf-8", "replace") if rest else None
        buf += d
    line, buf = buf.split(b"\n", 1)
    return line.decode("utf-8", "replace")

for arg in sys.argv[2:]:
    if arg == "@eof?":
        print("EOF" if readline() is None else "OPEN")
        continue
    if arg == "@shut":
        s.shutdown(socket.SHUT_WR)
        continue
    if arg.startswith("@pipe:"):
        n = int(arg[6:])
        s.sendall(b'{"proto":1,"cmd":"ping"}\n' * n)
        for i in range(n):
            line = readline()
            print("EOF" if line is None else line, flush=True)
        continue
    if arg.startswith("@big:"):
        n = int(arg[5:])
        head = b'{"proto":1,"cmd":"ping","args":{"pad":"'
        tail = b'"}}'
        data = head + b"x" * (n - len(head) - len(tail)) + tail + b"\n"
    else:
        data = arg.encode("utf-8") + b"\n"
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    line = readline()
    print("EOF" if line is None else line, flush=True)
EOF

# fake.py SOCKET LOG: a server that logs every request line and answers it
# as if it spoke protocol 2.
cat >"$T_TMP/fake.py" <<'EOF'
import os, socket, sys

path, log = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path + ".tmp")
os.rename(path + ".tmp", path)
srv.listen(8)
while True:
    c, _ = srv.accept()
    for line in c.makefile("rb"):
        with open(log, "ab") as f:
            f.write(line)
        c.sendall(b'{"proto":2,"ok":true,"result":{}}\n')
    c.close()
EOF
chmod 644 "$T_TMP/raw.py" "$T_TMP/fake.py"

raw() {
	"$PY" "$T_TMP/raw.py" "$@"
}

# ans N: the Nth answer line of the last raw run (in $T_TMP/ans).
ans() {
	sed -n "${1}p" "$T_TMP/ans"
}

start_daemon
SOCK=$ROOT/docketd.sock

step "the socket"
[ -S "$SOCK" ] || fail "$SOCK is not a socket"
assert_eq 660 "$(stat -c %a "$SOCK")" "mode of $SOCK"
drop_doc c1.txt
sha1=$DOC_SHA
wait_for "c1.txt to be registered" has_sha "$sha1"
id1=$(field "$sha1" id)

step "schedule and reindex as root"
assert_rc 0 "docketctl schedule --json" ctl schedule --json
cp "$T_TMP/out" "$T_TMP/sched.json"
jq -e 'type == "object" and has("next_wake") and has("cleanup_schedule")
    and (.expiries | type == "array") and (.reviews | type == "array")' \
    "$T_TMP/out" >/dev/null || fail "schedule --json: $(cat "$T_TMP/out")"
assert_rc 0 "docketctl schedule" ctl schedule
assert_contains "$(cat "$T_TMP/out")" "$(jq -r .cleanup_schedule "$T_TMP/sched.json")" "schedule table"
assert_rc 0 "docketctl reindex" ctl reindex
assert_contains "$(cat "$T_TMP/out")" "$(ctl status --json | jq .records)" "reindex output (the record count)"
assert_rc 0 "docketctl reindex --json" ctl reindex --json
assert_eq 1 "$(jq .indexed "$T_TMP/out")" "reindex --json .indexed"
assert_eq "$id1" "$(field "$sha1" id)" "c1.txt's record after reindex"
raw "$SOCK" '{"proto":1,"cmd":"ping"}' >"$T_TMP/ans" || fail "raw ping"
assert_eq 'true 1 root true' "$(ans 1 | jq -r '"\(.ok) \(.result.proto) \(.result.user) \(.result.admin)"')" \
    "ping as root"

step "a user who is not admin"
nobody=$(getent passwd 65534 | cut -d: -f1)
if getent group docket | awk -F: -v u="${nobody:-?}" '
    $3 == 65534 { found = 1 }
    { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) found = 1 }
    END { exit !found }'; then
	skip "uid 65534 is in the admin group docket on this machine"
fi
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
# A python the user can run (pyenv's shims live under /root).
PYN=
for p in "$PY" "$("$PY" -c 'import sys; print(sys.executable)')" \
    /usr/bin/python3; do
	if $NOBODY "$p" -c '' >/dev/null 2>&1; then
		PYN=$p
		break
	fi
done
[ -n "$PYN" ] || fail "no python3 that uid 65534 can run (bash .ci/setup installs python3)"
# Only the way to the socket is opened, not its directory's listing.
chmod o+x "$T_TMP" "$ROOT" || fail "chmod o+x $T_TMP $ROOT"
$NOBODY test -S "$SOCK" ||
    skip "uid 65534 cannot reach $SOCK (a directory above $T_TMP)"
commits=$(vault rev-list --count main)

# (a) the socket as docketd made it: no way in, said as a permission.
assert_rc 4 "docketctl reindex as uid 65534 through a 0660 socket" \
    $NOBODY "$DOCKETCTL" -r "$ROOT" reindex
assert_contains "$(cat "$T_TMP/err")" "权限不足：仅限 root 或" \
    "docketctl's message through a 0660 socket"

# (b) the socket opened to all: connected, but not admin.
chmod 666 "$SOCK" || fail "chmod 666 $SOCK"
assert_rc 4 "docketctl reindex as uid 65534" \
    $NOBODY "$DOCKETCTL" -r "$ROOT" reindex
assert_contains "$(cat "$T_TMP/err")" "权限不足" \
    "docketctl's message for a non-admin reindex"
assert_eq "" "$(cat "$T_TMP/out")" "stdout of the denied reindex"
$NOBODY "$PYN" "$T_TMP/raw.py" "$SOCK" \
    "{\"proto\":1,\"cmd\":\"mark\",\"args\":{\"id\":\"$id1\",\"disclosure\":\"withheld\",\"reason\":\"x\"}}" \
    "{\"proto\":1,\"cmd\":\"repeal\",\"args\":{\"id\":\"$id1\",\"reason\":\"x\"}}" \
    '{"proto":1,"cmd":"cleanup_run"}' \
    '{"proto":1,"cmd":"ping"}' \
    '{"proto":1,"cmd":"schedule"}' >"$T_TMP/ans" ||
    fail "raw requests as uid 65534"
for n in 1 2 3; do
	assert_eq "false denied" "$(ans $n | jq -r '"\(.ok) \(.code)"')" \
	    "answer $n as uid 65534 ($(ans $n))"
	assert_match "$(ans $n | jq -r .error)" '^权限不足' \
	    "error of answer $n as uid 65534"
	assert_eq 1 "$(ans $n | jq .proto)" "proto of answer $n"
done
assert_eq "true false ${nobody:-uid 65534}" \
    "$(ans 4 | jq -r '"\(.ok) \(.result.admin) \(.result.user)"')" \
    "ping as uid 65534 ($(ans 4))"
assert_eq "true" "$(ans 5 | jq -r '.ok and (.result.expiries | type == "array")')" \
    "schedule as uid 65534 ($(ans 5))"
grep -F "reindex denied to" "$LOG" | grep -qF "uid 65534" ||
    fail "docketd's log has no reindex denial for uid 65534"
grep -F "mark denied to" "$LOG" | grep -qF "uid 65534" ||
    fail "docketd's log has no mark denial for uid 65534"
assert_eq "$commits" "$(vault rev-list --count main)" \
    "vault commits after the denied requests"
assert_eq in_force "$(field "$id1" status)" "status of $id1"
assert_ne withheld "$(field "$id1" disclosure)" "disclosure of $id1"
assert_eq 1 "$(ctl history "$id1" --json | jq '[.[] | select(.action !=
    "publish")] | length')" "events of $id1"
chmod 660 "$SOCK" || fail "chmod 660 $SOCK"

step "another protocol version, daemon side"
raw "$SOCK" '{"proto":2,"cmd":"ping"}' '{"proto":1,"cmd":"ping"}' \
    >"$T_TMP/ans" || fail "raw proto 2 request"
assert_eq "1 false proto" "$(ans 1 | jq -r '"\(.proto) \(.ok) \(.code)"')" \
    "answer to a proto 2 request ($(ans 1))"
assert_contains "$(ans 1 | jq -r .error)" "protocol version 2" \
    "error of a proto 2 request"
assert_eq "true 1" "$(ans 2 | jq -r '"\(.ok) \(.result.proto)"')" \
    "a proto 1 ping on the same connection ($(ans 2))"
raw "$SOCK" '{"cmd":"ping"}' '{"proto":"1","cmd":"ping"}' >"$T_TMP/ans" ||
    fail "raw requests without a protocol version"
assert_eq "false proto" "$(ans 1 | jq -r '"\(.ok) \(.code)"')" \
    "a request without proto ($(ans 1))"
assert_eq "false proto" "$(ans 2 | jq -r '"\(.ok) \(.code)"')" \
    "a request with proto as a string ($(ans 2))"

step "another protocol version, client side"
FAKE=$T_TMP/fake.sock
"$PY" "$T_TMP/fake.py" "$FAKE" "$T_TMP/fake.req" 2>"$T_TMP/fake.log" &
T_PIDS="$T_PIDS $!"
FPID=$!
wait_for "the fake server's socket" test -S "$FAKE"
write_config "$T_TMP/fake.conf" "root = $T_TMP/root2" "socket = $FAKE"
assert_rc 1 "docketctl schedule against a protocol 2 server" \
    "$DOCKETCTL" -c "$T_TMP/fake.conf" schedule
assert_contains "$(cat "$T_TMP/err")" "protocol 2" "docketctl's message"
assert_contains "$(cat "$T_TMP/err")" "protocol 1" "docketctl's message"
assert_eq "" "$(cat "$T_TMP/out")" "stdout against a protocol 2 server"
assert_eq '1 schedule' "$(jq -r '"\(.proto) \(.cmd)"' "$T_TMP/fake.req")" \
    "the request docketctl sent"
assert_rc 1 "docketctl reindex against a protocol 2 server" \
    "$DOCKETCTL" -c "$T_TMP/fake.conf" reindex
assert_contains "$(cat "$T_TMP/err")" "protocol 2" "docketctl's message (reindex)"
kill "$FPID" 2>/dev/null

step "malformed requests"
raw "$SOCK" 'not json' '[1,2]' '{"proto":1}' '{"proto":1,"cmd":""}' \
    '{"proto":1,"cmd":7}' '{"proto":1,"cmd":"ping","args":[1]}' \
    '{"proto":1,"cmd":"frobnicate"}' '{"proto":1,"cmd":"ping"}' \
    >"$T_TMP/ans" || fail "raw malformed requests"
assert_eq 8 "$(wc -l <"$T_TMP/ans" | tr -d ' ')" "answers to 8 requests"
i=0
for want in malformed malformed malformed malformed malformed malformed usage; do
	i=$((i + 1))
	assert_eq "1 false $want" "$(ans $i | jq -r '"\(.proto) \(.ok) \(.code)"')" \
	    "answer $i ($(ans $i))"
	assert_ne "" "$(ans $i | jq -r '.error // ""')" "error message of answer $i"
done
assert_contains "$(ans 7 | jq -r .error)" "frobnicate" "unknown command message"
assert_eq "true" "$(ans 8 | jq -r .ok)" "ping after the malformed requests"

step "a request line over 65536 bytes"
raw "$SOCK" '@big:70000' '@eof?' >"$T_TMP/ans" || fail "raw big request"
assert_eq "1 false too_big" "$(ans 1 | jq -r '"\(.proto) \(.ok) \(.code)"')" \
    "answer to a 70000-byte line ($(ans 1))"
assert_eq EOF "$(ans 2)" "the connection after too_big"
# Just under the limit is still a request.
raw "$SOCK" '@big:65535' >"$T_TMP/ans" || fail "raw 65535-byte request"
assert_eq "true" "$(ans 1 | jq -r .ok)" "a 65535-byte ping (LF included: 65536)"
raw "$SOCK" '@big:65536' '@eof?' >"$T_TMP/ans" || fail "raw 65536-byte request"
assert_eq "false too_big" "$(ans 1 | jq -r '"\(.ok) \(.code)"')" \
    "a 65536-byte ping (LF included: 65537) ($(ans 1))"
assert_eq EOF "$(ans 2)" "the connection after too_big (65537 bytes)"
assert_daemon_alive "after the malformed requests"

step "pipelined requests, a half-closed connection"
raw "$SOCK" '@pipe:3' >"$T_TMP/ans" || fail "raw pipelined pings"
assert_eq "true true true" "$(jq -r .ok "$T_TMP/ans" | tr '\n' ' ' | sed 's/ $//')" \
    "answers to 3 pings in one write"
raw "$SOCK" '@shut' '@eof?' >"$T_TMP/ans" || fail "raw half-close"
assert_eq EOF "$(ans 1)" "a connection shut down at once"
# A request, then shutdown(SHUT_WR) before reading: still answered.
"$PY" - "$SOCK" >"$T_TMP/ans" <<'PYEOF' || fail "raw request then shutdown"
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sys.argv[1])
s.sendall(b'{"proto":1,"cmd":"ping"}\n{"proto":1,"cmd":"schedule"}\n')
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    data += d
sys.stdout.write(data.decode())
PYEOF
assert_eq "true true" "$(jq -r .ok "$T_TMP/ans" | tr '\n' ' ' | sed 's/ $//')" \
    "answers to two requests sent before a shutdown"
assert_daemon_alive "after the half-closed connections"
raw "$SOCK" '{"proto":1,"cmd":"ping"}' >"$T_TMP/ans" || fail "raw ping"
assert_eq "true" "$(ans 1 | jq -r .ok)" "ping after too_big"
assert_rc 0 "docketctl schedule after too_big" ctl schedule --json

step "usage errors exit 2"
assert_rc 2 "mark DOC without a disclosure" ctl mark "$id1"
assert_contains "$(cat "$T_TMP/err")" "用法" "message of mark without a disclosure"
assert_rc 2 "review DOC maybe" ctl review "$id1" maybe --reason x
assert_contains "$(cat "$T_TMP/err")" "keep or release" "message of review maybe"
assert_rc 2 "mark DOC withheld without a reason" ctl mark "$id1" withheld
assert_contains "$(cat "$T_TMP/err")" "reason" "message of mark withheld without --reason"
assert_rc 2 "mark DOC secret" ctl mark "$id1" secret --reason x
assert_rc 2 "reindex with an argument" ctl reindex now
assert_rc 2 "an unknown docketctl command" ctl frobnicate
assert_rc 3 "mark an unknown document" ctl mark D999999 public
assert_eq 1 "$(ctl history "$id1" --json | jq '[.[] | select(.action !=
    "publish")] | length')" "events of $id1 after the usage errors"
assert_eq in_force "$(field "$id1" status)" "status of $id1 after the usage errors"

step "docketd not running"
stop_daemon
assert_rc 1 "docketctl schedule without docketd" ctl schedule
assert_contains "$(cat "$T_TMP/err")" "无法连接 docketd" "message without docketd"
assert_fsck
note "ok"
