#!/bin/bash
# config.sh: docketd.conf and the command line.
#  - -c FILE with -r ROOT: every configured path (relative or absolute) is
#    placed under ROOT, the values (settle, max_size) are used, comments
#    are allowed; docketctl -c agrees;
#  - an unknown section (a typo such as [mial]) is an error with its line;
#  - the shipped conf/docketd.conf works under -r;
#  - a relative -r ROOT is taken from the working directory;
#  - an invalid file (unknown key, bad values, syntax) stops docketd (and
#    docketctl) with "FILE:LINE:" and the reason, creating nothing;
#  - a missing -c file is a clear error; usage errors exit 2;
#  - SIGHUP with a broken file keeps docketd running on the old
#    configuration; with a good one the new values take effect.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init config

step "-c with -r: the configured paths under ROOT"
QABS=/docket-test-refused-$$-$RANDOM
CONF=$T_TMP/paths.conf
cat >"$CONF" <<EOF
# docketd.conf for config.sh
; both comment styles
[docketd]
intake     = drop            ; inline comment
spool      = work/spool
quarantine = $QABS
db         = index
vault      = store/vault.git
settle     = 300ms
max_size   = 2K
batch_wait = 50ms
EOF
new_root croot
INTAKE=$ROOT/drop
CTL_CONF=$CONF
start_daemon -c "$CONF"
for d in drop work/spool "${QABS#/}" index store/vault.git; do
	[ -d "$ROOT/$d" ] || fail "$ROOT/$d was not created"
done
for d in intake spool quarantine db vault.git; do
	gone "$ROOT/$d" || fail "$ROOT/$d exists though the configuration moved it"
done
gone "$QABS" || fail "an absolute path escaped the root: $QABS exists"
assert_log "(intake $ROOT/drop)" "the intake docketd reports"
drop_doc paths.txt
sha=$DOC_SHA
wait_for "paths.txt to be registered" has_sha "$sha"
assert_eq paths.txt "$(field "$sha" source_name)" "source_name"
assert_eq "$(git --git-dir="$ROOT/store/vault.git" rev-parse main)" \
    "$(field "$sha" commit)" "the record's commit is the head of ROOT/store/vault.git"
assert_eq 0 "$(entries "$ROOT/work/spool")" "files in ROOT/work/spool"
# max_size = 2K from the file
make_doc "$STAGE/big.txt" body="$(printf '为进一步规范管理工作%.0s' $(seq 80))"
[ "$DOC_SIZE" -gt 2048 ] || fail "big.txt is only $DOC_SIZE bytes"
mv "$STAGE/big.txt" "$INTAKE/big.txt"
wait_for "big.txt in ROOT$QABS" test -f "$ROOT$QABS/big.txt.reason"
grep -q "超过 max_size（2048 字节）" "$ROOT$QABS/big.txt.reason" ||
    fail "reason of big.txt: $(cat "$ROOT$QABS/big.txt.reason")"
st=$(ctl status --json)
assert_eq "$ROOT" "$(jq -r .root <<<"$st")" "docketctl -c: .root"
assert_eq 1 "$(jq -r .records <<<"$st")" "docketctl -c: .records"
assert_eq 1 "$(jq -r .waiting.quarantine <<<"$st")" "docketctl -c: .waiting.quarantine"
# -r ROOT alone reads the file docketd recorded for ROOT: the moved db/.
assert_rc 0 "docketctl -r ROOT without -c (the file docketd recorded)" \
    "$DOCKETCTL" -r "$ROOT" status --json
assert_eq 1 "$(jq -r .records "$T_TMP/out")" "docketctl -r ROOT alone: .records"
stop_daemon
CTL_CONF=

step "the shipped conf/docketd.conf under -r"
SHIPPED=$DOCKET_TEST_DATA/../../conf/docketd.conf
if [ -f "$SHIPPED" ]; then
	new_root shipped
	start_daemon -c "$SHIPPED"
	for d in var/spool/docket/intake var/spool/docket/spool \
	    var/spool/docket/quarantine db vault.git; do
		[ -d "$ROOT/$d" ] || fail "shipped config: $ROOT/$d was not created"
	done
	INTAKE=$ROOT/var/spool/docket/intake
	drop_doc shipped.txt
	wait_for "shipped.txt to be registered" has_sha "$DOC_SHA"
	stop_daemon
