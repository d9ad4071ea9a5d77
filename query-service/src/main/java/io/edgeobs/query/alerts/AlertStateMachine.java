package io.edgeobs.query.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * The life of one (rule, subject): {@code inactive -> pending -> firing -> resolved}. A breach starts
 * {@code pending}, which becomes {@code firing} once it has lasted the rule's {@code for} (at once without one); a
 * pending subject that recovers goes back to {@code inactive} without a notification; a firing one becomes
 * {@code resolved}. Only the moves to firing and to resolved are notified.
 */
final class AlertStateMachine {

    enum State { INACTIVE, PENDING, FIRING, RESOLVED }

    /** Where a subject is now, or null when it never left inactive. */
    record Current(State state, Instant since, long transitions) {
    }

    /** Where it goes; {@code notifies} when the move is one a webhook hears about. */
    record Step(State state, Instant since, boolean notifies) {
        boolean changed(Current c) {
            return c == null ? state != State.INACTIVE : c.state() != state;
        }
    }

    private AlertStateMachine() {
    }

    static Step next(Current current, boolean breach, Instant now, Duration forDuration) {
        State state = current == null ? State.INACTIVE : current.state();
        Instant since = current == null ? now : current.since();
        if (breach) {
            return switch (state) {
                case INACTIVE, RESOLVED -> forDuration.isZero() ? new Step(State.FIRING, now, true)
                        : new Step(State.PENDING, now, false);
                case PENDING -> Duration.between(since, now).compareTo(forDuration) >= 0
                        ? new Step(State.FIRING, now, true) : new Step(State.PENDING, since, false);
                case FIRING -> new Step(State.FIRING, since, false);
            };
        }
        return switch (state) {
            case FIRING -> new Step(State.RESOLVED, now, true);
            case PENDING -> new Step(State.INACTIVE, now, false);
            case INACTIVE, RESOLVED -> new Step(state, since, false);
        };
    }
}
