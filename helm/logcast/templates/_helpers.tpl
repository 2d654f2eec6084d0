{{/* Names and labels, as `helm create` makes them. */}}
{{- define "logcast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "logcast.fullname" -}}
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

{{- define "logcast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "logcast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "logcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "logcast.labels" -}}
{{ include "logcast.labelsWith" (dict "ctx" .) }}
{{- end }}

{{/*
The chart's labels, then commonLabels merged with the object's own (extra wins). The chart's keys
are never overridden: selectors and `helm upgrade` rely on them.
*/}}
{{- define "logcast.labelsWith" -}}
{{- $ctx := .ctx -}}
helm.sh/chart: {{ include "logcast.chart" $ctx }}
{{ include "logcast.selectorLabels" $ctx }}
app.kubernetes.io/version: {{ $ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- $more := merge (deepCopy (default dict .extra)) (deepCopy (default dict $ctx.Values.commonLabels)) }}
{{- with omit $more "helm.sh/chart" "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "logcast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "logcast.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "logcast.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The headless service the Hazelcast members find each other through (DNS lookup). */}}
{{- define "logcast.hazelcastService" -}}
{{- printf "%s-hazelcast" (include "logcast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "logcast.managementService" -}}
{{- printf "%s-management" (include "logcast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "logcast.authSecret" -}}
{{- default (printf "%s-auth" (include "logcast.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{/* Settings that must agree with each other; a clear message instead of a pod that never drains in time. */}}
{{- define "logcast.checks" -}}
{{- $graceS := div (int .Values.drain.graceMs) 1000 | int }}
{{- if le (int .Values.terminationGracePeriodSeconds) (add (int .Values.preStopSleepSeconds) $graceS | int) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be more than preStopSleepSeconds (%d) + drain.graceMs (%d s): Kubernetes would kill the gateway mid-drain" (int .Values.terminationGracePeriodSeconds) (int .Values.preStopSleepSeconds) $graceS) }}
{{- end }}
{{- if ge (int .Values.drain.windowMs) (int .Values.drain.graceMs) }}
{{- fail (printf "drain.windowMs (%d) must be less than drain.graceMs (%d)" (int .Values.drain.windowMs) (int .Values.drain.graceMs)) }}
{{- end }}
{{- $heartbeatMs := int (default 25000 .Values.limits.heartbeatMs) }}
{{- if and .Values.ingress.enabled (le (mul (int .Values.ingress.timeoutSeconds) 1000 | int) $heartbeatMs) }}
{{- fail (printf "ingress.timeoutSeconds (%d) must be longer than the heartbeat (limits.heartbeatMs %d): the ingress would cut idle but healthy WebSockets" (int .Values.ingress.timeoutSeconds) $heartbeatMs) }}
{{- end }}
{{- end }}

{{/*
Hazelcast's port: fixed, each pod has its own network namespace. Its Kubernetes DNS discovery
tries 5701-5703 on every address it resolves, so another port would not be found.
*/}}
{{- define "logcast.hazelcastPort" -}}
{{ .Values.hazelcast.port | default 5701 | int }}
{{- end }}

{{/* A number as Prometheus reads it: 1000, not 1e+03 (Helm holds numeric values as float64). */}}
{{- define "logcast.number" -}}
{{- $v := float64 . -}}
{{- if eq $v (floor $v) }}{{ int64 $v }}{{ else }}{{ $v }}{{ end }}
{{- end }}
