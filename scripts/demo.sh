#!/usr/bin/env bash
# Builds vpsguard and runs it: the server on its embedded H2 database plus one local agent that
# enrols itself and reports every 5 s. Stop it with Ctrl-C (or pass --for SECONDS).
#
#   As root (with nft, conntrack, ip, swaks): the agent runs on a Proxmox-like host built from
#   network namespaces (LAB.md): real conntrack observation and nftables enforcement; a spam bot
#   guest climbs the strike ladder (blocked, unblocked, blocked longer, then refused) while two
#   legitimate senders are left alone.
#   Otherwise: the agent runs on a static inventory of three guests and replays SMTP traffic
#   recorded in that lab; the same spam bot climbs the same ladder (without nftables: the blocks
#   are decided and published, but nothing is enforced on this machine).
#
#   scripts/demo.sh              run until Ctrl-C
#   scripts/demo.sh --for 60     run for 60 s, then stop (smoke test)
#   scripts/demo.sh --static     the static inventory even as root
#
# Everything it writes lives under ./run/demo (delete that folder to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=""
MODE=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --for) DURATION="${2:?--for needs a number of seconds}"; shift 2 ;;
    --static) MODE=static; shift ;;
    *) echo "demo: unknown argument '$1' (expected --for SECONDS, --static)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = auto ]; then
  if [ "$(id -u)" -eq 0 ] && command -v nft >/dev/null && command -v conntrack >/dev/null \
      && command -v swaks >/dev/null && ip netns list >/dev/null 2>&1; then
    MODE=lab
  else
    MODE=static
  fi
fi

SERVER_PORT=${VPSGUARD_DEMO_PORT:-8080}
METRICS_PORT=${VPSGUARD_DEMO_AGENT_METRICS_PORT:-9477}
DEMO=$ROOT/run/demo
mkdir -p "$DEMO/agent" "$DEMO/policies"

scripts/setup-debian.sh
echo "demo: building (mvn package, tests skipped; run scripts/test.sh for the tests)"
mvn -B -ntp -q -DskipTests package

SERVER_JAR=$ROOT/server/target/vpsguard-server.jar
AGENT_JAR=$ROOT/agent/target/vpsguard-agent.jar

