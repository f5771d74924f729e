#!/usr/bin/env bash
# Re-applies every mechanical fix for the style .editorconfig enforces, then builds to report what is left.
#
#   bash tools/style/fix.sh            # the whole solution
#   bash tools/style/fix.sh --no-build # only the fixes (the build is the slow part)
#
# Idempotent: code that already follows the style is left as it is, so it can be run again after any merge.
#   IDE0011  braces on every statement that spans lines (csharp_prefer_braces = when_multiline)
#   IDE0161  file-scoped namespaces
#   CA2007   ConfigureAwait(false) on every await in the library projects (which ones: .editorconfig)
#   IDE1006  field naming: reported, not fixed. dotnet format cannot rename ("NamingStyleCodeFixProvider
#            doesn't support Fix All in Solution"); rename with the IDE's rename (not sed: a field renamed
#            from _name to name may need `this.name` where a parameter or local is also called name).
set -euo pipefail

cd "$(dirname "$0")/../.."
solution=IamOperator.sln
build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) echo "usage: bash tools/style/fix.sh [--no-build]" >&2; exit 2 ;;
  esac
done

echo "== braces (IDE0011) and file-scoped namespaces (IDE0161)"
dotnet format style "$solution" --diagnostics IDE0011 IDE0161 --severity warn
echo "== ConfigureAwait(false) in the library projects (CA2007)"
dotnet format analyzers "$solution" --diagnostics CA2007 --severity warn

if [[ "$build" == false ]]; then
  echo "Fixes applied; not built (--no-build). Field names (IDE1006) are checked by the build."
  exit 0
fi

echo "== building $solution: every remaining style violation fails it"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet build "$solution" -nologo -clp:NoSummary >"$log" 2>&1 || status=$?
# One line per problem, without the project suffix MSBuild repeats.
problems=$(grep -E ': (error|warning) [A-Z]+[0-9]+' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u || true)
naming=$(grep -E ' IDE1006: ' <<<"$problems" || true)
other=$(grep -vE ' IDE1006: ' <<<"$problems" || true)

if [[ -n "$naming" ]]; then
  echo
  echo "Field names to change by hand ($(wc -l <<<"$naming")): private fields are camelCase without a prefix;"
  echo "private const and static readonly fields are PascalCase. Use a semantic rename (IDE), not sed."
  echo "$naming"
fi
if [[ -n "$other" ]]; then
  echo
  echo "Other build problems ($(wc -l <<<"$other")):"
  echo "$other"
  if grep -q "ConfiguredAsyncDisposable" <<<"$other"; then
    echo
    echo "CA2007's fixer turned an \`await using var x = ...\` whose x is used into ...ConfigureAwait(false); write"
    echo "  var x = ...;  await using var disposeX = x.ConfigureAwait(false);"
  fi
fi
if [[ $status -ne 0 || -n "$problems" ]]; then
  [[ -n "$problems" ]] || tail -20 "$log"
  exit 1
fi
echo "Style clean: $solution builds with no warnings."
