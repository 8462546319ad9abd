#!/bin/bash
# completion.sh: conf/docketctl.bash-completion.
#  - sourced into a plain bash (no bash-completion package), it registers
#    `complete -F _docketctl docketctl`; so it does after bash-completion's
#    own bash_completion when that is installed;
#  - it completes the commands, the global options, the list options only
#    after `list`, the values of --disclosure, --status and --flag (also as
#    --opt=value, split at '=' or not), directories after -r, files after
#    -c, and nothing for DOC or --agency;
#  - every command and value it offers is one docketctl accepts (no usage
#    error, exit 2), and a bogus one is refused: the lists have not drifted.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
T_NAME=completion
SRCDIR=$(cd "$(dirname "${TESTLIB:-$0}")/../.." && pwd)
: "${DOCKETCTL:=$SRCDIR/src/docketctl}"
COMPFILE=$SRCDIR/conf/docketctl.bash-completion
[ -f "$COMPFILE" ] || fail "no $COMPFILE"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-completion.XXXXXX") ||
    { echo "mktemp failed" >&2; exit 99; }
trap t_cleanup EXIT

# The checks run in a fresh `bash --norc`, which sources PRELOAD (if any)
# and then the completion file.
mkdir -p "$T_TMP/fs/rootA" "$T_TMP/fs/rootB" "$T_TMP/fs/my dir"
: >"$T_TMP/fs/rootfile.conf"
: >"$T_TMP/fs/docketd.conf"
cat >"$T_TMP/check.sh" <<'EOF'
fs=$1
compfile=$2
[ -n "$3" ] && . "$3"
. "$compfile" || { echo "sourcing $compfile failed"; exit 1; }
bad=0
got=$(complete -p docketctl 2>&1)
[ "$got" = "complete -F _docketctl docketctl" ] ||
    { echo "complete -p docketctl: '$got'"; bad=1; }

# comp EXPECTED WORD...: complete the last WORD (the words as bash splits
# them); EXPECTED is the sorted, space-separated COMPREPLY.
comp() {
	local want=$1 got
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_docketctl docketctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ')
	got=${got% }
	if [ "$got" != "$want" ]; then
		echo "completing [$*]: expected '$want', got '$got'"
		bad=1
	fi
}

G="--help --json -c -h -r"
L="--agency --disclosure --flag --status"
D="on_request public undetermined withheld"
S="cleaned expired in_force repealed"
F="conflicting_markings missing_reason no_date no_docno no_marking no_title"

comp "history list show status text"	docketctl ""
comp "show status"			docketctl s
comp "history"				docketctl hi
comp "$G"				docketctl -
comp "--help --json"			docketctl --
comp "--agency --disclosure --flag --help --json --status" docketctl list --
comp "--json"				docketctl show --j
comp "--disclosure"			docketctl list --d
comp ""					docketctl status --d
comp "--agency --disclosure --flag --help --json --status -c -h -r" docketctl -r /x list -
comp "$D"				docketctl list --disclosure ""
comp "on_request"			docketctl list --disclosure o
comp "$S"				docketctl list --status ""
comp "expired"				docketctl list --status e
comp "$F"				docketctl list --flag ""
comp "no_date no_docno no_marking no_title" docketctl list --flag no_
comp ""					docketctl list --agency ""
comp ""					docketctl list --status bogus_
# --opt=value as bash splits it (COMP_WORDBREAKS has '='), and unsplit
comp "$S"				docketctl list --status =
comp "in_force"				docketctl list --status = in
comp "withheld"				docketctl list --disclosure = w
comp "--status=in_force"		docketctl list --status=in
comp "--flag=missing_reason"		docketctl list --flag=mis
# the command is found past options and their arguments
comp "history list show status text"	docketctl -r /srv/docket ""
comp "history list show status text"	docketctl -c /etc/docket/docketd.conf --json ""
comp "history list show status text"	docketctl --json ""
comp ""					docketctl list --status expired ""
comp ""					docketctl -r /srv/docket status ""
comp ""					docketctl show ""
comp ""					docketctl history D0000
comp "--help --json"			docketctl text D000001 --
comp "--agency --disclosure --flag --help --json --status -c -h -r" docketctl list --status = expired -
# -r: directories only; -c: files (and directories, to descend)
comp "$fs/rootA $fs/rootB"		docketctl -r "$fs/root"
comp "$fs/my dir"			docketctl -r "$fs/my"
comp "$fs/rootA $fs/rootB $fs/rootfile.conf" docketctl -c "$fs/root"
comp "$fs/docketd.conf"			docketctl list -c "$fs/d"
comp "$fs/rootA $fs/rootB"		docketctl status -r "$fs/r"
exit $bad
EOF

