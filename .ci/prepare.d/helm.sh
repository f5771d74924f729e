#!/usr/bin/env bash
# Helm and the Kubernetes schema models for tests/IamOperator.Deploy.Tests.
exec bash "$(dirname "$0")/../../tools/helm/install-tools.sh"
