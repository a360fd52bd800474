package org.elasticcloud.core.alerts;

/** One address on one channel: an e-mail address, or a phone number in E.164 form ({@code +4915112345678}). */
public record Recipient(Channel channel, String address) {
  @Override
  public String toString() {
    return channel.wire() + ":" + address;
  }
}
