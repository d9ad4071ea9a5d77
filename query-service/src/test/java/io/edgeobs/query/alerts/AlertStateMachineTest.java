package io.edgeobs.query.alerts;

import io.edgeobs.query.alerts.AlertStateMachine.Current;
import io.edgeobs.query.alerts.AlertStateMachine.State;
import io.edgeobs.query.alerts.AlertStateMachine.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AlertStateMachineTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration FOR = Duration.ofMinutes(2);

    @Test
    void shouldFireAtOnceWithoutForAndNotifyFiringAndResolved() {
        Step fire = AlertStateMachine.next(null, true, T, Duration.ZERO);
        assertThat(fire).isEqualTo(new Step(State.FIRING, T, true));
        Step stay = AlertStateMachine.next(new Current(State.FIRING, T, 1), true, T.plusSeconds(30), Duration.ZERO);
        assertThat(stay).isEqualTo(new Step(State.FIRING, T, false));
        Step resolve = AlertStateMachine.next(new Current(State.FIRING, T, 1), false, T.plusSeconds(60), Duration.ZERO);
        assertThat(resolve).isEqualTo(new Step(State.RESOLVED, T.plusSeconds(60), true));
        Step again = AlertStateMachine.next(new Current(State.RESOLVED, T, 2), true, T.plusSeconds(90), Duration.ZERO);
        assertThat(again).isEqualTo(new Step(State.FIRING, T.plusSeconds(90), true));
    }

    @Test
    void shouldStayPendingUntilTheForDurationHasPassed() {
        Step pending = AlertStateMachine.next(null, true, T, FOR);
        assertThat(pending).isEqualTo(new Step(State.PENDING, T, false));
        Current p = new Current(State.PENDING, T, 0);
        assertThat(AlertStateMachine.next(p, true, T.plus(FOR).minusSeconds(1), FOR))
                .isEqualTo(new Step(State.PENDING, T, false));
        assertThat(AlertStateMachine.next(p, true, T.plus(FOR), FOR))
                .isEqualTo(new Step(State.FIRING, T.plus(FOR), true));
        assertThat(AlertStateMachine.next(p, false, T.plusSeconds(10), FOR))
                .isEqualTo(new Step(State.INACTIVE, T.plusSeconds(10), false));
    }

    @Test
    void shouldKeepAnInactiveOrResolvedSubjectAsItIsWhileItIsFine() {
        assertThat(AlertStateMachine.next(null, false, T, FOR).changed(null)).isFalse();
        Current resolved = new Current(State.RESOLVED, T, 2);
        Step s = AlertStateMachine.next(resolved, false, T.plusSeconds(60), FOR);
        assertThat(s).isEqualTo(new Step(State.RESOLVED, T, false));
        assertThat(s.changed(resolved)).isFalse();
    }
}
