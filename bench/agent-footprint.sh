#!/usr/bin/env bash
# Measures the agent's resident memory and CPU time per cycle on a 200-guest Proxmox fixture,
# reporting to a real server every 5 s, beside Debian's prometheus-node-exporter scraped at the
# same interval. Everything listens on 127.0.0.1 and is stopped by pid at the end.
#
#   bench/agent-footprint.sh [seconds=600] [guests=200]
#
# Needs: `mvn -DskipTests package` done, and prometheus-node-exporter installed (apt).
# BENCH_PROFILE=<dir>: also run the agent with native memory tracking and a JFR recording, and
# leave in <dir> at the end: NMT summary, heap histogram, thread list and the JFR file
# (BENCH_JFR=false: NMT only; BENCH_JFR_SETTINGS=<file.jfc>: another JFR configuration, e.g. a 1 ms
# execution sample period).
# It also prints the CPU time of each agent thread over the measurement (from /proc/<pid>/task).
# BENCH_CDS=<file.jsa>: first a 30 s training run of the agent dumps a dynamic AppCDS archive of the
# classes it loaded there (-XX:ArchiveClassesAtExit), then the measured agent maps it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${1:-600}
GUESTS=${2:-200}
W=$(mktemp -d /tmp/vpsguard-bench.XXXXXX)
SERVER_PORT=${BENCH_SERVER_PORT:-18080}; METRICS_PORT=${BENCH_METRICS_PORT:-19477}; NE_PORT=${BENCH_NE_PORT:-19100}
TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The flags and environment the systemd unit ships with, read from the unit itself; AGENT_JAVA_OPTS
# and each variable already set in the environment (e.g. MALLOC_ARENA_MAX) win; BENCH_UNIT=<file>: another
# unit (e.g. an older one, side by side).
UNIT=${BENCH_UNIT:-systemd/vpsguard-agent.service}
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$UNIT")}
while IFS='=' read -r k v; do
  if [ -n "$k" ] && [ -z "${!k:-}" ]; then export "$k=$v"; fi
done < <(sed -n 's/^Environment=//p' "$UNIT")
# AGENT_JAR: another build of the agent to measure (e.g. an older one, side by side).
AGENT_JAR=${AGENT_JAR:-agent/target/vpsguard-agent.jar}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)

echo "bench: generating a $GUESTS-guest Proxmox fixture in $W/host"
java -cp "agent/target/test-classes:agent/target/vpsguard-agent.jar" \
  dev.vpsguard.agent.inventory.FixtureHostGenerator "$W/host" "$GUESTS" >/dev/null