# The admin token is chosen here so the script can create the host; the server stores only its hash.
if [ ! -s "$DEMO/admin-token" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$DEMO/admin-token")
fi
ADMIN_TOKEN=$(cat "$DEMO/admin-token")
URL="http://127.0.0.1:$SERVER_PORT"

# The demo contract: the bundled default policy with rungs of 1 and 2 minutes instead of 1 h and
# 24 h, so the whole ladder fits in a few minutes. Strike 3 is refused, as in every contract.
sed -e 's/^contract: default/contract: demo/' -e 's/min_duration: 1h/min_duration: 1m/' \
    -e 's/min_duration: 24h/min_duration: 2m/' server/src/main/resources/policies/default.yml \
    > "$DEMO/policies/demo.yml"

pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "demo: starting the server on $URL (H2 database in $DEMO/data)"
(cd "$DEMO" && exec env MICRONAUT_SERVER_PORT="$SERVER_PORT" \
    VPSGUARD_BOOTSTRAP_ADMIN_TOKEN="$ADMIN_TOKEN" VPSGUARD_POLICIES_DIR="$DEMO/policies" \
    java -jar "$SERVER_JAR" > "$DEMO/server.log" 2>&1) &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fsS "$URL/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "demo: the server exited; see $DEMO/server.log" >&2; tail -20 "$DEMO/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$URL/health" >/dev/null || { echo "demo: the server did not become healthy; see $DEMO/server.log" >&2; exit 1; }

# The demo driver (LabDemo) comes with the agent's lab harness, in its test classes.
mvn -B -ntp -q -pl agent dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$DEMO/lab.classpath" >/dev/null
DRIVER_CP="$ROOT/agent/target/test-classes:$ROOT/agent/target/classes:$(cat "$DEMO/lab.classpath")"

if [ "$MODE" = lab ]; then
  echo "demo: root: building the namespace lab (a Proxmox-like host with three guests)"
  cat <<TXT
vpsguard is running.
  server        $URL            (log: $DEMO/server.log)
  blocks        curl -H "Authorization: Bearer \$(cat $DEMO/admin-token)" $URL/api/v1/blocks
  audit         curl -H "Authorization: Bearer \$(cat $DEMO/admin-token)" $URL/api/v1/audit
  admin token   $DEMO/admin-token
Stop with Ctrl-C.
TXT
  java -cp "$DRIVER_CP" dev.vpsguard.agent.lab.LabDemo --server "$URL" --admin-token-file "$DEMO/admin-token" \
      --contract demo ${DURATION:+--for "$DURATION"} &
  pids+=($!)
  if wait "${pids[-1]}"; then exit 0; fi
  echo "demo: the lab demo failed; server log: $DEMO/server.log" >&2
  exit 1
fi

cat > "$DEMO/agent/agent.yml" <<YML
# Demo agent: a static inventory stands in for Proxmox's /etc/pve on this machine, and a capture
# recorded in the namespace lab (shipped in the agent jar) stands in for conntrack: guest 101 runs
# a spam bot for about a minute each pass, 102 sends a few mails, 200 a newsletter.
server:
  url: $URL
  credentialFile: $DEMO/agent/credential
intervalSeconds: 5
hostRoot: /
inventory:
  mode: static
  guests:
    - vmid: 101
      kind: qemu
      name: web-101
      cores: 2
      memoryMiB: 2048
      nics:
        - {id: net0, iface: tap101i0, mac: "bc:24:11:00:01:01", bridge: vmbr0, ips: ["198.51.100.101"]}
    - vmid: 102
      kind: qemu
      name: mail-102
      cores: 4
      memoryMiB: 4096
      nics:
        - {id: net0, iface: tap102i0, mac: "bc:24:11:00:01:02", bridge: vmbr0, ips: ["203.0.113.5"]}
    - vmid: 200
      kind: lxc
      name: ct-200
      cores: 1
      memoryMiB: 512
      nics:
        - {id: net0, iface: veth200i0, mac: "bc:24:11:00:02:00", bridge: vmbr0, ips: ["198.51.100.200"]}
spool:
  dir: $DEMO/agent/spool
metrics:
  bind: 127.0.0.1
  port: $METRICS_PORT
stateDir: $DEMO/agent/state
smtp:
  replay:
    file: "builtin:demo"
    loop: true
    gapSeconds: 60
YML

if [ ! -s "$DEMO/agent/credential" ]; then
  echo "demo: creating host 'demo-host' and enrolling the agent"
  created=$(curl -fsS -X POST "$URL/api/v1/hosts" -H "Authorization: Bearer $ADMIN_TOKEN" \
      -H 'Content-Type: application/json' -d '{"name":"demo-host"}')
  token=$(printf '%s' "$created" | sed -n 's/.*"enrollmentToken" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "demo: could not create the host: $created" >&2; exit 1; }
  java -jar "$AGENT_JAR" enroll --server "$URL" --token "$token" --config "$DEMO/agent/agent.yml"
fi

echo "demo: starting the agent (metrics on http://127.0.0.1:$METRICS_PORT/metrics)"
java -jar "$AGENT_JAR" run --config "$DEMO/agent/agent.yml" > "$DEMO/agent.log" 2>&1 &
pids+=($!)

HOST_ID=$(sed -n 's/.*"hostId" *: *"\([^"]*\)".*/\1/p' "$DEMO/agent/credential")
for _ in $(seq 1 60); do
  detail=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$URL/api/v1/hosts/$HOST_ID" 2>/dev/null || true)
  case "$detail" in *'"vmid"'*) break ;; esac
  sleep 0.5
done
GUEST_ID=$(printf '%s' "$detail" | grep -o '"guests":\[{"id":"[^"]*"' | sed 's/.*"id":"//; s/"$//')
echo "demo: the agent's first report arrived; the server now knows:"
printf '%s\n' "$detail" | grep -o '"vmid":[0-9]*,"kind":"[a-z]*","name":"[^"]*"' | sed 's/^/    /'

cat <<TXT

vpsguard is running.
  server        $URL            (log: $DEMO/server.log)
  health        curl $URL/health
  hosts         curl -H "Authorization: Bearer \$(cat $DEMO/admin-token)" $URL/api/v1/hosts
  this host     curl -H "Authorization: Bearer \$(cat $DEMO/admin-token)" $URL/api/v1/hosts/$HOST_ID
  a guest       curl -H "Authorization: Bearer \$(cat $DEMO/admin-token)" $URL/api/v1/guests/$GUEST_ID
  agent         http://127.0.0.1:$METRICS_PORT/metrics   (log: $DEMO/agent.log)
  admin token   $DEMO/admin-token
Stop with Ctrl-C.
TXT

java -cp "$DRIVER_CP" dev.vpsguard.agent.lab.LabDemo --server "$URL" \
    --admin-token-file "$DEMO/admin-token" --contract demo --host-id "$HOST_ID" &
pids+=($!)

if [ -n "$DURATION" ]; then
  sleep "$DURATION"
  echo "demo: $DURATION s are up; stopping"
else
  wait -n "${pids[@]}" || true
  echo "demo: a process exited; see $DEMO/server.log and $DEMO/agent.log" >&2
  exit 1
fi
