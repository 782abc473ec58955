package io.daifa.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@code POST /v1/orders/stream} over a bare socket, so that a scenario controls exactly when bytes
 * are written and when answers are read: the slow clients the JDK client cannot play.
 */
final class RawStream implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawStream(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(180_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
    write(
        "POST /v1/orders/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + RouterProcess.INGEST_KEY
            + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n");
  }

  /** One chunk of the request body; blocks while the router is not reading. */
  void send(String ndjson) throws IOException {
    byte[] bytes = ndjson.getBytes(StandardCharsets.UTF_8);
    write(Integer.toHexString(bytes.length) + "\r\n");
    out.write(bytes);
    write("\r\n");
  }

  void finish() throws IOException {
    write("0\r\n\r\n");
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Reads the answer, giving each result line to {@code lines}; true if it ended properly (the
   * final chunk of a 200), false if the connection was closed before or the status was not 200.
   */
  boolean readResults(Consumer<String> lines) throws IOException {
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.1 200")) {
      return false;
    }
    boolean chunked = false;
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      chunked |= header.toLowerCase().startsWith("transfer-encoding: chunked");
    }
    if (!chunked) {
      return false;
    }
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        return false;
      }
      int length = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (length == 0) {
        line(); // the empty line after the last chunk (no trailers)
        return true;
      }
      for (int i = 0; i < length; i++) {
        int b = in.read();
        if (b < 0) {
          return false;
        }
        if (b == '\n') {
          lines.accept(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
        } else {
          pending.write(b);
        }
      }
      line(); // the CRLF closing the chunk
    }
  }

  /** One CRLF-ended line of the head or the chunk framing; null at the end of the stream. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int end = line.length() - 1;
        return end >= 0 && line.charAt(end) == '\r' ? line.substring(0, end) : line.toString();
      }
      line.append((char) b);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
