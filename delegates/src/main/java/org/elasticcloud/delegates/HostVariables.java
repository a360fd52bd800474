package org.elasticcloud.delegates;

import static org.elasticcloud.delegates.ProcessNames.Vars.CORES;
import static org.elasticcloud.delegates.ProcessNames.Vars.DISK_GB;
import static org.elasticcloud.delegates.ProcessNames.Vars.ENGINE_ENDPOINT;
import static org.elasticcloud.delegates.ProcessNames.Vars.HOST_NAME;
import static org.elasticcloud.delegates.ProcessNames.Vars.MEMORY_MB;
import static org.elasticcloud.delegates.ProcessNames.Vars.SWITCH_ID;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;

/** A host to register, to and from process variables. */
public final class HostVariables {
  private HostVariables() {
  }

  public static Map<String, Object> of(Host host) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(HOST_NAME, host.name());
    vars.put(SWITCH_ID, host.switchId());
    vars.put(CORES, host.cores());
    vars.put(MEMORY_MB, host.memoryMb());
    vars.put(DISK_GB, host.diskGb());
    vars.put(ENGINE_ENDPOINT, host.engineEndpoint());
    return vars;
  }

  public static Host from(VariableScope scope) {
    return new Host(null, asLong(scope.getVariable(SWITCH_ID)), (String) scope.getVariable(HOST_NAME),
        asInt(scope.getVariable(CORES)), asLong(scope.getVariable(MEMORY_MB)), asLong(scope.getVariable(DISK_GB)),
        (String) scope.getVariable(ENGINE_ENDPOINT), HostState.REGISTERING);
  }

  private static Long asLong(Object v) {
    return v instanceof Number n ? n.longValue() : null;
  }

  private static Integer asInt(Object v) {
    return v instanceof Number n ? n.intValue() : null;
  }
}
