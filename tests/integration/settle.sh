#!/bin/bash
# settle.sh: a document written slowly in place (settle = 1s from a config
# file) is not taken while it is being written, and is taken complete
# once it has been still: the record's sha256, size and text are those of
# the finished file.  Two writers run side by side: one reopens the file
# for every append (IN_CLOSE_WRITE each time), one keeps a descriptor open
# throughout (no event after IN_CREATE until the end).
#
# Appends come every 0.3 s.  Should the machine stall so long between two
# appends that docketd may rightly take the file (a gap of 700 ms against
# settle = 1s), the attempt proves nothing; it is repeated on a fresh
# root, up to three times.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init settle

CONF=$T_TMP/settle.conf
write_config "$CONF" "settle = 1s" "rescan = 60s"
MAX_GAP_MS=700
CHUNKS=10

# chunks FILE ARRAY: split FILE into $CHUNKS pieces of whole lines.
chunks() {
	local file=$1 arr=$2 lines n i j piece

	mapfile -t lines <"$file"
	n=${#lines[@]}
	for ((i = 0; i < CHUNKS; i++)); do
		piece=
		for ((j = i * n / CHUNKS; j < (i + 1) * n / CHUNKS; j++)); do
			piece+="${lines[$j]}"$'\n'
		done
		eval "$arr[$i]=\$piece"
	done
}

# attempt K: 0 passed, 2 inconclusive (fails on a real failure).
attempt() {
	local k=$1 f1 f2 full1 full2 full j i t prev gap maxgap=0
	local sz1=0 sz2=0

	new_root "root$k"
	start_daemon -c "$CONF"
	f1=$INTAKE/slow-reopen.txt
	f2=$INTAKE/slow-open.txt
	full1=$STAGE/full1.$k
	full2=$STAGE/full2.$k
	make_doc "$full1"
	make_doc "$full2" marking="（此件依申请公开，理由：涉及内部工作安排）"
	# The chunks, prepared beforehand so an append costs no fork.
	chunks "$full1" CH1
	chunks "$full2" CH2
	exec 3>"$f2" || fail "open $f2"
	prev=$(now_ms)
	for i in $(seq 0 $((CHUNKS - 1))); do
		printf '%s' "${CH1[$i]}" >>"$f1"
		printf '%s' "${CH2[$i]}" >&3
		t=$(now_ms)
		gap=$((t - prev))
		prev=$t
		[ "$gap" -gt "$maxgap" ] && maxgap=$gap
		if [ "$gap" -ge "$MAX_GAP_MS" ]; then
			note "attempt $k: $gap ms between two appends; inconclusive"
			exec 3>&-
			kill -TERM "$DPID"
			wait "$DPID"
			DPID=
			return 2
		fi
		sz1=$((sz1 + ${#CH1[$i]}))
		sz2=$((sz2 + ${#CH2[$i]}))
		want="$sz1 $sz2 "
		# Still in intake/, whole so far: not claimed, not recreated.
		[ -f "$f1" ] || fail "slow-reopen.txt was taken while being written (append $i)"
		[ -f "$f2" ] || fail "slow-open.txt was taken while being written (append $i)"
		assert_eq "$want" "$(stat -c '%s' "$f1" "$f2" | tr '\n' ' ')" \
		    "sizes of slow-reopen.txt and slow-open.txt after append $i"
		spool_empty || fail "a file reached spool/ during the writes (append $i)"
		sleep 0.3
	done
	exec 3>&-
	cmp -s "$f1" "$full1" || fail "slow-reopen.txt is not what was written"
	cmp -s "$f2" "$full2" || fail "slow-open.txt is not what was written"
	note "attempt $k: $CHUNKS appends, longest gap $maxgap ms"

	wait_for "slow-reopen.txt to be registered" has_sha "$(sha_of "$full1")"
	wait_for "slow-open.txt to be registered" has_sha "$(sha_of "$full2")"
	for i in 1 2; do
		eval "full=\$full$i"
		j=$(ctl show "$(sha_of "$full")" --json)
		assert_eq "$(sha_of "$full")" "$(jq -r .sha256 <<<"$j")" "sha256 of record $i"
		assert_eq "$(size_of "$full")" "$(jq -r .size <<<"$j")" "size of record $i"
		ctl text "$(jq -r .id <<<"$j")" >"$T_TMP/text$i" ||
		    fail "docketctl text of record $i"
		assert_same_file "$full" "$T_TMP/text$i" "extracted text of record $i"
		assert_eq 1 "$(jq -r .version <<<"$j")" "version of record $i"
	done
	assert_eq slow-reopen.txt "$(field "$(sha_of "$full1")" source_name)" "source_name 1"
	assert_eq slow-open.txt "$(field "$(sha_of "$full2")" source_name)" "source_name 2"
	assert_eq on_request "$(field "$(sha_of "$full2")" disclosure)" \
	    "disclosure of the finished slow-open.txt (its marking came last)"
	wait_for "spool/ to be empty" spool_empty
	assert_eq 2 "$(rec_count)" "records (no half-written version)"
	assert_eq 0 "$(entries "$INTAKE")" "files left in intake/"
	assert_eq 0 "$(entries "$ROOT/quarantine")" "files in quarantine/"
	log_has "读取期间文件大小改变" &&
	    fail "docketd read a file that was still changing"
	stop_daemon
	assert_fsck
	return 0
}

for k in 1 2 3; do
	step "attempt $k"
	attempt "$k"
	case $? in
	0) note "ok"; exit 0 ;;
	esac
done
skip "the machine stalled for ${MAX_GAP_MS} ms or more between appends in every attempt"
