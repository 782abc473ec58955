package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedMapTest {

  /** Strings as UTF-8, counting how often a value is decoded. */
  private static final class Utf8 implements EncodedMap.Codec<String> {
    int decoded;

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      decoded++;
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Test
  void behavesAsTheMapItWasMadeFromAndEqualsIt() {
    Utf8 codec = new Utf8();
    Map<String, String> plain = new HashMap<>(Map.of("a", "eins", "b", "zwei", "c", "drei"));
    EncodedMap<String> encoded = EncodedMap.of(plain, codec);

    assertEquals(plain, encoded);
    assertEquals(encoded, plain);
    assertEquals(plain.hashCode(), encoded.hashCode());
    assertEquals("zwei", encoded.get("b"));
    assertNull(encoded.get("z"));
    assertTrue(encoded.containsKey("c"));
    assertEquals("drei", encoded.put("c", "three"));
    assertEquals("eins", encoded.remove("a"));
    assertEquals(Map.of("b", "zwei", "c", "three"), encoded);
    assertSame(encoded, EncodedMap.of(encoded, codec), "already kept so: not copied");
    assertTrue(encoded.isKeptBy(codec));
    assertFalse(encoded.isKeptBy(new Utf8()));
  }

  @Test
  void storeAndDropDecodeNothingAndACopyIsIndependent() {
    Utf8 codec = new Utf8();
    EncodedMap<String> encoded = EncodedMap.of(Map.of("a", "one"), codec);
    encoded.store("a", "uno");
    encoded.store("b", "dos");
    encoded.drop("a");
    assertEquals(0, codec.decoded, "nothing read back to be replaced or removed");

    EncodedMap<String> copy = encoded.copy();
    encoded.store("c", "tres");
    encoded.drop("b");
    assertEquals(Map.of("b", "dos"), copy);
    assertEquals(Map.of("c", "tres"), encoded);
  }

  @Test
  void removingThroughTheEntryIteratorRemovesTheEntry() {
    EncodedMap<String> encoded = EncodedMap.of(Map.of("a", "1", "b", "2"), new Utf8());
    encoded.entrySet().removeIf(e -> e.getValue().equals("1"));
    assertEquals(Map.of("b", "2"), encoded);
  }
}
