package org.elasticcloud.integrations.openstack;

import java.time.Duration;
import java.time.Instant;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * One Keystone v3 session shared by the OpenStack adapters: authenticates once, re-authenticates
 * before the token expires, and gives each call a client bound to the current token (openstack4j
 * clients belong to the thread that made them).
 */
public class OpenStackSession {
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final Settings settings;
  private final Config config;
  private volatile Token token;

  /** Where and as whom to authenticate. */
  public record Settings(String authUrl, String user, String password, String project, String domain, String region) {
  }

  public OpenStackSession(Settings settings, Duration connectTimeout, Duration readTimeout) {
    this(settings, Config.newConfig().withConnectionTimeout((int) connectTimeout.toMillis())
        .withReadTimeout((int) readTimeout.toMillis()));
  }

  /** With a transport configuration of one's own (tests redirect endpoints through it). */
  OpenStackSession(Settings settings, Config config) {
    this.settings = settings;
    this.config = config;
  }

  /** A client for the calling thread, on a token valid for at least a few more minutes. */
  public OSClientV3 client() {
    Token t = token;
    if (t == null || t.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
      synchronized (this) {
        t = token;
        if (t == null || t.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
          OSClientV3 fresh = OSFactory.builderV3().withConfig(config).endpoint(settings.authUrl())
              .credentials(settings.user(), settings.password(), Identifier.byName(settings.domain()))
              .scopeToProject(Identifier.byName(settings.project()), Identifier.byName(settings.domain()))
              .authenticate();
          fresh.useRegion(settings.region());
          token = fresh.getToken();
          return fresh;
        }
      }
    }
    OSClientV3 client = OSFactory.clientFromToken(t, config);
    client.useRegion(settings.region());
    return client;
  }

  public String region() {
    return settings.region();
  }

  public Token token() {
    client();
    return token;
  }
}
