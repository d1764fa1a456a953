#!/usr/bin/env bash
# Growth benchmark: how the list endpoints' cost grows with their tables. On demand, not part of the tests.
#
#   bench/growth.sh                                         10 000, 100 000 and 1 000 000 rows (about an hour)
#   GROWTH_SIZES="10000 100000" GROWTH_DURATION=3s bench/growth.sh      quick mode
#
# For each size and each service, one at a time: a fresh database (growth_<service>) that the packaged service
# migrates itself (Flyway at start-up, as in production), rows seeded into it through SQL (INSERT … SELECT …
# generate_series, so that the services' own triggers fire), ANALYZE, then wrk directly on the service: the first
# page unfiltered, the first page with a selective filter, a page GROWTH_DEEP rows deep. The table of req/s and p50
# goes to bench/GROWTH.md (written whole on each run) and to stdout, with the targets of the list-growth issue
# evaluated per row.
#
# Settings (environment): GROWTH_SIZES ("10000 100000 1000000"), GROWTH_DURATION (10s), GROWTH_CONNECTIONS (8),
# GROWTH_THREADS (2), GROWTH_WARMUP (5s per endpoint, unmeasured, all endpoints of a service before measuring any), GROWTH_LIMIT (25, the page size),
# GROWTH_DEEP (10000), GROWTH_SERVICES ("ziti mdm entitlement provisioning"), GROWTH_KEEP_DB (1: leave the last
# databases for inspection). PostgreSQL: the one `./platform pg` gives (PLATFORM_PG_* as for ./platform).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
SIZES=${GROWTH_SIZES:-"10000 100000 1000000"}
DURATION=${GROWTH_DURATION:-10s}
CONNS=${GROWTH_CONNECTIONS:-8}
THREADS=${GROWTH_THREADS:-2}
WARMUP=${GROWTH_WARMUP:-5s}
LIMIT=${GROWTH_LIMIT:-25}
DEEP=${GROWTH_DEEP:-10000}
SERVICES=${GROWTH_SERVICES:-"ziti mdm entitlement provisioning"}
WORK="$ROOT/.platform/bench/growth"
RESULTS="$ROOT/bench/GROWTH.md"
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }
die() { say "growth: $*"; exit 1; }

need() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null && return
  [ "$(id -u)" = 0 ] || die "$tool is missing (Debian package $package)"
  say "Installing $package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package") >/dev/null
}
need wrk wrk
need curl curl

# ------------------------------------------------------------------ PostgreSQL, apps, token

eval "$(./platform pg 2>/dev/null)" || die "./platform pg failed"
PSQL=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PSQL" ] || die "psql not found (Debian package postgresql-client)"
admin_sql() { PGPASSWORD="$TEST_PG_PASSWORD" "$PSQL" -qAt -v ON_ERROR_STOP=1 -h "$TEST_PG_HOST" -p "$TEST_PG_PORT" -U "$TEST_PG_USER" -d postgres -c "$1"; }
db_sql() { local db=$1; shift; PGPASSWORD="$TEST_PG_PASSWORD" "$PSQL" -qAt -v ON_ERROR_STOP=1 -h "$TEST_PG_HOST" -p "$TEST_PG_PORT" -U "$TEST_PG_USER" -d "$db" "$@"; }

declare -A MODULE=([ziti]=ziti-edge-service [mdm]=mdm-enrollment-service [entitlement]=entitlement-service
                   [provisioning]=provisioning-service)
stale=""
for svc in $SERVICES; do
  m=${MODULE[$svc]:-}; [ -n "$m" ] || die "unknown service $svc (ziti mdm entitlement provisioning)"
  jar="$m/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$m/src/main" "$m/pom.xml" -newer "$jar" -print -quit)" ]; then stale="$stale${stale:+,}$m"; fi
done
if [ -n "$stale" ]; then
  say "Building $stale (./mvnw package -DskipTests; log $WORK/build.log)"
  ./mvnw -B -DskipTests package -pl "$stale" -am >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi

TOKEN=$(./platform token growth-bench 86400)
JAVA_OPTS=${PLATFORM_JAVA_OPTS:-$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"/\1/p' platform)}
APP_PID=""
cleanup() { [ -z "$APP_PID" ] || { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }; }
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); port_in_use "$p" || { echo "$p"; return; }; done; }