step "plain bash, without bash-completion"
run_rc env -i PATH="$PATH" HOME="$T_TMP" bash --norc --noprofile \
    "$T_TMP/check.sh" "$T_TMP/fs" "$COMPFILE" ""
[ "$RC" -eq 0 ] || fail "$(cat "$T_TMP/out" "$T_TMP/err")"
[ -s "$T_TMP/err" ] && fail "stderr: $(cat "$T_TMP/err")"

step "with bash-completion loaded first"
BC=
for f in "$(pkg-config --variable=datadir bash-completion 2>/dev/null)/bash-completion/bash_completion" \
    /usr/share/bash-completion/bash_completion \
    /usr/local/share/bash-completion/bash_completion; do
	[ -f "$f" ] && { BC=$f; break; }
done
if [ -n "$BC" ]; then
	run_rc env -i PATH="$PATH" HOME="$T_TMP" bash --norc --noprofile \
	    "$T_TMP/check.sh" "$T_TMP/fs" "$COMPFILE" "$BC"
	[ "$RC" -eq 0 ] || fail "with $BC: $(cat "$T_TMP/out" "$T_TMP/err")"
	note "checked with $BC"
else
	note "bash-completion is not installed; skipped"
fi

step "what it offers, docketctl accepts"
[ -x "$DOCKETCTL" ] || { echo "no docketctl at $DOCKETCTL" >&2; exit 99; }
NOROOT=$T_TMP/no-root
# accepted ARGS...: not a usage error (the missing root makes it exit 1)
accepted() {
	run_rc "$DOCKETCTL" -r "$NOROOT" "$@"
	[ "$RC" -ne 2 ] || fail "docketctl $*: usage error: $(cat "$T_TMP/err")"
}
refused() {
	run_rc "$DOCKETCTL" -r "$NOROOT" "$@"
	[ "$RC" -eq 2 ] || fail "docketctl $*: exit status $RC, expected 2"
}
# The lists, read back from the completion file itself.
words_of() {
	sed -n "s/.*compgen -P \"\$pfx\" -W \"\([^\"]*\)\" -- \"\$cur\".*/\1/p" "$COMPFILE" |
	    grep -E "$1"
}
DV=$(words_of '^public ')
SV=$(words_of '^in_force ')
FV=$(words_of '^no_marking ')
[ -n "$DV" ] && [ -n "$SV" ] && [ -n "$FV" ] ||
    fail "cannot read the value lists from $COMPFILE"
for c in status list; do accepted "$c"; done
for c in show history text; do accepted "$c" D000001; done
refused frobnicate D000001
for v in $DV; do accepted list --disclosure "$v"; done
for v in $SV; do accepted list --status "$v"; done
for v in $FV; do accepted list --flag "$v"; done
accepted list --agency 教育局
accepted --json status
refused list --disclosure secret
refused list --status bogus
refused list --flag bogus
gone "$NOROOT" || fail "docketctl created $NOROOT"
HELP=$("$DOCKETCTL" -h)
for w in status list show history text -r -c --json -h \
    --disclosure --status --agency --flag $DV $SV; do
	assert_contains "$HELP" "$w" "docketctl -h"
done
note "ok"
