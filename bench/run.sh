#!/usr/bin/env bash
# Benchmarks of the platform on this machine, on loopback. Not part of the test command: run on demand.
#
#   bench/run.sh            full run (15-20 minutes): seeds data, measures, writes bench/RESULTS.md
#
# Settings (environment): BENCH_RUNS (3), BENCH_DURATION (15s), BENCH_CONNECTIONS (32), BENCH_SEED (10000),
# BENCH_WARMUP (30s per target before its measured runs).
# Starts the platform with ./platform up (and leaves it running; ./platform down stops it).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
RUNS=${BENCH_RUNS:-3}
DURATION=${BENCH_DURATION:-15s}
CONNS=${BENCH_CONNECTIONS:-32}
SEED=${BENCH_SEED:-10000}
WARMUP=${BENCH_WARMUP:-30s}
WORK="$ROOT/.platform/bench"
RESULTS="$ROOT/bench/RESULTS.md"
HAPROXY_PORT=8090
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

need() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null && return
  [ "$(id -u)" = 0 ] || { say "bench: $tool is missing (Debian package $package)"; exit 1; }
  say "Installing $package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package") >/dev/null
}

need wrk wrk
need haproxy haproxy
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PGBENCH" ] || { need pgbench postgresql-contrib; PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1); }

./platform up >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
TOKEN=$(./platform token)
PGPORT=$(cat .platform/pg.port)
APPS_ALL="ziti-edge-service mdm-enrollment-service provisioning-service entitlement-service gateway"
# apps left running by an earlier ./platform up may run on another JVM than this run asks for (PLATFORM_JAVA):
# restart those, so that every app is measured on the JVM the report names
want_java=$(readlink -f "$(command -v "${PLATFORM_JAVA:-java}")")
for app in $APPS_ALL; do
  running=$(readlink -f "/proc/$(cat ".platform/pids/$app.pid")/exe")
  if [ "$running" != "$want_java" ]; then
    say "$app runs on $running, not $want_java: restarting it"
    ./platform restart "$app" >/dev/null
  fi
done
# the JVM the apps run on (the machine's java, or PLATFORM_JAVA); on a JDK 25+, an app started without an AOT cache
# records one until it stops: restart each such app once, so that nothing is measured while recording
APP_JAVA=$(tr '\0' '\n' <"/proc/$(cat .platform/pids/ziti-edge-service.pid)/cmdline" | head -1)
for app in $APPS_ALL; do
  if tr '\0' '\n' <"/proc/$(cat ".platform/pids/$app.pid")/cmdline" | grep -q '^-XX:AOTCacheOutput='; then
    say "$app recorded its AOT cache on this run: restarting it with the cache"
    ./platform restart "$app" >/dev/null
  fi
done
# one benchmark client would be throttled by the per-client limit: raise it (the limiter still runs)
GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND=100000000 GATEWAY_RATE_LIMIT_BURST=100000000 \
  ./platform restart gateway >/dev/null

# ------------------------------------------------------------------ helpers

PSQL="$(dirname "$PGBENCH")/psql"; [ -x "$PSQL" ] || PSQL=psql
zsql() { PGPASSWORD=ziti-dev-password "$PSQL" -qAt -h 127.0.0.1 -p "$PGPORT" -U ziti ziti -c "$1"; }

# wrk → "rps p50_ms p99_ms"
wrk_run() {
  local url=$1; shift
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$@" "$url" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad > 0) printf "%s %.2f %.2f non2xx=%s\n", rps, p50, p99, bad; else printf "%s %.2f %.2f\n", rps, p50, p99 }'
}

# median and spread (min–max) of column $1 over lines on stdin
stats() {
  grep . | sort -n -k"$1" | awk -v c="$1" '{ v[NR] = $c } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f (%.1f–%.1f)", m, v[1], v[NR] }'
}

median() { grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

repeat() { local i; for i in $(seq 1 "$RUNS"); do "$@"; done; }

# the same fixed CPU work, timed (ms): on shared cores the machine's speed drifts (seen here: ±20 % within minutes),
# and the report shows by how much during the run
cpu_probe() {
  local t0
  t0=$(date +%s%N)
  awk 'BEGIN { for (i = 0; i < 3e7; i++) s += i }'
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
PROBE_START=$(cpu_probe)

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
  zsql "VACUUM ANALYZE enrollment" >/dev/null; zsql "VACUUM ANALYZE identity" >/dev/null
fi

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
  | grep -o '"id":"[0-9a-f]\{24\}"' | head -1 | cut -d'"' -f4)

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
    tenant=$(api -X POST "$ENT/tenants" -d "{\"name\":\"bench${stamp}t$t\",\"description\":\"bench\"}" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
    api -o /dev/null -X POST "$ENT/entitlements" -d "{\"tenantId\":\"$tenant\",\"applications\":[$apps]}"
  done
fi

# ------------------------------------------------------------------ 1. list + detail: direct, gateway, HAProxy

cat >"$WORK/haproxy.cfg" <<EOF
# The same job as the gateway for one route: verify the platform JWT (RS256 signature, exp, iss, aud), proxy.
# HAProxy 2.6's jwt_verify reads a bare PEM public key (its "file not found" error also means "not a PUBKEY").
global
    nbthread 2
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend edge
    bind 127.0.0.1:$HAPROXY_PORT
    http-request set-var(txn.bearer) http_auth_bearer
    http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
    http-request deny status 401 unless { var(txn.alg) -m str RS256 }
    http-request deny status 401 unless { var(txn.bearer),jwt_verify(txn.alg,"$ROOT/dev-keys/DEV-ONLY-jwt-public.pem") -m int 1 }
    http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
    http-request set-var(txn.now) date()
    http-request deny status 401 if { var(txn.exp),sub(txn.now) -m int lt 0 }
    http-request deny status 401 unless { var(txn.bearer),jwt_payload_query('\$.iss') -m str https://onboarding.local/auth }
    http-request deny status 401 unless { var(txn.bearer),jwt_payload_query('\$.aud') -m sub onboarding-platform }
    default_backend ziti
backend ziti
    server ziti 127.0.0.1:8081
EOF
haproxy -c -f "$WORK/haproxy.cfg" >/dev/null
pkill -f "haproxy -f $WORK/haproxy.cfg" 2>/dev/null || true
haproxy -f "$WORK/haproxy.cfg" -D -p "$WORK/haproxy.pid"
trap 'kill $(cat "$WORK/haproxy.pid") 2>/dev/null || true' EXIT
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$HAPROXY_PORT/edge/management/v1/enrollments?limit=1")" = 200 ] \
  || { say "HAProxy does not verify the token"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer x.y.z" "localhost:$HAPROXY_PORT/edge/management/v1/enrollments")" = 401 ]

FILTER='isSystem%20%3D%20false'
ENROLLMENTS=$(enrollment_count)
LIST="/edge/management/v1/enrollments?limit=25&filter=$FILTER"
DETAIL_ID=$(curl -fsS -H "zt-session: $TOKEN" "localhost:8080/edge/management/v1/enrollments?limit=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
DETAIL="/edge/management/v1/enrollments/$DETAIL_ID"

declare -A R
via_port() { case $1 in direct) echo 8081 ;; gateway) echo 8080 ;; haproxy) echo "$HAPROXY_PORT" ;; esac; }
for call in list detail; do
  path=$LIST; [ $call = detail ] && path=$DETAIL
  for via in direct gateway haproxy; do
    # warm-up: a freshly started JVM needs ~30-40 s of load before its JIT settles (the gateway measured 1 300 req/s
    # after 10 s and 2 900 after 40 s); HAProxy needs none but gets the same
    say "warm-up: $call via $via ($WARMUP)"
    wrk -t2 -c"$CONNS" -d"$WARMUP" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$(via_port $via)$path" >/dev/null 2>&1
  done
  # the three ways take turns, run after run: a machine whose speed drifts (shared cores) shifts all three alike,
  # and the ratios compare runs made side by side
  for i in $(seq 1 "$RUNS"); do
    for via in direct gateway haproxy; do
      say "wrk $call via $via (run $i of $RUNS, $DURATION, $CONNS connections)"
      R[$call.$via]+="$(wrk_run "http://127.0.0.1:$(via_port $via)$path")"$'\n'
    done
  done
done