# start_app SERVICE DATABASE: the packaged app (prod profile, DEV-ONLY keys, as ./platform starts it) on a free port
# (PORT); returns once /q/health/ready answers UP, i.e. once Flyway has migrated the database
PORT=""
start_app() {
  local svc=$1 db=$2 m=${MODULE[$1]} port tls
  port=$(free_port)
  local -a env=(
    "QUARKUS_HTTP_PORT=$port" "QUARKUS_LOG_CONSOLE_JSON_ENABLED=false" "QUARKUS_MAILER_MOCK=true"
    "MP_JWT_VERIFY_PUBLICKEY_LOCATION=$ROOT/dev-keys/DEV-ONLY-jwt-public.pem"
    "QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$TEST_PG_HOST:$TEST_PG_PORT/$db"
    "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$TEST_PG_HOST:$TEST_PG_PORT/$db"
    "QUARKUS_DATASOURCE_USERNAME=$TEST_PG_USER" "QUARKUS_DATASOURCE_PASSWORD=$TEST_PG_PASSWORD")
  case $svc in
    ziti)
      local keys="$ROOT/ziti-edge-service/src/main/resources/ziti-dev-keys"
      tls=$(free_port)   # its TLS edge API too, away from 1280 (a running platform holds it)
      env+=("QUARKUS_HTTP_SSL_PORT=$tls" "ZITI_EDGE_API_ADDRESS=localhost:$tls"
        "ZITI_SIGNER_KEY_LOCATION=$keys/DEV-ONLY-ziti-signer-key.pem" "ZITI_SIGNER_CERT_LOCATION=$keys/DEV-ONLY-ziti-signer-cert.pem"
        "ZITI_EDGE_CA_KEY_LOCATION=$keys/DEV-ONLY-ziti-edge-ca-key.pem" "ZITI_EDGE_CA_CERT_LOCATION=$keys/DEV-ONLY-ziti-edge-ca-cert.pem") ;;
    mdm) env+=("MDM_ENROLLMENT_PUBLIC_BASE_URL=http://localhost:8080") ;;
    provisioning) env+=("ZITI_MANAGEMENT_URL=http://127.0.0.1:9/edge/management/v1") ;;  # no run is started
  esac
  local -a jvm
  read -r -a jvm <<<"$JAVA_OPTS"
  (cd "$ROOT/$m/target/quarkus-app" && exec env "${env[@]}" MALLOC_ARENA_MAX=2 "${PLATFORM_JAVA:-java}" "${jvm[@]}" -jar quarkus-run.jar) \
    >"$WORK/$svc.log" 2>&1 </dev/null &
  APP_PID=$!
  local i
  for i in $(seq 1 240); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$WORK/$svc.log" >&2; die "$m exited (log $WORK/$svc.log)"; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && { PORT=$port; return; }
    sleep 0.5
  done
  die "$m not ready after 120 s (log $WORK/$svc.log)"
}

stop_app() { cleanup; APP_PID=""; }

