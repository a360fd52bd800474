package org.elasticcloud.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostUnreachableException;

/** {@link ContainerRuntime} on Docker engines through docker-java. */
public class DockerContainerRuntime implements ContainerRuntime {
  private final DockerEngines engines;

  public DockerContainerRuntime(DockerEngines engines) {
    this.engines = engines;
  }

  @Override
  public EngineInfo ping(String engineEndpoint) {
    try {
      DockerClient client = engines.client(engineEndpoint);
      client.pingCmd().exec();
      Version version = client.versionCmd().exec();
      Info info = client.infoCmd().exec();
      return new EngineInfo(version.getVersion(), version.getApiVersion(),
          info.getNCPU() == null ? 0 : info.getNCPU(),
          info.getMemTotal() == null ? 0 : info.getMemTotal());
    } catch (RuntimeException e) {
      // docker-java wraps connection failures (IOException) and engine errors alike in runtime
      // exceptions; for a ping every one of them means "the engine does not answer properly".
      throw new HostUnreachableException(engineEndpoint, rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
