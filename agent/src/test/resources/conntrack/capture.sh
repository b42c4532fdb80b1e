#!/bin/sh
# Captures the conntrack fixture lines in this directory. Run as root from this directory:
#   sh capture.sh
# Builds a Proxmox-like host out of network namespaces (docs/lab.md), all named vgsmtp-*, sends SMTP
# traffic only between those namespaces, and tears everything down on exit.
set -eu
OUT=$(pwd)
HV=vgsmtp-hv; VM=vgsmtp-vm101; NET=vgsmtp-inet
PIDS=""

cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    for n in $HV $VM $NET; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

ip netns add $HV; ip netns add $VM; ip netns add $NET
ip -n $HV link add vmbr0 type bridge; ip -n $HV link set vmbr0 up
ip link add tap101i0 netns $HV type veth peer name eth0 netns $VM
ip link add uplink netns $HV type veth peer name eth0 netns $NET
ip -n $HV link set tap101i0 master vmbr0 up; ip -n $HV link set uplink master vmbr0 up
ip -n $VM link set lo up; ip -n $NET link set lo up
ip -n $VM addr add 198.51.100.101/24 dev eth0; ip -n $VM link set eth0 up
ip -n $VM addr add 2001:db8:100::101/64 dev eth0 nodad
ip -n $NET addr add 198.51.100.1/24 dev eth0; ip -n $NET link set eth0 up
for i in 2 3 4 5 6; do
    ip -n $NET addr add 198.51.100.20$i/24 dev eth0
    ip -n $NET addr add 2001:db8:100::20$i/64 dev eth0 nodad
done
ip -n $HV addr add 198.51.100.250/24 dev vmbr0
ip netns exec $HV sysctl -qw net.bridge.bridge-nf-call-iptables=1
ip netns exec $HV sysctl -qw net.bridge.bridge-nf-call-ip6tables=1
# Short timeouts so that unreplied and TIME_WAIT flows are DESTROYed within the capture.
ip netns exec $HV sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_syn_sent=3
ip netns exec $HV sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_time_wait=2
ip netns exec $HV sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_close=2
ip netns exec $HV nft -f - <<'EOF'
table inet vpsguard {
  chain smtp_watch { type filter hook forward priority 0; policy accept;
    tcp dport 25 ct state new counter
  }
}
EOF
# The "MX" at .204 drops SYNs: its flows stay UNREPLIED until they expire.
ip netns exec $NET nft -f - <<'EOF'
table inet vgsmtp_drop {
  chain in { type filter hook input priority 0; policy accept;
    ip daddr 198.51.100.204 tcp dport 25 drop
    ip6 daddr 2001:db8:100::204 tcp dport 25 drop
  }
}
EOF
# A minimal SMTP server on .202 and .205, a resetting one on .206; nothing listens on .203,
# so connections there are refused with an RST.
cat > /tmp/vgsmtp-server.py <<'EOF'
import socket, sys, threading
def serve(conn):
    f = conn.makefile("rwb", buffering=0)
    f.write(b"220 mx.example.test ESMTP\r\n")
    for line in f:
        cmd = line[:4].upper()
        if cmd == b"QUIT":
            f.write(b"221 bye\r\n"); break
        if cmd == b"DATA":
            f.write(b"354 go\r\n")
            for body in f:
                if body in (b".\r\n", b".\n"): break
        f.write(b"250 ok\r\n")
    conn.close()
def reset(conn):
    # A blocklisting MX: greets with 554, then aborts with an RST (SO_LINGER 0).
    conn.sendall(b"554 5.7.1 go away\r\n")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()
def listen(family, addr):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 25)); s.listen(64)
    while True:
        c, _ = s.accept()
        threading.Thread(target=reset if addr.endswith("206") else serve, args=(c,), daemon=True).start()
for fam, a in [(socket.AF_INET, "198.51.100.202"), (socket.AF_INET, "198.51.100.205"),
               (socket.AF_INET6, "2001:db8:100::202"), (socket.AF_INET6, "2001:db8:100::205"),
               (socket.AF_INET, "198.51.100.206"), (socket.AF_INET6, "2001:db8:100::206")]:
    threading.Thread(target=listen, args=(fam, a), daemon=True).start()
