package org.elasticcloud.core.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of a test's own, beside the lab's d1-d3, that the test may stop and start: a
 * simulated host that goes down and comes back. Engine {@code n} (default 7, env
 * {@code ECLOUD_PRIVATE_ENGINE}) lives in {@code /run/ecloud-private/d<n>} (socket, pidfile, exec
 * root) and {@code /var/tmp/ecloud-private/d<n>} (data root, log), with the lab's engine flags
 * (lab/docker-engines.sh: no bridge, no iptables, cgroupfs under {@code /private-d<n>}) and
 * {@code live-restore}: its containers keep running while it is stopped, like those of a host
 * whose engine became unreachable while the host itself lived on.
 *
 * <p>Only the engine this class started is ever stopped (by its process handle, or a previous
 * run's by the pid in its own pidfile); {@link #close()} removes every container on it first.
 * Needs root and Debian's {@code docker.io}; the image {@code ecloud/os:1} comes from the lab's
 * tarball ({@code $ECLOUD_LAB_DIR/images/ecloud-os-1.tar}, made by lab/images.sh).
 */
public final class PrivateDockerEngine implements AutoCloseable {
  public static final String IMAGE = "ecloud/os:1";
  private final int number;
  private final Path run;
  private final Path data;
  private final boolean liveRestore;
  private Process process;

  public PrivateDockerEngine() {
    this(Integer.parseInt(System.getenv().getOrDefault("ECLOUD_PRIVATE_ENGINE", "7")));
  }

  public PrivateDockerEngine(int number) {
    this(number, true);
  }

  /**
   * @param liveRestore true: its containers keep running while it is stopped (a host whose engine
   *     became unreachable); false: stopping it stops them too (a host that died: nothing of it serves)
   */
  public PrivateDockerEngine(int number, boolean liveRestore) {
    this.number = number;
    this.liveRestore = liveRestore;
    this.run = Path.of("/run/ecloud-private/d" + number);
    this.data = Path.of("/var/tmp/ecloud-private/d" + number);
  }

  /** {@code unix:///run/ecloud-private/d<n>/docker.sock}. */
  public String endpoint() {
    return "unix://" + socket();
  }

  private Path socket() {
    return run.resolve("docker.sock");
  }

  private Path pidfile() {
    return run.resolve("docker.pid");
  }

  /** Starts the engine and waits until it answers; the image is put on it the first time. */
  public synchronized PrivateDockerEngine start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      stopLeftoverOfAPreviousRun();
      Files.createDirectories(run.resolve("exec"));
      Files.createDirectories(data.resolve("data"));
      Files.writeString(data.resolve("daemon.json"), "{\n  \"deprecated-key-path\": \"" + data.resolve("key.json")
          + "\",\n  \"live-restore\": " + liveRestore + "\n}\n");
      Files.deleteIfExists(socket());
      List<String> cmd = List.of("dockerd", "--config-file", data.resolve("daemon.json").toString(),
          "-H", endpoint(), "--data-root", data.resolve("data").toString(), "--exec-root", run.resolve("exec").toString(),
          "--pidfile", pidfile().toString(), "--label", "ecloud.lab.host=private-d" + number,
          "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--ip-forward=false",
          "--userland-proxy=false", "--default-address-pool", "base=10.211." + (16 * number) + ".0/20,size=24",
          "--exec-opt", "native.cgroupdriver=cgroupfs", "--cgroup-parent=/private-d" + number);
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("dockerd.log").toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start dockerd for private engine d" + number, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("private engine d" + number + " did not answer; see " + data.resolve("dockerd.log"));
      }
      pause(100);
    }
    if (!cli("image", "inspect", IMAGE).ok()) {
      importImage();
    }
    return this;
  }

  /**
   * Puts the engine on the lab's L2 segment the way lab/network.sh puts d1-d3 there: a macvlan
   * network {@code name} on the bridge {@code parent} (lab0), so that its containers reach, and are
   * reached from, the lab's engines and the host's shim with their own IPs. Idempotent; the engine
   * keeps the network across restarts (lab0 must exist when it starts).
   */
  public PrivateDockerEngine joinLabNetwork(String name, String subnet, String gateway, String ipRange, String parent) {
    if (cli("network", "inspect", name).ok()) {
      return this;
    }
    Result r = cli("network", "create", "-d", "macvlan", "--subnet", subnet, "--gateway", gateway, "--ip-range", ipRange,
        "-o", "parent=" + parent, "-o", "macvlan_mode=bridge", "--label", "ecloud.lab=network", name);
    if (!r.ok()) {
      throw new IllegalStateException("creating network " + name + " on d" + number + " failed: " + r.output());
    }
    return this;
  }

  /** Pulls {@code registry/image} and tags it {@code image}, unless the engine has it already. */
  public PrivateDockerEngine pullImage(String registry, String image) {
    if (cli("image", "inspect", image).ok()) {
      return this;
    }
    Result r = cli("pull", registry + "/" + image);
    if (!r.ok() || !cli("tag", registry + "/" + image, image).ok()) {
      throw new IllegalStateException("pulling " + image + " from " + registry + " into d" + number + " failed: "
          + r.output());
    }
    return this;
  }

  /** Stops the engine (SIGTERM, then SIGKILL after 40 s); with live-restore its containers keep running. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** Whether {@code GET /_ping} answers OK within a second. */
  public boolean answers() {
    if (!Files.exists(socket())) {
      return false;
    }
    CompletableFuture<Boolean> ping = CompletableFuture.supplyAsync(() -> {
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket()));
        ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (ch.read(buf) > 0) {
          out.write(buf.array(), 0, buf.position());
          buf.clear();
        }
        return out.toString(StandardCharsets.US_ASCII).endsWith("OK");
      } catch (IOException e) {
        return false;
      }
    });
    try {
      return ping.get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      ping.cancel(true);
      return false;
    }
  }

  /** Runs the docker client against this engine. */
  public Result cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", endpoint()));
    cmd.addAll(List.of(args));
    return exec(cmd);
  }

  /** The names of the containers on the engine that are running now, by the client. */
  public List<String> runningContainers() {
    Result r = cli("ps", "--format", "{{.Names}}");
    if (!r.ok()) {
      throw new IllegalStateException("docker ps on d" + number + " failed: " + r.output());
    }
    return r.output().lines().filter(l -> !l.isBlank()).toList();
  }

  /** Removes every container on the engine, stops it, and releases its data-root mount. */
  @Override
  public synchronized void close() {
    if (running() && answers()) {
      Result ids = cli("ps", "-aq");
      List<String> all = ids.output().lines().filter(l -> !l.isBlank()).toList();
      if (!all.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(all);
        cli(rm.toArray(String[]::new));
      }
    }
    stop();
    exec(List.of("umount", data.resolve("data").toString()));
  }

  /** What a command printed and how it ended. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private void importImage() {
    Path tar = Path.of(System.getenv().getOrDefault("ECLOUD_LAB_DIR", "/var/tmp/ecloud-lab"), "images",
        "ecloud-os-1.tar");
    if (!Files.isReadable(tar)) {
      throw new IllegalStateException(tar + " is missing: lab/images.sh makes it (run the tests with lab/test.sh)");
    }
    Result r = exec(List.of("docker", "-H", endpoint(), "import", "--change", "CMD [\"/bin/sh\"]", "--change",
        "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", tar.toString(), IMAGE));
    if (!r.ok()) {
      throw new IllegalStateException("importing " + IMAGE + " into d" + number + " failed: " + r.output());
    }
  }

  /** A dockerd left running by an earlier run of this class (found by its own pidfile and flags). */
  private void stopLeftoverOfAPreviousRun() throws IOException {
    if (!Files.exists(pidfile())) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidfile()).trim());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
      String cmdline = p.info().commandLine().orElse("");
      if (cmdline.contains("dockerd") && cmdline.contains(pidfile().toString())) {
        p.destroy();
        p.onExit().orTimeout(40, TimeUnit.SECONDS).exceptionally(t -> null).join();
      }
    });
  }

  private static Result exec(List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("DOCKER_API_VERSION", "1.41");
      Process p = pb.start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out.trim());
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
