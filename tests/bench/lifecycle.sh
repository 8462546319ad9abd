#!/bin/bash
# Benchmark (not part of make check): the lifecycle at scale.  Registers N
# documents (half withheld, so each gets a review date; every third with a
# valid_until in the past, so the clock expires it), then times: the
# registrations and expiries, `cleanup run` (cleaning every expired one),
# `list --review-due-before` (the due index), two reports, and `reindex` (LMDB rebuilt
# from the vault).  usage: tests/bench/lifecycle.sh [N]
set -eu
N=${1:-5000}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d /tmp/docket-bench.XXXXXX)
ctl() { "$top/src/docketctl" -r "$root" "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | cut -c1-6; }
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$root" "$root.log"' EXIT
"$top/src/docketd" -f -r "$root" 2>"$root.log" &
pid=$!
while [ ! -S "$root/docketd.sock" ]; do sleep 0.05; done
stage="$root/stage"; mkdir -p "$stage"
for i in $(seq "$N"); do
	mark="（此件公开发布）"; valid=""
	[ $((i % 2)) -eq 0 ] && mark="（此件不予公开，理由：属于内部事务信息）"
	[ $((i % 3)) -eq 0 ] && valid="本通知自2019年1月1日起施行，有效期至2020年12月31日。"
	printf '测试市某局文件\n\n测试发〔2025〕%d号\n\n测试市某局\n关于第%d项工作的通知\n\n各单位：\n\n正文%d。%s\n\n测试市某局\n2025年3月1日\n%s\n' \
		"$i" "$i" "$i" "$valid" "$mark" > "$stage/doc$i.txt"
done
expired=$((N / 3))
t0=$(now)
mv "$stage"/*.txt "$root/intake/" 2>/dev/null || true
while [ "$(ctl status --json | jq .status.expired)" -lt "$expired" ]; do sleep 0.1; done
t1=$(now)
echo "register $N + expire $expired: $(secs "$t0" "$t1") s"
t0=$(now); ctl cleanup run >/dev/null; t1=$(now)
echo "cleanup run ($expired cleaned): $(secs "$t0" "$t1") s"
t0=$(now); n=$(ctl list --review-due-before 2099-01-01 --json | jq length); t1=$(now)
echo "list --review-due-before ($n due): $(secs "$t0" "$t1") s"
t0=$(now); n=$(ctl report review --as-of "$(date -d "+1 year -10 days" +%F)" --format json | jq '.totals.due'); t1=$(now)
echo "report review ($n due, by agency): $(secs "$t0" "$t1") s"
t0=$(now); ctl report summary --format json >/dev/null; t1=$(now)
echo "report summary: $(secs "$t0" "$t1") s"
ctl list --all --json >"$root/before"
t0=$(now); ctl reindex; t1=$(now)
echo "reindex: $(secs "$t0" "$t1") s ($(git -C "$root/vault.git" rev-list --count main) commits)"
ctl list --all --json >"$root/after"
cmp -s "$root/before" "$root/after" && echo "list --all --json identical after reindex"
