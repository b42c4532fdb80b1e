#!/usr/bin/env bash
# Builds vpsguard and runs it: the server on its embedded H2 database plus one local agent that
# enrols itself and reports every 5 s. Stop it with Ctrl-C (or pass --for SECONDS).
#
#   As root (with nft, conntrack, ip, swaks): the agent runs on a Proxmox-like host built from
#   network namespaces (docs/lab.md): real conntrack observation and nftables enforcement; a spam
#   bot guest climbs the strike ladder (blocked, unblocked, blocked longer, then refused) while two
#   legitimate senders are left alone.
#   Otherwise: the agent runs on a static inventory of three guests and replays SMTP traffic
#   recorded in that lab; the same spam bot climbs the same ladder (without nftables: the blocks
#   are decided and published, but nothing is enforced on this machine).
#
#   scripts/demo.sh              run until Ctrl-C
#   scripts/demo.sh --for 60     run for 60 s, then stop (smoke test)
#   scripts/demo.sh --static     the static inventory even as root
#   scripts/demo.sh --no-build   run the artefacts already built by `mvn package` (no setup, no build)
#
# Everything it writes lives under ./run/demo, or $VPSGUARD_DEMO_DIR (delete it to start afresh).
# Ports: $VPSGUARD_DEMO_PORT (server, 8080), $VPSGUARD_DEMO_AGENT_METRICS_PORT (agent, 9477),
# $VPSGUARD_DEMO_MAIL_PORT (the mail catcher's SMTP, 3025) and _MAIL_API_PORT (its mailboxes, 8025),
# $VPSGUARD_DEMO_WEBHOOK_PORT (support's webhook receiver, 8090).
# The customer's mail lands in a local mail catcher (GreenMail, lab/target/greenmail-standalone.jar);
# support's webhooks in a local receiver that prints them; both start and stop with the demo.
set -Eeuo pipefail
# Every step that fails says so: the command, its line and its exit status.
trap 'echo "demo: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
ROOT=$(pwd)

fail() { echo "demo: $*" >&2; exit 1; }

DURATION=""
MODE=auto
BUILD=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --for)
      DURATION="${2:-}"
      [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || fail "--for needs a number of seconds, got '${DURATION}'"
      shift 2 ;;
    --static) MODE=static; shift ;;
    --no-build) BUILD=no; shift ;;
    *) echo "demo: unknown argument '$1' (expected --for SECONDS, --static, --no-build)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = auto ]; then
  if [ "$(id -u)" -eq 0 ] && command -v nft >/dev/null && command -v conntrack >/dev/null \
      && command -v swaks >/dev/null && ip netns list >/dev/null; then
    MODE=lab
  else
    MODE=static
  fi
fi
if [ -n "$DURATION" ]; then
  HOW_TO_STOP="Stops by itself after $DURATION s; Ctrl-C stops it sooner."
else
  HOW_TO_STOP="Stop with Ctrl-C."
fi

SERVER_PORT=${VPSGUARD_DEMO_PORT:-8080}
METRICS_PORT=${VPSGUARD_DEMO_AGENT_METRICS_PORT:-9477}
MAIL_PORT=${VPSGUARD_DEMO_MAIL_PORT:-3025}
MAIL_API_PORT=${VPSGUARD_DEMO_MAIL_API_PORT:-8025}
HOOK_PORT=${VPSGUARD_DEMO_WEBHOOK_PORT:-8090}
DEMO=${VPSGUARD_DEMO_DIR:-$ROOT/run/demo}
mkdir -p "$DEMO/agent" "$DEMO/policies"

