#!/usr/bin/env bash
# Ships loghub's Apache_2k.log through a real rsyslogd (imfile -> omelasticsearch, bulk mode) into
# `sift serve` and checks that every line arrived exactly once and can be found.
#
# rsyslog is not installed: its Debian packages are fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` into Tests/shippers/.cache/ (reused by later runs), and rsyslogd runs from there in
# the foreground with its own config, which reads one file and writes to loopback only (no /dev/log,
# no kernel log). Two omelasticsearch actions ship the same file: one with esVersion.major="8"
# (plain `{"index":{"_index": ...}}` action lines) and one without it (rsyslog 8.2302's default,
# action lines carry `"_type":"events"`).
#
# The server binary comes from SIFT_BIN (default .build/debug/sift, relative to the repository root).
# Usage: SIFT_BIN=.build/debug/sift Tests/shippers/rsyslog.sh
# Environment: RSYSLOG_TEST_TIMEOUT (seconds to wait for all documents, default 60),
#              KEEP_WORK=1 keeps the temporary directory (it is always kept on failure).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sample="$root/../shared/data/loghub/Apache/Apache_2k.log"
timeout="${RSYSLOG_TEST_TIMEOUT:-60}"
index="rsyslog-apache"                # esVersion.major="8"
legacy_index="rsyslog-apache-legacy" # no esVersion.major: action lines carry _type

sift_bin="${SIFT_BIN:-.build/debug/sift}"
case "$sift_bin" in /*) ;; *) sift_bin="$root/$sift_bin" ;; esac

say() { echo "rsyslog.sh: $*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$sift_bin" ] || die "sift binary not found or not executable: $sift_bin (set SIFT_BIN)"
[ -r "$sample" ] || die "sample log not found: $sample"

# --- 1. rsyslog in a private tree -------------------------------------------------------------------
# rsyslogd itself links libestr and libfastjson, which a base Debian 12 lacks; everything else it and
# the two modules used here need (libcurl4, libzstd1, libuuid1, libsystemd0, zlib1g) is normally
# present. liblognorm5, also a Depends of the package, is only used by mmnormalize and is not needed.
# The ldd check after unpacking names anything still missing.
arch="$(dpkg --print-architecture)"
tree="$here/.cache/rsyslog-$arch"

fetch_rsyslog() {
    local packages=(rsyslog rsyslog-elasticsearch) lib debs log
    for lib in libestr0 libfastjson4; do
        dpkg-query -W -f='${db:Status-Status}' "$lib:$arch" 2>/dev/null | grep -qx installed \
            || packages+=("$lib")
    done
    say "downloading ${packages[*]} into $tree (once; later runs reuse it)"
    debs="$(mktemp -d "${TMPDIR:-/tmp}/sift-rsyslog-debs.XXXXXX")"
    log="$debs/apt.log"
    # As root apt would try to drop to the _apt user, which cannot write into a private directory.
    local apt=(apt-get download -q -o APT::Sandbox::User=root)
    if ! (cd "$debs" && "${apt[@]}" "${packages[@]}") >"$log" 2>&1; then
        if [ "$(id -u)" = 0 ] && apt-get update -qq >>"$log" 2>&1 \
            && (cd "$debs" && "${apt[@]}" "${packages[@]}") >>"$log" 2>&1; then
            :   # the package lists were stale; fixed by the update
        else
            tail -n 8 "$log" >&2
            rm -rf "$debs"
            die "FAIL: could not download rsyslog with apt-get (no network or stale package lists?);" \
                "this test needs the Debian packages ${packages[*]}"
        fi
    fi
    rm -rf "$tree.partial"
    mkdir -p "$tree.partial"
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$tree.partial"; done
    (cd "$debs" && ls ./*.deb) >"$tree.partial/.packages"
    rm -rf "$debs" "$tree"
    mv "$tree.partial" "$tree"
}

[ -f "$tree/.packages" ] || fetch_rsyslog
rsyslogd="$tree/usr/sbin/rsyslogd"
modules="$(echo "$tree"/usr/lib/*/rsyslog)"
libs="$(dirname "$modules")"
missing="$(LD_LIBRARY_PATH="$libs" ldd "$rsyslogd" "$modules/imfile.so" "$modules/omelasticsearch.so" \
    "$modules/impstats.so" | grep 'not found' | sort -u || true)"
