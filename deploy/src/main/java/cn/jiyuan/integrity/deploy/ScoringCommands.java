package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.scoring.ScoringApplication;
import cn.jiyuan.integrity.scoring.replay.Commands;
import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code run.sh replay …} and {@code run.sh checksum …} against the running local stack: the scoring service's own
 * tools, pointed at the stack's broker and PostgreSQL (the defaults of {@link LocalStack.Options}; override with
 * {@code --kafka-port=} and {@code --postgres-port=}, or INTEGRITY_KAFKA_BOOTSTRAP and INTEGRITY_JDBC_URL).
 */
final class ScoringCommands {

    private ScoringCommands() {}

    static int run(String[] args) {
        int kafkaPort = 9092;
        int postgresPort = 54329;
        List<String> passed = new ArrayList<>();
        passed.add(args[0]);
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (arg.startsWith("--kafka-port=")) {
                kafkaPort = Integer.parseInt(arg.substring("--kafka-port=".length()));
            } else if (arg.startsWith("--postgres-port=")) {
                postgresPort = Integer.parseInt(arg.substring("--postgres-port=".length()));
            } else {
                passed.add(arg);
            }
        }
        String jdbc = System.getenv()
                .getOrDefault("INTEGRITY_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres");
        List<String> all = new ArrayList<>(List.of(
                "--" + IntegritySecurityConfiguration.LOCAL_MODE + "=true",
                "--logging.level.org.apache.kafka=WARN",
                "--spring.kafka.bootstrap-servers="
                        + System.getenv().getOrDefault("INTEGRITY_KAFKA_BOOTSTRAP", "127.0.0.1:" + kafkaPort),
                "--spring.r2dbc.url=" + jdbc.replaceFirst("^jdbc:", "r2dbc:"),
                "--spring.flyway.url=" + jdbc));
        all.addAll(0, passed);
        return Commands.run(ScoringApplication.class, all.toArray(String[]::new));
    }
}
