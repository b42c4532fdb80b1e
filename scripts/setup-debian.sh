#!/usr/bin/env bash
# Installs what vpsguard needs to build, run and test on a fresh Debian 12/13 machine.
# Idempotent: it installs only what is missing, so a machine that has everything needs no network.
#   JDK 17+ and Maven            build and run (always needed)
#   nftables, conntrack, iproute2, swaks
#   nmap, hping3, iperf3         the scan, port-filter and flood lab tests
#                                the namespace lab (enforcement + SMTP observation tests, the root demo)
#   chromium, chromium-driver   the console's browser tests (Selenium, headless)
#   npm, and axe-core into /opt/vpsguard-test
#                                the console's accessibility scan (a test tool, never shipped)
#   postfix, and Exim unpacked into /opt/vpsguard-lab/exim4
#                                the real-MTA lab (guests running Debian's mail servers)
# Debian's MTA packages conflict (each provides mail-transport-agent), so postfix is installed and
# exim4-daemon-light only unpacked (apt-get download + dpkg -x); the lab runs private instances of
# both inside its namespaces. Installing postfix must not leave a Postfix listening on this
# machine: a policy-rc.d answering 101 forbids starting services during the install (kept if one
# exists), and the unit is stopped and disabled right after in case it started anyway.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }

java_ok() {
  have_cmd javac || return 1
  local v
  v=$(javac -version 2>&1 | awk '{print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 17 ]
}
java_ok || need+=(openjdk-17-jdk-headless)
have_cmd mvn || need+=(maven)
have_cmd nft || need+=(nftables)
have_cmd conntrack || need+=(conntrack)
have_cmd ip || need+=(iproute2)
have_cmd swaks || need+=(swaks)
# swaks speaks IPv6 (-6, the IPv6 notice lab test) only with this module.
perl -MIO::Socket::INET6 -e 1 >/dev/null 2>&1 || need+=(libio-socket-inet6-perl)
have_cmd curl || need+=(curl)
# The scan, flood and SMTP storm lab tests: real scanners and flooders inside guest namespaces
# (hping3 also sends the 8,000 SYN/s storm of AgentSmtpHpingStormLabTest).
have_cmd nmap || need+=(nmap)
have_cmd hping3 || need+=(hping3)
have_cmd iperf3 || need+=(iperf3)
# The console's browser tests: Debian's headless Chromium and its WebDriver (never a download).
have_cmd chromium || need+=(chromium)
have_cmd chromedriver || need+=(chromium-driver)
# axe-core, the accessibility engine the browser tests inject (pinned; npm's registry, no CDN).
AXE_HOME=/opt/vpsguard-test
AXE_VERSION=4.10.3
need_axe=0
grep -qs "\"version\": \"$AXE_VERSION\"" "$AXE_HOME/node_modules/axe-core/package.json" || need_axe=1
[ $need_axe -eq 0 ] || have_cmd npm || need+=(npm)
need_postfix=0
[ -x /usr/lib/postfix/sbin/master ] || need_postfix=1
EXIM_HOME=/opt/vpsguard-lab/exim4
need_exim=0
[ -x "$EXIM_HOME/usr/sbin/exim4" ] || need_exim=1
id Debian-exim >/dev/null 2>&1 || need_exim=1

if [ ${#need[@]} -eq 0 ] && [ $need_postfix -eq 0 ] && [ $need_exim -eq 0 ] && [ $need_axe -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have_cmd sudo; then
    SUDO="sudo"
  else
    echo "setup: missing Debian packages: ${need[*]}" >&2
    echo "setup: not root and no sudo; install them, then run this again." >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  # Debian 13 has no openjdk-17 package; any JDK >= 17 builds vpsguard (bytecode targets 17).
  if ! apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
    need=("${need[@]/openjdk-17-jdk-headless/default-jdk-headless}")
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ $need_axe -eq 1 ]; then
  echo "setup: installing axe-core $AXE_VERSION into $AXE_HOME for the console's accessibility tests"
  $SUDO mkdir -p "$AXE_HOME"
  $SUDO npm install --prefix "$AXE_HOME" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi

if [ $need_postfix -eq 1 ]; then
  echo "setup: installing postfix for the real-MTA lab (no service is started)"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# vpsguard setup: no service starts during package installation\nexit 101\n' |
      $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  $SUDO apt-get install -y -qq --no-install-recommends postfix
  [ $made_policy -eq 0 ] || $SUDO rm -f /usr/sbin/policy-rc.d
  if have_cmd systemctl && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now postfix.service || echo "setup: could not stop postfix.service" >&2
  fi
fi

if [ $need_exim -eq 1 ]; then
  echo "setup: unpacking exim4-daemon-light into $EXIM_HOME for the real-MTA lab"
  tmp=$(mktemp -d)
  # apt downloads as its _apt user, into a directory that user may write.
  if id _apt >/dev/null 2>&1; then $SUDO chown _apt "$tmp"; fi
  (cd "$tmp" && apt-get download exim4-daemon-light)
  deb=$(ls "$tmp"/exim4-daemon-light_*.deb)
  # Its shared libraries (libidn12 among them) come from the package's Depends, installed if missing.
  libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/([^)]*)//; s/|.*//; s/ //g' |
    grep -v -e '^exim4-base$' -e '^debconf' -e '^$' || true)
  missing_libs=()
  for l in $libs; do dpkg -s "$l" >/dev/null 2>&1 || missing_libs+=("$l"); done
  if [ ${#missing_libs[@]} -gt 0 ]; then
    $SUDO apt-get install -y -qq --no-install-recommends "${missing_libs[@]}"
  fi
  $SUDO mkdir -p "$EXIM_HOME"
  $SUDO dpkg -x "$deb" "$EXIM_HOME"
  $SUDO rm -rf "$tmp"
  # The binary drops privileges to this user, compiled in (the package's postinst creates it).
  id Debian-exim >/dev/null 2>&1 ||
    $SUDO adduser --system --group --quiet --allow-bad-names --no-create-home \
      --home /var/spool/exim4 Debian-exim
fi
