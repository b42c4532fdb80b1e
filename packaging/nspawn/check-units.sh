#!/usr/bin/env bash
# Runs both packages' units under a real systemd, where this machine's PID 1 is not systemd: a
# Debian 12 tree made with debootstrap, both .debs installed in it with apt, booted with
# systemd-nspawn (its own network namespace). Inside, two oneshot units run at boot:
#   vg-tools: the agent unit's [Service] hardening around tools-under-agent-unit.sh (nft, conntrack,
#             ip, the bridge sysctl, a read-only /etc, its state directory);
#   vg-drive: drive-installed-units.sh, as an operator: the server unit's /health, a host created
#             through the API, `vpsguard-agent enroll` (which starts the agent unit through
#             systemctl), the agent's first accepted report, each unit's uid, capabilities,
#             no_new_privs and seccomp, the live `systemd-analyze security` scores.
# Then the container powers off and their logs are printed. A manual check (docs/decisions.md,
# "Debian packages"): needs root, debootstrap, systemd-container and the Debian mirror; about five
# minutes. Not run by CI.
#
#   packaging/nspawn/check-units.sh [workdir=/tmp/vpsguard-nspawn]
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:-/tmp/vpsguard-nspawn}
R=$W/bookworm
[ "$(id -u)" -eq 0 ] || { echo "check-units: needs root" >&2; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "check-units: apt install systemd-container" >&2; exit 1; }
debs=(packaging/target/vpsguard-agent_*_all.deb packaging/target/vpsguard-server_*_all.deb)
[ -e "${debs[0]}" ] && [ -e "${debs[1]}" ] || { echo "check-units: build the .debs first (mvn package)" >&2; exit 1; }

if [ ! -x "$R/lib/systemd/systemd" ]; then
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,nftables,conntrack,iproute2,curl \
      bookworm "$R" http://deb.debian.org/debian
fi
cp "${debs[@]}" "$R/tmp/"
cp /etc/resolv.conf "$R/etc/resolv.conf"
mount -t proc proc "$R/proc"
chroot "$R" sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
    apt-get install -y -q --no-install-recommends /tmp/vpsguard-agent_*.deb /tmp/vpsguard-server_*.deb' \
  || { umount "$R/proc"; exit 1; }
umount "$R/proc"

# The operator's settings: a bootstrap admin token, and an agent on a static inventory (no Proxmox
# in the container) without enforcement, reporting to the server in the same container.
token="nspawn-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "VPSGUARD_BOOTSTRAP_ADMIN_TOKEN=$token" > "$R/etc/vpsguard/server.env"
chmod 600 "$R/etc/vpsguard/server.env"
echo "$token" > "$R/root/admin-token"
cat > "$R/etc/vpsguard/agent.yml" <<'YML'
server:
  url: http://127.0.0.1:8080
  credentialFile: /etc/vpsguard/credential
intervalSeconds: 5
inventory:
  mode: static
  guests:
    - {vmid: 101, kind: qemu, name: a, cores: 1, memoryMiB: 512, nics: [{id: net0, iface: tap101i0, mac: "bc:24:11:00:01:01", bridge: vmbr0, ips: ["198.51.100.101"]}]}
enforcement:
  enabled: false
YML
install -m 755 packaging/nspawn/tools-under-agent-unit.sh "$R/usr/local/bin/vg-tools"
install -m 755 packaging/nspawn/drive-installed-units.sh "$R/usr/local/bin/vg-drive"
# vg-tools gets exactly the agent unit's [Service] settings but its ExecStart, Type and Restart.
{
  printf '[Unit]\nDescription=the agent unit hardening around its tools\n[Service]\nType=oneshot\n'
  printf 'ExecStart=/usr/local/bin/vg-tools\nStandardOutput=file:/root/vg-tools.log\nStandardError=file:/root/vg-tools.err\n'
  sed -n '/^\[Service\]/,/^\[Install\]/p' systemd/vpsguard-agent.service \
      | grep -v -e '^\[' -e '^ExecStart=' -e '^Restart' -e '^Type='
  printf '[Install]\nWantedBy=multi-user.target\n'
} > "$R/etc/systemd/system/vg-tools.service"
printf '[Unit]\nDescription=drive the installed vpsguard units\nAfter=vpsguard-server.service vg-tools.service\n[Service]\nType=oneshot\nExecStart=/usr/local/bin/vg-drive\nTimeoutStartSec=1500\n[Install]\nWantedBy=multi-user.target\n' \
    > "$R/etc/systemd/system/vg-drive.service"
for u in vg-tools vg-drive; do
  ln -sf "/etc/systemd/system/$u.service" "$R/etc/systemd/system/multi-user.target.wants/$u.service"
done
rm -f "$R/root/vg-tools.log" "$R/root/vg-tools.err" "$R/root/vg-e2e.log"

timeout 1800 systemd-nspawn -q -D "$R" --register=no --keep-unit --private-network -b > "$W/boot.log" 2>&1 || true
echo "== the agent unit's hardening around its tools"; cat "$R/root/vg-tools.log" "$R/root/vg-tools.err"
echo "== the installed units, driven"; cat "$R/root/vg-e2e.log"
