#!/bin/bash
# manlint.sh: the manual pages in doc/ pass `mandoc -Tlint -W warning`
# without a message (warnings, errors and unsupported requests alike), and
# every page they cross-reference with .Xr that docket ships exists.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
T_NAME=manlint
SRCDIR=$(cd "$(dirname "${TESTLIB:-$0}")/../.." && pwd)
need mandoc

shopt -s nullglob
PAGES=("$SRCDIR"/doc/*.[1-9])
[ "${#PAGES[@]}" -gt 0 ] || fail "no manual pages in $SRCDIR/doc"

step "mandoc -Tlint -W warning"
for p in "${PAGES[@]}"; do
	out=$(mandoc -Tlint -W warning "$p" 2>&1)
	rc=$?
	[ -z "$out" ] && [ "$rc" -eq 0 ] ||
	    fail "${p#"$SRCDIR"/} (status $rc):"$'\n'"$out"
	note "${p#"$SRCDIR"/}: clean"
done

step "cross-references to docket's own pages"
for p in "${PAGES[@]}"; do
	while read -r name sec; do
		case $name in
		docket*) ;;
		*) continue ;;
		esac
		[ -f "$SRCDIR/doc/$name.$sec" ] ||
		    fail "${p#"$SRCDIR"/}: .Xr $name $sec, but there is no doc/$name.$sec"
	done < <(sed -n 's/^\.Xr \([^ ]*\) \([0-9]\).*/\1 \2/p' "$p")
done
note "ok"
