package io.daifa.common;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** The routers up in the cluster, as this node sees it (for {@code /ready} and the metrics). */
public final class ClusterMembers {

  private ClusterMembers() {}

  public static int up(ActorSystem<?> system) {
    int up = 0;
    for (Member member : Cluster.get(system).state().getMembers()) {
      if (member.status() == MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }
}
