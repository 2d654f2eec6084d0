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
}
