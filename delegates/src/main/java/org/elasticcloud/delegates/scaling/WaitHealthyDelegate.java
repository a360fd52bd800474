package org.elasticcloud.delegates.scaling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Waits until the new container answers its health check ({@code GET /health} on the VIP's member
 * port), well within the job's lock time; a container that never becomes healthy fails its branch.
 */
@Component
public class WaitHealthyDelegate implements JavaDelegate {
  /** How long the health check is polled every 50 ms before every 200 ms. */
  static final Duration FAST_POLLING = Duration.ofSeconds(2);
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final ScaleOutSettings settings;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public WaitHealthyDelegate(Inventory inventory, NetworkPorts ports, ScaleOutSettings settings) {
    this.inventory = inventory;
    this.ports = ports;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) throws InterruptedException {
    GroupContext c = GroupContext.of(execution, inventory);
    String ip = ports.find(c.containerName(execution)).orElseThrow().ip();
    var vip = Registrations.vip(inventory, c.group().id());
    int port = vip.map(Registrations.Vip::memberPort).orElse(settings.healthPort());
    String path = vip.map(v -> v.spec().healthCheck().path()).orElse("/health");
    URI uri = URI.create("http://" + ip + ":" + port + path);
    Instant started = Instant.now();
    Instant fastUntil = started.plus(FAST_POLLING);
    Instant deadline = started.plus(settings.healthTimeout());
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
        last = "status " + r.statusCode();
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      }
      // polling the container's health endpoint: there is no event to wait on. Often at first (most
      // containers answer within a second of their start, and this job holds a job thread), then less
      Thread.sleep(Instant.now().isBefore(fastUntil) ? 50 : 200);
    }
    String message = "ECP-SCALE-003 " + c.containerName(execution) + " not healthy at " + uri + " after "
        + settings.healthTimeout() + " (" + last + ")";
    execution.setVariable(Vars.FAILURE, message);
    throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, message);
  }
}
