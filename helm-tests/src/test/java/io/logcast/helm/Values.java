package io.logcast.helm;

/** Value sets the chart tests render. */
final class Values {
  private Values() {}

  /** Every optional part on. */
  static final String ALL_ON = """
      ingress:
        enabled: true
        tls:
          - secretName: logcast-tls
            hosts: [logcast.example.com]
      autoscaling:
        enabled: true
        connections:
          enabled: true
      podDisruptionBudget:
        enabled: true
      networkPolicy:
        enabled: true
        httpFrom:
          - namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: ingress-nginx
        managementFrom:
          - namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: monitoring
      serviceMonitor:
        enabled: true
      prometheusRule:
        enabled: true
      grafanaDashboard:
        enabled: true
      tests:
        enabled: true
        tokenSecret:
          name: logcast-probe-token
      auth:
        adminKeySecret:
          name: logcast-admin
      extraEnv:
        - name: LOGCAST_LIMITS_MAX_KEY_LENGTH
          value: "512"
      podAnnotations:
        example.com/team: realtime
      """;

  /** Managed Kafka over SASL_SSL with a private CA and a client certificate. */
  static final String KAFKA_SASL_SSL = """
      kafka:
        bootstrapServers: b-1.kafka.example.com:9096,b-2.kafka.example.com:9096
        securityProtocol: SASL_SSL
        sasl:
          mechanism: SCRAM-SHA-512
          jaasConfigSecret:
            name: kafka-credentials
        tls:
          caSecret:
            name: kafka-ca
          clientCertSecret:
            name: kafka-client-cert
        properties:
          ssl.endpoint.identification.algorithm: https
          client.dns.lookup: use_all_dns_ips
      """;

  /** RS256 with two PEM public keys from the auth Secret, browsers from one origin, limits set. */
  static final String JWT_RS256 = """
      topics:
        allow: [orders, "chat.*"]
      auth:
        mode: jwt
        alg: RS256
        existingSecret: logcast-jwt
        publicKeyKeys: [jwt-2025.pem, jwt-2026.pem]
        issuer: https://login.example.com/
        audience: [logcast]
        origins: ["https://app.example.com"]
        allowMissingOrigin: false
      limits:
        heartbeatMs: 20000
        maxConnections: 20000
        maxMessageBytes: 131072
        maxHttpBodyBytes: 4194304
      session:
        ttlSeconds: 900
      extraConfig:
        replay:
          readers: 4
      """;

  /** No authentication (a trusted network), a JWKS-less minimal set. */
  static final String AUTH_NONE = """
      auth:
        mode: none
      topics:
        allow: ["*"]
      """;

  /** What operators add to the pods: a volume, envFrom, an init container and a sidecar. */
  static final String OPERATOR_EXTRAS = """
      extraVolumes:
        - name: corp-ca
          configMap: {name: corp-ca-bundle}
      extraVolumeMounts:
        - name: corp-ca
          mountPath: /etc/ssl/corp
          readOnly: true
      envFrom:
        - secretRef: {name: logcast-env}
        - configMapRef: {name: logcast-tuning, optional: true}
      initContainers:
        - name: wait-for-kafka
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z kafka 9092; do sleep 2; done"]
      extraContainers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1
          volumeMounts:
            - {name: corp-ca, mountPath: /etc/ssl/corp, readOnly: true}
      """;

  /** Labels on every object, on the pods, and the ServiceMonitor's own (with it on). */
  static final String OPERATOR_LABELS = """
      commonLabels:
        team: realtime
        cost-center: "4711"
      podLabels:
        team: realtime-pods
        sidecar.istio.io/inject: "false"
      serviceMonitor:
        enabled: true
        labels: {release: kube-prometheus-stack, team: observability}
      """;
}