fresh_db() { admin_sql "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; admin_sql "CREATE DATABASE $1" >/dev/null; }

# ------------------------------------------------------------------ seeds (columns and constraints of each service's migrations)

# ziti: N identities (10-character ids, upstream's shortid style) and one OTT enrollment each
seed_ziti() {
  local db=$1 n=$2
  db_sql "$db" <<SQL
INSERT INTO identity (id, name, type, is_admin, external_id, auth_policy_id, tags, role_attributes, created_at, updated_at)
SELECT substr(md5(g::text), 1, 4) || lpad(to_hex(g), 6, '0'), 'growth-identity-' || g, 'Default', false,
       'ext-' || g, 'default', '{"source":"growth"}', '["growth","staff"]',
       now() - (($n - g) * interval '1 second'), now() - (($n - g) * interval '1 second')
FROM generate_series(1, $n) g;
INSERT INTO enrollment (id, method, identity_id, token, jwt, issued_at, expires_at, tags, created_at, updated_at)
SELECT md5('enrollment' || g), 'ott', substr(md5(g::text), 1, 4) || lpad(to_hex(g), 6, '0'), md5('token' || g),
       'eyJhbGciOiJSUzI1NiIsImtpZCI6Imdyb3d0aCIsInR5cCI6IkpXVCJ9.' || repeat(md5(g::text), 12) || '.' || repeat('s', 342),
       now() - (($n - g) * interval '1 second'), now() + interval '1 day', '{}',
       now() - (($n - g) * interval '1 second'), now() - (($n - g) * interval '1 second')
FROM generate_series(1, $n) g;
ANALYZE;
SQL
}

# MDM: one organisation with Windows MDM, N/10 employees, N enrollment tokens (mostly pending)
seed_mdm() {
  local db=$1 n=$2 users=$(( $2 / 10 > 0 ? $2 / 10 : 1 ))
  db_sql "$db" <<SQL
INSERT INTO organization (id, slug, name, created_at, updated_at, windows_mdm_allowed, enrollment_token_quota, win_enterprise_id)
VALUES ('6a0000000000000000000001', 'growth-org', 'Growth Org', now(), now(), true, 2000000000, '6b0000000000000000000001');
INSERT INTO mdm_user (id, organization_id, email, name, created_at, updated_at)
SELECT '6c' || lpad(to_hex(g), 22, '0'), '6a0000000000000000000001', 'employee' || g || '@growth.example',
       'Employee ' || g, now(), now()
FROM generate_series(1, $users) g;
INSERT INTO win_enrollment_token (id, organization_id, win_enterprise_id, mdm_user_id, display_name, tags, state, config,
       type, sub_type, enrollment_link, enroll_code, send_email, created_at, updated_at, expire_at)
SELECT '6d' || lpad(to_hex(g), 22, '0'), '6a0000000000000000000001', '6b0000000000000000000001',
       '6c' || lpad(to_hex((g - 1) % $users + 1), 22, '0'), 'Laptop ' || g, '["growth"]',
       CASE g % 10 WHEN 0 THEN 'DONE' WHEN 1 THEN 'EXPIRED' ELSE 'PENDING' END, '{}', 'enrollment', 'standard',
       'http://localhost:8080/enroll/windows/' || md5('code' || g), md5('code' || g), false,
       now() - (($n - g) * interval '1 second'), now() - (($n - g) * interval '1 second'), now() + interval '30 days'
FROM generate_series(1, $n) g;
ANALYZE;
SQL
}

# FOLIO: 10 applications, N/10 tenants entitled to each, and N entitlement flows (10 per tenant)
seed_entitlement() {
  local db=$1 n=$2 tenants=$(( $2 / 10 > 0 ? $2 / 10 : 1 ))
  db_sql "$db" <<SQL
INSERT INTO application (id, name, version, descriptor)
SELECT 'growth-app' || a || '-1.0.0', 'growth-app' || a, '1.0.0',
       jsonb_build_object('id', 'growth-app' || a || '-1.0.0', 'name', 'growth-app' || a, 'version', '1.0.0',
                          'modules', '[]'::jsonb, 'moduleDescriptors', '[]'::jsonb, 'dependencies', '[]'::jsonb)
FROM generate_series(1, 10) a;
INSERT INTO tenant (id, name, description, created_at, updated_at)
SELECT md5('tenant' || t)::uuid, 'growth_t' || t, 'growth', now(), now() FROM generate_series(1, $tenants) t;
INSERT INTO entitlement (tenant_id, application_id, application_name, application_version)
SELECT md5('tenant' || ((g - 1) / 10 + 1))::uuid, 'growth-app' || ((g - 1) % 10 + 1) || '-1.0.0',
       'growth-app' || ((g - 1) % 10 + 1), '1.0.0'
FROM generate_series(1, $n) g;
INSERT INTO flow (flow_id, tenant_id, type, status, started_at, finished_at)
SELECT md5('flow' || g)::uuid, md5('tenant' || ((g - 1) % $tenants + 1))::uuid,
       CASE WHEN g % 20 = 0 THEN 'REVOKE' ELSE 'ENTITLE' END, CASE WHEN g % 50 = 0 THEN 'FAILED' ELSE 'FINISHED' END,
       now() - (($n - g) * interval '1 second'), now() - (($n - g) * interval '1 second') + interval '2 seconds'
FROM generate_series(1, $n) g;
ANALYZE;
SQL
}

# provisioning: one batch of N items (1 % in ERROR, the rest provisioned), beside 200 small batches of 10
seed_provisioning() {
  local db=$1 n=$2
  db_sql "$db" <<SQL
INSERT INTO provisioning_batch (id, source_identity_batch_id, created_by, created_at, status, started_at, finished_at)
SELECT md5('batch' || b)::uuid, md5('source' || b)::uuid, 'growth', now() - (b * interval '1 minute'),
       'PARTIAL', now() - (b * interval '1 minute'), now() - (b * interval '1 minute') + interval '30 seconds'
FROM generate_series(0, 200) b;
INSERT INTO provisioning_item (id, provisioning_batch_id, identity_id, domain, establishment_id, external_id, firstname,
       lastname, email, account_username, account_id, role_principal_code, prov_status, last_error, attempts,
       completed_at, created_at, updated_at)
SELECT md5('item' || b || '-' || g)::uuid, md5('batch' || b)::uuid, md5('identity' || b || '-' || g)::uuid,
       (ARRAY['student', 'student', 'student', 'parent', 'teacher', 'admin_staff'])[g % 6 + 1], 'etab-' || (g % 40),
       'EXT-' || b || '-' || g, 'First' || g, 'Last' || g, CASE WHEN g % 2 = 0 THEN 'p' || g || '@school.example' END,
       CASE WHEN g % 100 <> 7 THEN 'first' || g || '.last' || g || '001' END,
       CASE WHEN g % 100 <> 7 THEN substr(md5(g::text), 1, 10) END, 'student',
       CASE WHEN g % 100 = 7 THEN 'ERROR' WHEN g % 2 = 0 THEN 'PENDING_ACTIVATION' ELSE 'ACCOUNT_CREATED' END,
       CASE WHEN g % 100 = 7 THEN 'target answered 400 COULD_NOT_VALIDATE' END, 1,
       CASE WHEN g % 100 <> 7 THEN now() END, now(), now()
FROM generate_series(0, 200) b, generate_series(1, CASE WHEN b = 0 THEN $n ELSE 10 END) g
ORDER BY b, g;
ANALYZE;
SQL
}

# ------------------------------------------------------------------ endpoints per service: "name|path" lines

urlenc() { local s=$1 out="" c i; for ((i = 0; i < ${#s}; i++)); do c=${s:i:1}; case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac; done; printf '%s' "$out"; }

# deep offset: GROWTH_DEEP, or the last page when the table is smaller
deep_of() { local n=$1; [ "$n" -gt $((DEEP + LIMIT)) ] && echo "$DEEP" || echo $((n - LIMIT)); }

endpoints() {
  local svc=$1 db=$2 n=$3 port=$4 deep one
  deep=$(deep_of "$n")
  case $svc in
    ziti)
      local m=/edge/management/v1 mid=$(( n / 2 ))
      one=$(db_sql "$db" -c "SELECT id FROM identity WHERE name = 'growth-identity-$mid'")
      echo "ziti enrollments · first page|$m/enrollments?limit=$LIMIT"
      echo "ziti enrollments · identity=\"<one>\"|$m/enrollments?limit=$LIMIT&filter=$(urlenc "identity=\"$one\"")"
      echo "ziti enrollments · offset $deep|$m/enrollments?limit=$LIMIT&offset=$deep"
      echo "ziti identities · first page|$m/identities?limit=$LIMIT"
      echo "ziti identities · name=\"<one>\"|$m/identities?limit=$LIMIT&filter=$(urlenc "name=\"growth-identity-$mid\"")"
      echo "ziti identities · offset $deep|$m/identities?limit=$LIMIT&offset=$deep" ;;
    mdm)
      local t=/v1/organizations/growth-org/mdm/windows/enterprise/enrollment-tokens
      one=$(db_sql "$db" -c "SELECT '6c' || lpad(to_hex($(( n / 20 > 0 ? n / 20 : 1 ))), 22, '0')")
      echo "mdm enrollment tokens · first page|$t?limit=$LIMIT"
      echo "mdm enrollment tokens · mdm-user=<one>|$t?limit=$LIMIT&mdm-user=$one"
      echo "mdm enrollment tokens · page $((deep / LIMIT + 1)) (offset $(( deep / LIMIT * LIMIT )))|$t?limit=$LIMIT&page=$((deep / LIMIT + 1))" ;;
    entitlement)
      one=$(db_sql "$db" -c "SELECT md5('tenant' || $(( n / 20 > 0 ? n / 20 : 1 )))::uuid")
      echo "folio entitlements · first page|/entitlements?limit=$LIMIT"
      echo "folio entitlements · tenantId==<one>|/entitlements?limit=$LIMIT&query=$(urlenc "tenantId==$one")"
      echo "folio entitlements · offset $deep|/entitlements?limit=$LIMIT&offset=$deep"
      echo "folio entitlement-flows · first page|/entitlement-flows?limit=$LIMIT"
      echo "folio entitlement-flows · tenantId==<one>|/entitlement-flows?limit=$LIMIT&query=$(urlenc "tenantId==$one")"
      echo "folio entitlement-flows · offset $deep|/entitlement-flows?limit=$LIMIT&offset=$deep" ;;
    provisioning)
      local batch items cursor seq
      batch=$(db_sql "$db" -c "SELECT md5('batch0')::uuid")
      items="/provisioning/batches/$batch/items"
      echo "provisioning batches · first page|/provisioning/batches?limit=$LIMIT"
      echo "provisioning items · first page|$items?limit=$LIMIT"
      echo "provisioning items · prov_status=ERROR|$items?limit=$LIMIT&prov_status=ERROR"
      # keyset where the service has it (a full page carries X-Next-Cursor), else the contract's offset
      if curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port$items?limit=1" \
          | grep -qi '^x-next-cursor:'; then
        seq=$(db_sql "$db" -c "SELECT seq FROM provisioning_item WHERE provisioning_batch_id = '$batch' ORDER BY seq OFFSET $((deep - 1)) LIMIT 1")
        cursor=$(printf 's%s' "$seq" | base64 | tr '+/' '-_' | tr -d '=\n')
        echo "provisioning items · keyset $deep deep|$items?limit=$LIMIT&cursor=$cursor"
      else
        echo "provisioning items · offset $deep (no keyset in this build)|$items?limit=$LIMIT&skip=$deep"
      fi ;;
  esac
}

