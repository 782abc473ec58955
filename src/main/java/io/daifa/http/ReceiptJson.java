package io.daifa.http;

import io.daifa.shop.OrderReceipt;
import java.util.List;

/**
 * An order's receipt in JSON, written by hand: it is the answer to every order taken (a stream's
 * result line, a single POST's body), and data binding of the record cost a streamed order more
 * than its HTTP chunk did. The same text as {@link Json#write} gives (tested).
 */
final class ReceiptJson {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ReceiptJson() {}

  static String write(OrderReceipt receipt) {
    StringBuilder json = new StringBuilder(128 + 48 * receipt.dropshipOrders().size());
    json.append("{\"orderId\":");
    string(json, receipt.orderId());
    json.append(",\"status\":");
    string(json, receipt.status() == null ? null : receipt.status().name());
    json.append(",\"dropshipOrders\":[");
    for (int i = 0; i < receipt.dropshipOrders().size(); i++) {
      OrderReceipt.SupplierLines supplier = receipt.dropshipOrders().get(i);
      json.append(i == 0 ? "{\"supplierId\":" : ",{\"supplierId\":");
      string(json, supplier.supplierId());
      json.append(",\"lineIds\":");
      strings(json, supplier.lineIds());
      json.append('}');
    }
    json.append("],\"manualLineIds\":");
    strings(json, receipt.manualLineIds());
    return json.append('}').toString();
  }

  private static void strings(StringBuilder json, List<String> values) {
    json.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      string(json, values.get(i));
    }
    json.append(']');
  }

  /** As Jackson writes a string: quotes, backslashes and control characters escaped. */
  private static void string(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
