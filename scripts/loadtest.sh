#!/usr/bin/env bash
# Fleet load test: starts the server's built jar (H2 in a file, then PostgreSQL from embedded-postgres)
# and runs the fleet simulator against it in real time; prints FLEET lines: reports/s, guest-samples/s,
# ingest latency p50/p95/p99, detection latency, server CPU and RSS (/proc of its pid), errors, the
# ground truth, and the limit (decoding the same report bodies in the simulator's JVM). See
# BENCHMARKS.md, "Fleet scale".
#
#   scripts/loadtest.sh [--hosts 2000] [--guests 50] [--interval-ms 5000] [--duration-s 180]
#                       [--warmup-s 30] [--seed 1] [--db h2|postgres|both] [--heap 1g]
#                       [--senders 64] [--jfr DIR] [--limit-s 10]
#
# Builds what it needs first (LOADTEST_BUILD=false to skip). Everything listens on 127.0.0.1; the
# server and PostgreSQL are stopped by pid at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LOADTEST_BUILD:-true}" = true ]; then
  mvn -B -ntp -q -pl fleet -am -DskipTests package
fi
# The simulator's own heap: 2,000 hosts' records for 10 minutes are ~240,000 small records.
exec java -Xmx1g -jar fleet/target/vpsguard-fleet.jar --server-jar server/target/vpsguard-server.jar "$@"
