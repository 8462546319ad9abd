#!/bin/bash
# install.sh: make install DESTDIR=… puts every file where an administrator
# expects it, and the installed programs run.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init install
BUILD=$(cd "$(dirname "$DOCKETD")/.." && pwd)
[ -f "$BUILD/Makefile" ] || skip "no Makefile in $BUILD"
D=$T_TMP/dest
step "make install DESTDIR"
make -s -C "$BUILD" install DESTDIR="$D" >"$T_TMP/install.log" 2>&1 ||
    fail "make install: $(tail -5 "$T_TMP/install.log")"
prefix=$(sed -n 's/^prefix = //p' "$BUILD/Makefile")
sysconfdir=$(sed -n 's/^sysconfdir = //p' "$BUILD/Makefile" | sed "s|\${prefix}|$prefix|")
mandir=$prefix/share/man
for f in "$prefix/sbin/docketd" "$prefix/bin/docketctl"; do
	[ -x "$D$f" ] || fail "not installed: $f"
done
for f in "$sysconfdir/docket/docketd.conf" "$sysconfdir/docket/domains.conf" \
    "$sysconfdir/docket/negative-list.conf" \
    "$sysconfdir/docket/holidays/2020.conf" "$sysconfdir/docket/holidays/2026.conf" \
    "$mandir/man8/docketd.8" "$mandir/man8/docketctl.8" "$mandir/man5/docketd.conf.5"; do
	[ -f "$D$f" ] || fail "not installed: $f"
done
unit=$(sed -n 's/^systemdsystemunitdir = //p' "$BUILD/Makefile")
if [ -n "$unit" ] && grep -q '^INSTALL_UNIT_TRUE = $' "$BUILD/Makefile"; then
	f=$(find "$D" -name docketd.service | head -1)
	[ -n "$f" ] || fail "docketd.service not installed"
	grep -q "^ExecStart=$prefix/sbin/docketd -f -c $sysconfdir/docket/docketd.conf" "$f" ||
	    fail "unit's ExecStart: $(grep ExecStart "$f")"
fi
for n in docket.conf; do
	[ -z "$(sed -n 's/^tmpfilesdir = //p' "$BUILD/Makefile")" ] ||
	    [ -n "$(find "$D" -path '*tmpfiles.d/docket.conf')" ] || fail "tmpfiles.d/$n not installed"
	[ -z "$(sed -n 's/^sysusersdir = //p' "$BUILD/Makefile")" ] ||
	    [ -n "$(find "$D" -path '*sysusers.d/docket.conf')" ] || fail "sysusers.d/$n not installed"
done
[ -z "$(sed -n 's/^bashcompletiondir = //p' "$BUILD/Makefile")" ] ||
    [ -n "$(find "$D" -path '*completions/docketctl')" ] || fail "bash completion not installed"

step "the installed programs run"
"$D$prefix/sbin/docketd" -n -c "$D$sysconfdir/docket/docketd.conf" -r "$T_TMP/r" >/dev/null ||
    fail "installed docketd -n on the installed docketd.conf"
"$D$prefix/bin/docketctl" -h | grep -q '退出码' || fail "installed docketctl -h"
# The default configuration path the programs print is the one the
# installed man pages name (docketctl's help is in Chinese).
"$D$prefix/bin/docketctl" -h | grep -qF "（默认 $sysconfdir/docket/docketd.conf）" ||
    fail "docketctl -h does not name $sysconfdir/docket/docketd.conf"
"$D$prefix/sbin/docketd" -h | grep -qF "(default $sysconfdir/docket/docketd.conf)" ||
    fail "docketd -h does not name $sysconfdir/docket/docketd.conf"
for f in man8/docketd.8 man8/docketctl.8 man5/docketd.conf.5; do
	grep -qF "$sysconfdir/docket/docketd.conf" "$D$mandir/$f" ||
	    fail "installed $f does not name $sysconfdir/docket/docketd.conf"
	[ "$sysconfdir" = /etc ] || ! grep -q '^\.It Pa /etc/docket/' "$D$mandir/$f" ||
	    fail "installed $f names /etc/docket/ but this build reads $sysconfdir"
done