# gateway overhead at half of its peak: wrk 4 has no fixed-rate mode, so each connection waits between its
# requests (wrk's delay() hook) to offer about half of the gateway's measured peak rate; the same pacing direct and
# through the gateway. p99 added = gateway p99 − direct p99 at that load.
cat >"$WORK/paced.lua" <<'EOF'
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
function delay() return pause end
EOF
half=$(( CONNS / 2 > 0 ? CONNS / 2 : 1 ))
declare -A HALF_DIRECT HALF_GATEWAY HALF_RATE
for call in detail list; do
  path=$LIST; [ $call = detail ] && path=$DETAIL
  HALF_RATE[$call]=$(awk -v p="$(printf '%s\n' "${R[$call.gateway]}" | awk '{ print $1 }' | median)" 'BEGIN { printf "%.0f", p / 2 }')
  # per connection: one request every half/rate seconds; the pause leaves room for the call's own latency
  pause=$(awk -v c="$half" -v r="${HALF_RATE[$call]}" -v l="$(printf '%s\n' "${R[$call.direct]}" | awk '{ print $2 }' | median)" \
    'BEGIN { d = 1000 * c / r - l / 2; printf "%d", d < 0 ? 0 : d }')
  say "p99 at half load: $call, ~${HALF_RATE[$call]} req/s ($half connections, ${pause} ms between requests)"
  for i in $(seq 1 "$RUNS"); do
    HALF_DIRECT[$call]+="$(CONNS=$half BENCH_DELAY_MS=$pause wrk_run "http://127.0.0.1:8081$path" -s "$WORK/paced.lua")"$'\n'
    HALF_GATEWAY[$call]+="$(CONNS=$half BENCH_DELAY_MS=$pause wrk_run "http://127.0.0.1:8080$path" -s "$WORK/paced.lua")"$'\n'
  done
done

PROBE_HTTP=$(cpu_probe)

# ------------------------------------------------------------------ 2. the database's own limit for the list call

cat >"$WORK/list.sql" <<'EOF'
SELECT (SELECT count(*) FROM enrollment e WHERE (e.is_system = false)) AS total_count_,
       e.id, e.method, e.identity_id, e.edge_router_id, e.transit_router_id, e.ca_id, e.username, e.token, e.jwt,
       e.expires_at, e.tags, e.created_at, e.updated_at, i.name AS identity_name, i.auth_policy_id
  FROM enrollment e LEFT JOIN identity i ON i.id = e.identity_id
 WHERE (e.is_system = false) ORDER BY e.id COLLATE "C" ASC LIMIT 25 OFFSET 0;
EOF
say "pgbench: the list call's SQL ($RUNS × $DURATION, $CONNS clients)"
pgbench_run() {
  PGPASSWORD=ziti-dev-password "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "${DURATION%s}" -f "$WORK/list.sql" \
    -h 127.0.0.1 -p "$PGPORT" -U ziti ziti 2>&1 | awk '/^tps/ { print $3 }'
}
PGB=$(repeat pgbench_run)

# ------------------------------------------------------------------ 3. create throughput

create_from=$(zsql "SELECT now()")
say "warm-up: POST /identities with an OTT enrollment (direct, $WARMUP)"
DURATION=$WARMUP wrk_run "http://127.0.0.1:8081/edge/management/v1/identities" -s "$WORK/create-identity.lua" >/dev/null
say "wrk create: POST /identities with an OTT enrollment (direct)"
CREATE=$(repeat wrk_run "http://127.0.0.1:8081/edge/management/v1/identities" -s "$WORK/create-identity.lua")
# what the create runs added goes again, so that the next run lists the same table (the list's count(*) grows with it)
zsql "DELETE FROM enrollment WHERE identity_id IN (SELECT id FROM identity WHERE created_at >= '$create_from');
      DELETE FROM identity WHERE created_at >= '$create_from'" >/dev/null

# POST /enrollments needs an identity without an enrollment of that method (409 otherwise): a pool of bare identities,
# each good for one ott and one updb enrollment per run; what a run created goes before the next
POOL=20000
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
DURATION=$WARMUP create_enrollment_run >/dev/null
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
say "wrk create: POST MDM enrollment token (direct)"
CREATE_MDM=$(repeat wrk_run "http://127.0.0.1:8082/v1/organizations/bench-org-01/mdm/windows/enterprise/enrollment-tokens" \
  -s "$WORK/create-mdm-token.lua")

# ------------------------------------------------------------------ 4. provisioning runs against a fast fake of the ziti API

FAKE_PORT=8095
pkill -f "FakeZiti.java $FAKE_PORT" 2>/dev/null || true
setsid java -Xmx128m "$ROOT/bench/FakeZiti.java" $FAKE_PORT >"$WORK/fake-ziti.log" 2>&1 </dev/null &
fake=$!
trap 'kill $(cat "$WORK/haproxy.pid") 2>/dev/null || true; kill $fake 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$FAKE_PORT/edge/management/v1/identities" && break; sleep 0.5; done

