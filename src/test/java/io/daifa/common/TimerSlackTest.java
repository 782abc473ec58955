package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerSlackTest {

  @Test
  void shouldRunTheCommandWithTheSlackGiven() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/proc/self/timerslack_ns")), "a Linux kernel");
    List<String> command = new ArrayList<>(TimerSlack.launcher(Duration.ofNanos(400_000)));
    command.addAll(List.of("cat", "/proc/self/timerslack_ns"));

    assertEquals("400000", outputOf(command));
  }

  @Test
  void shouldPassTheCommandsArgumentsThroughUnchanged() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/proc/self/timerslack_ns")), "a Linux kernel");
    List<String> command = new ArrayList<>(TimerSlack.launcher(Duration.ofMillis(1)));
    command.addAll(List.of("printf", "%s|", "two words", "$HOME", "\"quoted\""));

    assertEquals("two words|$HOME|\"quoted\"|", outputOf(command));
  }

  @Test
  void shouldLeaveTheCommandAloneForNoSlack() {
    assertTrue(TimerSlack.launcher(Duration.ZERO).isEmpty());
  }

  private static String outputOf(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    return output.strip();
  }
}
