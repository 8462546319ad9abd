#!/bin/bash
# readers.sh: reader threads change nothing but the speed (they run at
# docketd's nice value + 10, named docketd-read).  The same
# spool/ (files claimed with fixed spool names, found at start-up) is
# ingested with readers = 1 and readers = 4, in small batches (batch_max
# = 5, so the readers prepare the next batch while one commits): the
# records (ids, fields, versions, texts), their events, the quarantine
# (names and reasons) and the sequence of decisions in the log (stored,
# duplicate, quarantined, in the order of claim) are identical.  The set
# holds plain texts, versions of one record in one batch and across
# batches, duplicates, every in-process format (docx, ofd, html), formats
# of external tools (pdf, doc, rtf: done by the committer), a scan with
# OCR off, and hostile files: a symbolic link, a FIFO, an empty file, one
# over max_size, a docx that is no zip, an unknown format, an agency
# folder name with a control character.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init readers
need pdftotext poppler-utils
need antiword
need unrtf

F=$DOCKET_TEST_DATA/formats
S=$DOCKET_TEST_DATA/samples
SET=$T_TMP/set
mkdir -p "$SET" "$T_TMP/outside"
ms0=1700000000000
seq=0

# put FILE AGENCY NAME: copy FILE into the set under the next spool name.
put() {
	seq=$((seq + 1))
	cp "$1" "$SET/$(printf '%013d-%06d#%s#%s' $((ms0 + seq * 1000)) \
	    "$seq" "$2" "$3")" || fail "put $3"
}

step "the set, in the order of claim"
for i in $(seq 1 12); do
	make_doc "$T_TMP/d$i.txt"
	put "$T_TMP/d$i.txt" "" "doc$i.txt"
done
put "$S/01-budget-public.txt" zbfin budget.txt
put "$S/05-budget-public-v2.txt" zbfin budget-v2.txt	# same batch
put "$T_TMP/d3.txt" "" "again-d3.txt"			# duplicate
put "$F/gongwen-lo.docx" zbedu gongwen.docx
put "$F/docx-table.docx" "" table.docx
put "$F/gongwen.ofd" "" gongwen.ofd
put "$F/html-gb2312-housing.html" zbhouse housing.html
put "$F/html-utf8-entities.html" "" entities.html
put "$F/pdf-qc-notice.pdf" "" notice.pdf
put "$F/gongwen-lo.doc" "" gongwen.doc
put "$F/gongwen-lo.rtf" "" gongwen.rtf
put "$F/regulation-rtf-as.doc" "" regulation.doc
put "$F/blank-scan.pdf" "" scan.pdf
put "$F/withheld-scan-100dpi.png" "" scan.png
make_doc "$T_TMP/big.txt" body="$(printf '为进一步规范管理%.0s' $(seq 2000))"
put "$T_TMP/big.txt" "" big.txt
printf 'PK\003\004 not really a docx\n' >"$T_TMP/fake.docx"
put "$T_TMP/fake.docx" "" fake.docx
printf 'binary\n' >"$T_TMP/drawing.dwg"
put "$T_TMP/drawing.dwg" "" drawing.dwg
make_doc "$T_TMP/ctl.txt"
put "$T_TMP/ctl.txt" "$(printf 'bad\001agency')" ctl.txt
: >"$T_TMP/empty.txt"
put "$T_TMP/empty.txt" "" empty.txt
for i in $(seq 13 24); do
	make_doc "$T_TMP/d$i.txt"
	put "$T_TMP/d$i.txt" zbedu "doc$i.txt"
done
put "$S/02-subsidy-on-request.txt" "" subsidy.txt
put "$S/03-internal-withheld.txt" "" internal.txt
put "$S/04-no-marking.txt" "" nomark.txt
# a version of doc5 in a later batch (same docno and issuer)
make_doc "$T_TMP/d5v2.txt" docno="$(sed -n 3p "$T_TMP/d5.txt")" \
    issuer="$(sed -n 5p "$T_TMP/d5.txt")"
put "$T_TMP/d5v2.txt" "" doc5-v2.txt
make_doc "$T_TMP/outside/target.txt"
nfiles=$((seq + 2))	# and the link and the FIFO
note "$nfiles files"

