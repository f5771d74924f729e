// Checks every object in a multi-document YAML file against the Kubernetes OpenAPI schema of its
// apiVersion/kind (kubernetes-models' validate(), offline).
// Usage: node validate-manifests.mjs TOOLS_DIR FILE  (TOOLS_DIR holds node_modules, see install-tools.sh)
// Prints one line per object ("ok Kind/name" or "invalid Kind/name: reason") and exits 1 when an
// object is invalid or of a kind with no known schema.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, file] = process.argv.slice(2);
const require = createRequire(join(resolve(toolsDir), "package.json"));
const { parseAllDocuments } = await import(pathToFileURL(require.resolve("yaml")).href);
const modelPackages = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];

// The model packages export ESM only, so they are loaded by file path rather than require.resolve.
async function modelFor(apiVersion, kind) {
  if (!/^[A-Za-z0-9.\/-]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  for (const pkg of modelPackages) {
    const path = join(resolve(toolsDir), "node_modules", pkg, apiVersion, `${kind}.js`);
    if (!existsSync(path)) continue;
    const module = await import(pathToFileURL(path).href);
    return module[kind];
  }
  return undefined;
}

let failures = 0;
for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
  if (document.errors.length > 0) {
    console.log(`invalid YAML: ${document.errors.map(e => e.message).join("; ")}`);
    failures++;
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  const label = `${object.kind}/${object.metadata?.name ?? "?"}`;
  const Model = await modelFor(object.apiVersion ?? "", object.kind ?? "");
  if (!Model) {
    console.log(`invalid ${label}: no schema known for ${object.apiVersion} ${object.kind}`);
    failures++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${label}`);
  } catch (error) {
    console.log(`invalid ${label}: ${String(error.message ?? error).replace(/\s+/g, " ")}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
