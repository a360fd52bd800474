package org.elasticcloud.core.scaling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.Volumes;

/**
 * Makes one container on one host through the ports: its network port (IP and MAC), its data and
 * log volumes, then the container itself, all named after the container so a repeated call
 * creates nothing twice. A request that cannot succeed (unknown or unready host, a spec larger
 * than the host, an address in use, a missing image, a conflict) is a typed failure that leaves no
 * port, volume or container behind. A technical failure (a host or authority not answering) leaves
 * what was done for the retry to find. {@link #recreate} runs an existing container again on
 * another host (a migration) with the port and volumes it has: the same IP, MAC and data.
 */
public final class ContainerProvisioner {
  private final ContainerRuntime runtime;
  private final NetworkPorts ports;
  private final Volumes volumes;
  private final Function<String, Optional<Host>> hosts;
  private final String dockerNetwork;

  public ContainerProvisioner(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes,
      Function<String, Optional<Host>> hosts, String dockerNetwork) {
    this.runtime = runtime;
    this.ports = ports;
    this.volumes = volumes;
    this.hosts = hosts;
    this.dockerNetwork = dockerNetwork;
  }

  /** What to make: the container's identity, size, image, and optionally the address it must keep. */
  public record Request(String hostName, String application, String environment, String group, long groupId,
      String containerName, int generation, Spec size, String image, String configUrl, String requestedIp) {
  }

  /** What was made. */
  public record Provisioned(String hostName, PortLease port, String dataVolume, String logVolume,
      ContainerStatus container) {
  }

  public Provisioned provision(Request r) {
    Host host = readyHost(r);
    Spec s = r.size();
    Deque<Runnable> undo = new ArrayDeque<>();
    String name = r.containerName();
    try {
      boolean portExisted = ports.find(name).isPresent();
      PortLease lease = r.requestedIp() == null ? ports.allocate(name, r.hostName())
          : ports.allocate(name, r.hostName(), r.requestedIp());
      if (!portExisted) {
        undo.push(() -> ports.release(name));
      }
      if (!r.hostName().equals(lease.hostName())) {
        lease = ports.bind(name, r.hostName());
      }
      String dataName = ContainerBlueprint.dataVolume(name);
      String logName = ContainerBlueprint.logVolume(name);
      String data = volume(dataName, s.diskGb(), r.hostName(), undo);
      String log = volume(logName, 1, r.hostName(), undo);
      ContainerSpec spec = ContainerBlueprint.spec(r.application(), r.environment(), r.group(), r.groupId(), name,
          r.generation(), s, r.image(), dockerNetwork, lease.ip(), lease.mac(), data, log, r.configUrl());
      ContainerStatus status = runtime.run(host.engineEndpoint(), spec);
      return new Provisioned(r.hostName(), lease, dataName, logName, status);
    } catch (AddressInUseException | ImageNotFoundException | ContainerConflictException | VolumeInUseException
        | IllegalArgumentException refused) {
      while (!undo.isEmpty()) {
        try {
          undo.pop().run();
        } catch (RuntimeException cleanupFailed) {
          refused.addSuppressed(cleanupFailed);
        }
      }
      throw refused;
    }
  }

  private String volume(String name, long sizeGb, String hostName, Deque<Runnable> undo) {
    boolean existed = volumes.find(name).isPresent();
    volumes.create(name, sizeGb);
    if (!existed) {
      undo.push(() -> volumes.delete(name));
    }
    String source = volumes.attach(name, hostName);
    undo.push(() -> volumes.detach(name, hostName));
    return source;
  }

  private Host readyHost(Request r) {
    Host host = hosts.apply(r.hostName()).orElseThrow(() -> new ProvisioningRefusedException(
        ProvisioningRefusedException.Reason.UNKNOWN_HOST, "ECP-PROV-001 no host named " + r.hostName()));
    if (host.state() == null || !host.state().acceptsContainers()) {
      throw new ProvisioningRefusedException(ProvisioningRefusedException.Reason.HOST_NOT_READY,
          "ECP-PROV-002 host " + r.hostName() + " is " + host.state() + ", not READY");
    }
    Spec s = r.size();
    if (s.cores() > host.cores() || s.memoryMb() > host.memoryMb() || s.diskGb() > host.diskGb()) {
      throw new ProvisioningRefusedException(ProvisioningRefusedException.Reason.SPEC_TOO_LARGE,
          "ECP-PROV-003 spec " + s.cores() + " cores/" + s.memoryMb() + " MB/" + s.diskGb() + " GB is larger than host "
              + r.hostName() + " (" + host.cores() + " cores/" + host.memoryMb() + " MB/" + host.diskGb() + " GB)");
    }
    return host;
  }

