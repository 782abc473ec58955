package io.daifa.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection spoken by hand, for what Java's client hides: whether the server answers
 * before the body is sent ({@code Expect: 100-continue}) and whether the connection survives an
 * answer, so that a second request on it is answered too.
 */
final class RawHttpConnection implements AutoCloseable {

  /** An answer as read off the wire; header names lower-cased. */
  record RawAnswer(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttpConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends a request's head: the request line and these headers, then the empty line. */
  void sendHead(String method, String path, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: test\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  void sendBody(byte[] body) throws IOException {
    out.write(body);
    out.flush();
  }

  /** Reads one answer; its body by {@code Content-Length}. */
  RawAnswer read() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new TreeMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new RawAnswer(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
