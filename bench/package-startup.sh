#!/usr/bin/env bash
# Measures what the packages give an operator: their sizes, the server's start to its first
# /health answer, and the agent's start to its first report the server accepted. Runs what the
# .debs ship, unpacked with dpkg-deb -x into a temporary directory (launchers, jars, the packaged
# server.yml with its H2 path moved there, the agent with the unit's JVM flags). Everything
# listens on 127.0.0.1 and is stopped by pid.
#
#   bench/package-startup.sh [runs=5]
#
# Needs: `mvn -DskipTests package` done (packaging/target/*.deb), dpkg-deb, curl.
# Times are wall clock from the fork of the launcher (with the JVM's CPU time and the load average
# at that moment, as other work on the machine stretches the wall time): the server's to the first 200 of /health
# (polled every 20 ms); the agent's to the first vpsguard_agent_last_success_timestamp_seconds
# value above 0 in its /metrics (set when the server answered 2xx to a report; polled every 20 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
W=$(mktemp -d /tmp/vpsguard-pkgbench.XXXXXX)
SERVER_PORT=${BENCH_SERVER_PORT:-18180}; METRICS_PORT=${BENCH_METRICS_PORT:-19577}
TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
# CPU time (user + system) a process has used so far, ms: less sensitive than wall time to other
# work on the machine. The launchers exec java, so the pid is the JVM's.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }

echo "## packages"
for deb in packaging/target/vpsguard-agent_*_all.deb packaging/target/vpsguard-server_*_all.deb; do
  printf '%s: %s bytes, Installed-Size %s KiB\n' "$(basename "$deb")" "$(stat -c %s "$deb")" \
      "$(dpkg-deb -f "$deb" Installed-Size)"
  dpkg-deb -x "$deb" "$W/root"
done
R=$W/root
sed -i "s|/usr/share/vpsguard/|$R/usr/share/vpsguard/|" "$R/usr/bin/vpsguard-server" "$R/usr/bin/vpsguard-agent"
sed "s|/var/lib/vpsguard-server|$W/data|" "$R/etc/vpsguard/server.yml" > "$W/server.yml"
# The unit's JVM flags and environment (systemd/vpsguard-agent.service).
AGENT_FLAGS=$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$R/lib/systemd/system/vpsguard-agent.service")

start_server() {
  VPSGUARD_SERVER_CONFIG=$W/server.yml MICRONAUT_SERVER_PORT=$SERVER_PORT \
      VPSGUARD_BOOTSTRAP_ADMIN_TOKEN=$TOKEN sh "$R/usr/bin/vpsguard-server" >> "$W/server.log" 2>&1 &
  server=$!; pids+=("$server")
}
await() { # $1 = what, $2 = command that succeeds when it is there
  for _ in $(seq 1 6000); do eval "$2" && return 0; sleep 0.02; done
  echo "no $1 in 120 s" >&2; exit 1
}

echo "## server: start to /health (run 1: empty database, migrations; then existing database)"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms); start_server
  await "/health" "curl -fs -o /dev/null http://127.0.0.1:$SERVER_PORT/health"
  echo "run $i: $(( $(now_ms) - t0 )) ms, $(cpu_ms "$server") ms CPU, load $(cut -d' ' -f1 /proc/loadavg)"
  if [ "$i" -lt "$RUNS" ]; then kill "$server"; wait "$server" || true; fi
done

echo "## agent: start to first accepted report (static inventory, 3 guests, 5 s interval)"
host=$(curl -fsS -X POST "http://127.0.0.1:$SERVER_PORT/api/v1/hosts" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"bench-host"}')
enrol=$(printf '%s' "$host" | sed -n 's/.*"enrollmentToken" *: *"\([^"]*\)".*/\1/p')
cat > "$W/agent.yml" <<YML
server: {url: "http://127.0.0.1:$SERVER_PORT", credentialFile: "$W/credential"}
intervalSeconds: 5
inventory:
  mode: static
  guests:
    - {vmid: 101, kind: qemu, name: a, cores: 1, memoryMiB: 512, nics: [{id: net0, iface: tap101i0, mac: "bc:24:11:00:01:01", bridge: vmbr0, ips: ["198.51.100.101"]}]}
    - {vmid: 102, kind: qemu, name: b, cores: 1, memoryMiB: 512, nics: [{id: net0, iface: tap102i0, mac: "bc:24:11:00:01:02", bridge: vmbr0, ips: ["198.51.100.102"]}]}
    - {vmid: 200, kind: lxc, name: c, cores: 1, memoryMiB: 512, nics: [{id: net0, iface: veth200i0, mac: "bc:24:11:00:02:00", bridge: vmbr0, ips: ["198.51.100.200"]}]}
spool: {dir: "$W/spool"}
stateDir: "$W/state"
metrics: {bind: 127.0.0.1, port: $METRICS_PORT}
YML
sh "$R/usr/bin/vpsguard-agent" enroll --server "http://127.0.0.1:$SERVER_PORT" --token "$enrol" \
    --config "$W/agent.yml" > /dev/null
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  MALLOC_ARENA_MAX=2 java $AGENT_FLAGS -jar "$R/usr/share/vpsguard/vpsguard-agent.jar" run \
      --config "$W/agent.yml" >> "$W/agent.log" 2>&1 &
  agent=$!; pids+=("$agent")
  await "accepted report" \
      "curl -fs http://127.0.0.1:$METRICS_PORT/metrics 2>/dev/null | grep -Eq '^vpsguard_agent_last_success_timestamp_seconds [1-9]'"
  echo "run $i: $(( $(now_ms) - t0 )) ms, $(cpu_ms "$agent") ms CPU, load $(cut -d' ' -f1 /proc/loadavg)"
  kill "$agent"; wait "$agent" || true
done
