package io.daifa.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.daifa.order.OrderValidation;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an order body: a well-formed order field by field with Jackson's streaming parser, anything
 * else through {@link Json#read}, which names the problem. Every order of a stream, a single POST
 * or a Kafka record is read here; data binding, with a set of field names per object for duplicate
 * detection, had been the largest part of a streamed order's HTTP cost. The fast path takes only
 * what data binding would read to the same body (the right token for every field, each field at
 * most once, nothing unknown, nothing after the object) and gives up on everything else, so a bad
 * body is answered exactly as before.
 */
final class OrderBodyReader {

  private static final String[] ORDER_FIELDS = {
    "orderId", "shopId", "buyerId", "agencyId", "paidAt", "lines"
  };

  private static final String[] LINE_FIELDS = {
    "lineId",
    "spuId",
    "skuId",
    "quantity",
    "userPaid",
    "paymentSubsidy",
    "influencerDiscount",
    "platformDiscount",
    "feeRateBp"
  };

  /** Thrown when the body is not a plain well-formed order: data binding reads it instead. */
  private static final class NotPlain extends Exception {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final NotPlain NOT_PLAIN = new NotPlain();

  private OrderBodyReader() {}

  /** The order body, or the problem that names what is wrong with it. */
  static OrderBody read(String json) {
    OrderBody plain = plain(json);
    return plain != null ? plain : Json.read(json, OrderBody.class);
  }

  /** The body if it is a plain well-formed order, else null. */
  static OrderBody plain(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try (JsonParser in = Json.MAPPER.getFactory().createParser(json)) {
      // Fields are counted once each below, without a set of names per object.
      in.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      OrderBody body = order(in);
      return in.nextToken() == null ? body : null;
    } catch (NotPlain | IOException | DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static OrderBody order(JsonParser in) throws IOException, NotPlain {
    expect(in.nextToken(), JsonToken.START_OBJECT);
    String[] text = new String[4];
    OffsetDateTime paidAt = null;
    List<OrderBody.LineBody> lines = null;
    int seen = 0;
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      int field = fieldIndex(in, ORDER_FIELDS);
      seen = once(seen, field);
      JsonToken value = in.nextToken();
      if (field < 4) {
        text[field] = string(value, in);
      } else if (field == 4) {
        expect(value, JsonToken.VALUE_STRING);
        paidAt = IsoOffsetTime.parse(in.getText());
      } else {
        lines = lines(value, in);
      }
    }
    return new OrderBody(text[0], text[1], text[2], text[3], paidAt, lines);
  }

  private static List<OrderBody.LineBody> lines(JsonToken value, JsonParser in)
      throws IOException, NotPlain {
    expect(value, JsonToken.START_ARRAY);
    List<OrderBody.LineBody> lines = new ArrayList<>(4);
    for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
      expect(t, JsonToken.START_OBJECT);
      if (lines.size() == OrderValidation.MAX_LINES) {
        // More lines than an order may have: refused the slow way, which names the field.
        throw NOT_PLAIN;
      }
      lines.add(line(in));
    }
    return lines;
  }

  private static OrderBody.LineBody line(JsonParser in) throws IOException, NotPlain {
    String[] text = new String[3];
    Long[] numbers = new Long[6];
    int seen = 0;
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      int field = fieldIndex(in, LINE_FIELDS);
      seen = once(seen, field);
      JsonToken value = in.nextToken();
      if (field < 3) {
        text[field] = string(value, in);
      } else {
        numbers[field - 3] = integer(value, in, field == 3 || field == 8);
      }
    }
    return new OrderBody.LineBody(
        text[0],
        text[1],
        text[2],
        asInt(numbers[0]),
        numbers[1],
        numbers[2],
        numbers[3],
        numbers[4],
        asInt(numbers[5]));
  }

  private static int fieldIndex(JsonParser in, String[] fields) throws IOException, NotPlain {
    String name = in.currentName();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals(name)) {
        return i;
      }
    }
    throw NOT_PLAIN;
  }

  /** {@code seen} with {@code field} added; a field named twice is not plain. */
  private static int once(int seen, int field) throws NotPlain {
    int bit = 1 << field;
    if ((seen & bit) != 0) {
      throw NOT_PLAIN;
    }
    return seen | bit;
  }

  private static String string(JsonToken value, JsonParser in) throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value, JsonToken.VALUE_STRING);
    return in.getText();
  }

  /** A whole number, or null; {@code asInt}: it must fit an int, as the field is one. */
  private static Long integer(JsonToken value, JsonParser in, boolean asInt)
      throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value, JsonToken.VALUE_NUMBER_INT);
    JsonParser.NumberType type = in.getNumberType();
    if (type == JsonParser.NumberType.INT || (!asInt && type == JsonParser.NumberType.LONG)) {
      return in.getLongValue();
    }
    throw NOT_PLAIN;
  }

  private static Integer asInt(Long value) {
    return value == null ? null : Math.toIntExact(value);
  }

  private static void expect(JsonToken found, JsonToken expected) throws NotPlain {
    if (found != expected) {
      throw NOT_PLAIN;
    }
  }
}
