{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "iam-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; the release name alone when it already contains the chart name. */}}
{{- define "iam-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "iam-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "iam-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iam-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "iam-operator.labels" -}}
helm.sh/chart: {{ include "iam-operator.chart" . }}
{{ include "iam-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: iam-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "iam-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "iam-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "iam-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "iam-operator.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.leaseNamespace }}
{{- end }}

{{/*
The namespaces the operator watches, as a JSON array (the one place the value is read): watchNamespaces.
controller.namespaces was its name before; a values file still setting it fails with the new name
rather than silently watching every namespace.
*/}}
{{- define "iam-operator.watchNamespaces" -}}
{{- if .Values.controller.namespaces }}
{{- fail "controller.namespaces is now watchNamespaces (a top-level value); move the list there" }}
{{- end }}
{{- .Values.watchNamespaces | default list | toJson }}
{{- end }}

{{/*
The operator's kinds by scope. IamAccountPasswordPolicy is cluster-scoped (one per AWS account): only a
ClusterRole can grant it, so it is granted cluster-wide even when watchNamespaces limits the rest.
*/}}
{{- define "iam-operator.namespacedKinds" -}}
iamgroups iamusers iamserviceroles iampolicies
{{- end }}
{{- define "iam-operator.clusterScopedKinds" -}}
iamaccountpasswordpolicies
{{- end }}

{{/*
The operator's permissions on the given kinds (a list of plurals): read and watch them, patch finalizers
onto them, write their status, and set finalizers on them (needed where OwnerReferencesPermissionEnforcement
is on). It never creates or deletes them.
*/}}
{{- define "iam-operator.kindRules" -}}
- apiGroups: [iamoperator.dev]
  resources: [{{ join ", " . }}]
  verbs: [get, list, watch, patch, update]
- apiGroups: [iamoperator.dev]
  resources: [{{ range $i, $kind := . }}{{ if $i }}, {{ end }}{{ $kind }}/status{{ end }}]
  verbs: [get, patch, update]
- apiGroups: [iamoperator.dev]
  resources: [{{ range $i, $kind := . }}{{ if $i }}, {{ end }}{{ $kind }}/finalizers{{ end }}]
  verbs: [update]
{{- end }}

{{/*
Events are recorded with events.k8s.io/v1 (create only).
Secrets: the IamUsers' credentials (access keys, console passwords), written to Secrets the operator
creates and owns; it watches only those (by label), but RBAC cannot narrow list/watch by label, so
the verbs cover the Secrets of every namespace these rules are granted in. No patch, no
deletecollection.
*/}}
{{- define "iam-operator.eventAndSecretRules" -}}
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch, create, update, delete]
{{- end }}

{{/* Watching every namespace: the rules on all five kinds, Events and Secrets, for one ClusterRole. */}}
{{- define "iam-operator.resourceRules" -}}
{{- $kinds := concat (splitList " " (include "iam-operator.namespacedKinds" .)) (splitList " " (include "iam-operator.clusterScopedKinds" .)) -}}
{{ include "iam-operator.kindRules" $kinds }}
{{ include "iam-operator.eventAndSecretRules" . }}
{{- end }}

{{/* Watching listed namespaces: the rules a Role grants in each of them (the namespaced kinds, Events, Secrets). */}}
{{- define "iam-operator.namespacedResourceRules" -}}
{{ include "iam-operator.kindRules" (splitList " " (include "iam-operator.namespacedKinds" .)) }}
{{ include "iam-operator.eventAndSecretRules" . }}
{{- end }}

{{/* OTEL_RESOURCE_ATTRIBUTES: the pod's identity plus the user's attributes, as k=v pairs. */}}
{{- define "iam-operator.resourceAttributes" -}}
{{- $pairs := list (printf "k8s.namespace.name=%s" .Release.Namespace) "k8s.pod.name=$(POD_NAME)" (printf "iamoperator.owner_id=%s" .Values.controller.ownerId) }}
{{- range $key, $value := .Values.telemetry.resourceAttributes }}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}
