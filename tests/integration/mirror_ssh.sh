#!/bin/bash
# mirror_ssh.sh: a mirror over ssh (libgit2's libssh2 transport) against an
# sshd of the test's own on localhost.
#  - docketd authenticates with the ssh agent (SSH_AUTH_SOCK) and pushes
#    main to the mirror whose host key is the configured host_key;
#  - a mirror whose host offers another key than host_key gets nothing:
#    its repository stays empty and status names both fingerprints.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init mirror_ssh

[ "$(id -u)" -eq 0 ] || skip "needs root (sshd's privilege separation)"
need python3
need ssh-keygen openssh-client
need ssh-agent openssh-client
[ -x /usr/sbin/sshd ] || fail "sshd is not installed; bash .ci/setup installs it (package openssh-server)"

S=$T_TMP/ssh
mkdir -p "$S" /run/sshd
chmod 700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$S/other" || fail "another host key"
ssh-keygen -q -t ed25519 -N '' -f "$S/id" || fail "client key"
cp "$S/id.pub" "$S/authorized_keys"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$S/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/host
AuthorizedKeysFile $S/authorized_keys
PidFile $S/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
/usr/sbin/sshd -D -e -f "$S/sshd_config" >>"$T_TMP/sshd.log" 2>&1 &
T_PIDS="$T_PIDS $!"
eval "$(ssh-agent -s)" >/dev/null || fail "ssh-agent"
T_PIDS="$T_PIDS $SSH_AGENT_PID"
ssh-add -q "$S/id" 2>/dev/null || fail "ssh-add"
export SSH_AUTH_SOCK

git init -q --bare "$T_TMP/off.git" || fail "git init off.git"
git init -q --bare "$T_TMP/spoof.git" || fail "git init spoof.git"
FP=$(ssh-keygen -lf "$S/host.pub" | awk '{print $2}')
OTHER=$(ssh-keygen -lf "$S/other.pub" | awk '{print $2}')
note "host key $FP"
sshd_up() {
	python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT"
}
wait_for "sshd to listen on $PORT" sshd_up

CONF=$T_TMP/docketd.conf
write_config "$CONF" \
    "[mirror off]" "url = ssh://root@127.0.0.1:$PORT$T_TMP/off.git" "refs = all" "host_key = $FP" "" \
    "[mirror spoof]" "url = ssh://root@127.0.0.1:$PORT$T_TMP/spoof.git" "refs = all" "host_key = $OTHER"
CTL_CONF=$CONF
start_daemon -c "$CONF"

mstate() {
	ctl status --json | jq -r --arg n "$1" --arg k "$2" \
	    '.mirrors[] | select(.name == $n) | .[$k]'
}
off_at_main() {
	[ "$(git --git-dir="$T_TMP/off.git" rev-parse -q --verify main)" = "$(vault rev-parse main)" ]
}
spoof_error() {
	[ "$(mstate spoof last_error)" != null ]
}

step "over ssh with the agent's key, to the host whose key is host_key"
drop_doc a.txt
drop_doc b.txt
wait_for "2 documents" records_are 2
wait_for -t 30 "off.git (ssh) to have the vault's main" off_at_main
wait_for "off's success in status" sh -c "[ \"\$($DOCKETCTL -r '$ROOT' -c '$CONF' status --json | jq -r '.mirrors[0].last_error')\" = null ]"
assert_ne null "$(mstate off last_success)" "off: last_success"

step "a host that offers another key gets nothing"
wait_for -t 30 "spoof's error" spoof_error
err=$(mstate spoof last_error)
note "spoof: $err"
assert_contains "$err" "offers the key $FP, not host_key $OTHER" "spoof's error names both keys"
assert_eq "" "$(git --git-dir="$T_TMP/spoof.git" for-each-ref)" "the spoofed mirror got no ref"
stop_daemon
