#!/usr/bin/env bash
# Benchmarks of the platform on this machine, on loopback. Not part of the test command: run on demand.
#
#   bench/run.sh                 full run (~25 minutes on 2 cores): writes bench/RESULTS.md whole
#   BENCH_QUICK=1 bench/run.sh   smoke test of the script (~10 minutes): short runs, small provisioning batches
#
# One run, one result: every figure in RESULTS.md is measured by this run, at the commit it names, and the targets
# table is computed from them. It exits nonzero (and RESULTS.md says "FAILED") when a check fails: an open-loop run
# that did not achieve its offered rate within 2 %, mail received ≠ items with an e-mail, non-2xx answers, ...
#
# Settings (environment), full / quick:
#   BENCH_RUNS (3 / 1)             measured runs per closed-loop figure (median, min–max)
#   BENCH_DURATION (10s / 3s)      each closed-loop wrk run; BENCH_CONNECTIONS (32) connections, 2 threads
#   BENCH_WARMUP (20s / 3s)        unmeasured load on each create call before its measured runs
#   BENCH_PROXY_WARMUP (60s / 3s)  the same for each way (direct, gateway, both HAProxys) of the list and detail calls
#   BENCH_PROXY_RUNS (5 / 1)       rounds of the list and detail calls, each round direct, gateway, haproxy, haproxy-bare in turn
#   BENCH_OPEN_RUNS (3 / 1), BENCH_OPEN_DURATION (20 / 5, s), BENCH_OPEN_WARMUP (5 / 2, s)
#                                  open-loop (Hyperfoil) runs, direct, gateway, HAProxy and the two bare relays taking turns
#   BENCH_TOKENS (1000)            distinct platform tokens rotated per request (list, detail: every way)
#   BENCH_SEED (10000 / 2000)      enrollments listed (also as many MDM tokens, a tenth as many entitlements)
#   BENCH_PROV_SIZES ("10000 100000" / "2000 5000")   provisioning batches, each in a fresh process
#   BENCH_POOL (20000 / 2000)      identities for the POST /enrollments benchmark
#   BENCH_LIST_QUERY (limit=25&filter=isSystem%20%3D%20false)   the query of the enrollment list call measured
# Starts the platform itself (./platform down, then a timed ./platform up) and leaves it running.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then q() { echo "$1"; }; else q() { echo "$2"; }; fi  # q <quick> <full>
RUNS=${BENCH_RUNS:-$(q 1 3)}
DURATION=${BENCH_DURATION:-$(q 3s 10s)}
CONNS=${BENCH_CONNECTIONS:-32}
SEED=${BENCH_SEED:-$(q 2000 10000)}
WARMUP=${BENCH_WARMUP:-$(q 3s 20s)}
PROXY_WARMUP=${BENCH_PROXY_WARMUP:-$(q 3s 60s)}
PROXY_RUNS=${BENCH_PROXY_RUNS:-$(q 1 5)}
OPEN_RUNS=${BENCH_OPEN_RUNS:-$(q 1 3)}
OPEN_DURATION=${BENCH_OPEN_DURATION:-$(q 5 20)}
OPEN_WARMUP=${BENCH_OPEN_WARMUP:-$(q 2 5)}
TOKENS=${BENCH_TOKENS:-1000}
PROV_SIZES=${BENCH_PROV_SIZES:-$(q "2000 5000" "10000 100000")}
PROV_SETTLE_SIZE=$(q 2000 10000)   # the warm-up batches before the largest size runs again on a warm service
PROV_LARGE=$(echo "$PROV_SIZES" | awk '{ print $NF }')
POOL=${BENCH_POOL:-$(q 2000 20000)}
HYPERFOIL_VERSION=0.25.2   # the newest whose modules are on Maven Central (0.27.1 publishes only its parent pom)
GREENMAIL_VERSION=2.1.5
WORK="$ROOT/.platform/bench"
RESULTS="$ROOT/bench/RESULTS.md"
HAPROXY_PORT=8090
HAPROXY_BARE_PORT=8091
LOG_SINK_PORT=8092   # HAProxy's syslog collector (UDP)
HAPROXY_HTTP_PORT=8093   # the floors of the open-loop tail: HTTP proxying with no rules, and a TCP relay
HAPROXY_TCP_PORT=8094
FAKE_PORT=8095
SMTP_PORT=8096
MAIL_HTTP_PORT=8097
mkdir -p "$WORK"
T0=$(date +%s)

say() { printf '%s\n' "$*" >&2; }
# checks that make the run fail: collected, reported in RESULTS.md and at the end (exit 1); the run goes on
# (in a file: many checks run inside command substitutions, which are subshells)
FAILURES=()
rm -f "$WORK/failures.txt"
fail() { printf '%s\n' "$*" >>"$WORK/failures.txt"; say "FAIL: $*"; }
# anything else that goes wrong stops the run at once, saying where
trap 'say "bench/run.sh: FAILED at line $LINENO: $BASH_COMMAND (exit $?)"' ERR

# the commit measured, taken before anything is written (RESULTS.md itself is not counted as a change)
COMMIT=$(git rev-parse --short HEAD)
DIRTY=$(git status --porcelain --untracked-files=no | grep -v ' bench/RESULTS.md$' || true)
TREE_STATE=$([ -z "$DIRTY" ] && echo "clean tree" || echo "DIRTY tree: $(printf '%s\n' "$DIRTY" | awk '{ print $2 }' | paste -sd' ')")
say "bench/run.sh at $COMMIT ($TREE_STATE)$([ "$QUICK" = 1 ] && echo ', QUICK mode')"

need() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null && return
  [ "$(id -u)" = 0 ] || { say "bench: $tool is missing (Debian package $package)"; exit 1; }
  say "Installing $package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package") >/dev/null
}

need wrk wrk
need haproxy haproxy
need python3 python3
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PGBENCH" ] || { need pgbench postgresql-contrib; PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1); }

# a jar from Maven Central into .platform/bench/lib, checked against Central's SHA-1
central_jar() {
  local group=$1 artifact=$2 version=$3 jar url
  jar="$WORK/lib/$artifact-$version.jar"
  if [ ! -f "$jar" ]; then
    mkdir -p "$WORK/lib"
    url="https://repo.maven.apache.org/maven2/${group//.//}/$artifact/$version/$artifact-$version.jar"
    curl -fsS -o "$jar.part" "$url" || { say "bench: cannot download $url"; exit 1; }
    [ "$(sha1sum <"$jar.part" | cut -c1-40)" = "$(curl -fsS "$url.sha1" | cut -c1-40)" ] \
      || { rm -f "$jar.part"; say "bench: $url does not match its SHA-1"; exit 1; }
    mv "$jar.part" "$jar"
  fi
  echo "$jar"
}
GREENMAIL_JAR=$(central_jar com.icegreen greenmail-standalone "$GREENMAIL_VERSION")

# Hyperfoil runs through its Maven plugin (its CLI/distribution is not on Central), from a one-line project
mkdir -p "$WORK/hyperfoil"
cat >"$WORK/hyperfoil/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>open-loop</artifactId><version>1</version><packaging>pom</packaging></project>
POM

# ------------------------------------------------------------------ helpers

