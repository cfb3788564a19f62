#!/usr/bin/env bash
# pnpm bench:compare <ref> [--write]: the client benchmark with an earlier commit's aredis as one
# more client ("aredis before (ts parser)"), so before and after come from the same run.
# The earlier commit is checked out once into a detached worktree beside the temp dir and
# installed there (its own build, its own dependencies); src/compare.ts loads it.
set -euo pipefail
ref=${1:?usage: pnpm bench:compare <git ref> [--write]}
shift
root=$(git rev-parse --show-toplevel)
sha=$(git -C "$root" rev-parse --short "$ref")
dir=${TMPDIR:-/tmp}/aredis-before-$sha
[ -d "$dir" ] || git -C "$root" worktree add --detach "$dir" "$sha"
(cd "$dir" && pnpm install --frozen-lockfile --prefer-offline >/dev/null)
cd "$root/packages/bench"
AREDIS_BEFORE="$dir" AREDIS_BEFORE_LABEL="$sha" exec pnpm exec tsx src/clients.ts "$@"
