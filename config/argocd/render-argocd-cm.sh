#!/usr/bin/env bash
# Writes argocd-cm.yaml from health.lua: one health check entry per kind, all the same script.
set -euo pipefail
cd "$(dirname "$0")"
{
  cat <<'HEADER'
# Add to the argocd-cm ConfigMap (namespace argocd) so Argo CD reports IamOperator resources as
# Healthy / Progressing / Degraded from their conditions. Each entry is config/argocd/health.lua;
# regenerate with config/argocd/render-argocd-cm.sh after changing it (a test checks they match).
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
  labels:
    app.kubernetes.io/name: argocd-cm
    app.kubernetes.io/part-of: argocd
data:
HEADER
  for kind in IamGroup IamUser IamServiceRole IamPolicy; do
    echo "  resource.customizations.health.iamoperator.dev_${kind}: |"
    sed -e 's/^\(.\)/    \1/' health.lua
  done
} > argocd-cm.yaml
