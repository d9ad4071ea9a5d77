package io.edgeobs.simulator;

import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Many lightweight devices in one process: each exports on its own schedule (spread over the export interval so
 * the load is even), a few threads run all of them, and scripted outages cut some devices' links for a while.
 * {@link #stopProducing()} ends the workload; {@link #drain(Duration)} then sends what the buffers still hold.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Fleet.class.getName());

    private final List<SimulatedDevice> devices;
    private final Profile profile;
    private final Sender sender;
    private final List<Outage> outages;
    private final Stats stats;
    private final ScheduledExecutorService scheduler;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean producing = true;
    private long startNanos;

    public record Settings(int devices, Profile profile, String devicePrefix, String deviceType, long seed,
                           long maxPendingBytesPerDevice, int threads, List<Outage> outages) {
    }

    public Fleet(Settings s, Sender sender, Stats stats) {
        this.profile = s.profile();
        this.sender = sender;
        this.outages = List.copyOf(s.outages());
        this.stats = stats;
        long seqBase = System.currentTimeMillis() * 1000;
        List<SimulatedDevice> list = new ArrayList<>(s.devices());
        for (int i = 0; i < s.devices(); i++) {
            Resource r = new Resource("", "", s.devicePrefix() + "-" + i, s.deviceType(), "simulator-0.1.0",
                    io.edgeobs.model.Tags.of("simulated", "true"));
            list.add(new SimulatedDevice(r, s.profile(), s.seed() * 1_000_003L + i, seqBase, s.maxPendingBytesPerDevice(),
                    stats));
        }
        this.devices = List.copyOf(list);
        this.scheduler = Executors.newScheduledThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "simulator");
            t.setDaemon(true);
            return t;
        });
    }

    public List<SimulatedDevice> devices() {
        return devices;
    }

    public void start() {
        startNanos = System.nanoTime();
        long every = profile.exportEvery().toNanos();
        for (int i = 0; i < devices.size(); i++) {
            int index = i;
            SimulatedDevice d = devices.get(i);
            tasks.add(scheduler.scheduleAtFixedRate(() -> export(index, d), every * i / devices.size(), every,
                    TimeUnit.NANOSECONDS));
        }
    }

    private void export(int index, SimulatedDevice d) {
        try {
            if (producing) {
                d.produce(System.currentTimeMillis() * 1_000_000L);
            }
            if (!linkDown(index)) {
                d.flush(sender);
            }
        } catch (RuntimeException e) {
            // a failure of one export must not cancel the device's schedule
            LOG.log(Level.WARNING, "device " + d.deviceId() + ": export failed", e);
        }
    }

    /** Whether the device's link is cut by a scripted outage now. */
    public boolean linkDown(int index) {
        Duration since = Duration.ofNanos(System.nanoTime() - startNanos);
        for (Outage o : outages) {
            if (o.covers(since, index, devices.size())) {
                return true;
            }
        }
        return false;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public void stopProducing() {
        producing = false;
    }

    /** Waits until every buffer is empty or {@code timeout} passed; whether they are empty. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pendingRecords() == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return pendingRecords() == 0;
    }

    public long pendingRecords() {
        long n = 0;
        for (Signal s : Signal.values()) {
            n += stats.pending(s);
        }
        return n;
    }

    @Override
    public void close() throws InterruptedException {
        tasks.forEach(t -> t.cancel(false));
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
