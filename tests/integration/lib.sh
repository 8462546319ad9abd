# lib.sh: helpers for docket's integration tests.  Sourced (by bash) from
# each tests/integration/*.sh:
#
#	[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
#	. "${TESTLIB:-$(dirname "$0")/lib.sh}"
#	t_init NAME
#
# automake passes DOCKETD, DOCKETCTL, DOCKET_TEST_DATA and TESTLIB; run by
# hand from the source tree, the binaries in src/ are used.  Each test gets
# its own mktemp -d directory holding the root ($ROOT), a staging folder on
# the same file system ($STAGE) and the daemon logs; an EXIT trap kills any
# daemon still running, shows the logs when the test failed and removes
# the directory (set DOCKET_TEST_KEEP=1 to keep it).
#
# Nothing here sleeps to assert: wait_for polls a condition every 0.1 s up
# to T_TIMEOUT seconds (DOCKET_TEST_TIMEOUT, default 20).
#
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.  A missing tool is a
# failure, not a skip: .ci/setup installs every tool the tests use, so
# `need TOOL` fails the test when it is not there (no test passes silently
# because a tool such as jq was missing).

if [ -z "${BASH_VERSION:-}" ]; then
	echo "lib.sh: needs bash" >&2
	exit 99
fi

export LC_ALL=C
export TZ=UTC
unset CDPATH GREP_OPTIONS

T_TIMEOUT=${DOCKET_TEST_TIMEOUT:-20}
T_NAME=
T_TMP=
T_PIDS=
T_NSTART=0
T_DOCSEQ=0
DPID=
ROOT=
STAGE=
LOG=
INTAKE=
CTL_CONF=

# --- reporting -----------------------------------------------------------

fail() {
	echo "FAIL: ${T_NAME:+$T_NAME: }$*" >&2
	exit 1
}

skip() {
	echo "SKIP: ${T_NAME:+$T_NAME: }$*" >&2
	exit 77
}

# need TOOL [PACKAGE]: fail (never skip) when TOOL is not installed.
need() {
	command -v "$1" >/dev/null 2>&1 ||
	    fail "$1 is not installed; bash .ci/setup installs it (package ${2:-$1}); the test fails without it"
}

note() {
	echo "# $*"
}

step() {
	echo "== $*"
}

# --- set-up and tear-down ------------------------------------------------

t_cleanup() {
	local rc=$? pid i f

	trap - EXIT
	for pid in $T_PIDS; do
		kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
	done
	for pid in $T_PIDS; do
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -n "$T_TMP" ]; then
		for f in "$T_TMP"/*.log; do
			[ -f "$f" ] || continue
			echo "---- ${f##*/} ----" >&2
			cat "$f" >&2
		done
		echo "---- end of logs ----" >&2
	fi
	if [ -n "$T_TMP" ] && [ -d "$T_TMP" ]; then
		if [ -n "${DOCKET_TEST_KEEP:-}" ]; then
			echo "# kept $T_TMP" >&2
		else
			chmod -R u+rwX "$T_TMP" 2>/dev/null
			rm -rf "$T_TMP"
		fi
	fi
	exit "$rc"
}

# t_init NAME: check the tools, make the scratch directory, set the traps.
t_init() {
	local here

	T_NAME=$1
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	: "${DOCKETD:=$here/../../src/docketd}"
	: "${DOCKETCTL:=$here/../../src/docketctl}"
	: "${DOCKET_TEST_DATA:=$here/../data}"
	[ -x "$DOCKETD" ] || { echo "no docketd at $DOCKETD" >&2; exit 99; }
	[ -x "$DOCKETCTL" ] || { echo "no docketctl at $DOCKETCTL" >&2; exit 99; }
	need jq
	need git
	need sha256sum coreutils
	need timeout coreutils
	T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-$T_NAME.XXXXXX") ||
	    { echo "mktemp failed" >&2; exit 99; }
	trap t_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	STAGE=$T_TMP/stage
	mkdir -p "$STAGE"
	new_root root
	note "$T_NAME: scratch directory $T_TMP"
}

