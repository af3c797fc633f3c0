package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 17 §3: the production files cannot run here (no container engine, no Kubernetes), so what can be checked is
 * checked: every file parses; the Kafka topics and users are the code's; every variable a Deployment or the compose
 * file sets is one a service reads; ports and probe paths are the services'; the image runs the layered jar as a
 * user who is not root. deploy/README.md says what was and was not run.
 */
class ProductionManifestsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("user.dir"));
    private static final Path K8S = DEPLOY.resolve("k8s");
    private static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
    private static final Path ROOT = DEPLOY.getParent();

    /** The services: the module, its default port, and its own configuration file. */
    private record Service(String name, int port, String configFile) {}

    private static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8081, "ingest-service/src/main/resources/ingest-service.yml"),
            new Service("scoring-service", 8082, "scoring-service/src/main/resources/scoring-service.yml"),
            new Service("objection-service", 8083, "objection-service/src/main/resources/objection-service.yml"),
            new Service("query-service", 8084, "query-service/src/main/resources/query-service.yml"),
            new Service("console", 8080, "console/src/main/resources/console.yml"));

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (d != null) {
                    all.add(map(d));
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static Object at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = n == null ? null : map(n).get(p);
        }
        return n;
    }

    private static List<Map<String, Object>> k8s() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object file :
                list(documents(K8S.resolve("kustomization.yaml")).get(0).get("resources"))) {
            all.addAll(documents(K8S.resolve((String) file)));
        }
        return all;
    }

    private static List<Map<String, Object>> kind(String kind) throws IOException {
        return k8s().stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    @Test
    void everyFileParsesAndKustomizeListsEveryManifest() throws IOException {
        Set<String> listed = new TreeSet<>();
        list(documents(K8S.resolve("kustomization.yaml")).get(0).get("resources"))
                .forEach(r -> listed.add((String) r));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(K8S)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertThat(listed).isEqualTo(present);
        assertThat(k8s()).allSatisfy(d -> assertThat(d).containsKeys("apiVersion", "kind", "metadata"));
        assertThat(documents(COMPOSE).get(0)).containsKey("services");
    }

    @Test
    void theKafkaTopicsAndUsersAreWhatTheCodeDeclares() throws IOException {
        if (Boolean.getBoolean("integrity.manifests.write")) {
            ProductionManifests.write(K8S);
        }
        assertThat(Files.readString(K8S.resolve("kafka-topics.yaml")))
                .as("deploy/k8s/kafka-topics.yaml is written from IntegrityTopics: run this test with"
                        + " -Dintegrity.manifests.write=true")
                .isEqualTo(ProductionManifests.topics());
        assertThat(Files.readString(K8S.resolve("kafka-users.yaml")))
                .as("deploy/k8s/kafka-users.yaml is written from KafkaAccess: run this test with"
                        + " -Dintegrity.manifests.write=true")
                .isEqualTo(ProductionManifests.users());

        // and read back as Kubernetes will: every topic and dead-letter topic, three replicas, two in sync
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        kind("KafkaTopic").forEach(t -> topics.put((String) at(t, "spec", "topicName"), t));
        Set<String> declared = new TreeSet<>();
        for (Topic t : IntegrityTopics.ALL) {
            declared.add(t.name());
            declared.add(t.deadLetterTopic());
            assertThat(at(topics.get(t.name()), "spec", "partitions")).isEqualTo(t.partitions());
        }
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(topics.values()).allSatisfy(t -> {
            assertThat(at(t, "spec", "replicas")).isEqualTo(3);
            assertThat(at(t, "spec", "config", "min.insync.replicas")).isEqualTo("2");
            assertThat((String) at(t, "metadata", "name")).matches("[a-z0-9.-]+");
        });
        // every ACL of KafkaAccess, for a user named after the service's principal, and no other
        Set<String> acls = new TreeSet<>();
        for (Map<String, Object> user : kind("KafkaUser")) {
            for (Object acl : list(at(user, "spec", "authorization", "acls"))) {
                for (Object op : list(at(acl, "operations"))) {
                    acls.add("User:" + at(user, "metadata", "name") + " " + at(acl, "resource", "type") + " "
                            + at(acl, "resource", "patternType") + " " + at(acl, "resource", "name") + " " + op);
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        KafkaAccess.bindings(ProductionManifests.PRINCIPALS)
                .forEach(b -> expected.add(b.entry().principal() + " "
                        + b.pattern().resourceType().name().toLowerCase(Locale.ROOT) + " "
                        + b.pattern().patternType().name().toLowerCase(Locale.ROOT) + " "
                        + b.pattern().name() + " "
                        + ProductionManifests.strimzi(b.entry().operation().name())));
        assertThat(acls).isEqualTo(expected);
    }

    @Test
    void everyVariableADeploymentSetsIsOneItsServiceReads() throws IOException {
        Map<String, Object> config = map(at(kind("ConfigMap").get(0), "data"));
        for (Map<String, Object> deployment : kind("Deployment")) {
            String name = (String) at(deployment, "metadata", "name");
            Service service = service(name);
            Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec", "containers"))
                    .get(0));
            Set<String> set = new TreeSet<>();
            list(container.get("env")).forEach(e -> set.add((String) at(e, "name")));
            if (!list(container.get("envFrom")).isEmpty()) {
                set.addAll(config.keySet());
            }
            assertThat(set)
                    .as(name)
                    .allSatisfy(v -> assertThat(reads(service, v))
                            .as(name + " reads " + v)
                            .isTrue());
        }
    }

    @Test
    void everyVariableTheComposeFileSetsIsOneItsServiceReads() throws IOException {
        Map<String, Object> services = map(documents(COMPOSE).get(0).get("services"));
        for (Service service : SERVICES) {
            Map<String, Object> env = map(at(services.get(service.name()), "environment"));
            assertThat(env.keySet())
                    .as(service.name())
                    .allSatisfy(v -> assertThat(reads(service, v))
                            .as(service.name() + " reads " + v)
                            .isTrue());
            assertThat(list(at(services.get(service.name()), "ports")).get(0).toString())
                    .endsWith(":" + service.port());
            assertThat(at(services.get(service.name()), "build", "args", "SERVICE"))
                    .isEqualTo(service.name());
            assertThat(at(services.get(service.name()), "build", "args", "PORT"))
                    .isEqualTo(String.valueOf(service.port()));
        }
        // three brokers, three replicas per partition for the topics the services create
        assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "postgres");
        assertThat(at(services.get("query-service"), "environment", "INTEGRITY_KAFKA_REPLICATION_FACTOR"))
                .isEqualTo("3");
        assertThat(at(services.get("scoring-service"), "deploy", "replicas")).isEqualTo(2);
    }

    @Test
    void portsProbesAndScalingAreTheServices() throws IOException {
        for (Map<String, Object> deployment : kind("Deployment")) {
            String name = (String) at(deployment, "metadata", "name");
            Service service = service(name);
            Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            assertThat(at(list(container.get("ports")).get(0), "containerPort")).isEqualTo(service.port());
            assertThat(servicePort(service)).as(service.configFile()).isEqualTo(service.port());
            // Boot's probe groups, switched on for every service (integrity-defaults, console.yml)
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "resources", "requests")).isNotNull();
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
        }
        assertThat(Files.readString(ROOT.resolve("service-support/src/main/resources/integrity-defaults.properties")))
                .contains("management.endpoint.health.probes.enabled=true");
        assertThat(kind("Deployment"))
                .extracting(d -> at(d, "metadata", "name"))
                .containsExactlyInAnyOrderElementsOf(
                        SERVICES.stream().map(Service::name).toList());
        // a consumer instance beyond the partition count would sit idle
        assertThat(kind("HorizontalPodAutoscaler"))
                .hasSize(SERVICES.size())
                .allSatisfy(h -> assertThat(at(h, "spec", "maxReplicas")).isEqualTo(IntegrityTopics.PARTITIONS));
        assertThat(kind("PodDisruptionBudget")).hasSize(SERVICES.size());
        assertThat(kind("Service").stream()
                        .map(s -> at(list(at(s, "spec", "ports")).get(0), "port")))
                .containsExactlyInAnyOrderElementsOf(
                        SERVICES.stream().map(s -> (Object) s.port()).toList());
    }

    @Test
    void everySecretADeploymentUsesIsMadeByAnOperatorOrListedInTheReadme() throws IOException {
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        Set<String> users = new HashSet<>();
        kind("KafkaUser").forEach(u -> users.add((String) at(u, "metadata", "name")));
        for (Map<String, Object> deployment : kind("Deployment")) {
            Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
            List<String> secrets = new ArrayList<>();
            for (Object e : list(at(list(pod.get("containers")).get(0), "env"))) {
                Object name = at(e, "valueFrom", "secretKeyRef", "name");
                if (name != null) {
                    secrets.add((String) name);
                }
            }
            for (Object v : list(pod.get("volumes"))) {
                Object name = at(v, "secret", "secretName");
                if (name != null) {
                    secrets.add((String) name);
                }
            }
            assertThat(secrets)
                    .allSatisfy(s -> assertThat(users.contains(s) // Strimzi's User Operator writes one per KafkaUser
                                    || s.equals("integrity-postgres-app") // CloudNativePG's
                                    || s.equals("integrity-cluster-ca-cert") // Strimzi's cluster CA
                                    || readme.contains("`" + s + "`"))
                            .as(s)
                            .isTrue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "console"})
    void theImageRunsTheLayeredJarAsAUserWhoIsNotRoot(String module) throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile)
                .contains("-Djarmode=tools -jar app.jar extract --layers --launcher")
                .contains("USER 10001")
                .contains("HEALTHCHECK")
                .contains("/actuator/health/liveness")
                .contains("org.springframework.boot.loader.launch.JarLauncher");
        // the jar it copies is the module's layered exec jar, the four layers it copies are the jar's
        Path target = ROOT.resolve(module).resolve("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String layers = new String(
                    zip.getInputStream(zip.getEntry("BOOT-INF/layers.idx")).readAllBytes(), StandardCharsets.UTF_8);
            for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
                assertThat(layers).contains("- \"" + layer + "\":");
                assertThat(dockerfile).contains("/build/extracted/" + layer + "/");
            }
        }
    }

    private static Service service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The port in the service's own file: {@code port: ${X_PORT:8081}}. */
    private static int servicePort(Service service) throws IOException {
        Matcher m = Pattern.compile("port: \\$\\{[A-Z_]+:(\\d+)}")
                .matcher(Files.readString(ROOT.resolve(service.configFile())));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * Whether the service reads {@code variable}: a placeholder of its configuration files, or (Boot's relaxed
     * binding: {@code SPRING_KAFKA_SSL_TRUST_STORE_LOCATION} is {@code spring.kafka.ssl.trust-store-location}) a
     * property Spring Boot's metadata declares, or a key of one of its map properties.
     */
    private static boolean reads(Service service, String variable) {
        try {
            Set<String> placeholders = placeholders(service);
            if (placeholders.contains(variable)) {
                return true;
            }
            String flat = variable.toLowerCase(Locale.ROOT).replace("_", "");
            for (Map.Entry<String, Boolean> p : bootProperties().entrySet()) {
                String key = p.getKey().replace(".", "").replace("-", "");
                if (flat.equals(key) || (p.getValue() && flat.startsWith(key))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> placeholders(Service service) throws IOException {
        Set<String> names = new HashSet<>();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve(service.configFile())));
        if (!service.name().equals("console")) {
            files.add(ROOT.resolve("service-support/src/main/resources/integrity-defaults.properties"));
        }
        for (Path f : files) {
            Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(f));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Map<String, Boolean> bootPropertiesCache;

    /** Every property Spring Boot's modules declare (name → whether it is a map that takes any key below it). */
    private static synchronized Map<String, Boolean> bootProperties() throws IOException {
        if (bootPropertiesCache == null) {
            Map<String, Boolean> all = new LinkedHashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (URL url : Collections.list(ProductionManifestsTest.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    JsonNode root = json.readTree(in);
                    for (JsonNode p : root.path("properties")) {
                        String type = p.path("type").asString("");
                        all.put(p.path("name").asString(), type.startsWith("java.util.Map"));
                    }
                }
            }
            bootPropertiesCache = all;
        }
        return bootPropertiesCache;
    }
}
