package io.daifa.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionWritesTest {

  private static List<String> rows(String partition, int count) {
    return IntStream.range(0, count).mapToObj(i -> partition + i).toList();
  }

  @Test
  void shouldSendEachPartitionAsItsOwnRequestSplittingOnlyWhatExceedsABatch() {
    List<List<String>> partitions = List.of(rows("a", 3), rows("b", 1), rows("c", 250));
    List<List<String>> requests = PartitionWrites.requests(partitions, 100, 1);
    assertEquals(
        List.of(
            rows("a", 3),
            rows("b", 1),
            rows("c", 250).subList(0, 100),
            rows("c", 250).subList(100, 200),
            rows("c", 250).subList(200, 250)),
        requests);
  }

  @Test
  void shouldPackSmallPartitionsUpToTheirCountAndTheRowLimit() {
    List<List<String>> partitions = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      partitions.add(rows("p" + p, 2));
    }
    List<List<String>> byFour = PartitionWrites.requests(partitions, 100, 4);
    assertEquals(List.of(8, 8, 4), byFour.stream().map(List::size).toList());
    List<List<String>> byRows = PartitionWrites.requests(partitions, 5, 32);
    assertEquals(
        List.of(4, 4, 4, 4, 4),
        byRows.stream().map(List::size).toList(),
        "a partition's rows are never split to fill a request");
    assertEquals(
        partitions.stream().flatMap(List::stream).toList(),
        byFour.stream().flatMap(List::stream).toList(),
        "every row once, in order");
  }

  @Test
  void shouldMakeNoRequestForNoRows() {
    assertEquals(List.of(), PartitionWrites.requests(List.<List<String>>of(), 100, 1));
  }
}
