#!/usr/bin/env bash
# An independent JSON Schema validator (check-jsonschema, from PyPI) must agree with
# journeymap on the committed schema: it accepts every example and contract map, and rejects
# each schema-level mistake in tests/fixtures/check.
set -euo pipefail
cd "$(dirname "$0")/.."
schema=schema/journeymap.schema.json
check-jsonschema --schemafile "$schema" examples/*.journey.yaml tests/fixtures/format/*.journey.yaml
rejected=0
for name in unknown-key missing-key emotion-out-of-range invalid-enum wrong-type invalid-id unsupported-version; do
  file="tests/fixtures/check/$name.journey.yaml"
  if check-jsonschema --schemafile "$schema" "$file" >/dev/null 2>&1; then
    echo "check-jsonschema accepted $file, which breaks the schema" >&2
    exit 1
  fi
  rejected=$((rejected + 1))
done
echo "check-jsonschema: examples accepted, $rejected schema-level mistakes rejected"
