#!/usr/bin/env bash
# Starts the whole system on this machine (README "The two commands"): Kafka (KRaft), PostgreSQL and every service.
#   ./deploy/run.sh [--demo] [--fresh] [--data-dir=data] …     ./deploy/run.sh token --org SFJ --roles PROVIDER
# Builds the launcher first when it is missing or older than the sources. Needs only Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/target/integrity-local.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name target -prune -o -name data -prune -o -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.yml' -o -name '*.json' -o -name '*.avsc' -o -name '*.sql' -o -name '*.properties' -o -name '*.html' -o -name '*.css' -o -name '*.js' \) -print -quit)" ]; then
  echo "building the local stack (first run, or sources changed)…" >&2
  ./mvnw -q -DskipTests -Dspotless.check.skip=true install -pl deploy -am >&2
fi
# A replay is a one-shot batch of ~10 s: the C2 compiler's work would not pay for itself within it (measured in
# docs/benchmarks.md: ≈ 100k records/s with C1 only and a fixed young generation, ≈ 85k with the defaults).
jvm=()
if [ "${1:-}" = replay ]; then
  jvm=(-XX:TieredStopAtLevel=1 -Xms2g -Xmn1g)
fi
# Run a private copy: a later build rewrites the jar in place, and a JVM whose jar changes under it fails in odd ways
# (classes it loads later come from the new bytes at the old offsets). Copies of stopped runs are removed here.
mkdir -p deploy/target/running
for old in deploy/target/running/*.jar; do
  [ -e "$old" ] || continue
  pid=$(basename "$old" .jar)
  kill -0 "$pid" 2>/dev/null || rm -f "$old"
done
cp "$jar" "deploy/target/running/$$.jar"
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java "${jvm[@]}" ${JAVA_OPTS:-} -jar "deploy/target/running/$$.jar" "$@"
