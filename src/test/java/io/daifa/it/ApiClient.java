package io.daifa.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The plain HTTP client of the integration tests, for what the client generated from {@code
 * openapi.yaml} cannot send or read: malformed, hostile or oversized bodies and parameters (the
 * bad-input table, the authorization matrix, the abuse tests), the NDJSON stream, and answers that
 * are no JSON (PNG, CSV, HTML, Prometheus text). The business flows speak through the generated
 * client ({@link HttpTestServer#client}). Every answer is checked against {@code openapi.yaml}
 * ({@link ContractValidator}) all the same.
 */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, String contentType, String body, HttpResponse<byte[]> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String code() {
      return json().path("code").asText(null);
    }

    String text(String field) {
      return json().path(field).asText(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(String base) {
    this.base = base;
  }

  Answer call(String method, String path, String key, String body) {
    return send(method, path, key, body == null ? null : body.getBytes(), "application/json", null);
  }

  Answer send(
      String method,
      String path,
      String key,
      byte[] body,
      String contentType,
      String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Answer answer =
          new Answer(
              response.statusCode(),
              response.headers().firstValue("Content-Type").orElse(""),
              new String(response.body()),
              response);
      ContractValidator.INSTANCE.verify(
          method, path, answer.status(), answer.contentType(), answer.body());
      return answer;
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Answer get(String path, String key) {
    return call("GET", path, key, null);
  }

  Answer post(String path, String key, String body) {
    return call("POST", path, key, body);
  }

  Answer put(String path, String key, String body) {
    return call("PUT", path, key, body);
  }

  Answer delete(String path, String key) {
    return call("DELETE", path, key, null);
  }
}
