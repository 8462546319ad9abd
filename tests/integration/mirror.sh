#!/bin/bash
# mirror.sh: [mirror NAME] — docketd pushes the vault after each commit, in
# the background, with backoff, and never makes intake wait.
#  - a git:// mirror (a bare repository served by `git daemon
#    --enable=receive-pack` on localhost) and a file:// one, refs = all,
#    receive main after the first documents; a refs = public mirror gets
#    nothing while the vault has no public branch — never main;
#  - a mirror that accepts the connection and never answers (a "slow"
#    mirror, timeout = 3s) is killed at its timeout and reported; another
#    (timeout 10 min) hangs through the whole test while 18 documents
#    are registered;
#  - the git daemon stopped: documents dropped meanwhile are registered as
#    fast as before (nothing in intake waits for a push); `docketctl
#    status` shows the mirror's error and its next try (human and --json);
#  - the daemon started again: the push catches up within the backoff, the
#    error is gone, last_success is set, and the mirror passes git fsck;
#  - a mirror whose main diverged is reported (non-fast-forward), never
#    overwritten;
#  - bad [mirror] values are refused by docketd -n with a clear message.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init mirror

need python3
[ -x "$(git --exec-path)/git-daemon" ] ||
    fail "git daemon is not installed (package git)"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

SRV=$T_TMP/srv
mkdir -p "$SRV"
git init -q --bare "$SRV/backup.git" || fail "git init backup.git"
git init -q --bare "$T_TMP/disk.git" || fail "git init disk.git"
git init -q --bare "$T_TMP/portal.git" || fail "git init portal.git"
PORT=$(free_port)
SLOWPORT=$(free_port)
DEADPORT=$(free_port)	# nobody listens: an https mirror that fails at once
GITD=

gitd_start() {
	git daemon --verbose --reuseaddr --enable=receive-pack --export-all \
	    --base-path="$SRV" --listen=127.0.0.1 --port="$PORT" \
	    >>"$T_TMP/gitd.log" 2>&1 &
	GITD=$!
	T_PIDS="$T_PIDS $GITD"
	wait_for "git daemon to listen on $PORT" \
	    git ls-remote "git://127.0.0.1:$PORT/backup.git"
}

gitd_stop() {
	kill "$GITD" 2>/dev/null
	wait "$GITD" 2>/dev/null
	GITD=
}

# A mirror that takes the connection and never says a word.
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
held = []
while True:
    c, _ = s.accept(); held.append(c)
' "$SLOWPORT" >"$T_TMP/slow.log" 2>&1 &
T_PIDS="$T_PIDS $!"

gitd_start

CONF=$T_TMP/docketd.conf
write_config "$CONF" \
    "[mirror backup]" "url = git://127.0.0.1:$PORT/backup.git" "refs = all" "" \
    "[mirror disk]" "url = file://$T_TMP/disk.git" "refs = all" "" \
    "[mirror portal]" "url = $T_TMP/portal.git" "refs = public" "" \
    "[mirror slow]" "url = git://127.0.0.1:$SLOWPORT/x.git" "refs = all" \
    "timeout = 3s" "" \
    "[mirror web]" "url = https://bob:s3cret@127.0.0.1:$DEADPORT/docket.git" "refs = all" "" \
    "[mirror hang]" "url = git://127.0.0.1:$SLOWPORT/y.git" "refs = all" "" \
    "[mirror gone]" "url = $T_TMP/gone.git" "refs = all"
# (hang: the default timeout of 10 minutes; its first push hangs for the
# whole test, and every document below is registered meanwhile.
# gone: a local path where no repository was made.)
CTL_CONF=$CONF

