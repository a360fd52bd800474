package org.elasticcloud.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  @Test
  void theCommandLineWinsOverTheEnvironment_whichWinsOverDefaults() {
    AgentConfig c = AgentConfig.from(new String[] {"--host=d2", "--interval=500ms",
        "--platform=http://10.0.0.1:8080/,https://p2.example:8443"}, Map.of(
        "ECLOUD_AGENT_HOST", "ignored", "ECLOUD_AGENT_ZK_CONNECT", "127.0.0.1:2181",
        "ECLOUD_AGENT_PASSWORD", "pw", "ECLOUD_AGENT_READONLY_MOUNTS", "/, /data"));
    assertThat(c.host()).isEqualTo("d2");
    assertThat(c.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.platforms()).containsExactly(URI.create("http://10.0.0.1:8080"), URI.create("https://p2.example:8443"));
    assertThat(c.zkConnect()).isEqualTo("127.0.0.1:2181");
    assertThat(c.zkBasePath()).isEqualTo("/ecloud");
    assertThat(c.password()).isEqualTo("pw");
    assertThat(c.toString()).doesNotContain("pw,").contains("password=***");
    assertThat(c.readonlyMounts()).containsExactly("/", "/data");
    assertThat(c.smartCommand()).containsExactly("smartctl", "-H");
    assertThat(c.procRoot()).isEqualTo(Path.of("/proc"));
    assertThat(c.bufferPoints()).isEqualTo(100_000);
    assertThat(c.kernelPatterns().matcher("blk_update_request: I/O error, dev sda").find()).isTrue();
    assertThat(c.kernelPatterns().matcher("EXT4-fs (sda1): mounted filesystem").find()).isFalse();
  }

  @Test
  void durationsInSeveralSpellings() {
    assertThat(AgentConfig.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(AgentConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(AgentConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(AgentConfig.parseDuration("15")).isEqualTo(Duration.ofSeconds(15));
    assertThat(AgentConfig.parseDuration("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> AgentConfig.from(new String[] {"--intervall=5s"}, Map.of()))
        .hasMessageContaining("unknown setting --intervall");
    assertThatThrownBy(() -> AgentConfig.from(new String[] {"--interval=soon"}, Map.of()))
        .hasMessageContaining("--interval");
    assertThatThrownBy(() -> AgentConfig.from(new String[] {"--buffer-points=0"}, Map.of()))
        .hasMessageContaining("--buffer-points");
    assertThatThrownBy(() -> AgentConfig.from(new String[] {"--platform=ftp://x"}, Map.of()))
        .hasMessageContaining("--platform");
    assertThatThrownBy(() -> AgentConfig.from(new String[] {"host=d1"}, Map.of()))
        .hasMessageContaining("not --key=value");
    assertThat(AgentConfig.usage()).contains("--zk-connect", "ECLOUD_AGENT_<KEY>", "--rounds");
  }
}
