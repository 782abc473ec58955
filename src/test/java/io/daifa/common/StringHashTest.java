package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StringHashTest {

  /**
   * The shops' snapshots keep these hashes of order IDs: a change of the function would make every
   * order remembered there unknown. The values were computed independently (FNV-1a 64 over the
   * UTF-16 chars, then MurmurHash3's fmix64) and match what this class gave when it was extracted.
   */
  @Test
  void isTheFunctionTheSnapshotsWereWrittenWith() {
    assertEquals(-1166397803181037274L, StringHash.of(""));
    assertEquals(8844783517407630888L, StringHash.of("o-1"));
    assertEquals(-8261914090481398537L, StringHash.of("店铺-7|订单"));
  }
}