step "configuration: bad values are refused with the reason"
bad() {	# bad EXPECTED-TEXT LINE...: docketd -n refuses the [mirror] lines
	local want=$1

	shift
	write_config "$T_TMP/bad.conf" "$@"
	run_rc "$DOCKETD" -n -r "$T_TMP/badroot" -c "$T_TMP/bad.conf"
	[ "$RC" -ne 0 ] || fail "docketd -n accepted: $*"
	grep -qF -- "$want" "$T_TMP/err" ||
	    fail "docketd -n on '$*': no '$want' in: $(cat "$T_TMP/err")"
}
bad "refs: 'everything' is not public" "[mirror a]" "url = /srv/a.git" "refs = everything"
bad "[mirror a]: no refs" "[mirror a]" "url = /srv/a.git"
bad "[mirror a]: no url" "[mirror a]" "refs = all"
bad "url: 'srv/a.git' is not" "[mirror a]" "url = srv/a.git" "refs = all"
bad "a file:// url takes an absolute path" "[mirror a]" "url = file://srv/a.git" "refs = all"
bad "unknown key 'branch' in [mirror a]" "[mirror a]" "url = /srv/a.git" "branch = main"
bad "timeout: '0' is not a duration" "[mirror a]" "url = /srv/a.git" "refs = all" "timeout = 0"
bad "[mirror a/b]: a name of" "[mirror a/b]" "url = /srv/a.git" "refs = all"
bad "[mirror a]: an ssh url needs host_key" "[mirror a]" "url = ssh://git@example.org/a.git" "refs = all"
bad "[mirror a]: an ssh url needs host_key" "[mirror a]" "url = git@example.org:a.git" "refs = all"
bad "host_key: 'MD5:ab' is not an ssh host key" "[mirror a]" "url = git@example.org:a.git" "refs = all" "host_key = MD5:ab"
run_rc "$DOCKETD" -n -r "$T_TMP/badroot" -c "$CONF"
assert_eq 0 "$RC" "docketd -n on the test's configuration ($(cat "$T_TMP/err"))"

start_daemon -c "$CONF"

mirror_has_main() {	# mirror_has_main GITDIR: its main is the vault's
	[ "$(git --git-dir="$1" rev-parse -q --verify refs/heads/main)" = \
	    "$(vault rev-parse refs/heads/main)" ]
}
mstate() {	# mstate NAME KEY: docketctl status --json's mirror field
	ctl status --json | jq -r --arg n "$1" --arg k "$2" \
	    '.mirrors[] | select(.name == $n) | .[$k]'
}
mirror_error_set() {
	[ "$(mstate "$1" last_error)" != null ]
}
mirror_ok() {
	[ "$(mstate "$1" last_error)" = null ] &&
	    [ "$(mstate "$1" last_success)" != null ]
}

step "the first documents reach the git:// and file:// mirrors"
for i in 1 2 3; do
	drop_doc "a$i.txt"
done
wait_for "3 documents registered" records_are 3
wait_for "backup.git (git://) to have the vault's main" mirror_has_main "$SRV/backup.git"
wait_for "disk.git (file://) to have the vault's main" mirror_has_main "$T_TMP/disk.git"
wait_for "backup's success in status" mirror_ok backup
wait_for "disk's success in status" mirror_ok disk
assert_eq "" "$(git --git-dir="$T_TMP/portal.git" for-each-ref)" \
    "the refs = public mirror with no public branch in the vault: no refs at all"
assert_eq null "$(mstate portal last_error)" "portal: no error while there is nothing to push"
wait_for "gone's error in status" mirror_error_set gone
assert_eq "$T_TMP/gone.git: No such file or directory (create it: git init --bare)" \
    "$(mstate gone last_error)" "a local mirror that does not exist is named as such"
assert_eq "$(vault rev-parse main)" "$(git --git-dir="$SRV/backup.git" rev-parse main)" "backup main"
git --git-dir="$SRV/backup.git" fsck --strict --no-progress >"$T_TMP/fsck" 2>&1 ||
    fail "git fsck on the mirror: $(cat "$T_TMP/fsck")"
ctl status --json >"$T_TMP/st.json" || fail "status --json"
assert_eq "backup disk portal slow web hang gone" "$(jq -r '[.mirrors[].name] | join(" ")' "$T_TMP/st.json")" \
    "status --json: the mirrors in the order of the file"
assert_eq '["last_error","last_success","name","next_try","pushing_since","refs","url"]' \
    "$(jq -c '.mirrors[0] | keys' "$T_TMP/st.json")" "status --json: a mirror's keys"
assert_eq all "$(jq -r '.mirrors[0].refs' "$T_TMP/st.json")" "backup refs"
assert_eq public "$(jq -r '.mirrors[2].refs' "$T_TMP/st.json")" "portal refs"
assert_match "$(jq -r '.mirrors[0].last_success' "$T_TMP/st.json")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$' \
    "last_success is RFC 3339"

step "a mirror that never answers is killed at its timeout and reported"
wait_for "the slow mirror's error" mirror_error_set slow
assert_contains "$(mstate slow last_error)" "timed out after 3 s" "slow mirror's error"
assert_ne null "$(mstate slow next_try)" "slow mirror's next try"

