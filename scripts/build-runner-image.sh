#!/usr/bin/env bash
# Builds (again: the tag names the sandbox image, not this checkout's CLI) the runner image a
# cluster pulls for the stage and runner containers of an analysis
# Pod (Dockerfile.runner), tagged mcp-airlock-runner:<sandbox image tag>, and prints its name.
# Production dependencies come from the lock file through the host's npm with scripts off; the
# sandbox image is the one `node bin/mcp-airlock.js setup` builds. Push both images to the
# registry the cluster pulls from (README, "Running a batch on Kubernetes").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
sandbox=$(node bin/mcp-airlock.js setup)
tag="mcp-airlock-runner:${sandbox##*:}"
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/runner"
cp -R bin dist package.json package-lock.json "$ctx/runner/"
(cd "$ctx/runner" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline >&2)
cp Dockerfile.runner "$ctx/Dockerfile"
docker build -q --build-arg "SANDBOX_IMAGE=$sandbox" -t "$tag" "$ctx" >&2
echo "$tag"
