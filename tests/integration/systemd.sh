#!/bin/bash
# systemd.sh: the systemd integration files in systemd/.
#  - docketd.service.in, rendered with a docketd that exists, passes
#    `systemd-analyze verify` without a word (its man: links are looked up
#    in doc/ through MANPATH);
#  - `systemd-analyze security --offline=true` rates the unit as rendered
#    for /usr/sbin and /etc at an exposure of at most 2.0;
#  - ExecReload's `docketd -n -c FILE` accepts the shipped configuration
#    and refuses a broken one;
#  - docket.sysusers and docket.tmpfiles apply cleanly to a scratch root
#    (systemd-sysusers/systemd-tmpfiles --root), giving the modes docketd
#    needs (as root, also the owners);
#  - the shipped conf/docketd.conf agrees with them: root is the unit's
#    StateDirectory and the sysusers home; intake, spool and quarantine lie
#    in one writable mount of the sandbox (the claim is a rename(2), which
#    fails with EXDEV between two mounts even on one file system); intake
#    is the setgid 2770 directory of docket.tmpfiles.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
T_NAME=systemd
SRCDIR=$(cd "$(dirname "${TESTLIB:-$0}")/../.." && pwd)
: "${DOCKETD:=$SRCDIR/src/docketd}"
: "${DOCKETD_CONF:=$SRCDIR/conf/docketd.conf}"
UNIT_IN=$SRCDIR/systemd/docketd.service.in
SYSUSERS=$SRCDIR/systemd/docket.sysusers
TMPFILES=$SRCDIR/systemd/docket.tmpfiles
need systemd-analyze systemd
need systemd-sysusers systemd
need systemd-tmpfiles systemd
for f in "$UNIT_IN" "$SYSUSERS" "$TMPFILES" "$DOCKETD_CONF"; do
	[ -f "$f" ] || fail "no $f"
done
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-systemd.XXXXXX") ||
    { echo "mktemp failed" >&2; exit 99; }
trap t_cleanup EXIT

# render SBINDIR SYSCONFDIR OUT
render() {
	sed -e "s|@sbindir@|$1|g" -e "s|@sysconfdir@|$2|g" "$UNIT_IN" >"$3" ||
	    fail "cannot render $3"
	! grep -n '@[a-zA-Z_]*@' "$3" >&2 || fail "placeholders left in $3"
}

# unit_values KEY: the values of KEY= in the system rendering, one a line,
# split at blanks.
unit_values() {
	sed -n "s/^$1=//p" "$T_TMP/system/docketd.service" | tr ' \t' '\n\n' |
	    grep .
}

step "render"
mkdir -p "$T_TMP/verify/sbin" "$T_TMP/system" "$T_TMP/man/man5" "$T_TMP/man/man8"
# verify checks that ExecStart= is executable: a link to the docketd
# under test (a path without blanks, whatever the build directory is).
if [ -x "$DOCKETD" ]; then
	ln -s "$DOCKETD" "$T_TMP/verify/sbin/docketd"
else
	note "no docketd at $DOCKETD: verifying with true(1) in its place"
	ln -s "$(command -v true)" "$T_TMP/verify/sbin/docketd"
fi
render "$T_TMP/verify/sbin" "$T_TMP/verify/etc" "$T_TMP/verify/docketd.service"
render /usr/sbin /etc "$T_TMP/system/docketd.service"
for m in "$SRCDIR"/doc/*.[58]; do
	cp "$m" "$T_TMP/man/man${m##*.}/" || fail "cannot copy $m"
done

step "systemd-analyze verify"
(cd "$T_TMP/verify" && MANPATH=$T_TMP/man SYSTEMD_LOG_COLOR=0 \
    systemd-analyze verify ./docketd.service) >"$T_TMP/verify.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$T_TMP/verify.out" ] ||
    fail "systemd-analyze verify (status $rc):"$'\n'"$(cat "$T_TMP/verify.out")"
note "verify: clean"

step "systemd-analyze security --offline=true"
if (cd "$T_TMP/system" && systemd-analyze security --offline=true \
    ./docketd.service) >"$T_TMP/security.out" 2>"$T_TMP/security.err"; then
	line=$(grep 'Overall exposure level for' "$T_TMP/security.out")
	score=$(printf '%s\n' "$line" |
	    sed -n 's/.*Overall exposure level for [^:]*: *\([0-9][0-9.]*\).*/\1/p')
	[ -n "$score" ] || fail "no exposure level in:"$'\n'"$(cat "$T_TMP/security.out")"
	awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' ||
	    fail "exposure $score > 2.0:"$'\n'"$(grep '✗' "$T_TMP/security.out")"
	note "exposure $score"
