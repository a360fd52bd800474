package org.elasticcloud.delegates.lease;

import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * Runs an action once the engine's current transaction has committed (at once outside one): a
 * lease or queue place must go only when the operation's ending is committed, since a rolled-back
 * ending means the operation still runs and still holds it.
 */
final class AfterCommit {
  private AfterCommit() {
  }

  static void run(Runnable action) {
    if (Context.getCommandContext() != null) {
      Context.getCommandContext().getTransactionContext()
          .addTransactionListener(TransactionState.COMMITTED, commandContext -> action.run());
    } else {
      action.run();
    }
  }
}