# the same fixed CPU work, timed (ms): on shared cores the machine's speed drifts (seen here: ±20 % within minutes),
# and the report shows by how much during the run
cpu_probe() {
  local t0
  t0=$(date +%s%N)
  awk 'BEGIN { for (i = 0; i < 3e7; i++) s += i }'
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
PROBE_START=$(cpu_probe)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# wrk → "rps p50_ms p99_ms non2xx requests socket_errors"; more than 0.1 % non-2xx answers or socket errors fails the
# run (a 401 is cheap: a run that gets them measures the wrong thing; wrk leaves a request that times out, after 2 s,
# out of its latencies)
wrk_run() {
  local url=$1 out bad n errors; shift
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$@" "$url" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i }
    END { printf "%s %.2f %.2f %d %d %d\n", rps, p50, p99, bad, n, errors }')
  read -r _ _ _ bad n errors <<<"$out"
  # (a warm-up, WARMING=1, is not measured: a cold JVM may time out there)
  if [ -z "${WARMING:-}" ] && { [ "${n:-0}" -eq 0 ] || [ $(( (bad + errors) * 1000 )) -gt "$n" ]; }; then
    fail "wrk $url: $bad non-2xx of ${n:-0} answers, $errors socket errors (connect, read, write, timeout)"
  fi
  echo "$out"
}

PSQL="$(dirname "$PGBENCH")/psql"; [ -x "$PSQL" ] || PSQL=psql
zsql() { PGPASSWORD=ziti-dev-password "$PSQL" -qAt -h 127.0.0.1 -p "$PGPORT" -U ziti ziti -c "$1"; }

# median and spread (min–max) of column $1 over lines on stdin
stats() {
  grep . | sort -n -k"$1" | awk -v c="$1" '{ v[NR] = $c } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f (%.1f–%.1f)", m, v[1], v[NR] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

repeat() { local i; for i in $(seq 1 "$RUNS"); do "$@"; done; }

PIDS_TO_STOP=()
PG_LOGGING_ALL=0
cleanup() {
  local status=$? p
  for p in "${PIDS_TO_STOP[@]}"; do kill "$p" 2>/dev/null || true; done
  [ "$PG_LOGGING_ALL" = 1 ] && pg_log_statements off
  if [ $status -ne 0 ] && [ -s "$WORK/failures.txt" ] && [ -z "${REPORTED:-}" ]; then
    say "checks failed before the run stopped:"; sed 's/^/  - /' "$WORK/failures.txt" >&2
  fi
}
trap cleanup EXIT
# a helper an earlier run left running (it was stopped hard): by the pid it recorded, if that process is still it
stop_left_over() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "$2"; then kill "$pid" 2>/dev/null || true; sleep 0.5; fi
  rm -f "$1"
}

# ------------------------------------------------------------------ 0. the whole platform, from built jars to all ready

APPS_ALL="ziti-edge-service mdm-enrollment-service provisioning-service entitlement-service gateway"
APP_PORTS="8081 8082 8083 8084 8080"
# one benchmark client would be throttled by the gateway's per-client limit: raise it (the limiter still runs).
# The other apps ignore these variables.
export GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND=100000000 GATEWAY_RATE_LIMIT_BURST=100000000
say "Building if needed (./platform up), then ./platform down"
./platform up >"$WORK/up-build.log" 2>&1 || { cat "$WORK/up-build.log" >&2; say "bench: ./platform up failed"; exit 1; }
./platform down >"$WORK/down.log" 2>&1
say "Timing ./platform up from built jars until every app answers /q/health/ready"
up_start=$(date +%s%N)
./platform up >"$WORK/up.log" 2>&1 &
up_pid=$!
while :; do
  all=1
  for port in $APP_PORTS; do
    curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null || { all=0; break; }
  done
  [ $all = 1 ] && break
  kill -0 $up_pid 2>/dev/null || { wait $up_pid || { cat "$WORK/up.log" >&2; say "bench: ./platform up failed"; exit 1; }; }
  [ $(( ($(date +%s%N) - up_start) / 1000000000 )) -lt 300 ] || { say "platform not ready after 300 s"; exit 1; }
  sleep 0.05
done
PLATFORM_READY_MS=$(( ($(date +%s%N) - up_start) / 1000000 ))
wait $up_pid || { cat "$WORK/up.log" >&2; say "bench: ./platform up failed"; exit 1; }
if grep -q '^Building the platform' "$WORK/up.log"; then
  say "./platform up built the jars: the start-up was not from built jars"; exit 1
fi
say "whole platform ready in $PLATFORM_READY_MS ms"

TOKEN=$(./platform token)
PGPORT=$(cat .platform/pg.port)
# the JVM the apps run on (the machine's java, or PLATFORM_JAVA); on a JDK 25+, an app started without an AOT cache
# records one until it stops: restart each such app once, so that nothing is measured while recording
APP_JAVA=$(tr '\0' '\n' <"/proc/$(cat .platform/pids/ziti-edge-service.pid)/cmdline" | sed -n 1p)
for app in $APPS_ALL; do
  if tr '\0' '\n' <"/proc/$(cat ".platform/pids/$app.pid")/cmdline" | grep -q '^-XX:AOTCacheOutput='; then
    say "$app recorded its AOT cache on this run: restarting it with the cache"
    ./platform restart "$app" >/dev/null
  fi
done

# ------------------------------------------------------------------ token pool

# BENCH_TOKENS distinct platform tokens (admin, a day, DEV-ONLY key), with the claims of ./platform token; the wrk
# script and the Hyperfoil runs take them in turn, so the gateway's token cache (on, as configured) sees what it would
# see with that many users
say "Signing $TOKENS platform tokens"
# (bench/TokenPool.java signs what `./platform token bench-<n>` signs, in one process: 1 000 openssl calls take minutes
# on a busy machine)
java "$ROOT/bench/TokenPool.java" "$ROOT/dev-keys/DEV-ONLY-jwt-private.pem" "$(sed -n 's/^ISSUER="\(.*\)"$/\1/p' platform)" \
  "$(sed -n 's/^AUDIENCE="\(.*\)"$/\1/p' platform)" "$TOKENS" >"$WORK/tokens.txt"
[ "$(sort -u "$WORK/tokens.txt" | grep -c '^ey')" -eq "$TOKENS" ] || { say "token pool: not $TOKENS distinct tokens"; exit 1; }
sed 's/^/Bearer /' "$WORK/tokens.txt" >"$WORK/bearer-tokens.txt"
cat >"$WORK/tokens.lua" <<'LUA'
-- one token of the pool per request, in turn; each thread starts at its own offset in the pool
local tokens = {}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args)
  for line in io.lines(os.getenv("BENCH_TOKEN_FILE")) do tokens[#tokens + 1] = line end
  next_token = math.floor((tid - 1) * #tokens / 2)
end
function request()
  next_token = next_token + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Authorization"] = "Bearer " .. tokens[next_token % #tokens + 1]
  return wrk.format(nil, nil, headers, nil)
end
LUA
export BENCH_TOKEN_FILE="$WORK/tokens.txt"
for t in "$(head -1 "$WORK/tokens.txt")" "$(tail -1 "$WORK/tokens.txt")"; do
  for port in 8081 8080; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "http://127.0.0.1:$port/edge/management/v1/enrollments?limit=1")" = 200 ] \
      || { say "a token of the pool is refused on port $port"; exit 1; }
  done
done

# gateway_token_cache_gets_total by result, summed over its series
cache_gets() {
  curl -fsS http://127.0.0.1:8080/q/metrics | awk -v r="$1" '
    /^gateway_token_cache_gets_total\{/ && index($0, "result=\"" r "\"") { s += $NF } END { printf "%d\n", s }'
}
curl -fsS -o "$WORK/gateway-metrics.txt" http://127.0.0.1:8080/q/metrics
grep -q '^gateway_token_cache_gets_total{' "$WORK/gateway-metrics.txt" \
  || { say "the gateway's /q/metrics has no gateway_token_cache_gets_total"; exit 1; }

# ------------------------------------------------------------------ seed: enrollments through the API (also the create benchmark)

cat >"$WORK/create-identity.lua" <<'EOF'
-- POST /identities with an inline OTT enrollment: two rows and a signed enrollment JWT per request
local counter = 0
local thread_id = 0
local limit = tonumber(os.getenv("BENCH_SEED_PER_THREAD") or "0")
-- BENCH_BARE_IDENTITIES: identities without an enrollment (the pool for the POST /enrollments benchmark)
local bare = os.getenv("BENCH_BARE_IDENTITIES") == "1"
function setup(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
function init(args) prefix = (bare and "benchpool-" or "bench-") .. tid .. "-" .. os.time() .. "-" end
function request()
  counter = counter + 1
  local body = '{"name":"' .. prefix .. counter .. '","type":"User","isAdmin":false'
    .. (bare and '}' or ',"enrollment":{"ott":true}}')
  -- wrk.format replaces wrk.headers when given a table: keep the -H headers (the token)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end
function response(status, headers, body)
  if limit > 0 and counter >= limit then wrk.thread:stop() end
end
EOF

enrollment_count() {
  curl -fsS -H "zt-session: $TOKEN" "localhost:8080/edge/management/v1/enrollments?limit=1" \
    | grep -o '"totalCount":[0-9]*' | cut -d: -f2
}
# creates about $3 identities through $4 with create-identity.lua until the command $1 counts at least $2 of them
# (log: $5). wrk's threads stop at their share, but wrk itself sleeps out -d: poll the count and end it then
create_identities() {
  local count=$1 want=$2 more=$3 url=$4 log=$5 maker
  BENCH_SEED_PER_THREAD=$(( more / 2 + 8 )) wrk -t2 -c8 -d30m -H "Authorization: Bearer $TOKEN" \
    -s "$WORK/create-identity.lua" "$url" >"$log" 2>&1 &
  maker=$!
  until [ "$($count)" -ge "$want" ]; do
    kill -0 $maker 2>/dev/null || { say "creating identities stopped early:"; cat "$log" >&2; exit 1; }
    sleep 1
  done
  kill $maker 2>/dev/null || true
}
existing=$(enrollment_count)
if [ "${existing:-0}" -lt "$SEED" ]; then
  say "Seeding $SEED enrollments (POST /identities with an OTT enrollment, through the gateway)"
  create_identities enrollment_count "$SEED" $(( SEED - existing )) http://127.0.0.1:8080/edge/management/v1/identities \
    "$WORK/seed.txt"
fi

# more than asked (an earlier run with a larger BENCH_SEED): the benchmark's own surplus identities go, so that the
# list's count(*) scans the size asked for; rows not made by the benchmark stay
surplus=$(( $(enrollment_count) - SEED ))
if [ "$surplus" -gt 0 ]; then
  say "Removing $surplus surplus benchmark enrollments (keeping $SEED)"
  zsql "CREATE TEMP TABLE surplus AS SELECT id FROM identity WHERE name LIKE 'bench-%'
          ORDER BY created_at DESC, id LIMIT $surplus;
        DELETE FROM enrollment WHERE identity_id IN (SELECT id FROM surplus);
        DELETE FROM identity WHERE id IN (SELECT id FROM surplus)" >/dev/null
fi
# every run, not only after a removal: the previous run's creates were deleted at its end, and PostgreSQL (stopped with
# the platform) may not have vacuumed since; until it does, the list's count(*) visits the dead rows too, and an
# index-only scan needs the visibility map that a vacuum sets
zsql "VACUUM ANALYZE enrollment" >/dev/null; zsql "VACUUM ANALYZE identity" >/dev/null

# ------------------------------------------------------------------ seed: 10 000 MDM tokens over 10 organisations, 1 000 entitlements

api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
MDM=http://127.0.0.1:8082/v1/organizations
for org in $(seq -w 1 10); do
  slug="bench-org-$org"
  api -o /dev/null "$MDM/$slug" 2>/dev/null || api -o /dev/null -X POST "$MDM" \
    -d "{\"name\":\"Bench $org\",\"slug\":\"$slug\",\"plan\":{\"windowsMdm\":true,\"enrollmentTokenQuota\":1000000}}"
  tokens=$(api "$MDM/$slug/mdm/windows/enterprise/enrollment-tokens?limit=1" | grep -o '"totalDocs":[0-9]*' | cut -d: -f2)
  if [ "${tokens:-0}" -lt $((SEED / 10)) ]; then
    say "Seeding $((SEED / 10)) MDM enrollment tokens in $slug (bulk create; employees found or created)"
    done_n=0
    while [ $done_n -lt $((SEED / 10)) ]; do  # bulk takes at most 1 000 e-mails per call
      n=$(( SEED / 10 - done_n > 1000 ? 1000 : SEED / 10 - done_n ))
      list=$(seq $((done_n + 1)) $((done_n + n)) | awk -v o="$org" '{ printf "%s\"employee%d@org%s.bench\"", (NR > 1 ? "," : ""), $1, o }')
      api -o /dev/null -X POST "$MDM/$slug/mdm/windows/enterprise/enrollment-tokens/bulk" \
        -d "{\"userEmails\":[$list],\"sendEmail\":false}"
      done_n=$(( done_n + n ))
    done
  fi
done
MDM_USER=$(api -X POST "$MDM/bench-org-01/mdm/users" \
  -d "{\"email\":\"bench-creator-$(date +%s%N)@org01.bench\",\"name\":\"Bench creator\"}" \
  | grep -o '"id":"[0-9a-f]\{24\}"' | sed -n 1p | cut -d'"' -f4)

ENT=http://127.0.0.1:8084
entitlements=$(api "$ENT/entitlements?limit=1" | grep -o '"totalRecords":[0-9]*' | cut -d: -f2)
if [ "${entitlements:-0}" -lt $((SEED / 10)) ]; then
  say "Seeding $((SEED / 10)) entitlements (10 applications × $((SEED / 100)) tenants, one entitle flow per tenant)"
  stamp=$(date +%s)
  apps=""
  for a in $(seq 1 10); do
    api -o /dev/null -X POST "$ENT/applications" -d "{\"name\":\"bench-app$a-$stamp\",\"version\":\"1.0.0\",\"description\":\"bench\",\"modules\":[],\"moduleDescriptors\":[],\"dependencies\":[]}"
    apps="$apps${apps:+,}\"bench-app$a-$stamp-1.0.0\""
  done
  for t in $(seq 1 $((SEED / 100))); do
    tenant=$(api -X POST "$ENT/tenants" -d "{\"name\":\"bench${stamp}t$t\",\"description\":\"bench\"}" | grep -o '"id":"[^"]*"' | sed -n 1p | cut -d'"' -f4)
    api -o /dev/null -X POST "$ENT/entitlements" -d "{\"tenantId\":\"$tenant\",\"applications\":[$apps]}"
  done
fi

# ------------------------------------------------------------------ 1. list + detail: direct, gateway, HAProxy (closed loop)

# The peer is HAProxy doing the gateway's work on each request (a peer is measured on the same work): verify the
# platform JWT (RS256 signature, exp, iss, aud), the client's rate limit keyed by the token's subject, a request id
# (to the service and back to the client), X-Forwarded-For/-Proto/-Host, the identity headers the gateway owns
# (X-User-Id, X-User-Roles, client headers of those names dropped) and one access-log line per request with the
# gateway's fields. It logs as HAProxy is usually run: UDP syslog to a local collector (bench/log-sink.py), the cheaper
# of its two usual targets (measured against `log stdout` to a file: bench/NOTES.md, session 15). What it does not do
# and the gateway does: remember verified tokens (HAProxy verifies every one), metrics with a latency histogram
# (HAProxy's counters are always on). A second HAProxy that only verifies the JWT ("haproxy-bare", the peer up to
# session 14) runs in the same rounds, for reference.
haproxy_cfg() {  # full|bare|http|tcp port
  local kind=$1 mode=http jwt=
  [ "$kind" = tcp ] && mode=tcp
  { [ "$kind" = full ] || [ "$kind" = bare ]; } && jwt=yes
  # http and tcp: the least a second hop can do, for the open-loop tail: proxy HTTP with no rule at all, or relay the
  # bytes without reading HTTP. Neither checks a token.
  cat <<EOF
# $(case $kind in
  full) echo "The gateway's per-request work for one route: JWT, rate limit, request id, forwarded and identity headers, access log." ;;
  bare) echo "Only the JWT check, then proxy (reference)." ;;
  http) echo "HTTP proxying only (reference)." ;;
  tcp) echo "A TCP relay: bytes in, bytes out (reference)." ;;