# wrk → "rps p50_ms p99_ms [non2xx=n]"
wrk_run() {
  local duration=$1 url=$2
  wrk -t"$THREADS" -c"$CONNS" -d"$duration" --latency -H "Authorization: Bearer $TOKEN" "$url" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.1f %.2f %.2f%s\n", rps, p50, p99, (bad > 0 ? " non2xx=" bad : "") }'
}

# ------------------------------------------------------------------ measure

declare -A RPS P50 BAD SEEN
declare -a ROWS=()
STARTED=$(date -u +"%Y-%m-%d %H:%M UTC")
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
  for svc in $SERVICES; do
    db="growth_$svc"
    say "== $svc, $n rows: fresh database $db, migrated by ${MODULE[$svc]}"
    fresh_db "$db"
    start_app "$svc" "$db"
    port=$PORT
    t0=$SECONDS
    "seed_$svc" "$db" "$n"
    say "   seeded in $((SECONDS - t0)) s"
    mapfile -t EPS < <(endpoints "$svc" "$db" "$n" "$port")
    # every URL answers 200, then a warm-up pass over all of them (a fresh JVM needs tens of seconds of load before
    # its JIT has compiled the request path: measured cold, the first endpoint would pay for all), then the measures
    for ep in "${EPS[@]}"; do
      name=${ep%%|*}; url="http://127.0.0.1:$port${ep#*|}"
      code=$(curl -s -o "$WORK/page.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
      [ "$code" = 200 ] || { say "   $name: HTTP $code: $(head -c 300 "$WORK/page.json")"; die "$url answers $code"; }
    done
    for ep in "${EPS[@]}"; do wrk_run "$WARMUP" "http://127.0.0.1:$port${ep#*|}" >/dev/null; done
    for ep in "${EPS[@]}"; do
      name=${ep%%|*}; url="http://127.0.0.1:$port${ep#*|}"
      read -r rps p50 _p99 bad <<<"$(wrk_run "$DURATION" "$url")"
      printf '%-58s %9s rows  %8s req/s  p50 %7s ms %s\n' "$name" "$n" "$rps" "$p50" "${bad:-}"
      # rows named by their kind, whatever the size-dependent detail (offset, page number) in the name
      key=$(printf '%s' "$name" | sed -E 's/ · offset [0-9]+.*/ · deep page (offset)/; s/ · page [0-9]+ .*/ · deep page (page)/; s/ · keyset .*/ · deep page (keyset)/')
      [ -n "${SEEN[$key]:-}" ] || { SEEN[$key]=1; ROWS+=("$key"); }
      RPS["$key|$n"]=$rps; P50["$key|$n"]=$p50; BAD["$key|$n"]=${bad:-}
    done
    stop_app
    [ "${GROWTH_KEEP_DB:-0}" = 1 ] || admin_sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  done
done

# ------------------------------------------------------------------ report

read -r -a SZ <<<"$SIZES"
SMALL=${SZ[0]}; LARGE=${SZ[${#SZ[@]}-1]}
# the issue's targets, between the smallest and the largest size measured (10 000 and 1 000 000 in a full run)
verdict() {
  local key=$1 kind base
  kind=unfiltered
  [[ $key == *"· first page" ]] || kind=selective
  [[ $key == *"deep page"* ]] && kind=deep
  base=${key%% · *}" · first page"
  local large=${RPS["$key|$LARGE"]:-0} p50=${P50["$key|$LARGE"]:-0} out=""
  case $kind in
    unfiltered) out=$(awk -v l="$large" -v s="${RPS["$key|$SMALL"]:-0}" -v n="$SMALL" 'BEGIN { r = s > 0 ? l / s : 0;
                      printf "%.2f × its rate at %s (≥ 0.5): %s", r, n, (r >= 0.5 ? "pass" : "miss") }') ;;
    selective) out=$(awk -v l="$large" -v s="${RPS["$base|$SMALL"]:-0}" -v n="$SMALL" 'BEGIN { r = s > 0 ? l / s : 0;
                      printf "%.2f × the unfiltered rate at %s (≥ 0.8): %s", r, n, (r >= 0.8 ? "pass" : "miss") }') ;;
  esac
  out="$out${out:+; }p50 $p50 ms (≤ 50): $(awk -v p="$p50" 'BEGIN { print (p <= 50 ? "pass" : "miss") }')"
  printf '%s' "$out"
}

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
section() {
  echo "# Growth benchmark results"
  echo
  echo "Written whole by one run of \`bench/growth.sh\` (see bench/README.md); bench/RESULTS.md has the other figures."
  echo
  echo "## Growth: list endpoints from $SMALL to $LARGE rows"
  echo
  echo "Commit $COMMIT$DIRTY, $STARTED · $(nproc) cores · wrk $THREADS threads, $CONNS connections, $DURATION per endpoint"\
       "after a warm-up of $WARMUP per endpoint over all of the service's endpoints, directly on each service (no gateway) · page size $LIMIT · rows seeded through SQL into"\
       "databases the services migrated themselves, then ANALYZE · load average (1, 5, 15 min; other work on the same"\
       "cores makes the figures noisy) $LOAD_START at the start, $LOAD_END at the end."
  echo
  printf '| endpoint |'; for n in "${SZ[@]}"; do printf ' %s rows: req/s | p50 ms |' "$n"; done; echo " targets at $LARGE rows |"
  printf '|---|'; for n in "${SZ[@]}"; do printf -- '---|---|'; done; echo "---|"
  for key in "${ROWS[@]}"; do
    printf '| %s |' "$key"
    for n in "${SZ[@]}"; do printf ' %s%s | %s |' "${RPS["$key|$n"]:-–}" "${BAD["$key|$n"]:+ (${BAD["$key|$n"]})}" "${P50["$key|$n"]:-–}"; done
    printf ' %s |\n' "$(verdict "$key")"
  done
  echo
  echo "Targets (issue \"list endpoints stay fast as tables grow\"): at the largest size the unfiltered first page runs at"\
       "≥ 0.5 × its rate at the smallest; a selective filter at ≥ 0.8 × the unfiltered rate at the smallest; p50 ≤ 50 ms."\
       "Selective filters: one identity (ziti enrollments), one name (ziti identities), one employee (MDM tokens: the list"\
       "has no token-id filter; 10 tokens each), one tenant (FOLIO: 10 rows each), one status (provisioning: 1 % of the"\
       "batch in ERROR). Deep pages: offset $DEEP (the contracts' paging; at a size ≤ $DEEP the last page), keyset for"\
       "provisioning items."
  echo
  echo '```'
  echo "GROWTH_SIZES=\"$SIZES\" GROWTH_DURATION=$DURATION GROWTH_CONNECTIONS=$CONNS GROWTH_WARMUP=$WARMUP bench/growth.sh"
  echo '```'
}
section >"$WORK/section.md"
echo
cat "$WORK/section.md"

cp "$WORK/section.md" "$RESULTS"
say "Written to $RESULTS."
