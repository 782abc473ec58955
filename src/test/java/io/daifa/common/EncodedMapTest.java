package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    public String decode(byte[] bytes, int offset, int length) {
      decoded++;
      return new String(bytes, offset, length, StandardCharsets.UTF_8);
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
  void theIteratorsDoNotRemove() {
    EncodedMap<String> encoded = EncodedMap.of(Map.of("a", "1", "b", "2"), new Utf8());
    assertThrows(
        UnsupportedOperationException.class,
        () -> encoded.entrySet().removeIf(e -> e.getValue().equals("1")));
    assertEquals(Map.of("a", "1", "b", "2"), encoded);
  }

  /**
   * Seeded random stores, drops and copies against a {@code HashMap}: enough entries for the table
   * to grow and to wrap around, values long and short (records that do not fit a chunk's tail),
   * non-ASCII keys, and enough replaced and dropped records for the chunks to be compacted.
   */
  @Test
  void agreesWithAHashMapThroughRandomChangesGrowthAndCompaction() {
    Random random = new Random(20261206);
    EncodedMap<String> encoded = EncodedMap.of(Map.of(), new Utf8());
    Map<String, String> model = new HashMap<>();
    EncodedMap<String> copy = null;
    Map<String, String> copied = null;
    for (int step = 0; step < 60_000; step++) {
      String key = (random.nextInt(8) == 0 ? "店铺-" : "shop-") + random.nextInt(3_000);
      int action = random.nextInt(10);
      if (action < 6) {
        String value =
            "v" + step + "x".repeat(random.nextInt(random.nextInt(50) == 0 ? 3_000 : 40));
        encoded.store(key, value);
        model.put(key, value);
      } else if (action < 9) {
        encoded.drop(key);
        model.remove(key);
      } else {
        assertEquals(model.get(key), encoded.get(key), key);
        assertEquals(model.containsKey(key), encoded.containsKey(key), key);
      }
      if (step % 10_000 == 0) {
        assertEquals(model, encoded, "at step " + step);
        if (copy != null) {
          assertEquals(copied, copy, "a copy taken earlier is unchanged at step " + step);
        }
        copy = encoded.copy();
        copied = new HashMap<>(model);
        copy.store("only-in-the-copy", "c" + step);
        copied.put("only-in-the-copy", "c" + step);
      }
    }
    assertEquals(model, encoded);
    assertEquals(model.keySet(), encoded.keySet());
    for (String key : List.of("shop-1", "店铺-2", "nowhere")) {
      assertEquals(model.keySet().contains(key), encoded.keySet().contains(key), key);
    }
    assertEquals(model.size(), encoded.size());
    for (String key : model.keySet().toArray(String[]::new)) {
      encoded.drop(key);
    }
    assertTrue(encoded.isEmpty());
    assertEquals(copied, copy);
  }

  @Test
  void keysWhoseHashesCollideInTheTableAreKeptApart() {
    // Keys hashing to the same slot of a small table probe past each other; dropping the first
    // must leave the others reachable (the entries after it shift back).
    EncodedMap<String> encoded = EncodedMap.of(Map.of(), new Utf8());
    List<String> sameSlot = new ArrayList<>();
    for (int i = 0; sameSlot.size() < 5; i++) {
      if ((EncodedMap.hash("k" + i) & 15) == 3) {
        sameSlot.add("k" + i);
      }
    }
    for (String key : sameSlot) {
      encoded.store(key, key.toUpperCase());
    }
    encoded.drop(sameSlot.get(0));
    encoded.drop(sameSlot.get(2));
    assertNull(encoded.get(sameSlot.get(0)));
    assertEquals(
        Map.of(
            sameSlot.get(1), sameSlot.get(1).toUpperCase(),
            sameSlot.get(3), sameSlot.get(3).toUpperCase(),
            sameSlot.get(4), sameSlot.get(4).toUpperCase()),
        encoded);
  }
}
