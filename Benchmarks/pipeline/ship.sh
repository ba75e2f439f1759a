#!/usr/bin/env bash
# Pipeline throughput on one core: `sift ship --stdin --stdout` (release) reads a genlogs corpus,
# runs a shipped pipeline's processors and writes NDJSON to /dev/null; reports MB/s and lines/s of
# input, best of three runs, and peak RSS.
#
#   Benchmarks/pipeline/ship.sh [COUNT]     (default 500000 lines of each kind, seed 42)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-500000}
swift build -c release --product sift >&2
sift="$(swift build -c release --show-bin-path)/sift"
mkdir -p Benchmarks/.corpus

measure() {  # pipeline kind
    local pipeline=$1 kind=$2 corpus=Benchmarks/.corpus/$2-$count-seed42.log
    [ -f "$corpus" ] || python3 ../shared/bench/genlogs.py --kind "$kind" --count "$count" --seed 42 -o "$corpus"
    local bytes lines best=999999 rss=0
    bytes=$(stat -c %s "$corpus"); lines=$(wc -l < "$corpus")
    for _ in 1 2 3; do
        read -r seconds kb < <( { /usr/bin/time -f "%e %M" taskset -c 0 "$sift" ship --pipeline "pipelines/$pipeline.yaml" \
            --stdin --stdout < "$corpus" > /dev/null; } 2>&1 | tail -1)
        best=$(python3 -c "print(min($best, $seconds))"); rss=$kb
    done
    python3 - "$pipeline" "$kind" "$bytes" "$lines" "$best" "$rss" <<'PY'
import sys
pipeline, kind, size, lines, seconds, rss = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
print(f"{pipeline:14} on --kind {kind:6} {size / 1e6:8.1f} MB  {seconds:6.2f} s  {size / 1e6 / seconds:7.1f} MB/s  "
      f"{lines / seconds:10,.0f} lines/s  peak RSS {rss / 1024:.0f} MB")
PY
}

measure json-app json
measure apache-access nginx
