package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Hash128SetTest {

  @Test
  void remembersEveryKeyAddedAcrossGrowthAndNothingElse() {
    Hash128Set set = new Hash128Set();
    SplittableRandom random = new SplittableRandom(7);
    long[] keys = new long[2 * 10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextLong();
    }
    for (int i = 0; i < keys.length; i += 2) {
      assertTrue(set.add(keys[i], keys[i + 1]));
    }
    assertEquals(10_000, set.size());
    for (int i = 0; i < keys.length; i += 2) {
      assertTrue(set.contains(keys[i], keys[i + 1]));
      assertFalse(set.add(keys[i], keys[i + 1]), "a second add of the same key");
      // the same halves paired otherwise are other keys
      assertFalse(set.contains(keys[i + 1], keys[i]));
    }
    assertEquals(10_000, set.size());
  }

  @Test
  void keysSharingAHalfAreDistinctAndAZeroHighHalfIsAKey() {
    Hash128Set set = new Hash128Set();
    assertTrue(set.add(0, 5));
    assertTrue(set.add(0, 6));
    assertTrue(set.add(5, 0));
    assertTrue(set.contains(0, 5));
    assertFalse(set.contains(0, 7));
    assertFalse(set.contains(0, 0));
    assertEquals(3, set.size());
  }

  @Test
  void bytesRoundTripAndEqualityIgnoresInsertionOrder() {
    Hash128Set forward = new Hash128Set();
    Hash128Set backward = new Hash128Set();
    for (int i = 1; i <= 100; i++) {
      forward.add(i * 31L, -i);
      backward.add((101 - i) * 31L, -(101 - i));
    }
    assertEquals(forward, backward);
    assertEquals(forward.hashCode(), backward.hashCode());
    byte[] bytes = forward.toBytes();
    assertEquals(Integer.BYTES + 100 * Hash128Set.KEY_BYTES, bytes.length);
    Hash128Set back = Hash128Set.fromBytes(bytes);
    assertEquals(forward, back);
    back.add(1, 1);
    assertNotEquals(forward, back);
  }

  @Test
  void aCopyIsIndependent() {
    Hash128Set set = new Hash128Set();
    set.add(1, 2);
    Hash128Set copy = set.copy();
    set.add(3, 4);
    assertFalse(copy.contains(3, 4));
    assertEquals(1, copy.size());
  }

  @Test
  void refusesBytesThatClaimMoreKeysThanTheyHold() {
    byte[] bytes = new Hash128Set().toBytes();
    bytes[3] = 2; // a count of 2 with no key after it
    assertThrows(IllegalArgumentException.class, () -> Hash128Set.fromBytes(bytes));
    byte[] truncated = Arrays.copyOf(bytes, 2);
    assertThrows(RuntimeException.class, () -> Hash128Set.fromBytes(truncated));
  }
}
