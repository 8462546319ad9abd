#!/bin/bash
# ctl_light.sh: docketctl is a light program and a full one.
#  - the light docketctl links none of libgit2, libcurl, libzip, expat,
#    libevent, libxlsxwriter (ldd);
#  - status, list, show, history, versions run in it alone (one execve,
#    strace), and say what docketctl-full says (--json compared);
#  - status reads the vault head itself from a loose commit, a packed one,
#    a packed-refs ref, and after `git repack -adf` (itself or through the
#    full program: the same answer either way);
#  - every other command, help and an unknown command reach docketctl-full
#    with the same arguments (text, help, help export, export --help,
#    a bogus command's exit 2), and show --version reads the vault there;
#  - list streams: a fixed-width table (aligned whatever the rows) and a
#    JSON array, the same records as docketctl-full's;
#  - without docketctl-full anywhere, a full command fails with exit 1 and
#    a message naming it.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init ctl_light
need strace
need git
FULL=$(dirname "$DOCKETCTL")/docketctl-full
[ -x "$FULL" ] || fail "no $FULL next to $DOCKETCTL"

# execs CMD...: how many programs docketctl runs for CMD (itself included).
execs() {
	strace -f -qq -e trace=execve -o "$T_TMP/strace" "$DOCKETCTL" -r "$ROOT" "$@" >/dev/null 2>&1
	grep -c 'execve(' "$T_TMP/strace"
}

# same CMD...: light and full print the same and exit the same.
same() {
	local a b ra rb

	a=$("$DOCKETCTL" -r "$ROOT" "$@" 2>&1); ra=$?
	b=$("$FULL" -r "$ROOT" "$@" 2>&1); rb=$?
	[ "$ra" = "$rb" ] || fail "$*: exit $ra (docketctl) vs $rb (docketctl-full)"
	[ "$a" = "$b" ] || fail "$*: docketctl and docketctl-full differ:"$'\n'"$a"$'\n---\n'"$b"
}

step "the light program links no heavy library"
libs=$(ldd "$DOCKETCTL")
for l in libgit2 libcurl libzip libexpat libevent libxlsxwriter libssh2 libsystemd; do
	! grep -q "$l" <<<"$libs" || fail "docketctl links $l: $libs"
done
note "docketctl: $(wc -l <<<"$libs") shared objects, docketctl-full: $(ldd "$FULL" | wc -l)"

step "registered documents"
start_daemon
for i in 1 2 3; do drop_doc "d$i.txt"; done
wait_for "three records" records_are 3
stop_daemon
ID=$(ctl list --json | jq -r '.[0].id')

step "the read commands run in the light program alone"
for cmd in "status" "status --json" "list" "list --json" "show $ID" \
    "show $ID --json" "history $ID" "versions $ID" "list --status repealed"; do
	# shellcheck disable=SC2086
	assert_eq 1 "$(execs $cmd)" "programs run for '$cmd'"
	# shellcheck disable=SC2086
	same $cmd
done

step "status reads the vault head however it is stored"
same status --json
jq -e '.last_commit.commit | test("^[0-9a-f]{40}$")' <(ctl status --json) >/dev/null ||
    fail "status --json has no last commit: $(ctl status --json)"
vault pack-refs --all || fail "git pack-refs"
[ ! -e "$ROOT/vault.git/refs/heads/main" ] || fail "pack-refs left a loose ref"
same status --json
assert_eq 1 "$(execs status)" "programs run for status with packed-refs"
vault repack -adfq --depth=50 --window=250 || fail "git repack"
same status --json
h=$(ctl status --json | jq -r .last_commit.commit)
vault cat-file commit "$h" >"$T_TMP/c" || fail "cat-file"
# A loose copy of every object (unpack-objects skips the objects a pack
# of the repository has: the packs go away first).
mkdir -p "$T_TMP/packs"
mv "$ROOT"/vault.git/objects/pack/* "$T_TMP/packs/"
for p in "$T_TMP"/packs/*.pack; do vault unpack-objects -q <"$p" || fail "unpack-objects"; done
[ -f "$ROOT/vault.git/objects/${h:0:2}/${h:2}" ] || fail "head commit not loose"
same status --json
assert_eq 1 "$(execs status)" "programs run for status with a loose commit"
vault fsck --no-progress >/dev/null 2>&1 || fail "git fsck after unpacking"

step "other commands, help, unknown ones: docketctl-full"
assert_eq 2 "$(execs text "$ID")" "programs run for text"
same text "$ID"
same show "$ID" --version 1 --json
same help
same help export
same export --help
same -h
same bogus-command
assert_rc 2 "an unknown command" "$DOCKETCTL" -r "$ROOT" bogus-command
grep -q "没有命令“bogus-command”" "$T_TMP/err" || fail "unknown command message: $(cat "$T_TMP/err")"
for c in $("$DOCKETCTL" help | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p'); do
	"$DOCKETCTL" help "$c" >/dev/null || fail "help $c"
done

step "list: a fixed-width table, streamed"
ctl list >"$T_TMP/t" || fail "list"
python3 - "$T_TMP/t" <<'PY' || fail "list columns: $(cat "$T_TMP/t")"
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[:-1]
# 标题 starts at the same display column on every line (fixed widths).
cols = set()
for l in lines:
    cols.add(w(l) - w(l.rstrip().split("  ")[-1]))
if len(cols) != 1:
    sys.exit("title column varies: %r" % cols)
PY
same list --json

step "no docketctl-full: a full command fails clearly"
mkdir -p "$T_TMP/alone"
cp "$DOCKETCTL" "$T_TMP/alone/docketctl"
libexec=$(strings "$DOCKETCTL" | grep -m1 '/docket$' || true)
if [ -n "$libexec" ] && [ -x "$libexec/docketctl-full" ]; then
	note "an installed $libexec/docketctl-full exists: not checked"
else
	assert_rc 1 "text without docketctl-full" "$T_TMP/alone/docketctl" -r "$ROOT" text "$ID"
	grep -q "找不到 docketctl-full" "$T_TMP/err" || fail "message: $(cat "$T_TMP/err")"
	assert_rc 0 "status without docketctl-full" "$T_TMP/alone/docketctl" -r "$ROOT" status
fi
note "ok"