esac)
$([ "$jwt" ] && echo "# HAProxy 2.6's jwt_verify reads a bare PEM public key (its \"file not found\" error also means \"not a PUBKEY\").")
global
    nbthread 2
    maxconn 4096
$([ "$kind" = full ] && echo "    log 127.0.0.1:$LOG_SINK_PORT format raw local0 info")
defaults
    mode $mode
$([ "$jwt" ] && echo "    option dontlognull")
$([ "$kind" = full ] && echo "    log global")
    timeout connect 2s
    timeout client 30s
    timeout server 30s
$([ "$mode" = http ] && echo "    http-reuse always")
frontend edge
    bind 127.0.0.1:$2
EOF
  if [ "$jwt" ]; then
    cat <<EOF
    http-request set-var(txn.bearer) http_auth_bearer
    http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
    http-request deny status 401 unless { var(txn.alg) -m str RS256 }
    http-request deny status 401 unless { var(txn.bearer),jwt_verify(txn.alg,"$ROOT/dev-keys/DEV-ONLY-jwt-public.pem") -m int 1 }
    http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
    http-request set-var(txn.now) date()
    http-request deny status 401 if { var(txn.exp),sub(txn.now) -m int lt 0 }
    http-request deny status 401 unless { var(txn.bearer),jwt_payload_query('\$.iss') -m str https://onboarding.local/auth }
    http-request deny status 401 unless { var(txn.bearer),jwt_payload_query('\$.aud') -m sub onboarding-platform }
EOF
  fi
  if [ "$kind" = full ]; then
    cat <<EOF
    # the gateway's access-log line: method, path, status, time, request id, subject, route
    log-format "%HM %HPO %ST %Ta ms request_id=%ID sub=%[var(txn.sub)] route=ziti"
    unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid
    unique-id-header X-Request-Id
    http-after-response set-header X-Request-Id %[unique-id]
    # the client's rate limit, per token subject, at the limit the bench gives the gateway
    http-request set-var(txn.sub) var(txn.bearer),jwt_payload_query('\$.sub')
    http-request track-sc0 var(txn.sub) table per_subject
    http-request deny deny_status 429 if { sc_http_req_rate(0) gt $GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND }
    http-request del-header X-User-Id
    http-request del-header X-User-Roles
    http-request del-header X-Client-Cert
    http-request del-header zt-session
    http-request set-header X-User-Id %[var(txn.sub)]
    http-request set-header X-User-Roles %[var(txn.bearer),jwt_payload_query('\$.groups')]
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
EOF
  fi
  cat <<EOF
    default_backend ziti
$([ "$kind" = full ] && printf 'backend per_subject\n    stick-table type string len 64 size 100k expire 2m store http_req_rate(1s)')
backend ziti
    server ziti 127.0.0.1:8081
EOF
}
stop_left_over "$WORK/log-sink.pid" log-sink.py
python3 "$ROOT/bench/log-sink.py" "$LOG_SINK_PORT" "$WORK/haproxy-access.log" &
echo $! >"$WORK/log-sink.pid"
PIDS_TO_STOP+=("$(cat "$WORK/log-sink.pid")")
haproxy_cfg full "$HAPROXY_PORT" >"$WORK/haproxy.cfg"
haproxy_cfg bare "$HAPROXY_BARE_PORT" >"$WORK/haproxy-bare.cfg"
haproxy_cfg http "$HAPROXY_HTTP_PORT" >"$WORK/haproxy-http.cfg"
haproxy_cfg tcp "$HAPROXY_TCP_PORT" >"$WORK/haproxy-tcp.cfg"
for cfg in haproxy haproxy-bare haproxy-http haproxy-tcp; do
  haproxy -c -f "$WORK/$cfg.cfg" >/dev/null
  stop_left_over "$WORK/$cfg.pid" haproxy
  haproxy -f "$WORK/$cfg.cfg" -D -p "$WORK/$cfg.pid"
  PIDS_TO_STOP+=("$(cat "$WORK/$cfg.pid")")
done
for port in "$HAPROXY_PORT" "$HAPROXY_BARE_PORT"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(tail -1 "$WORK/tokens.txt")" "localhost:$port/edge/management/v1/enrollments?limit=1")" = 200 ] \
    || { say "HAProxy on $port does not verify the token"; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer x.y.z" "localhost:$port/edge/management/v1/enrollments")" = 401 ] \
    || { say "HAProxy on $port lets a bad token through"; exit 1; }
done
for port in "$HAPROXY_HTTP_PORT" "$HAPROXY_TCP_PORT"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(tail -1 "$WORK/tokens.txt")" "localhost:$port/edge/management/v1/enrollments?limit=1")" = 200 ] \
    || { say "the relay on $port does not reach ziti-edge-service"; exit 1; }
done
# the peer does its work: the client gets a request id, the collector an access-log line
curl -s -o /dev/null -D - -H "Authorization: Bearer $(tail -1 "$WORK/tokens.txt")" "localhost:$HAPROXY_PORT/edge/management/v1/enrollments?limit=1" \
  | grep -qi '^x-request-id: ' || { say "HAProxy sets no X-Request-Id"; exit 1; }
sleep 0.5
grep -Eq "^GET /edge/management/v1/enrollments 200 [0-9]+ ms request_id=[^ ]+ sub=bench-[0-9]+ route=ziti$" "$WORK/haproxy-access.log" \
  || { say "HAProxy's access log did not reach the collector ($WORK/haproxy-access.log)"; exit 1; }

LIST_QUERY=${BENCH_LIST_QUERY:-limit=25&filter=isSystem%20%3D%20false}
ENROLLMENTS=$(enrollment_count)
LIST="/edge/management/v1/enrollments?$LIST_QUERY"
DETAIL_ID=$(curl -fsS -H "zt-session: $TOKEN" "localhost:8080/edge/management/v1/enrollments?limit=1" | grep -o '"id":"[^"]*"' | sed -n 1p | cut -d'"' -f4)
DETAIL="/edge/management/v1/enrollments/$DETAIL_ID"
path_of() { if [ "$1" = detail ]; then echo "$DETAIL"; else echo "$LIST"; fi; }
via_port() { case $1 in direct) echo 8081 ;; gateway) echo 8080 ;; haproxy) echo "$HAPROXY_PORT" ;; haproxy-bare) echo "$HAPROXY_BARE_PORT" ;;
  haproxy-http) echo "$HAPROXY_HTTP_PORT" ;; haproxy-tcp) echo "$HAPROXY_TCP_PORT" ;; esac; }

