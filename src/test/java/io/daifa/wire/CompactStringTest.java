package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strings in the compact form: their length plus one, then UTF-8; ASCII copied in place. */
class CompactStringTest {

  private static final List<String> STRINGS =
      Arrays.asList(
          "o-12345",
          "",
          null,
          "微信小店",
          "shp_a 店铺",
          "x".repeat(3_000),
          "a".repeat(200) + "é",
          "\u007f\u0080",
          "emoji 🚚");

  @Test
  void everyStringReadsBackInOrder() throws NotSerializableException {
    CompactWriter out = new CompactWriter(4);
    for (String s : STRINGS) {
      out.writeString(s);
    }
    CompactReader in = new CompactReader(out.toByteArray());
    for (String s : STRINGS) {
      assertEquals(s, in.readString());
    }
    assertTrue(in.atEnd());
  }

  @Test
  void aStringIsItsUtf8LengthPlusOneThenItsUtf8() {
    for (String s : List.of("o-1", "店铺 a", "a".repeat(130) + "é")) {
      CompactWriter out = new CompactWriter(1);
      out.writeString(s);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      CompactWriter expected = new CompactWriter(1);
      expected.writeVarint(utf8.length + 1L);
      expected.writeBytes(utf8);
      assertArrayEquals(expected.toByteArray(), out.toByteArray(), s);
    }
  }
}
