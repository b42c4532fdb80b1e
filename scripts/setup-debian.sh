#!/usr/bin/env bash
# Installs what vpsguard needs to build, run and test on a fresh Debian 12/13 machine.
# Idempotent: it installs only what is missing, so a machine that has everything needs no network.
#   JDK 17+ and Maven            build and run (always needed)
#   nftables, conntrack, iproute2, swaks
#                                the namespace lab (enforcement + SMTP observation tests, the root demo)
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

if [ ${#need[@]} -eq 0 ]; then
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

echo "setup: installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Debian 13 has no openjdk-17 package; any JDK >= 17 builds vpsguard (bytecode targets 17).
if ! apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
  need=("${need[@]/openjdk-17-jdk-headless/default-jdk-headless}")
fi
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
