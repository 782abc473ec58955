package io.daifa.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks each answer the integration tests get against {@code openapi.yaml}, as a client generated
 * from it would read it: a problem ({@code application/problem+json}, every error path of the
 * authorization matrix and the bad-input table among them) against the {@code Problem} schema; an
 * answer of a documented operation must have a documented status (or the operation a {@code
 * default}), and its JSON body must match the schema documented for that status. A field renamed in
 * code and not in the document, or the other way round, fails the test that met it.
 */
final class ContractValidator {

  static final ContractValidator INSTANCE = new ContractValidator();

  private static final String DOCUMENT = "classpath:openapi.yaml";
  private static final String PROBLEM = "#/components/schemas/Problem";

  private record Template(String path, Pattern pattern, int parameters) {}

  private final JsonNode document;
  private final List<Template> templates = new ArrayList<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private ContractValidator() {
    try (InputStream in = ContractValidator.class.getResourceAsStream("/openapi.yaml")) {
      document = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      String regex = path.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.");
      templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
    }
    // The most literal template first: /v1/market/products/{id} before /v1/{…}/{…}/{…}.
    templates.sort(java.util.Comparator.comparingInt(Template::parameters));
  }

  /**
   * Fails the test when the answer breaks the contract; with {@code CONTRACT_SAMPLES=FILE} set,
   * writes the violation there instead (to survey a whole run).
   */
  void verify(String method, String uri, int statusCode, String type, String body) {
    String violation = violation(method, uri, statusCode, type, body);
    if (violation != null && System.getenv("CONTRACT_SAMPLES") != null) {
      sample("VIOLATION " + violation);
    } else if (violation != null) {
      throw new AssertionError("the answer breaks openapi.yaml: " + violation);
    }
  }

  /** Why the answer breaks the contract, or null when it keeps it. */
  private String violation(String method, String uri, int statusCode, String type, String body) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    boolean problem = type.startsWith("application/problem+json");
    Template template =
        templates.stream()
            .filter(t -> t.pattern().matcher(path).matches())
            .findFirst()
            .orElse(null);
    String pointer =
        template == null
            ? null
            : "/paths/" + escape(template.path()) + "/" + method.toLowerCase(Locale.ROOT);
    if (template == null || document.at(pointer).isMissingNode()) {
      // Not an API path (the docs page, a made-up path), or a method the path does not have
      // (answered 405): only a problem's shape can be checked.
      return problem ? check(PROBLEM, body, method + " " + path) : null;
    }
    String status = Integer.toString(statusCode);
    sample(method + " " + template.path() + " " + status + " " + body);
    String response = pointer + "/responses/" + status;
    if (problem) {
      return problemViolation(pointer, status, body, method + " " + template.path() + " " + status);
    }
    if (document.at(response).isMissingNode()) {
      if (document.at(pointer + "/responses/default").isMissingNode()) {
        return method + " " + template.path() + " answered " + status + ", not documented";
      }
      response = pointer + "/responses/default";
    }
    JsonNode responseNode = resolved(document.at(response));
    String media =
        type.startsWith("application/json")
            ? "application/json"
            : type.startsWith("application/x-ndjson") ? "application/x-ndjson" : null;
    if (media == null || body.isEmpty()) {
      return null; // CSV, PNG, YAML, Prometheus text: not described by a schema
    }
    if (responseNode.path("content").path(media).path("schema").isMissingNode()) {
      return method + " " + template.path() + " " + status + ": " + media + " without a schema";
    }
    String schema = schemaPointer(response, media);
    String what = method + " " + template.path() + " " + status;
    if (media.equals("application/x-ndjson")) {
      for (String line : body.split("\n")) {
        String violation = line.isBlank() ? null : check(schema, line, what);
        if (violation != null) {
          return violation;
        }
      }
      return null;
    }
    return check(schema, body, what);
  }

  /**
   * A problem must have a status its operation documents, the shape of its schema, and a code
   * listed for that status in the document's {@code x-problem-codes} (any operation's) or the
   * operation's own.
   */
  private String problemViolation(String operation, String status, String body, String what) {
    String response = operation + "/responses/" + status;
    if (document.at(response).isMissingNode()) {
      return what + ": a problem with a status the operation does not document: " + body;
    }
    boolean ownSchema =
        !resolved(document.at(response))
            .path("content")
            .path("application/problem+json")
            .path("schema")
            .isMissingNode();
    String shape =
        check(
            ownSchema ? schemaPointer(response, "application/problem+json") : PROBLEM, body, what);
    if (shape != null) {
      return shape;
    }
    String code;
    try {
      code = ApiClient.JSON.readTree(body).path("code").asText();
    } catch (IOException e) {
      return what + ": not JSON: " + body;
    }
    // The document's own x-problem-codes: the code of each status for every operation; the
    // operation's: the codes it adds.
    for (String listing : List.of("/x-problem-codes/", operation + "/x-problem-codes/")) {
      for (JsonNode listed : document.at(listing + status)) {
        if (listed.asText().equals(code)) {
          return null;
        }
      }
    }
    return what + ": code " + code + " is not in the operation's x-problem-codes: " + body;
  }

  /** The pointer to the schema of {@code media} in the response at {@code response}, resolved. */
  private String schemaPointer(String response, String media) {
    JsonNode node = document.at(response);
    return "#"
        + (node.has("$ref") ? refPointer(node) : response)
        + "/content/"
        + escape(media)
        + "/schema";
  }

  private JsonNode resolved(JsonNode node) {
    return node.has("$ref") ? document.at(refPointer(node)) : node;
  }

  private static String refPointer(JsonNode node) {
    return node.get("$ref").asText().substring(1);
  }

  private String check(String schemaPointer, String text, String what) {
    JsonNode body;
    try {
      body = ApiClient.JSON.readTree(text);
    } catch (IOException e) {
      return what + ": not JSON: " + text;
    }
    Schema schema =
        schemas.computeIfAbsent(
            schemaPointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT + p)));
    var errors = schema.validate(body);
    return errors.isEmpty() ? null : what + ": " + errors + " in " + text;
  }

  /**
   * With {@code CONTRACT_SAMPLES=FILE} in the environment, each answer of a documented path is
   * written there.
   */
  static synchronized void sample(String line) {
    String file = System.getenv("CONTRACT_SAMPLES");
    if (file == null) {
      return;
    }
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(file),
          line.replace("\n", " ") + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String path) {
    return path.replace("~", "~0").replace("/", "~1");
  }
}
