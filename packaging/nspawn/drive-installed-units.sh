#!/bin/sh
# Runs inside the container (packaging/nspawn/check-units.sh), outside any hardening: drives the
# two installed, hardened units as an operator would, then powers the container off.
exec > /root/vg-e2e.log 2>&1
t0=$(date +%s)
for i in $(seq 1 600); do curl -fs http://127.0.0.1:8080/health && break; sleep 1; done
echo; echo "server /health after $(( $(date +%s) - t0 )) s (from boot of this unit)"
TOKEN=$(cat /root/admin-token)
host=$(curl -fsS -X POST http://127.0.0.1:8080/api/v1/hosts -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"nspawn"}')
enrol=$(printf '%s' "$host" | sed -n 's/.*"enrollmentToken" *: *"\([^"]*\)".*/\1/p')
echo "== enroll"; vpsguard-agent enroll --server http://127.0.0.1:8080 --token "$enrol"; echo "enroll exit $?"
t1=$(date +%s)
for i in $(seq 1 600); do curl -fs http://127.0.0.1:9477/metrics 2>/dev/null | grep -Eq '^vpsguard_agent_last_success_timestamp_seconds [1-9]' && break; sleep 1; done
echo "agent first accepted report after $(( $(date +%s) - t1 )) s"
curl -fs http://127.0.0.1:9477/metrics | grep -E '^vpsguard_agent_(reports_sent_total|last_success)'
echo "== units"; systemctl --no-pager status vpsguard-server vpsguard-agent | grep -E 'Active:|Main PID|vpsguard-'
for p in $(systemctl show -p MainPID --value vpsguard-agent) $(systemctl show -p MainPID --value vpsguard-server); do echo "pid $p uid $(awk '/^Uid/{print $2}' /proc/$p/status) $(grep -E 'CapBnd|NoNewPrivs|Seccomp:' /proc/$p/status | tr '\n' ' ')"; done
echo "== live scores"; systemd-analyze security --no-pager vpsguard-agent.service | tail -1; systemd-analyze security --no-pager vpsguard-server.service | tail -1
echo "== agent journal"; journalctl -u vpsguard-agent --no-pager | tail -8
echo "== server journal (password line)"; journalctl -u vpsguard-server --no-pager | grep -c "user: admin   password:"
echo "== done"
systemctl --no-block poweroff
