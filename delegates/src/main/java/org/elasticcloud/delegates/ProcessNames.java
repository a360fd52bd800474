package org.elasticcloud.delegates;

/** Ids of the processes and their elements, and the names of their variables. */
public final class ProcessNames {
  private ProcessNames() {
  }

  /** RegisterHostProcess: validate a host, record it, prove its engine answers, mark it ready. */
  public static final class RegisterHost {
    public static final String PROCESS_ID = "RegisterHostProcess";
    public static final String TASK_VALIDATE = "Task_ValidateHost";
    public static final String TASK_RECORD = "Task_RecordHost";
    public static final String TASK_PING = "Task_PingEngine";
    public static final String TASK_MARK_READY = "Task_MarkHostReady";
    public static final String END_READY = "End_HostReady";
    public static final String END_REJECTED = "End_HostRejected";
    public static final String ERROR_INVALID_HOST = "Error_InvalidHost";

    private RegisterHost() {
    }
  }

  /** Variable names. Variables stay small: ids and scalars, never whole objects or secrets. */
  public static final class Vars {
    public static final String HOST_NAME = "hostName";
    public static final String SWITCH_ID = "switchId";
    public static final String CORES = "cores";
    public static final String MEMORY_MB = "memoryMb";
    public static final String DISK_GB = "diskGb";
    public static final String ENGINE_ENDPOINT = "engineEndpoint";
    public static final String HOST_ID = "hostId";
    public static final String ENGINE_VERSION = "engineVersion";
    public static final String ENGINE_CPUS = "engineCpus";
    public static final String REJECTION_REASON = "rejectionReason";

    private Vars() {
    }
  }
}
