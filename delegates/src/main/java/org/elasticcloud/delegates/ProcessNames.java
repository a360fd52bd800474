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

  /** ScaleOutProcess: quota and approval, placement, then each container's steps in parallel. */
  public static final class ScaleOut {
    public static final String PROCESS_ID = "ScaleOutProcess";
    public static final String TASK_CHECK_QUOTA = "Task_CheckQuota";
    public static final String TASK_APPROVE = "UserTask_ApproveScaleOut";
    public static final String TASK_PLACE = "Task_PlaceContainers";
    /** One {@link ProvisionContainer} process per planned container, in parallel. */
    public static final String CALL_CONTAINER = "CallActivity_Container";
    // the steps below are ProvisionContainerProcess's
    public static final String TASK_ALLOCATE = "Task_AllocateResources";
    public static final String TASK_START = "Task_StartContainer";
    public static final String TASK_GRANT = "Task_GrantDatabase";
    public static final String TASK_WAIT_HEALTHY = "Task_WaitHealthy";
    public static final String TASK_MOUNT_VIP = "Task_MountVip";
    public static final String TASK_MARK_READY = "Task_MarkContainerReady";
    public static final String TASK_UNDO_PROVISION = "Task_UndoProvision";
    public static final String TASK_REVOKE = "Task_RevokeDatabase";
    public static final String TASK_UNMOUNT_VIP = "Task_UnmountVip";
    /** The compensation of the allocation: a sub-process around {@link #TASK_UNDO_PROVISION} and its wait for a slot. */
    public static final String SUBPROCESS_UNDO_PROVISION = "SubProcess_UndoProvision";
    /** Where a container's creation waits while its host has no free slot. */
    public static final String TIMER_START_HOST_BUSY = "Timer_StartContainerHostBusy";
    /** Where a compensating removal waits while its host has no free slot. */
    public static final String TIMER_UNDO_HOST_BUSY = "Timer_UndoProvisionHostBusy";
    public static final String END_SCALED_OUT = "End_ScaledOut";
    public static final String END_REJECTED = "End_ScaleOutRejected";
    public static final String END_NO_HOST_FITS = "End_NoHostFits";
    public static final String END_CONTAINER_FAILED = "End_ContainerFailed";
    public static final String ERROR_NO_HOST_FITS = "Error_NoHostFits";
    public static final String ERROR_CONTAINER_FAILED = "Error_ContainerFailed";
    /** No group grows by more than this in one scale-out. */
    public static final int HARD_LIMIT = 100;

    private ScaleOut() {
    }
  }

  /**
   * ProvisionContainerProcess: one new container of a scale-out (its steps' ids are in
   * {@link ScaleOut}: TASK_ALLOCATE … TASK_MARK_READY, the compensations, END_CONTAINER_FAILED).
   */
  public static final class ProvisionContainer {
    public static final String PROCESS_ID = "ProvisionContainerProcess";
    public static final String END_READY = "End_ContainerReady";

    private ProvisionContainer() {
    }
  }

  /** ScaleInProcess: below the minimum the owner approves; victims keep the spread; each one removed cleanly. */
  public static final class ScaleIn {
    public static final String PROCESS_ID = "ScaleInProcess";
    public static final String TASK_CHECK_MINIMUM = "Task_CheckMinimum";
    public static final String TASK_APPROVE = "UserTask_ApproveScaleIn";
    public static final String TASK_CHOOSE_VICTIMS = "Task_ChooseVictims";
    public static final String SUBPROCESS_VICTIM = "SubProcess_Victim";
    public static final String TASK_UNMOUNT_VIP = "Task_UnmountVip";
    public static final String TASK_STOP = "Task_StopContainer";
    public static final String TASK_REVOKE = "Task_RevokeDatabase";
    public static final String TASK_REMOVE = "Task_RemoveContainer";
    /** Where a stop waits while the victim's host has no free slot. */
    public static final String TIMER_STOP_HOST_BUSY = "Timer_StopContainerHostBusy";
    /** Where a removal waits while the victim's host has no free slot. */
    public static final String TIMER_REMOVE_HOST_BUSY = "Timer_RemoveContainerHostBusy";
    public static final String END_SCALED_IN = "End_ScaledIn";
    public static final String END_REJECTED = "End_ScaleInRejected";

    private ScaleIn() {
    }
  }

  /**
   * ApplicationLeaseProcess: called first by every operation that changes an application's
   * containers; returns once the operation holds its application's lease (ADR 0009).
   */
  public static final class ApplicationLease {
    public static final String PROCESS_ID = "ApplicationLeaseProcess";
    public static final String CALL_ACTIVITY = "CallActivity_TakeLease";
    public static final String TASK_TAKE_LEASE = "Task_TakeLease";
    public static final String GATEWAY_WAIT = "Gateway_Wait";
    public static final String CATCH_GRANTED = "Catch_LeaseGranted";
    public static final String TIMER_LOOK_AGAIN = "Timer_LookAgain";
    public static final String END_HELD = "End_LeaseHeld";
    /** Sent to a waiting operation when it may have become the head of its queue. */
    public static final String MESSAGE_GRANTED = "ApplicationLeaseGranted";

    private ApplicationLease() {
    }
  }

  /**
   * ReconcileProcess: on a timer (or on request) detect the drift between inventory and real
   * systems, repair what is safe (when enabled), record the report (ADR 0010). Its variables: the
   * report's id (the process instance's) and counts; the items stay in the report.
   */
  public static final class Reconcile {
    public static final String PROCESS_ID = "ReconcileProcess";
    public static final String START_TIMER = "Start_ReconcileTimer";
    public static final String START_REQUESTED = "Start_ReconcileRequested";
    /** The message that starts a run now (a process cannot have a none start event beside a timer start event). */
    public static final String MESSAGE_REQUESTED = "ReconcileRequested";
    public static final String TASK_DETECT = "Task_DetectDrift";
    public static final String GATEWAY_REPAIR = "Gateway_RepairEnabled";
    public static final String TASK_REPAIR = "Task_RepairDrift";
    public static final String TASK_RECORD = "Task_RecordReport";
    public static final String END_RECONCILED = "End_Reconciled";
    /** The bean the timer's cycle expression and the delegates read their settings from. */
    public static final String SETTINGS_BEAN = "reconcileSettings";

    /** Variable: the report's id (= the process instance id). */
    public static final String VAR_REPORT_ID = "reportId";
    /** Variable: who started it, {@link #TRIGGER_TIMER} or {@link #TRIGGER_REQUEST}. */
    public static final String VAR_TRIGGER = "trigger";
    /** Start variable: false asks a run that only reports (a dry run), whatever the setting. */
    public static final String VAR_REPAIR_REQUESTED = "repairRequested";
    /** Variable: whether this run repairs (the setting and the request). */
    public static final String VAR_REPAIR_ENABLED = "repairEnabled";
    public static final String VAR_ORPHANS = "orphans";
    public static final String VAR_MISSING = "missing";
    public static final String VAR_MISMATCHES = "mismatches";
    public static final String VAR_SKIPPED = "skipped";
    public static final String VAR_UNCHECKED = "unchecked";
    public static final String VAR_REPAIRED = "repaired";
    public static final String VAR_REPAIR_FAILED = "repairFailed";
    public static final String TRIGGER_TIMER = "TIMER";
    public static final String TRIGGER_REQUEST = "REQUEST";

    private Reconcile() {
    }
  }

  /**
   * AlertProcess (ADR 0013): started by the evaluator when an alert fires; waits out the grouping
   * window, notifies (through the NotificationGate; held during quiet hours), waits for someone to
   * acknowledge while escalating every {@code escalationAfter}, and ends when the evaluator sends
   * {@link #MESSAGE_RESOLVED}, acknowledged or not. Business key {@code alert:<app>:<policy>:<subject>}.
   */
  public static final class Alert {
    public static final String PROCESS_ID = "AlertProcess";
    public static final String START = "Start_AlertFired";
    public static final String SUBPROCESS_OPEN = "SubProcess_OpenAlert";
    public static final String TIMER_GROUPING = "Timer_GroupingWindow";
    public static final String TASK_NOTIFY = "Task_NotifyAlert";
    public static final String GATEWAY_HELD = "Gateway_NotificationHeld";
    public static final String TIMER_QUIET_END = "Timer_QuietHoursEnd";
    public static final String TASK_ACKNOWLEDGE = "UserTask_AcknowledgeAlert";
    public static final String BOUNDARY_ESCALATE = "Boundary_Escalate";
    public static final String TASK_ESCALATE = "Task_EscalateAlert";
    public static final String END_ESCALATED = "End_Escalated";
    public static final String TASK_RECORD_ACKNOWLEDGED = "Task_RecordAcknowledged";
    /** A terminate end event: ends the open-alert sub-process, escalations in flight included. */
    public static final String END_ACKNOWLEDGED = "End_Acknowledged";
    public static final String CATCH_RESOLVED = "Catch_AlertResolved";
    public static final String BOUNDARY_RESOLVED = "Boundary_AlertResolved";
    public static final String TASK_RECORD_RESOLVED = "Task_RecordResolved";
    public static final String END_RESOLVED = "End_AlertResolved";
    /** Sent by the evaluator (with {@link #VAR_RESOLUTION}) when the alert's condition has cleared. */
    public static final String MESSAGE_RESOLVED = "AlertResolved";
    /** The bean the grouping timer reads its duration from. */
    public static final String SETTINGS_BEAN = "alertSettings";
    /** Who may acknowledge besides administrators and the application's owners ({@code owners-<app>}). */
    public static final String RESPONDERS_GROUP = "alert-responders";
    /** The escalation cycle of a policy without escalation: far enough never to come. */
    public static final String NO_ESCALATION_CYCLE = "R/P3650D";

    /** Variable: the alert's id in the alert table. */
    public static final String VAR_ALERT_ID = "alertId";
    public static final String VAR_POLICY = "policy";
    public static final String VAR_SUBJECT = "subject";
    public static final String VAR_SEVERITY = "severity";
    /** Variable: the application's owner group, a candidate group of the acknowledgement. */
    public static final String VAR_RESPONDER_GROUP = "responderGroup";
    /** Variable: the escalation timer's ISO-8601 cycle, {@code R/<escalationAfter>}. */
    public static final String VAR_ESCALATION_CYCLE = "escalationCycle";
    /** Variable: when quiet hours hold the notification, their end (ISO-8601 instant); else null. */
    public static final String VAR_HELD_UNTIL = "heldUntil";
    /** Variable set when completing the acknowledgement: who acknowledged. */
    public static final String VAR_ACKNOWLEDGED_BY = "acknowledgedBy";
    /** Variable sent with {@link #MESSAGE_RESOLVED}: why the alert resolved, in words. */
    public static final String VAR_RESOLUTION = "resolution";

    /** The escalation timer's cycle for a policy's {@code escalationAfter} (null: none). */
    public static String escalationCycle(java.time.Duration escalationAfter) {
      return escalationAfter == null ? NO_ESCALATION_CYCLE : "R/" + escalationAfter;
    }

    private Alert() {
    }
  }

  /**
   * MigrateContainerProcess: one container to another host keeping its IP, MAC, volumes and
   * registrations; called once per container by the processes below (business key
   * {@code migrate:<container>}).
   */
  public static final class MigrateContainer {
    public static final String PROCESS_ID = "MigrateContainerProcess";
    public static final String BUSINESS_KEY_PREFIX = "migrate:";
    public static final String TASK_RESOLVE = "Task_ResolveContainer";
    public static final String TASK_PREPARE = "Task_PrepareMigration";
    public static final String TASK_DRAIN_VIP = "Task_DrainVipMember";
    public static final String TASK_REMOVE_SOURCE = "Task_RemoveFromSource";
    public static final String TASK_MOVE_PORT = "Task_MovePort";
    public static final String TASK_MOVE_VOLUMES = "Task_MoveVolumes";
    public static final String TASK_RUN_TARGET = "Task_RunOnTarget";
    public static final String TASK_WAIT_HEALTHY = "Task_WaitHealthy";
    public static final String TASK_ENABLE_VIP = "Task_EnableVipMember";
    public static final String TASK_MOVE_MONITORING = "Task_MoveMonitoring";
    public static final String TASK_MOVE_LOGGING = "Task_MoveLogging";
    public static final String TASK_RECORD = "Task_RecordMigration";
    public static final String TASK_ABANDON = "Task_AbandonMigration";
    /** Where the removal from the source waits while the source has no free slot. */
    public static final String TIMER_REMOVE_SOURCE_HOST_BUSY = "Timer_RemoveFromSourceHostBusy";
    /** Where the run on the target waits while the target has no free slot. */
    public static final String TIMER_RUN_TARGET_HOST_BUSY = "Timer_RunOnTargetHostBusy";
    /** Where the removal of a failed copy from the target waits while the target has no free slot. */
    public static final String TIMER_ABANDON_HOST_BUSY = "Timer_AbandonMigrationHostBusy";
    public static final String END_MIGRATED = "End_ContainerMigrated";
    public static final String END_NOTHING = "End_NothingToMigrate";
    public static final String END_FAILED = "End_MigrationFailed";
    /** A migration that cannot succeed as planned (target refused it, port or volume gone, image unknown). */
    public static final String ERROR_MIGRATION_FAILED = "Error_MigrationFailed";

    private MigrateContainer() {
    }
  }

  /**
   * EvacuateHostProcess: plans where a host's containers go (MigrationPlanner) and migrates them, in
   * rounds, until none is left; those that cannot be placed wait in one task, re-planned on a timer
   * or when an operator acts. Called by HostFailureProcess and DrainHostProcess.
   */
  public static final class EvacuateHost {
    public static final String PROCESS_ID = "EvacuateHostProcess";
    public static final String CALL_ACTIVITY = "CallActivity_EvacuateHost";
    public static final String TASK_PLAN = "Task_PlanMigration";
    public static final String CALL_MIGRATE = "CallActivity_MigrateContainer";
    public static final String TASK_WAIT_CAPACITY = "UserTask_WaitForCapacity";
    public static final String TIMER_REPLAN = "Timer_Replan";
    public static final String END_EVACUATED = "End_HostEvacuated";
    public static final String END_LEFT = "End_ContainersLeft";
    /** Who may act on the waiting containers. */
    public static final String CANDIDATE_GROUPS = "camunda-admin,operators";

    private EvacuateHost() {
    }
  }

  /** HostFailureProcess: fence a DOWN or FAULTY host, then evacuate it (business key {@code host-failure:<host>}). */
  public static final class HostFailure {
    public static final String PROCESS_ID = "HostFailureProcess";
    public static final String BUSINESS_KEY_PREFIX = "host-failure:";
    /** The message that starts it (variables hostName, reason); a none start event serves REST. */
    public static final String MESSAGE_FAILED = "HostFailed";
    public static final String TASK_FENCE = "Task_FenceHost";
    public static final String END_EVACUATED = "End_FailedHostEvacuated";
    public static final String END_LEFT = "End_ContainersLeftOnFailedHost";

    private HostFailure() {
    }
  }

  /** DrainHostProcess: approval, DRAINING, evacuate, MAINTENANCE (business key {@code drain:<host>}). */
  public static final class DrainHost {
    public static final String PROCESS_ID = "DrainHostProcess";
    public static final String BUSINESS_KEY_PREFIX = "drain:";
    public static final String TASK_APPROVE = "UserTask_ApproveDrain";
    public static final String TASK_MARK_DRAINING = "Task_MarkDraining";
    public static final String TASK_MARK_MAINTENANCE = "Task_MarkMaintenance";
    public static final String END_DRAINED = "End_HostDrained";
    public static final String END_REJECTED = "End_DrainRejected";
    public static final String END_INCOMPLETE = "End_DrainIncomplete";
    public static final String CANDIDATE_GROUPS = "camunda-admin,operators";

    private DrainHost() {
    }
  }

  /**
   * ContainerFailureProcess: a container exited or stayed unhealthy; restarted in place per the
   * RestartPolicy, then moved (business key {@code container-failure:<container>}).
   */
  public static final class ContainerFailure {
    public static final String PROCESS_ID = "ContainerFailureProcess";
    public static final String BUSINESS_KEY_PREFIX = "container-failure:";
    /** The message that starts it (variables containerName, failureDetail). */
    public static final String MESSAGE_FAILED = "ContainerFailed";
    public static final String TASK_DECIDE = "Task_DecideRecovery";
    public static final String TASK_RESTART = "Task_RestartInPlace";
    public static final String TASK_WAIT_HEALTHY = "Task_WaitHealthyAfterRestart";
    public static final String TASK_PLACE = "Task_PlaceContainer";
    public static final String TASK_WAIT_CAPACITY = "UserTask_WaitForCapacity";
    public static final String TIMER_REPLACE = "Timer_Replace";
    public static final String TIMER_RESTART_HOST_BUSY = "Timer_RestartHostBusy";
    public static final String CALL_MIGRATE = "CallActivity_MigrateContainer";
    public static final String END_RESTARTED = "End_ContainerRestarted";
    public static final String END_MOVED = "End_ContainerMoved";
    public static final String END_GONE = "End_ContainerGone";
    public static final String END_GIVEN_UP = "End_RecoveryGivenUp";

    private ContainerFailure() {
    }
  }

  /** Variable names of the migration processes. */
  public static final class MigrationVars {
    public static final String CONTAINER_NAME = "containerName";
    public static final String SOURCE_HOST = "sourceHost";
    public static final String TARGET_HOST = "targetHost";
    /** Why the host failed: DOWN or FAULTY. */
    public static final String REASON = "reason";
    /** Free text from whoever started it (detection's detail, an operator's note). */
    public static final String DETAIL = "detail";
    /** Whether the container still needs to move (false: gone, or moved already). */
    public static final String MIGRATION_NEEDED = "migrationNeeded";
    public static final String CONTAINER_KNOWN = "containerKnown";
    /** SKIP, BEST_EFFORT or REQUIRED (core SourceCleanup). */
    public static final String SOURCE_CLEANUP = "sourceCleanup";
    /** The generation the container runs with on its new host. */
    public static final String GENERATION = "generation";
    /** What went wrong for good, in words. */
    public static final String MIGRATION_FAILURE = "migrationFailure";
    /** The planned moves of this round, {@code container@targetHost} each. */
    public static final String MOVES = "moves";
    /** One element of {@link #MOVES}. */
    public static final String MOVE = "move";
    /** Containers moved in earlier rounds since the last full re-plan. */
    public static final String ATTEMPTED = "attempted";
    /** Set on the way back from the waiting task: re-plan every container left, failed ones too. */
    public static final String REPLAN_ALL = "replanAll";
    public static final String WAITING_COUNT = "waitingCount";
    /** The waiting containers, one line each with the reason. */
    public static final String WAITING_CONTAINERS = "waitingContainers";
    /** Operator's choice on the waiting task: place without the spread limits. */
    public static final String RELAX_SPREAD = "relaxSpread";
    /** Operator's choice on the waiting task: stop waiting, leave them where they are. */
    public static final String GIVE_UP = "giveUp";
    /** Out of EvacuateHostProcess: whether the host is empty. */
    public static final String EVACUATED = "evacuated";
    /** The host state a SetHostState task sets (an input parameter of the task). */
    public static final String NEW_HOST_STATE = "newHostState";
    /** RESTART_IN_PLACE or MOVE (core RestartPolicy). */
    public static final String RECOVERY = "recovery";
    public static final String RECOVERY_REASON = "recoveryReason";
    /** How many restarts in place this operation made so far (the key of each restart). */
    public static final String RESTART_ATTEMPT = "restartAttempt";
    public static final String PLACED = "placed";

    private MigrationVars() {
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
    public static final String COUNT = "count";
    public static final String DATACENTER_ID = "datacenterId";
    public static final String IMAGE = "image";
    public static final String NEEDS_APPROVAL = "needsApproval";
    public static final String APPROVAL_REASONS = "approvalReasons";
    public static final String APPROVER_GROUP = "approverGroup";
    public static final String APPROVED = "approved";
    public static final String PLANNED_CONTAINERS = "plannedContainers";
    /** One container of the group, {@code ordinal@hostName}: an element of {@link #PLANNED_CONTAINERS} or {@link #VICTIMS}. */
    public static final String PLANNED_CONTAINER = "plannedContainer";
    public static final String PLACEMENT = "placementExplained";
    public static final String FAILURE = "containerFailure";
    public static final String VICTIMS = "victims";
    /** The application an operation changes: the key of its queue. */
    public static final String APPLICATION = "application";
    /** The operation (its process instance id) holding or waiting for an application's lease. */
    public static final String OPERATION_ID = "operationId";
    public static final String OPERATION_DESCRIPTION = "operationDescription";
    public static final String LEASE_HELD = "leaseHeld";
    /** What a waiting operation waits for, in words; null once it holds the lease. */
    public static final String WAITING_FOR = "waitingFor";
    /**
     * Set by an evacuation on the migrations it starts (its process instance id): they share one
     * place per application in the queue (OperationQueue.sharedOperationId) and run in parallel.
     */
    public static final String LEASE_OWNER = "leaseOwner";
    /** The operation id a migration queues under: its own process instance id, or its owner's shared one. */
    public static final String LEASE_OPERATION_ID = "leaseOperationId";
    /** What the migration's place in the queue says to an operator. */
    public static final String LEASE_DESCRIPTION = "leaseDescription";

    private Vars() {
    }
  }

  /**
   * Thrown by a task that works on a host's Docker engine when all the host's slots are held
   * (ADR 0011); caught on that task by a boundary event leading to a short timer and back.
   */
  public static final String ERROR_HOST_BUSY = "Error_HostBusy";
}