step "git daemon stopped: intake does not wait for the dead mirror"
gitd_stop
t0=$(now_ms)
for i in 1 2 3 4 5; do
	drop_doc "b$i.txt"
done
wait_for -t 15 "5 more documents registered with the mirror down" records_are 8
t1=$(now_ms)
note "5 documents registered $((t1 - t0)) ms after the drop, the git:// mirror down and the slow one hanging"
# settle (1 s) + batches: a push waited for would add the 3 s timeout or more.
assert_lt $((t1 - t0)) 6000 "ms from drop to registration with a dead mirror"
wait_for -t 30 "backup's error in status" mirror_error_set backup
err=$(mstate backup last_error)
note "backup: $err"
assert_ne null "$(mstate backup next_try)" "backup's next try while failing"
ctl status >"$T_TMP/st.txt" || fail "status"
grep -F "镜像：       backup → " "$T_TMP/st.txt" | grep -qF "错误：" ||
    fail "status: no error on the backup line: $(cat "$T_TMP/st.txt")"
grep -F "镜像：       backup → " "$T_TMP/st.txt" | grep -qF "下次重试" ||
    fail "status: no next try on the backup line: $(cat "$T_TMP/st.txt")"
grep -qF "镜像：       disk → file://$T_TMP/disk.git（全部分支）" "$T_TMP/st.txt" || fail "status: no disk line"
assert_log "mirror backup:" "docketd logs the failed push"
mirror_has_main "$T_TMP/disk.git" || wait_for "disk.git follows meanwhile" mirror_has_main "$T_TMP/disk.git"
mirror_has_main "$SRV/backup.git" && fail "backup.git has the new main though its server is down"

step "git daemon started again: the push catches up within the backoff"
gitd_start
# backoff: 5 s, 10 s, 20 s … — a few tries at most have failed by now
wait_for -t 90 "backup.git to catch up with the vault's main" mirror_has_main "$SRV/backup.git"
wait_for "backup's success in status" mirror_ok backup
assert_eq null "$(mstate backup next_try)" "backup: no next try once it succeeded"
assert_log "mirror backup: pushed again after" "docketd logs the recovery"
git --git-dir="$SRV/backup.git" fsck --strict --no-progress >"$T_TMP/fsck" 2>&1 ||
    fail "git fsck on the mirror after catching up: $(cat "$T_TMP/fsck")"
assert_eq 8 "$(git --git-dir="$SRV/backup.git" ls-tree -r --name-only main | grep -c '/record.json$')" \
    "records on the caught-up mirror"

step "a burst of commits is coalesced, and the mirror ends at the last"
pushes() { grep -c "receive-pack" "$T_TMP/gitd.log"; }
p0=$(pushes)
c0=$(vault rev-list --count main)
for i in 1 2 3 4 5 6; do
	drop_doc "c$i.txt"
	sleep 0.4	# apart, so that each is its own batch and commit
done
wait_for "6 more documents" records_are 14
wait_for "backup.git at the vault's main after the burst" mirror_has_main "$SRV/backup.git"
sleep 1.5	# a push still to come would show now
commits=$(( $(vault rev-list --count main) - c0 ))
npush=$(( $(pushes) - p0 ))
note "$commits commits in the burst, $npush push(es) to backup"
[ "$commits" -ge 3 ] || fail "the burst made only $commits commit(s); the test needs several"
assert_lt "$npush" "$commits" "pushes for the burst's commits (coalesced)"
mirror_has_main "$SRV/backup.git" || fail "backup.git is not at the vault's main after the burst"

step "a mirror whose main diverged is reported, not overwritten"
dgit() { git --git-dir="$T_TMP/disk.git" "$@"; }
theirs=$(dgit -c user.name=x -c user.email=x@example.org commit-tree \
    "$(dgit rev-parse 'main^{tree}')" -p "$(dgit rev-parse main)" -m "written on the mirror") ||
    fail "commit on the mirror"
dgit update-ref refs/heads/main "$theirs" || fail "move the mirror's main"
drop_doc "d1.txt"
wait_for "the 15th document" records_are 15
wait_for -t 30 "disk's error in status" mirror_error_set disk
assert_match "$(mstate disk last_error)" "refs/heads/main|fast-forward|diverged" "disk's error names the cause"
note "disk: $(mstate disk last_error)"
assert_eq "$theirs" "$(git --git-dir="$T_TMP/disk.git" rev-parse main)" \
    "the diverged mirror's main is left as it was"
