package io.logcast.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo price board: the page needs a full board, moving quotes, and deletions it can show. */
class PriceBoardTest {
  @Test
  void theBoardMovesDelistsAndListsAgainWithinAFewMinutesOfUpdates() {
    PriceBoard board = new PriceBoard(new Random(42));
    assertThat(board.all()).hasSizeBetween(12, 20).allSatisfy(q -> {
      assertThat(q.value().getString("symbol")).isEqualTo(q.symbol());
      assertThat(q.value().getDouble("bid")).isPositive().isLessThan(q.value().getDouble("ask"));
    });
    Set<String> delisted = new HashSet<>();
    int tombstones = 0;
    int relisted = 0;
    for (int i = 0; i < 600; i++) { // 200 s of dev mode at 3 updates a second
      PriceBoard.Quote q = board.next();
      if (q.value() == null) {
        tombstones++;
        assertThat(delisted.add(q.symbol())).as("%s delisted twice in a row", q.symbol()).isTrue();
      } else if (delisted.remove(q.symbol())) {
        relisted++;
      }
      assertThat(board.listedCount()).isGreaterThanOrEqualTo(12);
    }
    assertThat(tombstones).as("tombstones").isPositive();
    assertThat(relisted).as("symbols listed again").isPositive();
  }
}
