// Evaluates a rendered ValidatingAdmissionPolicy's CEL against one object the way the API server
// would for a CREATE: variables, then each validation's expression and messageExpression.
// Usage: node evaluate-admission-policy.mjs TOOLS_DIR MANIFESTS_YAML OBJECTS_JSON
// OBJECTS_JSON is an array of objects (one node start for many cases). Prints an array of
// {"allowed": bool, "messages": [...]} in the same order and exits 0; exits 2 when an expression
// fails to evaluate (the policy's failurePolicy would then decide).
// Variables are inlined into later expressions (the API server evaluates them lazily, once);
// the Kubernetes CEL library beyond cel-go's strings extension is not available here.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, manifestsFile, objectsFile] = process.argv.slice(2);
const load = async (pkg, entry) => {
  const path = join(resolve(toolsDir), "node_modules", pkg, entry);
  if (!existsSync(path)) throw new Error(`missing ${path}: run tools/helm/install-tools.sh`);
  return import(pathToFileURL(path).href);
};
const { parseAllDocuments } = await load("yaml", "dist/index.js");
const { run } = await load("@bufbuild/cel", "dist/esm/index.js");
const { strings } = await load("@bufbuild/cel", "dist/esm/ext/index.js");

// JSON from the API server: objects are CEL maps, integral numbers CEL ints.
function toCel(value) {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
}

const policy = parseAllDocuments(readFileSync(manifestsFile, "utf8"))
  .map(d => d.toJS())
  .find(o => o?.kind === "ValidatingAdmissionPolicy");
if (!policy) {
  console.error("no ValidatingAdmissionPolicy in " + manifestsFile);
  process.exit(2);
}
const objects = JSON.parse(readFileSync(objectsFile, "utf8"));

const inlined = {};
const inline = expression =>
  expression.replace(/variables\.([A-Za-z_][A-Za-z0-9_]*)/g, (_, name) => {
    if (!(name in inlined)) throw new Error(`unknown variable ${name}`);
    return `(${inlined[name]})`;
  });
const evaluate = (expression, bindings) => {
  const result = run(inline(expression), bindings, { funcs: strings });
  if (result instanceof Error) throw result;
  return result;
};

try {
  for (const variable of policy.spec.variables ?? []) inlined[variable.name] = inline(variable.expression);
  const verdicts = objects.map(object => {
    const bindings = { object: toCel(object), oldObject: null };
    const messages = [];
    for (const validation of policy.spec.validations) {
      const passed = evaluate(validation.expression, bindings);
      if (typeof passed !== "boolean") throw new Error(`expression is not boolean: ${validation.expression}`);
      if (!passed) {
        messages.push(validation.messageExpression ? String(evaluate(validation.messageExpression, bindings)) : validation.message);
      }
    }
    return { allowed: messages.length === 0, messages };
  });
  console.log(JSON.stringify(verdicts));
} catch (error) {
  console.error(`evaluation error: ${error.message ?? error}`);
  process.exit(2);
}
