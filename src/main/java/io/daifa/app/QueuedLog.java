package io.daifa.app;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The router's log lines go through a queue to the console (logback.xml: an actor that logs must
 * not wait for whoever reads the router's output). A queue's lines are lost if the JVM exits before
 * its writer gets to them, so every way out of {@link Main} writes them first, after the last thing
 * worth logging: a stop after the router and its storage have stopped, an exit with the command's
 * status.
 */
final class QueuedLog {

  private QueuedLog() {}

  /** Writes out what is queued and stops logging; lines logged afterwards are dropped. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  /** Flushes, then exits the JVM with this status. */
  static void exit(int status) {
    flush();
    System.exit(status);
  }
}
