#!/usr/bin/env bash
# The real Kubernetes API server for tests/IamOperator.ApiServer.Tests: built once per machine
# from Debian packages and cached (tools/apiserver/build.sh); a no-op when the cache is warm.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash tools/apiserver/build.sh