[ -z "$missing" ] || die "FAIL: libraries missing for rsyslogd (install them or add their packages):
$missing"

# --- 2. sift serve ----------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/sift-rsyslog.XXXXXX")"
sift_pid=""
rsyslog_pid=""
ok=0

stop() {    # stop one process by pid: SIGTERM, then SIGKILL after 10 s
    local pid="$1" i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$rsyslog_pid"
    stop "$sift_pid"
    if [ "$ok" = 1 ] && [ -z "${KEEP_WORK:-}" ]; then rm -rf "$work"; else say "logs kept in $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/data" "$work/pipelines" "$work/indexes" "$work/rsyslog" "$work/input"
"$sift_bin" serve --port 0 --data "$work/data" --pipelines "$work/pipelines" \
    --indexes "$work/indexes" 2>"$work/sift.log" &
sift_pid=$!

port=""
for _ in $(seq 300); do     # up to 30 s: the port is in the "server listening" log line
    port="$(grep -o '"server\.port":"\{0,1\}[0-9]*' "$work/sift.log" | grep -o '[0-9]*$' | head -n1 || true)"
    [ -n "$port" ] && curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null && break
    kill -0 "$sift_pid" 2>/dev/null || { tail -n 20 "$work/sift.log" >&2; die "FAIL: sift serve exited"; }
    port=""
    sleep 0.1
done
[ -n "$port" ] || { tail -n 20 "$work/sift.log" >&2; die "FAIL: sift serve did not answer GET /"; }
url="http://127.0.0.1:$port"

# --- 3. rsyslogd ------------------------------------------------------------------------------------
# The loghub file has CRLF lines and no final newline; imfile holds back a last line until its
# newline arrives, so the copy gets one.
input="$work/input/apache.log"
cp "$sample" "$input"
chmod u+w "$input"
[ -z "$(tail -c 1 "$input")" ] || printf '\n' >>"$input"
expected="$(grep -c '' "$input")"

# Only the imfile input is bound to the "ship" ruleset; the default ruleset receives rsyslog's own
# messages (and records that retryfailures resubmits) and writes them to a file.
cat >"$work/rsyslog.conf" <<EOF
global(workDirectory="$work/rsyslog")
module(load="impstats" interval="1" format="json" log.syslog="off" log.file="$work/stats.json")
module(load="imfile")
module(load="omelasticsearch")
input(type="imfile" file="$input" tag="apache:" ruleset="ship")
ruleset(name="ship") {
  action(type="omelasticsearch" name="es8" server="127.0.0.1" serverport="$port"
         searchIndex="$index" esVersion.major="8" bulkmode="on" retryfailures="on"
         errorFile="$work/es8-errors.json"
         action.resumeInterval="1" action.resumeRetryCount="-1")
  action(type="omelasticsearch" name="legacy" server="127.0.0.1" serverport="$port"
         searchIndex="$legacy_index" bulkmode="on" retryfailures="on"
         errorFile="$work/legacy-errors.json"
         action.resumeInterval="1" action.resumeRetryCount="-1")
}
*.* action(type="omfile" file="$work/rsyslogd-messages.log")
EOF

LD_LIBRARY_PATH="$libs" "$rsyslogd" -n -M "$modules" -f "$work/rsyslog.conf" \
    -i "$work/rsyslogd.pid" >"$work/rsyslogd.out" 2>&1 &
rsyslog_pid=$!

# --- 4. wait for the documents, then check ----------------------------------------------------------
count_of() {    # count_of INDEX [QUERY]: documents in INDEX (matching QUERY), 0 if the index is missing
    local args=()
    [ -z "${2:-}" ] || args=(--data-urlencode "q=$2")
    curl -sS --max-time 10 -X POST -o /dev/null "$url/$1/_refresh" || true
    curl -sS --max-time 10 -G "$url/$1/_count" "${args[@]}" \
        | grep -o '"count":[0-9]*' | grep -o '[0-9]*$' || echo 0
}

# omelasticsearch's counters from impstats (summed over both actions; a sample every second), e.g.
# { "name": "omelasticsearch", "origin": "omelasticsearch", "submitted": 4000, ..., "response.success": 4000, ... }
stats=""
read_stats() { stats="$(grep -F '"origin": "omelasticsearch"' "$work/stats.json" 2>/dev/null | tail -n1 || true)"; }
stat_of() { echo "$stats" | grep -o "\"$1\": *[0-9]*" | grep -o '[0-9]*$' || echo 0; }

started=$SECONDS
count=0
legacy_count=0
while [ $((SECONDS - started)) -lt "$timeout" ]; do
    kill -0 "$rsyslog_pid" 2>/dev/null || { cat "$work/rsyslogd.out" >&2; die "FAIL: rsyslogd exited"; }
    count="$(count_of "$index")"
    legacy_count="$(count_of "$legacy_index")"
    read_stats
    [ "$count" -ge "$expected" ] && [ "$legacy_count" -ge "$expected" ] \
        && [ "$(stat_of response.success)" -ge $((2 * expected)) ] && break
    sleep 0.5
done
elapsed=$((SECONDS - started))
sleep 1.5   # anything sent twice would arrive now, and impstats writes one more sample
read_stats
count="$(count_of "$index")"
legacy_count="$(count_of "$legacy_index")"

# A phrase whose hits are known from the file itself.
phrase='workerEnv.init'
phrase_expected="$(grep -cF "$phrase" "$input")"
phrase_hits="$(count_of "$index" "message:\"$phrase\"")"
phrase2='mod_jk child workerEnv in error state'
phrase2_expected="$(grep -cF "$phrase2" "$input")"
phrase2_hits="$(count_of "$legacy_index" "message:\"$phrase2\"")"

