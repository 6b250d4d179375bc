#!/usr/bin/env bash
# The whole test suite: type check, lint, then every test once with node's test runner.
# Database tests run against both PGlite and a real PostgreSQL (see test/support/databases.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-postgres.sh
bash scripts/ensure-chromium.sh
export FAIRVIEW_TEST_PG_URL="${FAIRVIEW_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"

# States several test files start from are planted once per run in this folder (test/support/seeds.ts).
FAIRVIEW_TEST_SEEDS="$(mktemp -d "${TMPDIR:-/tmp}/fairview-test-seeds-XXXXXX")"
export FAIRVIEW_TEST_SEEDS
drop_seeds() {
  node --import tsx test/support/drop-seeds.ts || true
  rm -rf "$FAIRVIEW_TEST_SEEDS"
}
trap drop_seeds EXIT

npx tsc --noEmit
npx biome check .

# Node 20's test runner takes no globs: list the files ourselves.
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