# CPU time (utime + stime, in clock ticks) of the proxy of a way: the gateway's JVM, or one of the bench's HAProxys (one
# process, its two threads included)
proxy_ticks() {
  case $1 in
    gateway) awk '{ print $14 + $15 }' "/proc/$(cat .platform/pids/gateway.pid)/stat" ;;
    haproxy*) awk '{ print $14 + $15 }' "/proc/$(cat "$WORK/$1.pid")/stat" ;;
    *) echo 0 ;;
  esac
}
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

# After the fixed warm-up, the JVM in front of a way (ziti direct, else the gateway; HAProxy has no JIT) gets more load
# in 10 s steps until its JIT compiler has settled: less than 0.1 s of compiling in a step (1 % of a core), as
# `jstat -compiler` counts it, at most 3 minutes more. 60 s of list load had not been enough for the gateway: its CPU
# per page was 142 µs two rounds after the warm-up, and 78 µs a round later (bench/NOTES.md, session 15).
JSTAT=$(dirname "$APP_JAVA")/jstat
jit_seconds() { "$JSTAT" -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
declare -A SETTLED
jit_settle() {  # call via path
  local pid step c0 c1=""
  case $2 in
    direct) pid=$(cat .platform/pids/ziti-edge-service.pid) ;;
    gateway) pid=$(cat .platform/pids/gateway.pid) ;;
    *) return 0 ;;
  esac
  [ "$QUICK" = 1 ] || [ ! -x "$JSTAT" ] && return 0
  local outcome="not settled after"
  for step in $(seq 1 18); do
    c0=$(jit_seconds "$pid")
    wrk -t2 -c"$CONNS" -d10s -s "$WORK/tokens.lua" "http://127.0.0.1:$(via_port "$2")$3" >/dev/null 2>&1
    c1=$(jit_seconds "$pid")
    if awk -v a="$c0" -v b="$c1" 'BEGIN { exit !(b - a < 0.1) }'; then outcome="settled after"; break; fi
  done
  SETTLED[$1.$2]="$outcome $(( step * 10 )) s more ($(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }') s compiling in the last 10 s)"
  say "  $2's JIT ${SETTLED[$1.$2]}"
}

declare -A R HITS MISSES CPU_US PAIR_RATIO PAIR_RATIO_BARE
for call in list detail; do
  path=$(path_of $call)
  for via in direct gateway haproxy haproxy-bare; do
    # warm-up: a freshly started JVM needs tens of seconds of load before its JIT settles (the gateway measured
    # 1 300 req/s after 10 s and 2 900 after 40 s, and its compiler threads still took half its CPU per list page
    # after 20 s of list load); HAProxy needs none but gets the same
    say "warm-up: $call via $via ($PROXY_WARMUP)"
    wrk -t2 -c"$CONNS" -d"$PROXY_WARMUP" -s "$WORK/tokens.lua" "http://127.0.0.1:$(via_port $via)$path" >/dev/null 2>&1
    jit_settle "$call" "$via" "$path"
  done
  # the four ways take turns, round after round: a machine whose speed drifts (shared cores) shifts them all alike.
  # Each round gives a gateway/HAProxy ratio of its own, from two runs next to each other (the target is the median of
  # these, against the HAProxy doing the gateway's work), and each proxy's own CPU per request.
  for i in $(seq 1 "$PROXY_RUNS"); do
    declare -A round=()
    for via in direct gateway haproxy haproxy-bare; do
      say "wrk $call via $via (round $i of $PROXY_RUNS, $DURATION, $CONNS connections, $TOKENS tokens in turn)"
      if [ $via = gateway ]; then h0=$(cache_gets hit); m0=$(cache_gets miss); fi
      t0=$(proxy_ticks $via)
      line=$(wrk_run "http://127.0.0.1:$(via_port $via)$path" -s "$WORK/tokens.lua")
      t1=$(proxy_ticks $via)
      R[$call.$via]+="$line"$'\n'
      round[$via]=$(awk '{ print $1 }' <<<"$line")
      if [ $via != direct ]; then
        CPU_US[$call.$via]+="$(awk -v t=$(( t1 - t0 )) -v u=$TICK_US -v n="$(awk '{ print $5 }' <<<"$line")" 'BEGIN { printf "%.1f", t * u / n }')"$'\n'
      fi
      if [ $via = gateway ]; then
        HITS[$call]+="$(( $(cache_gets hit) - h0 )) "; MISSES[$call]+="$(( $(cache_gets miss) - m0 )) "
      fi
    done
    PAIR_RATIO[$call]+="$(ratio "${round[gateway]}" "${round[haproxy]}")"$'\n'
    PAIR_RATIO_BARE[$call]+="$(ratio "${round[gateway]}" "${round[haproxy-bare]}")"$'\n'
  done
done
hit_rate() {  # per measured gateway run of the call: "99.90 % (29 970 hits, 30 misses)", ...
  paste -d' ' <(printf '%s\n' ${HITS[$1]}) <(printf '%s\n' ${MISSES[$1]}) | awk '{
    printf "%s", (NR > 1 ? "; " : "")
    if ($1 + $2 == 0) printf "no gets"; else printf "%.2f %% (%d hits, %d misses)", 100 * $1 / ($1 + $2), $1, $2 }'
}

# ------------------------------------------------------------------ 1b. p99 added by the gateway at 50 % of its peak (open loop)

# Hyperfoil's constantRate phase starts a new session (one request) every 1/rate s whatever the answers, so a slow
# answer cannot hold back the next request (no coordinated omission), and each latency counts from its scheduled
# start. variance: false spaces the requests evenly (Hyperfoil's default is Poisson arrivals, whose own spread over a
# few thousand requests is near the 2 % check). Direct and gateway get the same offered rate: half of the gateway's closed-loop median peak measured above.
# HAProxy, the peer, gets the same rate too: its p99 minus direct's is what a second hop adds on these cores when the
# proxy is not the gateway (reported beside the gateway's; the target is the gateway's).
# A run that does not achieve its offered rate within 2 % fails the bench.
hyperfoil_yaml() {  # call via rate
  local call=$1 via=$2 rate=$3 phase duration after
  cat <<YAML
name: open-$call-$via
threads: 2
http:
  host: http://127.0.0.1:$(via_port "$via")
  sharedConnections: $CONNS
phases:
YAML
  for phase in warmup main; do
    duration=$OPEN_WARMUP; after=""
    # strict: the measured phase starts when every warm-up request has its answer, not with their backlog in the queue
    if [ $phase = main ]; then duration=$OPEN_DURATION; after="      startAfterStrict: warmup"; fi
    cat <<YAML
- $phase:
    constantRate:
      usersPerSec: $rate
      variance: false
      duration: ${duration}s
      maxSessions: $(( 2 * rate > 200 ? 2 * rate : 200 ))
$after
      scenario:
      - request:
        - randomItem:
            file: $WORK/bearer-tokens.txt
            toVar: bearer
        - httpRequest:
            GET: '$(path_of "$call")'
            metric: $call
            headers:
              Authorization:
                fromVar: bearer
YAML
  done
}
# Hyperfoil runs in Maven's JVM, and a latency counts from its scheduled start, so a pause of that JVM is charged to
# the server: with the default collector (G1) it paused up to 41 ms, twice within one measured phase (young
# collections copying the ~120 MB it keeps live). Its JVM gets a young generation larger than what one run allocates, so it
# does not collect while it measures; the run checks that in its GC log and fails otherwise.
HYPERFOIL_JVM="-XX:+UseSerialGC -Xms6g -Xmx6g -Xmn5g -Duser.timezone=UTC"
# pauses of the load generator's JVM between the end of warm-up and the end of the measured phase
generator_pauses() {  # hyperfoil log, gc log
  awk 'function sec(t) { split(t, a, /[:,.]/); return a[1] * 3600 + a[2] * 60 + a[3] + a[4] / 1000 }
    FNR == NR && /Phase warmup used/ { from = sec($1) } FNR == NR && /Phase main used/ { to = sec($1) }
    FNR != NR && /Pause/ { t = substr($1, 13, 12); if (sec(t) >= from && sec(t) <= to) n++ }
    END { print n + 0 }' "$1" "$2"
}
# → "offered achieved p50_ms p99_ms p999_ms errors requests" (requests: warm-up and measured phase together, the
# denominator of the proxy's CPU over the whole run)
open_run() {
  local call=$1 via=$2 rate=$3 log="$WORK/hyperfoil-$1-$2.log" paused
  hyperfoil_yaml "$call" "$via" "$rate" >"$WORK/hyperfoil-$call-$via.yaml"
  MAVEN_OPTS="$HYPERFOIL_JVM -Xlog:gc:file=$WORK/hyperfoil-$call-$via-gc.log:utctime" \
    "$ROOT/mvnw" -B -f "$WORK/hyperfoil/pom.xml" "io.hyperfoil:hyperfoil-maven-plugin:$HYPERFOIL_VERSION:run" \
    -Dhyperfoil.yaml="$WORK/hyperfoil-$call-$via.yaml" -Dhyperfoil.percentiles=true >"$log" 2>&1 \
    || { tail -30 "$log" >&2; say "Hyperfoil failed (log $log)"; exit 1; }
  paused=$(generator_pauses "$log" "$WORK/hyperfoil-$call-$via-gc.log")
  [ "$paused" -eq 0 ] || fail "open loop $call via $via: the load generator's JVM paused $paused time(s) for GC while it measured"
  awk -v rate="$rate" -v d="$OPEN_DURATION" -v m="main/$call:" -v w="warmup/$call:" '
    / \[i\.h\.m\.RunMojo\] [a-z]+\/[a-z]+: *$/ { inmain = ($NF == m); inwarm = ($NF == w) }
    inwarm && /requests in/ { for (i = 1; i < NF; i++) if ($(i + 1) == "requests") nw = $i }
    inmain && /requests in/ { for (i = 1; i < NF; i++) if ($(i + 1) == "requests") n = $i }
    inmain && $2 ~ /^[01]\.[0-9]+$/ && NF >= 3 {
      if (p50 == "" && $2 >= 0.5) p50 = $1 / 1000; if (p99 == "" && $2 >= 0.99) p99 = $1 / 1000
      if (p999 == "" && $2 >= 0.999) p999 = $1 / 1000 }
    inmain && /^#\[Max/ { max = $3 / 1000 }
    inmain && /Non-2xx or 3xx responses:/ { bad += $NF }
    inmain && /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i }
    END { if (p999 == "") p999 = max
          printf "%d %.1f %.2f %.2f %.2f %d %d\n", rate, n / d, p50, p99, p999, bad, n + nw }' "$log"
}
# Beside the gateway and its peer, two HAProxys that do the least a second hop can: HTTP proxying with no rule
# (haproxy-http), and a TCP relay that never reads HTTP (haproxy-tcp). What they add to direct's p99 at the same rate
# is the floor of "p99 added" on this machine, for any proxy (bench/NOTES.md, session 17).
OPEN_WAYS="direct gateway haproxy haproxy-http haproxy-tcp"
declare -A OPEN OPEN_RATE OPEN_CPU
for call in detail list; do
  peak=$(printf '%s\n' "${R[$call.gateway]}" | awk '{ print $1 }' | median)
  OPEN_RATE[$call]=$(awk -v p="$peak" 'BEGIN { printf "%d", p / 2 }')
  for i in $(seq 1 "$OPEN_RUNS"); do
    for via in $OPEN_WAYS; do
      say "open loop: $call via $via at ${OPEN_RATE[$call]} req/s (run $i of $OPEN_RUNS, ${OPEN_WARMUP}s + ${OPEN_DURATION}s)"
      t0=$(proxy_ticks $via)
      line=$(open_run "$call" "$via" "${OPEN_RATE[$call]}")
      t1=$(proxy_ticks $via)
      say "  offered achieved p50 p99 p99.9 errors requests: $line"
      read -r offered achieved _ _ _ errors requests <<<"$line"
      if [ $via != direct ]; then
        OPEN_CPU[$call.$via]+="$(awk -v t=$(( t1 - t0 )) -v u=$TICK_US -v n="$requests" 'BEGIN { printf "%.1f", t * u / n }')"$'\n'
      fi
      # (one request either way is the rounding of a count over a window, which only matters at a few req/s)
      if awk -v o="$offered" -v a="$achieved" -v d="$OPEN_DURATION" \
          'BEGIN { off = (a > o ? a - o : o - a) * d; exit !(off > 0.02 * o * d && off > 1.001) }'; then
        fail "open loop $call via $via: achieved $achieved req/s, offered $offered (more than 2 % apart)"
      fi
      [ "$errors" -eq 0 ] || fail "open loop $call via $via: $errors errors or non-2xx answers"
      OPEN[$call.$via]+="$line"$'\n'
    done
  done