mkdir -p "$W/server" "$W/agent"
(cd "$W/server" && exec env MICRONAUT_SERVER_PORT=$SERVER_PORT VPSGUARD_BOOTSTRAP_ADMIN_TOKEN="$TOKEN" \
  java -jar "$ROOT/server/target/vpsguard-server.jar" > "$W/server.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 1200); do curl -fsS "http://127.0.0.1:$SERVER_PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
created=$(curl -fsS -X POST "http://127.0.0.1:$SERVER_PORT/api/v1/hosts" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}')
etoken=$(printf '%s' "$created" | sed -n 's/.*"enrollmentToken" *: *"\([^"]*\)".*/\1/p')
cat > "$W/agent/agent.yml" <<YML
server:
  url: http://127.0.0.1:$SERVER_PORT
  credentialFile: $W/agent/credential
intervalSeconds: 5
hostRoot: $W/host
inventory:
  mode: proxmox
spool:
  dir: $W/agent/spool
metrics:
  bind: 127.0.0.1
  port: $METRICS_PORT
stateDir: $W/agent/state
YML
# A fixture tree is not a hypervisor: no enforcement on this machine. SMTP observation is off
# too, so the figure is the sampling-and-reporting cost alone (set BENCH_SMTP=true to include it).
printf 'enforcement:\n  enabled: false\nsmtp:\n  enabled: %s\n' "${BENCH_SMTP:-false}" >> "$W/agent/agent.yml" 
java -jar agent/target/vpsguard-agent.jar enroll --server "http://127.0.0.1:$SERVER_PORT" --token "$etoken" --config "$W/agent/agent.yml" >/dev/null

if [ -n "${BENCH_CDS:-}" ]; then
  # shellcheck disable=SC2086
  java $AGENT_JAVA_OPTS -XX:ArchiveClassesAtExit="$BENCH_CDS" -jar "$AGENT_JAR" run --config "$W/agent/agent.yml" > "$W/agent-cds.log" 2>&1 &
  TRAIN=$!; sleep 30; kill -TERM "$TRAIN"; wait "$TRAIN" || true
  AGENT_JAVA_OPTS="$AGENT_JAVA_OPTS -XX:SharedArchiveFile=$BENCH_CDS"
fi
PROFILE_OPTS=""
if [ -n "${BENCH_PROFILE:-}" ]; then
  mkdir -p "$BENCH_PROFILE"
  PROFILE_OPTS="-XX:NativeMemoryTracking=summary"
  [ "${BENCH_JFR:-true}" = true ] && PROFILE_OPTS="$PROFILE_OPTS -XX:StartFlightRecording=filename=$BENCH_PROFILE/agent.jfr,settings=${BENCH_JFR_SETTINGS:-profile},dumponexit=true"
fi
# shellcheck disable=SC2086
java $AGENT_JAVA_OPTS $PROFILE_OPTS -jar "$AGENT_JAR" run --config "$W/agent/agent.yml" > "$W/agent.log" 2>&1 &
AGENT=$!; pids+=($AGENT)
NE=""
if command -v prometheus-node-exporter >/dev/null; then
  prometheus-node-exporter --web.listen-address=127.0.0.1:$NE_PORT > "$W/ne.log" 2>&1 &
  NE=$!; pids+=($NE)
  ( while kill -0 "$NE" 2>/dev/null; do curl -fsS -o /dev/null "http://127.0.0.1:$NE_PORT/metrics" || true; sleep 5; done ) &
  pids+=($!)
fi
# Prometheus scrapes the agent too, at the same interval.
( while kill -0 "$AGENT" 2>/dev/null; do curl -fsS -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics" || true; sleep 5; done ) &
pids+=($!)

sleep 60   # warm-up: JIT, first cycles
# CPU ticks of each thread, by name (threads of one name summed).
thread_ticks() { for t in /proc/$AGENT/task/*; do awk '{ s=$0; sub(/^[^(]*\(/, "", s); n=s; sub(/\).*$/, "", n); sub(/^[^)]*\) /, "", s); split(s, f, " "); print n "\t" f[12]+f[13] }' "$t/stat" 2>/dev/null; done | awk -F'\t' '{a[$1]+=$2} END {for (k in a) print k "\t" a[k]}' | sort; }
thread_ticks > "$W/threads0.tsv"
a0=$(ticks $AGENT); n0=${NE:+$(ticks $NE)}
s0=$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^vpsguard_agent_seq /{print $2}')
sleep "$DURATION"
a1=$(ticks $AGENT); n1=${NE:+$(ticks $NE)}
s1=$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^vpsguard_agent_seq /{print $2}')
cycles=$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')
sent=$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^vpsguard_agent_reports_sent_total /{print $2}')

echo "guests=$GUESTS interval=5s measured=${DURATION}s after 60s warm-up, cycles=$cycles, reports accepted by the server=$sent"
echo "agent  ($AGENT_JAVA_OPTS; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-}): RSS now $(( $(rss_kib $AGENT) / 1024 )) MiB, peak $(( $(hwm_kib $AGENT) / 1024 )) MiB, CPU $(awk -v t=$((a1-a0)) -v c="$cycles" -v hz="$HZ" -v d="$DURATION" 'BEGIN{printf "%.1f ms per cycle (%.2f%% of one core)", t*1000/hz/c, t*100/hz/d}') total $(awk -v t=$((a1-a0)) -v hz="$HZ" 'BEGIN{printf "%.2f s", t/hz}')"
if [ -n "$NE" ]; then
  echo "node-exporter (scraped every 5 s): RSS now $(( $(rss_kib $NE) / 1024 )) MiB, peak $(( $(hwm_kib $NE) / 1024 )) MiB, CPU $(awk -v t=$((n1-n0)) -v c="$cycles" -v hz="$HZ" 'BEGIN{printf "%.1f ms per scrape", t*1000/hz/c}') total $(awk -v t=$((n1-n0)) -v hz="$HZ" 'BEGIN{printf "%.2f s", t/hz}')"
fi
echo "agent threads: $(awk '/^Threads/ {print $2}' /proc/$AGENT/status)"
thread_ticks > "$W/threads1.tsv"
echo "agent CPU per thread over the measurement (ms per cycle):"
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$W/threads0.tsv" "$W/threads1.tsv" \
  | awk -F'\t' -v c="$cycles" -v hz="$HZ" '{d=$3-$2; if (d>0) printf "  %7.1f  %s\n", d*1000/hz/c, $1}' | sort -rn
if [ -n "${BENCH_PROFILE:-}" ]; then
  jcmd "$AGENT" VM.native_memory summary > "$BENCH_PROFILE/nmt.txt"
  jcmd "$AGENT" GC.class_histogram > "$BENCH_PROFILE/histogram.txt"
  jcmd "$AGENT" Thread.print > "$BENCH_PROFILE/threads.txt"
  [ "${BENCH_JFR:-true}" = true ] && jcmd "$AGENT" JFR.dump name=1 filename="$BENCH_PROFILE/agent.jfr" > /dev/null
  echo "profile: $BENCH_PROFILE"
fi