success="$(stat_of response.success)"
failed=0     # how many of omelasticsearch's failure counters are not 0
for field in failed.http failed.httprequests failed.checkConn failed.es response.bad \
    response.duplicate response.badargument response.bulkrejection response.other; do
    value="$(stat_of "$field")"
    [ "$value" = 0 ] || failed=$((failed + 1))
done

problems=()
[ "$count" = "$expected" ] || problems+=("$index has $count docs, want $expected")
[ "$legacy_count" = "$expected" ] || problems+=("$legacy_index has $legacy_count docs, want $expected")
[ "$phrase_hits" = "$phrase_expected" ] || problems+=("\"$phrase\": $phrase_hits hits, want $phrase_expected")
[ "$phrase2_hits" = "$phrase2_expected" ] \
    || problems+=("\"$phrase2\": $phrase2_hits hits, want $phrase2_expected")
for f in "$work/es8-errors.json" "$work/legacy-errors.json"; do
    [ ! -s "$f" ] || problems+=("rsyslog error file $(basename "$f") is not empty")
done
[ "$success" = $((2 * expected)) ] || problems+=("impstats response.success=$success, want $((2 * expected))")
[ "$failed" = 0 ] || problems+=("impstats reports failures: $stats")

summary="$index $count/$expected docs, $legacy_index $legacy_count/$expected (${elapsed}s);"
summary+=" hits \"$phrase\" $phrase_hits/$phrase_expected, \"$phrase2\" $phrase2_hits/$phrase2_expected;"
summary+=" rsyslog response.success $success/$((2 * expected)), failure counters $failed"
if [ ${#problems[@]} = 0 ]; then
    ok=1
    echo "rsyslog shipping: PASS ($summary)"
    exit 0
fi
for p in "${problems[@]}"; do say "$p"; done
for f in "$work/es8-errors.json" "$work/legacy-errors.json"; do
    [ ! -s "$f" ] || { say "--- $f (first 3 lines)"; head -n 3 "$f" | cut -c1-2000 >&2; }
done
[ ! -s "$work/rsyslogd-messages.log" ] || { say "--- rsyslogd messages"; tail -n 20 "$work/rsyslogd-messages.log" >&2; }
echo "rsyslog shipping: FAIL ($summary)"
exit 1
