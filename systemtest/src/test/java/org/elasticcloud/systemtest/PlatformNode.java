package org.elasticcloud.systemtest;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One platform node: the packaged application ({@code webapp/target/ecloud.jar}) in its own JVM,
 * started with the settings every node of the cluster shares plus its own port and id. It can be
 * stopped politely or killed like {@code kill -9}.
 */
final class PlatformNode {
  static final Path JAR = Path.of("..", "webapp", "target", "ecloud.jar").toAbsolutePath().normalize();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String id;
  final int port;
  final int accessPort;
  private final Map<String, String> env;
  private final List<String> args;
  private final Path log;
  private Process process;
  private int starts;

  PlatformNode(String id, int port, int accessPort, Map<String, String> env, List<String> args, Path logDir) {
    this.id = id;
    this.port = port;
    this.accessPort = accessPort;
    this.env = env;
    this.args = args;
    this.log = logDir.resolve(id + ".log");
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the JVM and waits until it is healthy. */
  void start() throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the system tests run after `mvn package` of webapp");
    }
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", JAR.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    pb.environment().put("ECLOUD_NODE_ID", id);
    pb.environment().put("ECLOUD_CONTAINER_ACCESS_PORT", Integer.toString(accessPort));
    Files.writeString(log, "==== start " + (++starts) + " at " + Instant.now() + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    process = pb.start();
    Process started = process;
    // a test JVM that dies (or is stopped) must not leave platform nodes behind
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    awaitHealthy(Duration.ofSeconds(150));
  }

  private void awaitHealthy(Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + id + " exited with " + process.exitValue() + ": see " + log);
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250); // polling the health endpoint: the only signal a starting JVM gives
    }
    throw new IllegalStateException("node " + id + " not healthy after " + within + ": see " + log);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, ZooKeeper's session is left to time out. */
  void kill9() throws InterruptedException {
    if (alive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGTERM, the graceful way out. */
  void stop() throws InterruptedException {
    if (alive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }

  long pid() {
    return process.pid();
  }

  File log() {
    return log.toFile();
  }
}
