package org.elasticcloud.webapp.config;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes sure the first administrator exists, in the {@code camunda-admin} group with every
 * permission. A password given in {@code ECLOUD_ADMIN_PASSWORD} is applied on every start (so the
 * environment stays the truth); a generated one only creates a missing user and is printed once.
 */
@Component
public class AdminUserSetup {
  private static final Logger LOG = LoggerFactory.getLogger(AdminUserSetup.class);

  private final ProcessEngine engine;
  private final String userId;
  private final String password;
  private final boolean generated;

  public AdminUserSetup(ProcessEngine engine, @Value("${" + AdminUserEnvironment.USER + "}") String userId,
      @Value("${" + AdminUserEnvironment.PASSWORD + "}") String password,
      @Value("${" + AdminUserEnvironment.GENERATED + "}") boolean generated) {
    this.engine = engine;
    this.userId = userId;
    this.password = password;
    this.generated = generated;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ensureAdmin() {
    IdentityService identity = engine.getIdentityService();
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      user = identity.newUser(userId);
      user.setFirstName("Elastic Cloud");
      user.setLastName("Administrator");
      user.setPassword(password);
      identity.saveUser(user);
      if (generated) {
        LOG.warn("ECP-WEB-001 created administrator '{}' with generated password '{}' "
            + "(set ECLOUD_ADMIN_PASSWORD to choose it)", userId, password);
      } else {
        LOG.info("ECP-WEB-002 created administrator '{}' from ECLOUD_ADMIN_USER/ECLOUD_ADMIN_PASSWORD", userId);
      }
    } else if (!generated) {
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("ECP-WEB-003 administrator '{}' password set from ECLOUD_ADMIN_PASSWORD", userId);
    } else {
      LOG.info("ECP-WEB-004 administrator '{}' exists; its password is unchanged", userId);
    }
    ensureAdminGroup(identity);
    if (identity.createUserQuery().userId(userId).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
      identity.createMembership(userId, Groups.CAMUNDA_ADMIN);
    }
  }

  private void ensureAdminGroup(IdentityService identity) {
    if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
      Group group = identity.newGroup(Groups.CAMUNDA_ADMIN);
      group.setName("Elastic Cloud administrators");
      group.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(group);
    }
    AuthorizationService authorizations = engine.getAuthorizationService();
    for (Resource resource : Resources.values()) {
      boolean granted = authorizations.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN)
          .resourceType(resource).resourceId(Authorization.ANY).count() > 0;
      if (!granted) {
        Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        auth.setGroupId(Groups.CAMUNDA_ADMIN);
        auth.setResource(resource);
        auth.setResourceId(Authorization.ANY);
        auth.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(auth);
      }
    }
  }
}
