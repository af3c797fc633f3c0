package cn.jiyuan.integrity.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The options of {@code run.sh cluster}: where its data lives, how many brokers and instances, which ports. */
record ClusterOptions(Path dataDir, boolean fresh, int brokers, int instances, int basePort, List<String> services) {

    static final String USAGE = """
            usage: run.sh cluster [--brokers=3] [--instances=2] [--base-port=19000] [--data-dir=data-cluster] [--fresh]
                                  [--services=ingest,scoring,objection,query,console]   (a subset)
              ports: Kafka base+1…, its controllers base+11…, PostgreSQL base+20, ingest base+100…, scoring base+110…,
                     objection base+120…, query base+130…, the console base+140""";

    static ClusterOptions parse(String... args) {
        Path dataDir = Path.of("data-cluster");
        boolean fresh = false;
        int brokers = 3;
        int instances = 2;
        int basePort = 19000;
        List<String> services = List.of("ingest", "scoring", "objection", "query", "console");
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--fresh" -> fresh = true;
                case "--brokers" -> brokers = Integer.parseInt(value);
                case "--instances" -> instances = Integer.parseInt(value);
                case "--base-port" -> basePort = Integer.parseInt(value);
                case "--services" -> services = List.of(value.split(","));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (brokers < 1 || brokers > 9 || instances < 1 || instances > 9) {
            throw new IllegalArgumentException("--brokers and --instances are 1 to 9\n" + USAGE);
        }
        if (services.contains("console") && !services.containsAll(List.of("ingest", "objection", "query"))) {
            throw new IllegalArgumentException("the console needs ingest, objection and query\n" + USAGE);
        }
        return new ClusterOptions(dataDir, fresh, brokers, instances, basePort, services);
    }

    List<LocalKafka.Node> nodes() {
        List<LocalKafka.Node> nodes = new ArrayList<>();
        for (int i = 1; i <= brokers; i++) {
            nodes.add(new LocalKafka.Node(i, basePort + i, basePort + 10 + i));
        }
        return nodes;
    }

    String bootstrap() {
        return nodes().stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }
}