PROV=http://127.0.0.1:8083/provisioning
# one batch of $1 items (imports of at most 10 000 rows), run to its end; prints the run's wall time in ms
prov_batch() {
  local n=$1 batch tag chunk size start
  batch=$(api -X POST "$PROV/batches" -d "{\"source_identity_batch_id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"items\":[]}" \
    | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  tag=$(date +%s%N)
  for chunk in $(seq 0 $(( (n + 9999) / 10000 - 1 ))); do
    size=$(( n - chunk * 10000 > 10000 ? 10000 : n - chunk * 10000 ))
    seq $(( chunk * 10000 + 1 )) $(( chunk * 10000 + size )) | awk -v t="$tag" 'BEGIN {
        print "identity_id,domain,establishment_id,external_id,firstname,lastname,email" }
      { printf "%08x-%04x-4000-8000-%012d,student,bench,B-%s-%d,Prenom%d,Bench%d,%s\n", $1, t % 65536, t % 1000000000000,
               t, $1, $1 % 500, $1 % 97, ($1 % 2 ? "p" $1 "." t "@bench.test" : "") }' >"$WORK/items.csv"
    curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$WORK/items.csv" \
      "$PROV/batches/$batch/items/import"
  done
  start=$(date +%s%N)
  api -o /dev/null -X POST "$PROV/batches/$batch/run"
  until api "$PROV/batches?limit=1" | grep -q '"status":"\(COMPLETED\|PARTIAL\|FAILED\)"'; do sleep 0.5; done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
declare -A PROV_WALL PROV_RSS PROV_STATE
for n in 10000 100000; do
  # a fresh process per run: its peak RSS (VmHWM) is the run's
  PLATFORM_PROVISIONING_ZITI_URL="http://127.0.0.1:$FAKE_PORT/edge/management/v1" ./platform restart provisioning-service >/dev/null
  say "provisioning: warm-up run of 2 000 items"
  prov_batch 2000 >/dev/null
  say "provisioning: running $n items against the fake ziti API"
  PROV_WALL[$n]=$(prov_batch "$n")
  PROV_RSS[$n]=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$(cat .platform/pids/provisioning-service.pid)/status")
  PROV_STATE[$n]=$(api "$PROV/batches?limit=1" | grep -o '"status":"[A-Z_]*"' | head -1 | cut -d'"' -f4)
done
./platform restart provisioning-service >/dev/null

# ------------------------------------------------------------------ 5. start-up and idle RSS

declare -A START RSS
for app in $APPS_ALL; do
  for i in $(seq 1 "$RUNS"); do
    START[$app]+="$(./platform restart "$app" | sed -nE 's/.* ready in ([0-9]+) ms/\1/p') "
    sleep 10
    RSS[$app]+="$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$(cat .platform/pids/$app.pid)/status") "
  done
done

PROBE_END=$(cpu_probe)

# ------------------------------------------------------------------ report