done

PROBE_HTTP=$(cpu_probe)

# ------------------------------------------------------------------ 2. the database's own limit for the list call, same SQL

# The statements the service runs for one list call are read from PostgreSQL's own log (log_statement = all, for the
# moment of one request), with their parameters; pgbench runs exactly them, prepared, the parameters bound as the
# service binds them (pgbench variables :p1…, given with -D).
eval "$(./platform pg 2>/dev/null)"
su_sql() { PGPASSWORD=$TEST_PG_PASSWORD "$PSQL" -qAt -h "$TEST_PG_HOST" -p "$TEST_PG_PORT" -U "$TEST_PG_USER" postgres -c "$1"; }
PG_LOG="$ROOT/.platform/logs/postgres.log"
[ -f "$PG_LOG" ] || { say "the list's SQL is read from the private PostgreSQL's log ($PG_LOG): not found"; exit 1; }
pg_log_statements() {  # on|off
  if [ "$1" = on ]; then
    PG_LOGGING_ALL=1
    su_sql "ALTER SYSTEM SET log_statement = 'all'" >/dev/null
    su_sql "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '" >/dev/null
  else
    su_sql "ALTER SYSTEM RESET log_statement" >/dev/null; su_sql "ALTER SYSTEM RESET log_line_prefix" >/dev/null
    PG_LOGGING_ALL=0
  fi
  su_sql "SELECT pg_reload_conf()" >/dev/null
}
mark=$(wc -l <"$PG_LOG")
pg_log_statements on; sleep 1
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8081$LIST"
sleep 1
pg_log_statements off
tail -n +"$((mark + 1))" "$PG_LOG" >"$WORK/list-call.log"
python3 - "$WORK/list-call.log" "$WORK/list.sql" "$WORK/list.params" <<'PY'
import re, sys
log, sql_out, params_out = sys.argv[1:]
# every line that starts with a timestamp starts a record (those logged before or after the prefix with db= have none)
head = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[\d+\] (?:db=(\S*) )?(\w+):  (.*)$')
stamp = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d')
records, cur = [], None
for line in open(log, encoding='utf-8', errors='replace'):
    line = line.rstrip('\n')
    m = head.match(line)
    if m:
        cur = [m.group(1), m.group(2), m.group(3)]
        records.append(cur)
    elif stamp.match(line):
        cur = None
    elif cur is not None:
        cur[2] += '\n' + line
statements = []
for db, level, text in records:
    if db != 'ziti':
        continue
    if level == 'LOG':
        m = re.match(r'(?:execute [^:]*|statement): (.*)', text, re.S)
        if m:
            statements.append([m.group(1).strip(), {}])
    elif level == 'DETAIL' and statements and text.startswith('parameters: '):
        for m in re.finditer(r"\$(\d+) = (NULL|'((?:[^']|'')*)')", text):
            statements[-1][1][int(m.group(1))] = None if m.group(2) == 'NULL' else m.group(3).replace("''", "'")
if not statements:
    sys.exit('no statement of the ziti database in the log of the list call')
params, n = {}, 0
with open(sql_out, 'w') as out:
    for text, values in statements:
        def sub(m):
            k = int(m.group(1))
            if values.get(k) is None:
                sys.exit('parameter $%d of the list call is NULL or missing: %s' % (k, text))
            params['p%d_%d' % (n, k)] = values[k]
            return ':p%d_%d' % (n, k)
        one = re.sub(r'\$(\d+)', sub, ' '.join(text.split()))
        out.write(one.rstrip(';') + ';\n')
        n += 1
with open(params_out, 'w') as out:
    for name, value in params.items():
        out.write('%s=%s\n' % (name, value))