if [ "$BUILD" = yes ]; then
  scripts/setup-debian.sh || fail "installing the prerequisites failed (scripts/setup-debian.sh, above)"
  echo "demo: building (mvn package, tests skipped; run scripts/test.sh for the tests)"
  # One reactor build produces everything the demo runs, the lab module's driver jar included
  # (lab/target/vpsguard-lab.jar): nothing is taken from, or installed into, ~/.m2 for this project.
  # Debian's Maven 3.8.7 writes ANSI reset codes even in batch mode, and the dependency plugin
  # warns that SLF4J has no provider in Maven's own logging: both are noise, stripped here.
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package 2>&1 \
      | sed -u -e 's/\x1b\[[0-9;]*m//g' -e '/^SLF4J(W): /d' \
      || fail "the build failed (mvn package; Maven printed the error above)"
fi

SERVER_JAR=$ROOT/server/target/vpsguard-server.jar
AGENT_JAR=$ROOT/agent/target/vpsguard-agent.jar
# The demo driver (LabDemo) and the namespace lab it runs in: the lab module's runnable jar.
LAB_JAR=$ROOT/lab/target/vpsguard-lab.jar
MAIL_JAR=$ROOT/lab/target/greenmail-standalone.jar
for built in "$SERVER_JAR" "$AGENT_JAR" "$LAB_JAR" "$MAIL_JAR"; do
  [ -e "$built" ] || fail "$built is missing: build with \`mvn -B -DskipTests package\` (or drop --no-build)"
done

