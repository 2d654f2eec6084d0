package io.logcast.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;

/**
 * Strict parsing of rendered documents into fabric8's Kubernetes API model: a field the API does
 * not define fails (the model's catch-all "additionalProperties" is switched off), and so does a
 * scalar of the wrong type (a number where the API wants a string, as the API server would).
 */
final class KubeModel {
  /** Every kind the chart may render, with the model class of its apiVersion. */
  static final List<Class<? extends HasMetadata>> KINDS = List.of(ConfigMap.class, Service.class,
      ServiceAccount.class, Pod.class, Deployment.class, Ingress.class, NetworkPolicy.class,
      HorizontalPodAutoscaler.class, PodDisruptionBudget.class, ServiceMonitor.class, PrometheusRule.class);

  static final ObjectMapper STRICT = strict();

  private KubeModel() {}

  static HasMetadata parse(JsonNode doc) {
    String kind = doc.path("kind").asText();
    String apiVersion = doc.path("apiVersion").asText();
    Class<? extends HasMetadata> type = KINDS.stream()
        .filter(k -> HasMetadata.getKind(k).equals(kind) && HasMetadata.getApiVersion(k).equals(apiVersion))
        .findFirst()
        .orElseThrow(() -> new AssertionError("unexpected kind " + apiVersion + " " + kind));
    try {
      return STRICT.treeToValue(doc, type);
    } catch (Exception e) {
      throw new AssertionError(kind + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper strict() {
    JsonMapper m = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .annotationIntrospector(new JacksonAnnotationIntrospector() {
          @Override
          public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE; // fabric8 would otherwise keep unknown fields in additionalProperties
          }
        })
        .build();
    for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return m;
  }
}
