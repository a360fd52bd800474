package org.elasticcloud.agent;

import java.util.Arrays;

/**
 * {@code java -jar ecloud-agent.jar [--key=value ...]}: runs the agent until it is stopped
 * (SIGTERM: it ships what it can and leaves the registry) or has run {@code --rounds}. Exit status
 * 2 on bad settings.
 */
public final class AgentMain {
  private AgentMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(AgentConfig.usage());
      return;
    }
    AgentConfig config;
    try {
      config = AgentConfig.from(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("ecloud-agent: " + e.getMessage());
      System.err.print(AgentConfig.usage());
      System.exit(2);
      return;
    }
    Agent agent = new Agent(config);
    Thread hook = new Thread(agent::close, "agent-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    agent.start();
    agent.awaitRounds();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // stopped by a signal: the hook closes the agent
    }
    agent.close();
  }
}
