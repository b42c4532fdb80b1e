#!/bin/sh
# Runs inside the container (packaging/nspawn/check-units.sh) under the agent unit's hardening:
# the tools the agent runs, each line PASS or an error.
echo "== whoami $(id -u) caps:"; grep -E 'CapBnd|CapEff|NoNewPrivs|Seccomp:' /proc/self/status
printf 'table inet vpsguard {\n chain c {\n  type filter hook forward priority 0; policy accept;\n  tcp dport 25 counter\n }\n}\ntable bridge vpsguard_watch {\n set w { type ether_addr; }\n}\n' > /tmp/t.nft
nft -c -f /tmp/t.nft && echo "PASS nft -c"
nft -f /tmp/t.nft && nft list tables && echo "PASS nft -f"
nft -j list ruleset >/dev/null && echo "PASS nft -j list ruleset"
nft delete table inet vpsguard && nft delete table bridge vpsguard_watch && echo "PASS nft delete"
conntrack -L >/dev/null 2>&1 && echo "PASS conntrack -L"
timeout 2 conntrack -E -e NEW -p tcp >/dev/null 2>&1; [ $? = 124 ] && echo "PASS conntrack -E (ran until timeout)"
ip rule add priority 4025 table 4025 && ip route add blackhole 192.0.2.1/32 table 4025 && echo "PASS ip rule/route"
ip -j addr show >/dev/null && ip -j neigh show >/dev/null && echo "PASS ip -j addr/neigh"
if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables && echo "PASS bridge sysctl written"; else echo "SKIP no /proc/sys/net/bridge here"; fi
echo 1 > /proc/sys/net/ipv4/ip_forward 2>/dev/null && echo "FAIL other sysctls writable" || echo "PASS other sysctls read-only"
echo x > /etc/vg-should-fail 2>/dev/null && echo "FAIL /etc writable" || echo "PASS /etc read-only"
echo x > /var/lib/vpsguard/probe && echo "PASS state directory writable"
cat /sys/fs/cgroup/cgroup.controllers >/dev/null 2>&1; echo "cgroup readable: $?"
echo "== done"
