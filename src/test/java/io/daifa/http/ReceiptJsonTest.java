package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.order.OrderStatus;
import io.daifa.shop.OrderReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiptJsonTest {

  private static final String ESCAPED = "\"\\/\n\r\t\b\f";

  @Test
  void writesWhatDataBindingWrites() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      List<OrderReceipt.SupplierLines> suppliers = new ArrayList<>();
      for (int s = random.nextInt(4); s > 0; s--) {
        suppliers.add(new OrderReceipt.SupplierLines(text(random), ids(random)));
      }
      OrderReceipt receipt =
          new OrderReceipt(
              text(random),
              OrderStatus.values()[random.nextInt(OrderStatus.values().length)],
              suppliers,
              ids(random));
      assertEquals(Json.write(receipt), ReceiptJson.write(receipt));
    }
  }

  private static List<String> ids(Random random) {
    List<String> ids = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      ids.add(text(random));
    }
    return ids;
  }

  /** IDs as they are, and strings with every kind of character Jackson escapes or keeps. */
  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(12); n > 0; n--) {
      int kind = random.nextInt(4);
      s.append(
          switch (kind) {
            case 0 -> (char) ('a' + random.nextInt(26));
            case 1 -> ESCAPED.charAt(random.nextInt(ESCAPED.length()));
            case 2 -> (char) random.nextInt(0x20);
            default -> (char) (0x7f + random.nextInt(0x3000));
          });
    }
    return s.toString();
  }
}
