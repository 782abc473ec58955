package io.daifa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.ObjIntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The router's own logging configuration (src/main/resources/logback.xml), against its console. */
class QueuedLogTest {

  private final PrintStream console = System.out;
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void restoreConsole() {
    context.stop();
    System.setOut(console);
  }

  @Test
  void aConsoleNobodyReadsDoesNotStopTheThreadsThatLog() throws Exception {
    String out = logWhileNobodyReads(100_000, (log, i) -> log.info("order {} routed", i));
    long lines = out.lines().count();
    assertTrue(
        lines > 0 && lines <= 8_192, "what the queue held was written, the rest dropped: " + lines);
  }

  @Test
  void whatIsQueuedIsWrittenWhenLoggingStops() throws Exception {
    String out = logWhileNobodyReads(1_000, (log, i) -> log.warn("line {}", i));
    assertEquals(1_000, out.lines().count(), "every queued line written");
    assertTrue(out.contains("line 999"), "the last line too");
  }

  /**
   * Logs so many lines while the console's reader is away (written directly, the first line would
   * wait for it for good: the test fails by its timeout), then lets the reader back, stops logging
   * as Main does on its way out, and answers what reached the console.
   */
  private String logWhileNobodyReads(int lines, ObjIntConsumer<Logger> line) throws Exception {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    CountDownLatch reader = new CountDownLatch(1);
    System.setOut(new PrintStream(new StalledUntil(reader, written), true));
    Logger log = routerLogger();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            for (int i = 0; i < lines; i++) {
              line.accept(log, i);
            }
          });
    } finally {
      reader.countDown();
    }
    context.stop();
    return written.toString(StandardCharsets.UTF_8);
  }

  private Logger routerLogger() throws Exception {
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    return context.getLogger("io.daifa.shop.ShopEntity");
  }

  /** A console whose reader does not read until the latch is released. */
  private static final class StalledUntil extends OutputStream {
    private final CountDownLatch reader;
    private final OutputStream sink;

    StalledUntil(CountDownLatch reader, OutputStream sink) {
      this.reader = reader;
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    /** Waits like a write to a full pipe: not cut short by an interrupt. */
    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      boolean interrupted = false;
      while (reader.getCount() > 0) {
        try {
          reader.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      sink.write(b, off, len);
    }
  }
}
