package org.elasticcloud.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Where platform nodes and host agents announce themselves (ZooKeeper). A member stays listed while
 * its process lives and disappears within the session timeout after it dies.
 */
public interface ClusterRegistry {
  /** Announces this process; kept until {@link #leave(Member)} or the process dies. */
  void join(Member self);

  /** Withdraws this process's announcement. */
  void leave(Member self);

  /** The members alive now, of every role, ordered by role then id. */
  List<Member> members();

  /** A live process: its id, its role ({@code platform}, {@code agent}), where it answers. */
  record Member(String id, String role, String address, Instant since) {
  }
}
