package org.elasticcloud.core.inventory;

import java.util.List;
import java.util.regex.Pattern;
import org.elasticcloud.core.validation.Checks;

/**
 * A physical machine behind a switch, running a Docker engine reached at {@code engineEndpoint}
 * ({@code unix:///path/docker.sock} or {@code tcp://host:port}).
 */
public record Host(Long id, Long switchId, String name, Integer cores, Long memoryMb, Long diskGb,
    String engineEndpoint, HostState state) implements InventoryItem<Host> {

  /** Memory per core a real machine can have; outside it the numbers are a typo. */
  public static final long MIN_MB_PER_CORE = 256;
  public static final long MAX_MB_PER_CORE = 64 * 1024;
  private static final Pattern ENDPOINT =
      Pattern.compile("unix:///[^\\s]+|tcp://[A-Za-z0-9.-]+:[0-9]{1,5}|tcp://\\[[0-9a-fA-F:]+\\]:[0-9]{1,5}");

  @Override
  public Host withId(Long newId) {
    return new Host(newId, switchId, name, cores, memoryMb, diskGb, engineEndpoint, state);
  }

  public Host withState(HostState newState) {
    return new Host(id, switchId, name, cores, memoryMb, diskGb, engineEndpoint, newState);
  }

  @Override
  public void check(Checks checks) {
    checks.present("switchId", switchId)
        .name("name", name)
        .range("cores", cores, 1, 4096)
        .range("memoryMb", memoryMb, 1, 64L * 1024 * 1024)
        .range("diskGb", diskGb, 1, 1024L * 1024);
    if (cores != null && cores > 0 && memoryMb != null && memoryMb > 0) {
      long perCore = memoryMb / cores;
      checks.isTrue(perCore >= MIN_MB_PER_CORE && perCore <= MAX_MB_PER_CORE, "memoryMb",
          "gives " + perCore + " MB per core; must be between " + MIN_MB_PER_CORE + " and "
              + MAX_MB_PER_CORE + " MB per core");
    }
    if (engineEndpoint == null || engineEndpoint.isBlank()) {
      checks.add("engineEndpoint", "must not be blank");
    } else if (engineEndpoint.length() > 255 || !ENDPOINT.matcher(engineEndpoint).matches()) {
      checks.add("engineEndpoint", "must be unix:///path/to/docker.sock or tcp://host:port");
    } else if (engineEndpoint.startsWith("tcp://")) {
      int port = Integer.parseInt(engineEndpoint.substring(engineEndpoint.lastIndexOf(':') + 1));
      checks.isTrue(port >= 1 && port <= 65535, "engineEndpoint", "port must be between 1 and 65535");
    }
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("switchId", NetworkSwitch.class, switchId));
  }
}
