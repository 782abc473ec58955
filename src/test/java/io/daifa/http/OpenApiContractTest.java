package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lint of {@code openapi.yaml}, run with the unit tests (so by {@code .ci/run}). The document
 * must parse as valid OpenAPI 3 with every reference resolved (swagger-parser reports nothing), and
 * keep the house rules that client generators and readers depend on:
 *
 * <ol>
 *   <li>every operation has an {@code operationId}, unique, in lowerCamelCase (generated clients
 *       name their methods after it), a summary, and exactly one tag declared at the top;
 *   <li>every operation under {@code /v1} lists a 4xx response and {@code 503} (storage away); one
 *       that needs a key lists {@code 401} and {@code 429} (the failed-authentication limit);
 *   <li>an operation with a request body lists {@code 400}, {@code 413} and {@code 422};
 *   <li>every JSON (and NDJSON) body, request or answer, is described by a schema, not in prose;
 *   <li>the path parameters of each operation are exactly the template's {@code {names}};
 *   <li>every example matches its schema (the answers' are real answers); every request body has
 *       one;
 *   <li>the problem codes listed ({@code x-problem-codes}: the document's by status, each
 *       operation's further ones) are codes of {@code Problem}, under statuses the operation
 *       answers with a problem.
 * </ol>
 *
 * The document's routes against the routes the server binds are checked by {@code HttpGuardsIT}.
 */
class OpenApiContractTest {

  private static final Pattern CAMEL = Pattern.compile("[a-z][a-zA-Z0-9]*");
  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

  private static SwaggerParseResult parsed;
  private static OpenAPI api;

  @BeforeAll
  static void parse() throws IOException {
    String yaml;
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolveFully(true);
    parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
    api = parsed.getOpenAPI();
  }

  private record Op(String method, String path, Operation operation) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      path.getValue()
          .readOperationsMap()
          .forEach((method, op) -> ops.add(new Op(method.name(), path.getKey(), op)));
    }
    return ops;
  }

  @Test
  void isValidOpenApiWithEveryReferenceResolved() {
    assertNotNull(api, "parsed");
    assertEquals(List.of(), parsed.getMessages());
    assertEquals("3.0.3", api.getOpenapi());
  }

  @Test
  void everyOperationHasAUniqueCamelCaseIdASummaryAndOneDeclaredTag() {
    Set<String> declared =
        api.getTags().stream().map(Tag::getName).collect(Collectors.toCollection(HashSet::new));
    Set<String> ids = new HashSet<>();
    List<String> faults = new ArrayList<>();
    for (Op op : operations()) {
      String id = op.operation().getOperationId();
      if (id == null || !CAMEL.matcher(id).matches() || !ids.add(id)) {
        faults.add(op + ": operationId " + id);
      }
      if (op.operation().getSummary() == null || op.operation().getSummary().isBlank()) {
        faults.add(op + ": no summary");
      }
      List<String> tags = op.operation().getTags();
      if (tags == null || tags.size() != 1 || !declared.contains(tags.get(0))) {
        faults.add(op + ": tags " + tags);
      }
    }
    assertEquals(List.of(), faults);
  }

  @Test
  void everyApiOperationListsTheProblemsItCanAnswer() {
    List<String> faults = new ArrayList<>();
    for (Op op : operations()) {
      if (!op.path().startsWith("/v1/")) {
        continue;
      }
      Set<String> codes = op.operation().getResponses().keySet();
      boolean keyed =
          op.operation().getSecurity() == null || !op.operation().getSecurity().isEmpty();
      List<String> required = new ArrayList<>(List.of("503"));
      if (keyed) {
        required.addAll(List.of("401", "429"));
      }
      if (op.operation().getRequestBody() != null) {
        required.addAll(List.of("400", "413", "422"));
      }
      for (String code : required) {
        if (!codes.contains(code)) {
          faults.add(op + ": no " + code);
        }
      }
      if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
        faults.add(op + ": no 4xx");
      }
    }
    assertEquals(List.of(), faults);
  }

  /**
   * The problem codes are listed where a client generator and the tests can read them: the
   * document's {@code x-problem-codes} gives the code of each generic status, an operation's its
   * further codes by status; each a code of {@code Problem}, under a status the operation answers
   * with a problem.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyListedProblemCodeIsAProblemCodeUnderAStatusTheOperationDocuments() {
    Set<String> known = new HashSet<>(problemCodes());
    List<String> faults = new ArrayList<>();
    Map<String, List<String>> generic =
        (Map<String, List<String>>) api.getExtensions().get("x-problem-codes");
    assertNotNull(generic, "the document's x-problem-codes");
    generic.forEach(
        (status, codes) ->
            codes.stream()
                .filter(code -> !known.contains(code))
                .forEach(code -> faults.add("x-problem-codes " + status + ": " + code)));
    int listed = 0;
    for (Op op : operations()) {
      Map<String, Object> extensions = op.operation().getExtensions();
      Object own = extensions == null ? null : extensions.get("x-problem-codes");
      if (own == null) {
        continue;
      }
      for (Map.Entry<String, List<String>> entry : ((Map<String, List<String>>) own).entrySet()) {
        var response = op.operation().getResponses().get(entry.getKey());
        if (response == null
            || response.getContent() == null
            || response.getContent().get("application/problem+json") == null) {
          faults.add(op + ": x-problem-codes under " + entry.getKey() + ", no such problem answer");
        }
        for (String code : entry.getValue()) {
          listed++;
          if (!known.contains(code)
              || generic.getOrDefault(entry.getKey(), List.of()).contains(code)) {
            faults.add(op + ": x-problem-codes " + entry.getKey() + " " + code);
          }
        }
      }
    }
    assertEquals(List.of(), faults);
    assertTrue(listed > 0, "operations list their codes");
  }

  private static List<String> problemCodes() {
    Map<String, io.swagger.v3.oas.models.media.Schema<?>> problem =
        api.getComponents().getSchemas().get("Problem").getProperties();
    return problem.get("code").getEnum().stream().map(String::valueOf).toList();
  }

  @Test
  void everyJsonBodyIsDescribedByASchemaNotInProse() {
    List<String> faults = new ArrayList<>();
    for (Op op : operations()) {
      op.operation()
          .getResponses()
          .forEach(
              (code, response) -> {
                if (response.getContent() == null) {
                  return;
                }
                response
                    .getContent()
                    .forEach(
                        (media, content) -> {
                          if ((media.contains("json") || media.contains("ndjson"))
                              && content.getSchema() == null) {
                            faults.add(op + " " + code + " " + media + ": no schema");
                          }
                        });
              });
      if (op.operation().getRequestBody() != null) {
        op.operation()
            .getRequestBody()
            .getContent()
            .forEach(
                (media, content) -> {
                  if (content.getSchema() == null) {
                    faults.add(op + " request " + media + ": no schema");
                  }
                });
      }
    }
    assertEquals(List.of(), faults);
  }

  /**
   * The answers' examples are real answers of the router, the requests' examples what a client
   * would send: each must match its schema, and every request body has one, so that a generated
   * client's documentation and Swagger UI's "Try it out" start from a valid body.
   */
  @Test
  void everyExampleMatchesItsSchemaAndEveryRequestBodyHasOne() throws IOException {
    JsonNode document;
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.yaml")) {
      document = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    List<String> faults = new ArrayList<>();
    int examples = 0;
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        String operation = method.getKey() + " " + path.getKey();
        String pointer = String.join("/", "#/paths", escape(path.getKey()), method.getKey());
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        JsonNode request = method.getValue().path("requestBody");
        if (!request.isMissingNode()) {
          bodies.put("requestBody", request);
          for (Map.Entry<String, JsonNode> media : request.path("content").properties()) {
            if (!media.getValue().has("example")) {
              faults.add(operation + ": the request body " + media.getKey() + " has no example");
            }
          }
        }
        for (Map.Entry<String, JsonNode> response :
            method.getValue().path("responses").properties()) {
          bodies.put("responses/" + response.getKey(), response.getValue());
        }
        for (Map.Entry<String, JsonNode> body : bodies.entrySet()) {
          for (Map.Entry<String, JsonNode> media : body.getValue().path("content").properties()) {
            JsonNode example = media.getValue().get("example");
            if (example == null) {
              continue;
            }
            examples++;
            String schemaPointer =
                String.join(
                    "/", pointer, body.getKey(), "content", escape(media.getKey()), "schema");
            Schema schema =
                registry.getSchema(SchemaLocation.of("classpath:openapi.yaml" + schemaPointer));
            var errors = schema.validate(example);
            if (!errors.isEmpty()) {
              faults.add(operation + " " + body.getKey() + ": " + errors);
            }
          }
        }
      }
    }
    assertEquals(List.of(), faults);
    assertTrue(examples > 0, "examples were found and checked");
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  @Test
  void everyOperationDeclaresExactlyItsPathParameters() {
    List<String> faults = new ArrayList<>();
    for (Op op : operations()) {
      Set<String> inTemplate = new TreeSet<>();
      Matcher names = TEMPLATE.matcher(op.path());
      while (names.find()) {
        inTemplate.add(names.group(1));
      }
      Set<String> declared = new TreeSet<>();
      List<Parameter> parameters = op.operation().getParameters();
      if (parameters != null) {
        for (Parameter p : parameters) {
          if ("path".equals(p.getIn())) {
            declared.add(p.getName());
          }
        }
      }
      if (!inTemplate.equals(declared)) {
        faults.add(op + ": template " + inTemplate + ", declared " + declared);
      }
    }
    assertEquals(List.of(), faults);
  }
}
