package org.elasticcloud.webapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point one way: webapp → delegates → core ← integrations. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.elasticcloud");

  @Test
  void coreIsPlainJava() {
    noClasses().that().resideInAPackage("org.elasticcloud.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.camunda..",
            "com.github.dockerjava..", "org.openstack4j..", "org.apache.curator..", "org.elasticcloud.db..",
            "org.elasticcloud.integrations..", "org.elasticcloud.delegates..", "org.elasticcloud.webapp..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void delegatesCallPortsNotAdapters() {
    noClasses().that().resideInAPackage("org.elasticcloud.delegates..")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "org.openstack4j..",
            "org.apache.curator..", "com.mysql..", "org.elasticcloud.integrations..", "org.elasticcloud.webapp..")
        .check(CLASSES);
  }

  @Test
  void adaptersDoNotReachUpwards() {
    noClasses().that().resideInAPackage("org.elasticcloud.integrations..")
        .should().dependOnClassesThat().resideInAnyPackage("org.camunda..", "org.elasticcloud.delegates..",
            "org.elasticcloud.webapp..", "org.elasticcloud.db..")
        .check(CLASSES);
  }

  @Test
  void restControllersUsePortsNotAdapters() {
    noClasses().that().resideInAPackage("org.elasticcloud.webapp.api..")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "org.apache.curator..",
            "org.elasticcloud.integrations..")
        .check(CLASSES);
  }
}
