#!/bin/sh
# Captures outcomes.txt / outcomes-ipv6.txt: how `conntrack -E` reports each way an SMTP attempt
# can end, with the kernel's default timeouts. Run as root from this directory:
#   sh capture-outcomes.sh
# Same host layout as capture.sh (guest .101, "internet" with the MX addresses), but in namespaces
# named vgout<random>-*, so that it can run beside the lab tests; everything is deleted on exit.
set -eu
OUT=$(pwd)
P=vgout$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
HV=$P-hv; VM=$P-vm; NET=$P-net
PIDS=""
SRV=$(mktemp -d)

cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    for n in $HV $VM $NET; do ip netns del "$n" 2>/dev/null || true; done
    rm -rf "$SRV"
}
trap cleanup EXIT INT TERM

ip netns add $HV; ip netns add $VM; ip netns add $NET
ip -n $HV link add vmbr0 type bridge; ip -n $HV link set vmbr0 up
ip link add ${P}t netns $HV type veth peer name eth0 netns $VM
ip link add ${P}u netns $HV type veth peer name eth0 netns $NET
ip -n $HV link set ${P}t master vmbr0 up; ip -n $HV link set ${P}u master vmbr0 up
ip -n $VM link set lo up; ip -n $NET link set lo up
ip -n $VM addr add 198.51.100.101/24 dev eth0; ip -n $VM link set eth0 up
ip -n $VM addr add 2001:db8:100::101/64 dev eth0 nodad
ip -n $NET addr add 198.51.100.1/24 dev eth0; ip -n $NET link set eth0 up
for i in 202 203 204 206 207; do
    ip -n $NET addr add 198.51.100.$i/24 dev eth0
    ip -n $NET addr add 2001:db8:100::$i/64 dev eth0 nodad
done
ip netns exec $HV sysctl -qw net.bridge.bridge-nf-call-iptables=1
ip netns exec $HV sysctl -qw net.bridge.bridge-nf-call-ip6tables=1
# Kernel defaults otherwise (syn_sent 120 s, close 10 s, time_wait 120 s): the capture waits for
# the unanswered flow's DESTROY.
ip netns exec $HV nft -f - <<'EOF'
table inet vpsguard_watch {
  chain smtp_watch { type filter hook forward priority 0; policy accept;
    tcp dport 25 ct state new counter
  }
}
EOF
# .204 drops SYNs (no answer at all); .207 answers them with ICMP host unreachable.
ip netns exec $NET nft -f - <<'EOF'
table inet vgout {
  chain in { type filter hook input priority 0; policy accept;
    ip daddr 198.51.100.204 tcp dport 25 drop
    ip6 daddr 2001:db8:100::204 tcp dport 25 drop
    ip daddr 198.51.100.207 tcp dport 25 reject with icmp type host-unreachable
    ip6 daddr 2001:db8:100::207 tcp dport 25 reject with icmpv6 type addr-unreachable
  }
}
EOF
# .202 is a mail server that answers QUIT with 221 and then closes; .206 greets with 554 and aborts
# with an RST (a blocklisting MX); nothing listens on .203 (RST instead of SYN-ACK).
cat > "$SRV/server.py" <<'EOF'
import socket, threading
def serve(conn):
    f = conn.makefile("rwb", buffering=0)
    f.write(b"220 mx.example.test ESMTP\r\n")
    for line in f:
        cmd = line[:4].upper()
        if cmd == b"QUIT":
            f.write(b"221 2.0.0 bye\r\n"); break
        if cmd == b"DATA":
            f.write(b"354 go\r\n")
            for body in f:
                if body in (b".\r\n", b".\n"): break
            f.write(b"250 2.0.0 Ok: queued as 4F2C81A0\r\n"); continue
        f.write(b"250 ok\r\n")
    conn.close()
def reset(conn):
    conn.sendall(b"554 5.7.1 go away\r\n")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()
def listen(family, addr, handler):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 25)); s.listen(64)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handler, args=(c,), daemon=True).start()
for fam, a, h in [(socket.AF_INET, "198.51.100.202", serve), (socket.AF_INET6, "2001:db8:100::202", serve),
                  (socket.AF_INET, "198.51.100.206", reset), (socket.AF_INET6, "2001:db8:100::206", reset)]:
    threading.Thread(target=listen, args=(fam, a, h), daemon=True).start()
threading.Event().wait()
EOF
# An SMTP client delivering one message. "skip" behaves as Postfix's SMTP client with its default
# smtp_skip_quit_response=yes: after "250 queued" it sends QUIT and closes at once, without reading
# the 221, which then meets a closed socket that answers with an RST. "read" waits for the 221.
cat > "$SRV/client.py" <<'EOF'
import socket, sys, time
try:
    s = socket.create_connection((sys.argv[1], 25), timeout=5)
except ConnectionResetError:
    sys.exit(0)  # the blocklisting MX's RST came before connect() returned
f = s.makefile("rb")
def reply():
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line
if not reply().startswith(b"220"):
    time.sleep(0.5)
    sys.exit(0)  # the blocklisting MX: 554, then its RST
for cmd in [b"EHLO guest.example.org", b"MAIL FROM:<news@example.org>", b"RCPT TO:<x@example.test>", b"DATA"]:
    s.sendall(cmd + b"\r\n"); reply()
s.sendall(b"Subject: hello\r\n\r\nhello\r\n.\r\n")
assert reply().startswith(b"250"), "not queued"
s.sendall(b"QUIT\r\n")
if sys.argv[2] == "read":
    reply()
f.close(); s.close()  # both: the file object holds the descriptor too
time.sleep(0.5)
EOF
ip netns exec $NET python3 "$SRV/server.py" & PIDS="$PIDS $!"
sleep 1

scenario() { # $1 file, $2 family, $3 address prefix
    set +e  # a failing client must not leave its conntrack -E behind
    ip netns exec $HV conntrack -E -f "$2" -p tcp --dport 25 -o timestamp,id >"$OUT/$1" 2>/dev/null &
    cpid=$!; sleep 0.5
    ip netns exec $VM python3 "$SRV/client.py" "${3}202" skip   # delivered, closes after QUIT
    ip netns exec $VM python3 "$SRV/client.py" "${3}202" read   # delivered, reads the 221
    ip netns exec $VM python3 "$SRV/client.py" "${3}206" read   # 554 greeting, then the MX's RST
    ip netns exec $VM python3 -c "import socket,sys
for a in sys.argv[1:]:
    try: socket.create_connection((a, 25), timeout=4)
    except OSError as e: print(a, e)" "${3}203" "${3}207" "${3}204"                       # RST, ICMP, no answer
    sleep 240   # the unanswered flows' DESTROY: SYN_SENT timeout, then the next GC pass
    kill "$cpid"; wait "$cpid" 2>/dev/null || true
}
scenario ipv4-outcomes.txt ipv4 198.51.100. &
s4=$!
sleep 2
scenario ipv6-outcomes.txt ipv6 2001:db8:100:: &
s6=$!
wait $s4 $s6