  /**
   * Binds the container's existing port to {@code hostName}, keeping its id, IP and MAC (a migration).
   * Bound there already, nothing changes.
   *
   * @throws ProvisioningRefusedException {@code PORT_MISSING} when the container has no port: its IP
   *     cannot be kept, and a new one is not made here
   */
  public PortLease movePort(String containerName, String hostName) {
    PortLease lease = ports.find(containerName).orElseThrow(() -> new ProvisioningRefusedException(
        ProvisioningRefusedException.Reason.PORT_MISSING, "ECP-PROV-004 container " + containerName
            + " has no network port: its IP cannot be kept"));
    return hostName.equals(lease.hostName()) ? lease : ports.bind(containerName, hostName);
  }

  /**
   * Attaches the container's existing data and log volumes to {@code hostName}, detaching each first
   * from whichever host holds it (the source, or the target of an earlier attempt). Returns the
   * mount sources, data first. Attached there already, nothing changes.
   *
   * @throws ProvisioningRefusedException {@code VOLUME_MISSING} when a volume is gone: its data
   *     cannot be kept, and an empty one is not made here
   */
  public List<String> moveVolumes(String containerName, String hostName) {
    List<String> sources = new ArrayList<>(2);
    for (String v : List.of(ContainerBlueprint.dataVolume(containerName), ContainerBlueprint.logVolume(containerName))) {
      Volumes.VolumeInfo info = volumes.find(v).orElseThrow(() -> new ProvisioningRefusedException(
          ProvisioningRefusedException.Reason.VOLUME_MISSING, "ECP-PROV-005 volume " + v + " of container "
              + containerName + " is gone: its data cannot be kept"));
      if (info.attachedHost() != null && !info.attachedHost().equals(hostName)) {
        volumes.detach(v, info.attachedHost());
      }
      sources.add(volumes.attach(v, hostName));
    }
    return sources;
  }

  /**
   * Runs an existing container again on {@code r.hostName()} with the port and volumes it has (a
   * migration, or a restart of a container that vanished from its engine): the same IP, MAC,
   * volumes and labels, and {@code r.generation()}. Nothing is allocated: a missing port or volume
   * is refused ({@link #movePort}, {@link #moveVolumes}). A copy of the container on that host from an
   * older generation is stale by definition (the container has moved since) and is removed first;
   * one of the same generation and spec is kept (a repeated call). {@code r.requestedIp()} is ignored.
   *
   * @throws ProvisioningRefusedException when the host is unknown, not READY or too small, or the
   *     port or a volume is gone
   * @throws ContainerConflictException when a container of that name with another spec and a
   *     generation not older runs there, or the IP or MAC is still live elsewhere
   */
  public Provisioned recreate(Request r) {
    Host host = readyHost(r);
    String name = r.containerName();
    PortLease lease = movePort(name, r.hostName());
    List<String> sources = moveVolumes(name, r.hostName());
    runtime.inspect(host.engineEndpoint(), name).filter(found -> generationOf(found) < r.generation())
        .ifPresent(stale -> runtime.remove(host.engineEndpoint(), name));
    ContainerSpec spec = ContainerBlueprint.spec(r.application(), r.environment(), r.group(), r.groupId(), name,
        r.generation(), r.size(), r.image(), dockerNetwork, lease.ip(), lease.mac(), sources.get(0), sources.get(1),
        r.configUrl());
    ContainerStatus status = runtime.run(host.engineEndpoint(), spec);
    return new Provisioned(r.hostName(), lease, ContainerBlueprint.dataVolume(name), ContainerBlueprint.logVolume(name),
        status);
  }

  /** The generation a running copy was made with ({@code -1} when it carries none: not the platform's). */
  public static int generationOf(ContainerStatus status) {
    String g = status.labels() == null ? null : status.labels().get(ContainerBlueprint.LABEL_GENERATION);
    try {
      return g == null ? -1 : Integer.parseInt(g);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Removes the container from its host and gives back its volumes and port (scale-in). Each part
   * missing already is skipped, so a repeated call is harmless.
   */
  public void deprovision(String hostName, String containerName) {
    Host host = hosts.apply(hostName).orElseThrow(() -> new ProvisioningRefusedException(
        ProvisioningRefusedException.Reason.UNKNOWN_HOST, "ECP-PROV-001 no host named " + hostName));
    runtime.remove(host.engineEndpoint(), containerName);
    for (String v : new String[] {ContainerBlueprint.dataVolume(containerName), ContainerBlueprint.logVolume(containerName)}) {
      volumes.detach(v, hostName);
      volumes.delete(v);
    }
    ports.release(containerName);
  }
}
