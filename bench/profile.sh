#!/usr/bin/env bash
# Profiles one app of the running platform (./platform up) with async-profiler, as bench/NOTES.md did.
#
#   bench/profile.sh APP [SECONDS]   profile APP as it runs now, for SECONDS (default 30): put the load on it meanwhile
#                                    (e.g. the wrk command bench/run.sh prints)
#   bench/profile.sh APP --startup   restart APP with the profiler on from the JVM's first instruction, until ready
#
# Settings (environment): PROFILE_EVENT (default: cpu where perf events are allowed, else itimer; `wall` samples
# every thread whether it runs or waits: what a start-up or a request waits on), PROFILE_INTERVAL (default 1ms).
# Writes a flame graph (.html) and the collapsed stacks (.collapsed, one line per stack) to .platform/bench/profiles/
# and prints the frames with the most samples of their own. async-profiler comes from Maven Central
# (tools.profiler:async-profiler) through the Maven wrapper. Unlike JFR, it does not need a safepoint to take a
# sample: JFR at 1 ms cut the gateway's throughput by 60 % and blamed header hashing for a quarter of it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
APP=${1:?usage: bench/profile.sh APP [SECONDS | --startup]}
WHAT=${2:-30}
AP_VERSION=4.2
case "$(uname -m)" in
  x86_64) AP_ARCH=linux-x64 ;;
  aarch64) AP_ARCH=linux-arm64 ;;
  *) echo "async-profiler has no library for $(uname -m)" >&2; exit 1 ;;
esac
AP_DIR="$ROOT/.platform/bench/async-profiler-$AP_VERSION"
LIB="$AP_DIR/$AP_ARCH/libasyncProfiler.so"
if [ ! -f "$LIB" ]; then
  mkdir -p "$AP_DIR"
  ./mvnw -q -B -N dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -DoutputDirectory="$AP_DIR" >&2
  (cd "$AP_DIR" && unzip -q -o "async-profiler-$AP_VERSION.jar" "$AP_ARCH/*")
fi
if [ -z "${PROFILE_EVENT:-}" ]; then
  # hardware/kernel CPU sampling needs perf events; where they are closed (paranoid > 1), the CPU timer does
  [ "$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)" -le 1 ] && PROFILE_EVENT=cpu || PROFILE_EVENT=itimer
fi
INTERVAL=${PROFILE_INTERVAL:-1ms}
mkdir -p .platform/bench/profiles
OUT="$ROOT/.platform/bench/profiles/$APP-$PROFILE_EVENT-$(date +%Y%m%d-%H%M%S)"

pid_of() { cat ".platform/pids/$APP.pid" 2>/dev/null || { echo "$APP is not running (./platform up)" >&2; exit 1; }; }
# jcmd of the JDK the app runs on
jcmd_of() { echo "$(dirname "$(readlink -f "/proc/$1/exe")")/jcmd"; }
agent() { "$(jcmd_of "$1")" "$1" JVMTI.agent_load "$LIB" "\"$2\"" >/dev/null; }

if [ "$WHAT" = --startup ]; then
  # the same options ./platform uses, plus the agent (on a JDK 25 that makes a new AOT cache: a recording start)
  opts=${PLATFORM_JAVA_OPTS:-$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' platform)}
  PLATFORM_JAVA_OPTS="$opts -agentpath:$LIB=start,event=$PROFILE_EVENT,interval=$INTERVAL,threads" \
    ./platform restart "$APP"
else
  agent "$(pid_of)" "start,event=$PROFILE_EVENT,interval=$INTERVAL,threads"
  echo "profiling $APP ($PROFILE_EVENT) for ${WHAT}s..."
  sleep "$WHAT"
fi
pid=$(pid_of)
agent "$pid" "dump,file=$OUT.collapsed,collapsed"
agent "$pid" "stop,file=$OUT.html"
echo "flame graph: $OUT.html"
echo "stacks:      $OUT.collapsed"
# the frames with the most samples of their own, and the threads
awk '{ n = $NF; sub(/ [0-9]+$/, ""); total += n; k = split($0, f, ";"); self[f[k]] += n; thread[f[1]] += n }
  END {
    printf "%d samples\n", total
    for (t in thread) printf "%6.1f %%  %s\n", 100 * thread[t] / total, t | "sort -rn | head -8"
    close("sort -rn | head -8")
    print "--- most samples of their own"
    for (s in self) printf "%6.1f %%  %s\n", 100 * self[s] / total, s | "sort -rn | head -20"
  }' "$OUT.collapsed"
