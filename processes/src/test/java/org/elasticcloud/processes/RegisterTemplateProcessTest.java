package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.RegistrationKind;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.inventory.TemplateRegistration;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.ActivateTemplateDelegate;
import org.elasticcloud.delegates.DiscardTemplateDelegate;
import org.elasticcloud.delegates.ProcessNames.RegisterTemplate;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.RecordTemplateDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** RegisterTemplateProcess in an in-memory engine with the real delegates over an H2 inventory. */
@Deployment(resources = "bpmn/RegisterTemplateProcess.bpmn")
class RegisterTemplateProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private Inventory inventory;
  private TemplateStore store;
  private long groupId;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Migrations.migrate(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    inventory = new Inventory(jdbc);
    store = new TemplateStore(jdbc);
    long dept = inventory.departments.insert(new Department(null, "retail")).id();
    long owner = inventory.owners.insert(new Owner(null, "alice", "alice@example.org", dept)).id();
    long app = inventory.applications.insert(new Application(null, "cap", owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "c1", 1, 512L, 5L)).id();
    groupId = inventory.groups.insert(new AppGroup(null, app, 1L, "v2", spec, 1, 10)).id();
    Mocks.register("recordTemplateDelegate", new RecordTemplateDelegate(store));
    Mocks.register("activateTemplateDelegate", new ActivateTemplateDelegate(store));
    Mocks.register("discardTemplateDelegate", new DiscardTemplateDelegate(store));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  private static TemplateDefinition definition() {
    return new TemplateDefinition("cap-production-v2-0", "10.211.1.5",
        List.of(new TemplateDefinition.Grant("jdbc:mysql://127.0.0.1:3307/cap", "cap", "cap_app", "SELECT, INSERT")),
        new TemplateDefinition.Vip("cap-v2", "10.211.14.20", 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu", "memory")),
        new TemplateDefinition.Logging(List.of("/var/log/app/*.log"), 14));
  }

  private ProcessInstance start() {
    return engine.getRuntimeService().startProcessInstanceByKey(RegisterTemplate.PROCESS_ID, "cap/production/v2",
        Map.of(Vars.GROUP_ID, groupId, Vars.TEMPLATE_DEFINITION, definition().toText(), Vars.REGISTERED_BY, "alice"));
  }

  @Test
  void confirmed_registrationsBecomeTheGroups() {
    ProcessInstance pi = start();
    BpmnAwareTests.execute(job(pi));
    assertThat(store.find(groupId).orElseThrow().state()).isEqualTo(TemplateStore.State.PENDING);

    assertThat(pi).isWaitingAt(RegisterTemplate.TASK_CONFIRM);
    Task t = task(pi);
    assertThat(t).hasCandidateGroup("operators").hasCandidateGroup("camunda-admin");
    engine.getTaskService().claim(t.getId(), "bob");
    engine.getTaskService().complete(t.getId(), Map.of(Vars.CONFIRMED, true));
    BpmnAwareTests.execute(job(pi));

    assertThat(pi).isEnded().hasPassed(RegisterTemplate.END_REGISTERED);
    TemplateStore.Template stored = store.find(groupId).orElseThrow();
    assertThat(stored.state()).isEqualTo(TemplateStore.State.REGISTERED);
    assertThat(stored.confirmedBy()).isEqualTo("bob");
    assertThat(stored.definition()).isEqualTo(definition());
    assertThat(inventory.registrations.findBy("groupId", groupId)).extracting(TemplateRegistration::kind)
        .containsExactlyInAnyOrder(RegistrationKind.DB_GRANT, RegistrationKind.VIP, RegistrationKind.MONITORING,
            RegistrationKind.LOGGING);
  }

  @Test
  void notConfirmed_templateIsDiscardedAndTheGroupKeepsWhatItHad() {
    ProcessInstance pi = start();
    BpmnAwareTests.execute(job(pi));
    Task t = task(pi);
    engine.getTaskService().claim(t.getId(), "bob");
    engine.getTaskService().complete(t.getId(), Map.of(Vars.CONFIRMED, false));
    BpmnAwareTests.execute(job(pi));

    assertThat(pi).isEnded().hasPassed(RegisterTemplate.END_DISCARDED).hasNotPassed(RegisterTemplate.TASK_ACTIVATE);
    assertThat(store.find(groupId).orElseThrow().state()).isEqualTo(TemplateStore.State.DISCARDED);
    assertThat(inventory.registrations.findBy("groupId", groupId)).isEmpty();
  }

  @Test
  void recordingTwiceKeepsOneTemplate() {
    ProcessInstance pi = start();
    BpmnAwareTests.execute(job(pi));
    store.recordPending(groupId, definition(), pi.getId(), "alice");
    assertThat(store.find(groupId).orElseThrow().processInstanceId()).isEqualTo(pi.getId());
  }

  @Test
  void theDefinitionSurvivesItsTextForm() {
    assertThat(TemplateDefinition.fromText(definition().toText())).isEqualTo(definition());
  }
}
