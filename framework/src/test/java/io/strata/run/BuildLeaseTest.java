package io.strata.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLeaseTest {
  @TempDir Path dir;

  @Test
  void ofTwoBuildsTakingTheLeaseAtOnceExactlyOneWinsAndTheOtherNamesIt() throws Exception {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<BuildLease>> takers = new ArrayList<>();
        for (String runId : List.of("left-" + round, "right-" + round)) {
          takers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return BuildLease.take(
                        TestingSpark.session(),
                        warehouse,
                        runId,
                        "build",
                        Duration.ofMinutes(5),
                        Clock.systemUTC());
                  }));
        }
        List<BuildLease> won = new ArrayList<>();
        List<StrataException> lost = new ArrayList<>();
        for (Future<BuildLease> taker : takers) {
          try {
            won.add(taker.get());
          } catch (java.util.concurrent.ExecutionException e) {
            lost.add((StrataException) e.getCause());
          }
        }

        assertThat(won).hasSize(1);
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(lost.get(0).getMessage()).contains("run " + won.get(0).holder().runId() + " ");
        assertThat(won.get(0).current().orElseThrow().runId())
            .isEqualTo(won.get(0).holder().runId());
        won.get(0).close();
        assertThat(won.get(0).current().orElseThrow().released()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
