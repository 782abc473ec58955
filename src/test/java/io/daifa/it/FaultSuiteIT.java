package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.faults.FaultSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short form ({@code ./daifa faults --quick}): the router as its own process on a
 * Cassandra of the suite's own, killed with kill -9, its storage paused and killed, one shop
 * flooding, slow stream clients and hostile callers. Every acknowledged order must be found exactly
 * once afterwards and every check of the table must pass; the table is printed.
 */
class FaultSuiteIT {

  @Test
  void everyScenarioOfTheShortFaultSuitePasses() throws Exception {
    Path report = Path.of(System.getProperty("daifa.it.work-dir", "target/it"), "faults");
    int exit = FaultSuite.run(new String[] {"--quick", "--report", report.toString()}, System.out);
    assertEquals(0, exit, "a check of the fault table failed; see it above and in " + report);
  }
}