col() { printf '%s\n' "$1" | stats "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
med() { printf '%s\n' "$1" | awk -v c="$2" '{ print $c }' | median; }

{
  echo "# Benchmark results"
  echo
  echo "$(date -u +%Y-%m-%d) · $(nproc) cores · $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) · apps on $("$APP_JAVA" -version 2>&1 | head -1)"
  echo "· wrk 2 threads, $CONNS connections, $DURATION × $RUNS runs (median, min–max); everything on loopback on the same cores"
  echo "· CPU probe (the same fixed loop, ms; lower is a faster machine): $PROBE_START at the start, $PROBE_HTTP after the HTTP runs, $PROBE_END at the end"
  echo
  echo "## 1. Enrollment list and detail: direct, through the gateway, through HAProxy ($(haproxy -v | head -1 | cut -d' ' -f3)) verifying the same JWT"
  echo
  echo "$ENROLLMENTS enrollments; the list page carries their count (\`meta.pagination.totalCount\`), a scan of all of them."
  echo
  echo "| call | via | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|"
  for call in list detail; do
    for via in direct gateway haproxy; do
      echo "| $call | $via | $(col "${R[$call.$via]}" 1) | $(col "${R[$call.$via]}" 2) | $(col "${R[$call.$via]}" 3) |"
    done
  done
  echo
  for call in list detail; do
    echo "- $call: gateway/direct = $(ratio "$(med "${R[$call.gateway]}" 1)" "$(med "${R[$call.direct]}" 1)"),"\
         "gateway/HAProxy = $(ratio "$(med "${R[$call.gateway]}" 1)" "$(med "${R[$call.haproxy]}" 1)") (target ≥ 0.9)"
  done
  echo
  echo "p99 added by the gateway at half of its peak rate (paced wrk, $half connections; target ≤ 2 ms):"
  echo
  echo "| call | offered req/s | direct req/s | direct p50 / p99 ms | gateway req/s | gateway p50 / p99 ms | p99 added ms |"
  echo "|---|---|---|---|---|---|---|"
  for call in detail list; do
    echo "| $call | ${HALF_RATE[$call]} | $(col "${HALF_DIRECT[$call]}" 1) | $(med "${HALF_DIRECT[$call]}" 2) / $(med "${HALF_DIRECT[$call]}" 3) |"\
         "$(col "${HALF_GATEWAY[$call]}" 1) | $(med "${HALF_GATEWAY[$call]}" 2) / $(med "${HALF_GATEWAY[$call]}" 3) |"\
         "$(awk -v g="$(med "${HALF_GATEWAY[$call]}" 3)" -v d="$(med "${HALF_DIRECT[$call]}" 3)" 'BEGIN { printf "%.2f", g - d }') |"
  done
  echo
  echo "## 2. The list call against the database's own limit"
  echo
  echo "pgbench, same SQL (page with its count, one statement), $CONNS clients: $(printf '%s\n' "$PGB" | stats 1) tps."
  echo "Service (direct) / pgbench = $(ratio "$(med "${R[list.direct]}" 1)" "$(printf '%s\n' "$PGB" | median)") (target ≥ 0.5)."
  echo
  echo "## 3. Create"
  echo
  echo "POST /edge/management/v1/identities with an inline OTT enrollment (2 rows + RS256-signed enrollment JWT), direct:"
  echo "$(col "$CREATE" 1) req/s, p99 $(col "$CREATE" 3) ms."
  echo
  echo "POST /edge/management/v1/enrollments (ott or updb for an existing identity: 1 row + RS256-signed enrollment JWT), direct:"
  echo "$(col "$CREATE_ENROLLMENT" 1) req/s, p99 $(col "$CREATE_ENROLLMENT" 3) ms."
  echo
  echo "POST .../mdm/windows/enterprise/enrollment-tokens (quota check + CSPRNG enroll code under a unique index), direct:"
  echo "$(col "$CREATE_MDM" 1) req/s, p99 $(col "$CREATE_MDM" 3) ms."
  echo
  echo "## 4. Provisioning runs (target: a fast local fake of the ziti API, bench/FakeZiti.java; half the items have an e-mail; each in a fresh process after a 2 000-item warm-up run)"
  echo
  echo "| items | wall time (s) | end state | peak RSS (MiB, VmHWM) |"
  echo "|---|---|---|---|"
  for n in 10000 100000; do
    echo "| $n | $(awk -v m="${PROV_WALL[$n]}" 'BEGIN { printf "%.1f", m / 1000 }') | ${PROV_STATE[$n]} | ${PROV_RSS[$n]} |"
  done
  echo
  echo "Targets: 10 000 items ≤ 30 s; RSS ≤ 512 MiB at 100 000 (JVM options as ./platform starts it: $(sed -n "s/^DEFAULT_JAVA_OPTS=\"\(.*\)\"/\1/p" platform), MALLOC_ARENA_MAX=2)."
  echo
  echo "## 5. Start-up (JVM mode, one app restarted while the others run, $RUNS times) and idle RSS 10 s later"
  echo
  echo "JVM: $("$APP_JAVA" -version 2>&1 | head -1)$(grep -q -- '-XX:AOTCache=' "/proc/$(cat .platform/pids/gateway.pid)/cmdline" && echo ", with the app's AOT cache"); options as ./platform starts it (above)."
  echo
  echo "| app | ready after (ms) | idle RSS (MiB) |"
  echo "|---|---|---|"
  for app in $APPS_ALL; do
    echo "| $app | $(printf '%s\n' ${START[$app]} | stats 1 | sed 's/\.0//g') | $(printf '%s\n' ${RSS[$app]} | stats 1 | sed 's/\.0//g') |"
  done
  echo
  echo "Targets: ready ≤ 2 000 ms, idle RSS ≤ 200 MiB."
  echo
  echo "## How this was run"
  echo
  echo '```'
  echo "BENCH_RUNS=$RUNS BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNS BENCH_SEED=$SEED bench/run.sh"
  echo '```'
  echo "HAProxy config and wrk/pgbench scripts are written to .platform/bench/."
  # what the numbers led to (profiles, fixes with before/after, what cannot be met and why): kept by hand
  [ -f "$ROOT/bench/NOTES.md" ] && { echo; cat "$ROOT/bench/NOTES.md"; }
} >"$RESULTS.new"
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
