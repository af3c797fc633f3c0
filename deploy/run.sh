#!/usr/bin/env bash
# Starts the whole system on this machine (README "Run it"): Kafka (KRaft), PostgreSQL and every service.
#   ./deploy/run.sh [--demo] [--fresh] [--data-dir=data] …     ./deploy/run.sh token --org SFJ --roles PROVIDER
# Builds the launcher first when it is missing or older than the sources. Needs only Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/target/integrity-local.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name target -prune -o -name data -prune -o -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.yml' -o -name '*.json' -o -name '*.avsc' -o -name '*.sql' -o -name '*.properties' \) -print -quit)" ]; then
  echo "building the local stack (first run, or sources changed)…" >&2
  ./mvnw -q -DskipTests -Dspotless.check.skip=true install -pl deploy -am >&2
fi
exec java -jar "$jar" "$@"
