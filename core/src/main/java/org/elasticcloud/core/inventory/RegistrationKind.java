package org.elasticcloud.core.inventory;

/** What an operator registered by hand for a group's template container. */
public enum RegistrationKind {
  DB_GRANT, VIP, MONITORING, LOGGING
}
