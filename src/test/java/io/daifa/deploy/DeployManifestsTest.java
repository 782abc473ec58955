package io.daifa.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes/} read into the Kubernetes API's own model
 * classes (fabric8): every document of a built-in kind must map onto its schema with no field left
 * over (a misspelt or misplaced field is an error here, where {@code kubectl apply} would drop it
 * or refuse it), and the parts that must agree with the router (labels the bootstrap discovers,
 * port names, probes, the configuration file) do.
 */
class DeployManifestsTest {

  private static final Path MANIFESTS = Path.of("deploy/kubernetes");

  private final KubernetesSerialization kubernetes = new KubernetesSerialization();

  private List<HasMetadata> all() throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          Object parsed = kubernetes.unmarshal(in);
          if (parsed instanceof List<?> list) {
            list.forEach(r -> resources.add((HasMetadata) r));
          } else if (parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
            resources.addAll(list.getItems());
          } else {
            resources.add((HasMetadata) parsed);
          }
        }
      }
    }
    return resources;
  }

  private <T> T only(List<HasMetadata> resources, Class<T> kind, String name) {
    List<T> found =
        resources.stream()
            .filter(kind::isInstance)
            .filter(r -> r.getMetadata().getName().equals(name))
            .map(kind::cast)
            .toList();
    assertEquals(1, found.size(), kind.getSimpleName() + " " + name);
    return found.get(0);
  }

  @Test
  void everyBuiltInResourceMatchesItsSchemaWithNoFieldLeftOver() throws IOException {
    List<HasMetadata> resources = all();
    assertTrue(resources.size() >= 9, "resources found: " + resources.size());
    for (HasMetadata resource : resources) {
      String what = resource.getKind() + " " + resource.getMetadata().getName();
      if (resource instanceof GenericKubernetesResource generic) {
        // Custom resources (the Prometheus Operator's ServiceMonitor, Strimzi's Kafka) have no
        // schema here.
        assertTrue(
            Set.of("monitoring.coreos.com/v1", "kafka.strimzi.io/v1beta2")
                .contains(generic.getApiVersion()),
            what + ": " + generic.getApiVersion());
        continue;
      }
      List<String> leftOver = new ArrayList<>();
      leftOvers(resource, what, leftOver, new IdentityHashMap<>());
      assertEquals(List.of(), leftOver, "fields outside the schema of " + what);
    }
  }

  @Test
  void theRoutersFindEachOtherAndAreProbedWhereTheRouterAnswers() throws IOException {
    List<HasMetadata> resources = all();
    Deployment deployment = only(resources, Deployment.class, "daifa");
    Container router = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = env(router);
    // Cluster Bootstrap lists the pods labelled app=<service name> (pod-label-selector app=%s).
    assertEquals("kubernetes-api", env.get("DAIFA_CLUSTER_BOOTSTRAP"));
    assertEquals(
        env.get("DAIFA_SERVICE_NAME"),
        deployment.getSpec().getTemplate().getMetadata().getLabels().get("app"));
    Set<String> ports = Set.copyOf(router.getPorts().stream().map(ContainerPort::getName).toList());
    assertTrue(ports.contains(env.get("PEKKO_CLUSTER_BOOTSTRAP_PORT_NAME")), ports.toString());
    assertTrue(
        Files.isRegularFile(Path.of(env.get("DAIFA_CONFIG_FILE").replace("/opt/daifa/", ""))));
    assertEquals("/ready", router.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/health", router.getLivenessProbe().getHttpGet().getPath());
    String openApi = Files.readString(Path.of("src/main/resources/openapi.yaml"));
    assertTrue(openApi.contains("  /ready:") && openApi.contains("  /health:"));
    assertEquals("daifa", deployment.getSpec().getTemplate().getSpec().getServiceAccountName());

    Role role = only(resources, Role.class, "daifa-pod-reader");
    assertTrue(role.getRules().get(0).getResources().contains("pods"));
    assertTrue(role.getRules().get(0).getVerbs().contains("list"));

    PodDisruptionBudget budget = only(resources, PodDisruptionBudget.class, "daifa");
    assertEquals(
        deployment.getSpec().getSelector().getMatchLabels(),
        budget.getSpec().getSelector().getMatchLabels());

    Service service = only(resources, Service.class, "daifa");
    GenericKubernetesResource monitor = only(resources, GenericKubernetesResource.class, "daifa");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>)
            ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
    String scraped = (String) endpoints.get(0).get("port");
    assertTrue(
        service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(scraped)),
        "the ServiceMonitor scrapes a port of the Service");
    assertEquals("/metrics", endpoints.get(0).get("path"));
  }

  /**
   * The routers read the Strimzi cluster's bootstrap service on its plain listener, and their
   * topics (the defaults of daifa.kafka) are Strimzi topics with a partition for every router.
   */
  @Test
  void theRoutersConsumeTheStrimziClustersTopics() throws IOException {
    List<HasMetadata> resources = all();
    Deployment deployment = only(resources, Deployment.class, "daifa");
    Map<String, String> env =
        env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
    GenericKubernetesResource kafka =
        only(resources, GenericKubernetesResource.class, "daifa-kafka");
    assertEquals("Kafka", kafka.getKind());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listeners =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    ((Map<String, Object>) kafka.getAdditionalProperties().get("spec"))
                        .get("kafka"))
                .get("listeners");
    Map<String, Object> plain = listeners.get(0);
    assertEquals(false, plain.get("tls"));
    assertEquals(
        "daifa-kafka-kafka-bootstrap:" + plain.get("port"), env.get("DAIFA_KAFKA_BOOTSTRAP"));
    assertEquals("off", env.get("DAIFA_KAFKA_CREATE_TOPICS"));

    var defaults =
        io.daifa.kafka.KafkaSettings.fromConfig(
            io.daifa.app.DaifaConfig.load(Map.of()).getConfig("daifa"));
    int routers = deployment.getSpec().getReplicas();
    for (String topic : List.of(defaults.ordersTopic(), defaults.resultsTopic())) {
      Map<String, Object> spec =
          resources.stream()
              .filter(r -> r.getKind().equals("KafkaTopic"))
              .map(r -> ((GenericKubernetesResource) r).getAdditionalProperties())
              .map(
                  p -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) p.get("spec");
                    return s;
                  })
              .filter(s -> topic.equals(s.get("topicName")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no KafkaTopic for " + topic));
      assertTrue(((Number) spec.get("partitions")).intValue() >= routers, topic);
      assertEquals(3, ((Number) spec.get("replicas")).intValue(), topic);
    }
  }

  @Test
  void theRoutersCassandraContactPointsAreTheStatefulSetsPods() throws IOException {
    List<HasMetadata> resources = all();
    StatefulSet cassandra = only(resources, StatefulSet.class, "cassandra");
    Container router =
        only(resources, Deployment.class, "daifa")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    String contactPoints = env(router).get("DAIFA_CASSANDRA_CONTACT_POINTS");
    for (int i = 0; i < cassandra.getSpec().getReplicas(); i++) {
      assertTrue(
          contactPoints.contains("cassandra-" + i + "." + cassandra.getSpec().getServiceName()),
          contactPoints);
    }
    assertEquals(3, cassandra.getSpec().getReplicas(), "replication factor 3 needs three nodes");
    String production = Files.readString(Path.of("conf/production.conf"));
    assertTrue(production.contains("'datacenter1': 3"), "the keyspace is replicated three times");
    assertFalse(
        env(cassandra.getSpec().getTemplate().getSpec().getContainers().get(0))
            .getOrDefault("CASSANDRA_DC", "")
            .isEmpty());
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new java.util.HashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(
          var.getName(),
          var.getValue() != null ? var.getValue() : "<from " + var.getValueFrom() + ">");
    }
    return env;
  }

  /** Walks the model objects and collects every field the schema did not know. */
  private static void leftOvers(
      Object node, String path, List<String> into, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        leftOvers(item, path + "[" + i++ + "]", into, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> leftOvers(v, path + "." + k, into, seen));
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object value = getter.invoke(node);
        if (getter.getName().equals("getAdditionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            into.add(path + ": " + extra.keySet());
          }
        } else {
          leftOvers(value, path + "." + getter.getName().substring(3), into, seen);
        }
      } catch (ReflectiveOperationException e) {
        into.add(path + ": cannot read " + getter.getName());
      }
    }
  }
}
