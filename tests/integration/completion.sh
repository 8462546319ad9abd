#!/bin/bash
# completion.sh: conf/docketctl.bash-completion.
#  - sourced into a plain bash (no bash-completion package), it registers
#    `complete -F _docketctl docketctl`; so it does after bash-completion's
#    own bash_completion when that is installed;
#  - it completes the commands, the global options, and after a command
#    only the options that go with it (list's filters after list, --reason
#    after mark review repeal hold unhold ocr-checked, --to after review
#    but not keep, --by after repeal, --as-of after cleanup but not
#    cleanup run, --agency after list and ingest); the values of
#    --disclosure, --status, --flag and --to (also as --opt=value, split
#    at '=' or not); mark's disclosure, review's decision and cleanup's
#    run; directories after -r, files after -c and for ingest; and
#    nothing for DOC, --agency, --reason, --by, --as-of or
#    --review-due-before;
#  - every command, option and value it offers is one docketctl accepts
#    (no usage error, exit 2), an option it does not offer after a command
#    is refused there, and a bogus value is refused: the lists have not
#    drifted.  mark's and review's values and --to's are docketd's to
#    check, so against no daemon they are checked against docketctl -h.
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

G="--help --json --version -c -h -r"
C="annual-report apply calendar cleanup diff export help history hold ingest list mark negative-list ocr-checked outbox publish quarantine reindex repeal report restore review schedule search show status text unhold unrepeal verify versions"
# list's options and the global ones, sorted
LG="--agency --all --disclosure --flag --held --help --json --review-due-before --status -c -h -r"
D="on_request public undetermined withheld"
S="cleaned expired in_force repealed"
F="classified conflicting_markings interpretation_unlinked invalid_date missing_reason no_date no_docno no_interpretation no_marking no_title ocr_check reason_unlisted review_overdue"

