#!/usr/bin/env bash
# Runs the whole vpsguard test suite: unit, property, database (H2 + a real PostgreSQL from
# embedded-postgres), SMTP, HTTP, and, when run as root, the network-namespace lab tests with real
# nftables and conntrack. Without root the lab tests skip and say why.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
# Two modules at a time: the namespace lab's tests mostly wait on real time (report windows,
# conntrack timeouts), so they run beside the server's CPU-bound tests instead of after them.
exec mvn -B -ntp -T 2 verify "$@"
