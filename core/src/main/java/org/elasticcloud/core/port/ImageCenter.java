package org.elasticcloud.core.port;

import java.util.List;
import java.util.Map;

/**
 * The image center (a Docker registry) holding the layered images: OS → base → application. Images
 * move between a host's engine and the center by push and pull; application images are built on a
 * base image; a container snapshot is promoted to an image of its own.
 */
public interface ImageCenter {
  /** The full reference of {@code repository:tag} in the center, as engines pull it. */
  String reference(String repository, String tag);

  List<String> repositories();

  /** Tags of a repository (empty when the repository does not exist). */
  List<String> tags(String repository);

  boolean exists(String repository, String tag);

  /**
   * Pushes the engine's local image {@code localImage} (a name or id) to the center as
   * {@code repository:tag}; returns the full reference.
   *
   * @throws ImageNotFoundException when the engine has no such local image
   */
  String push(String engineEndpoint, String localImage, String repository, String tag);

  /**
   * Pulls {@code repository:tag} from the center onto the engine; returns the full reference.
   *
   * @throws ImageNotFoundException when the center has no such image
   */
  String pull(String engineEndpoint, String repository, String tag);

  /**
   * Builds an application image on a base image in the center — {@code FROM base}, the given files
   * added under {@code /opt/app}, the given command — pushes it, and returns its full reference.
   */
  String buildApplication(String engineEndpoint, String baseRepository, String baseTag, Map<String, byte[]> files,
      List<String> command, String repository, String tag);
}