else
	note "no $SHIPPED; skipped"
fi

step "a relative -r ROOT"
T_NSTART=$((T_NSTART + 1))
LOG=$T_TMP/docketd.$T_NSTART.log
(cd "$T_TMP" && exec "$DOCKETD" -f -r relroot) >"$LOG" 2>&1 &
DPID=$!
T_PIDS="$T_PIDS $DPID"
wait_for "docketd -r relroot to start" log_has "docketd started on"
new_root relroot
assert_log "started on $ROOT " "the root docketd reports"
drop_doc rel.txt
wait_for "rel.txt to be registered" has_sha "$DOC_SHA"
assert_eq "$ROOT" "$(cd "$T_TMP" && "$DOCKETCTL" -r relroot status --json | jq -r .root)" \
    "docketctl -r relroot: .root"
stop_daemon

# bad_config DESCRIPTION LINE ERE CONTENT: docketd -c FILE refuses FILE with
# "FILE:LINE:" and a message matching ERE, and creates no root; so does
# docketctl.
bad_config() {
	local desc=$1 line=$2 re=$3 f=$T_TMP/bad.conf r=$T_TMP/badroot

	printf '%s\n' "$4" >"$f"
	run_rc timeout 20 "$DOCKETD" -f -r "$r" -c "$f"
	[ "$RC" -ne 124 ] || fail "$desc: docketd started with an invalid configuration"
	[ "$RC" -ne 0 ] || fail "$desc: docketd exited 0"
	grep -qF "$f:$line:" "$T_TMP/err" ||
	    fail "$desc: no '$f:$line:' in docketd's message: $(cat "$T_TMP/err")"
	grep -qE -- "$re" "$T_TMP/err" ||
	    fail "$desc: docketd's message does not match /$re/: $(cat "$T_TMP/err")"
	gone "$r" || fail "$desc: docketd created $r"
	note "$desc: $(head -n 1 "$T_TMP/err")"
	run_rc "$DOCKETCTL" -r "$r" -c "$f" status
	[ "$RC" -eq 1 ] || fail "$desc: docketctl -c exited $RC, expected 1"
	grep -qF "$f:$line:" "$T_TMP/err" ||
	    fail "$desc: no '$f:$line:' in docketctl's message: $(cat "$T_TMP/err")"
}

step "invalid configuration files"
bad_config "unknown key" 3 "unknown key.*frobnicate" \
    "$(printf '# ok so far\nsettle = 300ms\nfrobnicate = 1')"
bad_config "unknown key in [docketd]" 3 "unknown key.*intake_dir" \
    "$(printf 'rescan = 10s\n[docketd]\nintake_dir = x')"
bad_config "unknown section (a typo)" 3 "unknown section \\[mial\\]" \
    "$(printf 'rescan = 10s\n[mial]\nfrom = a@b.c')"
bad_config "[agency] without a name" 2 "unknown section \\[agency\\]" \
    "$(printf '[agency]\nsecretary = a@b.c')"
bad_config "bad settle" 2 "settle" "$(printf 'rescan = 10s\nsettle = soon')"
bad_config "[mirror] without a key (no copy anywhere)" 3 \
    "\\[mirror offsite\\] has no keys" \
    "$(printf 'rescan = 10s\n; an off-site copy\n[mirror offsite]\n; url = later\n[mail]')"
bad_config "[publish] without a key" 1 "\\[publish\\] has no keys" "[publish]"
bad_config "settle over 1h" 1 "settle" "settle = 2h"
bad_config "bad max_size" 4 "max_size" "$(printf '\n; comment\n\nmax_size = lots')"
bad_config "max_size 0" 1 "max_size" "max_size = 0"
bad_config "rescan 0" 1 "rescan" "rescan = 0"
bad_config "rescan 2d" 1 "rescan" "rescan = 2d"
bad_config "batch_max 0" 1 "batch_max" "batch_max = 0"
bad_config "batch_max too large" 1 "batch_max" "batch_max = 10001"
bad_config "readers 0" 1 "readers" "readers = 0"
bad_config "readers over 64" 1 "readers.*1 to 64" "readers = 65"
bad_config "readers not a number" 1 "readers" "readers = many"
bad_config "batch_wait over 60s" 1 "batch_wait" "batch_wait = 2m"
bad_config "map_size under 1M" 1 "map_size" "map_size = 1K"
bad_config "empty path" 1 "path|intake" "intake ="
bad_config "syntax error" 2 "." "$(printf 'settle = 1s\nthis is not ini')"

