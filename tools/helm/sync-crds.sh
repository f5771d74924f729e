#!/usr/bin/env bash
# Copies the generated CRDs (config/crd/, written by `iam-operator crds`) into the chart's crds/
# folder, which Helm installs before the templates. A test checks the two folders are identical.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source="$root/config/crd"
target="$root/charts/iam-operator/crds"
[ -d "$source" ] || { echo "no $source: generate the CRDs first" >&2; exit 1; }
mkdir -p "$target"
find "$target" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) -delete
cp "$source"/*.yaml "$target"/
ls "$target"
