package org.elasticcloud.core.metrics;

/**
 * Whom a point measures. A host: {@code name} is the host's name, equal to {@code host}, and the
 * application fields are null. A container: {@code name} is the container's name
 * ({@code app-env-group-ordinal}) and the application fields come from its labels
 * ({@code org.elasticcloud.app/env/group}); they are null for containers that are not the
 * platform's. {@code datacenter} is filled in by the platform at ingestion (agents send null).
 */
public record Subject(SubjectKind kind, String name, String host, String application,
    String environment, String group, String datacenter) {

  public static Subject host(String hostName) {
    return new Subject(SubjectKind.HOST, hostName, hostName, null, null, null, null);
  }

  public static Subject container(String name, String host, String application,
      String environment, String group) {
    return new Subject(SubjectKind.CONTAINER, name, host, application, environment, group, null);
  }

  public Subject inDatacenter(String datacenterName) {
    return new Subject(kind, name, host, application, environment, group, datacenterName);
  }
}