comp "$C"				docketctl ""
comp "schedule search show status"		docketctl s
comp "history"				docketctl hi
comp "reindex repeal report restore review"	docketctl re
comp "applications cleanup compliance review summary"	docketctl report ""
comp "--agency --as-of --format --help --json --mail -c -h -r"	docketctl report review -
comp "csv json text"			docketctl report review --format ""
comp "csv xlsx"				docketctl export --format ""
comp "publish set"			docketctl annual-report ""
comp ""					docketctl annual-report 2025 ""
comp "--agency --check --format --help --json -c -h -r"	docketctl annual-report 2025 -
comp "--agency --help --json -c -h -r"	docketctl annual-report set 2025 permits 1 -
comp "--agency"				docketctl annual-report publish 2025 --a
comp "html json md"			docketctl annual-report 2025 --format ""
comp "charges enforcement penalties permits"	docketctl annual-report set 2025 ""
comp "penalties permits"		docketctl annual-report set 2025 pe
comp ""					docketctl annual-report set 2025 permits ""
comp "--agency --all"			docketctl export --a
comp "--output"				docketctl export --ou
comp "drop list retry show"		docketctl quarantine ""
comp "add"				docketctl calendar ""
comp "add"				docketctl calendar a
comp ""					docketctl calendar add ""
comp ""					docketctl calendar add 2025-09-26 ""
comp ""					docketctl calendar 2025 ""
comp "--help --json"			docketctl calendar add 2025-09-26 20 --
comp "calendar cleanup"			docketctl c
comp "answer appeal appeal-result ask-reason"	docketctl apply a
comp "set-due show"			docketctl apply s
comp "--due --help --json --on --reason"	docketctl apply set-due A2026-00001 --
comp ""					docketctl apply set-due A2026-00001 --due ""
comp "--what"				docketctl apply ask-reason A2026-00001 --w
comp ""					docketctl apply show ""
comp "--open --overdue"			docketctl apply list --o
comp "--count --help --json --pages"	docketctl apply fee A2026-00001 --
comp "in_person"			docketctl apply new --channel in_
comp "legal"				docketctl apply new --applicant-type l
comp "needs_creation not_held unclear_after_correction" docketctl apply answer A2026-00001 --type unavailable --sub ""
comp "fee_unpaid"			docketctl apply answer A2026-00001 --type=other --sub f
comp "lawsuit review"			docketctl apply appeal A2026-00001 --kind ""
comp "pending"				docketctl apply appeal-result A2026-00001 --result p
comp ""					docketctl apply correct A2026-00001 --within ""
comp "$fs/docketd.conf"			docketctl export -o "$fs/d"
comp "unhold unrepeal"			docketctl u
comp "verify versions"			docketctl ver
comp "$G"				docketctl -
comp "--help --json --version"		docketctl --
comp "${LG% -c -h -r}"		docketctl list --
comp "--json"				docketctl show --j
comp "--version"			docketctl show D000001 --v
comp ""					docketctl show D000001 --version ""
comp "--help --json --version"		docketctl text D000001 --
comp "repeal report"			docketctl help rep
comp "--help -h"			docketctl help -
comp "--disclosure"			docketctl list --d
comp "--agency --all"			docketctl list --a
comp "--held --help"			docketctl list --he
comp "--review-due-before"		docketctl list --r
comp ""					docketctl status --d
comp ""					docketctl status --a
comp ""					docketctl show --r
comp "$LG"				docketctl -r /x list -
comp "$D"				docketctl list --disclosure ""
comp "on_request"			docketctl list --disclosure o
comp "$S"				docketctl list --status ""
comp "expired"				docketctl list --status e
comp "$F"				docketctl list --flag ""
comp "no_date no_docno no_interpretation no_marking no_title" docketctl list --flag no_
comp "reason_unlisted review_overdue"	docketctl list --flag r
comp ""					docketctl list --agency ""
comp ""					docketctl list --status bogus_
comp ""					docketctl list --review-due-before ""
comp ""					docketctl list --review-due-before 2024-
comp ""					docketctl list --all ""
# --opt=value as bash splits it (COMP_WORDBREAKS has '='), and unsplit
comp "$S"				docketctl list --status =
comp "in_force"				docketctl list --status = in
comp "withheld"				docketctl list --disclosure = w
comp "--status=in_force"		docketctl list --status=in
comp "--flag=missing_reason"		docketctl list --flag=mis
comp ""					docketctl list --review-due-before=2024
comp ""					docketctl list --review-due-before = ""
comp ""					docketctl --json=
comp ""					docketctl --json = ""
# the command is found past options and their arguments
comp "$C"				docketctl -r /srv/docket ""
comp "$C"				docketctl -c /etc/docket/docketd.conf --json ""
comp "$C"				docketctl --json ""
comp ""					docketctl list --status expired ""
comp ""					docketctl -r /srv/docket status ""
comp ""					docketctl show ""
comp ""					docketctl history D0000
comp ""					docketctl versions ""
comp "--help --json"			docketctl versions D000001 --
comp "$LG"				docketctl list --status = expired -
comp "--help --json"			docketctl status --
comp "--help --json"			docketctl schedule --
comp "--help --json"			docketctl verify --
comp "--help --json"			docketctl reindex --
comp "--help --json --rebuild --status"	docketctl publish --
# mark DOC public|on_request|withheld [--reason TEXT]
comp ""					docketctl mark ""
comp "on_request public withheld"	docketctl mark D000001 ""
comp "withheld"				docketctl mark D000001 w
comp ""					docketctl mark D000001 withheld ""
comp "--help --item --json --kind --reason"	docketctl mark D000001 --
comp "auto normative other regulation"	docketctl mark D000001 --kind ""
comp "--help --json --reason"		docketctl mark D000001 --kind regulation --
comp ""					docketctl mark D000001 --kind regulation ""
comp "--help --item --json --reason"	docketctl mark D000001 public --
comp "--reason"				docketctl mark D000001 public --r
comp ""					docketctl mark D000001 withheld --reason ""
comp ""					docketctl mark D000001 withheld --reason=
comp ""					docketctl mark D000001 withheld --reason = ""
comp "on_request public withheld"	docketctl --json mark -r /x D000001 --reason "not yet" ""
comp "on_request public withheld"	docketctl mark --reason = "a b" D000001 ""
comp "on_request"			docketctl -r /srv/docket mark --reason=x D000001 on
# review DOC keep|release [--to public|on_request] --reason TEXT
comp ""					docketctl review ""
comp "keep release"			docketctl review D000001 ""
comp "release"				docketctl review D000001 r
comp "release"				docketctl review D000001 --to public re
comp ""					docketctl review D000001 release ""
comp "--help --json --reason --to"	docketctl review D000001 --
comp "--help --json --reason --to"	docketctl review D000001 release --
comp "--help --json --reason"		docketctl review D000001 keep --
comp "--to"				docketctl review D000001 release --t
comp "on_request public"		docketctl review D000001 release --to ""
comp "public"				docketctl review D000001 release --to p
comp "--to=public"			docketctl review D000001 release --to=p
comp "on_request"			docketctl review D000001 release --to = o
comp ""					docketctl review D000001 release --to bogus_
comp ""					docketctl review D000001 release --reason ""
# repeal DOC [--by DOC2] --reason TEXT; hold/unhold DOC --reason TEXT
comp ""					docketctl repeal ""
comp ""					docketctl repeal D000001 ""
comp "--by --help --json --on --reason"	docketctl repeal D000001 --
comp ""					docketctl repeal D000001 --on ""
comp "--help --json --reason"		docketctl unrepeal D000001 --
comp "--help --json --reason"		docketctl restore D000001 --
comp ""					docketctl repeal D000001 --by ""
comp ""					docketctl repeal D000001 --by=D0
comp "--by --help --json --on --reason"	docketctl repeal D000001 --by D000002 --reason x --j --
comp "--help --json --reason"		docketctl hold D000001 --
comp "--help --json --reason"		docketctl unhold D000001 --
comp "--help --json --reason"		docketctl ocr-checked D000001 --
comp "--reason"				docketctl ocr-checked D000001 --r
comp ""					docketctl ocr-checked ""
comp ""					docketctl ocr-checked D000001 --reason ""
comp "ocr-checked outbox"		docketctl o
comp ""					docketctl hold D000001 --reason ""
comp ""					docketctl unhold D000001 ""
# cleanup [--as-of DATE] | cleanup run
comp "run"				docketctl cleanup ""
comp "run"				docketctl cleanup r
comp "run"				docketctl --json cleanup ""
comp "--as-of --help --json"		docketctl cleanup --
comp "--as-of"				docketctl cleanup --a
comp "--help --json"			docketctl cleanup run --
comp ""					docketctl cleanup run ""
comp ""					docketctl cleanup --as-of ""
comp ""					docketctl cleanup --as-of = ""
comp ""					docketctl cleanup --as-of 2024-01-01 ""
comp ""					docketctl cleanup --as-of=2024-01-01 ""
comp ""					docketctl cleanup --as-of = 2024-01-01 ""
# ingest [--agency A] FILE...: files (and directories, to descend)
comp "--agency --help --json"		docketctl ingest --
comp ""					docketctl ingest --agency ""
comp "$fs/rootA $fs/rootB $fs/rootfile.conf" docketctl ingest "$fs/root"
comp "$fs/docketd.conf"			docketctl ingest --agency 教育局 "$fs/d"
comp "$fs/docketd.conf"			docketctl ingest --agency=教育局 "$fs/d"
comp "$fs/rootfile.conf"		docketctl ingest "$fs/docketd.conf" "$fs/rootf"
comp "$fs/my dir"			docketctl --json ingest "$fs/my"
# -r: directories only; -c: files (and directories, to descend)
comp "$fs/rootA $fs/rootB"		docketctl -r "$fs/root"
comp "$fs/my dir"			docketctl -r "$fs/my"
comp "$fs/rootA $fs/rootB $fs/rootfile.conf" docketctl -c "$fs/root"
comp "$fs/docketd.conf"			docketctl list -c "$fs/d"
comp "$fs/rootA $fs/rootB"		docketctl status -r "$fs/r"
comp "$fs/rootA $fs/rootB"		docketctl mark D000001 -r "$fs/r"
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
	fail "bash-completion is not installed; bash .ci/setup installs it (package bash-completion)"