threading.Event().wait()
EOF
ip netns exec $NET python3 /tmp/vgsmtp-server.py & PIDS="$PIDS $!"
sleep 1

send() { # $1 server, $2 extra swaks options
    ip netns exec $VM swaks --server "$1/25" --to x@example.test --from y@example.org \
        --timeout 4 $2 >/dev/null 2>&1 || true
}

scenario() { # $1 fixture name, $2 family, $3 extended?
    fam=$2; fmt=timestamp,id; [ "$3" = ext ] && fmt=timestamp,id,extended
    ip netns exec $HV conntrack -E -f "$fam" -p tcp --dport 25 -o "$fmt" >"$OUT/$1.txt" 2>/dev/null &
    cpid=$!; PIDS="$PIDS $cpid"; sleep 0.5
    if [ "$fam" = ipv4 ]; then a=198.51.100.; else a=2001:db8:100::; fi
    send "${a}202" "--quit-after RCPT"      # accepted, normal close
    send "${a}205" ""                       # a whole mail
    send "${a}203" ""                       # refused: nothing listens, RST
    send "${a}204" "--quit-after CONNECT"   # unreplied: SYNs dropped
    send "${a}206" ""                       # reset by the server after its 554 greeting
    sleep 14                               # let SYN_SENT / TIME_WAIT / CLOSE expire
    kill "$cpid"; wait "$cpid" 2>/dev/null || true
}

ip netns exec $HV sysctl -qw net.netfilter.nf_conntrack_acct=0
scenario ipv4-acct-off ipv4 plain
scenario ipv6-acct-off ipv6 plain
ip netns exec $HV sysctl -qw net.netfilter.nf_conntrack_acct=1
scenario ipv4-acct-on ipv4 plain
scenario ipv6-acct-on ipv6 plain
scenario ipv4-extended-acct-on ipv4 ext
scenario ipv6-extended-acct-on ipv6 ext

# The kernel reaps expired flows in a garbage-collection pass that may run a minute apart, and only
# the DESTROY line carries the byte counters: wait long enough to see the accepted flows end.
ip netns exec $HV conntrack -E -f ipv4 -p tcp --dport 25 -o timestamp,id >"$OUT/ipv4-acct-on-expiry.txt" 2>/dev/null &
c4=$!; PIDS="$PIDS $c4"
ip netns exec $HV conntrack -E -f ipv6 -p tcp --dport 25 -o timestamp,id >"$OUT/ipv6-acct-on-expiry.txt" 2>/dev/null &
c6=$!; PIDS="$PIDS $c6"; sleep 0.5
for a in 198.51.100. 2001:db8:100::; do
    send "${a}202" "--quit-after RCPT"; send "${a}205" ""; send "${a}206" ""
done
sleep 75
kill $c4 $c6; wait $c4 $c6 2>/dev/null || true

# The neighbour table as the host sees it (fixture for the attribution parser): the guest and the
# "internet" talk to the host's own addresses (refused TCP connections are enough to resolve them).
ip -n $HV addr add 2001:db8:100::250/64 dev vmbr0 nodad
ip -n $VM addr add 2001:db8:100::1101/64 dev eth0 nodad   # a second, learned-only v6 address
sleep 1
knock() { ip netns exec "$1" python3 -c "import socket,sys
try: socket.create_connection((sys.argv[1], 9), timeout=1)
except OSError: pass" "$2"; }
knock $VM 198.51.100.250; knock $VM 2001:db8:100::250; knock $NET 198.51.100.250
ip netns exec $VM python3 -c "import socket
s=socket.socket(socket.AF_INET6); s.bind(('2001:db8:100::1101',0)); s.settimeout(1)
try: s.connect(('2001:db8:100::250',9))
except OSError: pass"
ip -n $HV -j neigh show >"$OUT/../neigh/ip-neigh-show.json"
ip -n $VM link show eth0 | awk '/link\/ether/ {print $2}' >"$OUT/../neigh/vm101-mac.txt"
ip -n $NET link show eth0 | awk '/link\/ether/ {print $2}' >"$OUT/../neigh/inet-mac.txt"
{ uname -r; conntrack --version; swaks --version 2>&1 | head -1; ip -V; } >"$OUT/versions.txt"
