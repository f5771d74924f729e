#!/usr/bin/env bash
# Obtains a real Kubernetes CRD API server (upstream k8s.io/apiextensions-apiserver) and etcd
# for tests, from Debian packages only, and caches them once per machine outside the repository:
#   $IAMOP_APISERVER_CACHE/bin/apiextensions-apiserver   (built offline in GOPATH mode)
#   $IAMOP_APISERVER_CACHE/bin/etcd                      (from the etcd-server package)
# The system's apt sources and state are never touched: a private apt configuration under the
# cache reads Debian sid. Idempotent: with both binaries cached it returns at once.
set -euo pipefail

cache="${IAMOP_APISERVER_CACHE:-/var/cache/iam-operator/apiserver}"
go_version=1.26
mirror="${IAMOP_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

bin="$cache/bin"
work="$cache/work"
if [ -x "$bin/apiextensions-apiserver" ] && [ -x "$bin/etcd" ]; then
  echo "apiserver: cached in $bin"
  exit 0
fi

mkdir -p "$bin" "$work"
# One builder at a time (CI's prepare step and a developer's shell may race).
exec 9>"$cache/.lock"
flock 9
if [ -x "$bin/apiextensions-apiserver" ] && [ -x "$bin/etcd" ]; then
  echo "apiserver: cached in $bin"
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb flock; do
  command -v "$tool" >/dev/null || { echo "apiserver: $tool is required" >&2; exit 1; }
done
[ -r "$keyring" ] || { echo "apiserver: $keyring is missing (package debian-archive-keyring)" >&2; exit 1; }

apt_root="$work/apt"
mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial" "$work/debs"
echo "deb [signed-by=$keyring] $mirror sid main" >"$apt_root/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_root/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_root/lists"
  -o "Dir::Cache=$apt_root/cache"
  -o Dir::State::status=/dev/null
  -o Acquire::Languages=none
  -o APT::Get::List-Cleanup=false
  -o "APT::Sandbox::User=$(id -un)"  # the cache belongs to whoever runs this, not to _apt
)
if [ -z "$(find "$apt_root/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null)" ]; then
  echo "apiserver: reading Debian sid package lists"
  apt-get "${apt_opts[@]}" -qq update
fi

# What the build imports: the server's source, its Go dependencies (golang-*-dev closure), the
# Go toolchain; and etcd-server for the storage backend.
root_pkg=golang-k8s-apiextensions-apiserver-dev
closure=$(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests \
  --no-conflicts --no-breaks --no-replaces --no-enhances "$root_pkg" \
  | grep -E '^golang-[a-z0-9.+-]+-dev$' | sort -u)
packages=$(printf '%s\n' $closure "golang-$go_version-go" "golang-$go_version-src" etcd-server | sort -u)
echo "apiserver: $(echo "$packages" | wc -l) Debian packages"

missing=()
for p in $packages; do
  ls "$work/debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "apiserver: downloading ${#missing[@]} packages"
  (cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download "${missing[@]}")
fi

srcroot="$work/root"
rm -rf "$srcroot"
mkdir -p "$srcroot"
for p in $packages; do
  dpkg-deb -x "$(ls "$work/debs/${p}_"*.deb | head -n1)" "$srcroot"
done

# Debian's 0.36.4 of k8s.io/* is Kubernetes v1.36.4; clients parse /version, so stamp it.
deb_version=$(dpkg-deb -f "$(ls "$work/debs/${root_pkg}_"*.deb | head -n1)" Version)
upstream=${deb_version%%-*}; upstream=${upstream#*:}
IFS=. read -r _ minor patch <<<"$upstream"
git_version="v1.$minor.${patch%%[!0-9]*}"

echo "apiserver: building k8s.io/apiextensions-apiserver $git_version (GOPATH mode, offline)"
export GO111MODULE=off GOPATH="$srcroot/usr/share/gocode" GOROOT="$srcroot/usr/lib/go-$go_version" \
  GOPROXY=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE="$work/gocache" GOTELEMETRY=off
"$GOROOT/bin/go" build -trimpath -o "$bin/apiextensions-apiserver.new" \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$git_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
  k8s.io/apiextensions-apiserver
install -m 0755 "$srcroot/usr/bin/etcd" "$bin/etcd"
mv "$bin/apiextensions-apiserver.new" "$bin/apiextensions-apiserver"
# The unpacked tree is only needed to build; the .debs and Go cache make a rebuild quick.
rm -rf "$srcroot"
echo "apiserver: ready in $bin ($("$bin/etcd" --version | head -n1))"
