#!/usr/bin/env bash
# Bulk over HTTP, end to end: the corpus in 5 MB `_bulk` requests on 2 connections (curl, so the
# client costs little) against a release `sift serve`; reports docs/s, docs per CPU-second of the
# server process, its peak RSS, and search latency over HTTP against in-process search.
#
#   Benchmarks/http/bulk.sh [CORPUS.ndjson]      (default: the 1M-document corpus of `make bench`)
#   MAPPINGS=dynamic Benchmarks/http/bulk.sh      (default explicit: an index template typing each field,
#                                                  as a user would write in indexes/; dynamic: none)
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-Benchmarks/.corpus/json-1m-seed42.ndjson}
[ -f "$corpus" ] || { echo "corpus $corpus missing: run make bench once, or pass a file" >&2; exit 1; }
swift build -c release --product sift >&2
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

# 5 MB bulk bodies: an action line before each document.
python3 - "$corpus" "$work" <<'PY'
import sys, os
corpus, work = sys.argv[1], sys.argv[2]
action = b'{"index":{"_index":"bench"}}\n'
n, size, out = 0, 0, None
with open(corpus, 'rb') as f:
    for line in f:
        if out is None or size >= 5 << 20:
            if out: out.close()
            out = open(os.path.join(work, 'bulk-%05d.ndjson' % n), 'wb'); n += 1; size = 0
        out.write(action); out.write(line); size += len(action) + len(line)
out.close()
PY
docs=$(wc -l < "$corpus")
mkdir -p "$work/indexes"
trace_field=trace_id.keyword
if [ "${MAPPINGS:-explicit}" = explicit ]; then
    trace_field=trace_id
    cat > "$work/indexes/bench.yaml" <<'YAML'
name: "bench*"
mappings:
  properties:
    "@timestamp": { type: date }
    level: { type: keyword }
    service: { type: keyword }
    host: { type: keyword }
    message: { type: text }
    trace_id: { type: keyword }
    span_id: { type: keyword }
    http.method: { type: keyword }
    http.status: { type: long }
    url.path: { type: keyword }
    latency_ms: { type: double }
    user.id: { type: keyword }
YAML
fi
.build/release/sift serve --port 9277 --data "$work/data" --indexes "$work/indexes" --log-level warning 2>"$work/server.log" &
server=$!
for _ in $(seq 50); do curl -sf localhost:9277/ >/dev/null && break; sleep 0.2; done
cpu() { awk '{print $14 + $15}' /proc/$server/stat; }
ticks=$(getconf CLK_TCK)
cpu0=$(cpu); t0=$(date +%s.%N)
ls "$work"/bulk-*.ndjson | xargs -P 2 -I{} sh -c \
  'curl -sf -XPOST localhost:9277/_bulk -H "Content-Type: application/x-ndjson" --data-binary @{} | head -c 16 | grep -q "\"errors\":false" || echo "bulk {} had errors" >&2'
t1=$(date +%s.%N); cpu1=$(cpu)
curl -sf -XPOST localhost:9277/bench/_refresh >/dev/null
count=$(curl -sf localhost:9277/bench/_count | sed 's/.*"count":\([0-9]*\).*/\1/')
hwm=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
python3 - "$docs" "$count" "$t0" "$t1" "$cpu0" "$cpu1" "$ticks" "$hwm" <<'PY'
import sys
docs, count, t0, t1, c0, c1, ticks, hwm = sys.argv[1:]
wall = float(t1) - float(t0); cpu = (float(c1) - float(c0)) / float(ticks)
print(f"mappings {__import__('os').environ.get('MAPPINGS', 'explicit')}: documents sent {docs}, counted {count}")
print(f"wall {wall:.1f} s, {int(docs)/wall:,.0f} docs/s; server CPU {cpu:.1f} s, {int(docs)/cpu:,.0f} docs per CPU-second; peak RSS {int(hwm)/1024:.0f} MB")
PY
# Search latency over HTTP: a cheap query (a trace id lookup) 200 times on one keep-alive connection.
trace=$(curl -sf 'localhost:9277/bench/_search?size=1&q=level:ERROR' | python3 -c 'import sys,json; print(json.load(sys.stdin)["hits"]["hits"][0]["_source"]["trace_id"])')
python3 - "$trace" "$trace_field" <<'PY'
import http.client, json, sys, time
conn = http.client.HTTPConnection("localhost", 9277)
body = json.dumps({"query": {"term": {sys.argv[2]: sys.argv[1]}}})
times, took = [], []
for _ in range(200):
    t = time.perf_counter()
    conn.request("POST", "/bench/_search", body, {"Content-Type": "application/json"})
    r = json.loads(conn.getresponse().read())
    times.append((time.perf_counter() - t) * 1000); took.append(r["took"])
times.sort()
print(f"trace_id search over HTTP: median {times[100]:.3f} ms, p99 {times[198]:.3f} ms (server-side took median {sorted(took)[100]} ms)")
PY
# The same 200 requests from curl (one process, one keep-alive connection), whose own cost per
# request is far below Python's, and `GET /` the same way: the floor of any request over HTTP.
body="{\"query\":{\"term\":{\"$trace_field\":\"$trace\"}}}"
urls=$(for _ in $(seq 200); do printf -- '-o /dev/null localhost:9277/bench/_search '; done)
roots=$(for _ in $(seq 200); do printf -- '-o /dev/null localhost:9277/ '; done)
# shellcheck disable=SC2086
curl -s -w '%{time_total}\n' -H 'Content-Type: application/json' --data "$body" $urls \
  | sort -n | awk '{a[NR]=$1} END {printf "trace_id search via curl keep-alive: median %.3f ms, p99 %.3f ms\n", a[100]*1000, a[198]*1000}'
# shellcheck disable=SC2086
curl -s -w '%{time_total}\n' $roots \
  | sort -n | awk '{a[NR]=$1} END {printf "GET / via curl keep-alive: median %.3f ms, p99 %.3f ms\n", a[100]*1000, a[198]*1000}'
