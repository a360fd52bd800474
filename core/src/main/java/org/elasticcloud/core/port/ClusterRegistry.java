package org.elasticcloud.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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

  /**
   * Tells {@code listener} the ids of the live members of {@code role}: once the registry has read
   * them, then after every change, until the returned watch is closed. Calls come one at a time on
   * the registry's own thread: hand long work to another.
   */
  Watch watch(String role, Consumer<Set<String>> listener);

  /** A running {@link #watch}. */
  interface Watch extends AutoCloseable {
    /** Whether the registry has read the members at least once. */
    boolean initialized();

    @Override
    void close();
  }

  /** A live process: its id, its role ({@code platform}, {@code agent}), where it answers. */
  record Member(String id, String role, String address, Instant since) {
  }
}
