package io.daifa.shop;

/**
 * What a shop reports for metrics after it has persisted: how long an intake write took, and the
 * size of its manual queue. Called from the entity, so implementations must be quick.
 */
public interface ShopObserver {

  ShopObserver NONE =
      new ShopObserver() {
        @Override
        public void intakePersisted(int orders, long nanos) {}

        @Override
        public void manualQueueSize(String shopId, int lines) {}
      };

  void intakePersisted(int orders, long nanos);

  void manualQueueSize(String shopId, int lines);
}