step "a missing -c file"
run_rc timeout 20 "$DOCKETD" -f -r "$T_TMP/badroot" -c "$T_TMP/no-such.conf"
[ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] || fail "docketd with a missing -c file: status $RC"
grep -qF "$T_TMP/no-such.conf" "$T_TMP/err" || fail "message does not name the file: $(cat "$T_TMP/err")"
grep -qiE "no such file" "$T_TMP/err" || fail "message does not say why: $(cat "$T_TMP/err")"
gone "$T_TMP/badroot" || fail "docketd created a root with a missing -c file"
assert_rc 1 "docketctl with a missing -c file" "$DOCKETCTL" -r "$T_TMP/badroot" -c "$T_TMP/no-such.conf" status
grep -qF "$T_TMP/no-such.conf" "$T_TMP/err" || fail "docketctl's message does not name the file"

step "usage errors"
assert_rc 2 "docketd -x" timeout 20 "$DOCKETD" -x
assert_rc 2 "docketd with an argument" timeout 20 "$DOCKETD" -f -r "$T_TMP/badroot" extra
gone "$T_TMP/badroot" || fail "docketd created a root on a usage error"

step "SIGHUP"
HUPCONF=$T_TMP/hup.conf
write_config "$HUPCONF" "settle = 300ms" "max_size = 1M"
new_root huproot
start_daemon -c "$HUPCONF"
write_config "$HUPCONF" "settle = 300ms" "max_size = huge"
kill -HUP "$DPID"
wait_for "the reload to be refused" log_has "reload refused"
assert_log "$HUPCONF:2:" "the refused reload names FILE:LINE"
assert_daemon_alive "after SIGHUP with a broken file"
# The old max_size (1M) still holds.
make_doc "$STAGE/mid.txt" body="$(printf '为进一步规范管理工作%.0s' $(seq 80))"
sha_mid=$DOC_SHA
[ "$DOC_SIZE" -gt 1024 ] || fail "mid.txt is only $DOC_SIZE bytes"
mv "$STAGE/mid.txt" "$INTAKE/mid.txt"
# docketctl -r ROOT reads the (now broken) file docketd recorded: look
# with the defaults under ROOT instead.
CTL_CONF=/dev/null
wait_for "mid.txt to be registered under the old configuration" has_sha "$sha_mid"
CTL_CONF=
# A good file: max_size 1K takes effect.
write_config "$HUPCONF" "settle = 300ms" "max_size = 1K"
kill -HUP "$DPID"
wait_for "the reload" log_has "configuration reloaded"
make_doc "$STAGE/mid2.txt" body="$(printf '为进一步规范管理工作%.0s' $(seq 80))"
sha_mid2=$DOC_SHA
mv "$STAGE/mid2.txt" "$INTAKE/mid2.txt"
wait_for "mid2.txt to be quarantined under the new max_size" \
    test -f "$ROOT/quarantine/mid2.txt.reason"
grep -q "超过 max_size（1024 字节）" "$ROOT/quarantine/mid2.txt.reason" ||
    fail "reason of mid2.txt: $(cat "$ROOT/quarantine/mid2.txt.reason")"
has_sha "$sha_mid2" && fail "mid2.txt was registered"
# Changed paths wait for a restart.
n=$(log_count "configuration reloaded")
write_config "$HUPCONF" "settle = 300ms" "max_size = 1M" "intake = elsewhere"
kill -HUP "$DPID"
wait_for "the second reload" eval '[ "$(log_count "configuration reloaded")" -gt '"$n"' ]'
assert_log "after a restart" "a changed path is reported"
drop_doc still.txt
wait_for "still.txt in the old intake/ to be registered" has_sha "$DOC_SHA"
gone "$ROOT/elsewhere" || fail "the changed intake was created before a restart"
stop_daemon
note "ok"
