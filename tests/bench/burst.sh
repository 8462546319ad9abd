#!/bin/bash
# Benchmark (not part of make check): register N small documents dropped
# at once and report documents per second.  usage: tests/bench/burst.sh [N]
set -eu
N=${1:-1000}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d /tmp/docket-bench.XXXXXX)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$root"' EXIT
"$top/src/docketd" -f -r "$root" 2>"$root.log" &
pid=$!
while [ ! -d "$root/intake" ]; do sleep 0.05; done
stage="$root/stage"; mkdir -p "$stage"
for i in $(seq "$N"); do
	printf '测试市某局文件\n\n测试发〔2025〕%d号\n\n测试市某局\n关于第%d项工作的通知\n\n各单位：\n\n正文%d。\n\n测试市某局\n2025年3月1日\n（此件公开发布）\n' \
		"$i" "$i" "$i" > "$stage/doc$i.txt"
done
t0=$(date +%s.%N)
mv "$stage"/*.txt "$root/intake/" 2>/dev/null || true   # docketd may claim a file before mv re-checks it
while :; do
	n=$("$top/src/docketctl" -r "$root" status --json | jq .records)
	[ "$n" -ge "$N" ] && break
	sleep 0.05
done
t1=$(date +%s.%N)
commits=$(git -C "$root/vault.git" rev-list --count main)
echo "$N documents in $(echo "$t1 - $t0" | bc -l | cut -c1-6) s: $(echo "$N / ($t1 - $t0)" | bc -l | cut -d. -f1) documents/s, $commits commits"
