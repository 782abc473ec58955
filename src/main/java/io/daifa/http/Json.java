package io.daifa.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * Strict JSON for the API: unknown fields, wrong types, numbers with fractions where integers are
 * expected, strings for numbers, and trailing tokens are all refused, with the path of the field at
 * fault. Nothing is coerced silently.
 */
public final class Json {

  public static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(32).build());
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /** Reads a request body, or throws the problem that names what is wrong with it. */
  public static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw Problem.invalid("body", "a JSON body is required").exception();
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw Problem.invalid("body", "must be a JSON object").exception();
      }
      return value;
    } catch (JsonMappingException e) {
      throw Problem.invalid(fieldOf(e), describe(e)).exception();
    } catch (JsonProcessingException e) {
      throw Problem.malformed("is not valid JSON: " + e.getOriginalMessage()).exception();
    }
  }

  /** JSON this node wrote itself (a webhook body), as a tree to embed in an answer. */
  static com.fasterxml.jackson.databind.JsonNode tree(String ownJson) {
    try {
      return MAPPER.readTree(ownJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("not JSON written here: " + e.getOriginalMessage(), e);
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass(), e);
    }
  }

  static String fieldOf(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? "." + ref.getFieldName()
                        : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining());
    path = path.startsWith(".") ? path.substring(1) : path;
    return path.isEmpty() ? "body" : path;
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "is not a known field";
    }
    if (e instanceof InvalidFormatException f) {
      return "has an invalid value " + f.getValue() + " for " + simpleType(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "must be " + simpleType(m.getTargetType());
    }
    if (e.getCause() instanceof IllegalArgumentException iae) {
      return iae.getMessage();
    }
    return e.getOriginalMessage();
  }

  private static String simpleType(Class<?> type) {
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of");
      for (Object constant : type.getEnumConstants()) {
        values.append(' ').append(constant);
      }
      return values.toString();
    }
    if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
      return "an integer";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return "a " + type.getSimpleName();
  }
}