fi

[ -x "$DOCKETCTL" ] || { echo "no docketctl at $DOCKETCTL" >&2; exit 99; }
NOROOT=$T_TMP/no-root
# accepted ARGS...: not a usage error.  Against the missing root the reads
# exit 1 (no database), the changes 1 (cannot connect to docketd; or no
# database, resolving DOC), ingest 1 (no intake/).
accepted() {
	run_rc "$DOCKETCTL" -r "$NOROOT" "$@"
	[ "$RC" -ne 2 ] || fail "docketctl $*: usage error: $(cat "$T_TMP/err")"
}
refused() {
	run_rc "$DOCKETCTL" -r "$NOROOT" "$@"
	[ "$RC" -eq 2 ] || fail "docketctl $*: exit status $RC, expected 2"
}
# offered WORD...: what the completion offers for the last WORD, one a
# line, asked of the completion function itself (sourced here).
. "$COMPFILE" || fail "sourcing $COMPFILE failed"
offered() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_docketctl docketctl "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}"
}
# has WORD LIST: WORD is one of the space-separated LIST.
has() {
	case " $2 " in *" $1 "*) return 0 ;; esac
	return 1
}
FILE=$T_TMP/fs/rootfile.conf
# The arguments each command takes (as the usage has them), and a value
# for each option that takes one.
declare -A POS=(
	[status]= [list]= [schedule]= [verify]= [reindex]= [cleanup]=
	[show]=D000001 [history]=D000001 [versions]=D000001 [text]=D000001 [diff]=D000001
	[mark]="D000001 public" [review]="D000001 release"
	[repeal]=D000001 [hold]=D000001 [unhold]=D000001
	[unrepeal]=D000001 [restore]=D000001 [ocr-checked]=D000001 [help]= [quarantine]=list [export]= [negative-list]=
	[calendar]="add 2025-09-26 20"
	[apply]="answer A2026-00001 --on 2024-01-01 --type unavailable --sub not_held --reason why"
	[ingest]=$FILE [report]=review [outbox]=
	[publish]= [search]=预算 [annual-report]=2025
)
declare -A VAL=(
	[-r]=$NOROOT [-c]=$T_TMP/fs/docketd.conf
	[--disclosure]=public [--status]=in_force [--agency]=教育局
	[--flag]=no_title [--review-due-before]=2024-01-01 [--reason]=why
	[--to]=public [--by]=D000002 [--as-of]=2024-01-01 [--format]=csv
	[--on]=2024-01-01 [--version]=1 [--output]=$T_TMP/fs/export.csv
	[--type]=unavailable [--sub]=not_held [--item]=process [--refer]=某局 [--docs]=D000001
	[--year]=2024 [--limit]=5
)

