package org.elasticcloud.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.InvocationBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.ContainerNotFoundException;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on Docker engines through docker-java. Each container carries the label
 * {@value #SPEC_LABEL}, a digest of its spec, so that a repeated {@link #run} recognises its own
 * container and refuses one of another spec under the same name.
 */
public class DockerContainerRuntime implements ContainerRuntime {
  /** Digest of the spec a container was created from. */
  public static final String SPEC_LABEL = "org.elasticcloud.spec";
  private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);
  private static final long PIDS_LIMIT = 4096;

  private final DockerEngines engines;

  public DockerContainerRuntime(DockerEngines engines) {
    this.engines = engines;
  }

  @Override
  public EngineInfo ping(String engineEndpoint) {
    return call(engineEndpoint, null, () -> {
      DockerClient client = engines.client(engineEndpoint);
      client.pingCmd().exec();
      Version version = client.versionCmd().exec();
      Info info = client.infoCmd().exec();
      return new EngineInfo(version.getVersion(), version.getApiVersion(),
          info.getNCPU() == null ? 0 : info.getNCPU(), info.getMemTotal() == null ? 0 : info.getMemTotal());
    });
  }

  @Override
  public ContainerStatus run(String engine, ContainerSpec spec) {
    String digest = digest(spec);
    DockerClient client = engines.client(engine);
    // straight to create (no inspect before): a name in use answers 409 and the container found is
    // adopted if it is ours (a retry of the same step), a missing image 404 and it is fetched once
    try {
      try {
        call(engine, spec.name(), () -> create(client, spec, digest));
      } catch (ContainerNotFoundException noImage) {
        ensureImage(engine, client, spec.image());
        call(engine, spec.name(), () -> create(client, spec, digest));
      }
    } catch (ContainerConflictException exists) {
      return adopt(engine, spec, digest, inspect(engine, spec.name()).orElseThrow(() -> exists));
    }
    try {
      call(engine, spec.name(), () -> client.startContainerCmd(spec.name()).exec());
    } catch (RuntimeException startFailed) {
      LOG.warn("ECP-DOCKER-010 start of {} on {} failed, removing it: {}", spec.name(), engine, startFailed.getMessage());
      remove(engine, spec.name());
      if (startFailed instanceof HostUnreachableException) {
        throw startFailed;
      }
      throw new ContainerConflictException("ECP-DOCKER-011 container " + spec.name() + " did not start on " + engine
          + " (is IP " + spec.ip() + " or MAC " + spec.mac() + " already live?): " + startFailed.getMessage(), startFailed);
    }
    return inspect(engine, spec.name())
        .orElseThrow(() -> new ContainerNotFoundException("container " + spec.name() + " vanished after start"));
  }

  private ContainerStatus adopt(String engine, ContainerSpec spec, String digest, ContainerStatus found) {
    if (!digest.equals(found.labels().get(SPEC_LABEL))) {
      throw new ContainerConflictException("ECP-DOCKER-012 a container named " + spec.name() + " with another spec "
          + "exists on " + engine);
    }
    if (!found.running()) {
      start(engine, spec.name());
      return inspect(engine, spec.name()).orElse(found);
    }
    return found;
  }

  private Void create(DockerClient client, ContainerSpec spec, String digest) {
    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.put(SPEC_LABEL, digest);
    List<String> env = new ArrayList<>();
    new TreeMap<>(spec.env()).forEach((k, v) -> env.add(k + "=" + v));
    List<Bind> binds = spec.mounts().stream()
        .map(m -> Bind.parse(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : ":rw"))).toList();
    long memory = spec.resources().memoryMb() * 1024 * 1024;
    HostConfig host = HostConfig.newHostConfig()
        .withNanoCPUs(Math.round(spec.resources().cores() * 1_000_000_000d))
        .withMemory(memory)
        .withMemorySwap(memory)
        .withPidsLimit(PIDS_LIMIT)
        .withInit(true)
        .withBinds(binds);
    if (spec.network() != null) {
      host.withNetworkMode(spec.network());
    }
    CreateContainerCmd cmd = client.createContainerCmd(spec.image())
        .withName(spec.name())
        .withHostName(spec.name())
        .withLabels(labels)
        .withEnv(env)
        .withHostConfig(host);
    if (spec.ip() != null) {
      cmd.withIpv4Address(spec.ip());
    }
    if (spec.mac() != null) {
      cmd.withMacAddress(spec.mac());
    }
    if (!spec.command().isEmpty()) {
      cmd.withCmd(spec.command());
    }
    cmd.exec();
    return null;
  }

  private void ensureImage(String engine, DockerClient client, String image) {
    try {
      call(engine, null, () -> client.inspectImageCmd(image).exec());
      return;
    } catch (ContainerNotFoundException missing) {
      if (!namesARegistry(image)) {
        // never let an engine look for it on a public registry: the image center is the only source
        throw new ImageNotFoundException("ECP-DOCKER-021 image " + image + " is not on " + engine
            + " and names no image center to pull it from", missing);
      }
      LOG.info("ECP-DOCKER-020 image {} not on {}: pulling it", image, engine);
    }
    try {
      call(engine, null, () -> {
        try {
          return client.pullImageCmd(image).start().awaitCompletion();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while pulling " + image, e);
        }
      });
    } catch (ContainerNotFoundException notThere) {
      throw new ImageNotFoundException("ECP-DOCKER-021 image " + image + " is neither on " + engine
          + " nor in its image center", notThere);
    } catch (IllegalStateException failed) {
      String m = String.valueOf(failed.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("not found") || m.contains("manifest unknown") || m.contains("unknown")) {
        throw new ImageNotFoundException("ECP-DOCKER-021 image " + image + " not in its image center: "
            + failed.getMessage(), failed);
      }
      throw failed;
    }
  }

  /** {@code 127.0.0.1:5050/ecloud/app:1} names a registry; {@code ecloud/app:1} does not. */
  static boolean namesARegistry(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  @Override
  public void start(String engine, String name) {
    try {
      call(engine, name, () -> engines.client(engine).startContainerCmd(name).exec());
    } catch (NotModifiedException alreadyRunning) {
      // running already: nothing to do
    }
  }

  @Override
  public void stop(String engine, String name, Duration timeout) {
    try {
      call(engine, name, () -> engines.client(engine).stopContainerCmd(name).withTimeout((int) timeout.toSeconds()).exec());
    } catch (NotModifiedException alreadyStopped) {
      // stopped already
    }
  }

  @Override
  public boolean remove(String engine, String name) {
    try {
      call(engine, name, () -> engines.client(engine).removeContainerCmd(name).withForce(true).withRemoveVolumes(false).exec());
      return true;
    } catch (ContainerNotFoundException gone) {
      return false;
    }
  }

  @Override
  public Optional<ContainerStatus> inspect(String engine, String name) {
    try {
      InspectContainerResponse r = call(engine, name, () -> engines.client(engine).inspectContainerCmd(name).exec());
      return Optional.of(status(r));
    } catch (ContainerNotFoundException gone) {
      return Optional.empty();
    }
  }

  @Override
  public List<ContainerStatus> list(String engine, Map<String, String> labels) {
    DockerClient client = engines.client(engine);
    List<com.github.dockerjava.api.model.Container> found = call(engine, null, () -> {
      var cmd = client.listContainersCmd().withShowAll(true);
      if (!labels.isEmpty()) {
        cmd.withLabelFilter(labels);
      }
      return cmd.exec();
    });
    List<ContainerStatus> out = new ArrayList<>();
    for (var c : found) {
      String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
      inspect(engine, name).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public void resize(String engine, String name, Resources resources) {
    long memory = resources.memoryMb() * 1024 * 1024;
    call(engine, name, () -> engines.client(engine).updateContainerCmd(name)
        .withNanoCPUs(Math.round(resources.cores() * 1_000_000_000d))
        .withMemory(memory)
        .withMemorySwap(memory)
        .exec());
  }

  @Override
  public String commit(String engine, String name, String repository, String tag) {
    return call(engine, name, () -> engines.client(engine).commitCmd(name).withRepository(repository).withTag(tag).exec());
  }

  @Override
  public ContainerStats stats(String engine, String name) {
    Statistics s = call(engine, name, () -> {
      InvocationBuilder.AsyncResultCallback<Statistics> callback = new InvocationBuilder.AsyncResultCallback<>();
      engines.client(engine).statsCmd(name).withNoStream(true).exec(callback);
      try {
        return callback.awaitResult();
      } finally {
        try {
          callback.close();
        } catch (java.io.IOException ignored) {
          // closing a finished callback
        }
      }
    });
    if (s == null) {
      throw new ContainerNotFoundException("no statistics for " + name + " on " + engine);
    }
    double cpu = 0;
    if (s.getCpuStats() != null && s.getPreCpuStats() != null && s.getCpuStats().getCpuUsage() != null
        && s.getPreCpuStats().getCpuUsage() != null && s.getCpuStats().getSystemCpuUsage() != null
        && s.getPreCpuStats().getSystemCpuUsage() != null) {
      long cpuDelta = s.getCpuStats().getCpuUsage().getTotalUsage() - s.getPreCpuStats().getCpuUsage().getTotalUsage();
      long sysDelta = s.getCpuStats().getSystemCpuUsage() - s.getPreCpuStats().getSystemCpuUsage();
      long online = s.getCpuStats().getOnlineCpus() == null ? 1 : s.getCpuStats().getOnlineCpus();
      cpu = sysDelta > 0 ? 100.0 * cpuDelta / sysDelta * online : 0;
    }
    long rx = 0;
    long tx = 0;
    if (s.getNetworks() != null) {
      for (var n : s.getNetworks().values()) {
        rx += n.getRxBytes() == null ? 0 : n.getRxBytes();
        tx += n.getTxBytes() == null ? 0 : n.getTxBytes();
      }
    }
    var mem = s.getMemoryStats();
    return new ContainerStats(cpu, mem == null || mem.getUsage() == null ? 0 : mem.getUsage(),
        mem == null || mem.getLimit() == null ? 0 : mem.getLimit(), rx, tx,
        s.getPidsStats() == null || s.getPidsStats().getCurrent() == null ? 0 : s.getPidsStats().getCurrent());
  }

  private static ContainerStatus status(InspectContainerResponse r) {
    String ip = null;
    String mac = null;
    if (r.getNetworkSettings() != null && r.getNetworkSettings().getNetworks() != null) {
      for (ContainerNetwork n : r.getNetworkSettings().getNetworks().values()) {
        if (n.getIpAddress() != null && !n.getIpAddress().isEmpty()) {
          ip = n.getIpAddress();
          mac = n.getMacAddress();
          break;
        }
        if (n.getIpamConfig() != null && n.getIpamConfig().getIpv4Address() != null) {
          ip = n.getIpamConfig().getIpv4Address();
        }
      }
    }
    if (mac == null && r.getConfig() != null) {
      mac = r.getConfig().getMacAddress();
    }
    var state = r.getState();
    HostConfig host = r.getHostConfig();
    double cores = host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs() / 1e9;
    long memoryMb = host == null || host.getMemory() == null ? 0 : host.getMemory() / (1024 * 1024);
    Instant started = null;
    if (state != null && state.getStartedAt() != null && !state.getStartedAt().startsWith("0001")) {
      started = Instant.parse(state.getStartedAt());
    }
    Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
        ? Map.of() : new HashMap<>(r.getConfig().getLabels());
    return new ContainerStatus(r.getId(), r.getName().replaceFirst("^/", ""),
        r.getConfig() == null ? null : r.getConfig().getImage(),
        state != null && Boolean.TRUE.equals(state.getRunning()),
        state == null ? "unknown" : state.getStatus(),
        state == null || state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
        ip, mac == null ? null : mac.toLowerCase(Locale.ROOT), labels, cores, memoryMb, started);
  }

  /** A stable digest of the spec: same spec, same digest, whatever the order of maps. */
  static String digest(ContainerSpec spec) {
    String canonical = String.join("\n", spec.name(), spec.image(), spec.resources().toString(),
        new TreeMap<>(spec.labels()).toString(), new TreeMap<>(spec.env()).toString(), String.valueOf(spec.network()),
        String.valueOf(spec.ip()), String.valueOf(spec.mac()), spec.mounts().toString(), spec.command().toString());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs one engine call and translates its failures: 404 → not found, 409 → conflict, I/O and
   * connection failures → host unreachable, other engine errors → technical failure.
   */
  private static <T> T call(String engine, String name, Supplier<T> action) {
    try {
      return action.get();
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException("ECP-DOCKER-002 " + (name == null ? "object" : "container " + name)
          + " not found on " + engine + ": " + e.getMessage(), e);
    } catch (ConflictException e) {
      throw new ContainerConflictException("ECP-DOCKER-003 conflict on " + engine + ": " + e.getMessage(), e);
    } catch (NotModifiedException e) {
      throw e;
    } catch (DockerException e) {
      throw new IllegalStateException("ECP-DOCKER-004 engine " + engine + " failed (" + e.getHttpStatus() + "): "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof ContainerConflictException || e instanceof ContainerNotFoundException
          || e instanceof ImageNotFoundException || e instanceof HostUnreachableException
          || e instanceof IllegalStateException) {
        throw e;
      }
      throw new HostUnreachableException(engine, rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
