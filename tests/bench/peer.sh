#!/bin/bash
# Benchmark (not part of make check): the naive peer docket is measured
# against — the intake script a sysadmin would write with stock tools.
# inotifywait watches intake/; for each file, one at a time: grep reads the
# 发文字号 and the disclosure marking, sha256sum names it, the file is copied
# into a git work tree and committed (git add + git commit), a row goes into
# an SQLite table (sqlite3), and the file is removed from intake.  The
# documents are the ones tests/bench/ingest.sh drops (tests/bench/gendocs.py,
# same seed), so the two rates compare.  Prints documents per second from
# the drop until the table counts them all.
#
# PEER_DURABLE=0 (the default): git and sqlite3 as installed, nothing
#   configured — what a sysadmin would write, and what the issue measured
#   (46 docs/s).  Stock git 2.39 fsyncs pack files only: the loose
#   objects, index and ref git add and git commit write are not, so a
#   power cut may lose the last commits; stock sqlite3 uses a rollback
#   journal (DELETE) with synchronous=FULL.
# PEER_DURABLE=1: as durable as docket (whose git pack, commit and ref are
#   fsync'd before LMDB's durable commit): git core.fsync=all with
#   core.fsyncMethod=fsync, sqlite3 journal_mode=WAL and synchronous=FULL.
#
# usage: [PEER_DURABLE=0|1] tests/bench/peer.sh [N] [SIZE]
#        (default 5000 10240)
# Needs inotifywait (inotify-tools) and sqlite3; installs them if missing.
# Timings on a shared machine are noisy: compare with ingest.sh run close by.
set -eu
N=${1:-5000}; SIZE=${2:-10240}
DURABLE=${PEER_DURABLE:-0}
case $DURABLE in 0|1) ;; *) echo "peer.sh: PEER_DURABLE is 0 or 1" >&2; exit 2;; esac
top=$(cd "$(dirname "$0")/../.." && pwd)
need=
command -v inotifywait >/dev/null || need="$need inotify-tools"
command -v sqlite3 >/dev/null || need="$need sqlite3"
if [ -n "$need" ]; then
	echo "peer.sh: installing$need" >&2
	apt-get -o DPkg::Lock::Timeout=600 install -y $need >/dev/null
fi
root=$(mktemp -d /tmp/docket-peer.XXXXXX)
wpid=
stop_peer() {
	# the peer's pipeline: inotifywait and the loop are its children
	[ -n "$wpid" ] || return 0
	pkill -P "$wpid" 2>/dev/null || true
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	wpid=
}
trap 'stop_peer; rm -rf "$root"' EXIT
stage=$root/stage
python3 "$top/tests/bench/gendocs.py" "$stage" "$N" "$SIZE"
mkdir -p "$root/intake" "$root/archive"
git -C "$root/archive" init -q -b main
git -C "$root/archive" config user.name peer
git -C "$root/archive" config user.email peer@localhost
pragmas=
if [ "$DURABLE" = 1 ]; then
	git -C "$root/archive" config core.fsync all
	git -C "$root/archive" config core.fsyncMethod fsync
	pragmas="PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
fi
sqlite3 "$root/index.db" "$pragmas
    CREATE TABLE docs (id INTEGER PRIMARY KEY, name TEXT, sha256 TEXT UNIQUE,
    docno TEXT, disclosure TEXT, commit_id TEXT, added TEXT);" >/dev/null

# The peer itself.
cat > "$root/peer" <<'EOF'
#!/bin/bash
root=$1
pragma=$2
cd "$root/archive"
inotifywait -q -m -e close_write -e moved_to --format '%f' "$root/intake" |
while IFS= read -r f; do
	src=$root/intake/$f
	[ -f "$src" ] || continue
	sha=$(sha256sum "$src" | cut -d' ' -f1)
	if [ -n "$(sqlite3 -cmd ".timeout 10000" "$root/index.db" "SELECT 1 FROM docs WHERE sha256='$sha'")" ]; then
		rm -f "$src"; continue
	fi
	docno=$(grep -o -m1 '[^[:space:]]*〔[0-9]\{4\}〕[0-9]*号' "$src" | head -1)
	if grep -q '此件公开发布' "$src"; then disc=public
	elif grep -q '此件依申请公开' "$src"; then disc=on_request
	elif grep -q '此件不予公开' "$src"; then disc=withheld
	else disc=undetermined; fi
	d=docs/${sha:0:2}/$sha
	mkdir -p "$d"
	cp "$src" "$d/original.txt"
	printf '{"name":"%s","docno":"%s","disclosure":"%s"}\n' "$f" "$docno" "$disc" > "$d/record.json"
	git add "$d"
	git commit -q -m "register $f"
	c=$(git rev-parse HEAD)
	sqlite3 -cmd ".timeout 10000" "$root/index.db" "$pragma INSERT INTO docs (name, sha256, docno, disclosure, commit_id, added)
	    VALUES ('${f//\'/\'\'}', '$sha', '$docno', '$disc', '$c', datetime('now'))" >/dev/null
	rm -f "$src"
done
EOF
chmod +x "$root/peer"
[ "$DURABLE" = 1 ] && pragma="PRAGMA synchronous=FULL;" || pragma=
"$root/peer" "$root" "$pragma" &
wpid=$!
sleep 1	# inotifywait sets its watches
t0=$(date +%s.%N)
mv "$stage"/* "$root/intake/"
while :; do
	n=$(sqlite3 -cmd ".timeout 10000" "$root/index.db" "SELECT count(*) FROM docs" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge "$N" ] && break
	sleep 0.2
done
t1=$(date +%s.%N)
printf 'peer (PEER_DURABLE=%s): %d documents of ~%d bytes in %.1f s: %.1f docs/s; commits %d\n' \
    "$DURABLE" "$N" "$SIZE" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$N / ($t1 - $t0)" | bc -l)" \
    "$(git -C "$root/archive" rev-list --count HEAD)"