step "what it offers, docketctl accepts: the commands"
CMDS=$(offered docketctl "" | tr '\n' ' ')
for c in "${!POS[@]}"; do
	has "$c" "$CMDS" || fail "docketctl's command $c is not completed"
done
for c in $CMDS; do
	[ -n "${POS[$c]+set}" ] ||
	    fail "the completion offers '$c', which docketctl has not"
	accepted "$c" ${POS[$c]}
done
refused frobnicate D000001
# the positional values
MV=$(offered docketctl mark D000001 "" | tr '\n' ' ')
RV=$(offered docketctl review D000001 "" | tr '\n' ' ')
CV=$(offered docketctl cleanup "" | tr '\n' ' ')
[ -n "$MV" ] && [ -n "$RV" ] && [ -n "$CV" ] ||
    fail "no values for mark, review or cleanup"
for v in $MV; do accepted mark D000001 "$v" --reason why; done
for v in $RV; do accepted review D000001 "$v" --reason why; done
for v in $CV; do accepted cleanup "$v"; done
refused cleanup bogus
refused mark D000001
refused review D000001
refused mark D000001 public extra
# mark --kind: a kind and a reason, never with a disclosure
for v in $(offered docketctl mark D000001 --kind ""); do
	accepted mark D000001 --kind "$v" --reason why
done
refused mark D000001 --kind bogus --reason why
refused mark D000001 --kind normative
refused mark D000001 public --kind normative --reason why
refused mark D000001 --kind normative --item process --reason why