# new_root NAME: point ROOT at a fresh (not yet existing) root in T_TMP.
new_root() {
	ROOT=$T_TMP/$1
	INTAKE=$ROOT/intake
}

now_ms() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local us=${EPOCHREALTIME/./}
		echo $((10#$us / 1000))
	else
		date +%s%3N
	fi
}

# --- waiting -------------------------------------------------------------

# wait_for [-t SECONDS] DESCRIPTION COMMAND [ARG...]: run COMMAND every
# 0.1 s until it succeeds.  Fails on the timeout, or at once when the
# daemon (DPID) has died meanwhile.
wait_for() {
	local t=$T_TIMEOUT desc deadline rc

	if [ "$1" = -t ]; then
		t=$2
		shift 2
	fi
	desc=$1
	shift
	deadline=$(( $(now_ms) + t * 1000 ))
	while ! "$@" >/dev/null 2>&1; do
		if [ -n "$DPID" ] && ! kill -0 "$DPID" 2>/dev/null; then
			wait "$DPID" 2>/dev/null
			rc=$?
			DPID=
			fail "docketd exited (status $rc) while waiting for: $desc"
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "timed out after ${t}s waiting for: $desc"
		fi
		sleep 0.1
	done
}

# --- the daemon ----------------------------------------------------------

# start_daemon [DOCKETD ARGS...]: docketd -f -r $ROOT ARGS in the
# background, logging to $LOG; returns once it logged "started".
# fake_lib: libfaketime's path, or fail the test (.ci/setup installs it).
fake_lib() {
	local f

	for f in /usr/lib/*/faketime/libfaketime.so.1 \
	    /usr/lib/faketime/libfaketime.so.1; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	fail "libfaketime is not installed; bash .ci/setup installs it (package faketime)"
}

# start_daemon [ARGS]: docketd -f -r ROOT ARGS, logging to $LOG.  With
# FAKE_TIME set ("2027-02-15 10:00:00") it runs under faketime(1) with its
# clock starting there (then running on at normal speed).
start_daemon() {
	T_NSTART=$((T_NSTART + 1))
	LOG=$T_TMP/docketd.$T_NSTART.log
	if [ -n "${FAKE_TIME:-}" ]; then
		# libfaketime preloaded directly: faketime(1) would fork, and
		# DPID must be docketd's own pid.
		# An offset from now, so docketd's clock runs on from there
		# ("@DATE" would freeze it).
		local off

		off=$(( $(date -d "$FAKE_TIME" +%s) - $(date +%s) )) ||
		    fail "FAKE_TIME: bad date '$FAKE_TIME'"
		# (A sanitizer build wants its runtime first; libfaketime
		# only wraps the clock, so the order does not matter here.)
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		LD_PRELOAD=$(fake_lib) FAKETIME="$( [ "$off" -ge 0 ] &&
		    echo "+$off" || echo "$off")" FAKETIME_NO_CACHE=1 \
		    "$DOCKETD" -f -r "$ROOT" "$@" >"$LOG" 2>&1 &
	else
		"$DOCKETD" -f -r "$ROOT" "$@" >"$LOG" 2>&1 &
	fi
	DPID=$!
	T_PIDS="$T_PIDS $DPID"
	wait_for "docketd to start (log line 'docketd started on')" \
	    log_has "docketd started on"
}

daemon_alive() {
	[ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null
}

assert_daemon_alive() {
	daemon_alive || fail "docketd is not running any more${1:+ ($1)}"
}

# stop_daemon [SIGNAL]: send SIGTERM (or SIGNAL), wait for the exit and
# assert status 0 and an unlocked root.
stop_daemon() {
	local sig=${1:-TERM} pid=$DPID rc

	[ -n "$pid" ] || fail "stop_daemon: no daemon running"
	kill -"$sig" "$pid" 2>/dev/null ||
	    fail "stop_daemon: docketd (pid $pid) is already gone"
	DPID=
	wait_for -t 30 "docketd to exit after SIG$sig" not_alive "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$rc" -eq 0 ] ||
	    fail "docketd exited with status $rc after SIG$sig, expected 0"
	log_has "docketd stopped" ||
	    fail "docketd did not log 'docketd stopped' after SIG$sig"
	assert_eq false "$(ctl status --json | jq -r .running)" \
	    "status .running after docketd exited"
}

not_alive() {
	! kill -0 "$1" 2>/dev/null
}

# write_config FILE LINE...: one key = value per argument.
write_config() {
	local f=$1

	shift
	printf '%s\n' "$@" >"$f" || fail "write_config: cannot write $f"
}

# --- documents -----------------------------------------------------------

# Agencies (name:docno code) and topics the generated documents cycle through.
T_AGENCIES=(
	"教育局:教" "财政局:财" "民政局:民" "商务局:商" "交通运输局:交"
	"自然资源和规划局:自然资规" "生态环境局:环" "住房和城乡建设局:建"
	"卫生健康委员会:卫健" "农业农村局:农" "市场监督管理局:市监"
	"文化和旅游局:文旅" "应急管理局:应急" "人力资源和社会保障局:人社"
	"水利局:水" "统计局:统" "审计局:审" "司法局:司"
)
T_TOPICS=(
	"春季学校安全检查" "财政预算执行管理" "社会救助资金发放" "促进消费"
	"道路运输安全生产" "耕地保护督察" "大气污染防治" "老旧小区改造"
	"基层医疗卫生服务" "高标准农田建设" "食品安全抽检" "文旅市场秩序整治"
	"防汛抗旱" "职业技能培训" "水资源调度" "统计数据质量核查" "审计整改"
	"公共法律服务"
)
T_TYPES=("通知" "通知" "意见" "通报")

# make_doc PATH [KEY=VALUE...]: write a small official document (UTF-8
# .txt, GB/T 9704 layout).  Every call gives new content.  Keys:
#   docno=淄教发〔2024〕7号 | none     issuer=淄博市教育局
#   title=关于…的通知                  date=2024-03-01 (written 2024年3月1日)
#   marking=（此件公开发布） | none     body=text of the main body
#   extra=lines after the marking      header=版头 line (default ISSUER文件)
# Sets DOC_PATH DOC_DOCNO DOC_ISSUER DOC_TITLE DOC_DATE DOC_SHA DOC_SIZE
# (DOC_DOCNO empty for docno=none).
make_doc() {
	local path=$1 n ag agname code docno issuer title date body marking
	local extra="" header="" kv y m d type

	shift
	T_DOCSEQ=$((T_DOCSEQ + 1))
	n=$T_DOCSEQ
	ag=${T_AGENCIES[$(( (n - 1) % ${#T_AGENCIES[@]} ))]}
	agname=${ag%%:*}
	code=${ag#*:}
	type=${T_TYPES[$(( (n - 1) % ${#T_TYPES[@]} ))]}
	issuer="淄博市$agname"
	docno="淄${code}发〔2024〕${n}号"
	title="关于做好2024年${T_TOPICS[$(( (n - 1) % ${#T_TOPICS[@]} ))]}工作的$type"
	date=$(printf '2024-%02d-%02d' $(( (n - 1) % 12 + 1 )) $(( (n - 1) % 28 + 1 )))
	marking="（此件公开发布）"
	body="为进一步做好相关工作，根据上级部署，结合我市实际，现将有关事项${type}如下。"
	for kv; do
		case $kv in
		docno=*) docno=${kv#docno=} ;;
		issuer=*) issuer=${kv#issuer=} ;;
		title=*) title=${kv#title=} ;;
		date=*) date=${kv#date=} ;;
		marking=*) marking=${kv#marking=} ;;
		body=*) body=${kv#body=} ;;
		extra=*) extra=${kv#extra=} ;;
		header=*) header=${kv#header=} ;;
		*) fail "make_doc: unknown argument '$kv'" ;;
		esac
	done
	[ "$docno" = none ] && docno=
	[ "$marking" = none ] && marking=
	[ -n "$header" ] || header="${issuer}文件"
	y=${date%%-*}
	m=${date#*-}
	m=${m%-*}
	d=${date##*-}
	{
		printf '%s\n\n' "$header"
		if [ -n "$docno" ]; then printf '%s\n\n' "$docno"; fi
		printf '%s\n%s\n\n' "$issuer" "$title"
		printf '各区县人民政府，市政府各部门，各有关单位：\n\n'
		printf '%s\n\n' "$body"
		printf '一、工作要求。各单位要高度重视，明确责任分工，确保第%d项任务按期完成。\n\n' "$n"
		printf '二、有关事项。请于%d月%d日前将落实情况报送市政府办公室（文书编号%s-%d-%d-%s）。\n\n' \
		    "$((10#$m))" "$((10#$d))" "$T_NAME" "$$" "$n" "$RANDOM$RANDOM"
		printf '%s\n%s年%d月%d日\n' "$issuer" "$y" "$((10#$m))" "$((10#$d))"
		if [ -n "$marking" ]; then printf '%s\n' "$marking"; fi
		if [ -n "$extra" ]; then printf '%s\n' "$extra"; fi
	} >"$path" || fail "make_doc: cannot write $path"
	DOC_PATH=$path
	DOC_DOCNO=$docno
	DOC_ISSUER=$issuer
	DOC_TITLE=$title
	DOC_DATE=$date
	DOC_SHA=$(sha_of "$path")
	DOC_SIZE=$(size_of "$path")
}

# stage_doc NAME [KEY=VALUE...]: make_doc in $STAGE (same file system as
# the root, so mv and ln into intake are rename(2) and link(2)).
stage_doc() {
	local name=$1

	shift
	make_doc "$STAGE/$name" "$@"
}

# drop_doc NAME [agency=A] [KEY=VALUE...]: the hand-off drafting systems
# use: write intake[/A]/.NAME, then rename it to NAME.
drop_doc() {
	local name=$1 dir=$INTAKE arg args=()

	shift
	for arg; do
		case $arg in
		agency=*) dir=$INTAKE/${arg#agency=} ;;
		*) args+=("$arg") ;;
		esac
	done
	mkdir -p "$dir" || fail "drop_doc: mkdir $dir"
	make_doc "$dir/.$name" "${args[@]}"
	mv "$dir/.$name" "$dir/$name" || fail "drop_doc: rename into $dir"
	DOC_PATH=$dir/$name
}

sha_of() {
	sha256sum <"$1" | cut -d' ' -f1
}

size_of() {
	wc -c <"$1" | tr -d ' '
}

# --- docketctl and queries -----------------------------------------------

ctl() {
	if [ -n "$CTL_CONF" ]; then
		"$DOCKETCTL" -r "$ROOT" -c "$CTL_CONF" "$@"
	else
		"$DOCKETCTL" -r "$ROOT" "$@"
	fi
}

# run_rc CMD...: run CMD with stdout in $T_TMP/out, stderr in $T_TMP/err;
# the exit status in RC.
run_rc() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	RC=$?
}

# assert_rc EXPECTED DESCRIPTION CMD...: run_rc and check the status.
assert_rc() {
	local want=$1 desc=$2

	shift 2
	run_rc "$@"
	[ "$RC" -eq "$want" ] || fail "$desc: exit status $RC, expected $want" \
	    "(stdout: $(head -c 300 "$T_TMP/out"); stderr: $(head -c 300 "$T_TMP/err"))"
}

rec_count() {
	ctl status --json | jq -r .records
}

records_are() {
	[ "$(rec_count)" = "$1" ]
}

# has_sha SHA: a record has a version with this content.
has_sha() {
	ctl show "$1" --json >/dev/null 2>&1
}

# field DOC KEY: one field of a record, jq -r style (null prints null).
field() {
	ctl show "$1" --json | jq -r --arg k "$2" '.[$k]'
}

# jfield DOC KEY: the field as compact JSON (strings quoted, null as null).
jfield() {
	ctl show "$1" --json | jq -c --arg k "$2" '.[$k]'
}

log_has() {
	grep -qF -- "$1" "$LOG"
}

# log_count STRING: lines of $LOG containing STRING.
log_count() {
	grep -cF -- "$1" "$LOG"
}

dir_empty() {
	[ -d "$1" ] && [ -z "$(ls -A "$1")" ]
}

# entries DIR: names in DIR not starting with a dot.
entries() {
	ls "$1" | wc -l | tr -d ' '
}

spool_empty() {
	dir_empty "$ROOT/spool"
}

gone() {
	[ ! -e "$1" ] && [ ! -L "$1" ]
}

exists() {
	[ -e "$1" ] || [ -L "$1" ]
}

vault() {
	git --git-dir="$ROOT/vault.git" "$@"
}

# vault_dir ID [SEQ_FROM]: where the vault keeps record ID (vault.c
# vault_record_dir).  From SEQ_FROM on (default 1: every record of an
# archive this docket began), by number n: records/<n>>16>/<n>>8&255>/ID
# in hex; earlier ids, and an archive from before (SEQ_FROM "none"), by the
# SHA-256 of the id: records/<hh>/<hh>/ID.
vault_dir() {
	local h n from=${2:-1}

	n=${1#D}
	if [ "$from" != none ] && [[ $n =~ ^[0-9]+$ ]] &&
	    [ $((10#$n)) -ge "$from" ] && [ $((10#$n)) -gt 0 ]; then
		n=$((10#$n))
		printf 'records/%02x/%02x/%s\n' $((n >> 16)) $(((n >> 8) & 255)) "$1"
		return
	fi
	h=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)
	printf 'records/%s/%s/%s\n' "${h:0:2}" "${h:2:2}" "$1"
}

assert_fsck() {
	local out

	out=$(vault fsck --strict --no-progress 2>&1) ||
	    fail "git fsck --strict failed on the vault: $out"
	if printf '%s\n' "$out" | grep -qiE '^(error|warning|missing|broken)'; then
		fail "git fsck --strict reported problems: $out"
	fi
}

# --- assertions ----------------------------------------------------------

assert_eq() {
	[ "$2" = "$1" ] || fail "$3: expected '$1', got '$2'"
}

assert_ne() {
	[ "$2" != "$1" ] || fail "$3: got '$2', which it must not be"
}

assert_lt() {
	[ "$1" -lt "$2" ] || fail "$3: expected $1 < $2"
}

# assert_match STRING ERE DESCRIPTION
assert_match() {
	printf '%s\n' "$1" | grep -qE -- "$2" ||
	    fail "$3: '$1' does not match /$2/"
}

# assert_contains HAYSTACK NEEDLE DESCRIPTION (fixed string)
assert_contains() {
	case $1 in
	*"$2"*) ;;
	*) fail "$3: '$1' does not contain '$2'" ;;
	esac
}

# assert_not_contains HAYSTACK NEEDLE DESCRIPTION (fixed string)
assert_not_contains() {
	case $1 in
	*"$2"*) fail "$3: '$1' contains '$2'" ;;
	esac
}

assert_file() {
	[ -f "$1" ] || fail "${2:-file}: $1 is not a regular file"
}

assert_gone() {
	gone "$1" || fail "${2:-file}: $1 still exists"
}

assert_log() {
	log_has "$1" || fail "${2:-log}: docketd's log has no line with '$1'"
}

# assert_same_file A B DESCRIPTION: byte-identical.
assert_same_file() {
	cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"
}
