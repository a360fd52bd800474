package org.elasticcloud.core.metrics;

import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.contract.MetricsStoreContract;

/** The contract checked against the reference semantics (so the contract itself is right). */
class InMemoryMetricsStoreTest extends MetricsStoreContract {
  private final InMemoryMetricsStore store = new InMemoryMetricsStore();

  @Override
  protected MetricsStore store() {
    return store;
  }
}
