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

  /** RegisterTemplateProcess: record a group's template, an operator confirms, it becomes the group's. */
  public static final class RegisterTemplate {
    public static final String PROCESS_ID = "RegisterTemplateProcess";
    public static final String TASK_RECORD = "Task_RecordTemplate";
    public static final String TASK_CONFIRM = "UserTask_ConfirmTemplate";
    public static final String TASK_ACTIVATE = "Task_ActivateTemplate";
    public static final String TASK_DISCARD = "Task_DiscardTemplate";
    public static final String END_REGISTERED = "End_TemplateRegistered";
    public static final String END_DISCARDED = "End_TemplateDiscarded";
    /** Who may confirm: administrators and operators. */
    public static final String CANDIDATE_GROUPS = "camunda-admin,operators";

    private RegisterTemplate() {
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
    public static final String GROUP_ID = "groupId";
    public static final String TEMPLATE_DEFINITION = "templateDefinition";
    public static final String REGISTERED_BY = "registeredBy";
    public static final String CONFIRMED = "confirmed";
    public static final String CONFIRMED_BY = "confirmedBy";

    private Vars() {
    }
  }
}