PY
LIST_STATEMENTS=$(wc -l <"$WORK/list.sql")
say "pgbench: the list call's SQL, $LIST_STATEMENTS statement(s) ($RUNS × $DURATION, $CONNS clients):"
cat "$WORK/list.sql" >&2
PGB_ARGS=()
while IFS= read -r kv; do PGB_ARGS+=(-D "$kv"); done <"$WORK/list.params"
pgbench_run() {
  local out failed
  out=$(PGPASSWORD=ziti-dev-password "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "${DURATION%s}" -f "$WORK/list.sql" \
    "${PGB_ARGS[@]}" -h 127.0.0.1 -p "$PGPORT" -U ziti ziti 2>&1) || { printf '%s\n' "$out" >&2; say "pgbench failed"; exit 1; }
  failed=$(printf '%s\n' "$out" | awk '/^number of failed transactions/ { print $5 }')
  [ "${failed:-0}" = 0 ] || fail "pgbench: $failed failed transactions"
  printf '%s\n' "$out" | awk '/^tps/ { print $3 }'
}
PGB=$(repeat pgbench_run)

# ------------------------------------------------------------------ 3. create throughput

create_from=$(zsql "SELECT now()")
say "warm-up: POST /identities with an OTT enrollment (direct, $WARMUP)"
DURATION=$WARMUP WARMING=1 wrk_run "http://127.0.0.1:8081/edge/management/v1/identities" -s "$WORK/create-identity.lua" >/dev/null
say "wrk create: POST /identities with an OTT enrollment (direct)"
CREATE=$(repeat wrk_run "http://127.0.0.1:8081/edge/management/v1/identities" -s "$WORK/create-identity.lua")
# what the create runs added goes again, so that the next run lists the same table (the list's count(*) grows with it)
zsql "DELETE FROM enrollment WHERE identity_id IN (SELECT id FROM identity WHERE created_at >= '$create_from');
      DELETE FROM identity WHERE created_at >= '$create_from'" >/dev/null

# POST /enrollments needs an identity without an enrollment of that method (409 otherwise): a pool of bare identities,
# each good for one ott and one updb enrollment per run; what a run created goes before the next
say "POST /enrollments: a pool of $POOL identities without an enrollment"
pool_count() { zsql "SELECT count(*) FROM identity WHERE name LIKE 'benchpool-%'"; }
BENCH_BARE_IDENTITIES=1 create_identities pool_count "$POOL" "$POOL" \
  http://127.0.0.1:8081/edge/management/v1/identities "$WORK/pool.txt"
zsql "SELECT id FROM identity WHERE name LIKE 'benchpool-%' ORDER BY id LIMIT $POOL" >"$WORK/pool-ids.txt"
cat >"$WORK/create-enrollment.lua" <<'EOF'
-- POST /enrollments for an identity of the pool: an ott enrollment for each identity, then an updb one (one row and
-- an RS256-signed enrollment JWT each); the two threads take every other identity
local ids = {}
local thread_id = 0
function setup(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
function init(args)
  for line in io.lines(os.getenv("BENCH_POOL")) do ids[#ids + 1] = line end
  next_index = tid - 1
  expires = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 86400)
end
function request()
  local n = #ids
  local id = ids[next_index % n + 1]
  local body
  if math.floor(next_index / n) % 2 == 0 then
    body = '{"method":"ott","expiresAt":"' .. expires .. '","identityId":"' .. id .. '"}'
  else
    body = '{"method":"updb","expiresAt":"' .. expires .. '","identityId":"' .. id .. '","username":"u-' .. id .. '"}'
  end
  next_index = next_index + 2
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end
EOF
create_enrollment_run() {
  BENCH_POOL="$WORK/pool-ids.txt" wrk_run "http://127.0.0.1:8081/edge/management/v1/enrollments" \
    -s "$WORK/create-enrollment.lua"
  zsql "DELETE FROM enrollment WHERE identity_id IN (SELECT id FROM identity WHERE name LIKE 'benchpool-%')" >/dev/null
}
say "warm-up: POST /enrollments (direct, $WARMUP)"
DURATION=$WARMUP WARMING=1 create_enrollment_run >/dev/null
say "wrk create: POST /enrollments (direct)"
CREATE_ENROLLMENT=$(repeat create_enrollment_run)
zsql "DELETE FROM identity WHERE name LIKE 'benchpool-%'" >/dev/null

cat >"$WORK/create-mdm-token.lua" <<LUA
-- POST an enrollment token for one employee: quota check, CSPRNG code (unique index), token + summary in one go
function request()
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, '{"mdmUserId":"$MDM_USER","sendEmail":false,"duration":86400}')
end
LUA
# one organisation (quota 1 000 000): warmed up like the ziti creates
say "warm-up: POST MDM enrollment token (direct, $WARMUP)"
DURATION=$WARMUP WARMING=1 wrk_run "http://127.0.0.1:8082/v1/organizations/bench-org-01/mdm/windows/enterprise/enrollment-tokens" \
  -s "$WORK/create-mdm-token.lua" >/dev/null
say "wrk create: POST MDM enrollment token (direct)"
CREATE_MDM=$(repeat wrk_run "http://127.0.0.1:8082/v1/organizations/bench-org-01/mdm/windows/enterprise/enrollment-tokens" \
  -s "$WORK/create-mdm-token.lua")
# the tokens made for this run's own employee go again (tens of thousands per run: the organisation's list and its
# live-token quota stay as seeded)
PGPASSWORD=mdm-dev-password "$PSQL" -qAt -h 127.0.0.1 -p "$PGPORT" -U mdm mdm \
  -c "DELETE FROM win_enrollment_token WHERE mdm_user_id = '$MDM_USER'" >/dev/null \
  || say "warning: the MDM tokens of $MDM_USER were not deleted"

# ------------------------------------------------------------------ 4. provisioning runs: fast fake ziti API, real SMTP

stop_left_over "$WORK/fake-ziti.pid" FakeZiti.java
setsid java -Xmx128m "$ROOT/bench/FakeZiti.java" $FAKE_PORT >"$WORK/fake-ziti.log" 2>&1 </dev/null &
PIDS_TO_STOP+=($!); echo $! >"$WORK/fake-ziti.pid"
stop_left_over "$WORK/mail-sink.pid" MailSink.java
# GreenMail keeps every message in memory: room for the largest run's invitations
setsid java -Xmx1g -cp "$GREENMAIL_JAR" "$ROOT/bench/MailSink.java" $SMTP_PORT $MAIL_HTTP_PORT >"$WORK/mail-sink.log" 2>&1 </dev/null &
PIDS_TO_STOP+=($!); echo $! >"$WORK/mail-sink.pid"
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$FAKE_PORT/edge/management/v1/identities" \
    && curl -fs -o /dev/null "http://127.0.0.1:$MAIL_HTTP_PORT/count" && break
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$MAIL_HTTP_PORT/count" || { cat "$WORK/mail-sink.log" >&2; say "the SMTP server did not start"; exit 1; }
mails() { curl -fsS "http://127.0.0.1:$MAIL_HTTP_PORT/count"; }

PROV=http://127.0.0.1:8083/provisioning
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
# one batch of $1 items (imports of at most 10 000 rows; every other person has an e-mail), run to its end; prints
# "wall_ms items_with_email state"
prov_batch() {
  local n=$1 batch tag chunk size start emails=0 state
  batch=$(api -X POST "$PROV/batches" -d "{\"source_identity_batch_id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"items\":[]}" \
    | grep -o '"id":"[^"]*"' | sed -n 1p | cut -d'"' -f4)
  tag=$(date +%s%N)
  for chunk in $(seq 0 $(( (n + 9999) / 10000 - 1 ))); do
    size=$(( n - chunk * 10000 > 10000 ? 10000 : n - chunk * 10000 ))
    seq $(( chunk * 10000 + 1 )) $(( chunk * 10000 + size )) | awk -v t="$tag" 'BEGIN {
        print "identity_id,domain,establishment_id,external_id,firstname,lastname,email" }
      { printf "%08x-%04x-4000-8000-%012d,student,bench,B-%s-%d,Prenom%d,Bench%d,%s\n", $1, t % 65536, t % 1000000000000,
               t, $1, $1 % 500, $1 % 97, ($1 % 2 ? "p" $1 "." t "@bench.test" : "") }' >"$WORK/items.csv"
    emails=$(( emails + $(awk -F, 'NR > 1 && $7 != ""' "$WORK/items.csv" | wc -l) ))
    curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$WORK/items.csv" \
      "$PROV/batches/$batch/items/import"
  done
  start=$(date +%s%N)
  api -o /dev/null -X POST "$PROV/batches/$batch/run"
  until api "$PROV/batches/$batch" | grep '"status":"\(COMPLETED\|PARTIAL\|FAILED\)"' >/dev/null; do sleep 0.2; done
  state=$(api "$PROV/batches/$batch" | grep -o '"status":"[A-Z_]*"' | sed -n 1p | cut -d'"' -f4)
  echo "$(( ($(date +%s%N) - start) / 1000000 )) $emails $state"
}
declare -A PROV_WALL PROV_RSS PROV_STATE PROV_EMAILS PROV_MAILS
# one measured batch of $2 items, its figures kept under key $1: wall time, end state, peak RSS (VmHWM) of the process,
# items with an e-mail and the mails GreenMail received for them
prov_measure() {
  local key=$1 n=$2
  read -r PROV_WALL[$key] PROV_EMAILS[$key] PROV_STATE[$key] <<<"$(prov_batch "$n")"
  PROV_RSS[$key]=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$(cat .platform/pids/provisioning-service.pid)/status")
  # every invitation is sent before its item is recorded as done; give the last ones a moment to land
  for _ in $(seq 1 20); do [ "$(mails)" -ge "${PROV_EMAILS[$key]}" ] && break; sleep 0.5; done
  PROV_MAILS[$key]=$(mails)
  say "  ${PROV_WALL[$key]} ms, ${PROV_STATE[$key]}, mails received ${PROV_MAILS[$key]} for ${PROV_EMAILS[$key]} items with an e-mail"
  [ "${PROV_MAILS[$key]}" -eq "${PROV_EMAILS[$key]}" ] \
    || fail "provisioning $n items ($key): ${PROV_MAILS[$key]} mails received for ${PROV_EMAILS[$key]} items with an e-mail"
  [ "${PROV_STATE[$key]}" = COMPLETED ] || fail "provisioning $n items ($key) ended ${PROV_STATE[$key]}"
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$MAIL_HTTP_PORT/purge"
}
for n in $PROV_SIZES; do
  # a fresh process per run (its peak RSS, VmHWM, is the run's), mail not mocked: sent to the bench's SMTP server
  PLATFORM_PROVISIONING_ZITI_URL="http://127.0.0.1:$FAKE_PORT/edge/management/v1" \
    PLATFORM_PROVISIONING_SMTP="127.0.0.1:$SMTP_PORT" ./platform restart provisioning-service >/dev/null
  say "provisioning: warm-up run of 2 000 items"
  prov_batch 2000 >/dev/null
  sleep 1
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$MAIL_HTTP_PORT/purge"
  say "provisioning: running $n items against the fake ziti API, mail to GreenMail on port $SMTP_PORT"
  prov_measure "$n" "$n"
done
# The largest batch once more, on a warm service. Every HTTP figure above is measured once its JVM's JIT has settled;
# a fresh process with a 2 000-item warm-up is not there yet (its JIT compiled ~17 s during a 100 000-item run, on the
# same two cores). So the process that ran it works through batches of $PROV_SETTLE_SIZE items until one costs the JIT
# less than 0.1 s of compiling (at most 8), then runs the largest size again. Its peak RSS is reset first
# (/proc/PID/clear_refs), so that VmHWM is that batch's own.
PROV_PID=$(cat .platform/pids/provisioning-service.pid)
PROV_SETTLED="not settled after"
[ -x "$JSTAT" ] || PROV_SETTLED="not read (no jstat beside the apps' java) after"
for step in $(seq 1 8); do
  c0=$(jit_seconds "$PROV_PID")
  say "provisioning: warm-up batch $step of $PROV_SETTLE_SIZE items"
  prov_batch "$PROV_SETTLE_SIZE" >/dev/null
  c1=$(jit_seconds "$PROV_PID")
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$MAIL_HTTP_PORT/purge"
  if [ -x "$JSTAT" ] && awk -v a="$c0" -v b="$c1" 'BEGIN { exit !(b - a < 0.1) }'; then PROV_SETTLED="settled after"; break; fi
done
PROV_SETTLED="$PROV_SETTLED $step batches ($(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }') s compiling in the last one)"
say "  the JIT $PROV_SETTLED"
sleep 1
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$MAIL_HTTP_PORT/purge"
echo 5 >"/proc/$PROV_PID/clear_refs"
say "provisioning: running $PROV_LARGE items on the warm service"
prov_measure warm "$PROV_LARGE"
# back as ./platform starts it (ziti-edge-service, mail mocked)
./platform restart provisioning-service >/dev/null

# ------------------------------------------------------------------ 5. start-up and idle RSS, per app