wait_for "backup.git still follows" mirror_has_main "$SRV/backup.git"

step "refs = public: only refs/heads/public, forced; never main"
pgit() { git --git-dir="$T_TMP/portal.git" "$@"; }
# The site's branch, made by hand here: one page, no parent.
blob=$(printf '<html lang="zh-CN">公开</html>\n' | vault hash-object -w --stdin)
tree=$(printf '100644 blob %s\tindex.html\n' "$blob" | vault mktree)
pub1=$(vault -c user.name=site -c user.email=site@example.org commit-tree "$tree" -m "site 1") ||
    fail "a public commit"
vault update-ref refs/heads/public "$pub1" || fail "make refs/heads/public"
drop_doc "e1.txt"
wait_for "the 16th document" records_are 16
portal_public() { [ "$(pgit rev-parse -q --verify refs/heads/public)" = "$1" ]; }
wait_for "portal.git to have the public branch" portal_public "$pub1"
assert_eq "refs/heads/public" "$(pgit for-each-ref --format='%(refname)')" \
    "the refs = public mirror holds the public branch and nothing else"
pgit cat-file -e "$(vault rev-parse main)" 2>/dev/null &&
    fail "portal.git holds main's commit"
# The site rebuilds public: a commit that does not descend from the last.
pub2=$(vault -c user.name=site -c user.email=site@example.org commit-tree "$tree" -m "site 2, rebuilt") ||
    fail "a second public commit"
vault update-ref refs/heads/public "$pub2" || fail "move refs/heads/public"
drop_doc "e2.txt"
wait_for "the 17th document" records_are 17
wait_for "portal.git to take the rebuilt public branch (forced)" portal_public "$pub2"
wait_for "backup (refs = all) to have public too" \
    sh -c "[ \"\$(git --git-dir='$SRV/backup.git' rev-parse -q --verify refs/heads/public)\" = '$pub2' ]"
assert_eq null "$(mstate portal last_error)" "portal's error"
# A public branch grown on main would carry main's objects: refused.
pub3=$(vault -c user.name=site -c user.email=site@example.org commit-tree "$tree" \
    -p "$(vault rev-parse main)" -m "site on main") || fail "a public commit on main"
vault update-ref refs/heads/public "$pub3" || fail "move refs/heads/public onto main"
drop_doc "e3.txt"
wait_for "the 18th document" records_are 18
portal_error() { [ "$(mstate portal last_error)" != null ]; }
wait_for "portal's refusal" portal_error
assert_contains "$(mstate portal last_error)" "refs/heads/public shares history with main" "portal's error"
portal_public "$pub2" || fail "portal.git's public moved onto main's history"
pgit cat-file -e "$(vault rev-parse main)" 2>/dev/null &&
    fail "portal.git holds main's commit"
vault update-ref refs/heads/public "$pub2" || fail "put refs/heads/public back"

assert_eq null "$(mstate hang last_success)" "hang: still pushing, no success"
assert_eq null "$(mstate hang last_error)" "hang: still pushing, no error yet"
assert_ne null "$(mstate hang pushing_since)" "hang: pushing_since"
ctl status | grep -F "镜像：       hang → " | grep -qF "推送中（自 " ||
    fail "status: hang is not shown pushing: $(ctl status | grep -F hang)"

step "the state survives a restart"
stop_daemon
assert_ne null "$(mstate backup last_success)" "backup last_success with docketd stopped"
assert_ne null "$(mstate disk last_error)" "disk last_error with docketd stopped"
assert_eq null "$(mstate disk next_try)" "disk next_try with docketd stopped: nobody plans one"
assert_eq null "$(mstate hang pushing_since)" "hang: not pushing with docketd stopped"
ls "$ROOT"/mirrors.json >/dev/null || fail "no state file"

step "a password in a url is never shown"
assert_eq "https://bob:***@127.0.0.1:$DEADPORT/docket.git" "$(mstate web url)" "status --json url"
ctl status | grep -qF "s3cret" && fail "status shows the password"
grep -qF "s3cret" "$ROOT/mirrors.json" && fail "mirrors.json holds the password"
grep -qF "s3cret" "$LOG" && fail "docketd's log shows the password"
grep -qF "web → https://bob:***@127.0.0.1" <(ctl status) || fail "status: no web line"
note "mirror: ok"