elif grep -q -- '--offline' "$T_TMP/security.err"; then
	note "this systemd-analyze has no --offline; skipped"
else
	fail "systemd-analyze security: $(cat "$T_TMP/security.err")"
fi

step "the unit's settings"
for kv in Type=notify NotifyAccess=main User=docket Group=docket \
    StateDirectory=docket RuntimeDirectory=docket ProtectSystem=strict \
    KillMode=mixed CapabilityBoundingSet= "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" IPAddressAllow=localhost; do
	grep -qx -- "$kv" "$T_TMP/system/docketd.service" || fail "no $kv in the unit"
done
grep -qx 'ExecStart=/usr/sbin/docketd -f -c /etc/docket/docketd.conf' \
    "$T_TMP/system/docketd.service" || fail "ExecStart= is not docketd -f -c FILE"
grep -q '^NoExecPaths=' "$T_TMP/system/docketd.service" &&
    fail "NoExecPaths= would stop docketd from running its extractors"

step "ExecReload: docketd -n"
if [ -x "$DOCKETD" ]; then
	assert_rc 0 "docketd -n -c the shipped configuration" \
	    "$DOCKETD" -n -r "$T_TMP/nroot" -c "$DOCKETD_CONF"
	printf 'settle = soon\n' >"$T_TMP/bad.conf"
	assert_rc 1 "docketd -n -c a broken configuration" \
	    "$DOCKETD" -n -r "$T_TMP/nroot" -c "$T_TMP/bad.conf"
	gone "$T_TMP/nroot" || fail "docketd -n created its root"
else
	note "no docketd; skipped"
fi

step "sysusers.d and tmpfiles.d"
SYSROOT=$T_TMP/sysroot
mkdir -p "$SYSROOT/etc"
systemd-sysusers --root="$SYSROOT" "$SYSUSERS" >"$T_TMP/out" 2>"$T_TMP/err" ||
    fail "systemd-sysusers: $(cat "$T_TMP/err")"
pw=$(grep '^docket:' "$SYSROOT/etc/passwd") || fail "sysusers made no user docket"
IFS=: read -r _ _ uid gid _ home _ <<<"$pw"
grep -q "^docket:x:$gid:" "$SYSROOT/etc/group" ||
    fail "the group of docket ($gid) is not the group docket"
note "sysusers: $pw"
if [ -s "$SYSROOT/etc/passwd" ]; then
	systemd-tmpfiles --create --root="$SYSROOT" "$TMPFILES" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ "$(id -u)" -eq 0 ] || [ "$rc" -ne 73 ]; then
		[ "$rc" -eq 0 ] && [ ! -s "$T_TMP/err" ] ||
		    fail "systemd-tmpfiles (status $rc): $(cat "$T_TMP/err")"
	else
		# Not root: chown to docket fails; nothing else may.
		grep -v '^fchownat() of .* failed: Operation not permitted$' \
		    "$T_TMP/err" >"$T_TMP/err2"
		[ ! -s "$T_TMP/err2" ] ||
		    fail "systemd-tmpfiles (status $rc): $(cat "$T_TMP/err2")"
		note "not root: ownership not checked"
		uid=
	fi
	# every d line: the mode (and owner) as written
	while read -r type path mode user group _; do
		[ "$type" = d ] || continue
		st=$(stat -c '%a %u %g' "$SYSROOT$path") || fail "tmpfiles made no $path"
		set -- $st
		if [ -n "$uid" ]; then
			[ "$1" = "${mode#0}" ] || fail "$path: mode $1, expected $mode"
		else	# not root: the failed chown leaves the setgid bit unset
			[ "${1: -3}" = "${mode: -3}" ] ||
			    fail "$path: mode $1, expected $mode"
		fi
		if [ -n "$uid" ]; then
			[ "$2" = "$uid" ] && [ "$3" = "$gid" ] ||
			    fail "$path: owner $2:$3, expected docket ($uid:$gid)"
		fi
	done < <(grep -v '^[[:space:]]*#' "$TMPFILES")
	note "tmpfiles: applied"