# A start is measured on a quiet machine: the provisioning runs just before leave PostgreSQL vacuuming hundreds of
# thousands of updated rows, and a JVM's compiler threads go on after it is ready. Before each start: no autovacuum
# worker, and both cores at least 90 % idle over 2 s (waited for at most 120 s; the waits are reported).
quiet() {
  local t0=$SECONDS a b idle=0
  while [ $((SECONDS - t0)) -lt 120 ]; do
    if [ "$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" != 0 ]; then
      sleep 1; continue
    fi
    a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep 2
    b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    idle=$(awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%d", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')
    [ "$idle" -ge 90 ] && break
  done
  echo "$((SECONDS - t0)) s (${idle} % idle)"
}
declare -A START RSS QUIET
for app in $APPS_ALL; do
  for i in $(seq 1 "$RUNS"); do
    waited=$(quiet)
    QUIET[$app]+="${QUIET[$app]:+, }$waited"
    say "start-up: $app (run $i of $RUNS; the machine was quiet after $waited)"
    START[$app]+="$(./platform restart "$app" | sed -nE 's/.* ready in ([0-9]+) ms/\1/p') "
    sleep 10
    RSS[$app]+="$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$(cat .platform/pids/$app.pid)/status") "
  done
done

PROBE_END=$(cpu_probe)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(( $(date +%s) - T0 ))

# ------------------------------------------------------------------ report

col() { printf '%s\n' "$1" | stats "$2"; }
med() { printf '%s\n' "$1" | awk -v c="$2" '{ print $c }' | median; }
# pass_if <awk condition on a and b> a b → PASS or MISS
pass_if() { awk -v a="$2" -v b="${3:-0}" "BEGIN { exit !($1) }" && echo PASS || echo MISS; }
secs() { awk -v m="$1" 'BEGIN { printf "%.1f", m / 1000 }'; }

# p99 added by a way's proxy: its median p99 minus direct's, at the same offered rate
p99_added() { awk -v g="$(med "${OPEN[$1.$2]}" 4)" -v d="$(med "${OPEN[$1.direct]}" 4)" 'BEGIN { printf "%.2f", g - d }'; }
declare -A P99_ADDED PAIR_MEDIAN PAIR_MEDIAN_BARE
for call in detail list; do
  PAIR_MEDIAN[$call]=$(printf '%.2f' "$(printf '%s' "${PAIR_RATIO[$call]}" | median)")
  PAIR_MEDIAN_BARE[$call]=$(printf '%.2f' "$(printf '%s' "${PAIR_RATIO_BARE[$call]}" | median)")
  P99_ADDED[$call]=$(p99_added "$call" gateway)
done
PROV_SMALL=$(echo "$PROV_SIZES" | awk '{ print $1 }')
max_ready=0; max_rss=0
for app in $APPS_ALL; do
  r=$(printf '%s\n' ${START[$app]} | median); s=$(printf '%s\n' ${RSS[$app]} | median)
  max_ready=$(awk -v a="$max_ready" -v b="$r" 'BEGIN { print (b > a) ? b : a }')
  max_rss=$(awk -v a="$max_rss" -v b="$s" 'BEGIN { print (b > a) ? b : a }')
done
if [ -f "$WORK/failures.txt" ]; then mapfile -t FAILURES <"$WORK/failures.txt"; fi

