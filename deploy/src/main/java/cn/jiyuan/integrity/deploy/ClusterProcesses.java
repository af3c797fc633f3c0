package cn.jiyuan.integrity.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes of the cluster mode: each part (a broker {@code kafka-1}…, a service instance {@code ingest-0}…, the
 * console) started in a JVM of its own on this launcher's classpath, its output appended to {@code logs/NAME.log};
 * killed and started again with the same command; stopped tier by tier.
 */
final class ClusterProcesses {

    /** How a part was started, to start it again after a fault. */
    private record Part(String name, Class<?> main, List<String> jvm, List<String> args, Map<String, String> env) {}

    private final Path logs;
    private final Map<String, Part> specs = new LinkedHashMap<>();
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    ClusterProcesses(Path logs) {
        this.logs = logs;
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** Every part's process now, by name, in start order. */
    Map<String, Process> parts() {
        Map<String, Process> named = new LinkedHashMap<>();
        specs.keySet().forEach(n -> named.put(n, running.get(n)));
        return named;
    }

    /**
     * Starts {@code main} as the part {@code name}; {@code environment} is added to its own (secrets go there, which
     * only its owner can read, not on the command line, which anyone can).
     */
    Process launch(String name, Class<?> main, List<String> jvm, List<String> args, Map<String, String> environment) {
        List<String> command = javaCommand(main, jvm);
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
            builder.environment().putAll(environment);
            Process p = builder.start();
            specs.putIfAbsent(name, new Part(name, main, jvm, args, environment));
            running.put(name, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Kills the part at once (SIGKILL), as a crash would. */
    void kill(String name) throws InterruptedException {
        running.get(name).destroyForcibly().waitFor();
    }

    /** Starts a part again with the command it was first started with. */
    void relaunch(String name) {
        Part part = specs.get(name);
        launch(part.name(), part.main(), part.jvm(), part.args(), part.env());
    }

    /** Stops the console and the services together, then the brokers together: each tier 30 s, then killed. */
    void stopAll() {
        List<Process> services = new ArrayList<>();
        List<Process> brokers = new ArrayList<>();
        running.forEach((name, p) -> (name.startsWith("kafka-") ? brokers : services).add(p));
        stop(services);
        stop(brokers);
        running.clear();
    }

    /** {@code java … main} on this launcher's classpath, ready for the main class's arguments. */
    static List<String> javaCommand(Class<?> main, List<String> jvm) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        String classpath = System.getProperty("java.class.path");
        if (classpath.endsWith(".jar") && !classpath.contains(File.pathSeparator)) {
            // the launcher's own fat jar: Boot's PropertiesLauncher starts another main class from it
            command.addAll(List.of(
                    "-Dloader.main=" + main.getName(),
                    "-cp",
                    classpath,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classpath, main.getName()));
        }
        return command;
    }

    private static void stop(List<Process> tier) {
        tier.forEach(Process::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (Process p : tier) {
            try {
                long left =
                        Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                if (!p.waitFor(left, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