# run R: a fresh root, spool/ filled with the set, docketd started with
# readers = R; everything it decided, in $T_TMP/dump.R.
run() {
	local r=$1 conf=$T_TMP/r$1.conf d=$T_TMP/dump.$1 id n v

	new_root "r$r"
	write_config "$conf" "readers = $r" "batch_max = 5" "max_size = 40K" \
	    "[ocr]" "ocr = no"
	start_daemon -c "$conf"
	stop_daemon
	cp -a "$SET/." "$ROOT/spool/" || fail "copy the set"
	ln -s "$T_TMP/outside/target.txt" \
	    "$ROOT/spool/$(printf '%013d-%06d##link.txt' $((ms0 + 900000)) 900)"
	mkfifo "$ROOT/spool/$(printf '%013d-%06d##pipe.txt' $((ms0 + 901000)) 901)"
	start_daemon -c "$conf"
	wait_for "spool/ to be empty (readers = $r)" spool_empty
	if [ "$r" -gt 1 ]; then
		assert_log "ingest: $r reader threads"
		# each reader runs at docketd's nice + 10 (field 19 of stat;
		# 19 at most)
		main=$(awk '{n = $19 + 10; print (n > 19 ? 19 : n)}' \
		    "/proc/$DPID/stat")
		nr=0
		for t in /proc/"$DPID"/task/*; do
			[ "$(cat "$t/comm" 2>/dev/null)" = docketd-read ] ||
			    continue
			nr=$((nr + 1))
			assert_eq "$main" "$(awk '{print $19}' "$t/stat")" \
			    "a reader's nice value"
		done
		assert_eq "$r" "$nr" "reader threads named docketd-read"
	else
		log_has "reader threads" && fail "reader threads with readers = 1"
	fi
	mkdir -p "$d"
	ctl list --all --json | jq -r '.[].id' >"$d/ids"
	while read -r id; do
		ctl show "$id" --json | jq -S 'del(.commit)' >"$d/$id.show"
		ctl history "$id" --json | jq -S 'map(del(.time))' \
		    >"$d/$id.history"
		n=$(ctl versions "$id" --json | jq length)
		for v in $(seq 1 "$n"); do
			ctl show "$id" --version "$v" --json |
			    jq -S 'del(.commit)' >"$d/$id.v$v"
			ctl text "$id" --version "$v" >"$d/$id.v$v.text"
		done
	done <"$d/ids"
	(cd "$ROOT/quarantine" && for f in *; do
		printf '%s\n' "$f"
		# the reason, without the time of the move
		case $f in *.reason) sed 's/ (at [^,]*,/ (/' "$f" ;; esac
	done) >"$d/quarantine"
	grep -oE '(stored |duplicate: |quarantined ).*' "$LOG" >"$d/decisions"
	stop_daemon
	assert_fsck
}

step "readers = 1"
run 1
step "readers = 4"
run 4

step "the same records, events, quarantine and decisions"
n1=$(wc -l <"$T_TMP/dump.1/ids")
note "$n1 records; $(grep -c '^quarantined' "$T_TMP/dump.1/decisions") quarantined, $(grep -c '^duplicate: ' "$T_TMP/dump.1/decisions") duplicates"
[ "$n1" -ge 30 ] || fail "only $n1 records with readers = 1"
grep -q 'v2 ' "$T_TMP/dump.1/decisions" || fail "no second version stored"
grep -q '^duplicate: ' "$T_TMP/dump.1/decisions" || fail "no duplicate"
grep -q 'source=notice.pdf' "$T_TMP/dump.1/decisions" || fail "no PDF stored"
for re in '符号链接' 'FIFO' '空文件' '文件过大' '不支持的文件格式' \
    'zip' 'agency' 'OCR 未开启'; do
	grep -qi -- "$re" "$T_TMP/dump.1/quarantine" ||
	    fail "no quarantine reason /$re/ with readers = 1"
done
diff -r "$T_TMP/dump.1" "$T_TMP/dump.4" >"$T_TMP/diff" ||
    fail "readers = 4 differs from readers = 1: $(head -40 "$T_TMP/diff")"
note "identical"
