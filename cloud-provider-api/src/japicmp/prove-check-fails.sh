#!/usr/bin/env bash
# Proves the API-compatibility check in cloud-provider-api's build fails on a breaking change: removes the public
# accessor Zone.region() from the SPI, expects `verify` to fail with japicmp's verdict naming it, then restores the
# source (also when interrupted). Run from the repository root: cloud-provider-api/src/japicmp/prove-check-fails.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
src=cloud-provider-api/src/main/java/dev/ccm4j/api/Zone.java
backup=$(mktemp)
log=$(mktemp)
cp "$src" "$backup"
trap 'cp "$backup" "$src"; rm -f "$backup" "$log"' EXIT
# Rename the accessor: the class still compiles, its readers outside the module would not.
sed -i 's/public String region() {/public String regionName() {/;' "$src"
if ./mvnw -B -ntp -o -pl cloud-provider-api verify -DskipTests >"$log" 2>&1; then
  echo "FAIL: the build passed although Zone.region() was removed" >&2
  exit 1
fi
if ! grep -q "japicmp" "$log" || ! grep -qi "incompatib" "$log"; then
  echo "FAIL: the build failed, but not in the API-compatibility check:" >&2
  tail -40 "$log" >&2
  exit 1
fi
grep -iE "incompatib|region" "$log" | head -5
echo "OK: removing Zone.region() fails the API-compatibility check"
