package org.elasticcloud.integrations.vip;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;

/**
 * HAProxy's runtime API (the {@code stats socket ... level admin}) over its unix socket: one
 * command per connection, in the non-interactive mode: the command and a newline are sent, and
 * HAProxy answers and closes the connection. Commands must hold no newline and no ';' (the
 * CLI's command separator): the adapter sends only names it validated.
 */
public class HaproxyRuntimeApi {
  private final Path socket;
  private final Duration timeout;

  public HaproxyRuntimeApi(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  public Path socket() {
    return socket;
  }

  /**
   * Sends one command and returns HAProxy's whole answer (often empty for a successful change).
   *
   * @throws LoadBalancerUnavailableException when the socket is missing, refuses, or the answer
   *     does not end within the timeout
   */
  public String execute(String command) {
    if (command.indexOf('\n') >= 0 || command.indexOf(';') >= 0) {
      throw new IllegalArgumentException("one runtime API command, without newline or ';': " + command);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = StandardCharsets.UTF_8.encode(command + "\n");
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.configureBlocking(false);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(16 * 1024);
      try (Selector selector = Selector.open()) {
        ch.register(selector, SelectionKey.OP_READ);
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new LoadBalancerUnavailableException("ECP-VIP-002 HAProxy runtime API at " + socket
                + " did not finish its answer to '" + command + "' within " + timeout.toMillis() + " ms");
          }
          selector.select(Math.max(1, left / 1_000_000));
          selector.selectedKeys().clear();
          int n;
          while ((n = ch.read(in)) > 0) {
            answer.write(in.array(), 0, in.position());
            in.clear();
          }
          if (n < 0) {
            return answer.toString(StandardCharsets.UTF_8);
          }
        }
      }
    } catch (IOException e) {
      throw new LoadBalancerUnavailableException("ECP-VIP-001 HAProxy runtime API at " + socket + " unreachable ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ") for '" + command + "'", e);
    }
  }
}
