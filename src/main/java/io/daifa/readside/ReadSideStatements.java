package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** The order projection's writes to the read tables, prepared once per projection run. */
record ReadSideStatements(
    PreparedStatement lineRouted,
    PreparedStatement lineStatus,
    PreparedStatement lineShipped,
    PreparedStatement supplierOrderReceived,
    PreparedStatement supplierDispatched,
    PreparedStatement supplierOrderStatus,
    PreparedStatement orderRouted,
    PreparedStatement lineReceived,
    PreparedStatement cycleLine,
    PreparedStatement lineRefunded,
    PreparedStatement refundClaim,
    PreparedStatement promotedOrders,
    PreparedStatement lineRejection,
    PreparedStatement lineLogistics) {

  static CompletionStage<ReadSideStatements> prepare(CassandraSession session, String keyspace) {
    String lines = keyspace + ".order_lines";
    String orders = keyspace + ".supplier_orders";
    var lineRouted =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET supplier_id = ?, status = ?, updated_at = ?, rule = ?,"
                + " rule_set_micros = ?, manual_reason = ? WHERE bucket = ? AND order_id = ? AND"
                + " shop_id = ? AND line_id = ?");
    var lineRejection =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET rejections[?] = ? WHERE bucket = ? AND order_id = ? AND"
                + " shop_id = ? AND line_id = ?");
    var lineLogistics =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET logistics_status = ?, logistics_micros = ? WHERE"
                + " bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?");
    var lineStatus =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET status = ?, updated_at = ? WHERE bucket = ? AND"
                + " order_id = ? AND shop_id = ? AND line_id = ?");
    var lineShipped =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET status = ?, carrier = ?, tracking_no = ?, updated_at = ?"
                + " WHERE bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?");
    // A dispatch after its order's first routing: a row of its own, with the lines added to it.
    var supplierOrderReceived =
        statement(
            session,
            "UPDATE "
                + orders
                + " USING TIMESTAMP ? SET status = ?, line_ids = line_ids + ? WHERE supplier_id = ?"
                + " AND order_id = ? AND shop_id = ?");
    var supplierDispatched =
        statement(
            session,
            "UPDATE "
                + keyspace
                + ".supplier_dispatches USING TIMESTAMP ? SET orders = ? WHERE supplier_id = ? AND"
                + " dispatched_micros = ? AND shop_id = ? AND seq_nr = ?");
    var supplierOrderStatus =
        statement(
            session,
            "UPDATE "
                + keyspace
                + ".supplier_order_status USING TIMESTAMP ? SET status = ? WHERE supplier_id = ? AND"
                + " order_id = ? AND shop_id = ?");
    // An order's row (line ID ""): every line's sale and first routing in one cell.
    var orderRouted =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET sale = ? WHERE bucket = ? AND order_id = ? AND"
                + " shop_id = ? AND line_id = ?");
    var lineReceived =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET status = ?, received_at = ?, updated_at = ? WHERE"
                + " bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?");
    var cycleLine =
        statement(
            session,
            "INSERT INTO "
                + keyspace
                + ".cycle_lines (cycle, bucket, order_id, shop_id, line_id) VALUES (?, ?, ?, ?, ?)");
    var lineRefunded =
        statement(
            session,
            "UPDATE "
                + lines
                + " USING TIMESTAMP ? SET status = ?, refunded_at = ?, updated_at = ? WHERE"
                + " bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?");
    var refundClaim =
        statement(
            session,
            "INSERT INTO "
                + keyspace
                + ".refund_claims (bucket, order_id, shop_id, line_id, refunded_at) VALUES (?, ?, ?,"
                + " ?, ?)");
    var promotedOrders =
        statement(
            session,
            "INSERT INTO "
                + keyspace
                + ".agency_promoted_orders (agency_id, hour, written, orders) VALUES (?, ?, ?, ?)");
    return CompletableFuture.allOf(
            lineRouted,
            lineStatus,
            lineShipped,
            supplierOrderReceived,
            supplierDispatched,
            supplierOrderStatus,
            orderRouted,
            lineReceived,
            cycleLine,
            lineRefunded,
            refundClaim,
            promotedOrders,
            lineRejection,
            lineLogistics)
        .thenApply(
            all ->
                new ReadSideStatements(
                    lineRouted.join(),
                    lineStatus.join(),
                    lineShipped.join(),
                    supplierOrderReceived.join(),
                    supplierDispatched.join(),
                    supplierOrderStatus.join(),
                    orderRouted.join(),
                    lineReceived.join(),
                    cycleLine.join(),
                    lineRefunded.join(),
                    refundClaim.join(),
                    promotedOrders.join(),
                    lineRejection.join(),
                    lineLogistics.join()));
  }

  private static CompletableFuture<PreparedStatement> statement(
      CassandraSession session, String cql) {
    return session.prepare(cql).toCompletableFuture();
  }
}
