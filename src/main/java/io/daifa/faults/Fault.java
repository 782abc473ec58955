package io.daifa.faults;

import java.util.List;

/** One scenario of the fault suite: it drives the router and its storage, then audits. */
interface Fault {

  /** The name {@code --only} selects it by. */
  String name();

  List<FaultRow> run(FaultContext context) throws Exception;
}
