#!/bin/bash
# Benchmark (not part of make check): the full-text index of docketctl
# search (SQLite FTS5, src/search*.c) on N documents of about SIZE bytes
# made like tests/bench/gendocs.py's (in memory, so a million needs no
# million files): index time (wall and CPU), size, then per query — 预算,
# 征收, the phrase 预算管理, a docno, a docno that does not exist, two words,
# the ASCII word 2016 and the phrase 2016年 (a word and a character: the
# rows' text tokenized, search_narrow.c) — the 10 best hits with snippets,
# median of 5 runs, for all matches ranked, the newest 5,000 and the
# newest 2,000 (what docketctl search ranks), and with two filters.  With XAPIAN=1 and DIR set to a
# gendocs.py directory, the Xapian side of the comparison too.
# usage: tests/bench/search.sh [N] [SIZE]      (default 1000000 1024)
#        DIR=/tmp/docs XAPIAN=1 tests/bench/search.sh
set -eu
N=${1:-1000000}; SIZE=${2:-1024}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d /tmp/docket-search-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
make -C "$top" -s tests/bench/search_fts5
if [ -n "${DIR:-}" ]; then
	nice "$top/tests/bench/search_fts5" "$DIR" "$out/index.sqlite"
else
	nice "$top/tests/bench/search_fts5" -g "$N" "$SIZE" "$out/index.sqlite"
fi
if [ "${XAPIAN:-0}" = 1 ] && [ -n "${DIR:-}" ]; then
	pkg-config --exists xapian-core ||
	    apt-get -o DPkg::Lock::Timeout=600 install -y libxapian-dev
	g++ -O2 -o "$out/search_xapian" "$top/tests/bench/search_xapian.cc" \
	    $(pkg-config --cflags --libs xapian-core)
	nice "$out/search_xapian" "$DIR" "$out/xapian"
fi