step "what it offers, docketctl accepts: the options after each command"
ALLOPTS=
for c in $CMDS; do
	OPTS=$(offered docketctl "$c" ${POS[$c]} - | tr '\n' ' ')
	[ -n "$OPTS" ] || fail "no options after $c"
	for o in $OPTS; do
		has "$o" "$ALLOPTS" || ALLOPTS="$ALLOPTS $o"
		# publish --status takes no value (list's --status does)
		if [ -n "${VAL[$o]+set}" ] &&
		    ! [ "$c $o" = "publish --status" ]; then
			# annual-report --format takes md, html or json
			v=${VAL[$o]}
			[ "$c $o" = "annual-report --format" ] && v=md
			accepted "$c" ${POS[$c]} "$o" "$v"
		else
			case $o in
			--json|--all|--held|--mail|--rebuild|--status|--check|-h|--help) ;;
			*) fail "after $c: '$o' is an option docketctl has not" ;;
			esac
			accepted "$c" ${POS[$c]} "$o"
		fi
	done
	# (a variable name has no "-": ocr-checked keeps OPTS_ocr_checked)
	eval "OPTS_${c//-/_}=\$OPTS"
done
for o in "${!VAL[@]}" --json --all --held -h --help; do
	has "$o" "$ALLOPTS" || fail "docketctl's option $o is never completed"
done
# and those it does not offer after a command, docketctl refuses there;
# but it ignores --to and --by outside mark, review, repeal, hold, unhold
for c in $CMDS; do
	eval "OPTS=\$OPTS_${c//-/_}"
	for o in $ALLOPTS; do
		has "$o" "$OPTS" && continue
		case $o in
		--to|--by)
			has "$c" "mark review repeal hold unhold" || continue
			;;
		-h|--help)
			continue
			;;
		esac
		if [ -n "${VAL[$o]+set}" ]; then
			refused "$c" ${POS[$c]} "$o" "${VAL[$o]}"
		else
			refused "$c" ${POS[$c]} "$o"
		fi
	done
done
# cleanup run takes no --as-of, review keep no --to (docketd's to refuse)
has --as-of "$(offered docketctl cleanup run - | tr '\n' ' ')" &&
    fail "--as-of offered after cleanup run"
refused cleanup run --as-of 2024-01-01
has --to "$(offered docketctl review D000001 keep - | tr '\n' ' ')" &&
    fail "--to offered after review keep"

step "what it offers, docketctl accepts: the option values"
DV=$(offered docketctl list --disclosure "")
SV=$(offered docketctl list --status "")
FV=$(offered docketctl list --flag "")
TV=$(offered docketctl review D000001 release --to "" | tr '\n' ' ')
[ -n "$DV" ] && [ -n "$SV" ] && [ -n "$FV" ] && [ -n "$TV" ] ||
    fail "no values for --disclosure, --status, --flag or --to"
for v in $DV; do accepted list --disclosure "$v"; done
for v in $SV; do accepted list --status "$v"; done
for v in $FV; do accepted list --flag "$v"; done
for v in $TV; do accepted review D000001 release --to "$v" --reason why; done
accepted list --agency 教育局
accepted list --review-due-before 2024-02-29 --all
accepted ingest --agency 教育局 "$FILE" "$T_TMP/fs/docketd.conf"
accepted cleanup --as-of 2024-02-29
accepted repeal D000001 --by 淄政办字〔2020〕79号 --reason why
accepted --json status
refused list --disclosure secret
refused list --status bogus
refused list --flag bogus
refused list --review-due-before soon
refused cleanup --as-of soon
refused ingest
gone "$NOROOT" || fail "docketctl created $NOROOT"

step "docketctl -h"
HELP=$("$DOCKETCTL" -h)
for w in $CMDS $ALLOPTS $CV $DV $SV; do
	[ "$w" = --help ] && continue
	assert_contains "$HELP" "$w" "docketctl -h"
done
# docketd checks these; docketctl -h states them
join() { local IFS='|'; echo "$*"; }
assert_contains "$HELP" "mark DOC $(join $MV)" "docketctl -h"
assert_contains "$HELP" "review DOC $(join $RV)" "docketctl -h"
assert_contains "$HELP" "--to $(join $TV)" "docketctl -h"
note "ok"
