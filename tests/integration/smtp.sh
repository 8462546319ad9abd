# smtp.sh: a real SMTP server for the mail tests (aiosmtpd on a free
# loopback port) keeping every message it is handed in $MAILDIR, and
# the helpers to count and find them.  Sourced after lib.sh's t_init:
#
#	. "$(dirname "${TESTLIB:-$0}")/smtp.sh"
#
# Sets PY (the system python3 that has aiosmtpd; fails without it: .ci/setup
# installs python3-aiosmtpd),
# MAILDIR, PYDIR and SMTP_PORT; smtp_start, smtp_stop, mail_count,
# mail_count_is, mail_files and last_mail.

# aiosmtpd is installed for the system Python only (the python3 on PATH
# may be a pyenv shim without it).
PY=/usr/bin/python3
[ -x "$PY" ] || fail "no $PY; bash .ci/setup installs it (package python3)"
"$PY" -c 'import aiosmtpd, email.policy' 2>/dev/null ||
    fail "aiosmtpd is not installed for $PY; bash .ci/setup installs it (package python3-aiosmtpd)"

MAILDIR=$T_TMP/maildir
PYDIR=$T_TMP/py
mkdir -p "$MAILDIR" "$PYDIR"

# sink.Sink: an aiosmtpd handler keeping the DATA bytes as sent (in
# MAILDIR/new/NAME.eml, written to tmp/ and renamed) and the envelope
# (MAILDIR/env/NAME.json: mail_from, rcpt_tos, peer), written first.
cat >"$PYDIR/sink.py" <<'EOF'
import json, os, time

class Sink:
    def __init__(self, d):
        self.d = d
        for s in ("tmp", "new", "env"):
            os.makedirs(os.path.join(d, s), exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("usage: sink.Sink DIR")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        name = "%020d.%d" % (time.time_ns(), os.getpid())
        env = {"mail_from": envelope.mail_from,
               "rcpt_tos": list(envelope.rcpt_tos),
               "peer": str(session.peer[0])}
        with open(os.path.join(self.d, "env", name + ".json"), "w") as f:
            json.dump(env, f)
        data = envelope.original_content
        if data is None:
            data = envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        tmp = os.path.join(self.d, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.d, "new", name + ".eml"))
        return "250 OK"
EOF

# --- the SMTP server -----------------------------------------------------

free_port() {
	"$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

SMTP_PORT=$(free_port) || fail "no free port"
SMTP_PID=

smtp_up() {
	[ -n "$SMTP_PID" ] && kill -0 "$SMTP_PID" 2>/dev/null &&
	    (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null
}

smtp_down() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null
}

smtp_start() {
	PYTHONPATH=$PYDIR "$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
	    -c sink.Sink "$MAILDIR" >>"$T_TMP/smtp.log" 2>&1 &
	SMTP_PID=$!
	T_PIDS="$T_PIDS $SMTP_PID"
	wait_for "the SMTP server on 127.0.0.1:$SMTP_PORT" smtp_up
}

smtp_stop() {
	local pid=$SMTP_PID

	kill -TERM "$pid" 2>/dev/null || fail "the SMTP server (pid $pid) is gone"
	wait_for "the SMTP server to exit" not_alive "$pid"
	wait "$pid" 2>/dev/null
	T_PIDS=$(for p in $T_PIDS; do [ "$p" = "$pid" ] || printf ' %s' "$p"; done)
	SMTP_PID=
	wait_for "port $SMTP_PORT to be closed" smtp_down
}

# --- messages ------------------------------------------------------------

mail_files() {
	ls "$MAILDIR/new" 2>/dev/null | grep '\.eml$' | sort
}

mail_count() {
	mail_files | wc -l | tr -d ' '
}

mail_count_is() {
	[ "$(mail_count)" = "$1" ]
}

# last_mail: the newest message's file.
last_mail() {
	echo "$MAILDIR/new/$(mail_files | tail -n 1)"
}