# The admin token is chosen here so the script can create the host; the server stores only its hash.
if [ ! -s "$DEMO/admin-token" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$DEMO/admin-token")
fi
ADMIN_TOKEN=$(cat "$DEMO/admin-token")
secret() { [ -s "$DEMO/$1" ] || (umask 077; head -c "$2" /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$DEMO/$1"); }
# The console's first admin password (used only when the database has no user yet), the unblock
# links' key and the webhook's signing secret: chosen once, kept with the demo's database.
secret admin-password 15
secret unblock-link-secret 48
secret webhook-secret 24
ADMIN_PASSWORD=$(cat "$DEMO/admin-password")
CUSTOMER=customer@example.test
URL="http://127.0.0.1:$SERVER_PORT"
AUTH="-H \"Authorization: Bearer \$(cat $DEMO/admin-token)\""

# The demo contract: the bundled default policy with rungs of 1 and 2 minutes instead of 1 h and
# 24 h, so the whole ladder fits in a few minutes. Strike 3 is refused, as in every contract.
sed -e 's/^contract: default/contract: demo/' \
    -e 's/Default policy (no contract assigned)/Demo policy (default rules, short rungs)/' \
    -e 's/min_duration: 1h/min_duration: 1m/' -e 's/min_duration: 24h/min_duration: 2m/' \
    server/src/main/resources/policies/default.yml \
    > "$DEMO/policies/demo.yml"

pids=()
declare -A names=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM
started() { pids+=("$1"); names[$1]=$2; }

# Waits for the first started process to end, or for --for to run out; never returns.
wait_until_the_end() {
  local timer="" done_pid="" rc=0
  if [ -n "$DURATION" ]; then
    sleep "$DURATION" &
    timer=$!
    started "$timer" "the --for timer"
  fi
  wait -n -p done_pid "${pids[@]}" || rc=$?
  if [ -n "$timer" ] && [ "$done_pid" = "$timer" ]; then
    echo "demo: $DURATION s are up; stopping"
    exit 0
  fi
  fail "the ${names[$done_pid]:-process $done_pid} exited (status $rc); logs: $DEMO/server.log, $DEMO/agent.log"
}

if curl -s -o /dev/null "$URL/health"; then
  fail "something already answers on $URL; stop it or choose another port with VPSGUARD_DEMO_PORT"
fi
for port in "$MAIL_PORT" "$MAIL_API_PORT" "$HOOK_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is taken; choose others with VPSGUARD_DEMO_MAIL_PORT, _MAIL_API_PORT, _WEBHOOK_PORT"
  fi
done

echo "demo: starting the mail catcher (GreenMail: SMTP 127.0.0.1:$MAIL_PORT, mailboxes on :$MAIL_API_PORT)"
java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$MAIL_PORT" \
    -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API_PORT" \
    -Dgreenmail.auth.disabled -jar "$MAIL_JAR" > "$DEMO/mail-catcher.log" 2>&1 &
started $! "mail catcher"
echo "demo: starting support's webhook receiver on 127.0.0.1:$HOOK_PORT (each webhook is printed below)"
: > "$DEMO/webhooks.jsonl"
java -cp "$LAB_JAR" dev.vpsguard.lab.DemoWebhookReceiver "$HOOK_PORT" "$DEMO/webhook-secret" \
    "$DEMO/webhooks.jsonl" &
started $! "webhook receiver"

# The server's own settings for the demo: mail to the catcher, webhooks to the receiver.
(umask 077; cat > "$DEMO/server.yml" <<YML
vpsguard:
  mail:
    enabled: true
    host: 127.0.0.1
    port: $MAIL_PORT
    security: none
    from: "Demo Hosting Abuse <abuse@hosting.example.test>"
    support-address: support@hosting.example.test
  unblock-link:
    secret: "$(cat "$DEMO/unblock-link-secret")"
    public-url: $URL
  webhooks:
    - name: support
      url: http://127.0.0.1:$HOOK_PORT/vpsguard
      secret: "$(cat "$DEMO/webhook-secret")"
  console:
    initial-admin-password: "$ADMIN_PASSWORD"
YML
)
echo "demo: starting the server on $URL (H2 database in $DEMO/data)"
(cd "$DEMO" && exec env MICRONAUT_SERVER_PORT="$SERVER_PORT" \
    VPSGUARD_BOOTSTRAP_ADMIN_TOKEN="$ADMIN_TOKEN" VPSGUARD_POLICIES_DIR="$DEMO/policies" \
    java -Dmicronaut.config.files="$DEMO/server.yml" -jar "$SERVER_JAR" > "$DEMO/server.log" 2>&1) &
started $! server
SERVER_PID=$!

for _ in $(seq 1 120); do
  curl -fs "$URL/health" >/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$DEMO/server.log" >&2; fail "the server exited; see $DEMO/server.log"; }
  sleep 0.5
done
curl -fsS "$URL/health" >/dev/null || fail "the server did not become healthy within 60 s; see $DEMO/server.log"

# The console, the customer's mailbox and support's webhooks, for the banner.
where_things_are() {
  echo "  console       $URL/console/login   user admin, password $ADMIN_PASSWORD"
  echo "                (the first start's password; it must be changed at first login)"
  echo "  customer mail $CUSTOMER's mailbox in the mail catcher:"
  echo "                curl http://127.0.0.1:$MAIL_API_PORT/api/user/$CUSTOMER/messages/"
  echo "                (SMTP 127.0.0.1:$MAIL_PORT; log: $DEMO/mail-catcher.log)"
  echo "  support       webhooks are printed here as 'support webhook: ...' (bodies: $DEMO/webhooks.jsonl)"
}

if [ "$MODE" = lab ]; then
  echo "demo: root: building the namespace lab (a Proxmox-like host with three guests)"
  cat <<TXT

vpsguard is running.
  server        $URL            (log: $DEMO/server.log)
  health        curl $URL/health
  blocks        curl $AUTH $URL/api/v1/blocks
  audit         curl $AUTH $URL/api/v1/audit
  admin token   $DEMO/admin-token
$(where_things_are)
The lab's host, guests and agent metrics are printed once the agent has enrolled.
$HOW_TO_STOP
TXT
  java -jar "$LAB_JAR" --server "$URL" --admin-token-file "$DEMO/admin-token" \
      --contract demo ${DURATION:+--for "$DURATION"} &
  lab_pid=$!
  started "$lab_pid" "lab demo"
  # The lab demo ends by itself after --for; the server ending first is a failure.
  done_pid="" rc=0
  wait -n -p done_pid "${pids[@]}" || rc=$?
  if [ "$done_pid" = "$lab_pid" ] && [ "$rc" -eq 0 ]; then exit 0; fi
  fail "the ${names[$done_pid]:-process $done_pid} exited (status $rc; its error is above); server log: $DEMO/server.log"
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
  created=$(curl -sS -X POST "$URL/api/v1/hosts" -H "Authorization: Bearer $ADMIN_TOKEN" \
      -H 'Content-Type: application/json' -d '{"name":"demo-host"}') \
      || fail "could not reach the server to create the host"
  token=$(printf '%s' "$created" | sed -n 's/.*"enrollmentToken" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || fail "could not create the host; the server answered: $created"
  java -jar "$AGENT_JAR" enroll --server "$URL" --token "$token" --config "$DEMO/agent/agent.yml" \
      || fail "the agent could not enrol (its error is above)"
fi

echo "demo: starting the agent"
java -jar "$AGENT_JAR" run --config "$DEMO/agent/agent.yml" > "$DEMO/agent.log" 2>&1 &
started $! agent

HOST_ID=$(sed -n 's/.*"hostId" *: *"\([^"]*\)".*/\1/p' "$DEMO/agent/credential")
[ -n "$HOST_ID" ] || fail "no hostId in $DEMO/agent/credential; delete $DEMO to start afresh"
detail=""
for _ in $(seq 1 60); do
  detail=$(curl -sS -H "Authorization: Bearer $ADMIN_TOKEN" "$URL/api/v1/hosts/$HOST_ID") || true
  case "$detail" in *'"vmid"'*) break ;; esac
  kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$DEMO/agent.log" >&2; fail "the agent exited; see $DEMO/agent.log"; }
  sleep 0.5
done
case "$detail" in
  *'"vmid"'*) ;;
  *) tail -20 "$DEMO/agent.log" >&2; fail "no report from the agent within 30 s (last answer: $detail); see $DEMO/agent.log" ;;
esac
# One line per guest: vmid, name, kind and the URL of its record.
guests=$(printf '%s' "$detail" \
    | grep -o '"id":"[^"]*","hostId":"[^"]*","vmid":[0-9]*,"kind":"[a-z]*","name":"[^"]*"' \
    | sed 's/"id":"\([^"]*\)","hostId":"[^"]*","vmid":\([0-9]*\),"kind":"\([a-z]*\)","name":"\([^"]*\)"/\2 \4 \3 \1/' \
    || true)
echo "demo: the agent's first report arrived; the server now knows host $HOST_ID with:"
printf '%s\n' "$guests" | while read -r vmid name kind _; do
  if [ -n "$vmid" ]; then echo "    $vmid $name ($kind)"; fi
done

{
  echo
  echo "vpsguard is running (static inventory, replayed traffic: nothing is enforced on this machine)."
  echo "  server        $URL            (log: $DEMO/server.log)"
  echo "  health        curl $URL/health"
  echo "  blocks        curl $AUTH $URL/api/v1/blocks"
  echo "  this host     curl $AUTH $URL/api/v1/hosts/$HOST_ID"
  printf '%s\n' "$guests" | while read -r vmid _ _ id; do
    if [ -n "$id" ]; then printf '  guest %-7s curl %s %s/api/v1/guests/%s\n' "$vmid" "$AUTH" "$URL" "$id"; fi
  done
  echo "  agent         curl http://127.0.0.1:$METRICS_PORT/metrics   (log: $DEMO/agent.log)"
  echo "  admin token   $DEMO/admin-token"
  where_things_are
  echo "$HOW_TO_STOP"
  echo
}

java -jar "$LAB_JAR" --server "$URL" \
    --admin-token-file "$DEMO/admin-token" --contract demo --host-id "$HOST_ID" &
started $! "demo driver"

wait_until_the_end
