package org.elasticcloud.integrations.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.NetworkUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.Config;
import org.openstack4j.openstack.identity.internal.DefaultEndpointURLResolver;

/**
 * The Neutron adapter when Neutron fails: the network endpoint is redirected through a proxy in
 * this test that forwards to the lab's real Neutron, or answers a chosen status instead.
 */
class NeutronFailureInjectionTest {
  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
      "upgrade", "expect");
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger injected = new AtomicInteger(0);
  /** Inject only for this method (null: for every request). */
  private volatile String injectedMethod;
  private boolean proxyDown;
  private HttpServer proxy;
  private String neutron;
  private NeutronNetworkPorts ports;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void start() throws IOException {
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", this::handle);
    proxy.start();
    String proxyUrl = "http://127.0.0.1:" + proxy.getAddress().getPort();
    DefaultEndpointURLResolver real = new DefaultEndpointURLResolver();
    Config config = Config.newConfig().withConnectionTimeout(5000).withReadTimeout(30000)
        .withEndpointURLResolver(new org.openstack4j.api.identity.EndpointURLResolver() {
          @Override
          public String findURLV2(org.openstack4j.model.identity.URLResolverParams p) {
            return real.findURLV2(p);
          }

          @Override
          public String findURLV3(org.openstack4j.model.identity.URLResolverParams p) {
            String url = real.findURLV3(p);
            if (p.type == ServiceType.NETWORK) {
              URI u = URI.create(url);
              neutron = u.getScheme() + "://" + u.getAuthority();
              return proxyUrl + (u.getRawPath() == null ? "" : u.getRawPath());
            }
            return url;
          }
        });
    OpenStackSession session = new OpenStackSession(new OpenStackSession.Settings(
        NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_AUTH_URL"), NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_USER"),
        NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_PASSWORD"), NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_PROJECT"),
        NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_DOMAIN"), NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_REGION")), config);
    ports = new NeutronNetworkPorts(session, NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_NETWORK_ID"),
        NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_SUBNET_ID"));
  }

  @AfterEach
  void stop() {
    injected.set(0);
    injectedMethod = null;
    if (proxyDown) {
      return; // nothing got through to Neutron
    }
    ports.list().stream().filter(p -> p.name().startsWith("fi-" + run)).forEach(p -> ports.release(p.name()));
    proxy.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    int status = injected.get();
    if (status != 0 && (injectedMethod == null || injectedMethod.equals(ex.getRequestMethod()))) {
      byte[] body = ("{\"NeutronError\":{\"type\":\"Injected\",\"message\":\"injected " + status + "\",\"detail\":\"\"}}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(neutron + ex.getRequestURI()))
        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()))
        .timeout(Duration.ofSeconds(30));
    ex.getRequestHeaders().forEach((k, vs) -> {
      if (!HOP_HEADERS.contains(k.toLowerCase())) {
        vs.forEach(v -> forward.header(k, v));
      }
    });
    HttpResponse<byte[]> r;
    try {
      r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
    byte[] body = r.body();
    ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void throughTheProxyEverythingWorks() {
    assertThat(ports.allocate("fi-" + run + "-ok", "host-a").ip()).startsWith("10.211.");
  }

  @Test
  void neutronAnswering500IsATechnicalFailureAndLeavesNoPort() {
    injected.set(500);
    assertThatThrownBy(() -> ports.allocate("fi-" + run + "-500", "host-a")).isInstanceOf(NetworkUnavailableException.class);
    assertThatThrownBy(() -> ports.find("fi-" + run + "-500")).isInstanceOf(NetworkUnavailableException.class);
    injected.set(0);
    assertThat(ports.find("fi-" + run + "-500")).isEmpty();
  }

  @Test
  void neutronAnswering409ToTheCreateIsAnAddressInUse() {
    injectedMethod = "POST";
    injected.set(409);
    assertThatThrownBy(() -> ports.allocate("fi-" + run + "-409", "host-a", "10.211.12.210"))
        .isInstanceOf(AddressInUseException.class);
    injected.set(0);
    assertThat(ports.find("fi-" + run + "-409")).isEmpty();
  }

  @Test
  void neutronFailingTheCreateWith503IsATechnicalFailure() {
    injectedMethod = "POST";
    injected.set(503);
    assertThatThrownBy(() -> ports.allocate("fi-" + run + "-503", "host-a")).isInstanceOf(NetworkUnavailableException.class);
    injected.set(0);
    assertThat(ports.find("fi-" + run + "-503")).isEmpty();
  }

  @Test
  void neutronUnreachableIsATechnicalFailure() {
    ports.find("fi-" + run + "-x");
    proxy.stop(0);
    proxyDown = true;
    assertThatThrownBy(() -> ports.allocate("fi-" + run + "-down", "host-a")).isInstanceOf(NetworkUnavailableException.class);
  }
}