{
  echo "# Benchmark results"
  echo
  if [ ${#FAILURES[@]} -gt 0 ]; then
    echo "**This run FAILED:**"
    printf -- '- %s\n' "${FAILURES[@]}"
    echo
  fi
  echo "Commit **$COMMIT** ($TREE_STATE) · $(date -u '+%Y-%m-%d %H:%M') UTC · one run of \`bench/run.sh\`$([ "$QUICK" = 1 ] && echo ' in QUICK mode (smoke test: short runs, small batches; not for comparison)'), $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo
  echo "$(nproc) cores · $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) · apps on $("$APP_JAVA" -version 2>&1 | sed -n 1p), options as ./platform starts them: \`$(sed -n "s/^DEFAULT_JAVA_OPTS=\"\(.*\)\"/\1/p" platform)\`, MALLOC_ARENA_MAX=2 · everything on loopback on the same cores"
  echo "· CPU probe (the same fixed loop, ms; lower is a faster machine): $PROBE_START at the start, $PROBE_HTTP after the HTTP runs, $PROBE_END at the end · load average $LOAD_START at the start, $LOAD_END at the end"
  echo
  echo "Profiles, fixes with before/after and what is left: [NOTES.md](NOTES.md), kept by hand. List growth: [GROWTH.md](GROWTH.md), from \`bench/growth.sh\`."
  echo
  echo "## Targets"
  echo
  echo "| what | target | this run | |"
  echo "|---|---|---|---|"
  for call in detail list; do
    echo "| gateway throughput vs HAProxy doing the same work, $call, $TOKENS-token pool (median of $PROXY_RUNS rounds) | ≥ 1.0 × | ${PAIR_MEDIAN[$call]} × (vs HAProxy checking only the JWT: ${PAIR_MEDIAN_BARE[$call]} ×) | $(pass_if 'a >= 1.0' "${PAIR_MEDIAN[$call]}") |"
  done
  for call in detail list; do
    echo "| p99 added by the gateway at an open-loop 50 % of its peak, $call | ≤ 1 ms | ${P99_ADDED[$call]} ms (at the same rate HAProxy doing the same work adds $(p99_added "$call" haproxy) ms; with no rules $(p99_added "$call" haproxy-http) ms; as a TCP relay $(p99_added "$call" haproxy-tcp) ms) | $(pass_if 'a <= 1' "${P99_ADDED[$call]}") |"
  done
  l=$(med "${R[list.direct]}" 1); p=$(printf '%s\n' "$PGB" | median)
  echo "| list call vs pgbench, same SQL | ≥ 0.6 × | $(ratio "$l" "$p") × | $(pass_if 'a / b >= 0.6' "$l" "$p") |"
  r=$(med "$CREATE_MDM" 1); p99=$(med "$CREATE_MDM" 3)
  echo "| MDM token create, one organisation | ≥ 1 000 req/s, p99 ≤ 50 ms | $r req/s, p99 $p99 ms | $(pass_if 'a >= 1000 && b <= 50' "$r" "$p99") |"
  if [ "$PROV_SMALL" = 10000 ]; then
    echo "| provisioning, 10 000 items with real mail | ≤ 15 s | $(secs "${PROV_WALL[10000]}") s, ${PROV_MAILS[10000]} mails | $(pass_if 'a <= 15000' "${PROV_WALL[10000]}") |"
  else
    echo "| provisioning, 10 000 items with real mail | ≤ 15 s | not measured ($PROV_SMALL items: $(secs "${PROV_WALL[$PROV_SMALL]}") s) | – |"
  fi
  if [ "$PROV_LARGE" = 100000 ]; then
    echo "| provisioning, 100 000 items, on a warm service (fresh process after a 2 000-item warm-up) | ≤ 60 s, peak RSS ≤ 512 MiB | $(secs "${PROV_WALL[warm]}") s, ${PROV_RSS[warm]} MiB ($(secs "${PROV_WALL[100000]}") s, ${PROV_RSS[100000]} MiB) | $(pass_if 'a <= 60000 && b <= 512' "${PROV_WALL[warm]}" "$(( ${PROV_RSS[warm]} > ${PROV_RSS[100000]} ? ${PROV_RSS[warm]} : ${PROV_RSS[100000]} ))") |"
  else
    echo "| provisioning, 100 000 items | ≤ 60 s, peak RSS ≤ 512 MiB | not measured ($PROV_LARGE items: $(secs "${PROV_WALL[$PROV_LARGE]}") s, ${PROV_RSS[$PROV_LARGE]} MiB) | – |"
  fi
  echo "| each app ready, as \`./platform\` starts it (slowest median) | ≤ 2 s, idle RSS ≤ 200 MiB | $(secs "$max_ready") s, $max_rss MiB | $(pass_if 'a <= 2000 && b <= 200' "$max_ready" "$max_rss") |"
  echo "| whole platform from built jars to all ready | ≤ 10 s | $(secs "$PLATFORM_READY_MS") s | $(pass_if 'a <= 10000' "$PLATFORM_READY_MS") |"
  echo
  echo "## 1. Enrollment list and detail: direct, through the gateway, through HAProxy ($(haproxy -v | sed -n 1p | cut -d' ' -f3))"
  echo
  echo "HAProxy configurations (in .platform/bench/), each in its own process with 2 threads:"
  echo "- **haproxy**, the peer of the targets, does the gateway's per-request work: verifies the same JWT (RS256, exp, iss, aud; every time, it has no memory of verified tokens), a rate limit per token subject (stick table), a request id to the service and back, X-Forwarded-For/-Proto/-Host, X-User-Id and X-User-Roles from the token (client headers of those names dropped), and one access-log line per request with the gateway's fields, over UDP syslog to a local collector (bench/log-sink.py; $(wc -l <"$WORK/haproxy-access.log") lines received in this run);"
  echo "- **haproxy-bare** only verifies the JWT (the peer up to session 14), for reference;"
  echo "- in the open-loop runs only, two more that do the least a second hop can: **haproxy-http** proxies HTTP with no rule, **haproxy-tcp** relays the bytes without reading HTTP. Neither checks a token."
  echo
  echo "Closed loop: wrk, 2 threads, $CONNS connections, $PROXY_RUNS rounds of $DURATION per way, each round direct, gateway, haproxy, haproxy-bare in turn (median, min–max), after $PROXY_WARMUP of warm-up each;"
  echo "then the JVM in front (ziti direct, the gateway) got more load in 10 s steps until its JIT compiled less than 0.1 s in a step (at most 3 minutes): list direct ${SETTLED[list.direct]:-–}, gateway ${SETTLED[list.gateway]:-–}; detail direct ${SETTLED[detail.direct]:-–}, gateway ${SETTLED[detail.gateway]:-–}."
  echo "Every request carries the next of $TOKENS distinct platform tokens (each wrk thread from its own offset), on all four ways."
  echo "$ENROLLMENTS enrollments; list: \`GET $LIST\`; detail: \`GET /edge/management/v1/enrollments/<id>\`."
  echo
  echo "Proxy CPU: the proxy's own CPU time (utime + stime of the gateway's JVM, access-log writer thread included, or of the HAProxy process, its threads included; not its log collector's) over the run, per answered request."
  echo
  echo "| call | via | req/s | p50 ms | p99 ms | proxy CPU µs per request |"
  echo "|---|---|---|---|---|---|"
  for call in list detail; do
    for via in direct gateway haproxy haproxy-bare; do
      cpu="–"; [ $via = direct ] || cpu=$(col "${CPU_US[$call.$via]}" 1)
      echo "| $call | $via | $(col "${R[$call.$via]}" 1) | $(col "${R[$call.$via]}" 2) | $(col "${R[$call.$via]}" 3) | $cpu |"
    done
  done
  echo
  for call in list detail; do
    echo "- $call: gateway/haproxy per round = $(printf '%s' "${PAIR_RATIO[$call]}" | paste -sd' ' | sed 's/ /, /g') (median ${PAIR_MEDIAN[$call]});"\
         "gateway/haproxy-bare per round = $(printf '%s' "${PAIR_RATIO_BARE[$call]}" | paste -sd' ' | sed 's/ /, /g') (median ${PAIR_MEDIAN_BARE[$call]});"\
         "gateway/direct = $(ratio "$(med "${R[$call.gateway]}" 1)" "$(med "${R[$call.direct]}" 1)") (medians);"\
         "the gateway's token-cache hit rate per measured run (gateway_token_cache_gets_total): $(hit_rate $call)"
  done
  echo
  echo "### p99 added by the gateway at 50 % of its peak, open loop"
  echo
  echo "Hyperfoil $HYPERFOIL_VERSION (Maven plugin), constant arrival rate: one request every 1/rate s whatever the answers, latency from its scheduled start;"
  echo "offered = 50 % of the gateway's closed-loop median above, the same for every way: direct; through the gateway; through HAProxy doing the gateway's work (haproxy); through HAProxy proxying HTTP with no rule (haproxy-http); through HAProxy as a TCP relay that never reads HTTP (haproxy-tcp). The last two do the least a second hop can: what they add is this machine's floor for any proxy. ${OPEN_WARMUP} s unmeasured at that rate, then, once every warm-up request has its answer, ${OPEN_DURATION} s measured;"
  echo "Hyperfoil's JVM: \`$HYPERFOIL_JVM\` (it did not collect while measuring: checked in its GC log, run by run);"
  echo "$CONNS connections, the same $TOKENS tokens at random; $OPEN_RUNS run(s) per way, taking turns (median). Achieved = answers / measured seconds; a run more than 2 % off fails."
  echo
  echo "The proxy's CPU is its process's (the gateway's JVM, or the HAProxy) over the whole run, warm-up included, per request sent in it."
  echo
  echo "| call | via | offered req/s | achieved req/s | p50 ms | p99 ms (min–max) | p99.9 ms | p99 added ms | proxy CPU µs/request |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for call in detail list; do
    for via in $OPEN_WAYS; do
      echo "| $call | $via | ${OPEN_RATE[$call]} | $(col "${OPEN[$call.$via]}" 2) | $(med "${OPEN[$call.$via]}" 3) | $(col "${OPEN[$call.$via]}" 4) | $(med "${OPEN[$call.$via]}" 5) | $([ $via = direct ] && echo – || p99_added "$call" "$via") | $([ $via = direct ] && echo – || col "${OPEN_CPU[$call.$via]}" 1) |"
    done
  done
  echo
  for call in detail list; do
    spread=$(printf '%s\n' "${OPEN[$call.direct]}" | awk 'NF { v = $4; if (n++ == 0 || v < lo) lo = v; if (v > hi) hi = v } END { printf "%.2f", hi - lo }')
    echo "- $call: p99 added = gateway p99 − direct p99 = ${P99_ADDED[$call]} ms; at the same rate HAProxy adds $(p99_added "$call" haproxy) ms doing the gateway's work, $(p99_added "$call" haproxy-http) ms proxying HTTP with no rule, $(p99_added "$call" haproxy-tcp) ms relaying TCP;"\
         "the same direct call, run $OPEN_RUNS times at the same rate, spread over $spread ms of p99 (what this machine resolves)"
  done
  echo
  echo "## 2. The list call against the database's own limit"
  echo
  echo "The statement(s) ziti-edge-service ran for one \`GET $LIST\`, read from PostgreSQL's log (\`log_statement = all\` for that request), run by pgbench as they are, prepared, with the service's parameters bound ($CONNS clients, $RUNS × $DURATION):"
  echo
  echo '```sql'
  cat "$WORK/list.sql"
  echo '```'
  [ -s "$WORK/list.params" ] && echo "Parameters: $(paste -sd' ' "$WORK/list.params")"
  echo
  echo "pgbench: $(printf '%s\n' "$PGB" | stats 1) tps. Service (direct, closed loop above) / pgbench = $(ratio "$(med "${R[list.direct]}" 1)" "$(printf '%s\n' "$PGB" | median)")."
  echo
  echo "## 3. Create (direct, closed loop, $CONNS connections, $DURATION × $RUNS after $WARMUP of warm-up)"
  echo
  echo "| call | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|"
  echo "| POST /edge/management/v1/identities with an inline OTT enrollment (2 rows + RS256-signed enrollment JWT) | $(col "$CREATE" 1) | $(col "$CREATE" 2) | $(col "$CREATE" 3) |"
  echo "| POST /edge/management/v1/enrollments (ott or updb for an existing identity: 1 row + RS256-signed JWT) | $(col "$CREATE_ENROLLMENT" 1) | $(col "$CREATE_ENROLLMENT" 2) | $(col "$CREATE_ENROLLMENT" 3) |"
  echo "| POST …/mdm/windows/enterprise/enrollment-tokens, one organisation (quota check + CSPRNG code under a unique index) | $(col "$CREATE_MDM" 1) | $(col "$CREATE_MDM" 2) | $(col "$CREATE_MDM" 3) |"
  echo
  echo "## 4. Provisioning runs"
  echo
  echo "Target: a fast local fake of the ziti API (bench/FakeZiti.java). Mail: not mocked, sent over SMTP to GreenMail $GREENMAIL_VERSION (bench/MailSink.java), which counts what it received; every other item has an e-mail and gets one invitation. Each size runs in a fresh process after a 2 000-item warm-up run, and the largest once more on that process when warm (below); wall time from \`POST …/run\` to the batch's end state."
  echo
  echo "| items | service | items with an e-mail | mails received | wall time (s) | end state | peak RSS (MiB, VmHWM) |"
  echo "|---|---|---|---|---|---|---|"
  for n in $PROV_SIZES; do
    echo "| $n | fresh process, 2 000-item warm-up | ${PROV_EMAILS[$n]} | ${PROV_MAILS[$n]} | $(secs "${PROV_WALL[$n]}") | ${PROV_STATE[$n]} | ${PROV_RSS[$n]} |"
  done
  echo "| $PROV_LARGE | warm: the same process, after batches of $PROV_SETTLE_SIZE items until the JIT settled | ${PROV_EMAILS[warm]} | ${PROV_MAILS[warm]} | $(secs "${PROV_WALL[warm]}") | ${PROV_STATE[warm]} | ${PROV_RSS[warm]} |"
  echo
  echo "Warm service: batches of $PROV_SETTLE_SIZE items ran first until one cost the JIT less than 0.1 s of compiling (at most 8), as the HTTP figures are measured once the JIT compiles less than 0.1 s in a 10 s step; the JIT $PROV_SETTLED. Peak RSS was reset before the measured batch (/proc/PID/clear_refs), so it is that batch's own."
  echo
  echo "## 5. Start-up"
  echo
  echo "Whole platform: \`./platform down\`, then \`./platform up\` with the jars built, until all five apps answer \`/q/health/ready\` (PostgreSQL's start included): **$PLATFORM_READY_MS ms**."
  echo
  echo "Per app: restarted alone while the others run (\`./platform restart\`, ready = \`/q/health/ready\` UP), $RUNS times; idle RSS 10 s later. Before each start the bench waited (at most 120 s) until PostgreSQL ran no autovacuum and both cores were at least 90 % idle over 2 s: the provisioning runs before leave PostgreSQL vacuuming."
  echo "JVM: $("$APP_JAVA" -version 2>&1 | sed -n 1p)$(grep -q -- '-XX:AOTCache=' "/proc/$(cat .platform/pids/gateway.pid)/cmdline" && echo ", with the app's AOT cache")."
  echo
  echo "| app | ready after (ms) | idle RSS (MiB) | waited before each start for a quiet machine |"
  echo "|---|---|---|---|"
  for app in $APPS_ALL; do
    echo "| $app | $(printf '%s\n' ${START[$app]} | stats 1 | sed 's/\.0//g') | $(printf '%s\n' ${RSS[$app]} | stats 1 | sed 's/\.0//g') | ${QUIET[$app]} |"
  done
  echo
  echo "## How this was run"
  echo
  echo '```'
  echo "$([ "$QUICK" = 1 ] && echo 'BENCH_QUICK=1 ')BENCH_RUNS=$RUNS BENCH_DURATION=$DURATION BENCH_WARMUP=$WARMUP BENCH_PROXY_WARMUP=$PROXY_WARMUP BENCH_PROXY_RUNS=$PROXY_RUNS BENCH_CONNECTIONS=$CONNS BENCH_TOKENS=$TOKENS BENCH_OPEN_RUNS=$OPEN_RUNS BENCH_OPEN_DURATION=$OPEN_DURATION BENCH_OPEN_WARMUP=$OPEN_WARMUP BENCH_SEED=$SEED BENCH_PROV_SIZES=\"$PROV_SIZES\" BENCH_POOL=$POOL bench/run.sh"
  echo '```'
  echo "The HAProxy configs, its access log, wrk Lua scripts, Hyperfoil benchmarks and logs, the pgbench script and the token pool are in .platform/bench/."
} >"$RESULTS.new"
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
REPORTED=1
if [ ${#FAILURES[@]} -gt 0 ]; then
  say "" "bench/run.sh FAILED (${#FAILURES[@]} check(s)):"
  printf '  - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
say "bench/run.sh: done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s; written to $RESULTS"