else
	note "no systemd-tmpfiles or no user docket; skipped"
fi

step "conf/docketd.conf agrees with the unit and tmpfiles.d"
# conf_get KEY DEFAULT: the value of KEY in the shipped file (top level or
# [docketd]), comments removed.
conf_get() {
	local v

	v=$(awk -v k="$1" '
	    /^[[:space:]]*\[/ { sec = $0; gsub(/[][[:space:]]/, "", sec); next }
	    sec != "" && sec != "docketd" { next }
	    { sub(/[;#].*/, "") }
	    $0 ~ "^[[:space:]]*" k "[[:space:]]*=" {
		sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]+$/, ""); v = $0 }
	    END { print v }' "$DOCKETD_CONF")
	printf '%s\n' "${v:-$2}"
}
ROOTDIR=$(conf_get root /var/lib/docket)
abs() {
	case $1 in
	/*) printf '%s\n' "${1%/}" ;;
	*) printf '%s\n' "$ROOTDIR/${1%/}" ;;
	esac
}
INTAKE_DIR=$(abs "$(conf_get intake intake)")
SPOOL_DIR=$(abs "$(conf_get spool spool)")
QUAR_DIR=$(abs "$(conf_get quarantine quarantine)")
DB_DIR=$(abs "$(conf_get db db)")
VAULT_DIR=$(abs "$(conf_get vault vault.git)")
note "root $ROOTDIR, intake $INTAKE_DIR, spool $SPOOL_DIR, quarantine $QUAR_DIR"
MOUNTS=()
for s in $(unit_values StateDirectory); do MOUNTS+=("/var/lib/$s"); done
for s in $(unit_values RuntimeDirectory); do MOUNTS+=("/run/$s"); done
for s in $(unit_values ReadWritePaths); do s=${s#-}; MOUNTS+=("${s#+}"); done
# mount_of PATH: the writable mount PATH lies in (the longest prefix).
mount_of() {
	local m best=

	for m in "${MOUNTS[@]}"; do
		case $1/ in
		"${m%/}"/*) [ "${#m}" -gt "${#best}" ] && best=$m ;;
		esac
	done
	printf '%s\n' "$best"
}
assert_contains " $(unit_values StateDirectory | sed 's|^|/var/lib/|' | tr '\n' ' ') " \
    " $ROOTDIR " "the unit's StateDirectory= (the configured root)"
[ -z "${home:-}" ] || assert_eq "$ROOTDIR" "$home" "the home of user docket"
for d in "$ROOTDIR" "$INTAKE_DIR" "$SPOOL_DIR" "$QUAR_DIR" "$DB_DIR" "$VAULT_DIR"; do
	[ -n "$(mount_of "$d")" ] ||
	    fail "$d is not writable in docketd.service (writable: ${MOUNTS[*]})"
done
mi=$(mount_of "$INTAKE_DIR")
for d in "$SPOOL_DIR" "$QUAR_DIR"; do
	[ "$(mount_of "$d")" = "$mi" ] ||
	    fail "intake $INTAKE_DIR is in the mount $mi, but $d in $(mount_of "$d"):" \
	        "renaming between them fails with EXDEV under docketd.service"
done
grep -qE "^d[[:space:]]+$INTAKE_DIR/?[[:space:]]+2770[[:space:]]+docket[[:space:]]+docket" "$TMPFILES" ||
    fail "intake $INTAKE_DIR is not the 2770 docket:docket directory of $TMPFILES"
note "ok"
