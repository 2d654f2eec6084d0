{{/*
The gateway's YAML config (docs/configuration.md), built from values. Secrets are not here: they
reach the gateway as LOGCAST_* variables from Secrets (see logcast.secretEnv).
*/}}
{{- define "logcast.config" -}}
{{- $v := .Values -}}
{{- $common := dict "security.protocol" $v.kafka.securityProtocol -}}
{{- with $v.kafka.sasl.mechanism }}{{ $_ := set $common "sasl.mechanism" . }}{{ end -}}
{{- if $v.kafka.tls.caSecret.name }}{{ $_ := set $common "ssl.truststore.type" "PEM" }}{{ end -}}
{{- if $v.kafka.tls.clientCertSecret.name }}{{ $_ := set $common "ssl.keystore.type" "PEM" }}{{ end -}}
{{- $common = merge (deepCopy $v.kafka.properties) $common -}}
{{- $auth := dict "mode" $v.auth.mode "allowMissingOrigin" $v.auth.allowMissingOrigin -}}
{{- with $v.auth.origins }}{{ $_ := set $auth "origins" . }}{{ end -}}
{{- if eq $v.auth.mode "jwt" -}}
{{- $_ := set $auth "alg" $v.auth.alg -}}
{{- $_ := set $auth "clockSkewSeconds" $v.auth.clockSkewSeconds -}}
{{- $_ := set $auth "queryParamToken" $v.auth.queryParamToken -}}
{{- with $v.auth.issuer }}{{ $_ := set $auth "issuer" . }}{{ end -}}
{{- with $v.auth.audience }}{{ $_ := set $auth "audience" . }}{{ end -}}
{{- with $v.auth.jwksUrl }}{{ $_ := set $auth "jwksUrl" . }}{{ end -}}
{{- if $v.auth.publicKeyKeys -}}
{{- $paths := list -}}
{{- range $v.auth.publicKeyKeys }}{{ $paths = append $paths (printf "/etc/logcast/jwt/%s" .) }}{{ end -}}
{{- $_ := set $auth "publicKeysPem" $paths -}}
{{- end -}}
{{- end -}}
{{- $cfg := dict
  "server" (dict "host" "0.0.0.0" "port" $v.ports.http "wsPath" $v.server.wsPath)
  "management" (dict "host" "0.0.0.0" "port" $v.ports.management)
  "kafka" (dict "bootstrapServers" $v.kafka.bootstrapServers "common" $common)
  "topics" (dict "allow" $v.topics.allow)
  "auth" $auth
  "session" (dict "store" "hazelcast" "ttlSeconds" $v.session.ttlSeconds "maxPerMember" $v.session.maxPerMember
      "maxIdempotencyKeysPerMember" $v.session.maxIdempotencyKeysPerMember)
  "hazelcast" (dict "mode" "embedded" "clusterName" $v.hazelcast.clusterName "port" (include "logcast.hazelcastPort" . | int)
      "backupCount" $v.hazelcast.backupCount "minClusterSize" $v.hazelcast.minClusterSize
      "kubernetesServiceDns" (printf "%s.%s.svc.%s" (include "logcast.hazelcastService" .) .Release.Namespace $v.clusterDomain))
  "drain" (dict "windowMs" $v.drain.windowMs "graceMs" $v.drain.graceMs) -}}
{{- with $v.limits }}{{ $_ := set $cfg "limits" (deepCopy .) }}{{ end -}}
{{- with $v.hazelcast.members }}{{ $_ := set $cfg "hazelcast" (omit (merge (dict "members" .) $cfg.hazelcast) "kubernetesServiceDns") }}{{ end -}}
{{- mustMergeOverwrite $cfg (deepCopy $v.extraConfig) | toYaml -}}
{{- end }}

{{/* LOGCAST_* variables taken from Secrets, the node id from the pod name, Hazelcast's address from the pod IP. */}}
{{- define "logcast.env" -}}
- name: LOGCAST_NODE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
# Hazelcast binds and advertises the pod IP only, not every interface (docs/security.md)
- name: LOGCAST_HAZELCAST_BIND_ADDRESS
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: LOGCAST_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.jvmOptions | quote }}
- name: MALLOC_ARENA_MAX
  value: "2"
{{- if and (eq .Values.auth.mode "jwt") (eq .Values.auth.alg "HS256") }}
- name: LOGCAST_AUTH_HS256_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "logcast.authSecret" . }}
      key: {{ .Values.auth.hs256SecretKey }}
{{- end }}
{{- with .Values.auth.adminKeySecret.name }}
- name: LOGCAST_AUTH_ADMIN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.auth.adminKeySecret.key }}
{{- end }}
{{- with .Values.kafka.sasl.jaasConfigSecret.name }}
- name: LOGCAST_KAFKA_COMMON_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.kafka.sasl.jaasConfigSecret.key }}
{{- end }}
{{- with .Values.kafka.tls.caSecret.name }}
- name: LOGCAST_KAFKA_COMMON_SSL_TRUSTSTORE_CERTIFICATES
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.kafka.tls.caSecret.key }}
{{- end }}
{{- with .Values.kafka.tls.clientCertSecret.name }}
- name: LOGCAST_KAFKA_COMMON_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.crt
- name: LOGCAST_KAFKA_COMMON_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.key
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
